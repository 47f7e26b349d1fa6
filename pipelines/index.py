"""Last stage: bulk upsert into leakscout-listings, then percolate the chunk against the watches and alert."""
from __future__ import annotations

import logging

from leakscout.alerts.dispatcher import AlertDispatcher
from leakscout.config import load_settings
from leakscout.index_admin import init_indices
from leakscout.search import open_store
from leakscout.timeutil import utc_now
from leakscout.watchlist import load_watchlist
from pipelines.indexer import ListingIndexer
from pipelines.lifecycle import IndexingHooks

log = logging.getLogger(__name__)


class IndexPipeline:
    def __init__(self, chunk_size: int = 200, stats=None, lifecycle: IndexingHooks | None = None):
        self.chunk_size = chunk_size
        self.stats = stats
        self.lifecycle = lifecycle or IndexingHooks()
        self.buffer: list[dict] = []

    @classmethod
    def from_crawler(cls, crawler):
        return cls(chunk_size=crawler.settings.getint("LEAKSCOUT_BULK_SIZE", 200), stats=crawler.stats,
                   lifecycle=IndexingHooks.from_crawler(crawler))

    def open_spider(self):
        settings = load_settings()
        self.store = open_store(settings)
        init_indices(self.store, settings.index_prefix)
        self.indexer = ListingIndexer(self.store, settings.listings_alias)
        self.lifecycle.open(self.store, settings.listings_alias)
        self.dispatcher = AlertDispatcher(self.store, load_watchlist(settings.watchlist), settings)
        self.dispatcher.sync_watches()
        self.dispatcher.deliver_pending()

    def process_item(self, item):
        self.buffer.append(item)
        if len(self.buffer) >= self.chunk_size:
            self.flush()
        return item

    def close_spider(self):
        self.flush()
        self.lifecycle.close()
        self.store.close()

    def flush(self) -> None:
        documents, self.buffer = self.buffer, []
        if not documents:
            return
        now = utc_now()
        previous = self.dispatcher.previous_states([document["id"] for document in documents])
        self.lifecycle.before_upsert(documents)
        outcome = self.indexer.upsert(documents, now=now)
        for failure in outcome.failed:
            log.error("listing %s was not indexed: %s", failure.id, failure.error)
        failed = {failure.id for failure in outcome.failed}
        links = self.lifecycle.after_upsert([d for d in documents if d["id"] not in failed])
        report = self.dispatcher.on_indexed([d for d in documents if d["id"] not in failed], previous, now)
        retried = self.dispatcher.deliver_pending()
        self._count("leakscout/indexed", len(outcome.items) - len(outcome.failed))
        self._count("leakscout/created", len(outcome.created))
        self._count("leakscout/index_errors", len(outcome.failed))
        self._count("leakscout/alerts_created", len(report.created))
        self._count("leakscout/alerts_escalated", len(report.escalated))
        self._count("leakscout/alerts_sent", len(report.sent) + len(retried.sent))
        self._count("leakscout/alerts_pending", len(report.pending))
        self._count("leakscout/reposts_linked", len(links))
        self.lifecycle.indexed(documents, failed)

    def _count(self, key: str, value: int) -> None:
        if self.stats is not None and value:
            self.stats.inc_value(key, value)
