"""Page objects for the bundled demo market: parse its pages into fields, without any network.

Two layouts, told apart by the URL path prefix:

* ``/zh/`` — ``demo-zh``, a Discuz!-style Chinese forum (index ``forum-data-N.html``,
  threads ``thread-<tid>-1-1.html``; the listing is the thread's first post);
* ``/en/`` — ``demo-en``, an English market (index ``market/page-N.html``,
  listings ``listing/<id>.html``).

Every function takes already-decoded text: decoding the bytes (HTTP charset, ``<meta>``) is
the caller's job — Scrapy's ``response.text`` does it.
"""
from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from parsel import Selector

from pipelines.extraction.visible import visible_pieces, visible_text  # noqa: F401  (visible_text: part of the page API)
from crawlers.sites.links import is_action_url  # noqa: F401  (the one action-URL rule)

# The first index page of each demo site.
SITE_ENTRY_PATHS = {
    "demo-zh": "/zh/forum-data-1.html",
    "demo-en": "/en/market/page-1.html",
}

SITE_BY_PATH_PREFIX = {
    "/zh/": "demo-zh",
    "/en/": "demo-en",
}


def site_for_url(url: str) -> str | None:
    """The demo site key ("demo-zh", "demo-en") a URL belongs to, or None."""
    path = urlsplit(url).path
    for prefix, site in SITE_BY_PATH_PREFIX.items():
        if path.startswith(prefix):
            return site
    return None


def parse_index(html: str, url: str) -> tuple[list[str], str | None]:
    """An index page's listing URLs (absolute, in page order) and its next page URL, if any."""
    layout = _layout_for_url(url)
    selector = Selector(text=html)
    listing_urls = [urljoin(url, href.strip()) for href in layout.listing_hrefs(selector)]
    next_href = layout.next_page_href(selector)
    next_page_url = urljoin(url, next_href.strip()) if next_href else None
    return listing_urls, next_page_url


def parse_listing(html: str, url: str) -> dict[str, str | None]:
    """A listing detail page as ListingItem fields (all but ``encoding`` and ``fetched_at``,
    which describe the fetch, not the page)."""
    layout = _layout_for_url(url)
    selector = Selector(text=html)
    return {
        "site": site_for_url(url),
        "listing_key": layout.listing_key(selector, url),
        "url": url,
        "title": layout.title(selector),
        "body": layout.body(selector),
        "seller": layout.seller(selector),
        "posted_at": layout.posted_at(selector),
        "price_text": layout.price_text(selector),
        "category": layout.category(selector),
        "lang_hint": _clean(selector.xpath("/html/@lang").get()),
    }


class DiscuzForumLayout:
    """demo-zh: a Discuz! X3 forum. The listing is the first post of the thread."""

    _THREAD_ID_IN_URL = re.compile(r"thread-(\d+)-")

    def listing_hrefs(self, page: Selector) -> list[str]:
        # Sticky threads (stickthread_*) are rules and announcements, not listings.
        return page.css('tbody[id^="normalthread_"] a.xst::attr(href)').getall()

    def next_page_href(self, page: Selector) -> str | None:
        return page.css("div.pg a.nxt::attr(href)").get()

    def listing_key(self, page: Selector, url: str) -> str | None:
        match = self._THREAD_ID_IN_URL.search(urlsplit(url).path)
        return match.group(1) if match else None

    def title(self, page: Selector) -> str | None:
        return _clean(page.css("#thread_subject").xpath("string()").get())

    def body(self, page: Selector) -> str | None:
        message = self._first_post(page).css('td.t_f[id^="postmessage_"]')
        return visible_text(message[0]) if message else None

    def seller(self, page: Selector) -> str | None:
        return _clean(self._first_post(page).css("td.pls .authi a.xw1").xpath("string()").get())

    def posted_at(self, page: Selector) -> str | None:
        written = _clean(self._first_post(page).css('em[id^="authorposton"]').xpath("string()").get())
        if written is None:
            return None
        # Drop the "posted on" label (simplified or traditional), keep the date as written.
        return re.sub(r"^(发表于|發表於)\s*", "", written) or None

    def price_text(self, page: Selector) -> str | None:
        return _clean(self._first_post(page).css(".spi .price").xpath("string()").get())

    def category(self, page: Selector) -> str | None:
        thread_type = _clean(page.css("h1.ts > a").xpath("string()").get())
        return thread_type.strip("[]") if thread_type else None

    def _first_post(self, page: Selector) -> Selector:
        posts = page.css('#postlist > div[id^="post_"]')
        return posts[0] if posts else Selector(text="<html></html>")


class NightowlMarketLayout:
    """demo-en: an English market with one listing per page."""

    _LISTING_ID_IN_URL = re.compile(r"/listing/(\d+)\.html$")

    def listing_hrefs(self, page: Selector) -> list[str]:
        return page.css("div.listing-card a.listing-link::attr(href)").getall()

    def next_page_href(self, page: Selector) -> str | None:
        return page.css('nav.pagination a[rel="next"]::attr(href)').get()

    def listing_key(self, page: Selector, url: str) -> str | None:
        listing_id = page.css("article.listing::attr(data-listing-id)").get()
        if listing_id:
            return listing_id.strip()
        match = self._LISTING_ID_IN_URL.search(urlsplit(url).path)
        return match.group(1) if match else None

    def title(self, page: Selector) -> str | None:
        return _clean(page.css("article.listing h1.listing-title").xpath("string()").get())

    def body(self, page: Selector) -> str | None:
        description = page.css("article.listing div.listing-description")
        return visible_text(description[0]) if description else None

    def seller(self, page: Selector) -> str | None:
        return _clean(page.css("dl.listing-meta dd.vendor a").xpath("string()").get())

    def posted_at(self, page: Selector) -> str | None:
        return _clean(page.css("dl.listing-meta dd.listed").xpath("string()").get())

    def price_text(self, page: Selector) -> str | None:
        return _clean(page.css("dl.listing-meta dd.price").xpath("string()").get())

    def category(self, page: Selector) -> str | None:
        return _clean(page.css("dl.listing-meta dd.category").xpath("string()").get())


_LAYOUTS = {
    "demo-zh": DiscuzForumLayout(),
    "demo-en": NightowlMarketLayout(),
}


def _layout_for_url(url: str) -> DiscuzForumLayout | NightowlMarketLayout:
    site = site_for_url(url)
    if site is None:
        raise ValueError(f"not a demo market page: {url}")
    return _LAYOUTS[site]


def _clean(text: str | None) -> str | None:
    """Collapse whitespace; None for missing or blank text."""
    if text is None:
        return None
    collapsed = " ".join(text.split())
    return collapsed or None
