"""Labels and labelled values: the value written after a common label (``Seller: x``,
``<dt>Vendor</dt><dd>x</dd>``, ``<th>卖家</th><td>x</td>``, ``发表于 2017-11-23``)."""
from __future__ import annotations

import re

from crawlers.sites.selectors import clean

from .dates import WRITTEN_DATE, absolute_date
from .text import HAS_DIGIT, HAS_LETTER

LABELS = {
    "seller": ("seller", "vendor", "sold by", "posted by", "author", "uploaded by", "thread starter", "started by",
               "卖家", "賣家", "商家", "作者", "楼主", "樓主", "发布者", "發布者", "发帖人"),
    "posted_at": ("posted on", "posted", "published", "listed", "created", "added", "date", "start date",
                  "发表于", "發表於", "发布时间", "發布時間", "发布于", "发帖时间", "时间", "時間", "日期"),
    "price": ("price", "asking price", "cost", "价格", "價格", "售价", "售價", "单价", "單價", "价钱",
              "商品价格", "商品價格", "商品单价", "商品單價"),
    "category": ("category", "sector", "section", "分类", "分類", "类别", "類別", "版块", "板块"),
    # Only for the title: the name of the thing sold, where a market writes it as a field.
    "title": ("product", "product name", "listing", "listing title", "item name", "title", "subject",
              "商品", "商品名称", "标题", "標題", "帖子标题"),
}
LISTING_FIELDS = ("seller", "posted_at", "price", "category")
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
# Longest first, so "posted by" wins over "posted" and "asking price" over "price". Without a colon,
# a value must start like a date ("Posted 2024-03-04", "Listed Nov 30, 2026").
LABEL_PATTERNS = {
    name: re.compile(
        r"^(?:" + "|".join(re.escape(label) for label in sorted(labels, key=len, reverse=True)) + r")"
        r"(?:\s*[:：]\s*(?P<inline>.*)|\s+(?P<dated>(?:\d|" + _MONTH + r"\s+\d).*)|\s*)$",
        re.IGNORECASE | re.DOTALL,
    )
    for name, labels in LABELS.items()
}
# Fields written on one line: "卖家：x ｜ 发布时间：2026-11-28 ｜ 分类：物流", "by x · Nov 29, 2026 · Insurance".
_FIELD_BREAK = re.compile(r"\s+[|｜·•]\s+|\s*｜\s*")
# Marks before a label: "💰 Price: $400", "» Seller: x", "« on: …".
_LEADING_MARKS = re.compile(r"^[^\w\s]+\s*")
# What follows a date on its line: "Nov 30, 2026 by pointbreak", "2024-03-04 in Databases".
_AFTER_DATE = re.compile(r"\s+(?:by|in|from|von|par)(?:\s.*)?$", re.IGNORECASE | re.DOTALL)
# Words that join a sentence: after a badge ("Vendor") they are no seller's name.
_JOINING_WORDS = frozenset({"by", "to", "in", "on", "at", "of", "from", "for", "and", "or", "with"})
MAX_LABELLED_VALUE = 120
# "Msgs: 233", "Joined: Jan 2023": a value that is itself a label and its value belongs to another field.
_LABEL_VALUE_PAIR = re.compile(r"^[^\W\d_]+(?: [^\W\d_]+){0,2}\s*[:：]")


def is_label(text: str) -> bool:
    return any(LABEL_PATTERNS[name].match(text) for name in LISTING_FIELDS)


def is_bare_label(text: str) -> bool:
    """A label without its value: "Seller", "Price:", "Description" is not one."""
    for name in LISTING_FIELDS:
        match = LABEL_PATTERNS[name].match(text)
        if match and not (match.group("inline") or match.group("dated")):
            return True
    return False


def labelled(pieces: list[tuple[str, object]], field_name: str) -> str | None:
    """The value after the first label for ``field_name`` among ``pieces`` (text, element): on the
    label's own piece ("Seller: x", "x ｜ 发布时间：2026-11-28 ｜ …") or the next one
    ("<dt>Seller</dt><dd>x</dd>")."""
    pattern = LABEL_PATTERNS[field_name]
    for index, (piece, owner) in enumerate(pieces):
        segments = _FIELD_BREAK.split(piece) if _FIELD_BREAK.search(piece) else (piece,)
        for position, segment in enumerate(segments):
            match = pattern.match(_LEADING_MARKS.sub("", segment))
            if not match:
                continue
            value = match.group("inline") or match.group("dated")
            value_owner = owner
            if not value:
                if index + 1 >= len(pieces) or position + 1 < len(segments):
                    continue
                value, value_owner = pieces[index + 1]
                if is_label(value) or _LABEL_VALUE_PAIR.match(value) or _in_heading_cell(value_owner):
                    continue
            value = _field_value(clean(value), field_name, value_owner)
            if value and len(value) <= MAX_LABELLED_VALUE:
                return value
    return None


def _field_value(value: str | None, field_name: str, owner) -> str | None:
    if not value:
        return None
    if field_name == "posted_at":
        value = absolute_date(_AFTER_DATE.sub("", value), owner)
        # "Published" in a menu, then "Contact": a date has a figure, or says "yesterday".
        return value if HAS_DIGIT.search(value) or WRITTEN_DATE.search(value) else None
    if field_name == "seller" and (value.casefold() in _JOINING_WORDS or not HAS_LETTER.search(value)):
        return None   # "Vendor to /d/x" (a badge, then the sentence), "Seller 64" (a group, then a count)
    return value


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
