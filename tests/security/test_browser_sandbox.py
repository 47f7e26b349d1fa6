"""Listing pages are executed only inside Chromium's sandbox (crawlers/browser_sandbox.py).

The browser is launched exactly as a crawl launches it (the project's settings after its add-ons,
handed to Playwright as scrapy-playwright does), and /proc says whether its renderers are confined.
CI runs as root: scripts/setup creates the browser user the crawl drops to.
"""
from __future__ import annotations

import asyncio
import os
import shutil
from pathlib import Path

import pytest
from scrapy import Spider
from scrapy.crawler import Crawler

from leakscout.crawl import project_settings
from tests.network.conftest import local_sites, run_probe  # noqa: F401 (fixture)
from tests.network.local_sites import SCRIPT_TEXT

playwright_api = pytest.importorskip("playwright.async_api")

# Skipped only outside CI: in CI (scripts/setup installs chromium) a missing browser must fail.
needs_chromium = pytest.mark.skipif(shutil.which("chromium") is None and not os.environ.get("CI"),
                                    reason="Debian's chromium is not installed (scripts/setup installs it)")
as_root = pytest.mark.skipif(os.geteuid() != 0, reason="the browser user is switched to only as root (CI runs as root)")


def crawl_settings(**overrides):
    """The settings a crawl runs with: the project's, then what its add-ons change."""
    crawler = Crawler(Spider, project_settings(overrides))
    crawler.addons.load_settings(crawler.settings)
    return crawler.settings


def proc_status(pid: int) -> dict[str, str]:
    lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    return {key: value.strip() for key, _, value in (line.partition(":") for line in lines)}


def descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                children.setdefault(int(proc_status(int(entry.name))["PPid"]), []).append(int(entry.name))
            except (FileNotFoundError, ProcessLookupError):
                pass  # exited meanwhile
    found, todo = [], [root]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def command_line(pid: int) -> list[str]:
    # Chromium rewrites its children's titles into one space-separated string.
    return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").split()


def namespace(pid: int | str, kind: str) -> str:
    return os.readlink(f"/proc/{pid}/ns/{kind}")


async def browser_processes_showing(url: str, options: dict) -> dict[int, tuple[list[str], dict[str, str], dict[str, str]]]:
    """Opens ``url`` in a browser launched with ``options``; while it is shown, each browser
    process's command line, /proc status and namespaces."""
    async with playwright_api.async_playwright() as playwright:
        browser = await playwright.chromium.launch(**options)
        try:
            page = await browser.new_page()
            await page.goto(url)
            assert SCRIPT_TEXT in await page.inner_text("body")  # its script ran
            processes = {}
            for pid in descendants(os.getpid()):
                try:
                    spaces = {kind: namespace(pid, kind) for kind in ("user", "pid", "net")}
                    processes[pid] = (command_line(pid), proc_status(pid), spaces)
                except (FileNotFoundError, ProcessLookupError):
                    pass
            return processes
        finally:
            await browser.close()


@needs_chromium
def test_the_crawl_browser_renders_pages_in_sandboxed_renderers(local_sites):
    settings = crawl_settings()
    assert settings.get("LEAKSCOUT_BROWSER_SANDBOX_PROBLEM") is None, "the sandbox cannot start on this machine"
    options = settings.getdict("PLAYWRIGHT_LAUNCH_OPTIONS")

    processes = asyncio.run(browser_processes_showing(f"{local_sites.url}/js.html", options))

    chromium = {pid: p for pid, p in processes.items() if any("chromium" in word for word in p[0][:1])}
    renderers = {pid: p for pid, p in chromium.items() if "--type=renderer" in p[0]}
    assert renderers, f"no renderer among {[p[0][:2] for p in processes.values()]}"
    for pid, (words, status, spaces) in chromium.items():
        assert "--no-sandbox" not in words, f"{pid}: {words}"
        if os.geteuid() == 0:
            assert set(status["Uid"].split()) != {"0"}, f"{pid} runs as root: {words[:2]}"
    for pid, (words, status, spaces) in renderers.items():
        assert status["Seccomp"] == "2", f"renderer {pid} has no seccomp filter"
        assert status["NoNewPrivs"] == "1", f"renderer {pid} may gain privileges"
        assert "0" not in status["Uid"].split(), f"renderer {pid} runs as root"
        for kind in ("user", "pid", "net"):
            assert spaces[kind] != namespace("self", kind), f"renderer {pid} shares this {kind} namespace"


def test_an_unknown_sandbox_policy_is_refused():
    with pytest.raises(ValueError, match="LEAKSCOUT_BROWSER_SANDBOX"):
        crawl_settings(LEAKSCOUT_BROWSER_SANDBOX="off")


@needs_chromium
@as_root
def test_without_a_usable_sandbox_pages_are_not_rendered_by_default(tmp_path, local_sites):
    result = run_probe(tmp_path, [f"{local_sites.url}/js.html"], tor_proxy="socks5h://127.0.0.1:9",
                       args={"playwright": "1"}, env={"LEAKSCOUT_BROWSER_USER": "leakscout-no-such-user"})

    assert result.items == []
    assert len(result.errors) == 1 and "sandbox cannot start" in result.errors[0]["error"]
    assert "JavaScript pages will NOT be rendered" in result.stats_log
    assert "'leakscout/browser/sandbox_unavailable': 1" in result.stats_log
    assert "'leakscout/browser/refused': 1" in result.stats_log
    assert "playwright/browser_count" not in result.stats_log  # no browser was started
    assert ("GET", "/js.html", False) not in local_sites.requests


@needs_chromium
@as_root
def test_the_fallback_policy_renders_without_the_sandbox_and_says_so(tmp_path, local_sites):
    result = run_probe(tmp_path, [f"{local_sites.url}/js.html"], tor_proxy="socks5h://127.0.0.1:9",
                       args={"playwright": "1"},
                       env={"LEAKSCOUT_BROWSER_USER": "leakscout-no-such-user", "LEAKSCOUT_BROWSER_SANDBOX": "fallback"})

    assert len(result.items) == 1, result.stats_log[-3000:]
    assert SCRIPT_TEXT in result.items[0]["body"]
    assert "rendered WITHOUT the sandbox" in result.stats_log
    assert "'leakscout/browser/sandbox_unavailable': 1" in result.stats_log
    assert "'leakscout/browser/unsandboxed': 1" in result.stats_log
