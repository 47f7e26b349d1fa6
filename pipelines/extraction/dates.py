"""Posting date written in the listing -> ISO date. No "now": relative dates are ignored."""
from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from .terms import alternation

# Patterns start with their own first characters so the engine skips ahead fast; the character before
# a match (no digit before a year, no letter before a month) is checked in Python.
_NUMERIC = re.compile(r"(20\d{2}|19\d{2})\s?[-/.年]\s?(\d{1,2})\s?[-/.月]\s?(\d{1,2})(?!\d)")
_MONTHS = r"jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|august|september|october|november|december"
_WORDY = re.compile(
    rf"(?<![a-z])(?:(\d{{1,2}})(?:st|nd|rd|th)?\s(?:{_MONTHS})\.?,?\s(?:19|20)\d{{2}}"
    rf"|(?:{_MONTHS})\.?\s\d{{1,2}}(?:st|nd|rd|th)?,?\s(?:19|20)\d{{2}})(?![a-z0-9])"
)
_MONTH = re.compile(rf"{alternation(_MONTHS.split('|'))}(?![a-z])")  # a trie: one branch per letter
_YEAR = re.compile(r"(?:19|20)\d{2}(?!\d)")  # no digit before: checked in Python (a look-behind first is slow)
_WORDY_BEFORE_YEAR = 24  # "28th september., " : the longest day-and-month part before the year
_POSTED = re.compile(r"(?:posted|发布|发表|发帖|date|日期|时间|更新|updated|created|上架)")


def _valid(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def _wordy(norm: str):
    """_WORDY's matches; a wordy date ends in a year, so it is only tried just before one."""
    if not any(not "a" <= norm[m.start() - 1:m.start()] <= "z" for m in _MONTH.finditer(norm)):
        return
    last = 0
    for y in _YEAR.finditer(norm):
        if norm[y.start() - 1:y.start()].isdigit():
            continue
        m = _WORDY.search(norm, max(last, y.start() - _WORDY_BEFORE_YEAR), y.end())
        if m and m.end() == y.end() and not norm[y.end():y.end() + 1].isalnum():
            last = m.end()
            yield m


@lru_cache(maxsize=4096)  # listings of one site share a few dates, and dateparser costs ~1 ms a call
def _parse_wordy(text: str) -> str | None:
    import dateparser  # imported lazily: only month-name dates need it

    parsed = dateparser.parse(text, languages=["en"], settings={"PREFER_DAY_OF_MONTH": "first"})
    return parsed.date().isoformat() if parsed else None


def find_posted_at(norm: str) -> str | None:
    """The labelled date if any ("发布时间: 2024-03-05"), else the first full date in the text."""
    found: list[tuple[int, object]] = []   # (position, the match): read only when it may be the answer
    for m in _NUMERIC.finditer(norm):
        if not norm[m.start() - 1:m.start()].isdigit():
            found.append((m.start(), m))
    found += [(m.start(), m) for m in _wordy(norm)]
    if not found:
        return None
    found.sort(key=lambda item: item[0])
    # sample rows hold many dates (birth dates): each is looked at only near a label word
    labels = [(m.start(), m.end()) for m in _POSTED.finditer(norm)]
    first = None
    for pos, m in found:
        near_label = any(end > pos - 16 and start < pos for start, end in labels)
        if not near_label and first is not None:
            continue
        iso = _iso(m)
        if iso and near_label and _POSTED.search(norm[max(0, pos - 16):pos]):
            return iso
        first = first or iso
    return first


def _iso(m: re.Match) -> str | None:
    if m.re is _NUMERIC:
        return _valid(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    return _parse_wordy(m.group(0))
