"""Character sets of Chinese pages: GB18030/GBK, Big5, UTF-8, when headers lie or are missing.

The rule itself (choose_encoding) is pipelines/extraction/html_text.py's, shared with the
extractor: declared charsets that agree are trusted, otherwise the body decides.
"""
from __future__ import annotations

import logging

from scrapy.http import HtmlResponse, Response, TextResponse
from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding

from pipelines.extraction.html_text import choose_encoding, normalize_encoding  # noqa: F401  (the one charset rule)

logger = logging.getLogger(__name__)


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
