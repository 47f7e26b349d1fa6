"""Indexing that loses nothing: what the cluster cannot take now goes to the spool, and comes back.

- the cluster unreachable, or the whole _bulk refused with 429/5xx → the chunk is retried later;
- single documents refused with 429/5xx → those documents are retried later;
- single documents refused for good (mapping errors, other 4xx) → kept in rejected/ with the error.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field

from leakscout.storage.search import SearchRequestError, SearchUnavailable
from leakscout.storage.spool import Spool
from pipelines.indexer import ListingIndexer

log = logging.getLogger(__name__)


def retryable(status: int) -> bool:
    return status == 429 or status >= 500 or status == 0


def cluster_unavailable(exc: Exception) -> bool:
    """True for failures that say "try again later" rather than "this request is wrong"."""
    return isinstance(exc, SearchUnavailable) or (isinstance(exc, SearchRequestError) and retryable(exc.status))


@dataclass
class HandoffResult:
    indexed: list[dict] = field(default_factory=list)   # documents now in the cluster
    created: list[str] = field(default_factory=list)    # ids of listings new to the cluster
    retry: list[dict] = field(default_factory=list)     # documents to try again later
    rejected: int = 0
    cluster_down: bool = False


class DurableIndexer:
    def __init__(self, indexer: ListingIndexer, spool: Spool):
        self.indexer = indexer
        self.spool = spool

    def index(self, documents: list[dict], now: str) -> HandoffResult:
        """Upsert; classify each document as indexed, to retry, or rejected (kept with its error)."""
        result = HandoffResult()
        try:
            outcome = self.indexer.upsert(documents, now=now)
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
