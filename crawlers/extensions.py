"""Scrapy extensions of the crawl process itself (pipeline-related ones live with their pipelines)."""
from __future__ import annotations

import gc

from scrapy import signals


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
