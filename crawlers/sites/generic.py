"""Finding listings on a site nobody wrote an adapter for: pure functions over (html, url).

An index page lists its listings as *repeated item blocks*: siblings of one kind (same tag,
same classes), each holding a link, a title and often a price or a count. Menus repeat too,
but they are almost all link text; so each group of siblings is scored by

    blocks × (1 + 2 × share of blocks that mention a price or a count) × (1.2 − link density)

and the best group's title links (the longest link text in each block) are the listings.
The next page is ``rel=next``, else a link whose class or text says "next". Only links on the
page's own host are returned, and never one that buys, downloads, signs in or posts.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin

from lxml import etree
from parsel import Selector

from crawlers.sites.auto import auto_body, auto_title, labelled_value, posted_at_from_time_element
from crawlers.sites.extract import url_key
from crawlers.sites.links import is_action_url, is_web_url, same_site
from crawlers.sites.selectors import clean

MIN_BLOCKS = 2
MAX_LINK_DENSITY = 0.85
PRICE_OR_COUNT = re.compile(
    r"[$€£¥]\s?\d|\d\s?(btc|xmr|eth|usdt|usd|eur|元|块)\b|\d[\d,.]*\s?(k|m|million|rows|records|accounts|users|gb|tb)\b"
    r"|\d[\d,.]*\s?(万|萬|亿|億|条|條|份|筆)|price|价格|售价",
    re.IGNORECASE,
)
_NEXT_TEXT = re.compile(
    r"^(next|next page|older|older posts|older entries|more|下一页|下页|后页|下一頁|›|»|>|→)(\s*[›»>→])?$",
    re.IGNORECASE,
)
_NEXT_CLASS = re.compile(r"(^|[\s_-])next($|[\s_-])", re.IGNORECASE)


@dataclass
class BlockGroup:
    signature: str
    listing_urls: list[str]
    score: float


def find_listing_links(html: str, url: str, signature: str | None = None) -> list[str]:
    """The listing URLs of an index page, in page order; empty when no group of blocks looks like listings."""
    best = best_block_group(html, url, signature)
    return best.listing_urls if best else []


def best_block_group(html: str, url: str, signature: str | None = None) -> BlockGroup | None:
    """The group of sibling blocks most like a list of listings. With ``signature`` (the kind of
    block found on the site's first index page) only that kind counts, and one block is enough:
    a last page may hold a single listing."""
    root = Selector(text=html).root
    best: BlockGroup | None = None
    for parent in root.iter():
        if not isinstance(parent.tag, str):
            continue
        groups: dict[str, list] = {}
        for child in parent:
            if isinstance(child.tag, str):
                groups.setdefault(_signature(child), []).append(child)
        for member_signature, members in groups.items():
            if signature is not None and member_signature != signature:
                continue
            group = _score_group(member_signature, members, url, min_blocks=1 if signature else MIN_BLOCKS)
            if group and (best is None or group.score > best.score):
                best = group
    return best


def find_next_page(html: str, url: str) -> str | None:
    page = Selector(text=html)
    candidates = page.css('a[rel~="next"]::attr(href), link[rel~="next"]::attr(href)').getall()
    for link in page.css("a[href]"):
        text = clean(link.xpath("string()").get()) or ""
        classes = link.attrib.get("class", "")
        if _NEXT_CLASS.search(classes) or _NEXT_TEXT.match(text):
            candidates.append(link.attrib["href"])
    for href in candidates:
        absolute = urljoin(url, href.strip())
        if absolute != url and _followable(absolute, url):
            return absolute
    return None


def generic_listing(html: str, url: str, site: str) -> dict[str, str | None] | None:
    """A listing page's fields by the ``auto`` rules; None when it has neither title nor text."""
    page = Selector(text=html)
    title, body = auto_title(page), auto_body(page)
    if not title and not body:
        return None
    return {
        "site": site,
        "listing_key": url_key(url),
        "url": url,
        "title": title,
        "body": body,
        "seller": labelled_value(page, "seller"),
        "posted_at": labelled_value(page, "posted_at") or posted_at_from_time_element(page),
        "price_text": labelled_value(page, "price"),
        "category": labelled_value(page, "category"),
        "lang_hint": clean(page.xpath("/html/@lang").get()),
    }


def _score_group(signature: str, members: list, url: str, min_blocks: int) -> BlockGroup | None:
    listing_urls: list[str] = []
    priced = 0
    text_chars = link_chars = 0
    for member in members:
        title_url = _title_link(member, url)
        if title_url is None or title_url in listing_urls:
            continue
        listing_urls.append(title_url)
        text = " ".join("".join(member.itertext()).split())
        text_chars += len(text)
        link_chars += sum(len(" ".join("".join(a.itertext()).split())) for a in _links(member))
        priced += bool(PRICE_OR_COUNT.search(text))
    if len(listing_urls) < min_blocks or text_chars == 0:
        return None
    link_density = min(link_chars / text_chars, 1.0)
    if link_density > MAX_LINK_DENSITY:  # a menu or a tag cloud, not listings
        return None
    score = len(listing_urls) * (1 + 2 * priced / len(listing_urls)) * (1.2 - link_density)
    return BlockGroup(signature, listing_urls, score)


def _title_link(block, url: str) -> str | None:
    """The block's followable link with the longest text: its title link."""
    best_url, best_length = None, 0
    for link in _links(block):
        absolute = urljoin(url, (link.get("href") or "").strip())
        length = len(" ".join("".join(link.itertext()).split()))
        if length > best_length and _followable(absolute, url) and absolute.split("#")[0] != url:
            best_url, best_length = absolute.split("#")[0], length
    return best_url


def _links(element) -> list:
    if element.tag == "a" and element.get("href"):
        return [element]
    return [a for a in element.iter("a") if a.get("href")]


def _followable(absolute: str, page_url: str) -> bool:
    return is_web_url(absolute) and same_site(absolute, page_url) and not is_action_url(absolute)


def _signature(element: etree._Element) -> str:
    classes = " ".join(sorted((element.get("class") or "").split()))
    return f"{element.tag}.{classes}"
