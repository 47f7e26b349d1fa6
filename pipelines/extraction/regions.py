"""Places named in a listing -> ISO 3166-1 / ISO 3166-2 codes.

The vocabulary is data: data/regions.tsv (its header says how names are written there). Every form is a key
of one dictionary walked in the extractor's single pass (terms.TermScan): Chinese names match as substrings of
the normalised text (longest match wins), Latin, Greek and Cyrillic names as words; codes as sellers write
them ("[US]", "DE/AT/CH"), flags and country domains are keys too. The only other scan is one pattern over the
title for a code standing alone ("Fresh DE leads"). One-character province abbreviations (苏, 浙, 京 …) are
only understood inside fixed phrases such as 江浙沪, because on their own they collide with brand and ordinary
words (苏宁, 京东).
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Iterator

import ahocorasick

from .data_files import tsv_rows
from .normalize import WORD_CHARS, length_changes, norm_term
from .spans import furthest_end

# Forms of a key (how a name is written in regions.tsv)
NAME, STEM, BRACKET, LIST, DOMAIN, FLAG, TITLE_CODE = "name", "stem", "bracket", "list", "domain", "flag", "title code"
_BRACKETS = ("()", "[]", "【】")
_TITLE_MAX = 200          # a lone code is read in the first line, up to this many characters
_EMAIL_LOOKBACK = 80      # how far back a domain is checked for the "@" of an e-mail address
# A country's second-level zones: a domain under one is the country's ("shop.com.br", "portal.gov.in", "x.gouv.fr")
_ZONES = ("com", "co", "gov", "gob", "gouv", "org", "net", "edu", "ac", "go", "or", "ne", "nic", "gc", "gv", "mil")


@dataclass(frozen=True)
class Place:
    """One key of the dictionary and what it names."""
    key: str                     # normalised
    codes: tuple[str, ...]       # empty: names no place, hides the shorter names inside it
    form: str = NAME
    capitals: str | None = None  # the spelling whose capitals must be written ("US", "Polish")
    language: bool = False       # also a language's name ("Spanish")
    words: bool = False          # matched as a whole word (Latin, Greek, Cyrillic)
    plain: bool = field(init=False)  # read wherever it stands, nothing to check (a Chinese name, a flag)
    word: bool = field(init=False)   # a word whose only check is the currency after it ("Thai", "India")

    def __post_init__(self):
        simple = self.form in (NAME, FLAG) and self.capitals is None and not self.language
        object.__setattr__(self, "plain", simple and not self.words)
        object.__setattr__(self, "word", simple and self.words)


@dataclass(frozen=True)
class RegionHit:
    code: str
    start: int  # offsets in normalised text
    end: int


def _is_word_char(ch: str) -> bool:
    """A letter or digit of a script written with spaces between words (Latin, Greek, Cyrillic)."""
    return ch in WORD_CHARS or ("\x7f" < ch < "\u0590" and ch.isalnum())


class _WordCharTable(dict):
    """_is_word_char as a dictionary lookup (it is asked for the neighbours of every Latin hit); "" (the text's
    edge) is no word character."""

    def __missing__(self, ch: str) -> bool:
        out = self[ch] = _is_word_char(ch)
        return out


_WORD_CHAR = _WordCharTable({"": False})


def _forms(name: str, codes: tuple[str, ...]) -> Iterator[Place]:
    """The dictionary keys of one name as regions.tsv writes it."""
    language = name.endswith("~")
    name = name.rstrip("~")
    if name.startswith("[") and name.endswith("]"):  # the code as sellers write it: (DE) [DE] 【DE】 DE/AT/CH
        code = name[1:-1]
        for left, right in _BRACKETS:
            yield Place(norm_term(left + code + right), codes, BRACKET, capitals=code)
        yield Place(norm_term(code + "/"), codes, LIST, capitals=code, words=True)
        return
    if name.startswith("."):
        for zone in _ZONES:
            yield Place(norm_term("." + zone + name), codes, DOMAIN, words=True)
        return
    form = STEM if name.endswith("*") else NAME
    name = name.rstrip("*")
    spellings = [name[:-3], name[:-3] + "s"] if name.endswith("(s)") else [name]
    for spelled in spellings:
        key = norm_term(spelled)
        yield Place(key, codes, form, capitals=spelled if spelled != spelled.lower() else None, language=language,
                    words=_is_word_char(key[0]))


def _flag(code: str) -> str:
    """🇺🇸 for "US": the regional-indicator pair."""
    return "".join(chr(0x1F1E6 + ord(c) - ord("A")) for c in code)


def _load() -> tuple[dict[str, Place], dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """Dictionary keys, the codes sellers write (in brackets and lists), the codes read alone in a title."""
    places: dict[str, Place] = {}
    written: dict[str, tuple[str, ...]] = {}
    lone: dict[str, tuple[str, ...]] = {}
    countries: set[str] = set()

    def add(place: Place) -> None:
        known = places.get(place.key)
        if known is not None and known.codes != place.codes:
            raise ValueError(f"regions.tsv: {place.key!r} names {known.codes} and {place.codes}")
        places.setdefault(place.key, place)

    for codes_field, names in tsv_rows("regions.tsv"):
        codes = () if codes_field == "-" else tuple(codes_field.split())
        countries.update(c for c in codes if len(c) == 2)
        for name in names.split("|"):
            if name.endswith("^"):
                lone[name[:-1]] = codes
                continue
            if name.startswith("[") and name.endswith("]"):
                written[name[1:-1]] = codes
            for place in _forms(name, codes):
                add(place)
    for code in sorted(countries):
        add(Place(_flag(code), (code,), FLAG))
    return places, written, lone


_PLACES, _WRITTEN_CODES, _LONE_CODES = _load()


def _build():
    auto = ahocorasick.Automaton()
    for key, place in _PLACES.items():
        auto.add_word(key, place)
    auto.make_automaton()
    return auto


_AUTO = _build()
AUTOMATON = _AUTO  # also walked in the extractor's single pass (terms.TermScan)

# A code standing alone: two capitals, not inside a word, an amount (HK$), a domain or a slash list.
_LONE_CODE = re.compile(r"(?<![A-Za-z0-9_$&/.'\-])[A-Z]{2}(?![A-Za-z0-9_$&/'\-])")
_CURRENCY_AFTER = re.compile(r"\s?dollars?(?![a-z])|\$")   # "60,000 US dollars", "HK$": a currency, not a place
# "us" the pronoun: after these words, or in a title in capitals after a preposition ("WRITE TO US")
_TAKES_US = frozenset("contact email e-mail mail message pm dm ping join tell ask call text write reach visit "
                      "follow trust let help support about".split())
_PREPOSITION = frozenset("to for from with by of at".split())
# a language, not a place: "Spanish-language", "Chinese-speaking", "in French." / "in Spanish and Portuguese"
_LANGUAGE_AFTER = re.compile(r"[\s-]?(?:languages?|speaking|speakers?|version|translation|subtitles|interface)(?![a-z])")
_END_OF_PHRASE = re.compile(r"\s*(?:$|[^\w\s]|(?:and|or|only)(?![a-z]))")


class _Offsets:
    """Offsets between a text and its normal form, where some characters' normal form is not one character
    long (an emoji's variation selector is dropped, "ß" becomes "ss"). Built on first use. A text as long as its
    normal form is taken as aligned, as elsewhere in the extractor (a dropped and a doubled character that
    cancel out are not looked for)."""

    def __init__(self, text: str, norm: str):
        self.text = text
        self._same = len(text) == len(norm)
        self._ready = self._same

    def _prepare(self) -> None:
        self._ready = True
        self._text_at: list[int] = []
        self._norm_ends: list[int] = []
        self._shift: list[int] = []   # normal-form length minus one, summed up to and with each change
        total = 0
        for i, n in length_changes(self.text):
            total += n - 1
            self._text_at.append(i)
            self._norm_ends.append(i + 1 + total)
            self._shift.append(total)

    def to_text(self, pos: int) -> int:
        if not self._ready:
            self._prepare()
        if self._same:
            return pos
        k = bisect_right(self._norm_ends, pos)
        return pos - self._shift[k - 1] if k else pos

    def to_norm(self, pos: int) -> int:
        if not self._ready:
            self._prepare()
        if self._same:
            return pos
        k = bisect_left(self._text_at, pos)
        return pos + self._shift[k - 1] if k else pos

    def written(self, start: int, end: int) -> str:
        """The text as written for the normalised span [start, end)."""
        if self._same:
            return self.text[start:end]
        return self.text[self.to_text(start):self.to_text(end - 1) + 1]


def _stands_alone(norm: str, start: int, end: int, place: Place) -> bool:
    """Word limits of a key: a name is a whole word (a stem may go on), a list code starts a word, a domain's
    ending follows a label and ends the domain."""
    before, after = norm[start - 1:start] if start else "", norm[end:end + 1]
    if place.form == DOMAIN:
        return bool(before) and (_WORD_CHAR[before] or before == "-") and not (_WORD_CHAR[after] or after == "-")
    if _WORD_CHAR[before]:
        return False
    return place.form in (STEM, LIST) or not _WORD_CHAR[after]


def _capitals_written(place: Place, offsets: _Offsets, start: int, end: int) -> bool:
    written = offsets.written(start, end)
    return written == place.capitals or written.isupper()


def _previous_word(offsets: _Offsets, norm_start: int) -> str:
    before = offsets.text[max(0, offsets.to_text(norm_start) - 16):offsets.to_text(norm_start)].split()
    return before[-1].strip("(\"'") if before else ""


def _us_is_pronoun(offsets: _Offsets, start: int) -> bool:
    """"Contact US", "Join US"; in capitals also "WRITE TO US" (but "FRESH US LEADS" is the country)."""
    word = _previous_word(offsets, start)
    lowered = word.lower()
    return lowered in _TAKES_US or (lowered in _PREPOSITION and word.isupper())


def _language_reading(norm: str, start: int, end: int, chained: bool) -> bool:
    if _LANGUAGE_AFTER.match(norm, end):
        return True
    after_in = norm[max(0, start - 5):start].endswith(("in ", "into "))
    return (after_in or chained) and bool(_END_OF_PHRASE.match(norm, end))


def _domain_of_email(norm: str, start: int) -> bool:
    i, stop = start, max(0, start - _EMAIL_LOOKBACK)
    while i > stop and (norm[i - 1].isalnum() or norm[i - 1] in "-._"):
        i -= 1
    return norm[i - 1:i] == "@"


def _listed_code(norm: str, offsets: _Offsets, end: int) -> str | None:
    """The code after a list's "/" when it is one sellers write, in capitals ("US/CA")."""
    code = norm[end:end + 2]
    follows = norm[end + 2:end + 3]
    if len(code) < 2 or (follows and _is_word_char(follows)) or code.upper() not in _WRITTEN_CODES:
        return None
    return code.upper() if offsets.written(end, end + 2) == code.upper() else None


def _shouted(title: str, start: int, end: int) -> bool:
    """In a title written in capitals, is a word next to title[start:end] one of three capitals or more? Then a
    lone code may be a word ("BASE DE DATOS"); in "BR CPF lookup" it is not."""
    if any(c.islower() for c in title):
        return False
    before, after = title[:start].split()[-1:], title[end:].split()[:1]
    for word in before + after:
        letters = "".join(c for c in word if c.isalpha())
        if len(letters) >= 3 and letters.isupper():
            return True
    return False


def _lone_codes(offsets: _Offsets) -> list[tuple[int, int, Place]]:
    """Codes standing alone in the title ("Fresh DE leads", "HK telecom"), as raw hits in normalised offsets."""
    text = offsets.text
    head = len(text) - len(text.lstrip()) if text[:1].isspace() else 0
    cut = text.find("\n", head, head + _TITLE_MAX)
    title = text[:cut if cut >= 0 else head + _TITLE_MAX]
    out = []
    for m in _LONE_CODE.finditer(title, head):
        codes = _LONE_CODES.get(m.group())
        if codes is None or _shouted(title, m.start(), m.end()):
            continue
        start = offsets.to_norm(m.start())
        out.append((start, start + 2, Place(m.group().lower(), codes, TITLE_CODE)))
    return out


def find_regions(norm: str, original: str | None = None, found=None) -> list[RegionHit]:
    """All region mentions, longest-leftmost, non-overlapping, in text order.

    `original`: the text as written (capitals, a lone code in the title); without it, names whose capitals
    count are not read. `found`: this dictionary's hits from a shared pass (terms.TermScan), else the text is
    scanned here.
    """
    offsets = _Offsets(norm if original is None else original, norm)
    raw: list[tuple[int, int, Place]] = []
    for end_idx, place in (_AUTO.iter(norm) if found is None else found):
        start, end = end_idx - len(place.key) + 1, end_idx + 1
        # word limits are checked before sorting: most raw hits of Latin keys are inside words
        if place.words:
            if place.form == NAME:
                if _WORD_CHAR[norm[start - 1:start] if start else ""] or _WORD_CHAR[norm[end:end + 1]]:
                    continue
            elif not _stands_alone(norm, start, end, place):
                continue
        raw.append((start, end, place))
    if original is not None:
        raw.extend(_lone_codes(offsets))
    raw.sort(key=lambda r: (r[0], -(r[1] - r[0])))
    hits: list[RegionHit] = []
    last_end = language_end = -1
    for start, end, place in raw:
        if start < last_end:
            continue
        if place.plain or (place.word and not _CURRENCY_AFTER.match(norm, end)):
            for code in place.codes:
                hits.append(RegionHit(code, start, end))
            last_end = end
            continue
        if place.language and _language_reading(
                norm, start, end, language_end >= 0 and norm[language_end:start].strip(" ,/&") in ("", "and", "or")):
            language_end = last_end = end
            continue
        extra = _accepted(norm, offsets, original is not None, start, end, place, hits)
        if extra is None:
            continue
        for code in place.codes:
            hits.append(RegionHit(code, start, end))
        hits.extend(extra)
        last_end = end
    return hits


def _accepted(norm: str, offsets: _Offsets, cased: bool, start: int, end: int, place: Place,
              hits: list[RegionHit]) -> list[RegionHit] | None:
    """None when the hit names no place here; else the hits it brings besides its own codes (a list's last code)."""
    form = place.form
    if place.capitals is not None:
        if not cased or not _capitals_written(place, offsets, start, end):
            return None
        if place.key == "us" and (_us_is_pronoun(offsets, start) or norm.startswith(" $", end)):
            return None
    if form in (NAME, STEM) and place.words and _CURRENCY_AFTER.match(norm, end):
        return None
    if form == DOMAIN and _domain_of_email(norm, start):
        return None
    if form in (BRACKET, LIST) and hits and hits[-1].code.startswith("US-") and norm[hits[-1].end:start] in (" ", ", ", ","):
        return None  # "Los Angeles (CA)": the state's abbreviation
    if form == LIST:
        listed = _listed_code(norm, offsets, end)
        if listed is None:
            return None
        if norm[end + 2:end + 3] == "/":
            return []  # that code's own key is read next
        return [RegionHit(code, end, end + 2) for code in _WRITTEN_CODES[listed]]
    return []


def outside_names(hits: list[RegionHit], spans: list[tuple[int, int]]) -> list[RegionHit]:
    """The hits not inside one of `spans` (an organisation's name: "北京银行", "中国移动"). One sorted pass."""
    if not spans:
        return hits
    reach = furthest_end(spans)
    return [h for h in hits if reach(h.start) < h.end]


def in_window(hits: list[RegionHit], starts: list[int], lo: int, hi: int) -> list[RegionHit]:
    """The hits inside [lo, hi); `hits` in text order (find_regions' order), `starts` their start offsets."""
    out = []
    i = bisect_left(starts, lo)
    while i < len(hits) and hits[i].start < hi:
        if hits[i].end <= hi:
            out.append(hits[i])
        i += 1
    return out


def codes_in_order(hits: list[RegionHit]) -> list[str]:
    """Unique codes; a subdivision brings its country before it ("US-TX" → US); 'CN' first whenever a Chinese
    province is present."""
    seen: list[str] = []
    for h in hits:
        code = h.code
        if code in seen:
            continue
        if "-" in code and code[:2] not in seen:
            seen.append(code[:2])  # ISO 3166-2: the country's alpha-2 code, "-", the subdivision
        seen.append(code)
    if any(c.startswith("CN-") for c in seen):
        seen = ["CN"] + [c for c in seen if c != "CN"]
    return seen


def is_subnational(code: str) -> bool:
    return "-" in code
