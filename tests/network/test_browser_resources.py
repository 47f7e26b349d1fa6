"""What rendering costs a crawl: Playwright starts only for a page that needs it, and a crawl of
more rendered sites than PLAYWRIGHT_MAX_CONTEXTS still finishes."""
from __future__ import annotations

from pathlib import Path

from tests.network.conftest import ONION_A, closed_port, run_probe
from tests.network.local_sites import LISTING_TEXT, SCRIPT_TEXT
from tests.network.test_browser import needs_chromium

_BROWSER_PROCESS_WORDS = ("playwright", "chromium", "chrome")


def _browser_processes(commands: list[str]) -> list[str]:
    return [command for command in commands if any(word in command.lower() for word in _BROWSER_PROCESS_WORDS)]


@needs_chromium
def test_a_crawl_without_rendered_pages_starts_no_browser_process(tmp_path, socks_proxy, local_sites):
    plain = run_probe(tmp_path, [f"{local_sites.url}/listing.html", f"http://{ONION_A}/listing.html"],
                      tor_proxy=socks_proxy.url, args={"report_processes": "1"})
    rendered = run_probe(tmp_path, [f"{local_sites.url}/js.html"], tor_proxy=socks_proxy.url,
                         args={"report_processes": "1", "playwright": "1"})

    assert plain.returncode == 0, plain.stats_log[-3000:]
    assert len(plain.items) == 2 and all(LISTING_TEXT in item["body"] for item in plain.items)
    assert len(plain.process_reports) == 2
    assert _browser_processes(plain.child_processes) == []
    assert "playwright/" not in plain.stats_log
    # The same observation, in a crawl that renders, sees Playwright's driver and Chromium.
    assert len(rendered.items) == 1 and SCRIPT_TEXT in rendered.items[0]["body"], rendered.stats_log[-3000:]
    assert any("playwright" in command for command in rendered.child_processes)
    assert any("chromium" in command for command in rendered.child_processes)


@needs_chromium
def test_more_rendered_sites_than_open_contexts_all_render(tmp_path, local_sites):
    sites = [f"site-{number}" for number in range(5)]
    result = run_probe(tmp_path, [f"{local_sites.url}/js.html"] * len(sites),
                       tor_proxy=f"socks5h://127.0.0.1:{closed_port()}",
                       args={"playwright": "1", "sites": ",".join(sites)},
                       # CLOSESPIDER_TIMEOUT: a safety net, so that a hang fails the test below
                       settings={"PLAYWRIGHT_MAX_CONTEXTS": "2", "CLOSESPIDER_TIMEOUT": "120"})

    assert "'finish_reason': 'finished'" in result.stats_log, result.stats_log[-3000:]
    assert sorted(item["site"] for item in result.items) == sites, result.errors
    assert all(SCRIPT_TEXT in item["body"] for item in result.items)
    assert all(Path(item["screenshot"]).parent.name == item["site"] for item in result.items)
    assert "'playwright/context_count': 5" in result.stats_log
    assert "'playwright/context_count/max_concurrent': 2" in result.stats_log
    assert "'leakscout/browser/contexts_closed': 3" in result.stats_log
