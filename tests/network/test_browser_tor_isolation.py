"""Per-site Tor circuits for rendered pages: the loopback SOCKS5 relay between Chromium and the
Tor proxy (crawlers/middlewares/browser_tor_relay.py), tested against the SOCKS5 server that
stands in for Tor, on its own and in crawls with Chromium."""
from __future__ import annotations

import asyncio
from urllib.parse import urlsplit

from crawlers.middlewares.browser_tor_relay import BrowserTorRelays
from crawlers.tor import TorProxy, isolation_credentials
from tests.network.conftest import ONION_A, ONION_B, closed_port, run_probe
from tests.network.local_sites import LISTING_TEXT, SCRIPT_TEXT
from tests.network.socks5_server import ConnectRecord
from tests.network.test_browser import needs_chromium

_TIMEOUT = 30  # a safety net for every read from the relay


# --- the relay on its own, as Chromium uses it: SOCKS5 without authentication --------------

async def _socks5_connect(relay_url: str, host: str, port: int, *, methods: bytes = b"\x00", command: int = 1):
    """Open a SOCKS5 connection to the relay; returns (method reply, CONNECT reply code or
    None, reader, writer)."""
    address = urlsplit(relay_url)
    reader, writer = await asyncio.open_connection(address.hostname, address.port)
    writer.write(bytes([5, len(methods)]) + methods)
    method_reply = await asyncio.wait_for(reader.readexactly(2), _TIMEOUT)
    if method_reply != b"\x05\x00":
        return method_reply, None, reader, writer
    name = host.encode("ascii")
    writer.write(bytes([5, command, 0, 3, len(name)]) + name + port.to_bytes(2, "big"))
    reply = await asyncio.wait_for(reader.readexactly(10), _TIMEOUT)
    return method_reply, reply[1], reader, writer


async def _get_through_relay(relays: BrowserTorRelays, site: str, host: str, path: str) -> bytes:
    _method, code, reader, writer = await _socks5_connect(await relays.proxy_server_for(site), host, 80)
    assert code == 0
    writer.write(f"GET {path} HTTP/1.0\r\nHost: {host}\r\n\r\n".encode())
    answer = await asyncio.wait_for(reader.read(), _TIMEOUT)
    writer.close()
    return answer


def test_each_site_reaches_tor_by_name_with_its_own_credentials(socks_proxy):
    async def scenario():
        relays = BrowserTorRelays(TorProxy("127.0.0.1", socks_proxy.port), connect_timeout=10)
        try:
            first = await _get_through_relay(relays, "market-x", ONION_A, "/listing.html")
            second = await _get_through_relay(relays, "market-y", ONION_B, "/listing.html")
            again = await _get_through_relay(relays, "market-x", ONION_B, "/listing.html")
            servers = {site: await relays.proxy_server_for(site) for site in ("market-x", "market-y")}
        finally:
            await relays.close()
        return first, second, again, servers

    first, second, again, servers = asyncio.run(scenario())

    assert all(LISTING_TEXT.encode() in answer for answer in (first, second, again))
    assert socks_proxy.connects == [
        ConnectRecord("domain", ONION_A, 80, isolation_credentials("market-x")[0]),
        ConnectRecord("domain", ONION_B, 80, isolation_credentials("market-y")[0]),
        ConnectRecord("domain", ONION_B, 80, isolation_credentials("market-x")[0]),
    ]
    assert servers["market-x"] != servers["market-y"]
    assert all(server.startswith("socks5://127.0.0.1:") for server in servers.values())


def test_the_relay_refuses_the_connect_when_tor_is_down():
    async def scenario():
        relays = BrowserTorRelays(TorProxy("127.0.0.1", closed_port()), connect_timeout=10)
        try:
            method, code, reader, writer = await _socks5_connect(
                await relays.proxy_server_for("market-x"), ONION_A, 80)
            rest = await asyncio.wait_for(reader.read(), _TIMEOUT)
            writer.close()
        finally:
            await relays.close()
        return method, code, rest

    method, code, rest = asyncio.run(scenario())

    assert method == b"\x05\x00"
    assert code == 0x01          # general SOCKS server failure
    assert rest == b""           # and the connection is closed: no way past it


def test_the_relay_serves_only_connect_without_authentication(socks_proxy):
    async def scenario():
        relays = BrowserTorRelays(TorProxy("127.0.0.1", socks_proxy.port), connect_timeout=10)
        try:
            url = await relays.proxy_server_for("market-x")
            password_only, _code, _reader, first = await _socks5_connect(url, ONION_A, 80, methods=b"\x02")
            _method, bind_code, _reader, second = await _socks5_connect(url, ONION_A, 80, command=2)
            first.close()
            second.close()
        finally:
            await relays.close()
        return password_only, bind_code

    password_only, bind_code = asyncio.run(scenario())

    assert password_only == b"\x05\xff"
    assert bind_code == 0x07     # command not supported
    assert socks_proxy.connects == []   # refused before any upstream connection


def test_listeners_close_with_the_relay(socks_proxy):
    async def scenario():
        relays = BrowserTorRelays(TorProxy("127.0.0.1", socks_proxy.port), connect_timeout=10)
        address = urlsplit(await relays.proxy_server_for("market-x"))
        await relays.close()
        try:
            _reader, writer = await asyncio.open_connection(address.hostname, address.port)
        except ConnectionRefusedError:
            return "refused"
        writer.close()
        return "accepted"

    assert asyncio.run(scenario()) == "refused"


# --- crawls with Chromium ----------------------------------------------------------------

@needs_chromium
def test_two_rendered_onion_sites_reach_tor_with_two_identities(tmp_path, socks_proxy):
    result = run_probe(tmp_path, [f"http://{ONION_A}/js.html", f"http://{ONION_B}/js.html"],
                       tor_proxy=socks_proxy.url, args={"playwright": "1"})

    assert sorted(item["url"] for item in result.items) == sorted(
        [f"http://{ONION_A}/js.html", f"http://{ONION_B}/js.html"]), result.stats_log[-3000:]
    assert all(SCRIPT_TEXT in item["body"] for item in result.items)
    # Each site (its host, no site key given) reached the proxy under its own SOCKS username.
    assert {(c.address_type, c.host, c.username) for c in socks_proxy.connects} == {
        ("domain", ONION_A, isolation_credentials(ONION_A)[0]),
        ("domain", ONION_B, isolation_credentials(ONION_B)[0])}
    assert result.looked_up(".onion") == []


@needs_chromium
def test_proxy_down_means_a_rendered_onion_page_fails_without_any_lookup(tmp_path):
    result = run_probe(tmp_path, [f"http://{ONION_A}/js.html"], tor_proxy=f"socks5h://127.0.0.1:{closed_port()}",
                       args={"playwright": "1"}, settings={"LEAKSCOUT_TOR_RETRY_TIMES": "0"})

    assert result.items == []
    assert len(result.errors) == 1, result.stats_log[-3000:]
    assert "ERR_SOCKS_CONNECTION_FAILED" in result.errors[0]["error"]  # the relay said no
    assert result.looked_up(".onion") == []


@needs_chromium
def test_all_traffic_through_tor_with_proxy_down_renders_nothing_directly(tmp_path, local_sites):
    result = run_probe(tmp_path, [f"{local_sites.url}/js.html"], tor_proxy=f"socks5h://127.0.0.1:{closed_port()}",
                       args={"playwright": "1"}, settings={"LEAKSCOUT_TOR_RETRY_TIMES": "0"},
                       env={"LEAKSCOUT_TOR_ALL_TRAFFIC": "1"})

    assert result.items == []
    assert len(result.errors) == 1, result.stats_log[-3000:]
    assert local_sites.requests == []


def test_the_relay_refuses_hosts_and_ports_outside_the_crawl(socks_proxy):
    refused = []

    async def scenario():
        relays = BrowserTorRelays(TorProxy("127.0.0.1", socks_proxy.port), connect_timeout=10,
                                  allows=lambda host, port: (host, port) == (ONION_A, 80),
                                  on_refusal=lambda host, port: refused.append((host, port)))
        try:
            url = await relays.proxy_server_for("market-x")
            codes = []
            for host, port in ((ONION_A, 8080), (ONION_B, 80), (ONION_A, 80)):
                _method, code, _reader, writer = await _socks5_connect(url, host, port)
                codes.append(code)
                writer.close()
        finally:
            await relays.close()
        return codes

    assert asyncio.run(scenario()) == [0x02, 0x02, 0x00]   # "connection not allowed by ruleset"
    assert refused == [(ONION_A, 8080), (ONION_B, 80)]
    assert [(c.host, c.port) for c in socks_proxy.connects] == [(ONION_A, 80)]
