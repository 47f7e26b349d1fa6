"""Text normalisation shared by every matcher.

fold() is the one text normaliser (NFKC, format and zero-width characters removed,
look-alike separators folded): masking and clean text use it as it is. normalize()
adds Traditional to Simplified and case folding for matching. Both map each input
character independently so that an offset map back
to the original text can be rebuilt cheaply when a span has to be quoted as
written (claimed_source).
"""
from __future__ import annotations

import os
import unicodedata
from functools import lru_cache

import opencc

# Characters that carry no visible text but break matching (zero-width, joiners, bidi controls,
# BOM, soft hyphen, combining grapheme joiner, Mongolian vowel separator, variation selectors, tag
# characters). Every other format character (category Cf) and control character but tab and
# newline goes too.
_INVISIBLE = frozenset(
    [0x00AD, 0x034F, 0x061C, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180E, 0x200B, 0x200C, 0x200D, 0x200E,
     0x200F, 0x2060, 0x2061, 0x2062, 0x2063, 0x2064, 0x3164, 0xFEFF, 0xFFA0]
    + list(range(0x180B, 0x1810))   # Mongolian free variation selectors
    + list(range(0x202A, 0x202F))   # LRE RLE PDF LRO RLO
    + list(range(0x2066, 0x206A))   # LRI RLI FSI PDI
    + list(range(0x206A, 0x2070))   # deprecated format controls
    + list(range(0xFE00, 0xFE10))   # variation selectors (U+FE0F: emoji presentation)
    + list(range(0xE0000, 0xE0080))  # tag characters
    + list(range(0xE0100, 0xE01F0))  # variation selectors supplement
)
_KEPT_CONTROLS = frozenset((0x09, 0x0A, 0x0D))
# Look-alikes of the separators identifiers are written with, after NFKC (which already folds the
# full-width forms ＠ ： ｜ － and the small ﹫).
_LOOKALIKES = {
    **dict.fromkeys("\u2236\ua789\u02d0\u02f8\ufe13\ufe55\u0589\u05c3", ":"),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2212\u2043\ufe58\ufe63\u02d7", "-"),
    **dict.fromkeys("\u2502\u2223\u01c0\uffe8\u23d0", "|"),
    **dict.fromkeys("\u24d0\u24b6", "@"),     # circled a, as "@" is sometimes disguised
}


# Full-width punctuation of Chinese text stays as written ("，" "：" "（"): it is how the text reads,
# and the masker's patterns know it. Full-width letters, digits, "＠", "｜" and "－" are folded.
_KEPT_PUNCTUATION = frozenset(chr(c) for c in range(0xFF01, 0xFF5F)) - set("＠｜－") - {
    chr(c) for c in range(0xFF10, 0xFF1A)} - {chr(c) for c in range(0xFF21, 0xFF3B)} - {chr(c) for c in range(0xFF41, 0xFF5B)}


def fold_char(ch: str) -> str:
    """The one-character normal form every consumer shares: what `ch` reads as, or "" when it is
    invisible. NFKC (full-width and compatibility forms), any script's decimal digit as an ASCII
    digit, look-alike separators as the plain ones."""
    code = ord(ch)
    if code in _INVISIBLE or (code < 0x20 or 0x7F <= code < 0xA0) and code not in _KEPT_CONTROLS:
        return ""
    category = unicodedata.category(ch)
    if category == "Cf":
        return ""
    if category == "Nd":
        return str(unicodedata.decimal(ch))
    if ch in _KEPT_PUNCTUATION:
        return ch
    out = unicodedata.normalize("NFKC", ch)
    if len(out) == 1:
        return _LOOKALIKES.get(out, out)
    return "".join(fold_char(c) if c != ch else c for c in out)


class _FoldMap(dict):
    def __missing__(self, code: int) -> str:
        out = self[code] = fold_char(chr(code))
        return out


_FOLD = _FoldMap()


def fold(text: str) -> str:
    """The text as it reads: `fold_char` on every character (one character in, zero or more out).

    Used before masking and inside normalize(); case and script are kept, so the result can be
    stored and shown.
    """
    return text.translate(_FOLD) if text else ""


MAX_TEXT_CHARS = 200_000  # longer inputs are truncated (listing texts are a few KB)


def _load_t2s() -> dict[int, str]:
    """Character-level Traditional->Simplified table from OpenCC's own data.

    Phrase-level conversion is not needed for name matching and would break
    the one-char-in, one-char-out property.
    """
    path = os.path.join(os.path.dirname(opencc.__file__), "dictionary", "TSCharacters.txt")
    table: dict[int, str] = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 2 and len(parts[0]) == 1:
                simp = parts[1].split(" ")[0]
                if len(simp) == 1:
                    table[ord(parts[0])] = simp
    return table


_T2S = _load_t2s()


class _CharMap(dict):
    """str.translate table that computes and caches each character's mapping."""

    def __missing__(self, code: int) -> str:
        folded = _FOLD[code]
        if folded in _KEPT_PUNCTUATION:   # matching reads plain punctuation
            folded = unicodedata.normalize("NFKC", folded)
        out = "".join(_T2S.get(ord(c), c) for c in folded).casefold()
        self[code] = out
        return out


_MAP = _CharMap()


def normalize(text: str) -> str:
    """NFKC + half-width + Traditional->Simplified + casefold, invisibles removed."""
    if not text:
        return ""
    return text.translate(_MAP)


def offset_map(text: str) -> list[int]:
    """For each character of normalize(text), the index of its source character.

    The list has one extra trailing entry (len(text)) so that span ends map too.
    """
    out: list[int] = []
    for i, ch in enumerate(text):
        out.extend([i] * len(_MAP[ord(ch)]))
    out.append(len(text))
    return out


def length_changes(text: str) -> list[tuple[int, int]]:
    """(index, length of its normal form) of each character of `text` whose normal form is not one character
    (an emoji's variation selector: 0, "ß": 2), in text order. Looks at each distinct character once."""
    out: list[tuple[int, int]] = []
    for ch in set(text):
        n = len(_MAP[ord(ch)])
        if n != 1:
            i = text.find(ch)
            while i >= 0:
                out.append((i, n))
                i = text.find(ch, i + 1)
    out.sort()
    return out


def _prefix_map(text: str, upto: int) -> list[int]:
    """offset_map() truncated once `upto` normalised characters are covered."""
    out: list[int] = []
    for i, ch in enumerate(text):
        out.extend([i] * len(_MAP[ord(ch)]))
        if len(out) > upto:
            return out
    out.append(len(text))
    return out


def original_span(text: str, start: int, end: int, omap: list[int] | None = None) -> str:
    """Slice of the original text that normalised to normalized[start:end]."""
    omap = omap if omap is not None else _prefix_map(text, end)
    if start >= len(omap) - 1:
        return ""
    o_start = omap[start]
    o_end = omap[end - 1] + 1 if end - 1 < len(omap) - 1 else len(text)
    return text[o_start:o_end]


def cap(text: str) -> str:
    """Cap processing at MAX_TEXT_CHARS; the rest of a huge paste is ignored."""
    return text[:MAX_TEXT_CHARS] if len(text) > MAX_TEXT_CHARS else text


@lru_cache(maxsize=4096)
def norm_term(term: str) -> str:
    """Normalise a dictionary term exactly like the text it is matched against."""
    return normalize(term).strip()


def is_cjk(ch: str) -> bool:
    o = ord(ch)
    return 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0x20000 <= o <= 0x2FA1F or 0xF900 <= o <= 0xFAFF


# ASCII word characters, for boundary checks of Latin aliases and keywords (a set: checked per hit).
WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
