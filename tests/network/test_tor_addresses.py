"""v3 onion addresses (rend-spec-v3), the proxy URL, and routing decisions."""
from __future__ import annotations

import base64

import pytest
from scrapy import Request

from crawlers.middlewares.routing import needs_tor, request_site
from crawlers.tor import (OnionAddressError, ProxyUrlError, TorProxy, is_onion_host, onion_address_for_key,
                           onion_checksum, parse_tor_proxy, validate_onion_host)

# The Tor Project's own onion service: a real v3 address.
TOR_PROJECT = "2gzyxa5ihm7nsggfxnu52rck2vv4rvmdlkiu3zzui5du4xyclen53wid.onion"


def test_real_and_generated_v3_addresses_are_valid():
    assert validate_onion_host(TOR_PROJECT) == TOR_PROJECT.removesuffix(".onion")
    assert validate_onion_host("www." + TOR_PROJECT.upper() + ".") == TOR_PROJECT.removesuffix(".onion")
    generated = onion_address_for_key(bytes(32))
    assert validate_onion_host(generated) and len(generated) == 56 + len(".onion")


def _address(public_key: bytes, checksum: bytes, version: bytes) -> str:
    return base64.b32encode(public_key + checksum + version).decode().lower() + ".onion"


@pytest.mark.parametrize("host, reason", [
    ("expyuzz4wqqyqhjn.onion", "v2 onion address"),
    ("abc.onion", "has 3"),
    (TOR_PROJECT.replace("2gzy", "2gz1"), "base32 characters"),
    (_address(bytes(32), b"\x00\x00", b"\x03"), "checksum does not match"),
    (_address(bytes(32), onion_checksum(bytes(32), b"\x04"), b"\x04"), "version byte is 04"),
    ("example.com", "not a .onion host"),
])
def test_malformed_onion_addresses_say_why(host, reason):
    with pytest.raises(OnionAddressError, match=reason):
        validate_onion_host(host)


def test_a_single_changed_character_breaks_the_checksum():
    tampered = TOR_PROJECT[:10] + ("b" if TOR_PROJECT[10] != "b" else "c") + TOR_PROJECT[11:]
    with pytest.raises(OnionAddressError):
        validate_onion_host(tampered)


def test_tor_proxy_urls():
    assert parse_tor_proxy("socks5h://127.0.0.1:9050") == TorProxy("127.0.0.1", 9050)
    assert parse_tor_proxy("socks5://tor:9050") == TorProxy("tor", 9050)
    for bad, reason in [("http://127.0.0.1:9050", "socks5h://"), ("socks5h://127.0.0.1", "host and a port"),
                        ("socks5h://u:p@127.0.0.1:9050", "credentials"), ("socks5h://127.0.0.1:x", "bad port")]:
        with pytest.raises(ProxyUrlError, match=reason):
            parse_tor_proxy(bad)


def test_routing():
    onion = Request(f"http://{TOR_PROJECT}/index.html")
    clear = Request("https://example.com/")
    assert is_onion_host("A.ONION.") and not is_onion_host("onion.example.com") and not is_onion_host(None)
    assert needs_tor(onion, all_traffic=False) and not needs_tor(clear, all_traffic=False)
    assert needs_tor(clear, all_traffic=True)
    assert request_site(onion) == TOR_PROJECT
    assert request_site(Request("https://example.com/", meta={"site": "market-x"})) == "market-x"
