"""Tor: the SOCKS proxy address, v3 onion address checks, per-site circuit isolation, and a
proxy check for `leakscout tor check`.

Onion names are only ever handed to the proxy (SOCKS5 with the host name in the CONNECT
request, "socks5h"): nothing here resolves them locally.
"""
from __future__ import annotations

import base64
import hashlib
import re
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

ONION_SUFFIX = ".onion"
_V3_ADDRESS_LENGTH = 56
_V3_VERSION = b"\x03"
_BASE32_ALPHABET = re.compile(r"^[a-z2-7]+$")
_SITE_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")


class OnionAddressError(ValueError):
    """A host ending in .onion that is not a valid v3 onion address; the message says why."""


class ProxyUrlError(ValueError):
    """LEAKSCOUT_TOR_PROXY is not a usable socks5h:// URL."""


@dataclass(frozen=True)
class TorProxy:
    host: str
    port: int


def parse_tor_proxy(url: str) -> TorProxy:
    """socks5h://host:port. Plain socks5:// is accepted too: names are always sent to the
    proxy, never resolved here. No credentials: leakscout sets its own per site (isolation)."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("socks5h", "socks5"):
        raise ProxyUrlError(f"Tor proxy {url!r} must be a socks5h://host:port URL")
    try:
        port = parts.port
    except ValueError as exc:
        raise ProxyUrlError(f"Tor proxy {url!r} has a bad port") from exc
    if not parts.hostname or not port:
        raise ProxyUrlError(f"Tor proxy {url!r} needs a host and a port, e.g. socks5h://127.0.0.1:9050")
    if parts.username or parts.password:
        raise ProxyUrlError("leave credentials out of the Tor proxy URL: leakscout sets SOCKS "
                            "credentials per site to isolate circuits")
    return TorProxy(host=parts.hostname, port=port)


def is_onion_host(host: str | None) -> bool:
    return bool(host) and host.lower().rstrip(".").endswith(ONION_SUFFIX)


def onion_checksum(public_key: bytes, version: bytes = _V3_VERSION) -> bytes:
    """CHECKSUM = SHA3-256(".onion checksum" | PUBKEY | VERSION)[:2] (rend-spec-v3 §6)."""
    return hashlib.sha3_256(b".onion checksum" + public_key + version).digest()[:2]


def onion_address_for_key(public_key: bytes) -> str:
    """The v3 onion host name of a 32-byte ed25519 public key."""
    if len(public_key) != 32:
        raise ValueError("an onion service public key has 32 bytes")
    raw = public_key + onion_checksum(public_key) + _V3_VERSION
    return base64.b32encode(raw).decode("ascii").lower() + ONION_SUFFIX


def validate_onion_host(host: str) -> str:
    """Check a .onion host name (optionally with subdomains, e.g. www.<addr>.onion) against
    rend-spec-v3; returns the 56-character service address or raises OnionAddressError."""
    name = host.lower().rstrip(".")
    if not name.endswith(ONION_SUFFIX):
        raise OnionAddressError(f"{host!r} is not a .onion host")
    address = name[: -len(ONION_SUFFIX)].rsplit(".", 1)[-1]
    if len(address) == 16 and _BASE32_ALPHABET.match(address):
        raise OnionAddressError(f"{host!r} is a v2 onion address; Tor no longer supports v2 services")
    if len(address) != _V3_ADDRESS_LENGTH:
        raise OnionAddressError(
            f"{host!r}: a v3 onion address has {_V3_ADDRESS_LENGTH} base32 characters, this one has {len(address)}")
    if not _BASE32_ALPHABET.match(address):
        raise OnionAddressError(f"{host!r}: an onion address uses only the base32 characters a-z and 2-7")
    raw = base64.b32decode(address.upper())
    public_key, checksum, version = raw[:32], raw[32:34], raw[34:]
    if version != _V3_VERSION:
        raise OnionAddressError(f"{host!r}: version byte is {version.hex()}, v3 addresses have 03")
    if checksum != onion_checksum(public_key, version):
        raise OnionAddressError(f"{host!r}: checksum does not match (a mistyped or altered address)")
    return address


def site_key_is_valid(site: str) -> bool:
    """Site keys name files (sessions, evidence): letters, digits, '.', '_' and '-' only."""
    return bool(_SITE_KEY.match(site)) and ".." not in site


def isolation_credentials(site: str) -> tuple[str, str]:
    """SOCKS username/password for one site. Tor's IsolateSOCKSAuth (on by default) gives
    every distinct pair its own circuits, so two sites never share one."""
    return f"leakscout-{site}", "isolate"


# --- `leakscout tor check` -------------------------------------------------------------------

_SOCKS5_METHODS = {0x00: "no authentication", 0x02: "username/password"}


def socks5_handshake(proxy: TorProxy, timeout: float = 10.0) -> str:
    """Open a TCP connection to the proxy and negotiate a SOCKS5 method (RFC 1928 §3).
    Returns the method the proxy chose; raises OSError/ConnectionError when it does not answer
    as a SOCKS5 proxy."""
    with socket.create_connection((proxy.host, proxy.port), timeout=timeout) as sock:
        sock.sendall(b"\x05\x02\x00\x02")  # version 5, two methods: none, username/password
        reply = _recv_exactly(sock, 2)
    if reply[0] != 0x05:
        raise ConnectionError(f"{proxy.host}:{proxy.port} did not answer as a SOCKS5 proxy")
    if reply[1] not in _SOCKS5_METHODS:
        raise ConnectionError(f"{proxy.host}:{proxy.port} accepts none of our SOCKS5 methods")
    return _SOCKS5_METHODS[reply[1]]


def _recv_exactly(sock: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = sock.recv(size - len(data))
        if not chunk:
            raise ConnectionError("the proxy closed the connection during the SOCKS5 handshake")
        data += chunk
    return data


@dataclass(frozen=True)
class FetchResult:
    status: int
    content_type: str
    size: int


async def fetch_through_proxy(url: str, proxy: TorProxy, timeout: float = 120.0,
                              site: str = "tor-check") -> FetchResult:
    """GET one URL through the proxy (host name resolved by the proxy), reading at most 1 MiB."""
    import aiohttp
    from aiohttp_socks import ProxyConnector, ProxyType

    username, password = isolation_credentials(site)
    connector = ProxyConnector(proxy_type=ProxyType.SOCKS5, host=proxy.host, port=proxy.port,
                               username=username, password=password, rdns=True)
    async with aiohttp.ClientSession(connector=connector) as session:
        async with session.get(url, allow_redirects=False,
                               timeout=aiohttp.ClientTimeout(total=timeout)) as response:
            body = await response.content.read(1024 * 1024)
            return FetchResult(response.status, response.headers.get("Content-Type", ""), len(body))
