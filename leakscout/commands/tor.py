"""`leakscout tor …`: is the Tor SOCKS proxy usable?"""
from __future__ import annotations

import asyncio
from typing import Optional
from urllib.parse import urlsplit

import typer

from leakscout.commands.console import out
from leakscout.core.config import load_settings
from leakscout.core.errors import BadInput, LeakscoutError

app = typer.Typer(no_args_is_help=True, help="The Tor SOCKS proxy (LEAKSCOUT_TOR_PROXY).")


@app.command("check")
def tor_check(
    url: Optional[str] = typer.Option(None, "--url", help="also fetch this URL through the proxy, e.g. an onion site"),
    timeout: float = typer.Option(120.0, "--timeout", help="seconds for the fetch (onion services are slow)"),
):
    """SOCKS5 handshake with the proxy, then optionally one GET through it. Exit 1 if it fails."""
    from crawlers import tor

    try:
        proxy = tor.parse_tor_proxy(load_settings().tor_proxy)
    except tor.ProxyUrlError as exc:
        raise BadInput(f"LEAKSCOUT_TOR_PROXY: {exc}") from exc
    if url:
        _check_url(url)
    try:
        method = tor.socks5_handshake(proxy, timeout=min(timeout, 10.0))
    except OSError as exc:
        from leakscout.core.setup_hints import missing_hint

        raise LeakscoutError(f"Tor proxy {proxy.host}:{proxy.port} does not work: {exc} "
                             f"(is tor running? is LEAKSCOUT_TOR_PROXY right?{missing_hint('tor')})") from exc
    out.print(f"Tor proxy {proxy.host}:{proxy.port}: SOCKS5 handshake ok ({method})", highlight=False)
    if not url:
        return
    try:
        result = asyncio.run(tor.fetch_through_proxy(url, proxy, timeout=timeout))
    except Exception as exc:  # noqa: BLE001 - any failure of the fetch is the answer to report
        raise LeakscoutError(f"fetching {url} through {proxy.host}:{proxy.port} failed: "
                             f"{type(exc).__name__}: {exc}") from exc
    out.print(f"{url}: HTTP {result.status}, {result.content_type or 'no Content-Type'}, "
              f"{result.size} bytes through Tor", highlight=False)


def _check_url(url: str) -> None:
    from crawlers import tor

    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise BadInput(f"--url {url!r} must be an http:// or https:// URL")
    if tor.is_onion_host(parts.hostname):
        try:
            tor.validate_onion_host(parts.hostname)
        except tor.OnionAddressError as exc:
            raise BadInput(str(exc)) from exc
