"""Property-based runs of the page parsers (the demo page object, site-config and auto extraction,
the generic spider's block finder) on generated HTML, with a fixed, reproducible budget."""
from __future__ import annotations

from urllib.parse import urlsplit

from hypothesis import given, settings

from crawlers.pages.demo_market import parse_index, parse_listing
from crawlers.sites.auto import auto_body, auto_title, labelled_value, MAX_LABELLED_VALUE
from crawlers.sites.config import load_site_config
from crawlers.sites.extract import index_page, page_listings
from crawlers.sites.generic import find_listing_links, find_next_page, generic_listing
from crawlers.sites.links import is_action_url
from parsel import Selector
from tests.fuzz.strategies import SCRIPT_MARK, html_page
from tests.hostile.guard import time_limit

BUDGET = settings(max_examples=300, deadline=None, derandomize=True, database=None)
BASE = "http://127.0.0.1:8808"
LISTING_FIELDS = {"site", "listing_key", "url", "title", "body", "seller", "posted_at", "price_text", "category",
                  "lang_hint"}
DEMO_EN, DEMO_PASTE = load_site_config("demo-en"), load_site_config("demo-paste")


def _check_fields(fields: dict) -> None:
    assert set(fields) == LISTING_FIELDS
    assert all(value is None or (isinstance(value, str) and value == value.strip() and value) for value in fields.values())
    assert all(SCRIPT_MARK not in (value or "") for value in fields.values())   # script text is never page text
    assert "\n" not in (fields["title"] or "")


@BUDGET
@given(html_page)
def test_the_demo_page_object_parses_any_page(html):
    with time_limit(what="parse_listing"):
        en = parse_listing(html, f"{BASE}/en/listing/7.html")
        zh = parse_listing(html, f"{BASE}/zh/thread-7-1-1.html")
    for fields in (en, zh):
        _check_fields(fields)
    assert en["site"] == "demo-en" and zh["site"] == "demo-zh" and zh["listing_key"] == "7"


@BUDGET
@given(html_page)
def test_site_configs_and_auto_fields_parse_any_page(html):
    with time_limit(what="site extraction"):
        results = [page_listings(DEMO_EN, html, f"{BASE}/en/listing/7.html"),
                   page_listings(DEMO_PASTE, html, f"{BASE}/paste/view/abc.html")]
        generic = generic_listing(html, f"{BASE}/x/listing.html", "generic-fuzz")
        page = Selector(text=html)
        auto = [auto_title(page), auto_body(page), *(labelled_value(page, name)
                                                      for name in ("seller", "posted_at", "price", "category"))]
    for result in results:
        assert (result.listings == []) == (result.problem is not None)
        for listing in result.listings:
            _check_fields(listing)
            assert listing["title"] or listing["body"]
    if generic is not None:
        _check_fields(generic)
        assert generic["title"] or generic["body"]
    assert all(value is None or SCRIPT_MARK not in value for value in auto)
    assert all(value is None or len(value) <= MAX_LABELLED_VALUE for value in auto[2:])


@BUDGET
@given(html_page)
def test_index_parsers_only_ever_return_pages_to_read_on_the_same_site(html):
    url = f"{BASE}/en/market/page-1.html"
    with time_limit(what="index parsers"):
        demo_urls, demo_next = parse_index(html, url)
        config_index = index_page(DEMO_EN, html, url)
        generic_urls = find_listing_links(html, url)
        generic_next = find_next_page(html, url)
    for found in [*config_index.listing_urls, config_index.next_page_url, *generic_urls, generic_next]:
        if found is not None:
            assert urlsplit(found).scheme in ("http", "https") and not is_action_url(found)
    for found in [*generic_urls, generic_next]:
        if found is not None:
            assert urlsplit(found).netloc == "127.0.0.1:8808"
    assert all(isinstance(found, str) for found in demo_urls) and (demo_next is None or isinstance(demo_next, str))
