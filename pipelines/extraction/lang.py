"""Language from script counts (zh / en / ja / ko / ru / th / ar / …)."""
from __future__ import annotations


def detect_lang(text: str) -> str | None:
    han = kana = hangul = latin = cyr = thai = arabic = 0
    for ch in text[:20_000]:
        o = ord(ch)
        if 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF:
            han += 1
        elif 0x3040 <= o <= 0x30FF:
            kana += 1
        elif 0xAC00 <= o <= 0xD7AF:
            hangul += 1
        elif ch.isascii() and ch.isalpha():
            latin += 1
        elif 0x0400 <= o <= 0x04FF:
            cyr += 1
        elif 0x0E00 <= o <= 0x0E7F:
            thai += 1
        elif 0x0600 <= o <= 0x06FF:
            arabic += 1
    if kana >= 2 and kana * 5 >= han:
        return "ja"
    if hangul >= 2 and hangul >= han:
        return "ko"
    # a Han character carries about as much as a Latin word: weight accordingly
    scores = {"zh": han * 4, "en": latin, "ru": cyr, "th": thai, "ar": arabic}
    best = max(scores, key=scores.get)
    return best if scores[best] > 0 else None
