"""Helpers for looking around a match: clause/sentence limits and the scope of a figure."""
from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

# a sentence ends at one of these characters, or at a full stop before a space that does not follow a digit;
# one character class first lets the regex engine skip the text between breaks without trying the pattern
_SENTENCE_BREAK = re.compile(r"[。；;!！?？\n|.](?<!\d\.)(?:(?<!\.)|(?=\s))")


@lru_cache(maxsize=8)
def _breaks(norm: str) -> list[int]:
    """Offsets just after each sentence break; computed once per text."""
    return [m.end() for m in _SENTENCE_BREAK.finditer(norm)]


def sentence_start(norm: str, pos: int, limit: int = 200) -> int:
    """Start of the sentence containing pos (looking back at most `limit` chars)."""
    breaks = _breaks(norm)
    i = bisect_right(breaks, pos) - 1
    # a break ending exactly at pos+1 is not "before" pos; bisect on end offsets handles that
    last = breaks[i] if i >= 0 else 0
    return max(last, pos - limit, 0)


def window_before(norm: str, pos: int, width: int) -> str:
    """Up to `width` chars before pos, cut at a sentence break."""
    return norm[max(sentence_start(norm, pos, width), pos - width):pos]


def window_after(norm: str, pos: int, width: int) -> str:
    seg = norm[pos:pos + width]
    m = _SENTENCE_BREAK.search(seg)
    return seg[:m.start()] if m else seg
