"""Pages rendered by Chromium (scrapy-playwright), for requests with ``meta["playwright"]``
(site configs with ``render: js``).

Every site gets its own browser context (cookies and storage kept apart, an imported session
loaded as its storage state), downloads refused, and a screenshot of each page kept as
evidence in ``LEAKSCOUT_HOME/evidence/<site>/<sha1 of url>.png``; the path goes into the
``screenshot`` field of the items the page yields. Scripts on the page may not post, and
media and fonts are not loaded.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from scrapy import Request
from scrapy_playwright.page import PageMethod

from crawlers.items import ListingItem
from crawlers.middlewares.routing import request_site
from leakscout.config import load_settings
from leakscout.sessions import load_session
from leakscout.tor import site_key_is_valid

_SKIPPED_RESOURCE_TYPES = frozenset({"media", "font", "websocket", "eventsource", "manifest"})


def screenshot_path(home: Path, site: str, url: str) -> Path:
    folder = site if site_key_is_valid(site) else hashlib.sha1(site.encode("utf-8")).hexdigest()
    return home / "evidence" / folder / f"{hashlib.sha1(url.encode('utf-8')).hexdigest()}.png"


def should_abort_request(playwright_request) -> bool:
    """PLAYWRIGHT_ABORT_REQUEST: a page's own requests may only GET, and skip heavy media."""
    return playwright_request.method != "GET" or playwright_request.resource_type in _SKIPPED_RESOURCE_TYPES


class BrowserPageMiddleware:
    """Downloader middleware: context, session and screenshot for browser requests."""

    def __init__(self, crawler):
        self.home = load_settings().home
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_request(self, request: Request):
        if not request.meta.get("playwright") or request.meta.get("screenshot"):
            return None
        site = request_site(request)
        request.meta.setdefault("playwright_context", site)
        kwargs = dict(request.meta.get("playwright_context_kwargs") or {})
        kwargs["accept_downloads"] = False
        kwargs.setdefault("ignore_https_errors", True)  # onion services use self-signed certificates
        state = load_session(self.home, site)
        if state is not None:
            kwargs["storage_state"] = state
            self.stats.inc_value("leakscout/sessions/used")
        request.meta["playwright_context_kwargs"] = kwargs
        path = screenshot_path(self.home, site, request.url)
        path.parent.mkdir(parents=True, exist_ok=True)
        request.meta["screenshot"] = str(path)
        request.meta["playwright_page_methods"] = [
            *(request.meta.get("playwright_page_methods") or []),
            PageMethod("screenshot", path=str(path), full_page=True),
        ]
        return None


class ScreenshotItemMiddleware:
    """Spider middleware: items from a rendered page carry its screenshot's path."""

    def process_spider_output(self, response, result):
        for element in result:
            yield _with_screenshot(element, response)

    async def process_spider_output_async(self, response, result):
        async for element in result:
            yield _with_screenshot(element, response)


def _with_screenshot(element, response):
    path = response.meta.get("screenshot") if response is not None else None
    if path and isinstance(element, ListingItem) and not element.get("screenshot") and Path(path).is_file():
        element["screenshot"] = path
    return element
