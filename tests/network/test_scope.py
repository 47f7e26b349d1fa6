"""Scope: a crawl reaches only its sites' origins (scheme, host, port) and public addresses —
for links, redirects, meta refreshes and every request of a rendered page
(crawlers/middlewares/scope.py, crawlers/middlewares/browser.py)."""
from __future__ import annotations

import re

import pytest

from crawlers.middlewares.scope import address_refusal, url_origin
from crawlers.sites.config import SiteConfigError, parse_site_config
from tests.network.conftest import closed_port, run_probe
from tests.network.local_sites import LISTING_TEXT, LocalSites
from tests.network.test_browser import needs_chromium

NO_TOR = f"socks5h://127.0.0.1:{closed_port()}"
PRIVATE_REFUSED = {"LEAKSCOUT_ALLOW_PRIVATE_ADDRESSES": ""}


@pytest.mark.parametrize("address, reason", [
    ("127.0.0.1", "loopback"), ("::1", "loopback"), ("10.1.2.3", "private"), ("172.16.0.1", "private"),
    ("192.168.1.1", "private"), ("169.254.169.254", "metadata"), ("fd00:ec2::254", "metadata"),
    ("169.254.10.1", "link_local"), ("fe80::1", "link_local"), ("100.64.0.1", "cgnat"),
    ("100.127.255.254", "cgnat"), ("::ffff:10.0.0.1", "private"), ("[::ffff:127.0.0.1]", "loopback"),
    ("0.0.0.0", "private"), ("224.0.0.1", "non_public"), ("fc00::1", "private"),
    ("8.8.8.8", None), ("2606:4700:4700::1111", None), ("100.128.0.1", None), ("market.example", None),
])
def test_addresses_that_are_not_public_are_named(address, reason):
    assert address_refusal(address) == reason


def test_an_origin_is_scheme_host_and_port():
    assert url_origin("http://Market.Example/a") == ("http", "market.example", 80)
    assert url_origin("https://market.example:8443/a?b") == ("https", "market.example", 8443)
    assert url_origin("http://127.0.0.1:8808/x") != url_origin("http://127.0.0.1:8809/x")
    assert url_origin("file:///etc/passwd") is None
    assert url_origin("http://market.example:99999/") is None


def _stat(log: str, name: str) -> int:
    match = re.search(rf"'{re.escape(name)}': (\d+)", log)
    return int(match.group(1)) if match else 0


def test_a_redirect_or_meta_refresh_to_another_port_is_refused_and_counted(tmp_path, local_sites):
    with LocalSites() as other:
        urls = [f"{local_sites.url}/redirect-to/{other.port}", f"{local_sites.url}/refresh-to/{other.port}"]
        refused = run_probe(tmp_path, urls, tor_proxy=NO_TOR)
        reached_before = other.requests
        allowed = run_probe(tmp_path, urls, tor_proxy=NO_TOR, args={"allowed_origins": other.url})
        reached_when_allowed = other.requests

    assert refused.returncode == 0, refused.stats_log[-3000:]
    assert reached_before == [] and refused.items == []
    assert _stat(refused.stats_log, "leakscout/scope/refused/offsite") == 2
    assert len(re.findall(r"Refusing http://127\.0\.0\.1:\d+/listing\.html \(offsite", refused.stats_log)) == 1
    # The same pages, with the other origin listed (a site config's allowed_origins): followed.
    assert [path for _method, path, _cookie in reached_when_allowed] == ["/listing.html", "/listing.html"]
    assert len(allowed.items) == 2


def test_loopback_addresses_are_refused_unless_allowed_also_after_resolution(tmp_path, local_sites):
    urls = [f"{local_sites.url}/listing.html", f"{local_sites.url}/js.html",
            f"http://localhost:{local_sites.port}/listing.html"]
    refused = run_probe(tmp_path, urls, tor_proxy=NO_TOR, env=PRIVATE_REFUSED)
    reached_before = local_sites.requests
    allowed = run_probe(tmp_path, urls, tor_proxy=NO_TOR)

    assert refused.items == [] and reached_before == [], refused.stats_log[-3000:]
    assert _stat(refused.stats_log, "leakscout/scope/refused/loopback") == 2
    # localhost is a name: refused where Scrapy resolves it, once (not retried).
    assert _stat(refused.stats_log, "leakscout/scope/refused/resolved_loopback") == 1
    assert "localhost resolves to 127.0.0.1" in refused.stats_log
    assert len(re.findall(r"Refusing http://127\.0\.0\.1:\d+/\S+ \(loopback", refused.stats_log)) == 1
    assert len(allowed.items) == 3


@needs_chromium
def test_a_rendered_page_reaches_only_its_own_origin(tmp_path, local_sites):
    with LocalSites() as other:
        url = f"{local_sites.url}/reach/{other.port}"
        refused = run_probe(tmp_path, [url], tor_proxy=NO_TOR, args={"playwright": "1"})
        reached_before = other.requests
        allowed = run_probe(tmp_path, [url], tor_proxy=NO_TOR,
                            args={"playwright": "1", "allowed_origins": other.url})
        reached_when_allowed = {path for _method, path, _cookie in other.requests}

    assert len(refused.items) == 1 and LISTING_TEXT in refused.items[0]["body"], refused.stats_log[-3000:]
    assert reached_before == []
    # img, css, iframe, fetch and XHR at least (a popup too, if Chromium opens it headless)
    assert _stat(refused.stats_log, "leakscout/browser/refused/offsite") >= 5
    assert _stat(refused.stats_log, "leakscout/browser/refused/websocket") == 1
    # The control: with the other origin allowed, the page's requests do reach it (WebSockets never).
    assert {"/img.png", "/s.css", "/internal.html", "/fetch", "/xhr"} <= reached_when_allowed, allowed.stats_log[-2000:]
    assert "/ws" not in reached_when_allowed


def test_a_site_config_may_list_more_origins_and_allow_private_addresses():
    text = ("name: m\nfamily: market\nstart_urls: [http://m.example/]\nlisting_links: a::attr(href)\n"
            "allowed_origins: [http://cdn.m.example:8080, https://m.example]\nallow_private_addresses: true\n")
    config = parse_site_config(text, "m.yaml")
    assert config.allowed_origins == ("http://cdn.m.example:8080", "https://m.example")
    assert config.allow_private_addresses is True
    assert parse_site_config(text.replace("allow_private_addresses: true\n", ""), "m.yaml").allow_private_addresses is False
    with pytest.raises(SiteConfigError, match=r"m.yaml:5: not an origin: 'http://cdn.m.example/path'"):
        parse_site_config(text.replace("http://cdn.m.example:8080", "http://cdn.m.example/path"), "m.yaml")
    with pytest.raises(SiteConfigError, match=r"m.yaml:6: allow_private_addresses must be true or false"):
        parse_site_config(text.replace("allow_private_addresses: true", "allow_private_addresses: yes-please"),
                          "m.yaml")


def test_the_site_spiders_scope_comes_from_its_config(tmp_path):
    from scrapy.settings import Settings

    from crawlers.middlewares.scope import crawl_scope
    from crawlers.spiders.site import SiteSpider

    config = tmp_path / "m.yaml"
    config.write_text("name: m\nfamily: market\nstart_urls: [http://m.example:8080/index.html]\n"
                      "listing_links: a::attr(href)\nallowed_domains: [m.example, mirror.example]\n"
                      "allowed_origins: [https://cdn.example]\n", encoding="utf-8")
    scope = crawl_scope(SiteSpider(config=str(config)), Settings())

    assert scope.origins == {("http", "m.example", 8080), ("http", "mirror.example", 8080),
                             ("https", "cdn.example", 443)}
    assert scope.allows("http://mirror.example:8080/x") and not scope.allows("http://m.example/x")
    assert scope.allow_private_addresses is False
    assert crawl_scope(SiteSpider(config="demo-en"), Settings()).allow_private_addresses is True
