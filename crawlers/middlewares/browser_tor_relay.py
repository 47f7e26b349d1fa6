"""Per-site Tor circuits for Chromium: a loopback SOCKS5 relay inside the crawl process.

Chromium cannot send SOCKS5 credentials, and Tor (IsolateSOCKSAuth) keys its circuits on
them. So every site whose pages are rendered over Tor gets a listener of its own on
127.0.0.1 (an ephemeral port). It accepts what Chromium sends, SOCKS5 without
authentication and CONNECT, and opens the same connection upstream through the Tor proxy
with that site's username/password (``crawlers.tor.isolation_credentials``, as the SOCKS
handler does). The site's Tor browser context uses ``socks5://127.0.0.1:<port>``.

Host names pass through unresolved: the relay hands the name to the Tor proxy and never
asks a resolver. It fails closed: when the Tor proxy cannot be reached or refuses, the
relay answers the CONNECT with a SOCKS failure; it has no other way out. It keeps the page in
its lane below the browser too: a CONNECT to a host and port that is none of the crawl's
origins (``allows``; a WebSocket, a preconnect, anything Playwright's routing does not see) is
refused ("not allowed by ruleset") and counted. Listeners and their connections close with the
crawl (``close``).
"""
from __future__ import annotations

import asyncio
import ipaddress
import logging
from typing import Callable

from python_socks import ProxyConnectionError, ProxyError, ProxyTimeoutError, ProxyType
from python_socks.async_.asyncio import Proxy

from crawlers.tor import TorProxy, isolation_credentials

logger = logging.getLogger(__name__)

_SOCKS_VERSION = 5
_NO_AUTHENTICATION, _NO_ACCEPTABLE_METHOD = 0x00, 0xFF
_CONNECT = 0x01
_ATYP_IPV4, _ATYP_DOMAIN, _ATYP_IPV6 = 0x01, 0x03, 0x04
# RFC 1928 §6 reply codes
_SUCCEEDED, _GENERAL_FAILURE, _NOT_ALLOWED, _TTL_EXPIRED = 0x00, 0x01, 0x02, 0x06
_COMMAND_NOT_SUPPORTED, _ADDRESS_TYPE_NOT_SUPPORTED = 0x07, 0x08
_CHUNK = 64 * 1024


class BrowserTorRelays:
    """One loopback SOCKS5 listener per site key, each relaying to the Tor proxy under that
    site's SOCKS identity."""

    def __init__(self, tor_proxy: TorProxy, connect_timeout: float,
                 allows: Callable[[str, int], bool] | None = None, on_refusal: Callable[[str, int], None] | None = None):
        """``allows(host, port)``: whether a CONNECT may go out (None: every one);
        ``on_refusal(host, port)`` is told of each one refused."""
        self.tor_proxy = tor_proxy
        self.connect_timeout = connect_timeout
        self.allows = allows
        self.on_refusal = on_refusal
        self._servers: dict[str, asyncio.Server] = {}
        self._connections: set[asyncio.Task] = set()
        self._starting = asyncio.Lock()

    async def proxy_server_for(self, site: str) -> str:
        """The proxy server a browser context of ``site`` uses: ``socks5://127.0.0.1:<port>``."""
        async with self._starting:
            server = self._servers.get(site)
            if server is None:
                server = await asyncio.start_server(
                    lambda reader, writer: self._serve(site, reader, writer), "127.0.0.1", 0)
                self._servers[site] = server
        host, port = server.sockets[0].getsockname()[:2]
        return f"socks5://{host}:{port}"

    async def close(self) -> None:
        for server in self._servers.values():
            server.close()
        for connection in list(self._connections):
            connection.cancel()
        await asyncio.gather(*self._connections, return_exceptions=True)
        for server in self._servers.values():
            await server.wait_closed()
        self._servers.clear()

    async def _serve(self, site: str, client_reader: asyncio.StreamReader,
                     client_writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        self._connections.add(task)
        try:
            target = await _read_connect_request(client_reader, client_writer)
            if target is not None:
                await self._connect_and_relay(site, target, client_reader, client_writer)
        except (ConnectionError, asyncio.IncompleteReadError):
            pass  # the browser hung up
        finally:
            client_writer.close()
            self._connections.discard(task)

    async def _connect_and_relay(self, site: str, target: tuple[str, int], client_reader: asyncio.StreamReader,
                                 client_writer: asyncio.StreamWriter) -> None:
        host, port = target
        if self.allows is not None and not self.allows(host, port):
            if self.on_refusal is not None:
                self.on_refusal(host, port)
            client_writer.write(_reply(_NOT_ALLOWED))
            await client_writer.drain()
            return
        try:
            upstream_reader, upstream_writer = await self._open_upstream(site, host, port)
        except (ProxyError, ProxyConnectionError, ProxyTimeoutError, OSError) as exc:
            logger.info("Tor relay of site %s: no connection to %s:%s through %s:%s: %s", site, host, port,
                        self.tor_proxy.host, self.tor_proxy.port, exc)
            client_writer.write(_reply(_failure_code(exc)))
            await client_writer.drain()
            return
        client_writer.write(_reply(_SUCCEEDED))
        await client_writer.drain()
        await asyncio.gather(_copy(client_reader, upstream_writer), _copy(upstream_reader, client_writer))

    async def _open_upstream(self, site: str, host: str, port: int):
        username, password = isolation_credentials(site)
        proxy = Proxy(proxy_type=ProxyType.SOCKS5, host=self.tor_proxy.host, port=self.tor_proxy.port,
                      username=username, password=password, rdns=True)  # rdns: the proxy resolves
        sock = await proxy.connect(dest_host=host, dest_port=port, timeout=self.connect_timeout)
        return await asyncio.open_connection(sock=sock)


async def _read_connect_request(reader: asyncio.StreamReader,
                                writer: asyncio.StreamWriter) -> tuple[str, int] | None:
    """Negotiate "no authentication" and read a CONNECT request (RFC 1928 §3, §4).
    Returns the target, or None after answering a request the relay does not serve."""
    version, method_count = await reader.readexactly(2)
    methods = await reader.readexactly(method_count)
    if version != _SOCKS_VERSION or _NO_AUTHENTICATION not in methods:
        writer.write(bytes([_SOCKS_VERSION, _NO_ACCEPTABLE_METHOD]))
        await writer.drain()
        return None
    writer.write(bytes([_SOCKS_VERSION, _NO_AUTHENTICATION]))
    version, command, _reserved, address_type = await reader.readexactly(4)
    host = await _read_address(reader, address_type)
    port = int.from_bytes(await reader.readexactly(2), "big")
    refusal = None
    if host is None:
        refusal = _ADDRESS_TYPE_NOT_SUPPORTED
    elif version != _SOCKS_VERSION or command != _CONNECT:
        refusal = _COMMAND_NOT_SUPPORTED
    if refusal is not None:
        writer.write(_reply(refusal))
        await writer.drain()
        return None
    return host, port


async def _read_address(reader: asyncio.StreamReader, address_type: int) -> str | None:
    if address_type == _ATYP_IPV4:
        return str(ipaddress.IPv4Address(await reader.readexactly(4)))
    if address_type == _ATYP_IPV6:
        return str(ipaddress.IPv6Address(await reader.readexactly(16)))
    if address_type == _ATYP_DOMAIN:
        (length,) = await reader.readexactly(1)
        return (await reader.readexactly(length)).decode("ascii", "replace")
    return None


def _reply(code: int) -> bytes:
    return bytes([_SOCKS_VERSION, code, 0, _ATYP_IPV4, 0, 0, 0, 0, 0, 0])


def _failure_code(exc: Exception) -> int:
    """The Tor proxy's own reply code when it gave one, else a general failure."""
    if isinstance(exc, ProxyTimeoutError):
        return _TTL_EXPIRED
    code = getattr(exc, "error_code", None)
    return code if isinstance(code, int) and 0 < code <= 0xFF else _GENERAL_FAILURE


async def _copy(source: asyncio.StreamReader, destination: asyncio.StreamWriter) -> None:
    """Copy until one side ends, then close the destination (which ends the other direction)."""
    try:
        while data := await source.read(_CHUNK):
            destination.write(data)
            await destination.drain()
    except ConnectionError:
        pass
    finally:
        destination.close()
