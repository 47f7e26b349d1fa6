"""The download handler for http and https: every request passes through here.

* ``meta["playwright"]`` → Chromium via scrapy-playwright; when the request needs Tor, in a
  browser context of its own whose proxy is the Tor proxy;
* a .onion host (or any host with LEAKSCOUT_TOR_ALL_TRAFFIC) → the SOCKS handler;
* anything else → Scrapy's HTTP/1.1 handler (what scrapy-playwright falls back to).

The Tor decision is made here, at the last step before the network, so that no middleware
order or missing meta key can send an onion request out directly.
"""
from __future__ import annotations

from scrapy import Request
from scrapy.http import Response
from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler

from crawlers.middlewares.routing import needs_tor, request_site
from crawlers.middlewares.socks import SocksDownloadHandler

TOR_CONTEXT_PREFIX = "tor:"


class LeakscoutDownloadHandler(ScrapyPlaywrightDownloadHandler):
    def __init__(self, crawler):
        super().__init__(crawler)
        self.all_traffic_through_tor = crawler.settings.getbool("LEAKSCOUT_TOR_ALL_TRAFFIC")
        self.tor = SocksDownloadHandler(crawler)

    async def download_request(self, request: Request) -> Response:
        through_tor = needs_tor(request, self.all_traffic_through_tor)
        if request.meta.get("playwright"):
            if through_tor:
                self._use_tor_browser_context(request)
            return await super().download_request(request)
        if through_tor:
            return await self.tor.download_request(request)
        return await super().download_request(request)

    def _use_tor_browser_context(self, request: Request) -> None:
        # Contexts are created once per name with the kwargs of their first request, so a Tor
        # context gets a name no direct context can have.
        context = str(request.meta.get("playwright_context") or request_site(request))
        if not context.startswith(TOR_CONTEXT_PREFIX):
            context = TOR_CONTEXT_PREFIX + context
        request.meta["playwright_context"] = context
        kwargs = dict(request.meta.get("playwright_context_kwargs") or {})
        kwargs["proxy"] = {"server": self.tor.proxy.browser_server}
        request.meta["playwright_context_kwargs"] = kwargs
        request.meta.pop("playwright_page", None)  # a page handed in may belong to a direct context

    async def close(self) -> None:
        await self.tor.close()
        await super().close()
