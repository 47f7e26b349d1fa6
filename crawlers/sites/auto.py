"""``auto`` fields: what a listing page says without a selector written for it.

* title: the first ``<h1>`` outside the page chrome, else ``og:title``, else ``<title>`` without the
  site's name;
* body: the main text block — page chrome (nav, header, footer, sidebars, forms, scripts)
  removed, then from ``<body>`` down into the child holding most of the text, while one does;
* seller, posted_at, price, category: the value written after a common label
  (``Seller: x``, ``<dt>Vendor</dt><dd>x</dd>``, ``<th>卖家</th><td>x</td>``, ``发表于 2017-11-23``).
"""
from __future__ import annotations

import copy
import re

from lxml import etree
from parsel import Selector

from pipelines.extraction.visible import visible_pieces
from crawlers.sites.selectors import clean, clean_lines, match_text

LABELS = {
    "seller": ("seller", "vendor", "sold by", "posted by", "author", "uploaded by",
               "卖家", "賣家", "商家", "作者", "楼主", "樓主", "发布者", "發布者", "发帖人"),
    "posted_at": ("posted on", "posted", "published", "listed", "created", "added", "date",
                  "发表于", "發表於", "发布时间", "發布時間", "发布于", "发帖时间", "时间", "時間", "日期"),
    "price": ("price", "asking price", "cost", "价格", "價格", "售价", "售價", "单价", "單價", "价钱"),
    "category": ("category", "sector", "section", "分类", "分類", "类别", "類別", "版块", "板块"),
}
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
    return any(pattern.match(text) for pattern in _LABEL_PATTERNS.values())

MAX_LABELLED_VALUE = 120

_CHROME_TAGS = ("nav", "header", "footer", "aside", "form", "script", "style", "noscript", "template",
                "iframe", "button", "select", "textarea")
_CHROME_NAMES = re.compile(
    r"(^|[\s_-])(nav|navbar|menu|header|masthead|footer|sidebar|breadcrumbs?|comments?|share|social|"
    r"ads?|advert|banner|cookie|pagination|pager|pagenav|related|widget-area)($|[\s_-])",
    re.IGNORECASE,
)
DESCEND_SHARE = 0.75  # a child holding this much of its parent's text is the better block


def auto_title(page: Selector) -> str | None:
    """The listing's heading: an ``<h1>`` outside the page chrome (a market's logo is often an h1 in its
    header), else ``og:title``, else ``<title>`` without the site's name, else an ``<h2>`` outside the chrome,
    else the chrome's h1."""
    headings = page.css("h1")
    for heading in headings:
        if not _in_chrome(heading.root):
            text = clean(match_text(heading))
            if text:
                return text
    for spec in ('meta[property="og:title"]::attr(content)', "title::text"):
        for match in page.css(spec):
            text = clean(match_text(match))
            if text:
                return _without_site_name(text, page)
    for heading in [*page.css("h2"), *headings]:  # a sub-heading of the content before the site's own name
        if heading.root.tag == "h1" or not _in_chrome(heading.root):
            text = clean(match_text(heading))
            if text:
                return text
    return None


# "Qudian students 1M | DarkMarket", "DarkMarket - Qudian students 1M"
_TITLE_PARTS = re.compile(r"\s+[|·•–—-]\s+|\s+::\s+")


def _without_site_name(title: str, page: Selector) -> str:
    """``<title>`` minus a part that names the site (the og:site_name, or the same text as a chrome heading)."""
    parts = _TITLE_PARTS.split(title)
    if len(parts) < 2:
        return title
    site_names = {clean(n) for n in page.css('meta[property="og:site_name"]::attr(content)').getall()}
    site_names |= {clean(match_text(h)) for h in page.css("h1, .logo, #logo") if _in_chrome(h.root)}
    site_names = {n.casefold() for n in site_names if n}
    kept = [part for part in parts if part.casefold() not in site_names]
    return " - ".join(kept) if kept and len(kept) < len(parts) else title


def _in_chrome(element) -> bool:
    """Whether ``element`` or an ancestor is page chrome (header, nav, footer, a logo block, ...)."""
    while element is not None and isinstance(getattr(element, "tag", None), str):
        if _is_chrome(element) or _LOGO_NAMES.search(f"{element.get('class') or ''} {element.get('id') or ''}"):
            return True
        element = element.getparent()
    return False


_LOGO_NAMES = re.compile(r"(^|[\s_-])(logo|site-?title|site-?name|brand(?:ing)?)($|[\s_-])", re.IGNORECASE)


def auto_body(scope: Selector) -> str | None:
    """The main text block of a page (or of an element: a post)."""
    root = scope.root
    if not isinstance(root, etree._Element):
        return None
    tree = copy.deepcopy(root)
    _strip_chrome(tree)
    body = tree.find(".//body") if tree.tag == "html" else tree
    block = body if body is not None else tree
    lengths = _text_lengths(block)
    while True:
        total = lengths[block]
        children = [child for child in block if isinstance(child.tag, str)]
        if not children or total == 0:
            break
        richest = max(children, key=lengths.__getitem__)
        if lengths[richest] < DESCEND_SHARE * total:
            break
        block = richest
    return clean_lines(match_text(Selector(root=block)))


def labelled_value(scope: Selector, field_name: str) -> str | None:
    """The value written after the first label for ``field_name`` (seller, posted_at, price, category)."""
    pattern = _LABEL_PATTERNS[field_name]
    pieces = text_pieces(scope)
    for index, piece in enumerate(pieces):
        match = pattern.match(piece)
        if not match:
            continue
        value = match.group("inline") or match.group("dated")
        if not value:
            following = pieces[index + 1] if index + 1 < len(pieces) else None
            if following is None or _is_label(following):
                continue
            value = following
        value = clean(value)
        if value and len(value) <= MAX_LABELLED_VALUE:
            return value
    return None


def posted_at_from_time_element(scope: Selector) -> str | None:
    times = scope.css("time")
    return clean(scope.css("time::attr(datetime)").get()) or (clean(match_text(times[0])) if times else None)


def text_pieces(scope: Selector) -> list[str]:
    """The visible text nodes under ``scope``, stripped, in document order."""
    root = scope.root
    pieces = visible_pieces(root) if isinstance(root, etree._Element) else []
    return [piece for piece in (p.strip() for p in pieces) if piece]


def _strip_chrome(tree) -> None:
    doomed = [element for element in tree.iter()
              if isinstance(element.tag, str) and element is not tree and _is_chrome(element)]
    for element in doomed:
        parent = element.getparent()
        if parent is not None:
            element.tail = None  # text after chrome is part of the chrome's line (e.g. "| Home")
            parent.remove(element)


def _is_chrome(element) -> bool:
    if element.tag.lower() in _CHROME_TAGS:
        return True
    names = f"{element.get('class') or ''} {element.get('id') or ''} {element.get('role') or ''}"
    return bool(_CHROME_NAMES.search(names))


def _text_lengths(root) -> dict:
    """Characters of text outside links of every element under ``root`` (link lists — menus, tag
    clouds — are not content). Summed from the children in one pass: a page nested n deep is not
    read n times."""
    solid: dict = {}
    in_links: dict = {}
    for element in reversed(list(root.iter())):
        if not isinstance(element.tag, str):
            continue
        own = _solid(element.text)
        links = 0
        for child in element:
            if isinstance(child.tag, str):
                own += solid[child]
                links += in_links[child]
            own += _solid(child.tail)
        solid[element] = own
        in_links[element] = links + (own if element.tag == "a" else 0)
    return {element: max(solid[element] - in_links[element], 0) for element in solid}


def _solid(text: str | None) -> int:
    """Characters other than whitespace."""
    return sum(map(len, text.split())) if text else 0
