"""Text of an HTML page, the one way: the charset decision and the visible text (nothing is executed).

`choose_encoding` is the one charset rule, for crawled responses (crawlers/middlewares/encoding.py)
and for bytes given to the extractor; `visible_text` walks the page with the one visible-text
walker (visible.py), which page objects, site configs and the attention check use too.
"""
from __future__ import annotations

import codecs

import lxml.html
from charset_normalizer import from_bytes
from lxml import etree
from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding, read_bom

from .visible import visible_pieces

_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "cp936": "gb18030", "ascii": "utf-8"}

def normalize_encoding(name: str | None) -> str | None:
    """Python's codec name for a charset label (GBK family → gb18030), or None if unknown."""
    if not name:
        return None
    try:
        codec = codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None
    return _SUPERSETS.get(codec, codec)


def choose_encoding(header_charset: str | None, meta_charset: str | None, body: bytes) -> tuple[str, str]:
    """The encoding to decode ``body`` with, and how it was chosen.

    When the HTTP charset and the page's <meta> charset agree, they are trusted. When they
    disagree or one is missing, the body decides: valid UTF-8 is UTF-8, otherwise
    charset-normalizer's best guess. GB2312 and GBK become GB18030, their superset."""
    header, meta = normalize_encoding(header_charset), normalize_encoding(meta_charset)
    if header and header == meta:
        return header, "declared"
    if _is_utf8(body):
        return "utf-8", "detected"
    best = from_bytes(body).best()
    guessed = normalize_encoding(best.encoding) if best else None
    if guessed:
        return guessed, "detected"
    return header or meta or "utf-8", "fallback"


def _is_utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def decode_bytes(data: bytes, content_type: str | None = None) -> str:
    """Decode page bytes: a BOM wins, else choose_encoding (HTTP header, <meta>, the body itself)."""
    bom_encoding, bom = read_bom(data)
    if bom_encoding:
        return data[len(bom):].decode(bom_encoding, errors="replace")
    header = http_content_type_encoding(content_type) if content_type else None
    encoding, _ = choose_encoding(header, html_body_declared_encoding(data), data)
    return data.decode(encoding, errors="replace")


def visible_text(html: str | bytes) -> str:
    """The page's title and the text a reader sees, one line per block, blank lines dropped."""
    if isinstance(html, bytes):
        html = decode_bytes(html)
    if not html.strip():
        return ""
    try:
        root = lxml.html.document_fromstring(html.encode("utf-8"), parser=_PARSER)
    except (etree.ParserError, ValueError):
        return ""
    title = root.findtext(".//title") or ""
    lines = (line.strip() for line in (title + "\n" + "".join(visible_pieces(root, newline_blocks=True))).splitlines())
    return "\n".join(line for line in lines if line)


_PARSER = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, huge_tree=False)
