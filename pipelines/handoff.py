"""Indexing that loses nothing: what the cluster cannot take now goes to the spool, and comes back.

- the cluster unreachable, or the whole _bulk refused with 429/5xx → the chunk is spooled;
- single documents refused with 429/5xx → those documents are spooled;
- single documents refused for good (mapping errors, other 4xx) → kept in rejected/ with the error.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field

from leakscout.search import SearchRequestError, SearchUnavailable
from leakscout.spool import Spool
from pipelines.indexer import ListingIndexer

log = logging.getLogger(__name__)


def _retryable(status: int) -> bool:
    return status == 429 or status >= 500 or status == 0


@dataclass
class HandoffResult:
    indexed: list[dict] = field(default_factory=list)    # documents now in the cluster
    created: list[str] = field(default_factory=list)     # ids of listings new to the cluster
    spooled: int = 0
    rejected: int = 0
    cluster_down: bool = False


class DurableIndexer:
    def __init__(self, indexer: ListingIndexer, spool: Spool):
        self.indexer = indexer
        self.spool = spool

    def index(self, documents: list[dict], now: str) -> HandoffResult:
        result = HandoffResult()
        if not documents:
            return result
        try:
            outcome = self.indexer.upsert(documents, now=now)
        except (SearchUnavailable, SearchRequestError) as exc:
            if isinstance(exc, SearchRequestError) and not _retryable(exc.status):
                raise
            self.spool.append(documents, now, str(exc))
            log.warning("%d listing(s) spooled: %s", len(documents), exc)
            result.spooled, result.cluster_down = len(documents), True
            return result
        by_id = {document["id"]: document for document in documents}
        retry = []
        for item in outcome.items:
            if item.error is None:
                result.indexed.append(by_id[item.id])
            elif _retryable(item.status):
                retry.append(by_id[item.id])
            else:
                self.spool.reject(by_id[item.id], item.error, now)
                log.error("listing %s refused by the cluster, kept in rejected/: %s", item.id, item.error)
                result.rejected += 1
        if retry:
            self.spool.append(retry, now, "documents refused with a retryable status")
            result.spooled += len(retry)
        result.created = [i for i in outcome.created if i in by_id]
        return result

    def replay(self, on_indexed=None) -> HandoffResult:
        """Index every spooled segment, oldest first; stop at the first sign the cluster is down."""
        total = HandoffResult()
        for segment in self.spool.segments():
            # The segment is re-read from disk: index() must not spool it a second time on failure.
            try:
                outcome = self.indexer.upsert(segment.documents, now=segment.seen_at)
            except (SearchUnavailable, SearchRequestError) as exc:
                if isinstance(exc, SearchRequestError) and not _retryable(exc.status):
                    raise
                total.cluster_down = True
                break
            by_id = {document["id"]: document for document in segment.documents}
            remaining = []
            indexed = []
            for item in outcome.items:
                if item.error is None:
                    indexed.append(by_id[item.id])
                elif _retryable(item.status):
                    remaining.append(by_id[item.id])
                else:
                    self.spool.reject(by_id[item.id], item.error, segment.seen_at)
                    total.rejected += 1
            if on_indexed is not None and indexed:
                on_indexed(indexed, segment.seen_at)
            self.spool.replace(segment, remaining)
            total.indexed.extend(indexed)
            total.created.extend(outcome.created)
            total.spooled += len(remaining)
        return total
