"""Language from script counts (zh / en / ja / ko / ru / th / ar / …)."""
from __future__ import annotations

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


class _ScriptMap(dict):
    """str.translate table: a character of a counted script -> that script's mark, anything else -> dropped."""

    def __missing__(self, code: int) -> str | None:
        mark = next((_MARKS[s] for s, ranges in _SCRIPTS.items() if any(lo <= code <= hi for lo, hi in ranges)), None)
        self[code] = mark
        return mark


_MAP = _ScriptMap()


def detect_lang(text: str) -> str | None:
    marks = text[:20_000].translate(_MAP)  # one pass over the text; then one count per script
    n = {script: marks.count(mark) for script, mark in _MARKS.items()}
    if n["kana"] >= 2 and n["kana"] * 5 >= n["han"]:
        return "ja"
    if n["hangul"] >= 2 and n["hangul"] >= n["han"]:
        return "ko"
    # a Han character carries about as much as a Latin word: weight accordingly
    scores = {"zh": n["han"] * 4, "en": n["latin"], "ru": n["cyr"], "th": n["thai"], "ar": n["arabic"]}
    best = max(scores, key=scores.get)
    return best if scores[best] > 0 else None
