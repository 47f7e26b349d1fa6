"""Dates as pages show them: a relative one ("3 天前", "posted 3 hours ago", "Yesterday") gives the
instant its element carries (``datetime``, ``title``, ``data-time`` in Unix seconds or ms)."""
from __future__ import annotations

import re
from datetime import datetime, timezone

from crawlers.sites.selectors import clean

_ABSOLUTE_DATE = re.compile(r"(19|20)\d\d|\d{1,2}[-/.]\d{1,2}[-/.]\d{2}")
EPOCH_ATTRIBUTES = ("data-time", "data-timestamp", "data-datetime", "data-date", "data-utime", "data-created")
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_CLOCK = r"(?:,?\s*(?:at\s+)?\d{1,2}:\d{2}(?::\d{2})?(?:\s?[ap]m)?)?"
# A date as a page writes it on its own: "2026-11-30 10:00", "11-30-2026, 10:00 AM", "Nov 30th, 2026",
# "30 Nov 2026", "2026年11月30日", "昨天 14:03", "3 天前", "2 days ago", "Yesterday, 14:03".
WRITTEN_DATE = re.compile(
    r"(?<!\d)(?:"
    r"(?:19|20)\d\d[-/.]\d{1,2}[-/.]\d{1,2}" + _CLOCK +
    r"|\d{1,2}[-/.]\d{1,2}[-/.](?:19|20)\d\d" + _CLOCK +
    r"|" + _MONTH + r"\s+\d{1,2}(?:st|nd|rd|th)?,?\s+(?:19|20)\d\d" + _CLOCK +
    r"|\d{1,2}(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?:19|20)\d\d" + _CLOCK +
    r"|(?:19|20)\d\d\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日(?:\s*\d{1,2}:\d{2})?"
    r"|(?:昨天|前天|今天)\s*\d{1,2}:\d{2}"
    r"|\d+\s*(?:秒|分钟|分鐘|小时|小時|天|周|週|个月|個月)前"
    r"|\d+\s+(?:second|minute|min|hour|day|week|month|year)s?\s+ago"
    r"|(?:yesterday|today)" + _CLOCK +
    r")(?!\d)",
    re.IGNORECASE,
)
MAX_DATE_PIECE = 60   # a date is looked for in short pieces only (a meta line, not a paragraph)


def absolute_date(shown: str, element) -> str:
    """``shown`` ("3 天前", "posted 3 hours ago", "Yesterday") or, when it has no date in it, the
    instant its element carries (``title``, ``datetime``, ``data-time`` in Unix seconds or ms)."""
    if _ABSOLUTE_DATE.search(shown) or element is None or not isinstance(element.tag, str):
        return shown
    for name in ("datetime", "title"):
        value = clean(element.get(name))
        if value and _ABSOLUTE_DATE.search(value):
            return value
    for name in EPOCH_ATTRIBUTES:
        instant = from_epoch(element.get(name))
        if instant:
            return instant
    return shown


def written_date(pieces: list[tuple[str, object]]) -> str | None:
    """The first date written on its own in a short piece (a post's head row, a byline)."""
    for piece, owner in pieces:
        if len(piece) > MAX_DATE_PIECE:
            continue
        match = WRITTEN_DATE.search(piece)
        if match:
            return absolute_date(match.group(0), owner)
    return None


def from_epoch(value: str | None) -> str | None:
    """A Unix time in seconds or ms (10 or 13 digits) as an ISO instant, if it falls in 2000–2099."""
    value = (value or "").strip()
    if not value.isdigit() or len(value) not in (10, 13):
        return None
    seconds = int(value) / (1000 if len(value) == 13 else 1)
    instant = datetime.fromtimestamp(seconds, timezone.utc)
    return instant.isoformat() if 2000 <= instant.year < 2100 else None
