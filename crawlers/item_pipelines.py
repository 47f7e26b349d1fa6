"""The Scrapy item pipelines: they hand each listing item to ingest (pipelines/), which knows no Scrapy.

normalize (pipelines/normalize.py) -> extract and mask (pipelines/extract.py, in worker processes)
-> index (pipelines/index.py: upsert or spool, reposts, alerts), in chunks.
"""
from __future__ import annotations

import asyncio
import logging
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from scrapy import Request
from scrapy.exceptions import DropItem

from crawlers.config import app_settings
from leakscout.core.config import Settings
from leakscout.core.timeutil import utc_now
from leakscout.core.watchlist import load_watchlist
from pipelines.extract import BUDGET_SECONDS, ListingAnalyzer, analyze_in_worker, analyze_or_exception, start_worker, worker_ready
from pipelines.index import ChunkReport, CrawlIndexer
from pipelines.lifecycle import IndexingHooks
from pipelines.extraction import mask_text
from pipelines.normalize import normalize_item
from pipelines.workers import worker_pool

log = logging.getLogger(__name__)


class NormalizePipeline:
    """normalize_item on every item; the salt hashes keys and URLs that would carry personal data."""

    def __init__(self, salt: str | None = None):
        self.salt = salt

    @classmethod
    def from_crawler(cls, crawler):
        return cls(salt=app_settings(crawler.settings).salt())

    def open_spider(self, spider=None):
        if self.salt is None:
            self.salt = app_settings(None).salt()

    def process_item(self, item):
        try:
            return normalize_item(dict(item), self.salt or "")
        except ValueError as exc:
            url = dict(item).get("url")
            raise DropItem(f"{exc}: {mask_text(str(url), self.salt or '').text if url else url}") from exc


class ExtractPipeline:
    """Runs ListingAnalyzer on every item.

    With LEAKSCOUT_EXTRACT_WORKERS > 0 (the crawl default) the analysis runs in that many worker
    processes (pipelines/workers.py): it is pure CPU. Items go to the workers in batches, sent when
    `max_batch` items wait or the first of them has waited LEAKSCOUT_EXTRACT_BATCH_SECONDS. Every
    hand-over costs the crawl process's threads (the pool's manager and feeder) the GIL, which its
    downloads need; the index stage holds listings for a second anyway. If a worker dies, the
    pipeline goes on in-process.
    """

    def __init__(self, workers: int = 0, max_batch: int = 64, batch_seconds: float = 0.05,
                 settings: Settings | None = None, budget_seconds: float | None = BUDGET_SECONDS):
        self.settings = settings  # None: loaded when the spider opens (a pipeline built outside a crawl)
        self.workers = workers
        self.budget_seconds = budget_seconds
        self.max_batch = max_batch
        self.batch_seconds = batch_seconds
        self.pool: ProcessPoolExecutor | None = None
        self._analyzer: ListingAnalyzer | None = None
        self._waiting: list[tuple[dict, asyncio.Future]] = []
        self._timer: asyncio.TimerHandle | None = None

    @classmethod
    def from_crawler(cls, crawler):
        return cls(workers=crawler.settings.getint("LEAKSCOUT_EXTRACT_WORKERS", 0),
                   batch_seconds=crawler.settings.getfloat("LEAKSCOUT_EXTRACT_BATCH_SECONDS", 0.05),
                   settings=app_settings(crawler.settings),
                   budget_seconds=crawler.settings.getfloat("LEAKSCOUT_EXTRACT_BUDGET_SECONDS", BUDGET_SECONDS))

    def open_spider(self):
        settings = self.settings or app_settings(None)
        watchlist = load_watchlist(settings.watchlist)
        self._analyzer_args = (watchlist.brands, settings.salt(), self.budget_seconds)
        if self.workers > 0:
            self.pool = worker_pool(self.workers, start_worker, self._analyzer_args)
            # Started now, not at the first listing: a worker takes a second to import and build.
            try:
                for ready in [self.pool.submit(worker_ready) for _ in range(self.workers)]:
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
                future = self.pool.submit(analyze_in_worker, [listing for listing, _ in batch])
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
        return [analyze_or_exception(self.analyzer, listing) for listing, _ in batch]

    def _lose_pool(self) -> None:
        if self.pool is not None:
            log.error("an extraction worker died; analysing in the crawl process from now on")
            self.pool = None

    def close_spider(self):
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=False)


def indexing_hooks(crawler) -> IndexingHooks:
    """The life-cycle hooks of a crawl; with a JOBDIR they record the request fingerprints of indexed listing pages."""
    fingerprinter = crawler.request_fingerprinter

    def fingerprint(url: str) -> str:
        return fingerprinter.fingerprint(Request(url)).hex()

    return IndexingHooks(fingerprint, crawler.settings.get("JOBDIR") or None)


class IndexPipeline:
    """Buffers analysed listings and hands them to ChunkIndexer when a chunk is full or has waited long enough.

    The cluster, SMTP and webhook calls of a chunk block, so they run in a worker thread, one chunk
    at a time and in order, while the crawl goes on downloading and parsing pages.
    """

    def __init__(self, chunk_size: int = 200, stats=None, lifecycle: IndexingHooks | None = None,
                 max_wait: float | None = None, settings: Settings | None = None):
        self.settings = settings  # None: loaded when the spider opens (a pipeline built outside a crawl)
        self.chunk_size = chunk_size
        self.max_wait = max_wait  # None: flush on full chunks only (no reactor to run a timer)
        self.stats = stats
        self.lifecycle = lifecycle or IndexingHooks()
        self.buffer: list[dict] = []
        self.oldest: float | None = None
        self._one_chunk_at_a_time = asyncio.Lock()
        self._timer = None

    @classmethod
    def from_crawler(cls, crawler):
        return cls(chunk_size=crawler.settings.getint("LEAKSCOUT_BULK_SIZE", 200), stats=crawler.stats,
                   lifecycle=indexing_hooks(crawler),
                   max_wait=crawler.settings.getfloat("LEAKSCOUT_FLUSH_SECONDS", 1.0),
                   settings=app_settings(crawler.settings))

    def open_spider(self):
        self.chunks = CrawlIndexer(self.settings or app_settings(None), self.lifecycle)
        self._record(self.chunks.open())
        if self.max_wait is not None:
            from twisted.internet import task

            # A slow crawl must not hold a listing (and its alert) until the chunk fills up.
            self._timer = task.LoopingCall(self._flush_if_waited)
            self._timer.start(max(self.max_wait / 2, 0.1), now=False)

    async def process_item(self, item):
        if not self.buffer:
            self.oldest = time.monotonic()
        self.buffer.append(item)
        if len(self.buffer) >= self.chunk_size:
            await self.flush()
        return item

    async def close_spider(self):
        if self._timer is not None and self._timer.running:
            self._timer.stop()
        await self.flush()
        self.lifecycle.close()
        self.chunks.close()

    def _flush_if_waited(self):
        if self.buffer and self.oldest is not None and time.monotonic() - self.oldest >= self.max_wait:
            from twisted.internet.defer import Deferred

            return Deferred.fromFuture(asyncio.ensure_future(self.flush()))
        return None

    async def flush(self) -> None:
        # The buffer is taken under the lock, so a flush (the one at close included) first waits
        # for a chunk the timer has in flight: the crawl's stats count it before they are dumped.
        async with self._one_chunk_at_a_time:
            documents, self.buffer, self.oldest = self.buffer, [], None
            if not documents:
                return
            report = await asyncio.to_thread(self.chunks.index_chunk, documents, utc_now())
            self._record(report)
            # Spooled and rejected listings are on disk, as safe as indexed ones: a resumed crawl skips them.
            self.lifecycle.indexed(documents, set())

    def _record(self, report: ChunkReport) -> None:
        if self.stats is None:
            return
        for name in ("indexed", "created", "spooled", "rejected", "alerts_created", "alerts_escalated",
                     "alerts_sent", "alerts_pending", "reposts_linked"):
            value = getattr(report, name)
            if value:
                self.stats.inc_value(f"leakscout/{name}", value)
