"""Character sets of Chinese pages: GB18030/GBK, Big5, UTF-8, when headers lie or are missing.

When the HTTP charset and the page's <meta> charset agree, they are trusted. When they
disagree or one is missing, the body decides: valid UTF-8 is UTF-8, otherwise
charset-normalizer's best guess. GB2312 and GBK become GB18030, their superset.
"""
from __future__ import annotations

import codecs
import logging

from charset_normalizer import from_bytes
from scrapy.http import HtmlResponse, Response, TextResponse
from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding

logger = logging.getLogger(__name__)

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
    """The encoding to decode ``body`` with, and how it was chosen."""
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


class EncodingMiddleware:
    """Downloader middleware; must see decompressed bodies (below HttpCompressionMiddleware, 590)."""

    def __init__(self, crawler):
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_response(self, request, response: Response):
        if not isinstance(response, TextResponse) or "playwright" in response.flags or not response.body:
            return response
        content_type = response.headers.get(b"Content-Type")
        header_charset = http_content_type_encoding(content_type.decode("latin-1")) if content_type else None
        meta_charset = html_body_declared_encoding(response.body) if isinstance(response, HtmlResponse) else None
        encoding, how = choose_encoding(header_charset, meta_charset, response.body)
        self.stats.inc_value(f"leakscout/encoding/{how}")
        if how != "declared":
            logger.debug("%s: decoding as %s (%s; header %s, meta %s)", response.url, encoding, how,
                         header_charset, meta_charset)
        return response.replace(encoding=encoding)
