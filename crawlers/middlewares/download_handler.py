"""The download handler for http and https: every request passes through here.

* ``meta["playwright"]`` → Chromium (``browser.BrowserRenderer``, started by the first such
  request: crawls without one never start Playwright); when the request needs Tor, in a
  browser context of the site's own whose proxy is the site's loopback relay to the Tor
  proxy (``browser_tor_relay``), so that rendered sites get separate circuits too;
* a .onion host (or any host with LEAKSCOUT_TOR_ALL_TRAFFIC) → the SOCKS handler;
* anything else → Scrapy's HTTP/1.1 handler.

The Tor decision is made here, at the last step before the network, so that no middleware
order or missing meta key can send an onion request out directly.
"""
from __future__ import annotations

import asyncio

from scrapy import Request
from scrapy.core.downloader.handlers.base import BaseDownloadHandler
from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.http import Response

from crawlers.middlewares.browser import BrowserRenderer
from crawlers.middlewares.browser_tor_relay import BrowserTorRelays
from crawlers.middlewares.routing import needs_tor, request_site
from crawlers.middlewares.scope import RefusalLog, crawl_scope
from crawlers.middlewares.socks import SocksDownloadHandler

TOR_CONTEXT_PREFIX = "tor:"


class LeakscoutDownloadHandler(BaseDownloadHandler):
    def __init__(self, crawler):
        super().__init__(crawler)
        self.all_traffic_through_tor = crawler.settings.getbool("LEAKSCOUT_TOR_ALL_TRAFFIC")
        self.http = HTTP11DownloadHandler.from_crawler(crawler)
        self.tor = SocksDownloadHandler(crawler)
        self.refusals = RefusalLog(crawler.stats, "leakscout/browser/refused")
        self.tor_relays = BrowserTorRelays(
            self.tor.proxy, connect_timeout=crawler.settings.getfloat("LEAKSCOUT_TOR_DOWNLOAD_TIMEOUT", 180),
            allows=self._in_scope,
            on_refusal=lambda host, port: self.refusals.refuse("relay_offsite", f"socks://{host}:{port}/"))
        self._renderer: BrowserRenderer | None = None
        self._renderer_starting = asyncio.Lock()

    async def download_request(self, request: Request) -> Response:
        through_tor = needs_tor(request, self.all_traffic_through_tor)
        if request.meta.get("playwright"):
            if through_tor:
                await self._use_tor_browser_context(request)
            renderer = await self._started_renderer()
            return await renderer.download_request(request)
        if through_tor:
            return await self.tor.download_request(request)
        return await self.http.download_request(request)

    def _in_scope(self, host: str, port: int) -> bool:
        scope = crawl_scope(self.crawler.spider, self.crawler.settings)
        return any((host.lower(), port) == (own_host, own_port) for _scheme, own_host, own_port in scope.origins)

    async def _started_renderer(self) -> BrowserRenderer:
        async with self._renderer_starting:
            if self._renderer is None:
                self._renderer = await BrowserRenderer.start(self.crawler, self.refusals)
        return self._renderer

    async def _use_tor_browser_context(self, request: Request) -> None:
        site = request_site(request)
        requested = str(request.meta.get("playwright_context") or site)
        request.meta["playwright_context"] = tor_context_name(requested, site)
        kwargs = dict(request.meta.get("playwright_context_kwargs") or {})
        kwargs["proxy"] = {"server": await self.tor_relays.proxy_server_for(site)}
        request.meta["playwright_context_kwargs"] = kwargs
        request.meta.pop("playwright_page", None)  # a page handed in may belong to a direct context

    async def close(self) -> None:
        if self._renderer is not None:
            await self._renderer.close()
        await self.tor_relays.close()
        await self.tor.close()
        await self.http.close()


def tor_context_name(requested: str, site: str) -> str:
    """The browser context of a Tor request. Contexts are created once per name with the
    kwargs of their first request, so a Tor context gets a name no direct context can have,
    and one that names its site: a context never mixes two sites' SOCKS identities."""
    own = TOR_CONTEXT_PREFIX + site
    if requested == own or requested.startswith(own + "/"):
        return requested   # named here already (a retried request)
    return own if requested == site else f"{own}/{requested}"
