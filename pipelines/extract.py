"""Second stage: extraction and masking, so nothing unmasked goes further down the pipeline."""
from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from leakscout.config import load_settings
from leakscout.watchlist import load_watchlist
from pipelines.document import build_document
from pipelines.extraction import EXTRACTOR_VERSION, build_extractor, mask_text
from pipelines.extraction.dates import find_posted_at
from pipelines.extraction.normalize import normalize
from pipelines.lifecycle import add_fingerprint
from pipelines.workers import worker_pool

log = logging.getLogger(__name__)
# Every free-text field a page gives; a seller name or a date line can carry a phone number too.
MASKED_FIELDS = ("title", "body", "seller", "category", "posted_at")


class ListingAnalyzer:
    """Extraction + masking for one listing; built once per crawl (the brand automaton is costly)."""

    def __init__(self, watchlist_brands=(), salt: str = ""):
        self._extractor = build_extractor(watchlist_brands=watchlist_brands)
        self._salt = salt

    def analyze(self, listing: dict) -> dict:
        text = f"{listing['title']}\n{listing['body']}"
        extraction = self._extractor.extract(text, url=listing.get("url"))
        if not extraction.get("posted_at") and listing.get("posted_at"):
            extraction["posted_at"] = find_posted_at(normalize(str(listing["posted_at"])))
        masked, samples = {}, {}
        for field in MASKED_FIELDS:
            if listing.get(field) is None:
                masked[field] = None
                continue
            result = mask_text(str(listing[field]), salt=self._salt)
            masked[field] = result.text
            samples.update((sample["hash"], sample) for sample in result.samples)
        document = build_document(listing, extraction, masked, list(samples.values()), EXTRACTOR_VERSION)
        document["id"] = listing["id"]
        add_fingerprint(document)
        return document


class ExtractPipeline:
    """Runs ListingAnalyzer on every item.

    With LEAKSCOUT_EXTRACT_WORKERS > 0 (the crawl default) the analysis runs in that many worker
    processes (pipelines/workers.py): it is pure CPU. If a worker dies, the pipeline goes on in-process.
    """

    def __init__(self, workers: int = 0):
        self.workers = workers
        self.pool: ProcessPoolExecutor | None = None

    @classmethod
    def from_crawler(cls, crawler):
        return cls(workers=crawler.settings.getint("LEAKSCOUT_EXTRACT_WORKERS", 0))

    def open_spider(self):
        settings = load_settings()
        watchlist = load_watchlist(settings.watchlist)
        self.analyzer = ListingAnalyzer(watchlist.brands, salt=settings.salt())
        if self.workers > 0:
            self.pool = worker_pool(self.workers, _start_worker, (watchlist.brands, settings.salt()))

    async def process_item(self, item):
        if self.pool is None:
            return self.analyzer.analyze(item)
        try:
            return await asyncio.wrap_future(self.pool.submit(_analyze_in_worker, dict(item)))
        except BrokenProcessPool:
            log.error("an extraction worker died; analysing in the crawl process from now on")
            self.pool = None
            return self.analyzer.analyze(item)

    def close_spider(self):
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=False)


_worker_analyzer: ListingAnalyzer | None = None


def _start_worker(brands, salt: str) -> None:
    global _worker_analyzer
    _worker_analyzer = ListingAnalyzer(brands, salt=salt)


def _analyze_in_worker(listing: dict) -> dict:
    return _worker_analyzer.analyze(listing)
