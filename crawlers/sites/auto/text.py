"""Small readings of text and elements that the other ``auto`` modules share."""
from __future__ import annotations

import re

HAS_DIGIT = re.compile(r"\d")
HAS_LETTER = re.compile(r"[^\W\d_]")


def class_and_id(element) -> str:
    """An element's class and id, the words a page names its parts with."""
    return f"{element.get('class') or ''} {element.get('id') or ''}"


def solid_chars(text: str | None) -> int:
    """Characters other than whitespace."""
    return sum(map(len, text.split())) if text else 0


# A price or a count ("$900", "0.05 BTC", "120k rows", "8万条", "Price"). A number is read from the start
# of its run of digits, commas and dots, once (linear on long runs of digits).
PRICE_OR_COUNT = re.compile(
    r"[$€£¥]\s?\d|\d\s?(btc|xmr|eth|usdt|usd|eur|元|块)\b"
    r"|(?<![\d,.])[,.]*+\d[\d,.]*+\s?+(?:(k|m|million|rows|records|accounts|users|gb|tb)\b|万|萬|亿|億|条|條|份|筆)"
    r"|price|价格|售价",
    re.IGNORECASE,
)
