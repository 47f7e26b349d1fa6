"""Last stage: bulk upsert into leakscout-listings (or the spool), then percolate against the watches and alert.

`ChunkIndexer` is everything that happens to one chunk of analysed listings, without Scrapy: the
Scrapy pipeline (crawlers/item_pipelines.py) feeds it from a crawl, `leakscout index replay` feeds it from the spool.

The upsert: a re-crawl updates, keeps first_seen, and records history. Every listing indexed is
`status: active` (a listing marked removed by an earlier crawl comes back active, its `removed_at`
dropped, its history kept); `offer_group` starts as the listing's own id and `duplicate_of`/`offer_group`
are set once, when a repost is first linked (pipelines/lifecycle.py), and never overwritten by a re-crawl.

Nothing is lost: what the cluster cannot take now goes to the spool, and comes back.
- the cluster unreachable, or the whole _bulk refused with 429/5xx → the chunk is retried later;
- single documents refused with 429/5xx → those documents are retried later;
- single documents refused for good (mapping errors, other 4xx) → kept in rejected/ with the error.
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field

from leakscout.alerts.dispatcher import AlertDispatcher
from leakscout.alerts.retro import sync_and_hunt
from leakscout.core.config import Settings
from leakscout.core.timeutil import utc_now
from leakscout.core.watchlist import load_watchlist
from leakscout.storage.exposure import ExposureStore
from leakscout.storage.index_admin import init_indices
from leakscout.storage.search import SearchRequestError, SearchStore, SearchUnavailable, open_store
from leakscout.storage.spool import Spool
from pipelines.exposure import ExposureMatcher
from pipelines.lifecycle import IndexingHooks

log = logging.getLogger(__name__)

# Runs inside the cluster for every upsert, so concurrent crawlers cannot lose first_seen.
UPSERT_SCRIPT = """
def doc = params.doc;
def src = ctx._source;
if (src.first_seen == null) {
  src.putAll(doc);
  src.first_seen = params.now;
  src.history = [["seen_at": params.now,
                  "price_amount": doc.price == null ? null : doc.price.amount,
                  "price_currency": doc.price == null ? null : doc.price.currency,
                  "record_count": doc.record_count]];
} else {
  def oldAmount = src.price == null ? null : src.price.amount;
  def newAmount = doc.price == null ? null : doc.price.amount;
  boolean priceChanged = (oldAmount == null) != (newAmount == null)
      || (oldAmount != null && ((Number) oldAmount).doubleValue() != ((Number) newAmount).doubleValue());
  boolean countChanged = (src.record_count == null) != (doc.record_count == null)
      || (src.record_count != null && ((Number) src.record_count).longValue() != ((Number) doc.record_count).longValue());
  def firstSeen = src.first_seen;
  def history = src.history == null ? [] : src.history;
  src.putAll(doc);
  src.first_seen = firstSeen;
  if (priceChanged || countChanged) {
    history.add(["seen_at": params.now,
                 "price_amount": newAmount,
                 "price_currency": doc.price == null ? null : doc.price.currency,
                 "record_count": doc.record_count]);
  }
  src.history = history;
}
src.last_seen = params.now;
src.status = "active";
src.remove("removed_at");
if (src.offer_group == null) {
  src.offer_group = params.id;   // ctx._id is not set when a scripted upsert creates the document
}
"""


@dataclass
class ItemOutcome:
    id: str
    result: str | None          # "created", "updated", "noop" or None on error
    status: int
    error: dict | None = None


@dataclass
class BulkOutcome:
    items: list[ItemOutcome] = field(default_factory=list)

    @property
    def created(self) -> list[str]:
        return [item.id for item in self.items if item.result == "created"]

    @property
    def failed(self) -> list[ItemOutcome]:
        return [item for item in self.items if item.error is not None]


def upsert_actions(documents: list[dict], now: str, index: str) -> list[dict]:
    actions = []
    for document in documents:
        source = {key: value for key, value in document.items() if key != "id"}
        actions.append({"update": {"_index": index, "_id": document["id"], "retry_on_conflict": 3}})
        actions.append({"scripted_upsert": True, "upsert": {},
                        "script": {"source": UPSERT_SCRIPT, "lang": "painless",
                                   "params": {"doc": source, "now": now, "id": document["id"]}}})
    return actions


def bulk_upsert(store: SearchStore, index: str, documents: list[dict], now: str | None = None,
                refresh: bool | str = False) -> BulkOutcome:
    """One _bulk of scripted upserts; each document's outcome (created, updated, or its error)."""
    if not documents:
        return BulkOutcome()
    response = store.bulk(upsert_actions(documents, now or utc_now(), index), refresh=refresh)
    outcome = BulkOutcome()
    for entry in response.get("items", []):
        result = entry.get("update", {})
        outcome.items.append(ItemOutcome(
            id=result.get("_id"),
            result=result.get("result") if "error" not in result else None,
            status=int(result.get("status", 0)),
            error=result.get("error"),
        ))
    return outcome


def retryable(status: int) -> bool:
    return status == 429 or status >= 500 or status == 0


def cluster_unavailable(exc: Exception) -> bool:
    """True for failures that say "try again later" rather than "this request is wrong"."""
    return isinstance(exc, SearchUnavailable) or (isinstance(exc, SearchRequestError) and retryable(exc.status))


@dataclass
class UpsertResult:
    indexed: list[dict] = field(default_factory=list)   # documents now in the cluster
    created: list[str] = field(default_factory=list)    # ids of listings new to the cluster
    retry: list[dict] = field(default_factory=list)     # documents to try again later
    rejected: int = 0
    cluster_down: bool = False


@dataclass
class ChunkReport:
    indexed: int = 0
    created: int = 0
    spooled: int = 0
    rejected: int = 0
    alerts_created: int = 0
    alerts_escalated: int = 0
    alerts_sent: int = 0
    alerts_pending: int = 0
    reposts_linked: int = 0
    cluster_down: bool = False

    def add(self, other: "ChunkReport") -> None:
        for name in self.__dataclass_fields__:
            if name != "cluster_down":
                setattr(self, name, getattr(self, name) + getattr(other, name))
        self.cluster_down = self.cluster_down or other.cluster_down


class ChunkIndexer:
    def __init__(self, store: SearchStore, settings: Settings, lifecycle: IndexingHooks | None = None):
        self.store = store
        self.settings = settings
        self.spool = Spool(settings.home)
        self.lifecycle = lifecycle or IndexingHooks()
        self.dispatcher = AlertDispatcher(store, load_watchlist(settings.watchlist), settings)
        self.exposure = ExposureMatcher(ExposureStore(store, settings.exposure_alias, settings.salt()))
        # Whether undelivered alerts are known to wait: only then is a chunk followed by a retry,
        # so a healthy crawl does not query the alerts index after every chunk.
        self.alerts_waiting = False

    def open(self) -> ChunkReport:
        """Ready the indices and watches, then catch up: spooled listings, pending alerts."""
        init_indices(self.store, self.settings.index_prefix)
        self.lifecycle.open(self.store, self.settings.listings_alias)
        sync_and_hunt(self.dispatcher)   # a brand new to the watches is looked for in what is indexed
        report = self.replay_spool()
        if not report.cluster_down:
            report.alerts_sent += self._retry_waiting_alerts()
        return report

    def _retry_waiting_alerts(self) -> int:
        if not self.dispatcher.alerters:
            return 0  # no channel is configured: nothing in this process could deliver them
        delivered = self.dispatcher.deliver_pending()
        self.alerts_waiting = bool(delivered.pending) or delivered.deferred
        return len(delivered.sent)

    def index_chunk(self, documents: list[dict], now: str, spool_failures: bool = True) -> tuple[ChunkReport, list[dict]]:
        """Index one chunk; returns the report and the documents to retry (spooled unless told not to)."""
        report = ChunkReport()
        self.lifecycle.before_upsert(documents)
        try:
            previous = self._stored_states([document["id"] for document in documents])
            self.exposure.annotate(documents)
        except (SearchUnavailable, SearchRequestError) as exc:
            if not cluster_unavailable(exc):
                raise
            previous = None
        result = self._upsert_or_hand_off(documents, now) if previous is not None else None
        retry = list(documents) if result is None else result.retry
        report.cluster_down = result is None or result.cluster_down
        if retry and spool_failures:
            self.spool.append(retry, now, "search cluster unavailable" if report.cluster_down else "retryable refusal")
            report.spooled = len(retry)
            retry = []
        if result is None:
            return report, retry
        report.indexed, report.created, report.rejected = len(result.indexed), len(result.created), result.rejected
        if result.indexed:
            report.reposts_linked = len(self.lifecycle.after_upsert(result.indexed, previous, now))
            alerts = self.dispatcher.on_indexed(result.indexed, previous, now)
            report.alerts_created, report.alerts_escalated = len(alerts.created), len(alerts.escalated)
            report.alerts_sent, report.alerts_pending = len(alerts.sent), len(alerts.pending)
            if self.alerts_waiting:
                report.alerts_sent += self._retry_waiting_alerts()
            self.alerts_waiting = self.alerts_waiting or (bool(alerts.pending) and bool(self.dispatcher.alerters))
        return report, retry

    def upsert(self, documents: list[dict], now: str) -> BulkOutcome:
        return bulk_upsert(self.store, self.settings.listings_alias, documents, now)

    def _upsert_or_hand_off(self, documents: list[dict], now: str) -> UpsertResult:
        """Upsert; classify each document as indexed, to retry, or rejected (kept with its error)."""
        result = UpsertResult()
        try:
            outcome = self.upsert(documents, now)
        except (SearchUnavailable, SearchRequestError) as exc:
            if not cluster_unavailable(exc):
                raise
            log.warning("search cluster unavailable for %d listing(s): %s", len(documents), exc)
            result.retry, result.cluster_down = list(documents), True
            return result
        by_id = {document["id"]: document for document in documents}
        for item in outcome.items:
            if item.error is None:
                result.indexed.append(by_id[item.id])
            elif retryable(item.status):
                result.retry.append(by_id[item.id])
            else:
                self.spool.reject(by_id[item.id], item.error, now)
                log.error("listing %s refused by the cluster, kept in rejected/: %s", item.id, item.error)
                result.rejected += 1
        result.created = [listing_id for listing_id in outcome.created if listing_id in by_id]
        return result

    def _stored_states(self, listing_ids: list[str]) -> dict[str, dict]:
        """Before a chunk is indexed: what the alerts and repost links need of the listings already known."""
        if not listing_ids:
            return {}
        found = self.store.request("POST", f"/{self.settings.listings_alias}/_mget", {"ids": listing_ids},
                                   params={"_source_includes": "status,first_seen,duplicate_of,offer_group"})
        return {doc["_id"]: doc.get("_source", {}) for doc in found["docs"] if doc.get("found")}

    def replay_spool(self) -> ChunkReport:
        """Index spooled segments oldest first, with the time they were seen; stop if the cluster is down."""
        total = ChunkReport()
        for segment in self.spool.segments():
            report, retry = self.index_chunk(segment.documents, segment.seen_at, spool_failures=False)
            if report.cluster_down:
                total.cluster_down = True
                break
            self.spool.replace(segment, retry)
            total.add(report)
            total.spooled += len(retry)
        if total.indexed:
            log.info("replayed %d spooled listing(s)", total.indexed)
        return total


class CrawlIndexer:
    """ChunkIndexer for a crawl that goes on when the cluster is down.

    While the cluster cannot be reached, every chunk goes to the spool (said once in the log); the
    cluster is tried again at most every `retry_seconds`, and once it answers, the indices are
    readied, the watches synced and the spool replayed (ChunkIndexer.open) before the next chunk.
    """

    def __init__(self, settings: Settings, lifecycle: IndexingHooks | None = None, retry_seconds: float = 30.0):
        self.settings = settings
        self.lifecycle = lifecycle
        self.retry_seconds = retry_seconds
        self.spool = Spool(settings.home)
        self.store: SearchStore | None = None
        self.chunks: ChunkIndexer | None = None
        self._next_try = 0.0
        self._said_down = False

    def open(self) -> ChunkReport:
        return self._connect() or ChunkReport(cluster_down=True)

    def index_chunk(self, documents: list[dict], now: str) -> ChunkReport:
        report = ChunkReport()
        if self.chunks is None:
            caught_up = self._connect()
            if caught_up is None:
                self.spool.append(documents, now, "search cluster unavailable")
                return ChunkReport(spooled=len(documents), cluster_down=True)
            report.add(caught_up)
        indexed, _ = self.chunks.index_chunk(documents, now)
        report.add(indexed)
        return report

    def close(self) -> None:
        if self.store is not None:
            self.store.close()

    def _connect(self) -> ChunkReport | None:
        """The catch-up report once the cluster answers; None while it does not."""
        if time.monotonic() < self._next_try:
            return None
        store = None
        try:
            store = open_store(self.settings)
            chunks = ChunkIndexer(store, self.settings, self.lifecycle)
            report = chunks.open()
        except (SearchUnavailable, SearchRequestError) as exc:
            if store is not None:
                store.close()
            if not cluster_unavailable(exc):
                raise
            self._next_try = time.monotonic() + self.retry_seconds
            if not self._said_down:
                self._said_down = True
                log.warning("%s. The crawl goes on: its listings are spooled in %s and indexed when the cluster "
                            "is back (at the next crawl, or `leakscout index replay`)", exc, self.spool.folder)
            return None
        if self._said_down:
            log.warning("search cluster reachable again: %d spooled listing(s) indexed", report.indexed)
        self.store, self.chunks = store, chunks
        return report
