"""A site config applied to one page: pure functions over (config, html, url), no network.

* an index page gives listing URLs and the next index page (``index_page``);
* a listing page gives its listings (``page_listings``): one for the market, paste and leak
  families; one per post (forum thread) or per message (telegram channel page) for the others.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urljoin, urlsplit

from parsel import Selector

from crawlers.sites.auto import AutoPage
from crawlers.sites.config import AUTO, FIELD_NAMES, KeyRule, SiteConfig
from crawlers.sites.links import is_action_url, is_web_url
from crawlers.sites.offers import offers_data
from crawlers.sites.selectors import all_text, clean, first_text, select

TELEGRAM_TITLE_CHARS = 120
# ListingItem calls the page's own price field price_text.
_ITEM_FIELD = {"price": "price_text"}


@dataclass
class IndexPage:
    listing_urls: list[str]
    next_page_url: str | None
    refused_urls: list[str] = field(default_factory=list)   # action links where listings belong


@dataclass
class PageListings:
    listings: list[dict]
    problem: str | None = None          # why the page gave nothing (a selector matched nothing, …)
    posts_not_offering: int = 0         # forum posts left out by post_filter: offers
    posts_without_key: int = 0


def index_page(config: SiteConfig, html: str, url: str) -> IndexPage:
    """Listing URLs (absolute, in page order, each once) and the next index page's URL."""
    page = Selector(text=html)
    listing_urls: list[str] = []
    refused: list[str] = []
    if config.listing_links:
        for href in _hrefs(page, config.listing_links):
            absolute = urljoin(url, href)
            if not is_web_url(absolute):
                continue
            if is_action_url(absolute):
                refused.append(absolute)
            elif absolute not in listing_urls:
                listing_urls.append(absolute)
    next_page_url = None
    if config.next_page:
        for href in _hrefs(page, config.next_page):
            absolute = urljoin(url, href)
            if is_action_url(absolute):
                refused.append(absolute)
            elif is_web_url(absolute) and absolute != url:
                next_page_url = absolute
                break
    return IndexPage(listing_urls, next_page_url, refused)


def page_listings(config: SiteConfig, html: str, url: str) -> PageListings:
    page = Selector(text=html)
    if config.family == "forum":
        return _post_listings(config, page, url, thread_key=read_key(config.listing_key, page, url))
    if config.family == "telegram":
        return _post_listings(config, page, url, thread_key=None)
    return _single_listing(config, page, url)


def read_key(rule: KeyRule | None, scope: Selector, url: str) -> str | None:
    """A listing's (or post's) key by the config's rule; from the URL when there is no rule."""
    if rule is None:
        return url_key(url)
    if rule.url_regex is not None:
        match = rule.url_regex.search(url)
        return _group(match)
    text = first_text(scope, rule.selector)
    if text is None or rule.regex is None:
        return text
    return _group(rule.regex.search(text))


def url_key(url: str) -> str | None:
    """A key from the URL alone: the last path segment without its extension (the one before
    when that is ``index``), plus the query string if any."""
    parts = urlsplit(url)
    segments = [segment for segment in parts.path.split("/") if segment]
    stems = [segment.rsplit(".", 1)[0] if "." in segment else segment for segment in segments]
    while stems and stems[-1].lower() in ("index", "default", "view", "show"):
        stems.pop()
    key = stems[-1] if stems else parts.netloc
    return f"{key}?{parts.query}" if parts.query else key


def listing_fields(config: SiteConfig, scope: Selector, page: Selector,
                   page_reading: AutoPage | None = None) -> dict[str, str | None]:
    """Every field of FIELD_NAMES by the config (selector, auto or not extracted), keyed as in ListingItem.
    ``auto`` fields are read on the scope (a post, or the page itself); the title on the page."""
    page_reading = page_reading or AutoPage(page)
    scope_reading = page_reading if scope is page else AutoPage(scope)
    values = {}
    for name in FIELD_NAMES:
        spec = config.field_spec(name)
        values[_ITEM_FIELD.get(name, name)] = _field_value(name, spec, scope, page_reading, scope_reading,
                                                           config.family)
    return values


def _single_listing(config: SiteConfig, page: Selector, url: str) -> PageListings:
    if config.page_object:
        values = dict(page_object(config.page_object).fields(page, url))
        key = values.pop("listing_key", None) or read_key(config.listing_key, page, url)
    else:
        values = listing_fields(config, page, page)
        key = read_key(config.listing_key, page, url)
    if not values.get("title") and not values.get("body"):
        return PageListings([], problem="no title or body found (check the fields' selectors)")
    if not key:
        return PageListings([], problem="no listing key found (check listing_key)")
    return PageListings([_listing(config, page, url, key, values)])


def _post_listings(config: SiteConfig, page: Selector, url: str, thread_key: str | None) -> PageListings:
    posts = select(page, config.posts)
    if not posts:
        return PageListings([], problem=f"posts selector {config.posts!r} matched nothing")
    result = PageListings([])
    page_reading = AutoPage(page)   # the page's own auto title, read once for all its posts
    for post in posts:
        post_key = read_key(config.post_key, post, url)
        if not post_key:
            result.posts_without_key += 1
            continue
        values = listing_fields(config, post, page, page_reading)
        if config.post_filter == "offers" and not offers_data(values.get("body")):
            result.posts_not_offering += 1
            continue
        key = f"{thread_key}#{post_key}" if thread_key else post_key
        result.listings.append(_listing(config, page, url, key, values))
    return result


def _listing(config: SiteConfig, page: Selector, url: str, key: str, values: dict) -> dict:
    listing = {"site": config.name, "listing_key": key, "url": url}
    listing.update({_ITEM_FIELD.get(name, name): values.get(_ITEM_FIELD.get(name, name)) for name in FIELD_NAMES})
    listing["lang_hint"] = clean(page.xpath("/html/@lang").get())
    return listing


def _field_value(name: str, spec: str | None, scope: Selector, page_reading: AutoPage, scope_reading: AutoPage,
                 family: str) -> str | None:
    if spec is None:
        return None
    if spec != AUTO:
        return all_text(scope, spec) if name == "body" else first_text(scope, spec)
    if name == "title":
        if family == "telegram":  # a message has no title: its first line stands in
            body = scope_reading.body
            return body.split("\n", 1)[0][:TELEGRAM_TITLE_CHARS] if body else None
        return page_reading.title
    if name == "body":
        return scope_reading.body
    return scope_reading.field(name)


def _hrefs(page: Selector, spec: str) -> list[str]:
    """The link targets a selector names: its attribute/text results, or the href of matched links."""
    hrefs = []
    for match in select(page, spec):
        href = match.root if isinstance(match.root, str) else match.attrib.get("href")
        if href and href.strip() and not href.strip().startswith(("#", "javascript:", "mailto:")):
            hrefs.append(href.strip())
    return hrefs


def _group(match) -> str | None:
    if match is None:
        return None
    return clean(match.group(1) if match.re.groups else match.group(0))


@lru_cache(maxsize=None)
def page_object(reference: str):
    """An instance of the page-object class named ``package.module:ClassName``."""
    module_name, _, class_name = reference.partition(":")
    return getattr(importlib.import_module(module_name), class_name)()
