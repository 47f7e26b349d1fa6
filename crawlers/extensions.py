"""Scrapy extensions: garbage collector tuning, and the removal sweep when a crawl closes."""
from __future__ import annotations

import gc

from scrapy import signals

from crawlers.config import app_settings
from leakscout.core.timeutil import utc_now
from leakscout.storage.search import open_store
from pipelines.lifecycle import mark_removed


class GarbageCollectorTuning:
    """Fewer, cheaper garbage collections while crawling.

    Twisted, Scrapy and the pipelines allocate a great many short-lived containers per page: with
    Python's default first threshold (700) the collector ran about 700 times per 2,000 listing
    pages and took a tenth of the crawl process's CPU. When the spider opens, everything loaded
    so far (modules, settings, the brand automaton) is frozen out of collection, and the first
    threshold is raised to LEAKSCOUT_GC_THRESHOLD (0 leaves the interpreter's defaults alone).
    """

    def __init__(self, threshold: int):
        self.threshold = threshold

    @classmethod
    def from_crawler(cls, crawler):
        extension = cls(crawler.settings.getint("LEAKSCOUT_GC_THRESHOLD", 0))
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        return extension

    def spider_opened(self, spider):
        if self.threshold <= 0:
            return
        gc.collect()
        gc.freeze()
        _, second, third = gc.get_threshold()
        gc.set_threshold(self.threshold, second, third)


# Stats that show a crawl did not see every page it should have: any of them blocks removal.
_INCOMPLETE_STATS = (
    "retry/max_reached",            # a page given up after its retries
    "leakscout/spooled",            # a listing fetched but not indexed yet (cluster down): its last_seen did not move
    "leakscout/rejected",           # a listing fetched but refused by the index for good
    "item_dropped_count",           # a listing page the pipelines could not use
    "log_count/ERROR",              # spider callbacks or pipelines that raised
)
_INCOMPLETE_PREFIXES = (
    "spider_exceptions/",
    "httperror/response_ignored_status_count/5",   # a server error the crawl went past
)


def incomplete_reasons(finish_reason: str | None, stats: dict) -> list[str]:
    """Why a crawl must not mark listings removed; empty if it finished normally and completely.

    Only finish_reason "finished" counts: "shutdown" (Ctrl-C/SIGTERM), "cancelled",
    "closespider_pagecount" and other caps mean pages were left out. A download error that a retry
    recovered from does not count: the page was fetched in the end."""
    reasons = []
    if finish_reason != "finished":
        reasons.append(f"finish_reason {finish_reason}")
    for key in _INCOMPLETE_STATS:
        if stats.get(key):
            reasons.append(f"{key}={stats[key]}")
    for key, value in sorted(stats.items()):
        if value and key.startswith(_INCOMPLETE_PREFIXES):
            reasons.append(f"{key}={value}")
    if stats.get("leakscout/frontier/partial"):
        reasons.append("another crawler process of this crawl was incomplete")
    return reasons


class RemovalSweep:
    """Scrapy extension: when a crawl closes, marks removed what it no longer found (pipelines/lifecycle.py).

    The crawl's start comes from LEAKSCOUT_CRAWL_STARTED_AT (a resumed crawl keeps the start of its
    first run), else from a shared frontier's stats, else from when this process opened the spider."""

    def __init__(self, crawler, started_at: str | None):
        self.crawler = crawler
        self.started_at = started_at
        self.sites: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler):
        sweep = cls(crawler, crawler.settings.get("LEAKSCOUT_CRAWL_STARTED_AT") or None)
        crawler.signals.connect(sweep.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(sweep.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(sweep.spider_closed, signal=signals.spider_closed)
        return sweep

    def spider_opened(self, spider):
        self.started_at = self.started_at or utc_now()

    def item_scraped(self, item, response, spider):
        site = item.get("site") if hasattr(item, "get") else None
        if site:
            self.sites.add(site)

    def spider_closed(self, spider, reason):
        if not self._indexes_listings():
            return
        stats = self.crawler.stats.get_stats()
        if stats.get("leakscout/frontier/shared") and not stats.get("leakscout/frontier/complete"):
            spider.logger.info("removal sweep left to the last crawler process of this shared crawl")
            return
        blockers = incomplete_reasons(reason, stats)
        if blockers:
            spider.logger.info("no listing marked removed: the crawl was incomplete (%s)", "; ".join(blockers))
            return
        started_at = stats.get("leakscout/frontier/started_at") or self.started_at
        settings = app_settings(self.crawler.settings)
        store = open_store(settings)
        try:
            for site in sorted(self.sites):
                removed = mark_removed(store, settings.listings_alias, site, started_at)
                self.crawler.stats.inc_value("leakscout/removed", removed)
                spider.logger.info("%s: %d listing(s) no longer listed marked removed", site, removed)
        finally:
            store.close()

    def _indexes_listings(self) -> bool:
        pipelines = self.crawler.settings.getdict("ITEM_PIPELINES")
        return any("IndexPipeline" in str(path) and order is not None for path, order in pipelines.items())
