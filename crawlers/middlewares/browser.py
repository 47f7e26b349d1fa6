"""Pages rendered by Chromium (scrapy-playwright), for requests with ``meta["playwright"]``
(site configs with ``render: js``).

Every site gets its own browser context (cookies and storage kept apart, an imported session
loaded as its storage state), downloads refused, and, where the site config asks for them
(``screenshots: true``), a screenshot of each page kept as evidence in
``LEAKSCOUT_HOME/evidence/<site>/<sha1 of url>.png`` (0600, folder 0700); the path goes into the
``screenshot`` field of the items the page yields. Before the screenshot is taken, the page's text
is masked in place (mask_text on each text node) and every element whose text holds personal
data is blurred, so the file shows no personal data the masker recognises. Scripts on the page may not post, and
media and fonts are not loaded.

``BrowserRenderer`` is what the download handler renders with. It starts Playwright (its
driver and Chromium) only when the first page needs rendering: crawls without one never
start it. It keeps at most ``PLAYWRIGHT_MAX_CONTEXTS`` contexts open: a site that needs a
new context when the limit is reached closes the least recently used context that has no
request in flight (or waits for one to finish), so a crawl of any number of rendered sites
goes on with bounded memory. A site whose context was closed gets a fresh one (its
imported session is loaded again; cookies the site set meanwhile are gone).
"""
from __future__ import annotations

import asyncio
import hashlib
import logging
from collections import Counter
from pathlib import Path

from scrapy import Request
from scrapy.http import Response
from scrapy_playwright.page import PageMethod

from crawlers.items import ListingItem
from crawlers.middlewares.routing import request_site
from leakscout.config import load_settings
from leakscout.sessions import load_session
from leakscout.tor import site_key_is_valid

logger = logging.getLogger(__name__)

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
        if not request.meta.get("leakscout_screenshot"):
            return None
        path = screenshot_path(self.home, site, request.url)
        request.meta["screenshot"] = str(path)
        request.meta["playwright_page_methods"] = [
            *(request.meta.get("playwright_page_methods") or []),
            PageMethod(masked_screenshot, path),
        ]
        return None


# Text nodes of the page (not scripts or styles) and the elements holding text, in document order.
_READ_TEXT = """() => {
  const walker = document.createTreeWalker(document.body || document.documentElement, NodeFilter.SHOW_TEXT);
  const nodes = [];
  for (let n = walker.nextNode(); n && nodes.length < 20000; n = walker.nextNode()) {
    const tag = n.parentElement && n.parentElement.tagName;
    if (tag !== 'SCRIPT' && tag !== 'STYLE' && n.nodeValue.trim()) nodes.push(n);
  }
  window.__leakscoutText = nodes;
  const elements = [...document.querySelectorAll('body *')].slice(0, 20000);
  window.__leakscoutElements = elements;
  return {texts: nodes.map(n => n.nodeValue),
          elements: elements.map(e => (e.tagName === 'SCRIPT' || e.tagName === 'STYLE') ? '' : (e.innerText || '').slice(0, 4000)),
          inputs: [...document.querySelectorAll('input, textarea')].map(e => e.value)};
}"""
_WRITE_TEXT = """([texts, blurred]) => {
  window.__leakscoutText.forEach((n, i) => { if (texts[i] !== null) n.nodeValue = texts[i]; });
  const holding = blurred.map(i => window.__leakscoutElements[i]);
  holding.forEach(e => e.setAttribute('data-leakscout-pd', ''));
  // the innermost elements holding personal data (a value split over several children blurs their
  // parent), and whole rows and lines holding any: a sample row's name or address cell holds none alone
  const rowLike = e => ['table-row', 'list-item'].includes(getComputedStyle(e).display) || ['P', 'PRE', 'DD', 'BLOCKQUOTE'].includes(e.tagName);
  holding.filter(e => rowLike(e) || !e.querySelector('[data-leakscout-pd]')).forEach(e => { e.style.filter = 'blur(12px)'; });
  document.querySelectorAll('input, textarea').forEach(e => { e.value = ''; });
}"""


async def masked_screenshot(page, path: str) -> None:
    """The page's screenshot with its personal data masked and blurred, written 0600 (see module doc)."""
    from leakscout.private_files import write_private
    from pipelines.extraction.masking import mask_text

    found = await page.evaluate(_READ_TEXT)
    texts = []
    for text in found["texts"]:
        masked = mask_text(text).text
        texts.append(masked if masked != text else None)
    holding = {i for i, text in enumerate(found["elements"]) if text and mask_text(text).samples}
    await page.evaluate(_WRITE_TEXT, [texts, sorted(holding)])
    write_private(Path(path), await page.screenshot(full_page=True))


class BrowserRenderer:
    """scrapy-playwright's handler, started on first use, with a bound on open contexts."""

    def __init__(self, playwright_handler, max_contexts: int | None, stats):
        self.playwright = playwright_handler
        self.max_contexts = max_contexts
        self.stats = stats
        self._requests_in_context: Counter[str] = Counter()
        self._last_used: dict[str, None] = {}   # context names, least recently used first
        self._contexts_changed = asyncio.Condition()

    @classmethod
    async def start(cls, crawler) -> "BrowserRenderer":
        # Imported here: the handler module loads Playwright, which only rendering crawls need.
        from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler

        handler = ScrapyPlaywrightDownloadHandler.from_crawler(crawler)
        # The library starts its driver on engine_started; that signal is past by the first
        # rendered page, so start it here. Chromium itself starts with the first context.
        await handler._maybe_launch_in_thread()
        return cls(handler, handler.config.max_contexts, crawler.stats)

    async def download_request(self, request: Request) -> Response:
        context = request.meta.setdefault("playwright_context", request_site(request))
        await self._claim_context(context)
        try:
            return await self.playwright.download_request(request)
        finally:
            await self._release_context(context)

    async def close(self) -> None:
        await self.playwright.close()

    async def _claim_context(self, name: str) -> None:
        async with self._contexts_changed:
            while not self._may_use_context(name):
                idle = self._least_recently_used_idle_context()
                if idle is None:
                    await self._contexts_changed.wait()
                else:
                    await self._close_context(idle)
            self._requests_in_context[name] += 1
            self._last_used.pop(name, None)
            self._last_used[name] = None

    async def _release_context(self, name: str) -> None:
        async with self._contexts_changed:
            self._requests_in_context[name] -= 1
            if not self._requests_in_context[name]:
                del self._requests_in_context[name]
            self._contexts_changed.notify_all()

    def _may_use_context(self, name: str) -> bool:
        in_use = set(self.playwright.context_wrappers) | set(self._requests_in_context)
        return not self.max_contexts or name in in_use or len(in_use) < self.max_contexts

    def _least_recently_used_idle_context(self) -> str | None:
        for name in list(self._last_used):
            if name in self._requests_in_context:
                continue
            wrapper = self.playwright.context_wrappers.get(name)
            if wrapper is None:
                del self._last_used[name]   # closed by the library (e.g. the browser went away)
            elif not wrapper.context.pages:
                return name
        return None

    async def _close_context(self, name: str) -> None:
        # scrapy-playwright's close callback forgets the context and frees its slot, before
        # close() returns; a request for this site later gets a new context.
        await self.playwright.context_wrappers[name].context.close()
        self._last_used.pop(name, None)
        self.stats.inc_value("leakscout/browser/contexts_closed")
        logger.debug("Closed the idle browser context %r to stay within %d contexts", name, self.max_contexts)


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
