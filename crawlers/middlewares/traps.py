"""Crawler traps: calendars, session ids in URLs, relative-link loops. Requests whose URL
repeats path segments, is one more query variant of a path already seen too often, or is too
long are dropped with a stat per kind."""
from __future__ import annotations

import logging
from collections import defaultdict
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.exceptions import IgnoreRequest

logger = logging.getLogger(__name__)


def repeated_path_segments(path: str, max_repeats: int) -> bool:
    """True when one segment occurs more than ``max_repeats`` times, or a run of segments
    occurs ``max_repeats`` times back to back (/a/b/a/b/a/b/). /2024/01/01/ is fine."""
    segments = [segment for segment in path.split("/") if segment]
    if any(segments.count(segment) > max_repeats for segment in set(segments)):
        return True
    for size in range(1, len(segments) // max_repeats + 1):
        for start in range(len(segments) - size * max_repeats + 1):
            run = segments[start:start + size]
            if all(segments[start + k * size:start + (k + 1) * size] == run for k in range(1, max_repeats)):
                return True
    return False


def trap_reason(url: str, max_length: int, max_repeats: int) -> str | None:
    if len(url) > max_length:
        return "url_too_long"
    if repeated_path_segments(urlsplit(url).path, max_repeats):
        return "repeated_path_segments"
    return None


class CrawlerTrapMiddleware:
    def __init__(self, crawler):
        settings = crawler.settings
        self.stats = crawler.stats
        self.max_length = settings.getint("LEAKSCOUT_TRAP_MAX_URL_LENGTH")
        self.max_repeats = settings.getint("LEAKSCOUT_TRAP_MAX_SEGMENT_REPEATS")
        self.max_query_variants = settings.getint("LEAKSCOUT_TRAP_MAX_QUERY_VARIANTS")
        self._query_variants: dict[str, set[str]] = defaultdict(set)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_request(self, request: Request):
        reason = trap_reason(request.url, self.max_length, self.max_repeats) or self._too_many_variants(request.url)
        if reason:
            self.stats.inc_value(f"leakscout/traps/{reason}")
            logger.info("Dropping %s: crawler trap (%s)", request.url[:200], reason)
            raise IgnoreRequest(f"crawler trap: {reason}")
        return None

    def _too_many_variants(self, url: str) -> str | None:
        parts = urlsplit(url)
        if not parts.query:
            return None
        variants = self._query_variants[f"{parts.scheme}://{parts.netloc}{parts.path}"]
        if parts.query in variants:
            return None  # the same URL again (a retry, a redirect back): the dupe filter's business
        if len(variants) >= self.max_query_variants:
            return "too_many_query_variants"
        variants.add(parts.query)
        return None
