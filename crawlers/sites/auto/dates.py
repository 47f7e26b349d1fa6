"""Dates as pages show them: a relative one ("3 天前", "posted 3 hours ago", "Yesterday") gives the
instant its element carries (``datetime``, ``title``, ``data-time`` in Unix seconds or ms)."""
from __future__ import annotations

import re
from datetime import datetime, timezone

from crawlers.sites.selectors import clean

_ABSOLUTE_DATE = re.compile(r"(19|20)\d\d|\d{1,2}[-/.]\d{1,2}[-/.]\d{2}")
EPOCH_ATTRIBUTES = ("data-time", "data-timestamp", "data-datetime", "data-date", "data-utime")


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


def from_epoch(value: str | None) -> str | None:
    """A Unix time in seconds or ms (10 or 13 digits) as an ISO instant, if it falls in 2000–2099."""
    value = (value or "").strip()
    if not value.isdigit() or len(value) not in (10, 13):
        return None
    seconds = int(value) / (1000 if len(value) == 13 else 1)
    instant = datetime.fromtimestamp(seconds, timezone.utc)
    return instant.isoformat() if 2000 <= instant.year < 2100 else None
