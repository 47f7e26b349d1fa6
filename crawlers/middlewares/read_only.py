"""Looking, never acting: only GET requests leave, only text responses come back.

A crawler that posts could log in, buy or reply; one that keeps binary responses could
download leaked files. Both are refused here, with a reason in the log and a stat. The size
cap is Scrapy's DOWNLOAD_MAXSIZE.
"""
from __future__ import annotations

import logging

from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse

logger = logging.getLogger(__name__)

ALLOWED_METHODS = frozenset({"GET"})
TEXT_CONTENT_TYPES = frozenset({
    "text/html", "application/xhtml+xml", "text/plain", "application/json",
})
# What a file's first bytes say it is, whatever the Content-Type claims.
BINARY_SIGNATURES = {
    b"\x89PNG\r\n\x1a\n": "PNG", b"GIF87a": "GIF", b"GIF89a": "GIF", b"\xff\xd8\xff": "JPEG",
    b"PK\x03\x04": "zip", b"PK\x05\x06": "zip", b"\x1f\x8b": "gzip",
    b"\xfd7zXZ\x00": "xz", b"7z\xbc\xaf\x27\x1c": "7z", b"Rar!\x1a\x07": "RAR", b"%PDF-": "PDF",
    b"\x7fELF": "ELF", b"\x28\xb5\x2f\xfd": "zstd", b"SQLite format 3\x00": "SQLite",
}
_UNICODE_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")


def refusal_for_request(request: Request) -> str | None:
    if request.method.upper() not in ALLOWED_METHODS:
        return f"method {request.method} is not allowed (only GET): leakscout never posts"
    return None


def refusal_for_response(response: Response) -> str | None:
    """A reason to drop a response that is not a text page, or None to keep it. Responses
    without a page to read (redirects, 204, errors) pass; without a Content-Type, what the
    body looks like decides (Scrapy made a TextResponse of it or not)."""
    if not 200 <= response.status < 300 or response.status == 204:
        return None
    content_type = response.headers.get(b"Content-Type")
    media_type = content_type.decode("latin-1").split(";")[0].strip().lower() if content_type else ""
    if media_type in TEXT_CONTENT_TYPES:
        binary = binary_kind(response.body)
        return f"Content-Type {media_type} but the body is {binary}: leakscout downloads no files" if binary else None
    if not media_type:
        return None if isinstance(response, TextResponse) else "no Content-Type and the body is not text"
    return f"Content-Type {media_type} is not a text page: leakscout downloads no files"


def binary_kind(body: bytes) -> str | None:
    """What a body that claims to be text really is, when it is a file: "PNG", "zip", … or
    "binary data" (NUL bytes early on, no UTF-16 byte-order mark); None for text."""
    for signature, kind in BINARY_SIGNATURES.items():
        if body.startswith(signature):
            return kind
    if b"\x00" in body[:1024] and not body.startswith(_UNICODE_BOMS):
        return "binary data"
    return None


class ReadOnlyMiddleware:
    def __init__(self, crawler):
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_request(self, request: Request):
        reason = refusal_for_request(request)
        if reason:
            self.stats.inc_value("leakscout/read_only/refused_requests")
            logger.warning("Refusing %s %s: %s", request.method, request.url, reason)
            raise IgnoreRequest(reason)
        return None

    def process_response(self, request: Request, response: Response):
        reason = refusal_for_response(response)
        if reason:
            self.stats.inc_value("leakscout/read_only/dropped_responses")
            logger.warning("Dropping %s: %s", response.url, reason)
            raise IgnoreRequest(reason)
        return response
