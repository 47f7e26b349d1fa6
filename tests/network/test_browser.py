"""JavaScript pages through Debian's chromium (scrapy-playwright), over the same SOCKS proxy."""
from __future__ import annotations

import asyncio
import hashlib
import os
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest

from scrapy import Request

from crawlers.middlewares import browser
from crawlers.middlewares.browser import screenshot_path, should_abort_request
from crawlers.middlewares.scope import CrawlScope, RefusalLog
from tests.network.conftest import ONION_A, closed_port, run_probe
from tests.network.local_sites import SCRIPT_TEXT


# Skipped only outside CI: in CI (scripts/setup installs chromium) a missing browser must fail.
needs_chromium = pytest.mark.skipif(shutil.which("chromium") is None and not os.environ.get("CI"),
                                    reason="Debian's chromium is not installed (scripts/setup installs it)")


@needs_chromium
def test_a_script_rendered_onion_page_is_read_through_tor_with_a_screenshot(tmp_path, socks_proxy, local_sites):
    url = f"http://{ONION_A}/js.html"
    plain = run_probe(tmp_path, [url], tor_proxy=socks_proxy.url)
    rendered = run_probe(tmp_path, [url], tor_proxy=socks_proxy.url, args={"playwright": "1"})

    assert len(plain.items) == 1 and SCRIPT_TEXT not in plain.items[0]["body"]  # plain HTTP cannot see it
    assert len(rendered.items) == 1, rendered.stats_log[-3000:]
    item = rendered.items[0]
    assert SCRIPT_TEXT in item["body"]
    expected = tmp_path / "home" / "evidence" / ONION_A / f"{hashlib.sha1(url.encode()).hexdigest()}.png"
    assert item["screenshot"] == str(expected)
    assert expected.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    # Chromium handed the onion name to the proxy; no local lookup of it in the crawler either.
    assert {(c.address_type, c.host) for c in socks_proxy.connects} == {("domain", ONION_A)}
    assert rendered.looked_up(".onion") == []
    # The page's own POST was aborted: only GETs reached the site.
    assert {method for method, _path, _cookie in local_sites.requests} == {"GET"}
    assert ("GET", "/js.html", False) in local_sites.requests


@needs_chromium
def test_a_clear_web_script_page_is_rendered_without_the_proxy(tmp_path, socks_proxy, local_sites):
    result = run_probe(tmp_path, [f"{local_sites.url}/js.html"], tor_proxy=socks_proxy.url,
                       args={"playwright": "1", "site": "clear-js"})

    assert len(result.items) == 1, result.stats_log[-3000:]
    assert SCRIPT_TEXT in result.items[0]["body"]
    assert Path(result.items[0]["screenshot"]).parent == tmp_path / "home" / "evidence" / "clear-js"
    assert socks_proxy.connects == []


def test_screenshot_paths_stay_inside_the_evidence_folder(tmp_path):
    url = "http://example.onion/a"
    inside = screenshot_path(tmp_path, "../../etc", url)  # a site key that could escape is hashed
    assert inside.parent.parent == tmp_path / "evidence"
    assert screenshot_path(tmp_path, "demo-zh", url).name == hashlib.sha1(url.encode()).hexdigest() + ".png"


class _FakeStats:
    def __init__(self):
        self.values = {}

    def inc_value(self, key, count=1):
        self.values[key] = self.values.get(key, 0) + count


class _FakeContext:
    pass


class _FakePlaywrightRequest:
    def __init__(self, method, resource_type, url="http://market.example/a", context=None):
        self.method, self.resource_type, self.url = method, resource_type, url
        self.frame = SimpleNamespace(page=SimpleNamespace(context=context))


def test_pages_may_only_get_their_own_origin_and_skip_media():
    stats, context = _FakeStats(), _FakeContext()
    scope = CrawlScope(frozenset({("http", "market.example", 80), ("http", "127.0.0.1", 8808)}))
    browser._GUARDS[context] = browser._LaneGuard(scope, RefusalLog(stats, "leakscout/browser/refused"))

    assert should_abort_request(_FakePlaywrightRequest("POST", "fetch", context=context))
    assert should_abort_request(_FakePlaywrightRequest("GET", "media", context=context))
    assert not should_abort_request(_FakePlaywrightRequest("GET", "document", context=context))
    assert not should_abort_request(_FakePlaywrightRequest("GET", "image", "http://market.example:80/i.png",
                                                           context=context))
    for url in ("http://market.example:8080/i.png", "https://market.example/i.png", "http://cdn.example/i.png"):
        assert should_abort_request(_FakePlaywrightRequest("GET", "image", url, context=context))
    # An origin in scope on a loopback address: only when the scope allows private addresses.
    assert should_abort_request(_FakePlaywrightRequest("GET", "image", "http://127.0.0.1:8808/i", context=context))
    assert stats.values == {"leakscout/browser/refused/offsite": 3, "leakscout/browser/refused/loopback": 1}
    # A request of a context the crawl did not set up is aborted.
    assert should_abort_request(_FakePlaywrightRequest("GET", "document", context=_FakeContext()))


def test_chromium_sends_no_udp_outside_a_proxy_and_contexts_block_workers_and_downloads(tmp_path, monkeypatch):
    from crawlers import settings

    args = settings.PLAYWRIGHT_LAUNCH_OPTIONS["args"]
    assert "--force-webrtc-ip-handling-policy=disable_non_proxied_udp" in args
    assert "--webrtc-ip-handling-policy=disable_non_proxied_udp" in args
    assert "--disable-quic" in args

    monkeypatch.setenv("LEAKSCOUT_HOME", str(tmp_path))
    middleware = browser.BrowserPageMiddleware(SimpleNamespace(stats=_FakeStats(), settings=None))
    request = Request("http://market.example/a", meta={"playwright": True, "site": "m"})
    middleware.process_request(request)
    kwargs = request.meta["playwright_context_kwargs"]
    assert kwargs["service_workers"] == "block" and kwargs["accept_downloads"] is False


def test_chromium_resolves_no_name_but_the_crawls_own_pinned_ones():
    scope = CrawlScope(frozenset({("http", "market.example", 80), ("https", "market.example", 443),
                                  ("http", f"{'a' * 56}.onion", 80), ("http", "127.0.0.1", 8808),
                                  ("http", "::1", 80), ("http", "cdn.example", 8080)}))
    options = browser.launch_options_for({"args": ["--headless", "--host-resolver-rules=MAP * 127.0.0.1"]}, scope,
                                         {"market.example": "93.184.216.34", "cdn.example": "2606:4700::1"})

    assert options["args"] == ["--headless", "--host-resolver-rules=MAP cdn.example [2606:4700::1] , "
                               "MAP market.example 93.184.216.34 , MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE [::1]"]
    # A Tor-only crawl: nothing but the loopback relays.
    assert browser.host_resolver_rules(CrawlScope(frozenset({("http", f"{'b' * 56}.onion", 80)})), {}) == (
        "MAP * ~NOTFOUND , EXCLUDE 127.0.0.1")


def test_names_are_pinned_only_to_addresses_the_scope_allows():
    stats = _FakeStats()
    refusals = RefusalLog(stats, "leakscout/browser/refused")
    origins = frozenset({("http", "localhost", 80), ("http", f"{'c' * 56}.onion", 80), ("http", "10.0.0.1", 80)})

    refused = asyncio.run(browser.pinned_addresses(CrawlScope(origins), refusals))
    allowed = asyncio.run(browser.pinned_addresses(CrawlScope(origins, allow_private_addresses=True), refusals))

    assert refused == {} and stats.values == {"leakscout/browser/refused/resolved_loopback": 1}
    assert allowed == {"localhost": "127.0.0.1"}


@needs_chromium
def test_a_rendered_page_on_a_name_resolving_to_loopback_is_refused_unless_allowed(tmp_path, local_sites):
    url = f"http://localhost:{local_sites.port}/js.html"
    refused = run_probe(tmp_path, [url], tor_proxy=f"socks5h://127.0.0.1:{closed_port()}", args={"playwright": "1"},
                        env={"LEAKSCOUT_ALLOW_PRIVATE_ADDRESSES": ""})
    reached_before = list(local_sites.requests)
    allowed = run_probe(tmp_path, [url], tor_proxy=f"socks5h://127.0.0.1:{closed_port()}", args={"playwright": "1"})

    assert refused.items == [] and reached_before == [], refused.stats_log[-3000:]
    assert "'leakscout/browser/refused/resolved_loopback': 1" in refused.stats_log
    assert "ERR_NAME_NOT_RESOLVED" in refused.errors[0]["error"]
    assert len(allowed.items) == 1 and SCRIPT_TEXT in allowed.items[0]["body"], allowed.stats_log[-3000:]
