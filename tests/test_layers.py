"""The layers import downward only (docs/architecture.md).

Every product module belongs to one layer, found by the longest matching module prefix in LAYERS;
a module may import its own layer and the layers below it, never one above. Third-party
frameworks have a floor too: Scrapy and Twisted only in the crawling layer and above.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCT_PACKAGES = ("leakscout", "crawlers", "pipelines", "index_config")

# Top to bottom. Each entry: layer name, the module prefixes that belong to it.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("command line", ("leakscout",)),
    ("crawling", ("crawlers",)),
    ("ingest", ("pipelines",)),
    ("alerts", ("leakscout.alerts",)),
    ("storage", ("leakscout.storage", "index_config")),
    ("extraction", ("pipelines.extraction",)),
    ("core", ("leakscout.core",)),
)

# Third-party packages a layer below "crawling" must not import: ingest hands chunks on without Scrapy.
FRAMEWORKS = ("scrapy", "twisted", "scrapy_playwright")
LOWEST_FRAMEWORK_LAYER = "crawling"


def layer_of(module: str, layers=LAYERS) -> str | None:
    best, best_len = None, -1
    for name, prefixes in layers:
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best_len:
                best, best_len = name, len(prefix)
    return best


def rank(layer: str, layers=LAYERS) -> int:
    """0 for the bottom layer."""
    names = [name for name, _ in layers]
    return len(names) - 1 - names.index(layer)


def product_files(root: Path = ROOT) -> dict[str, Path]:
    """Module name -> file, for every product .py file."""
    modules = {}
    for package in PRODUCT_PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            modules[".".join(parts)] = path
    return modules


def imports_of(module: str, path: Path, known: set[str]) -> list[tuple[int, str]]:
    """(line, imported module) for each import in the file, `from pkg import mod` resolved to pkg.mod."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:
                submodule = f"{target}.{alias.name}"
                found.append((node.lineno, submodule if submodule in known else target))
    return found


def upward_imports(files: dict[str, Path], layers=LAYERS, root: Path = ROOT) -> list[str]:
    """Each import that runs up a layer (or pulls a crawling framework below crawling): 'file:line -> module'."""
    known = set(files)
    lowest_framework = rank(LOWEST_FRAMEWORK_LAYER, layers)
    problems = []
    for module, path in sorted(files.items()):
        own = layer_of(module, layers)
        for line, target in imports_of(module, path, known):
            where = f"{path.relative_to(root)}:{line}"
            top = target.split(".")[0]
            if top in FRAMEWORKS and rank(own, layers) < lowest_framework:
                problems.append(f"{where} -> {target} (a crawling framework in the {own} layer)")
                continue
            if top not in PRODUCT_PACKAGES:
                continue
            theirs = layer_of(target, layers)
            if theirs is not None and rank(theirs, layers) > rank(own, layers):
                problems.append(f"{where} -> {target} ({own} imports {theirs})")
    return problems


def test_every_product_module_has_a_layer():
    assert [m for m in product_files() if layer_of(m) is None] == []


def test_no_upward_imports():
    problems = upward_imports(product_files())
    assert problems == [], "imports that run up a layer:\n" + "\n".join(problems)


@pytest.fixture
def synthetic(tmp_path):
    def write(files: dict[str, str]) -> dict[str, Path]:
        for name, text in files.items():
            path = tmp_path / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        return product_files(tmp_path)
    return write


def test_the_check_finds_an_upward_import(synthetic):
    files = synthetic({
        "leakscout/__init__.py": "",
        "leakscout/core/__init__.py": "",
        "leakscout/core/vocab.py": "from pipelines.extraction import kinds\n",
        "leakscout/storage/__init__.py": "",
        "leakscout/storage/store.py": "from leakscout.core import vocab\nfrom ..core.vocab import X\n",
        "pipelines/__init__.py": "",
        "pipelines/extraction/__init__.py": "",
        "pipelines/extraction/kinds.py": "from leakscout.storage.store import S\n",
        "pipelines/ingest.py": "import scrapy\nfrom . import ingest\n",
        "crawlers/__init__.py": "",
        "crawlers/spider.py": "import scrapy\nfrom pipelines import ingest\nfrom leakscout import cli\n",
        "leakscout/cli.py": "from crawlers import spider\n",
    })
    assert upward_imports(files, root=files["leakscout"].parent.parent) == [
        "crawlers/spider.py:3 -> leakscout.cli (crawling imports command line)",
        "leakscout/core/vocab.py:1 -> pipelines.extraction.kinds (core imports extraction)",
        "pipelines/extraction/kinds.py:1 -> leakscout.storage.store (extraction imports storage)",
        "pipelines/ingest.py:1 -> scrapy (a crawling framework in the ingest layer)",
    ]


def test_longest_prefix_decides_the_layer():
    assert layer_of("leakscout.alerts.dispatcher") == "alerts"
    assert layer_of("leakscout.demo") == "command line"
    assert layer_of("pipelines.extraction.masking") == "extraction"
    assert layer_of("pipelines.index") == "ingest"
    assert layer_of("leakscoutx") is None
