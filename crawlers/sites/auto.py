"""``auto`` fields: what a listing page says without a selector written for it.

A page is measured once (``AutoPage``): page chrome (nav, header, footer, sidebars, forms, scripts),
hidden elements and *lists of links to other pages* (a sidebar of other listings, "similar threads",
"more from this vendor": three or more sibling blocks of one kind, each mostly its link) are set aside.

* title: the best of the page's title-like elements — an ``<h1>`` outside the chrome, an element
  named like a title (``.thread-title``, ``#thread_subject``, ``.product-name``, …), microdata
  (``itemprop="name"`` of a product or posting), a "Product:" label, the breadcrumb's last item,
  an ``<h2>``/``<h3>`` — the one that agrees with ``og:title``/``<title>`` first; else that
  document title without the site's name (og:site_name, the logo, the link home);
* body: the main text block — the first post when the page is a thread of posts; else from
  ``<body>`` down into the child holding most of the text outside links, while one does;
* seller, posted_at, price, category: the value written after a common label (``Seller: x``,
  ``<dt>Vendor</dt><dd>x</dd>``, ``<th>卖家</th><td>x</td>``, ``发表于 2017-11-23``), else what the
  markup says (a ``<time>``, ``data-author``, ``itemprop``, a link to a member's profile, a
  ``.username``/``.price``/``.post-date`` element) — looked for in the first post, then around the
  title and body, then (labels only) in the whole page.

Every step is one pass over the page, or over a part of it, or over a bounded number of small
elements: linear in the page's size.
"""
from __future__ import annotations

import re
from datetime import datetime, timezone
from functools import cached_property
from urllib.parse import urlsplit

from lxml import etree
from parsel import Selector

from pipelines.extraction.visible import BLOCK_TAGS, is_hidden, visible_pieces
from crawlers.sites.links import is_action_url
from crawlers.sites.selectors import clean, clean_lines, match_text

LABELS = {
    "seller": ("seller", "vendor", "sold by", "posted by", "author", "uploaded by", "thread starter", "started by",
               "卖家", "賣家", "商家", "作者", "楼主", "樓主", "发布者", "發布者", "发帖人"),
    "posted_at": ("posted on", "posted", "published", "listed", "created", "added", "date", "start date",
                  "发表于", "發表於", "发布时间", "發布時間", "发布于", "发帖时间", "时间", "時間", "日期"),
    "price": ("price", "asking price", "cost", "价格", "價格", "售价", "售價", "单价", "單價", "价钱"),
    "category": ("category", "sector", "section", "分类", "分類", "类别", "類別", "版块", "板块"),
    # Only for the title: the name of the thing sold, where a market writes it as a field.
    "title": ("product", "product name", "listing", "listing title", "item name", "title", "subject",
              "商品", "商品名称", "标题", "標題", "帖子标题"),
}
LISTING_FIELDS = ("seller", "posted_at", "price", "category")
# Longest first, so "posted by" wins over "posted" and "asking price" over "price".
_LABEL_PATTERNS = {
    name: re.compile(
        r"^(?:" + "|".join(re.escape(label) for label in sorted(labels, key=len, reverse=True)) + r")"
        r"(?:\s*[:：]\s*(?P<inline>.*)|\s+(?P<dated>\d.*)|\s*)$",
        re.IGNORECASE | re.DOTALL,
    )
    for name, labels in LABELS.items()
}


def _is_label(text: str) -> bool:
    return any(_LABEL_PATTERNS[name].match(text) for name in LISTING_FIELDS)


def _is_bare_label(text: str) -> bool:
    """A label without its value: "Seller", "Price:", "Description" is not one."""
    for name in LISTING_FIELDS:
        match = _LABEL_PATTERNS[name].match(text)
        if match and not (match.group("inline") or match.group("dated")):
            return True
    return False


MAX_LABELLED_VALUE = 120

_CHROME_TAGS = ("nav", "header", "footer", "aside", "form", "script", "style", "noscript", "template",
                "iframe", "button", "select", "textarea")
_CHROME_NAMES = re.compile(
    r"(^|[\s_-])(nav|navbar|menu|header|masthead|footer|sidebar|breadcrumbs?|comments?|share|social|"
    r"ads?|advert|banner|cookie|pagination|pager|pagenav|related|widget-area)($|[\s_-])",
    re.IGNORECASE,
)
_LOGO_NAMES = re.compile(r"(^|[\s_-])(logo|site-?title|site-?name|brand(?:ing)?|wordmark)($|[\s_-])", re.IGNORECASE)
DESCEND_SHARE = 0.75  # a child holding this much of its parent's text is the better block

# A list of links to other pages: at least LINK_LIST_BLOCKS sibling blocks of one kind, two thirds of
# them small (LINK_ITEM_MAX_CHARS) with their longest link LINK_ITEM_SHARE of their text or more.
LINK_LIST_BLOCKS = 3
LINK_ITEM_SHARE = 0.3
LINK_ITEM_MAX_CHARS = 400
# Posts of a thread: sibling blocks of one kind named like posts (a container "posts" is none), holding
# POSTS_SHARE of the page's text, with at most POSTS_LEAD_CHARS before the first (a title, a thread's
# meta line) or less than the first post itself. A product description followed by questions and
# answers is no thread: its description comes first.
POSTS_SHARE = 0.3
POSTS_LEAD_CHARS = 100
MAX_POST_GROUPS = 20        # groups of post-like blocks weighed per page
_POST_NAMES = re.compile(r"(^|[^a-z])(post|postbit|message|msg|reply|entry)([^a-z]|$)", re.IGNORECASE)
# Class tokens that differ between blocks of one kind: alternating rows (bg1/bg2, odd/even), ids in
# classes (js-threadListItem-88120), read state.
_VARYING_TOKEN = re.compile(r"\d|^(odd|even|alt|first|last|active|current|new|unread|read|online|offline)$",
                            re.IGNORECASE)

# -- title ---------------------------------------------------------------------------------------
_TITLE_NAMES = re.compile(r"title|subject|headline|product[-_]?name|item[-_]?name|listing[-_]?name", re.IGNORECASE)
_NOT_TITLE_NAMES = re.compile(
    r"subtitle|(site|blog|widget|block|section|box|panel|modal|menu|nav|footer|header|comments?|sidebar)[-_]*title",
    re.IGNORECASE)
_CRUMB_NAMES = re.compile(r"breadcrumb|crumbs", re.IGNORECASE)
_TITLE_ITEM_TYPES = re.compile(r"(Product|Offer|Article|Posting|CreativeWork|Dataset|Question|Thing)$", re.IGNORECASE)
# "Qudian students 1M | DarkMarket", "DarkMarket - Qudian students 1M", "Site :: Listing"
_TITLE_PARTS = re.compile(r"\s+[|·•–—-]\s+|\s+::\s+|\s+[»›]\s+")
MAX_TITLE_CHARS = 300       # an element with more text is a block, not a title
MAX_H1_CHARS = 1_000_000    # an <h1> is a heading whatever its length
MAX_TITLE_CANDIDATES = 200  # title-like elements read per page (a page may name every block "title")
# Base scores of title candidates; agreeing with the page's <title>/og:title adds AGREES (EQUALS if equal).
_SCORES = {"label": 5, "h1": 4, "named": 4, "microdata": 4, "crumb": 3, "chrome-h1": 2, "h2": 1, "h3": 0.5}
STRONG = 3
AGREES, EQUALS = 10, 11
SHORT_PENALTY = 2           # a one-word heading ("Description", "Seller") is rarely a listing's title

# -- seller, date, price --------------------------------------------------------------------------
_PROFILE_HREF = re.compile(
    r"(^|[/?&._=-])(u|uid|user|users|member|members|memberlist|profile|profiles|vendor|vendors|seller|sellers|"
    r"shop|shops|store|stores|space|author|authors)($|[/?&._=-])",
    re.IGNORECASE)
_NOT_NAMES = frozenset({"profile", "view profile", "website", "pm", "message", "send message", "find", "contact",
                        "shop", "store", "more", "view", "follow", "report"})
_USER_NAMES = re.compile(r"(^|[\s_-])(username|user-name|uname|nickname|nick|author|poster|creator|seller|vendor)"
                         r"($|[\s_-])", re.IGNORECASE)
_DATE_NAMES = re.compile(r"date|time|stamp|posted|published|created|dateline", re.IGNORECASE)
_PRICE_NAMES = re.compile(r"(^|[\s_-])(price|cost|amount)($|[\s_-])", re.IGNORECASE)
_DATE_ITEMPROPS = ("datepublished", "datecreated", "uploaddate", "releasedate")
_EPOCH_ATTRIBUTES = ("data-time", "data-timestamp", "data-datetime", "data-date", "data-utime")
MAX_NAME_CHARS = 40
SMALL_ELEMENT_COUNT = 60    # elements in a name, a date, a price or a title: read only such small ones
MAX_SHORT_VALUE = 60
# "Msgs: 233", "Joined: Jan 2023": a value that is itself a label and its value belongs to another field.
_LABEL_VALUE_PAIR = re.compile(r"^[^\W\d_]+(?: [^\W\d_]+){0,2}\s*[:：]")
_ABSOLUTE_DATE = re.compile(r"(19|20)\d\d|\d{1,2}[-/.]\d{1,2}[-/.]\d{2}")
_HAS_DIGIT = re.compile(r"\d")
_HAS_LETTER = re.compile(r"[^\W\d_]")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")

# Flags of an element (inherited from its ancestors, within the measured root).
CHROME, AWAY, LOGO, CRUMBS = 1, 2, 4, 8    # AWAY: hidden, or in a list of links to other pages


def auto_title(page: Selector) -> str | None:
    return AutoPage(page).title


def auto_body(scope: Selector) -> str | None:
    """The main text block of a page (or of an element: a post)."""
    return AutoPage(scope).body


def labelled_value(scope: Selector, field_name: str) -> str | None:
    """The value written after the first label for ``field_name`` (seller, posted_at, price, category)."""
    root = scope.root
    if not isinstance(root, etree._Element):
        return None
    return _labelled(_owned_pieces(root, {}), field_name)


def posted_at_from_time_element(scope: Selector) -> str | None:
    times = scope.css("time")
    return clean(scope.css("time::attr(datetime)").get()) or (clean(match_text(times[0])) if times else None)


class AutoPage:
    """The ``auto`` fields of one page (or of one element: a post), each read once and kept."""

    def __init__(self, scope: Selector):
        self.scope = scope
        root = scope.root
        self.root = root if isinstance(root, etree._Element) else None

    def field(self, name: str) -> str | None:
        """seller, posted_at, price or category."""
        return self._fields.get(name)

    @cached_property
    def _measure(self) -> "_Measure | None":
        return _Measure(self.root) if self.root is not None else None

    @cached_property
    def _title_choice(self) -> tuple[str | None, object]:
        if self._measure is None:
            return None, None
        return _TitleFinder(self._measure).choose()

    @property
    def title(self) -> str | None:
        return self._title_choice[0]

    @cached_property
    def _body_block(self):
        return self._measure.body_block() if self._measure is not None else None

    @cached_property
    def body(self) -> str | None:
        if self._body_block is None:
            return None
        return clean_lines(_block_text(self._body_block, self._measure))

    @cached_property
    def _fields(self) -> dict[str, str | None]:
        if self._measure is None:
            return {}
        measure = self._measure
        if measure.root.tag != "html":   # a post read alone: its fields are in it
            scopes = [measure.root]
        else:
            scopes = [measure.first_post] if measure.first_post is not None else []
            around = _around(self._title_choice[1], self._body_block, measure)
            if around is not None:
                scopes.append(around)
        readings = [_ScopeReading(scope, measure) for scope in scopes]
        values: dict[str, str | None] = {}
        for name in LISTING_FIELDS:
            values[name] = next(filter(None, (reading.value(name) for reading in readings)), None)
            if not values[name]:   # labels anywhere on the page, as a last resort (the old rule)
                values[name] = _labelled(measure.pieces(), name)
                if not values[name] and name == "posted_at":
                    values[name] = posted_at_from_time_element(self.scope)
        return values


# -- measuring a page ------------------------------------------------------------------------------

class _Measure:
    """One pass up the tree (children before parents: text sizes, lists of links), one pass down
    (flags inherited from ancestors, the thread's posts)."""

    def __init__(self, root):
        self.root = root
        self.set_aside: dict = {}   # element -> "chrome" | "hidden" | "links"
        self.solid: dict = {}       # element -> characters of its visible text (not whitespace), set-aside parts left out
        self.linked: dict = {}      # element -> of which inside links
        self.top_link: dict = {}    # element -> characters of its longest link
        self.count: dict = {}       # element -> elements in its subtree (itself included)
        self.flags: dict = {}
        self.first_post = None
        self._post_groups_weighed = 0
        self._measure_up()
        self._flag_down()

    @cached_property
    def _pieces_and_spans(self) -> tuple[list, dict]:
        spans: dict = {}
        return _owned_pieces(self.root, self.flags, spans), spans

    def pieces(self, scope=None) -> list[tuple[str, object]]:
        """The page's text pieces (each with its element), or those of ``scope``: read once."""
        pieces, spans = self._pieces_and_spans
        if scope is None or scope is self.root:
            return pieces
        span = spans.get(scope)
        if not isinstance(span, tuple):   # set aside (hidden, a link list): read on its own
            return _owned_pieces(scope, self.flags)
        return pieces[span[0]:span[1]]

    def text_size(self, element) -> int:
        """Characters of text outside links: link lists (menus, tag clouds) are not content."""
        return max(self.solid.get(element, 0) - self.linked.get(element, 0), 0)

    def _measure_up(self) -> None:
        for element in reversed(list(self.root.iter())):
            if not isinstance(element.tag, str):
                continue
            if element is not self.root:
                reason = _set_aside_reason(element)
                if reason:
                    self.set_aside[element] = reason
            kept = [child for child in element if isinstance(child.tag, str) and child not in self.set_aside]
            for child in self._link_items(kept):
                self.set_aside[child] = "links"
            solid, linked, top, count = _solid(element.text), 0, 0, 1
            for child in element:
                count += self.count.get(child, 1)
                reason = self.set_aside.get(child) if isinstance(child.tag, str) else None
                if reason is None and isinstance(child.tag, str):
                    solid += self.solid[child]
                    linked += self.linked[child]
                    top = max(top, self.top_link[child])
                if reason != "chrome":   # text after chrome is part of the chrome's line (e.g. "| Home")
                    solid += _solid(child.tail)
            if element.tag == "a":
                linked = top = solid
            self.solid[element], self.linked[element], self.top_link[element] = solid, linked, top
            self.count[element] = count

    def is_small(self, element, chars: int) -> bool:
        """At most ``chars`` characters of text in a few elements: cheap to read whole."""
        return self.solid.get(element, 0) <= chars and self.count.get(element, 1) <= SMALL_ELEMENT_COUNT

    def _link_items(self, children: list) -> list:
        groups: dict[str, list] = {}
        for child in children:
            if child.tag != "a" and self.solid[child] > 0:
                groups.setdefault(block_signature(child), []).append(child)
        items = []
        for members in groups.values():
            if len(members) < LINK_LIST_BLOCKS:
                continue
            linking = [m for m in members
                       if self.solid[m] <= LINK_ITEM_MAX_CHARS and self.top_link[m] >= LINK_ITEM_SHARE * self.solid[m]]
            if 3 * len(linking) >= 2 * len(members):
                items.extend(linking)
        return items

    def _flag_down(self) -> None:
        page_size = self.text_size(self.root)
        for element in self.root.iter():
            if not isinstance(element.tag, str):
                continue
            flags = 0
            if element is not self.root:
                flags = self.flags.get(element.getparent(), 0)
                reason = self.set_aside.get(element)
                if reason == "chrome":
                    flags |= CHROME
                elif reason:
                    flags |= AWAY
                if element.attrib and _LOGO_NAMES.search(_names(element)):
                    flags |= LOGO
            if element.attrib and _is_crumbs(element):
                flags |= CRUMBS
            self.flags[element] = flags
            if self.first_post is None and not flags & (CHROME | AWAY) and self._post_groups_weighed < MAX_POST_GROUPS:
                self.first_post = self._first_post(element, page_size)

    def _first_post(self, element, page_size: int):
        groups: dict[str, list] = {}
        for child in element:
            if isinstance(child.tag, str) and child not in self.set_aside and self.text_size(child) > 0:
                groups.setdefault(block_signature(child), []).append(child)
        for signature, members in groups.items():
            if len(members) < 2 or not _is_post(members[0]):
                continue
            # Blocks without a class are of one kind only when all are named like posts (div#post_12, div#post_13).
            if signature.endswith(".") and not all(map(_is_post, members)):
                continue
            self._post_groups_weighed += 1
            if sum(map(self.text_size, members)) < POSTS_SHARE * page_size:
                continue
            if self._text_before(members[0]) <= max(POSTS_LEAD_CHARS, self.text_size(members[0])):
                return members[0]
        return None

    def _text_before(self, element) -> int:
        """Characters of text outside links before ``element`` in the page (set-aside parts left out)."""
        before = 0
        while element is not self.root and element.getparent() is not None:
            parent = element.getparent()
            before += _solid(parent.text)
            for sibling in parent:
                if sibling is element:
                    break
                if isinstance(sibling.tag, str) and sibling not in self.set_aside:
                    before += self.text_size(sibling)
                if self.set_aside.get(sibling) != "chrome":
                    before += _solid(sibling.tail)
            element = parent
        return before

    def body_block(self):
        """From the first post (or the whole page) down into the child holding most of the text."""
        block = self.first_post if self.first_post is not None else self._start()
        while True:
            total = self.text_size(block)
            children = [child for child in block if isinstance(child.tag, str) and child not in self.set_aside]
            if not children or total == 0:
                return block
            richest = max(children, key=self.text_size)
            if self.text_size(richest) < DESCEND_SHARE * total:
                return block
            block = richest

    def _start(self):
        if self.root.tag == "html":
            body = self.root.find("body")
            if body is not None:
                return body
        return self.root


def _set_aside_reason(element) -> str | None:
    tag = element.tag.lower()
    # <head> itself is not set aside: its title, scripts and styles are by their tags, and the parser
    # puts there what a page without <body> writes before its first paragraph (<header><h1>…).
    if tag != "head" and is_hidden(element, tag):
        return "hidden"
    if _is_chrome(element):
        return "chrome"
    return None


def _is_chrome(element) -> bool:
    if element.tag.lower() in _CHROME_TAGS:
        return True
    if not element.attrib:
        return False
    names = f"{_names(element)} {element.get('role') or ''}"
    return bool(_CHROME_NAMES.search(names))


def _names(element) -> str:
    return f"{element.get('class') or ''} {element.get('id') or ''}"


def _is_crumbs(element) -> bool:
    if _CRUMB_NAMES.search(f"{_names(element)} {element.get('aria-label') or ''}"):
        return True
    return (element.get("itemtype") or "").endswith("BreadcrumbList")


def _is_post(element) -> bool:
    return bool(_POST_NAMES.search(_names(element)))


def block_signature(element) -> str:
    """The kind of a block: its tag and classes, without the class words that differ between
    blocks of one kind (alternating rows, ids, read state)."""
    classes = " ".join(sorted(token for token in (element.get("class") or "").split()
                              if not _VARYING_TOKEN.search(token)))
    return f"{element.tag}.{classes}"


def _solid(text: str | None) -> int:
    """Characters other than whitespace."""
    return sum(map(len, text.split())) if text else 0


def _block_text(block, measure: _Measure) -> str:
    """The visible text of ``block`` without what the measure set aside: one line per block element."""
    pieces: list[str] = []
    stack: list = [(block, True)]
    while stack:   # an explicit stack: hostile pages nest elements thousands deep
        entry = stack.pop()
        if isinstance(entry, str):
            pieces.append(entry)
            continue
        node, is_root = entry
        reason = None if is_root or not isinstance(node.tag, str) else measure.set_aside.get(node)
        if node.tail and not is_root and reason != "chrome":
            stack.append(node.tail)
        if not isinstance(node.tag, str) or reason:
            continue
        is_block = node.tag.lower() in BLOCK_TAGS
        if is_block:
            stack.append("\n")
        stack.extend((child, False) for child in reversed(node))
        if node.text:
            stack.append(node.text)
        if is_block:
            stack.append("\n")
    lines = (" ".join(line.split()) for line in "".join(pieces).split("\n"))
    return "\n".join(line for line in lines if line)


def _owned_pieces(root, flags: dict, spans: dict | None = None) -> list[tuple[str, object]]:
    """The visible text nodes under ``root``, stripped, each with the element it is the text of;
    hidden elements and those flagged AWAY left out. With ``spans``, each element's pieces (its
    text and its descendants', not its tail) are recorded there as a (start, end) range."""
    pieces: list[tuple[str, object]] = []
    stack: list = [(root, True)]
    while stack:
        entry = stack.pop()
        if isinstance(entry[0], str):
            text = entry[0].strip()
            if text:
                pieces.append((text, entry[1]))
            continue
        node, is_root = entry
        if is_root is None:   # the end of ``node``'s own pieces
            spans[node] = (spans[node], len(pieces))
            continue
        if node.tail and not is_root:
            stack.append((node.tail, node.getparent()))
        if not isinstance(node.tag, str):
            continue
        if is_root or not flags:   # no measure (or the root, never set aside): look at the element
            if is_hidden(node, node.tag.lower()):
                continue
        elif flags.get(node, 0) & AWAY:   # hidden or a list of links, as measured
            continue
        if spans is not None:
            spans[node] = len(pieces)
            stack.append((node, None))
        stack.extend((child, False) for child in reversed(node))
        if node.text:
            stack.append((node.text, node))
    return pieces


# -- labels ---------------------------------------------------------------------------------------

def _labelled(pieces: list[tuple[str, object]], field_name: str) -> str | None:
    pattern = _LABEL_PATTERNS[field_name]
    for index, (piece, owner) in enumerate(pieces):
        match = pattern.match(piece)
        if not match:
            continue
        value = match.group("inline") or match.group("dated")
        if not value:
            if index + 1 >= len(pieces):
                continue
            value, owner = pieces[index + 1]
            if _is_label(value) or _LABEL_VALUE_PAIR.match(value) or _in_heading_cell(owner):
                continue
        value = clean(value)
        if value and field_name == "posted_at":
            value = _absolute_date(value, owner)
        if value and len(value) <= MAX_LABELLED_VALUE:
            return value
    return None


def _in_heading_cell(element) -> bool:
    """A <dt> or <th> names a value; it is none (a table's header row, a user card's "Joined")."""
    for _ in range(3):
        if element is None or not isinstance(element.tag, str):
            return False
        if element.tag in ("dt", "th"):
            return True
        if element.tag in ("dd", "td", "tr", "dl", "table"):
            return False
        element = element.getparent()
    return False


def _absolute_date(shown: str, element) -> str:
    """``shown`` ("3 天前", "posted 3 hours ago", "Yesterday") or, when it has no date in it, the
    instant its element carries (``title``, ``datetime``, ``data-time`` in Unix seconds or ms)."""
    if _ABSOLUTE_DATE.search(shown) or element is None or not isinstance(element.tag, str):
        return shown
    for name in ("datetime", "title"):
        value = clean(element.get(name))
        if value and _ABSOLUTE_DATE.search(value):
            return value
    for name in _EPOCH_ATTRIBUTES:
        instant = _from_epoch(element.get(name))
        if instant:
            return instant
    return shown


def _from_epoch(value: str | None) -> str | None:
    value = (value or "").strip()
    if not value.isdigit() or len(value) not in (10, 13):
        return None
    seconds = int(value) / (1000 if len(value) == 13 else 1)
    instant = datetime.fromtimestamp(seconds, timezone.utc)
    return instant.isoformat() if 2000 <= instant.year < 2100 else None


# -- seller, posted_at, price, category in a part of the page ---------------------------------------

def _around(title_element, body_block, measure: _Measure):
    """The smallest element holding both the title and the body (a listing's head and text); without
    a title element, the body block's largest ancestor holding at most twice its text."""
    if body_block is None:
        return None
    ancestors = [body_block]
    while ancestors[-1] is not measure.root and ancestors[-1].getparent() is not None:
        ancestors.append(ancestors[-1].getparent())
    if title_element is None:
        limit = 2 * measure.text_size(body_block)
        return next((a for a in reversed(ancestors) if measure.text_size(a) <= limit), body_block)
    in_line = set(ancestors)
    element = title_element
    while element is not None and element not in in_line:
        element = element.getparent()
    return element if element is not None else body_block


class _ScopeReading:
    """The fields in one part of the page: a label's value first, else what the markup marks."""

    def __init__(self, scope, measure: _Measure):
        self.scope, self.measure = scope, measure
        self.pieces = measure.pieces(scope)

    @cached_property
    def marked(self) -> "_Marked":
        return _Marked(self.scope, self.measure)

    def value(self, name: str) -> str | None:
        value = _labelled(self.pieces, name)
        if value or name == "category":
            return value
        return getattr(self.marked, name)


class _Marked:
    """The first element of each kind the markup marks as a seller, a date or a price, in one pass."""

    def __init__(self, scope, measure: _Measure):
        self.measure = measure
        self.found: dict[str, str] = {}
        for element in scope.iter():
            if not isinstance(element.tag, str) or (not element.attrib and element.tag != "time"):
                continue
            if not measure.flags.get(element, 0) & AWAY:
                self._look(element)

    def _wants(self, kind: str, element, chars: int) -> bool:
        return kind not in self.found and self.measure.is_small(element, chars)

    def _keep(self, kind: str, value: str | None) -> None:
        if value:
            self.found[kind] = value

    def _look(self, element) -> None:
        tag = element.tag.lower()
        itemprop = (element.get("itemprop") or "").lower()
        names = _names(element)
        if "data-author" not in self.found:
            self._keep("data-author", clean(element.get("data-author")))
        if itemprop in ("author", "seller", "vendor", "creator") and self._wants("itemprop-author", element, 200):
            self._keep("itemprop-author", _microdata_name(element))
        if tag == "a" and element.get("href") and self._wants("profile-link", element, MAX_NAME_CHARS):
            if "author" in (element.get("rel") or "").split() or _is_profile_link(element.get("href")):
                self._keep("profile-link", _short_name(element))
        if _USER_NAMES.search(names) and self._wants("user-class", element, MAX_NAME_CHARS):
            self._keep("user-class", _short_name(element))
        if tag == "time" and self._wants("time", element, MAX_SHORT_VALUE):
            self._keep("time", clean(element.get("datetime")) or _short_text(element))
        if itemprop in _DATE_ITEMPROPS and self._wants("itemprop-date", element, MAX_SHORT_VALUE):
            self._keep("itemprop-date", clean(element.get("content") or element.get("datetime")) or _short_text(element))
        if "epoch" not in self.found:
            self._keep("epoch", next(filter(None, (_from_epoch(element.get(name)) for name in _EPOCH_ATTRIBUTES)), None))
        if _DATE_NAMES.search(names) and self._wants("date-class", element, MAX_SHORT_VALUE):
            text = _short_text(element)
            if text and _HAS_DIGIT.search(text):
                self._keep("date-class", _absolute_date(text, element))
        if itemprop == "price" and self._wants("itemprop-price", element, MAX_NAME_CHARS):
            text = _short_text(element)
            self._keep("itemprop-price", text if text and _HAS_DIGIT.search(text) else clean(element.get("content")))
        if _PRICE_NAMES.search(names) and self._wants("price-class", element, MAX_NAME_CHARS):
            text = _short_text(element)
            if text and _HAS_DIGIT.search(text):
                self._keep("price-class", text)

    def _first(self, *kinds: str) -> str | None:
        return next((self.found[kind] for kind in kinds if kind in self.found), None)

    @property
    def seller(self) -> str | None:
        return self._first("data-author", "itemprop-author", "profile-link", "user-class")

    @property
    def posted_at(self) -> str | None:
        return self._first("time", "itemprop-date", "epoch", "date-class")

    @property
    def price(self) -> str | None:
        return self._first("itemprop-price", "price-class")


def _short_text(element) -> str | None:
    text = clean(" ".join(visible_pieces(element)))
    return text if text and len(text) <= MAX_SHORT_VALUE else None


def _short_name(element) -> str | None:
    """A user's name: short, with a letter, not an action ("View profile")."""
    text = _short_text(element)
    if not text or len(text) > MAX_NAME_CHARS or len(text.split()) > 4 or not _HAS_LETTER.search(text):
        return None
    return None if text.casefold() in _NOT_NAMES or _is_label(text) else text


def _microdata_name(element) -> str | None:
    if element.get("itemscope") is None:
        return _short_name(element)
    for inner in element.iter():
        if isinstance(inner.tag, str) and inner is not element and inner.get("itemprop") == "name":
            return clean(inner.get("content")) or _short_name(inner)
    return None


def _is_profile_link(href: str) -> bool:
    parts = urlsplit(href.strip())
    return bool(_PROFILE_HREF.search(f"{parts.path}?{parts.query}")) and not is_action_url(href.strip())


# -- the title ------------------------------------------------------------------------------------

class _Candidate:
    def __init__(self, text: str, element, kind: str, order: int):
        self.text, self.element, self.order = text, element, order
        self.score = _SCORES[kind] - (SHORT_PENALTY if _word_count(text) < 2 else 0)
        self.agreement = 0

    @property
    def total(self) -> float:
        return self.score + self.agreement


class _TitleFinder:
    """The page's title candidates (scored), its document titles and the site's names, in one pass."""

    def __init__(self, measure: _Measure):
        self.measure = measure
        self.root = measure.root
        self.candidates: list[_Candidate] = []
        self.site_names: set[str] = set()
        self.chrome_h1s: list[_Candidate] = []
        self._read_elements()
        self._read_labels()
        self._read_site_metas()
        head_titles = self._head_titles()
        self._sort_chrome_h1s(head_titles)
        self.site_names = {name.casefold() for name in self.site_names if name}
        self.documents = [self._without_site_name(title) for title in head_titles]

    def choose(self) -> tuple[str | None, object]:
        kept = [c for c in self.candidates if c.text.casefold() not in self.site_names and not _is_bare_label(c.text)]
        for candidate in kept:
            candidate.agreement = self._agreement(_normal(candidate.text))
        best = max(kept, key=lambda c: (c.total, -c.order), default=None)
        if best is not None and (best.agreement or best.total >= STRONG):
            return best.text, best.element
        document = next((title for title, _ in self.documents if _is_informative(title)), None)
        if document:
            return document, self._element_reading(document)
        if best is not None:
            return best.text, best.element
        document = next((title for title, _ in self.documents if title), None)
        if document:
            return document, None
        return (self.site_h1s[0], None) if self.site_h1s else (None, None)

    def _read_elements(self) -> None:
        order = 0
        for element in self.root.iter():
            if not isinstance(element.tag, str):
                continue
            flags = self.measure.flags.get(element, 0)
            if flags & AWAY:
                continue
            tag = element.tag.lower()
            if not element.attrib and tag not in ("h1", "h2", "h3", "li") and not flags & LOGO:
                continue   # nothing names it a title, a crumb or the site
            kind = self._kind(element, tag, flags)
            if kind == "site" and self.measure.is_small(element, MAX_TITLE_CHARS):
                self.site_names.add(_text_or_alt(element))
            elif kind and len(self.candidates) < MAX_TITLE_CANDIDATES:
                text = self._text(element, _title_chars(tag))
                if text:
                    candidate = _Candidate(text, element, kind, order)
                    (self.chrome_h1s if kind == "chrome-h1" else self.candidates).append(candidate)
                    order += 1
            if tag == "a" and _is_home_link(element.get("href")) and self.measure.is_small(element, MAX_TITLE_CHARS):
                self.site_names.add(_text_or_alt(element))

    def _kind(self, element, tag: str, flags: int) -> str | None:
        """What kind of title candidate ``element`` is; "site" for the site's own name."""
        if flags & LOGO or _only_a_home_link(element):
            return "site" if tag in ("h1", "h2") or flags & LOGO else None
        if not self.measure.is_small(element, _title_chars(tag)):
            return None
        if flags & CRUMBS:
            return "crumb" if self._is_last_crumb(element, tag) else None
        if flags & CHROME:
            return "chrome-h1" if tag == "h1" else None
        itemprop = (element.get("itemprop") or "").lower()
        if itemprop == "headline" or (itemprop == "name" and _names_a_listing(element)):
            return "microdata"
        if tag in ("h1", "h2", "h3"):
            return tag
        names = _names(element)
        if _TITLE_NAMES.search(names) and not _NOT_TITLE_NAMES.search(names) and not _holds_blocks(element):
            return "named"
        return None

    def _is_last_crumb(self, element, tag: str) -> bool:
        """The breadcrumb's last item when it is not a link: the page itself."""
        if element.get("aria-current") == "page":
            return True
        if tag != "li" or self.measure.linked.get(element, 0) or _previous_element(element) is None:
            return False
        return _next_element(element) is None

    def _read_site_metas(self) -> None:
        for element in self.root.iter("meta"):
            key = (element.get("property") or element.get("name") or "").lower()
            if key in ("og:site_name", "application-name"):
                self.site_names.add(clean(element.get("content")) or "")

    def _read_labels(self) -> None:
        """A "Product: …" field names the listing (written as a field: with a colon, or in a cell)."""
        flags = self.measure.flags
        pieces = [(piece, owner) for piece, owner in self.measure.pieces() if not flags.get(owner, 0) & CHROME]
        pattern = _LABEL_PATTERNS["title"]
        for index, (piece, owner) in enumerate(pieces):
            match = pattern.match(piece)
            if not match:
                continue
            value = match.group("inline") or match.group("dated")
            is_field = piece.rstrip().endswith((":", "：")) or getattr(owner, "tag", None) in ("dt", "th", "td")
            if not value and is_field and index + 1 < len(pieces) and not _is_label(pieces[index + 1][0]):
                value, owner = pieces[index + 1]
            value = clean(value)
            if value and _is_informative(value) and len(value) <= MAX_TITLE_CHARS:
                self.candidates.append(_Candidate(value, owner, "label", -1))
                return

    def _head_titles(self) -> list[str]:
        """og:title, twitter:title, the headline's meta and <title>, as written."""
        texts = []
        for element in self.root.iter("meta"):
            key = (element.get("property") or element.get("name") or element.get("itemprop") or "").lower()
            if key in ("og:title", "twitter:title", "headline"):
                texts.append(element.get("content"))
        texts.extend(element.text for element in self.root.iter("title"))
        return [text for text in map(clean, texts) if text]

    def _sort_chrome_h1s(self, head_titles: list[str]) -> None:
        """A header's h1 is the site's name when <title> pairs it with a part that says something
        ("Acme users 1M | DarkMart"); else (a post's or a paste's header: "nginx.conf - GhostPaste")
        it may be the listing's title."""
        self.site_h1s = [candidate.text for candidate in self.chrome_h1s]
        paired = set()
        for title in head_titles:
            parts = [_normal(part) for part in _TITLE_PARTS.split(title) if part.strip()]
            for part in parts:
                if any(_is_informative(other) for other in parts if other != part):
                    paired.add(part)
        for candidate in self.chrome_h1s:
            if not _is_informative(candidate.text) and _normal(candidate.text) in paired:
                self.site_names.add(candidate.text)
            else:
                self.candidates.append(candidate)

    def _without_site_name(self, title: str) -> tuple[str, list[str]]:
        parts = [part for part in _TITLE_PARTS.split(title) if part.strip()]
        kept = [part for part in parts
                if part.casefold() not in self.site_names and not part.casefold().startswith("powered by")]
        text = " - ".join(kept) if kept and len(kept) < len(parts) else (title if kept else "")
        return text, [_normal(part) for part in kept]

    def _agreement(self, candidate: str) -> int:
        agreement = 0
        for text, parts in self.documents:
            for part in (_normal(text), *parts):
                if not part or not _is_informative(part):
                    continue
                if candidate == part:
                    return EQUALS
                shorter, longer = sorted((candidate, part), key=len)
                if shorter in longer and len(shorter) >= 0.6 * len(longer):
                    # "[出售] subject" holding the subject is the whole title; a piece of it is less.
                    agreement = max(agreement, EQUALS if longer == candidate else AGREES)
        return agreement

    def _element_reading(self, title: str):
        """The element whose text is the title (for where the listing is on the page), if one is."""
        wanted, size = _normal(title), _solid(title)
        tried = 0
        for element in self.root.iter():
            if not isinstance(element.tag, str) or self.measure.solid.get(element) != size:
                continue
            if not self.measure.is_small(element, MAX_TITLE_CHARS):
                continue
            if self.measure.flags.get(element, 0) & (AWAY | CHROME) or element.tag in ("title", "head", "html"):
                continue
            if _normal(self._text(element) or "") == wanted:
                return element
            tried += 1
            if tried >= MAX_TITLE_CANDIDATES:
                return None
        return None

    def _text(self, element, chars: int = MAX_TITLE_CHARS) -> str | None:
        text = clean(_block_text(element, self.measure))
        return text if text and len(text) <= chars else None


def _title_chars(tag: str) -> int:
    """An <h1> is a heading whatever its length; an element only named like a title is a block
    when it holds more than MAX_TITLE_CHARS."""
    return MAX_H1_CHARS if tag == "h1" else MAX_TITLE_CHARS


def _holds_blocks(element) -> bool:
    """A container (``div#topic-title`` holding the h1 and the category) is not itself a title."""
    return any(isinstance(child.tag, str) and child.tag.lower() in BLOCK_TAGS and child.tag.lower() != "br"
               for child in element)


def _names_a_listing(element) -> bool:
    """``itemprop="name"`` of the nearest item that is a product, an offer or a posting (not a person,
    an organization or a breadcrumb)."""
    for _ in range(40):
        if element is None or not isinstance(element.tag, str):
            return False
        if element.get("itemscope") is not None:
            return bool(_TITLE_ITEM_TYPES.search((element.get("itemtype") or "").rstrip("/")))
        element = element.getparent()
    return False


def _is_home_link(href: str | None) -> bool:
    if not href:
        return False
    parts = urlsplit(href.strip())
    path = parts.path.lower()
    return not parts.query and (path in ("", "/", "./", ".") or re.fullmatch(r"\.?/?index\.\w+", path) is not None)


def _only_a_home_link(element) -> bool:
    children = [child for child in element if isinstance(child.tag, str)]
    return (len(children) == 1 and children[0].tag == "a" and _is_home_link(children[0].get("href"))
            and not (element.text or "").strip())


def _next_element(element):
    sibling = element.getnext()
    while sibling is not None and not isinstance(sibling.tag, str):
        sibling = sibling.getnext()
    return sibling


def _previous_element(element):
    sibling = element.getprevious()
    while sibling is not None and not isinstance(sibling.tag, str):
        sibling = sibling.getprevious()
    return sibling


def _text_or_alt(element) -> str:
    text = clean(" ".join(visible_pieces(element)))
    if text:
        return text
    image = element.find(".//img")
    return clean(image.get("alt")) or "" if image is not None else ""


def _normal(text: str) -> str:
    return " ".join(text.casefold().split())


def _word_count(text: str) -> int:
    """Words with a letter or a digit ("-" and "|" are none); two CJK characters count as a word."""
    return sum(1 for word in text.split() if _HAS_LETTER.search(word) or _HAS_DIGIT.search(word)) \
        + len(_CJK.findall(text)) // 2


def _is_informative(title: str) -> bool:
    """A title that says something: a figure in it, or three words ("Marketplace", "ABYSS" are names)."""
    return bool(_HAS_DIGIT.search(title)) or _word_count(title) >= 3
