"""Finding listings on a site nobody wrote an adapter for: pure functions over (html, url).

An index page lists its listings as *repeated item blocks*: siblings of one kind (same tag,
same classes but for the words that number or alternate them: ``bg1``/``bg2``,
``js-threadListItem-88120``), each holding a link, a title and often a price or a count. Menus repeat too,
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

from parsel import Selector

from crawlers.sites.auto import AutoPage, block_signature
from crawlers.sites.auto.text import PRICE_OR_COUNT
from crawlers.sites.extract import url_key
from crawlers.sites.links import is_action_url, is_web_url, same_site
from crawlers.sites.selectors import clean

MIN_BLOCKS = 2
MAX_LINK_DENSITY = 0.85
_NEXT_TEXT = re.compile(
    r"^(next|next page|older|older posts|older entries|more|下一页|下页|后页|下一頁|›|»|>|→)(\s*[›»>→])?$",
    re.IGNORECASE,
)
_NEXT_CLASS = re.compile(r"(^|[\s_-])next($|[\s_-])", re.IGNORECASE)
# A link without text whose class says "more": Telegram's "tme_messages_more" loads older messages.
_MORE_CLASS = re.compile(r"(^|[\s_-])more($|[\s_-])", re.IGNORECASE)
MAX_MESSAGE_TITLE = 200  # a message without a title of its own is titled by a first line this short


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
    a last page may hold a single listing.

    One pass over the page, children before parents: what a block's score needs of its text is
    summed up from its children, never read again (a page nested n deep is not read n times)."""
    root = Selector(text=html).root
    blocks: dict = {}
    best: BlockGroup | None = None
    for element in reversed(list(root.iter())):
        block = _block(element, blocks, url)
        if block is None:
            continue
        groups: dict[str, list[_Block]] = {}
        for child in element:
            if isinstance(child.tag, str):
                groups.setdefault(block_signature(child), []).append(blocks[child])
        here: BlockGroup | None = None
        for member_signature, members in groups.items():
            if signature is None or member_signature == signature:
                group = _score_group(member_signature, members, min_blocks=1 if signature else MIN_BLOCKS)
                if group and (here is None or group.score > here.score):
                    here = group
            for member in members:
                member.text_start = ""   # read: the memory goes back
        # Parents come last-first here: on equal scores the one earlier in the page wins.
        if here and (best is None or here.score >= best.score):
            best = here
        blocks[element] = block
    return best


def find_next_page(html: str, url: str) -> str | None:
    page = Selector(text=html)
    candidates = page.css('a[rel~="next"]::attr(href), link[rel~="next"]::attr(href)').getall()
    for link in page.css("a[href]"):
        text = clean(link.xpath("string()").get()) or ""
        classes = link.attrib.get("class", "")
        if _NEXT_CLASS.search(classes) or _NEXT_TEXT.match(text) or (not text and _MORE_CLASS.search(classes)):
            candidates.append(link.attrib["href"])
    for href in candidates:
        absolute = urljoin(url, href.strip())
        if absolute != url and _followable(absolute, url):
            return absolute
    return None


def generic_listing(html: str, url: str, site: str) -> dict[str, str | None] | None:
    """A listing page's fields by the ``auto`` rules; None when it has neither title nor text."""
    page = Selector(text=html)
    reading = AutoPage(page)
    title, body = reading.title, reading.body
    if not title and not body:
        return None
    return _listing_fields(site, url, title, body, reading, clean(page.xpath("/html/@lang").get()))


def generic_listings(html: str, url: str, site: str) -> list[dict[str, str | None]]:
    """The listings of a listing page: one per message on a channel's message list, else the page's."""
    messages = generic_messages(html, url, site)
    if messages:
        return messages
    listing = generic_listing(html, url, site)
    return [listing] if listing else []


def generic_messages(html: str, url: str, site: str) -> list[dict[str, str | None]]:
    """A channel's messages (Telegram's t.me/s/ preview, a vendor's feed), each a listing at its own
    permalink on the site; empty when the page is no message list. A message without a title of its
    own is titled by its first line."""
    page = Selector(text=html)
    lang_hint = clean(page.xpath("/html/@lang").get())
    listings = []
    for message, permalink in AutoPage(page).messages:
        message_url = urljoin(url, permalink).split("#")[0]
        body = message.body
        if not same_site(message_url, url) or not body:
            continue
        first_line = body.split("\n", 1)[0]
        title = message.title or (first_line if len(first_line) <= MAX_MESSAGE_TITLE else None)
        listings.append(_listing_fields(site, message_url, title, body, message, lang_hint))
    return listings


def _listing_fields(site: str, url: str, title: str | None, body: str | None, reading: AutoPage,
                    lang_hint: str | None) -> dict[str, str | None]:
    return {
        "site": site,
        "listing_key": url_key(url),
        "url": url,
        "title": title,
        "body": body,
        "seller": reading.field("seller"),
        "posted_at": reading.field("posted_at"),
        "price_text": reading.field("price"),
        "category": reading.field("category"),
        "lang_hint": lang_hint,
    }


def _score_group(signature: str, members: list[_Block], min_blocks: int) -> BlockGroup | None:
    listing_urls: dict[str, None] = {}   # a dict: ordered, and "in" costs no scan
    priced = 0
    text_chars = link_chars = 0
    for member in members:
        if member.title_url is None or member.title_url in listing_urls:
            continue
        listing_urls[member.title_url] = None
        text_chars += member.text.length
        link_chars += member.link_chars
        priced += bool(PRICE_OR_COUNT.search(" ".join(member.text_start.split())))
    if len(listing_urls) < min_blocks or text_chars == 0:
        return None
    link_density = min(link_chars / text_chars, 1.0)
    if link_density > MAX_LINK_DENSITY:  # a menu or a tag cloud, not listings
        return None
    score = len(listing_urls) * (1 + 2 * priced / len(listing_urls)) * (1.2 - link_density)
    return BlockGroup(signature, list(listing_urls), score)


@dataclass(frozen=True)
class _Text:
    """What scoring needs of a text without holding it: the length of ``" ".join(text.split())``,
    kept exact when texts are joined (a word may run across the joint)."""
    chars: int = 0          # characters, whitespace included
    solid: int = 0          # characters other than whitespace
    words: int = 0
    starts_blank: bool = False
    ends_blank: bool = False

    @classmethod
    def of(cls, text: str | None) -> "_Text":
        if not text:
            return _EMPTY
        words = text.split()
        return cls(len(text), sum(map(len, words)), len(words), text[0].isspace(), text[-1].isspace())

    def __add__(self, other: "_Text") -> "_Text":
        if not other.chars:
            return self
        if not self.chars:
            return other
        joined = self.words and other.words and not self.ends_blank and not other.starts_blank
        return _Text(self.chars + other.chars, self.solid + other.solid, self.words + other.words - bool(joined),
                     self.starts_blank, other.ends_blank)

    @property
    def length(self) -> int:
        return self.solid + max(self.words - 1, 0)


_EMPTY = _Text()


@dataclass
class _Block:
    text: _Text             # the element's text (its descendants' included, its own tail not)
    text_start: str         # the first PRICE_TEXT_CHARS characters of that text
    link_chars: int         # text length of the links in it
    title_url: str | None   # its followable link with the longest text, the first of equals
    title_length: int


# A block's price or count is looked for in its first characters only.
PRICE_TEXT_CHARS = 1000


def _block(element, blocks: dict, url: str) -> _Block | None:
    """The element's _Block from its children's (None for a comment or a processing instruction)."""
    if not isinstance(element.tag, str):
        return None
    text, start = _Text.of(element.text), [element.text or ""]
    start_length = len(start[0])
    link_chars, title_url, title_length = 0, None, 0
    for child in element:
        if isinstance(child.tag, str):
            block = blocks[child]
            text += block.text
            link_chars += block.link_chars
            if block.title_length > title_length:
                title_url, title_length = block.title_url, block.title_length
            if start_length < PRICE_TEXT_CHARS:
                start.append(block.text_start)
                start_length += len(block.text_start)
        text += _Text.of(child.tail)
        if child.tail and start_length < PRICE_TEXT_CHARS:
            start.append(child.tail)
            start_length += len(child.tail)
    if element.tag == "a" and element.get("href"):
        # A link's own text makes its block's title; links nested in it (bad markup) do not count.
        link_chars, title_url, title_length = text.length, None, 0
        absolute = urljoin(url, element.get("href").strip()).split("#")[0]
        if text.length and _followable(absolute, url) and absolute != url:
            title_url, title_length = absolute, text.length
    return _Block(text, "".join(start)[:PRICE_TEXT_CHARS], link_chars, title_url, title_length)


def _followable(absolute: str, page_url: str) -> bool:
    return is_web_url(absolute) and same_site(absolute, page_url) and not is_action_url(absolute)

