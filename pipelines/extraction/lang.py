"""Language from script counts (zh / en / ja / ko / ru / th / ar / …)."""
from __future__ import annotations

import re

_SCRIPTS = {   # script -> code-point ranges (inclusive)
    "han": ((0x3400, 0x4DBF), (0x4E00, 0x9FFF)),
    "kana": ((0x3040, 0x30FF),),
    "hangul": ((0xAC00, 0xD7AF),),
    "latin": ((0x41, 0x5A), (0x61, 0x7A)),
    "cyr": ((0x0400, 0x04FF),),
    "thai": ((0x0E00, 0x0E7F),),
    "arabic": ((0x0600, 0x06FF),),
}
_MARKS = {script: chr(0x41 + i) for i, script in enumerate(_SCRIPTS)}


def _script_table() -> list[str | None]:
    """str.translate table indexed by code point: a character of a counted script -> that script's mark,
    anything else -> dropped. Code points past the table are kept as they are: none of them is a mark."""
    top = max(hi for ranges in _SCRIPTS.values() for _, hi in ranges)
    table: list[str | None] = [None] * (top + 1)
    for script, ranges in _SCRIPTS.items():
        for lo, hi in ranges:
            table[lo:hi + 1] = [_MARKS[script]] * (hi - lo + 1)
    return table


_TABLE = _script_table()  # a list lookup costs half a dict's on a page of text
# The only counted ASCII characters are the Latin letters: they are counted in the text's bytes, and the
# character table is used on the rest only (str.translate looks up each character of a text that is not all ASCII).
_ASCII_RUNS = re.compile(r"[\x00-\x7f]+")
_NOT_LATIN_BYTES = bytes(b for b in range(128) if not ("A" <= chr(b) <= "Z" or "a" <= chr(b) <= "z"))


def detect_lang(text: str) -> str | None:
    text = text[:20_000]
    marks = _ASCII_RUNS.sub("", text).translate(_TABLE)  # one pass over the rest; then one count per script
    n = {script: marks.count(mark) for script, mark in _MARKS.items()}
    n["latin"] = len(text.encode("ascii", "ignore").translate(None, _NOT_LATIN_BYTES))
    if n["kana"] >= 2 and n["kana"] * 5 >= n["han"]:
        return "ja"
    if n["hangul"] >= 2 and n["hangul"] >= n["han"]:
        return "ko"
    # a Han character carries about as much as a Latin word: weight accordingly
    scores = {"zh": n["han"] * 4, "en": n["latin"], "ru": n["cyr"], "th": n["thai"], "ar": n["arabic"]}
    best = max(scores, key=scores.get)
    return best if scores[best] > 0 else None
