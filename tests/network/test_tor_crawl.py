"""Crawls of .onion sites through a real SOCKS5 server on loopback (standing in for Tor)."""
from __future__ import annotations

from leakscout.demo_market.server import serve_demo_market
from crawlers.tor import isolation_credentials
from tests.network.conftest import ONION_A, ONION_B, closed_port, run_probe
from tests.network.local_sites import LISTING_TEXT


def test_onion_pages_go_through_the_proxy_by_name_with_one_identity_per_site(tmp_path, socks_proxy, local_sites):
    result = run_probe(tmp_path, [f"http://{ONION_A}/listing.html", f"http://{ONION_B}/listing.html"],
                       tor_proxy=socks_proxy.url)

    assert result.returncode == 0, result.stats_log[-3000:]
    assert sorted(item["url"] for item in result.items) == sorted(
        [f"http://{ONION_A}/listing.html", f"http://{ONION_B}/listing.html"])
    assert all(LISTING_TEXT in item["body"] for item in result.items)
    # The names went to the proxy (address type "domain"), never to a local resolver.
    assert {(c.address_type, c.host, c.port) for c in socks_proxy.connects} == {
        ("domain", ONION_A, 80), ("domain", ONION_B, 80)}
    assert result.looked_up(".onion") == []
    # Each host (the site key when the spider sets none) has its own SOCKS identity → own circuits.
    assert {c.host: c.username for c in socks_proxy.connects} == {
        ONION_A: isolation_credentials(ONION_A)[0], ONION_B: isolation_credentials(ONION_B)[0]}
    assert "leakscout/tor/requests" in result.stats_log


def test_the_site_key_chooses_the_socks_identity(tmp_path, socks_proxy):
    result = run_probe(tmp_path, [f"http://{ONION_A}/listing.html", f"http://{ONION_B}/listing.html"],
                       tor_proxy=socks_proxy.url, args={"site": "market-x"})

    assert len(result.items) == 2
    assert {c.username for c in socks_proxy.connects} == {isolation_credentials("market-x")[0]}


def test_proxy_down_means_the_onion_request_fails_without_any_lookup(tmp_path):
    result = run_probe(tmp_path, [f"http://{ONION_A}/listing.html"],
                       tor_proxy=f"socks5h://127.0.0.1:{closed_port()}", settings={"RETRY_TIMES": "1"})

    assert result.items == []
    assert len(result.errors) == 1
    assert "DownloadConnectionRefusedError" in result.errors[0]["error"]
    assert "Tor proxy" in result.errors[0]["error"]
    assert result.looked_up(".onion") == []


def test_all_traffic_through_tor_with_proxy_down_makes_zero_direct_connections(tmp_path):
    with serve_demo_market() as market:
        result = run_probe(tmp_path, [market.site_url("demo-en")],
                           tor_proxy=f"socks5h://127.0.0.1:{closed_port()}",
                           settings={"RETRY_TIMES": "1"}, env={"LEAKSCOUT_TOR_ALL_TRAFFIC": "1"})
        assert market.requested_paths == []
    assert result.items == []
    assert "DownloadConnectionRefusedError" in result.errors[0]["error"]


def test_all_traffic_through_tor_sends_clear_web_requests_via_the_proxy(tmp_path, socks_proxy, local_sites):
    result = run_probe(tmp_path, [f"{local_sites.url}/listing.html"], tor_proxy=socks_proxy.url,
                       settings={"LEAKSCOUT_TOR_ALL_TRAFFIC": "true"})

    assert len(result.items) == 1 and LISTING_TEXT in result.items[0]["body"]
    assert [(c.host, c.port) for c in socks_proxy.connects] == [("127.0.0.1", local_sites.port)]


def test_clear_web_sites_are_fetched_directly_when_all_traffic_is_off(tmp_path, socks_proxy, local_sites):
    result = run_probe(tmp_path, [f"http://localhost:{local_sites.port}/listing.html"], tor_proxy=socks_proxy.url)

    assert len(result.items) == 1
    assert socks_proxy.connects == []
    assert local_sites.requests == [("GET", "/listing.html", False)]
    # The DNS observer sees local lookups: its silence about .onion names elsewhere means something.
    assert result.looked_up("localhost")


def test_malformed_onion_addresses_are_refused_before_any_connection(tmp_path, socks_proxy):
    bad_checksum = ONION_A[:50] + ("a" if ONION_A[50] != "a" else "b") + ONION_A[51:]
    result = run_probe(tmp_path, [f"http://{bad_checksum}/listing.html", "http://expyuzz4wqqyqhjn.onion/"],
                       tor_proxy=socks_proxy.url)

    assert result.items == []
    assert socks_proxy.connects == []
    assert "leakscout/tor/invalid_onion': 2" in result.stats_log
    assert "checksum does not match" in result.stats_log or "version byte" in result.stats_log
    assert "v2 onion address" in result.stats_log


def test_the_size_cap_holds_through_tor(tmp_path, socks_proxy):
    result = run_probe(tmp_path, [f"http://{ONION_A}/listing.html"], tor_proxy=socks_proxy.url,
                       settings={"DOWNLOAD_MAXSIZE": "50"})

    assert result.items == []
    assert "DownloadCancelledError" in result.errors[0]["error"] and "50-byte cap" in result.errors[0]["error"]
