"""The project deploys to a real scrapyd with scrapyd-deploy, as README's scheduling section says,
and a crawl scheduled through scrapyd's HTTP API indexes every listing of a market.

scrapyd runs in a temporary directory of its own (its eggs, logs and dbs are kept there); the
crawl gets the LEAKSCOUT_* environment (this test's index prefix and home) from scrapyd, whose
launcher passes its own environment on to every job. The egg is built from a copy of the project:
scrapyd-deploy writes build/ and *.egg-info into the directory it builds from.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from leakscout.demo_market.generated import serve_generated_market
from tests.conftest import REPO_ROOT, subprocess_env
from tests.lifecycle.conftest import listing_id
from tests.scale.conftest import _free_port

LISTINGS = 30
PROJECT = "leakscout"
VERSION = "test-1"

# Needs pyproject.toml's `scrapy` entry point (scrapyd's runner looks for it) and package data
# (extraction tables, watchlist, site configs, browser-sandbox wrapper) read through
# importlib.resources, so that it also loads from the zipped egg scrapyd runs.


def _get(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.load(response)


def _post(url: str, fields: list[tuple[str, str]]) -> dict:
    data = urllib.parse.urlencode(fields).encode()
    with urllib.request.urlopen(url, data=data, timeout=30) as response:
        return json.load(response)


def _copy_project(destination: Path) -> Path:
    shutil.copytree(REPO_ROOT, destination, ignore=shutil.ignore_patterns(
        ".git", ".venv", "__pycache__", "*.egg-info", "build", "dist", ".pytest_cache", ".hypothesis", "tests"))
    return destination


@pytest.fixture
def scrapyd(tmp_path, leakscout_env):
    """A scrapyd on a free loopback port; its URL. It inherits this test's LEAKSCOUT_* environment."""
    workdir = tmp_path / "scrapyd"
    workdir.mkdir()
    port = _free_port()
    (workdir / "scrapyd.conf").write_text(
        "[scrapyd]\n"
        "bind_address = 127.0.0.1\n"
        f"http_port = {port}\n"
        "poll_interval = 0.2\n", encoding="utf-8")
    url = f"http://127.0.0.1:{port}/"
    with open(workdir / "scrapyd.out", "wb") as output:
        server = subprocess.Popen([sys.executable, "-m", "scrapyd"], cwd=workdir, env=subprocess_env(),
                                  stdout=output, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                assert _get(url + "daemonstatus.json")["status"] == "ok"
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise AssertionError("scrapyd did not start:\n"
                                         + (workdir / "scrapyd.out").read_text(errors="replace")[-3000:])
                time.sleep(0.1)
        yield url, workdir
    finally:
        server.terminate()
        server.wait(timeout=30)


def _deploy(project_dir: Path, config_home: Path, url: str) -> dict:
    """`scrapyd-deploy test`, with the target `test` in the user's own scrapy.cfg."""
    config_home.mkdir()
    (config_home / "scrapy.cfg").write_text(f"[deploy:test]\nurl = {url}\n", encoding="utf-8")
    deploy = Path(sys.executable).with_name("scrapyd-deploy")
    result = subprocess.run([str(deploy), "test", "--version", VERSION], cwd=project_dir,
                            env=subprocess_env(XDG_CONFIG_HOME=str(config_home)),
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout)   # scrapyd's answer; scrapyd-deploy exits 0 on its errors too


def _wait_until_finished(url: str, job: str) -> dict:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        finished = _get(url + f"listjobs.json?project={PROJECT}")["finished"]
        for entry in finished:
            if entry["id"] == job:
                return entry
        time.sleep(0.2)
    raise AssertionError(f"job {job} did not finish")


def test_scrapyd_deploy_and_a_scheduled_crawl_index_every_listing(tmp_path, store, leakscout_env, scrapyd):
    url, workdir = scrapyd
    project_dir = _copy_project(tmp_path / "project")

    answer = _deploy(project_dir, tmp_path / "config", url)
    assert answer["status"] == "ok", answer
    assert (answer["project"], answer["version"]) == (PROJECT, VERSION)
    spiders = _get(url + f"listspiders.json?project={PROJECT}")
    assert spiders["status"] == "ok", spiders
    assert {"demo_market", "site", "generic"} <= set(spiders["spiders"])

    # The crawl imports the project from the egg, not from this checkout (installed in editable mode).
    egg = workdir / "eggs" / PROJECT / f"{VERSION}.egg"
    imported = subprocess.run(
        [sys.executable, "-c", "import sys; from scrapyd.runner import activate_egg; activate_egg(sys.argv[1]); "
         "import crawlers.settings, pipelines.index, leakscout.core.watchlist as w, pipelines.extraction.brands as b; "
         "print(crawlers.settings.__file__, pipelines.index.__file__, w.__file__, b.__file__)", str(egg)],
        cwd=workdir, env=subprocess_env(), capture_output=True, text=True, timeout=120)
    assert imported.returncode == 0, imported.stderr
    assert all(path.startswith(str(egg) + "/") for path in imported.stdout.split()), imported.stdout

    with serve_generated_market(LISTINGS, per_page=10) as market:
        expected = sorted(listing_id(i) for i in market.listing_ids())
        scheduled = _post(url + "schedule.json", [
            ("project", PROJECT), ("spider", "demo_market"), ("start_urls", market.entry_url),
            ("setting", "AUTOTHROTTLE_ENABLED=False"), ("setting", "CONCURRENT_REQUESTS_PER_DOMAIN=8"),
        ])
        assert scheduled["status"] == "ok", scheduled
        job = _wait_until_finished(url, scheduled["jobid"])

    with urllib.request.urlopen(urllib.parse.urljoin(url, job["log_url"]), timeout=30) as response:
        log = response.read().decode("utf-8", errors="replace")
    assert " ERROR: " not in log and "Traceback" not in log, log[-5000:]
    assert "'finish_reason': 'finished'" in log, log[-3000:]
    assert f"'item_scraped_count': {LISTINGS}," in log, log[-3000:]

    alias = leakscout_env.listings_alias
    store.refresh(alias)
    hits = store.search(alias, {"size": 1000, "_source": False, "query": {"match_all": {}}})["hits"]["hits"]
    assert len(expected) == LISTINGS
    assert sorted(hit["_id"] for hit in hits) == expected
