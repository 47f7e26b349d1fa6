"""HTTP(S) over the Tor SOCKS5 proxy, for Scrapy.

Scrapy's HTTP handler has no SOCKS support. This handler sends requests with aiohttp through
aiohttp-socks' ProxyConnector (python-socks underneath), with remote name resolution: the
host name goes to the proxy in the CONNECT request and no resolver of this process sees it.
It fails closed: when the proxy cannot be reached the download fails; there is no direct
fallback. One connection pool per site, each with its own SOCKS credentials, so that Tor
(IsolateSOCKSAuth) keeps sites on separate circuits.
"""
from __future__ import annotations

import asyncio
import logging

import aiohttp
import aiohttp_socks
from scrapy import Request
from scrapy.core.downloader.handlers.base import BaseDownloadHandler
from scrapy.exceptions import (
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
)
from scrapy.http import Headers, Response
from scrapy.responsetypes import responsetypes

from crawlers.middlewares.routing import request_site
from crawlers.config import app_settings
from crawlers.tor import TorProxy, isolation_credentials, parse_tor_proxy

logger = logging.getLogger(__name__)

# Scrapy's own middlewares set these; aiohttp must not add its own.
_SKIP_AUTO_HEADERS = ("Accept", "Accept-Encoding", "Content-Type", "User-Agent")


def tor_proxy_from_settings(settings) -> TorProxy:
    """The LEAKSCOUT_TOR_PROXY Scrapy setting if set, else the environment/config value."""
    return parse_tor_proxy(settings.get("LEAKSCOUT_TOR_PROXY") or app_settings(settings).tor_proxy)


class SocksDownloadHandler(BaseDownloadHandler):
    def __init__(self, crawler):
        super().__init__(crawler)
        settings = crawler.settings
        self.proxy = tor_proxy_from_settings(settings)
        self._default_maxsize = settings.getint("DOWNLOAD_MAXSIZE")
        self._default_timeout = settings.getfloat("LEAKSCOUT_TOR_DOWNLOAD_TIMEOUT", 180)
        self._per_site_connections = settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN")
        self._sessions: dict[str, aiohttp.ClientSession] = {}

    def _session_for(self, site: str) -> aiohttp.ClientSession:
        session = self._sessions.get(site)
        if session is None:
            username, password = isolation_credentials(site)
            connector = aiohttp_socks.ProxyConnector(
                proxy_type=aiohttp_socks.ProxyType.SOCKS5, host=self.proxy.host, port=self.proxy.port,
                username=username, password=password, rdns=True,
                limit_per_host=self._per_site_connections,
            )
            session = aiohttp.ClientSession(
                connector=connector,
                cookie_jar=aiohttp.DummyCookieJar(),   # Scrapy's CookiesMiddleware keeps cookies
                auto_decompress=False,                 # HttpCompressionMiddleware decompresses
                skip_auto_headers=_SKIP_AUTO_HEADERS,
            )
            self._sessions[site] = session
        return session

    async def download_request(self, request: Request) -> Response:
        timeout = request.meta.get("download_timeout", self._default_timeout)
        maxsize = request.meta.get("download_maxsize", self._default_maxsize)
        proxy = f"{self.proxy.host}:{self.proxy.port}"
        try:
            async with self._session_for(request_site(request)).request(
                request.method, request.url, data=request.body or None,
                headers=request.headers.to_tuple_list(), allow_redirects=False,
                timeout=aiohttp.ClientTimeout(total=timeout),
                ssl=False,  # onion services authenticate by address; most use self-signed certificates
            ) as answer:
                headers = Headers(list(answer.headers.items()))
                body = await _read_body(answer, maxsize, request)
        except aiohttp_socks.ProxyConnectionError as exc:
            raise DownloadConnectionRefusedError(f"Tor proxy {proxy} unreachable: {exc}") from exc
        except (aiohttp_socks.ProxyTimeoutError, TimeoutError, asyncio.TimeoutError) as exc:
            raise DownloadTimeoutError(f"{request.url} through Tor took longer than {timeout} s") from exc
        except aiohttp_socks.ProxyError as exc:
            raise DownloadFailedError(f"Tor proxy {proxy} could not reach {request.url}: {exc}") from exc
        except aiohttp.ClientError as exc:
            raise DownloadFailedError(f"{request.url} through Tor: {exc}") from exc
        response_class = responsetypes.from_args(headers=headers, url=request.url, body=body)
        return response_class(url=request.url, status=answer.status, headers=headers, body=body,
                              request=request, protocol=f"HTTP/{answer.version.major}.{answer.version.minor}"
                              if answer.version else None)

    async def close(self) -> None:
        for session in self._sessions.values():
            await session.close()
        self._sessions.clear()


async def _read_body(answer: aiohttp.ClientResponse, maxsize: int, request: Request) -> bytes:
    declared = answer.content_length
    if maxsize and declared and declared > maxsize:
        raise DownloadCancelledError(f"{request.url}: {declared} bytes announced, more than the {maxsize}-byte cap")
    chunks, received = [], 0
    async for chunk in answer.content.iter_any():
        received += len(chunk)
        if maxsize and received > maxsize:
            raise DownloadCancelledError(f"{request.url}: more than the {maxsize}-byte cap")
        chunks.append(chunk)
    return b"".join(chunks)
