"""Language from script counts (zh / en / ja / ko / ru / th / ar / …)."""
from __future__ import annotations

import re

_SCRIPTS = {
    "han": re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]"),
    "kana": re.compile(r"[\u3040-\u30ff]"),
    "hangul": re.compile(r"[\uac00-\ud7af]"),
    "latin": re.compile(r"[A-Za-z]"),
    "cyr": re.compile(r"[\u0400-\u04ff]"),
    "thai": re.compile(r"[\u0e00-\u0e7f]"),
    "arabic": re.compile(r"[\u0600-\u06ff]"),
}


def detect_lang(text: str) -> str | None:
    sample = text[:20_000]
    n = {k: len(rx.findall(sample)) for k, rx in _SCRIPTS.items()}
    if n["kana"] >= 2 and n["kana"] * 5 >= n["han"]:
        return "ja"
    if n["hangul"] >= 2 and n["hangul"] >= n["han"]:
        return "ko"
    # a Han character carries about as much as a Latin word: weight accordingly
    scores = {"zh": n["han"] * 4, "en": n["latin"], "ru": n["cyr"], "th": n["thai"], "ar": n["arabic"]}
    best = max(scores, key=scores.get)
    return best if scores[best] > 0 else None
