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

A rendered page stays in its lane: every request it makes (img, iframe, css, fetch, XHR, a
popup's) goes only to the crawl's origins (``crawlers/middlewares/scope.py``: scheme, host and
port) and addresses; anything else is aborted and counted (``leakscout/browser/refused/<reason>``,
logged once per host). WebSockets are refused, service workers blocked, downloads refused. WebRTC is off twice:
pages find no ``RTCPeerConnection`` (an init script; without it Chromium would also join mDNS
multicast groups on the local network), and should a page still get one, Chromium sends no UDP
except through a proxy (``--force-webrtc-ip-handling-policy``, in ``crawlers/settings.py``);
QUIC is off. Chromium resolves no name itself (``--host-resolver-rules``): the crawl's clear
web names are resolved and checked like Scrapy's (``scope``) when the browser starts and pinned
to that address; every other name fails. So its own background requests (Debian's build has
Google API keys: accounts, component updates) can neither look anything up nor connect, and a
Tor context has nothing to resolve locally at all. Tor contexts' connections pass the relay
(``browser_tor_relay``), which admits only the crawl's hosts and ports.

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
import ipaddress
import logging
import socket
import weakref
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.http import Response
from scrapy_playwright.page import PageMethod

from crawlers.items import ListingItem
from crawlers.middlewares.routing import request_site
from crawlers.config import app_settings
from crawlers.middlewares.scope import CrawlScope, RefusalLog, address_refusal, crawl_scope
from crawlers.sessions import load_session
from crawlers.tor import is_onion_host, site_key_is_valid

logger = logging.getLogger(__name__)

_SKIPPED_RESOURCE_TYPES = frozenset({"media", "font", "websocket", "eventsource", "manifest"})


def screenshot_path(home: Path, site: str, url: str) -> Path:
    folder = site if site_key_is_valid(site) else hashlib.sha1(site.encode("utf-8")).hexdigest()
    return home / "evidence" / folder / f"{hashlib.sha1(url.encode('utf-8')).hexdigest()}.png"


# Runs in every frame before the page's own scripts.
_NO_WEBRTC_SCRIPT = ";".join(
    f"try {{ Object.defineProperty(window, '{name}', {{value: undefined, writable: false, configurable: false}}) }}"
    " catch (e) {}"
    for name in ("RTCPeerConnection", "webkitRTCPeerConnection", "RTCDataChannel", "RTCIceCandidate",
                 "RTCSessionDescription"))


def host_resolver_rules(scope: CrawlScope, pinned: dict[str, str]) -> str:
    """Chromium's ``--host-resolver-rules``: the crawl's clear web names resolve to the address
    checked when the browser started (``pinned_addresses``: a later DNS answer cannot move them),
    every other name fails. Addresses — the crawl's own, and 127.0.0.1 where the Tor relays
    listen (``browser_tor_relay``) — are left alone. .onion names go to the proxy by name."""
    addresses = {host for _scheme, host, _port in scope.origins if _is_address(host)} | {"127.0.0.1"}
    rules = [f"MAP {name} {_bracketed(address)}" for name, address in sorted(pinned.items())]
    rules += ["MAP * ~NOTFOUND", *(f"EXCLUDE {_bracketed(address)}" for address in sorted(addresses))]
    return " , ".join(rules)


async def pinned_addresses(scope: CrawlScope, refusals: RefusalLog) -> dict[str, str]:
    """The address of each clear web name of the crawl, resolved now and checked as Scrapy's
    resolver checks (``scope.address_refusal``); a refused or unresolvable name is left out."""
    loop = asyncio.get_running_loop()
    pinned = {}
    for name in sorted({host for _scheme, host, _port in scope.origins
                        if not is_onion_host(host) and not _is_address(host)}):
        try:
            answers = [info[4][0] for info in await loop.getaddrinfo(name, None, type=socket.SOCK_STREAM)]
        except OSError:
            continue
        address = next((answer for answer in answers if ":" not in answer), answers[0])
        reason = address_refusal(address)
        if reason and not scope.allow_private_addresses:
            refusals.refuse(f"resolved_{reason}", f"http://{name}/", f"{name} resolves to {address}")
            continue
        pinned[name] = address
    return pinned


def _is_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _bracketed(address: str) -> str:
    return f"[{address}]" if ":" in address else address


def launch_options_for(options: dict, scope: CrawlScope, pinned: dict[str, str]) -> dict:
    args = [arg for arg in options.get("args", []) if not arg.startswith("--host-resolver-rules")]
    return {**options, "args": [*args, f"--host-resolver-rules={host_resolver_rules(scope, pinned)}"]}


class _LaneGuard:
    """The scope of one browser context's pages, and the count of what they were refused."""

    def __init__(self, scope: CrawlScope, refusals: RefusalLog):
        self.scope = scope
        self.refusals = refusals

    def refusal(self, url: str) -> str | None:
        if not self.scope.allows(url):
            return "offsite"
        reason = address_refusal(urlsplit(url).hostname or "")
        return reason if reason and not self.scope.allow_private_addresses else None

    async def refuse_websocket(self, websocket) -> None:
        """Pages get no WebSocket (Playwright's request routing does not see them): the page's
        socket is closed without any connection to the server."""
        self.refusals.refuse("websocket", websocket.url, "WebSocket of a rendered page")
        await websocket.close()

    async def route_other_pages(self, route, playwright_request) -> None:
        """Context-wide route: pages the crawl did not open itself (popups) get the same rules."""
        if should_abort_request(playwright_request):
            await route.abort()
        else:
            await route.fallback()


# Browser context → its guard. Filled before a context's first page navigates; a request of a
# context without one (which the crawl did not set up) is aborted.
_GUARDS: "weakref.WeakKeyDictionary[object, _LaneGuard]" = weakref.WeakKeyDictionary()


def should_abort_request(playwright_request) -> bool:
    """PLAYWRIGHT_ABORT_REQUEST: a page's own requests may only GET the crawl's origins, and skip
    heavy media."""
    if playwright_request.method != "GET" or playwright_request.resource_type in _SKIPPED_RESOURCE_TYPES:
        return True
    try:
        guard = _GUARDS.get(playwright_request.frame.page.context)
    except Exception:   # a request without a page (a worker's): nothing to check it against
        guard = None
    if guard is None:
        return True
    reason = guard.refusal(playwright_request.url)
    if reason:
        guard.refusals.refuse(reason, playwright_request.url, f"{playwright_request.resource_type} of a rendered page")
        return True
    return False


class BrowserPageMiddleware:
    """Downloader middleware: context, session and screenshot for browser requests."""

    def __init__(self, crawler):
        self.home = app_settings(crawler.settings).home
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
        kwargs["service_workers"] = "block"
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
    from leakscout.core.private_files import write_private
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

    def __init__(self, playwright_handler, max_contexts: int | None, stats, crawler=None,
                 refusals: RefusalLog | None = None):
        self.playwright = playwright_handler
        self.max_contexts = max_contexts
        self.stats = stats
        self.crawler = crawler
        self.refusals = refusals or RefusalLog(stats, "leakscout/browser/refused")
        self._requests_in_context: Counter[str] = Counter()
        self._last_used: dict[str, None] = {}   # context names, least recently used first
        self._contexts_changed = asyncio.Condition()

    @classmethod
    async def start(cls, crawler, refusals: RefusalLog | None = None) -> "BrowserRenderer":
        # Imported here: the handler module loads Playwright, which only rendering crawls need.
        from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler

        handler = ScrapyPlaywrightDownloadHandler.from_crawler(crawler)
        scope = crawl_scope(crawler.spider, crawler.settings)
        refusals = refusals or RefusalLog(crawler.stats, "leakscout/browser/refused")
        # With all traffic through Tor, no name is looked up here: the proxy resolves them all.
        pinned = ({} if crawler.settings.getbool("LEAKSCOUT_TOR_ALL_TRAFFIC")
                  else await pinned_addresses(scope, refusals))
        handler.config.launch_options = launch_options_for(handler.config.launch_options, scope, pinned)
        # The library starts its driver on engine_started; that signal is past by the first
        # rendered page, so start it here. Chromium itself starts with the first context.
        await handler._maybe_launch_in_thread()
        return cls(handler, handler.config.max_contexts, crawler.stats, crawler, refusals)

    async def download_request(self, request: Request) -> Response:
        context = request.meta.setdefault("playwright_context", request_site(request))
        await self._claim_context(context)
        # Not left in meta: a retried request goes back to the scheduler, which may pickle it.
        request.meta["playwright_page_init_callback"] = self._guard_page
        try:
            return await self.playwright.download_request(request)
        finally:
            request.meta.pop("playwright_page_init_callback", None)
            await self._release_context(context)

    async def _guard_page(self, page, request: Request) -> None:
        """Called by scrapy-playwright before the page navigates."""
        context = page.context
        if context not in _GUARDS:
            scope = crawl_scope(self.crawler.spider, self.crawler.settings)
            _GUARDS[context] = guard = _LaneGuard(scope, self.refusals)
            await context.route("**/*", guard.route_other_pages)
            await context.route_web_socket("**/*", guard.refuse_websocket)
            await context.add_init_script(_NO_WEBRTC_SCRIPT)

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
