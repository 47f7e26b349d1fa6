"""Spider for the bundled demo market (``leakscout.demo_market``).

Walks each demo site's listing index page by page and yields one ListingItem per listing
detail page. It only ever GETs index and detail pages: buy, download and login links are
never requested.

Arguments (``-a name=value``):

* ``base_url``   — the demo market's base URL, e.g. ``http://127.0.0.1:8808``; the crawl starts
  at the first index page of every demo site (or of those named in ``sites``);
* ``start_urls`` — instead of ``base_url``: comma-separated index page URLs to start from;
* ``sites``      — with ``base_url``: comma-separated site keys to crawl (default: all),
  e.g. ``demo-zh``.

Example::

    python -m leakscout.demo_market --port 8808 &
    scrapy crawl demo_market -a base_url=http://127.0.0.1:8808 -O listings.jsonl
"""
from __future__ import annotations

from datetime import datetime, timezone
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response, TextResponse

from crawlers.items import ListingItem
from crawlers.pages.demo_market import SITE_ENTRY_PATHS, is_action_url, parse_index, parse_listing, site_for_url
from crawlers.spiders.offload import OffReactorCallbacks



def start_urls_for(base_url: str | None = None, start_urls: str | None = None,
                   sites: str | None = None) -> list[str]:
    """The spider's start URLs from its arguments (see the module docstring)."""
    if start_urls:
        return [url.strip() for url in start_urls.split(",") if url.strip()]
    if not base_url:
        raise ValueError("demo_market needs -a base_url=http://HOST:PORT or -a start_urls=URL[,URL…]")
    wanted_sites = [site.strip() for site in sites.split(",") if site.strip()] if sites else list(SITE_ENTRY_PATHS)
    unknown_sites = sorted(set(wanted_sites) - set(SITE_ENTRY_PATHS))
    if unknown_sites:
        raise ValueError(f"unknown demo sites {unknown_sites}; known: {sorted(SITE_ENTRY_PATHS)}")
    return [base_url.rstrip("/") + SITE_ENTRY_PATHS[site] for site in wanted_sites]


class DemoMarketSpider(OffReactorCallbacks, scrapy.Spider):
    name = "demo_market"
    # The demo market is served on loopback (crawlers/middlewares/scope.py refuses such addresses
    # unless the spider or site config allows them).
    allow_private_addresses = True

    def __init__(self, base_url: str | None = None, start_urls: str | None = None,
                 sites: str | None = None, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.start_urls = start_urls_for(base_url, start_urls, sites)
        # The offsite filter keeps the crawl on the demo market's host.
        self.allowed_domains = sorted({urlsplit(url).hostname for url in self.start_urls})

    def index_results(self, response: Response):
        """An index page: follow its listings and its next page."""
        if not self._is_text_page(response):
            return
        listing_urls, next_page_url = parse_index(response.text, response.url)
        for listing_url in listing_urls:
            if self._may_follow(listing_url):
                yield response.follow(listing_url, callback=self.parse_listing)
        if next_page_url and self._may_follow(next_page_url):
            yield response.follow(next_page_url, callback=self.parse)

    def listing_results(self, response: Response):
        """A listing detail page: one ListingItem."""
        if not self._is_text_page(response):
            return
        fields = parse_listing(response.text, response.url)
        yield ListingItem(
            **fields,
            encoding=response.encoding,
            fetched_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        )

    def _is_text_page(self, response: Response) -> bool:
        if isinstance(response, TextResponse):
            return True
        self.logger.warning("Skipping non-text response %s (%s)", response.url, response.headers.get("Content-Type"))
        return False

    def _may_follow(self, url: str) -> bool:
        # The page objects only return listing and pagination links; this is the safety net
        # should a page ever put a buy/download/login link where a listing link belongs.
        if is_action_url(url) or site_for_url(url) is None:
            self.logger.warning("Refusing to follow %s", url)
            self.crawler.stats.inc_value("demo_market/refused_links")
            return False
        return True
