"""Number words shared by prices and counts: digits, separators, multipliers, Chinese numerals.

All patterns run on normalised (NFKC, case-folded) text. Quantifiers are bounded
so that adversarial input cannot cause catastrophic backtracking.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

import cn2an

MAX_DIGITS = 15  # anything longer is not a realistic price or count; ignored rather than overflowing

CJK_NUMERALS = "零〇一二两三四五六七八九十百千万亿"
# Digits with thousands separators, or plain digits with an optional decimal part,
# or a run of Chinese numerals.
NUM = (
    r"(?:(?<![\d.,])\d{1,3}(?:,\d{3}){1,5}(?:\.\d{1,8})?(?![\d,])"
    r"|(?<![\d.,])\d{1,20}(?:\.\d{1,8})?(?!\d)"
    r"|(?<![\d.])\.\d{1,8}"
    rf"|[{CJK_NUMERALS}]{{1,12}})"
)

# Multipliers after a number. Order matters: longer alternatives first.
MULTIPLIERS: dict[str, int] = {
    "百万": 1_000_000, "千万": 10_000_000, "亿": 100_000_000, "万": 10_000, "千": 1_000,
    "w": 10_000, "k": 1_000, "kk": 1_000_000, "m": 1_000_000, "mm": 1_000_000,
    "mil": 1_000_000, "mln": 1_000_000, "million": 1_000_000, "millions": 1_000_000,
    "billion": 1_000_000_000, "bn": 1_000_000_000, "b": 1_000_000_000,
    "thousand": 1_000, "thousands": 1_000, "lakh": 100_000, "crore": 10_000_000,
}
_ASCII_MULTS = sorted((k for k in MULTIPLIERS if k.isascii()), key=len, reverse=True)
_CJK_MULTS = sorted((k for k in MULTIPLIERS if not k.isascii()), key=len, reverse=True)
# ASCII multipliers must not run into a following letter ("5 minutes", "10 users").
MULT = (
    r"(?:\s?(?:" + "|".join(_CJK_MULTS) + r")"
    r"|\s?(?:" + "|".join(_ASCII_MULTS) + r")(?![a-z]))"
)

_WORD_NUMS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "hundred": 100, "a hundred": 100, "half a": 0.5, "half": 0.5, "a quarter": 0.25,
    "quarter of a": 0.25, "half of a": 0.5,
}
WORD_NUMBER = (
    r"(?<![a-z])(?P<wn>half(?: of)? a|a quarter|quarter of a|a hundred|an?|one|two|three|four|five|six|seven|eight|nine|ten"
    r"|eleven|twelve|fifteen|twenty|thirty|forty|fifty|hundred)\s(?P<wm>thousand|million|billion)(?![a-z])"
)
WORD_NUMBER_RE = re.compile(WORD_NUMBER)


def parse_number(token: str) -> Decimal | None:
    """'51,289' -> 51289, '2.1' -> 2.1, '五万' -> 50000, '百万' -> 1000000. None if not a number."""
    token = token.strip()
    if not token:
        return None
    if token[0].isdigit() or token[0] == ".":
        digits = token.replace(",", "")
        if len(digits.split(".")[0]) > MAX_DIGITS:
            return None
        try:
            return Decimal(digits)
        except InvalidOperation:
            return None
    if len(token) > 12:
        return None
    if token[0] in "十百千万亿":
        token = "一" + token  # cn2an wants "一百万", people write "百万"
    try:
        value = cn2an.cn2an(token, "normal")
    except Exception:  # cn2an raises bare ValueError/other on odd sequences
        return None
    return Decimal(str(value))


def apply_multiplier(value: Decimal, mult: str | None) -> Decimal:
    if not mult:
        return value
    return value * MULTIPLIERS[mult.strip()]


def word_number(wn: str, wm: str) -> Decimal:
    return Decimal(str(_WORD_NUMS[wn])) * MULTIPLIERS[wm]


def to_plain(value: Decimal) -> int | float:
    """int when integral, else float rounded to 8 places."""
    if value == value.to_integral_value():
        return int(value)
    return float(round(value, 8))
