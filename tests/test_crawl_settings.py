"""Configuration the Scrapy way: the app's settings are loaded once and travel in crawler.settings;
no product code configures the app by writing os.environ."""
import ast
import dataclasses
from pathlib import Path

from scrapy.settings import Settings as ScrapySettings
from scrapy.utils.test import get_crawler

from crawlers.config import SETTING, Carried, LeakscoutSettingsAddon, app_settings
from crawlers.middlewares.attention import AttentionMiddleware
from leakscout.core.config import load_settings

ROOT = Path(__file__).resolve().parent.parent
# Scrapy's own settings module, not the app's configuration.
ALLOWED_ENV_WRITES = {("leakscout/crawl.py", "SCRAPY_SETTINGS_MODULE")}


def test_the_addon_loads_the_settings_once_and_keeps_given_ones(tmp_path, monkeypatch):
    monkeypatch.setenv("LEAKSCOUT_HOME", str(tmp_path / "from-env"))
    settings = ScrapySettings()
    LeakscoutSettingsAddon().update_settings(settings)
    assert app_settings(settings).home == tmp_path / "from-env"

    given = ScrapySettings({SETTING: Carried(dataclasses.replace(load_settings(), home=tmp_path / "given"))})
    LeakscoutSettingsAddon().update_settings(given)
    assert app_settings(given).home == tmp_path / "given"
    assert repr(given[SETTING]) == "<leakscout settings>"   # Scrapy logs overridden settings


def test_components_take_the_crawl_settings_not_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("LEAKSCOUT_HOME", str(tmp_path / "from-env"))
    carried = Carried(dataclasses.replace(load_settings(), home=tmp_path / "crawl"))
    middleware = AttentionMiddleware.from_crawler(get_crawler(settings_dict={SETTING: carried}))
    assert middleware.journal == tmp_path / "crawl" / "attention.jsonl"


def _env_writes(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        target = None
        if isinstance(node, (ast.Assign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            target = next((t for t in targets if isinstance(t, ast.Subscript) and "environ" in ast.unparse(t.value)), None)
            key = ast.unparse(target.slice) if target is not None else None
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and (
                (node.func.attr in ("setdefault", "update", "pop") and "environ" in ast.unparse(node.func.value))
                or node.func.attr == "putenv"):
            target, key = node, ast.unparse(node.args[0]) if node.args else ""
        if target is not None:
            yield node.lineno, key.strip("'\"")


def test_no_product_code_writes_the_environment():
    writes = []
    for package in ("leakscout", "crawlers", "pipelines"):
        for path in sorted((ROOT / package).rglob("*.py")):
            name = str(path.relative_to(ROOT))
            writes += [f"{name}:{line} {key}" for line, key in _env_writes(path) if (name, key) not in ALLOWED_ENV_WRITES]
    assert writes == []
