"""The ``generic`` spider: listings of a site that has no adapter yet.

    leakscout crawl generic -a start_url=http://127.0.0.1:8808/leaks/index.html -s LEAKSCOUT_ALLOW_PRIVATE_ADDRESSES=true

Arguments (``-a name=value``): ``start_url`` (required), ``site`` (the listings' site name;
default ``generic-<host>``), ``max_pages`` (index pages followed, default 5), ``max_listings``
(default 100).

On each index page it takes the repeated item blocks that look most like listings (see
``crawlers.sites.generic``), follows their title links and the next page, and reads each
listing page with the ``auto`` rules. It never leaves the start URL's origin (scheme, host
and port; loopback and private addresses only with ``LEAKSCOUT_ALLOW_PRIVATE_ADDRESSES``),
never requests a link that buys, downloads, signs in or posts, and stops at its page and
listing bounds. Once a
site earns an adapter, use the ``site`` spider with its config instead.
"""
from __future__ import annotations

from datetime import datetime, timezone
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response, TextResponse

from crawlers.items import ListingItem
from crawlers.sites.generic import best_block_group, find_next_page, generic_listings, generic_messages
from crawlers.sites.links import same_site
from crawlers.spiders.offload import OffReactorCallbacks
from leakscout.core.errors import BadInput

DEFAULT_MAX_PAGES = 5
DEFAULT_MAX_LISTINGS = 100


class GenericSpider(OffReactorCallbacks, scrapy.Spider):
    name = "generic"

    @classmethod
    def check_arguments(cls, arguments: dict[str, str]) -> None:
        cls.read_arguments(**arguments)

    @staticmethod
    def read_arguments(start_url: str | None = None, site: str | None = None, max_pages=DEFAULT_MAX_PAGES,
                       max_listings=DEFAULT_MAX_LISTINGS, **_other) -> tuple[str, str, int, int]:
        parts = urlsplit(start_url or "")
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise BadInput(f"the generic spider needs -a start_url=http(s)://HOST/PAGE, got {start_url!r}")
        bounds = []
        for name, value in (("max_pages", max_pages), ("max_listings", max_listings)):
            try:
                bound = int(value)
            except (TypeError, ValueError):
                bound = 0
            if bound < 1:
                raise BadInput(f"{name} must be a whole number ≥ 1, got {value!r}")
            bounds.append(bound)
        return start_url, site or f"generic-{parts.hostname}", bounds[0], bounds[1]

    def __init__(self, start_url: str | None = None, site: str | None = None,
                 max_pages=DEFAULT_MAX_PAGES, max_listings=DEFAULT_MAX_LISTINGS, *args, **kwargs):
        super().__init__(*args, **kwargs)
        start_url, self.site_name, self.max_pages, self.max_listings = self.read_arguments(
            start_url, site, max_pages, max_listings)
        self.start_urls = [start_url]
        self.allowed_domains = [urlsplit(start_url).hostname]
        self.block_signature: str | None = None   # the kind of listing block the first index page showed
        self.listings_requested = 0

    async def start(self):
        yield scrapy.Request(self.start_urls[0], callback=self.parse, meta={"leakscout_page_number": 1})

    def index_results(self, response: Response):
        """An index page: follow what looks like listings, then the next page. A channel's message
        list (Telegram's t.me/s/ preview) is its own listings: one per message."""
        if not self._is_text(response):
            return
        messages = generic_messages(response.text, response.url, self.site_name)
        if messages:
            bounded = yield from self._message_items(messages, response)
        else:
            bounded = yield from self._listing_requests(response)
        if bounded:
            return
        page_number = response.meta.get("leakscout_page_number", 1)
        next_url = find_next_page(response.text, response.url)
        if next_url and page_number < self.max_pages and same_site(next_url, self.start_urls[0]):
            yield scrapy.Request(next_url, callback=self.parse, meta={"leakscout_page_number": page_number + 1})
        elif next_url:
            self.crawler.stats.inc_value("generic/max_pages_reached")

    def _message_items(self, messages: list[dict], response: Response):
        """The messages as items; returns True when max_listings stopped them."""
        for fields in messages:
            if not self._take_listing():
                return True
            yield self._item(fields, response)
        return False

    def _listing_requests(self, response: Response):
        """Requests for the listings the page links to; returns True when max_listings stopped them."""
        group = best_block_group(response.text, response.url, self.block_signature)
        if group is None:
            self.logger.warning("No repeated listing blocks found on %s", response.url)
            self.crawler.stats.inc_value("generic/pages_without_listings")
            return False
        self.block_signature = self.block_signature or group.signature
        for url in group.listing_urls:
            if not self._take_listing():
                return True
            yield scrapy.Request(url, callback=self.parse_listing)
        return False

    def _take_listing(self) -> bool:
        """Count one more listing against max_listings; False (and a stat) when there is no room left."""
        if self.listings_requested >= self.max_listings:
            self.crawler.stats.inc_value("generic/max_listings_reached")
            return False
        self.listings_requested += 1
        return True

    def listing_results(self, response: Response):
        if not self._is_text(response):
            return
        listings = generic_listings(response.text, response.url, self.site_name)
        if not listings:
            self.logger.warning("Skipping %s: no title or text", response.url)
            self.crawler.stats.inc_value("generic/skipped_pages")
            return
        for fields in listings:
            yield self._item(fields, response)

    @staticmethod
    def _item(fields: dict, response: Response) -> ListingItem:
        return ListingItem(**fields, encoding=response.encoding,
                           fetched_at=datetime.now(timezone.utc).isoformat(timespec="seconds"))

    def _is_text(self, response: Response) -> bool:
        if isinstance(response, TextResponse):
            return True
        self.logger.warning("Skipping non-text response %s (%s)", response.url, response.headers.get("Content-Type"))
        self.crawler.stats.inc_value("generic/skipped_pages")
        return False
