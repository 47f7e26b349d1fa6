"""Number words shared by prices and counts: digits, separators, multipliers, Chinese numerals.

All patterns run on normalised (NFKC, case-folded) text. Quantifiers are bounded
so that adversarial input cannot cause catastrophic backtracking.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Iterable

import cn2an

MAX_DIGITS = 15  # anything longer is not a realistic price or count; ignored rather than overflowing

CJK_NUMERALS = "零〇一二两三四五六七八九十百千万亿"
# Digits with thousands separators, or plain digits with an optional decimal part,
# or a run of Chinese numerals. (A look-ahead at the comma first: most numbers have none.)
NUM = (
    r"(?:(?<![\d.])(?<!\d,)(?=\d++,\d)\d{1,3}(?:,\d{3}){1,5}(?:\.\d{1,8})?(?!\d|,\d)"
    r"|(?<![\d.])(?<!\d,)\d{1,20}(?:\.\d{1,8})?(?!\d)"
    r"|(?<![\d.])\.\d{1,8}"
    # a run of numerals right after digits is what is left of a number too long to read ("…7890万")
    rf"|(?<![\d{CJK_NUMERALS}])[{CJK_NUMERALS}]{{1,12}})"
)

# Multipliers after a number. Order matters: longer alternatives first.
MULTIPLIERS: dict[str, int] = {
    "百万": 1_000_000, "千万": 10_000_000, "亿": 100_000_000, "万": 10_000, "千": 1_000,
    "w": 10_000, "k": 1_000, "kk": 1_000_000, "m": 1_000_000, "mm": 1_000_000,
    "mil": 1_000_000, "mln": 1_000_000, "million": 1_000_000, "millions": 1_000_000,
    "billion": 1_000_000_000, "bn": 1_000_000_000, "b": 1_000_000_000,
    "thousand": 1_000, "thousands": 1_000, "lakh": 100_000, "crore": 10_000_000,
    # other languages of the markets ("mil" stays the English million: Spanish "mil" is ambiguous)
    "millones": 1_000_000, "millón": 1_000_000, "milhões": 1_000_000, "milhão": 1_000_000, "juta": 1_000_000,
    "млн": 1_000_000, "миллионов": 1_000_000, "миллиона": 1_000_000, "тыс": 1_000, "тысяч": 1_000,
    "mio": 1_000_000, "triệu": 1_000_000, "nghìn": 1_000, "ngàn": 1_000,
}
_ASCII_MULTS = sorted((k for k in MULTIPLIERS if k.isascii()), key=len, reverse=True)
_CJK_MULTS = sorted((k for k in MULTIPLIERS if not k.isascii()), key=len, reverse=True)


def first_of(words: Iterable[str]) -> str:
    """A look-ahead at the first characters of `words`, to put before their alternation: most positions fail
    on that one character test, where the engine would try the words one after another."""
    return "(?=[" + "".join(sorted({re.escape(w[0]) for w in words})) + "])"


# ASCII multipliers must not run into a following letter ("5 minutes", "10 users", "800 bản ghi").
MULT = (
    r"(?:\s?" + first_of(_CJK_MULTS) + "(?:" + "|".join(_CJK_MULTS) + r")"
    r"|\s?" + first_of(_ASCII_MULTS) + "(?:" + "|".join(_ASCII_MULTS) + r")(?![a-z\u00c0-\u024f\u1e00-\u1eff]))"
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
    r"|eleven|twelve|fifteen|twenty|thirty|forty|fifty|hundred)(?:\s(?P<wh>hundred))?\s(?P<wm>thousand|million|billion)(?![a-z])"
)
WORD_NUMBER_RE = re.compile(WORD_NUMBER)
WORD_NUMBERS = tuple(_WORD_NUMS)  # every word WORD_NUMBER starts with is one of these

# Number tokens: digit runs (separators, decimal point), runs of Chinese numerals, and the multiplier
# word that ends an English number word ("half a million"). Atomic groups: a token is never re-tried shorter.
_DIGITS = r"(?<![\d.])(?<!\d,)(?>\.?\d(?:[\d.,]*\d)?)"
_NUMERALS = rf"(?<![\d{CJK_NUMERALS}])(?>[{CJK_NUMERALS}]+)"
_WORDS = r"(?<![a-z])(?:thousand|million|billion)(?![a-z])"


# Right after a token, what any unit, multiplier or currency word starts with: a letter (any script)
# or a currency sign, maybe after "+" and spaces. A weak test that needs no Python per token.
# A run of numerals ending in its multiplier ("近百万", "三千万") is a figure whatever follows it.
_CHEAP_FOLLOW = r"(?:(?=\+?\s{0,2}[^\W\d_]|\s{0,2}[$€£¥₿₽₹฿])|(?<=[万亿]))"


@lru_cache(maxsize=8)
def _trigger(lead: frozenset[str]) -> re.Pattern:
    # Starts with a character class (a token's first character), so the engine's fast scan skips other
    # text without trying the pattern; every check of what stands before the token is a look-behind
    # written one character wider, since that first character is already read. The lead (a `lead`
    # character, then up to two spaces) is such a look-behind, so the match is the token.
    chars = "".join(re.escape(c) for c in sorted(lead))
    led = rf"(?P<led>(?<=[{chars}].)|(?<=[{chars}]\s.)|(?<=[{chars}]\s\s.))?" if lead else "(?P<led>(?!))?"
    # where a token may start (as _DIGITS and _NUMERALS say), then the lead, then the rest of the token
    # (no digit before either: most tries are inside a run of digits and stop at that first test)
    start = rf"(?<!\d.)(?:(?<=[\d.])(?<!\..)(?<!\d,.)|(?<=[{CJK_NUMERALS}])(?<![{CJK_NUMERALS}].))"
    rest = rf"(?>(?<=\.)\d(?:[\d.,]*\d)?|(?<=\d)(?:[\d.,]*\d)?|(?<=[{CJK_NUMERALS}])[{CJK_NUMERALS}]*)"
    return re.compile(rf"[\d.{CJK_NUMERALS}]{start}{led}{rest}(?(led)|{_CHEAP_FOLLOW})")


_WORD_TOKEN = re.compile(_WORDS)


def number_tokens(norm: str, lead: frozenset[str]) -> list[tuple[int, int, bool, str]]:
    """(start, end, is_word, lead char) of the number tokens that may start a price or a count.

    One regex pass keeps the tokens preceded by a `lead` character (up to two spaces between)
    or followed by something a unit or currency can start with; the rest (dates, masked phone
    numbers, sample ids) never reaches Python.
    """
    out = []
    for t in _trigger(lead).finditer(norm):
        start = t.start()
        if t.group("led") is None:
            out.append((start, t.end(), False, ""))
        else:
            j = start - 1
            while norm[j].isspace():
                j -= 1
            out.append((start, t.end(), False, norm[j]))
    if "thousand" in norm or "illion" in norm:
        out += [(w.start(), w.end(), True, "") for w in _WORD_TOKEN.finditer(norm)]
        out.sort()
    return out


class NumberScan:
    """The useful matches of pattern.finditer(text), found by trying the pattern only near number tokens.

    Every match of `pattern` contains a number token. It starts at the token, or at most `back`
    chars before it when the part before the number ends in a `lead` character (then up to two
    spaces); for a number word, at most `word_back` chars before it (None: the pattern reads no
    number words). A match is useful only with something before the number or, when there is
    none, with what `follow` matches right after the token (a unit, a currency, a multiplier;
    it must start as _CHEAP_FOLLOW says).
    """

    def __init__(self, pattern: re.Pattern, *, back: int = 0, lead: Iterable[str] = (),
                 follow: str | None = None, word_back: int | None = None, first: str | None = None,
                 anchored: bool = False):
        """`first`: a character class (without brackets) holding the first character of every match.
        The regex engine cannot see it through the optional words and look-behinds a pattern starts
        with; told, it skips the other characters instead of trying every alternative at each.

        `anchored`: every match holds one number token only, whole, and that token is one the scan
        keeps (its lead or its follow says so). The pattern is then only tried from `back` chars
        before each kept token to the token, never searched on through the text after it: the same
        matches, without the search to the end of the text when the last tokens have none."""
        if first is not None:
            pattern = re.compile(rf"(?=[{first}])(?:{pattern.pattern})", pattern.flags)
        self.pattern, self.back, self.word_back = pattern, back, word_back
        self.lead = frozenset(lead) if back else frozenset()
        self.follow = re.compile(follow) if follow else None
        self.anchored = anchored

    def finditer(self, text: str, tokens: list[tuple[int, int, bool, str]] | None = None):
        """`tokens`: number_tokens(text, L) for any L containing self.lead (computed here if None)."""
        tokens = number_tokens(text, self.lead) if tokens is None else tokens
        pos = 0
        for start, end, word, lead in tokens:
            if end <= pos or (word and self.word_back is None):
                continue
            has_lead = not word and lead in self.lead
            if self.follow is not None and not has_lead and not self.follow.match(text, end):
                continue
            lo = start - (self.back if has_lead else self.word_back if word else 0)
            if self.anchored:
                m = self._match_near(text, max(pos, lo), start)
                if m is not None:
                    yield m
                    pos = m.end()
                continue
            while end > pos:  # a match may end inside the token: then the rest of it is tried too
                m = self.pattern.search(text, max(pos, lo))
                if m is None:
                    return
                yield m
                pos = m.end() if m.end() > m.start() else m.end() + 1

    def _match_near(self, text: str, lo: int, start: int) -> re.Match | None:
        """The first match starting from `lo` to `start` (an anchored scan's token start)."""
        for at in range(lo, start + 1):
            m = self.pattern.match(text, at)
            if m is not None:
                return m
        return None


class FullScan:
    """A pattern that starts with its own words (a label, a noun), run over the whole text: the regex
    engine skips from one first character of those words to the next, which costs less than trying
    the pattern before every number token. Same interface as NumberScan."""

    lead: frozenset[str] = frozenset()

    def __init__(self, pattern: re.Pattern, needles: tuple[str, ...] = ()):
        """`needles`: strings of which every match holds one ("级" for "百万级"). A pattern that must start with
        a look-behind is not skipped through by the engine; a text without any needle is not scanned at all."""
        self.pattern, self.needles = pattern, needles

    def finditer(self, text: str, tokens: list | None = None):
        if self.needles and not any(needle in text for needle in self.needles):
            return iter(())
        return self.pattern.finditer(text)


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


def word_number(wn: str, wm: str, wh: str | None = None) -> Decimal:
    """"two hundred thousand" -> 200000: wn=two, wh=hundred, wm=thousand."""
    return Decimal(str(_WORD_NUMS[wn])) * (100 if wh else 1) * MULTIPLIERS[wm]


def to_plain(value: Decimal) -> int | float:
    """int when integral, else float rounded to 8 places."""
    if value == value.to_integral_value():
        return int(value)
    return float(round(value, 8))
