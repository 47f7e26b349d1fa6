"""Fields from markup: the seller, date and price an element marks (a ``<time>``, ``data-author``,
``itemprop``, a link to a member's profile, a ``.username``/``.post-date``/``.price`` element)."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from parsel import Selector

from pipelines.extraction.visible import visible_pieces
from crawlers.sites.links import is_action_url
from crawlers.sites.selectors import clean, match_text

from .chrome import AWAY
from .dates import EPOCH_ATTRIBUTES, absolute_date, from_epoch
from .labels import is_label
from .measure import Measure
from .text import HAS_DIGIT, HAS_LETTER, class_and_id

_PROFILE_HREF = re.compile(
    r"(^|[/?&;._=-])(u|v|uid|user|users|member|members|memberlist|profile|profiles|vendor|vendors|seller|sellers|"
    r"shop|shops|store|stores|space|author|authors)($|[/?&;._=-])",
    re.IGNORECASE)
_NOT_NAMES = frozenset({"profile", "view profile", "website", "pm", "message", "send message", "find", "contact",
                        "shop", "store", "more", "view", "follow", "report"})
# "username", "bigusername" (vBulletin 3), "PostUser-name" (Flarum), "author", …
_USER_NAMES = re.compile(r"(^|[\s_-])(\w*user-?name|uname|nickname|nick|author|poster|creator|seller|vendor)"
                         r"($|[\s_-])", re.IGNORECASE)
_DATE_NAMES = re.compile(r"date|time|stamp|posted|published|created|dateline", re.IGNORECASE)
_PRICE_NAMES = re.compile(r"(^|[\s_-])(price|cost|amount)($|[\s_-])", re.IGNORECASE)
_DATE_ITEMPROPS = ("datepublished", "datecreated", "uploaddate", "releasedate")
_DATA_AMOUNT = re.compile(r"\d[\d,.]*$")
MAX_NAME_CHARS = 40
MAX_SHORT_VALUE = 60


def posted_at_from_time_element(scope: Selector) -> str | None:
    """The ``datetime`` of the first ``<time>`` that has one, else the first ``<time>``'s text."""
    times = scope.css("time")
    return clean(scope.css("time::attr(datetime)").get()) or (clean(match_text(times[0])) if times else None)


class Marked:
    """The first element of each kind the markup marks as a seller, a date or a price, in one pass."""

    def __init__(self, scope, measure: Measure):
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
        names = class_and_id(element)
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
            self._keep("epoch", next(filter(None, (from_epoch(element.get(name)) for name in EPOCH_ATTRIBUTES)), None))
        if _DATE_NAMES.search(names) and self._wants("date-class", element, MAX_SHORT_VALUE):
            text = _short_text(element)
            if text and HAS_DIGIT.search(text):
                self._keep("date-class", absolute_date(text, element))
        if itemprop == "price" and self._wants("itemprop-price", element, MAX_NAME_CHARS):
            text = _short_text(element)
            self._keep("itemprop-price", text if text and HAS_DIGIT.search(text) else clean(element.get("content")))
        if _PRICE_NAMES.search(names) and self._wants("price-class", element, MAX_NAME_CHARS):
            text = _short_text(element)
            if text and HAS_DIGIT.search(text):
                self._keep("price-class", text)
        if "data-price" not in self.found and element.get("data-price"):
            self._keep("data-price", _data_price(element))

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
        return self._first("itemprop-price", "price-class", "data-price")


def _data_price(element) -> str | None:
    """A price a script renders from ``data-price`` (and ``data-currency``): "0.015 BTC"."""
    amount = clean(element.get("data-price"))
    if not amount or len(amount) > MAX_NAME_CHARS or not _DATA_AMOUNT.match(amount):
        return None
    currency = clean(element.get("data-currency"))
    return f"{amount} {currency}" if currency and len(currency) <= 8 else amount


def _short_text(element) -> str | None:
    text = clean(" ".join(visible_pieces(element)))
    return text if text and len(text) <= MAX_SHORT_VALUE else None


def _short_name(element) -> str | None:
    """A user's name: short, with a letter, not an action ("View profile")."""
    text = _short_text(element)
    if not text or len(text) > MAX_NAME_CHARS or len(text.split()) > 4 or not HAS_LETTER.search(text):
        return None
    return None if text.casefold() in _NOT_NAMES or is_label(text) else text


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
