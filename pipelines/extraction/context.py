"""Helpers for looking around a match: clause/sentence limits and the scope of a figure."""
from __future__ import annotations

import re

_SENTENCE_BREAK = re.compile(r"[。；;!！?？\n|]|\.(?=\s)(?<!\d\.)")


def sentence_start(norm: str, pos: int, limit: int = 200) -> int:
    """Start of the sentence containing pos (looking back at most `limit` chars)."""
    lo = max(0, pos - limit)
    last = lo
    for m in _SENTENCE_BREAK.finditer(norm, lo, pos):
        last = m.end()
    return last


def window_before(norm: str, pos: int, width: int) -> str:
    """Up to `width` chars before pos, cut at a sentence break."""
    return norm[max(sentence_start(norm, pos, width), pos - width):pos]


def window_after(norm: str, pos: int, width: int) -> str:
    seg = norm[pos:pos + width]
    m = _SENTENCE_BREAK.search(seg)
    return seg[:m.start()] if m else seg
