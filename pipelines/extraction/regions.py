"""Places named in a listing -> ISO 3166-1 / ISO 3166-2 codes.

Chinese names are matched as substrings of the normalised text (longest match
wins), Latin names on word boundaries. One-character province abbreviations
(苏, 浙, 京 …) are only understood inside a few fixed phrases such as 江浙沪,
because on their own they collide with brand and ordinary words (苏宁, 京东).
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

import ahocorasick

from .data_files import tsv_rows
from .normalize import WORD_CHARS, norm_term
from .spans import furthest_end


# Fixed multi-region phrases using one-character abbreviations.
_PHRASES = {
    "江浙沪": ["CN-JS", "CN-ZJ", "CN-SH"],
    "京津冀": ["CN-BJ", "CN-TJ", "CN-HE"],
    "北上广深": ["CN-BJ", "CN-SH", "CN-GD"],
    "北上广": ["CN-BJ", "CN-SH", "CN-GD"],
    "珠三角": ["CN-GD"],
    "长三角": ["CN-SH", "CN-JS", "CN-ZJ", "CN-AH"],
    "东三省": ["CN-LN", "CN-JL", "CN-HL"],
    "两广": ["CN-GD", "CN-GX"],
    "港澳台": ["HK", "MO", "TW"],
    "国内外": [],   # "at home and abroad": no place
    "德州扑克": [],  # Texas hold'em, not the city of Dezhou
}
# Latin names that are ordinary words unless written in capitals in the original.
_CASE_SENSITIVE = {"us", "uk", "usa", "uae", "prc", "u.s.", "u.s.a."}


_CURRENCY_AFTER = re.compile(r"\s?dollars?(?![a-z])")


@dataclass(frozen=True)
class RegionHit:
    code: str
    start: int  # offsets in normalised text
    end: int


def _load() -> list[tuple[str, str]]:
    return [(norm_term(name), code) for code, names in tsv_rows("regions.tsv") for name in names.split("|")]


def _build():
    auto = ahocorasick.Automaton()
    for name, code in _load():
        auto.add_word(name, (name, [code]))
    for phrase, codes in _PHRASES.items():
        auto.add_word(norm_term(phrase), (norm_term(phrase), codes))
    auto.make_automaton()
    return auto


_AUTO = _build()
AUTOMATON = _AUTO  # also walked in the extractor's single pass (terms.TermScan)


def find_regions(norm: str, original: str | None = None, found=None) -> list[RegionHit]:
    """All region mentions, longest-leftmost, non-overlapping, in text order.

    `found`: this dictionary's hits from a shared pass (terms.TermScan), else the text is scanned here.
    """
    raw: list[tuple[int, int, list[str], str]] = []
    for end_idx, (name, codes) in (_AUTO.iter(norm) if found is None else found):
        start, end = end_idx - len(name) + 1, end_idx + 1
        # a Latin name must stand as a word (checked before sorting: most raw hits are inside words)
        if name[0].isascii() and (norm[start - 1:start] in WORD_CHARS or norm[end:end + 1] in WORD_CHARS):
            continue
        raw.append((start, end, codes, name))
    raw.sort(key=lambda r: (r[0], -(r[1] - r[0])))
    hits: list[RegionHit] = []
    last_end = -1
    for start, end, codes, name in raw:
        if start < last_end:
            continue
        if name[0].isascii():
            if _CURRENCY_AFTER.match(norm, end):
                continue  # "60,000 US dollars": a currency, not a place
            if name in _CASE_SENSITIVE and original is not None and len(original) == len(norm):
                if not original[start:end].isupper() and "." not in name:
                    continue
                if "." in name and not original[start:end].replace(".", "").isupper():
                    continue
        for code in codes:
            hits.append(RegionHit(code, start, end))
        last_end = end
    return hits


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
    """Unique codes; 'CN' first whenever any Chinese province is present (it is implied)."""
    seen: list[str] = []
    for h in hits:
        if h.code not in seen:
            seen.append(h.code)
    if any(c.startswith("CN-") for c in seen):
        seen = ["CN"] + [c for c in seen if c != "CN"]
    return seen


def is_subnational(code: str) -> bool:
    return "-" in code
