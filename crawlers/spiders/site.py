"""The ``site`` spider: crawls any site that has a site config (``crawlers/site_configs/*.yaml``).

    leakscout crawl site -a config=demo-forum -a start_url=http://127.0.0.1:8808/forum/forums/databases/page-1.html

Arguments (``-a name=value``):

* ``config``    — a bundled config's name (``demo-forum``) or the path of a YAML file;
* ``start_url`` — optional: start here (comma-separated for several) instead of the config's
  ``start_urls``, e.g. a mirror; its host is allowed too;
* ``max_pages`` — optional: overrides the config's ``max_pages``.

Index pages give listing links and the next index page (at most ``max_pages`` per start URL);
listing pages give one listing, or one per post (forum) or message (telegram, whose channel
pages are both). Only index and listing pages are requested: links that buy, download, sign in
or post are refused even where the config's selectors point at them. With ``render: js`` every
request asks for a browser (``meta["playwright"]``); ``session`` travels in
``meta["leakscout_session"]``. A selector that matches nothing is logged and counted
(``site/skipped_pages``), and the page skipped.
"""
from __future__ import annotations

from datetime import datetime, timezone
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response, TextResponse

from crawlers.items import ListingItem
from crawlers.sites.config import SiteConfig, SiteConfigError, load_site_config
from crawlers.sites.extract import index_page, page_listings
from crawlers.spiders.offload import OffReactorCallbacks


class SiteSpider(OffReactorCallbacks, scrapy.Spider):
    name = "site"

    @classmethod
    def check_arguments(cls, arguments: dict[str, str]) -> None:
        """Raise SiteConfigError (naming file and line) before the crawl starts."""
        cls.read_arguments(**arguments)

    @staticmethod
    def read_arguments(config: str | None = None, start_url: str | None = None,
                       max_pages: str | int | None = None, **_other) -> tuple[SiteConfig, list[str], int]:
        if not config:
            raise SiteConfigError("the site spider needs -a config=NAME_OR_PATH (a file in crawlers/site_configs/)")
        site = load_site_config(config)
        start_urls = [url.strip() for url in start_url.split(",") if url.strip()] if start_url else list(site.start_urls)
        for url in start_urls:
            if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).hostname:
                raise SiteConfigError(f"start_url is not an http(s) URL: {url!r}")
        try:
            page_limit = int(max_pages) if max_pages is not None else site.max_pages
        except ValueError:
            page_limit = 0
        if page_limit < 1:
            raise SiteConfigError(f"max_pages must be a whole number ≥ 1, got {max_pages!r}")
        return site, start_urls, page_limit

    def __init__(self, config: str | None = None, start_url: str | None = None,
                 max_pages: str | None = None, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.site, self.start_urls, self.max_pages = self.read_arguments(config, start_url, max_pages)
        start_hosts = {urlsplit(url).hostname for url in self.start_urls}
        # The offsite filter keeps the crawl on the site (and on a mirror given as start_url).
        self.allowed_domains = sorted(set(self.site.allowed_domains) | start_hosts)
        # The scope (crawlers/middlewares/scope.py): origins beyond the start URLs', private addresses.
        self.allowed_origins = list(self.site.allowed_origins)
        self.allow_private_addresses = self.site.allow_private_addresses

    async def start(self):
        for url in self.start_urls:
            yield self._request(url, self.parse, page_number=1)

    def index_results(self, response: Response):
        """An index page (for telegram also the page of messages): listings, then the next page."""
        response = self._decoded(response)
        if response is None:
            return
        links = index_page(self.site, response.text, response.url)
        self._count_refused(links.refused_urls)
        if self.site.family == "telegram":
            yield from self._items(response)
        else:
            if not links.listing_urls:
                self._skip(response, f"listing_links {self.site.listing_links!r} matched nothing")
            for url in links.listing_urls:
                yield self._request(url, self.parse_listing)
        yield from self._next_page(response, links.next_page_url)

    def listing_results(self, response: Response):
        response = self._decoded(response)
        if response is not None:
            yield from self._items(response)

    def _items(self, response: TextResponse):
        result = page_listings(self.site, response.text, response.url)
        stats = self.crawler.stats
        if result.problem:
            self._skip(response, result.problem)
        if result.posts_not_offering:
            stats.inc_value("site/posts_not_offering", result.posts_not_offering)
        if result.posts_without_key:
            self.logger.warning("%d post(s) without a key on %s (check post_key)", result.posts_without_key, response.url)
            stats.inc_value("site/posts_without_key", result.posts_without_key)
        fetched_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
        for listing in result.listings:
            yield ListingItem(**listing, encoding=response.encoding, fetched_at=fetched_at)

    def _next_page(self, response: TextResponse, next_url: str | None):
        page_number = response.meta.get("leakscout_page_number", 1)
        if next_url and page_number < self.max_pages:
            yield self._request(next_url, self.parse, page_number=page_number + 1)
        elif next_url:
            self.logger.info("Not following %s: max_pages (%d) reached", next_url, self.max_pages)
            self.crawler.stats.inc_value("site/max_pages_reached")

    def _request(self, url: str, callback, page_number: int | None = None) -> scrapy.Request:
        meta = {"site": self.site.name}   # the network layer keys sessions, slots and browser contexts by it
        if page_number is not None:
            meta["leakscout_page_number"] = page_number
        if self.site.render == "js":
            meta["playwright"] = True
            if self.site.screenshots:
                meta["leakscout_screenshot"] = True
        if self.site.session:
            meta["leakscout_session"] = self.site.session
        return scrapy.Request(url, callback=callback, meta=meta)

    def _decoded(self, response: Response) -> TextResponse | None:
        if not isinstance(response, TextResponse):
            self._skip(response, f"not a text page ({response.headers.get('Content-Type')})")
            return None
        if self.site.encoding and response.encoding != self.site.encoding:
            return response.replace(encoding=self.site.encoding)
        return response

    def _skip(self, response: Response, why: str) -> None:
        self.logger.warning("Skipping %s: %s", response.url, why)
        self.crawler.stats.inc_value("site/skipped_pages")

    def _count_refused(self, urls: list[str]) -> None:
        for url in urls:
            self.logger.warning("Refusing to follow %s (buys, downloads, signs in or posts)", url)
        if urls:
            self.crawler.stats.inc_value("site/refused_links", len(urls))
