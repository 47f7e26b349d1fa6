"""Every page parser of the crawler, as a pure function of (html) → the listing's fields or None."""
from __future__ import annotations

from crawlers.pages.demo_market import parse_index, parse_listing
from crawlers.sites.config import load_site_config
from crawlers.sites.extract import index_page, page_listings
from crawlers.sites.generic import best_block_group, find_next_page, generic_listing

LISTING_URL = "http://127.0.0.1:8808/en/listing/1.html"
PASTE_URL = "http://127.0.0.1:8808/paste/view/abc.html"
INDEX_URL = "http://127.0.0.1:8808/en/market/page-1.html"


def _site(config_name: str, url: str):
    def parse(html: str) -> dict | None:
        listings = page_listings(load_site_config(config_name), html, url).listings
        return listings[0] if listings else None
    return parse


LISTING_PARSERS = {
    "page object demo_market.parse_listing": lambda html: parse_listing(html, LISTING_URL),
    "site config demo-en (selectors)": _site("demo-en", LISTING_URL),
    "site config demo-paste (auto fields)": _site("demo-paste", PASTE_URL),
    "generic_listing (auto fields)": lambda html: generic_listing(html, LISTING_URL, "generic-test"),
}


def read_index_everywhere(html: str) -> None:
    """Runs every index-page parser over ``html`` (results unused: they must only not fail)."""
    parse_index(html, INDEX_URL)
    index_page(load_site_config("demo-en"), html, INDEX_URL)
    best_block_group(html, INDEX_URL)
    find_next_page(html, INDEX_URL)
