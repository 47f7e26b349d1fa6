"""Evidence kept private: screenshots, spool segments, the delivery journal, the attention log and
imported sessions are 0600 in folders 0700 under LEAKSCOUT_HOME, whatever the umask and even when
their folders were made world-readable before. The screenshot is taken by headless Chromium after
the page's personal data was masked in place and blurred."""
from __future__ import annotations

import asyncio
import json
import os
import stat
from pathlib import Path

import pytest
from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler

from crawlers.middlewares.attention import AttentionMiddleware
from crawlers.middlewares.browser import masked_screenshot, screenshot_path
from leakscout.alerts.journal import DeliveryJournal
from crawlers.sessions import import_session
from leakscout.storage.spool import Spool

CHROMIUM = os.environ.get("LEAKSCOUT_CHROMIUM", "/usr/bin/chromium")
PAGE = """<html><body><h1>Qudian student data</h1>
<table><tr><td>王晓明</td><td>13912345678</td><td>alice.w@example.com</td></tr></table>
<p>split: 139<b>8765</b>4321</p><input value="13512345678"></body></html>"""


def modes(home: Path) -> dict[str, str]:
    return {str(p.relative_to(home)): oct(stat.S_IMODE(p.stat().st_mode)) for p in [home, *home.rglob("*")]}


@pytest.fixture
def loose_home(tmp_path):
    old = os.umask(0o022)
    home = tmp_path / "home"
    for folder in ("evidence/site-a", "spool", "alerts", "sessions"):
        (home / folder).mkdir(parents=True, mode=0o755)       # made earlier, world-readable
    yield home
    os.umask(old)


async def _screenshot(path: Path) -> tuple[str, list[str]]:
    from playwright.async_api import async_playwright

    from crawlers.browser_sandbox import launch_options

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(**launch_options(CHROMIUM, []))
        try:
            page = await browser.new_page()
            await page.set_content(PAGE)
            await masked_screenshot(page, str(path))
            text = await page.evaluate("() => document.body.innerText + [...document.querySelectorAll('input')].map(e => e.value).join()")
            blurred = await page.evaluate("() => [...document.querySelectorAll('*')].filter(e => e.style.filter).map(e => e.tagName)")
        finally:
            await browser.close()
    return text, blurred


@pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="chromium not installed")
def test_a_screenshot_is_taken_of_the_masked_page_and_kept_private(loose_home):
    path = screenshot_path(loose_home, "site-a", "http://m.example/item/1.html")
    text, blurred = asyncio.run(_screenshot(path))
    for value in ("13912345678", "alice.w", "13512345678"):
        assert value not in text
    assert "139****5678" in text and "Qudian student data" in text
    assert {"P", "TR", "TD"} <= set(blurred)           # the split number's paragraph, the sample row (its name too)
    assert "H1" not in blurred
    assert path.read_bytes().startswith(b"\x89PNG")
    assert modes(loose_home)["evidence/site-a"] == "0o700"
    assert modes(loose_home)[str(path.relative_to(loose_home))] == "0o600"


def test_spool_journal_attention_log_and_sessions_are_0600_in_0700_folders(loose_home, tmp_path):
    Spool(loose_home).append([{"id": "s:1", "title": "t"}], "2026-01-01T00:00:00Z", "cluster down")
    DeliveryJournal(loose_home / "alerts", "x-alerts").append("new-1", "email", "ref")
    cookies = tmp_path / "cookies.json"
    cookies.write_text(json.dumps([{"name": "s", "value": "v", "domain": "m.example"}]), encoding="utf-8")
    import_session(loose_home, "site-a", cookies)
    crawler = get_crawler()
    middleware = AttentionMiddleware(crawler, loose_home / "attention.jsonl")
    url = "http://m.example/login?u=alice.w@example.com"
    with pytest.raises(Exception):
        middleware.process_response(Request(url), HtmlResponse(url, status=403, body=b"<form><input type=password></form>"))

    found = modes(loose_home)
    files = {name: mode for name, mode in found.items() if (loose_home / name).is_file()}
    folders = {name: mode for name, mode in found.items() if (loose_home / name).is_dir()}
    assert any(name.startswith("spool/") for name in files) and "attention.jsonl" in files
    assert any(name.startswith("alerts/") for name in files) and any(name.startswith("sessions/") for name in files)
    wanted = ("spool", "alerts", "sessions", "attention.jsonl", ".")
    assert {name: mode for name, mode in files.items() if name.startswith(wanted)} == dict.fromkeys(files, "0o600")
    assert {name: mode for name, mode in folders.items() if name.startswith(wanted)} == {
        name: "0o700" for name in folders if name.startswith(wanted)}
    assert "alice.w" not in (loose_home / "attention.jsonl").read_text(encoding="utf-8")
