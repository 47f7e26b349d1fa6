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
        masked, samples = {}, {}
        for field in MASKED_FIELDS:
            value = listing[field] if field in ("title", "body") else listing.get(field)   # a normalized listing has both
            if value is None:
                masked[field] = None
                continue
            result = mask_text(str(value), salt=self._salt)
            masked[field] = result.text
            samples.update((sample["hash"], sample) for sample in result.samples)
        # Extraction reads the masked text: a figure it reports (a record count, a price, a claimed
        # source) can then never be a phone or card number of the samples.
        text = f"{masked['title'] or ''}\n{masked['body'] or ''}"
        extraction = self._extractor.extract(text, url=listing.get("url"))
        if not extraction.get("posted_at") and masked.get("posted_at"):
            extraction["posted_at"] = find_posted_at(normalize(masked["posted_at"]))
        document = build_document(listing, extraction, masked, list(samples.values()), EXTRACTOR_VERSION)
        document["id"] = listing["id"]
        add_fingerprint(document)
        return document


class ExtractPipeline:
    """Runs ListingAnalyzer on every item.

    With LEAKSCOUT_EXTRACT_WORKERS > 0 (the crawl default) the analysis runs in that many worker
    processes (pipelines/workers.py): it is pure CPU. Items go to the workers in batches, sent when
    `max_batch` items wait or the first of them has waited LEAKSCOUT_EXTRACT_BATCH_SECONDS. Every
    hand-over costs the crawl process's threads (the pool's manager and feeder) the GIL, which its
    downloads need; the index stage holds listings for a second anyway. If a worker dies, the
    pipeline goes on in-process.
    """

    def __init__(self, workers: int = 0, max_batch: int = 64, batch_seconds: float = 0.05):
        self.workers = workers
        self.max_batch = max_batch
        self.batch_seconds = batch_seconds
        self.pool: ProcessPoolExecutor | None = None
        self._analyzer: ListingAnalyzer | None = None
        self._waiting: list[tuple[dict, asyncio.Future]] = []
        self._timer: asyncio.TimerHandle | None = None

    @classmethod
    def from_crawler(cls, crawler):
        return cls(workers=crawler.settings.getint("LEAKSCOUT_EXTRACT_WORKERS", 0),
                   batch_seconds=crawler.settings.getfloat("LEAKSCOUT_EXTRACT_BATCH_SECONDS", 0.05))

    def open_spider(self):
        settings = load_settings()
        watchlist = load_watchlist(settings.watchlist)
        self._analyzer_args = (watchlist.brands, settings.salt())
        if self.workers > 0:
            self.pool = worker_pool(self.workers, _start_worker, self._analyzer_args)
            # Started now, not at the first listing: a worker takes a second to import and build.
            try:
                for ready in [self.pool.submit(_ready) for _ in range(self.workers)]:
                    ready.result()
            except BrokenProcessPool:
                self._lose_pool()

    @property
    def analyzer(self) -> ListingAnalyzer:
        """The in-process analyzer, built when first needed (no workers, or a worker died)."""
        if self._analyzer is None:
            self._analyzer = ListingAnalyzer(*self._analyzer_args)
        return self._analyzer

    async def process_item(self, item):
        if self.pool is None:
            return self.analyzer.analyze(item)
        loop = asyncio.get_running_loop()
        done = loop.create_future()
        self._waiting.append((dict(item), done))
        if len(self._waiting) >= self.max_batch:
            self._send_batch()
        elif self._timer is None:
            self._timer = loop.call_later(self.batch_seconds, self._send_batch)
        return await done

    def _send_batch(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        batch, self._waiting = self._waiting[:self.max_batch], self._waiting[self.max_batch:]
        if not batch:
            return
        future = None
        if self.pool is not None:
            try:
                future = self.pool.submit(_analyze_in_worker, [listing for listing, _ in batch])
            except BrokenProcessPool:
                self._lose_pool()
        if future is None:
            self._batch_done(batch, None)
        else:
            loop = asyncio.get_running_loop()
            future.add_done_callback(lambda finished: loop.call_soon_threadsafe(self._batch_done, batch, finished))

    def _batch_done(self, batch: list[tuple[dict, asyncio.Future]], future) -> None:
        for (_, done), outcome in zip(batch, self._outcomes(batch, future)):
            if done.done():
                continue   # the crawl gave up on this item
            if isinstance(outcome, Exception):
                done.set_exception(outcome)
            else:
                done.set_result(outcome)
        if self.pool is None and self._waiting:
            self._send_batch()   # the worker is gone: what waits is analysed here, now

    def _outcomes(self, batch, future) -> list:
        """A document or an exception per listing of the batch; in-process when the worker is gone."""
        if future is not None:
            try:
                return future.result()
            except BrokenProcessPool:
                self._lose_pool()
            except Exception as exc:   # the batch could not travel (pickling): each listing fails with it
                return [exc] * len(batch)
        return [_analyze_or_exception(self.analyzer, listing) for listing, _ in batch]

    def _lose_pool(self) -> None:
        if self.pool is not None:
            log.error("an extraction worker died; analysing in the crawl process from now on")
            self.pool = None

    def close_spider(self):
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=False)


_worker_analyzer: ListingAnalyzer | None = None


def _start_worker(brands, salt: str) -> None:
    global _worker_analyzer
    _worker_analyzer = ListingAnalyzer(brands, salt=salt)


def _ready() -> bool:
    return _worker_analyzer is not None


def _analyze_in_worker(listings: list[dict]) -> list:
    return [_analyze_or_exception(_worker_analyzer, listing) for listing in listings]


def _analyze_or_exception(analyzer: ListingAnalyzer, listing: dict):
    """The document, or the exception its analysis raised: one bad listing fails alone, not its batch."""
    try:
        return analyzer.analyze(listing)
    except Exception as exc:
        return exc
