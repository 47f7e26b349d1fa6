"""Retro-hunt: listings already in the index, looked at again when a brand learns something new.

A brand added to the watchlist (or given a new alias) is searched for in the listings already
indexed, with the very watch query the percolator stores; customers imported for a brand are
checked against the sample hashes of the listings already indexed. What matches raises alerts
through the usual path (dispatcher.on_indexed: one alert per listing × brand, ever), marked
`historical`. Running it again raises nothing new.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from leakscout.alerts.dispatcher import AlertDispatcher
from leakscout.alerts.rules import watch_query
from leakscout.alerts.watches import SyncReport
from leakscout.storage.search import SearchRequestError
from leakscout.core.timeutil import utc_now

PAGE = 200
# A stable order without _id (Elasticsearch 8 refuses to sort on it): a listing is site × key.
ORDER = [{"site": "asc"}, {"listing_key": "asc"}]

Progress = Callable[[int, int], None]   # (listings looked at, total)


@dataclass
class HuntReport:
    brands: list[str] = field(default_factory=list)
    listings: int = 0
    alerts_created: list[str] = field(default_factory=list)
    alerts_escalated: list[str] = field(default_factory=list)
    alerts_sent: list[str] = field(default_factory=list)
    updated: int = 0   # listings whose exposure changed (customer import)


def sync_and_hunt(dispatcher: AlertDispatcher, progress: Progress | None = None) -> tuple[SyncReport, HuntReport]:
    """Sync the watches; hunt the index for the brands the sync added or changed."""
    sync = dispatcher.sync_watches()
    changed = [name for name in sync.added + sync.updated if dispatcher.watchlist.brand(name) is not None]
    return sync, hunt_brands(dispatcher, changed, progress)


def _pages(dispatcher: AlertDispatcher, query: dict, progress: Progress | None):
    """Pages of listing documents ({"id": …, **source}) matching `query`, with progress."""
    alias = dispatcher.settings.listings_alias
    try:
        dispatcher.store.refresh(alias)
        total = dispatcher.store.count(alias, query)
    except SearchRequestError as exc:
        if exc.status == 404:
            return
        raise
    body: dict = {"size": PAGE, "query": query, "sort": ORDER}
    seen = 0
    while total:
        hits = dispatcher.store.search(alias, body)["hits"]["hits"]
        if not hits:
            return
        seen += len(hits)
        yield [{"id": hit["_id"], **hit["_source"]} for hit in hits]
        if progress:
            progress(seen, total)
        if len(hits) < PAGE:
            return
        body["search_after"] = hits[-1]["sort"]


def _alert(dispatcher: AlertDispatcher, documents: list[dict], brands: set[str], report: HuntReport) -> None:
    previous = {d["id"]: {"status": d.get("status"), "first_seen": d.get("first_seen")} for d in documents}
    dispatched = dispatcher.on_indexed(documents, previous, utc_now(), historical=True, only_brands=brands)
    report.alerts_created += dispatched.created
    report.alerts_escalated += dispatched.escalated
    report.alerts_sent += dispatched.sent


def hunt_brands(dispatcher: AlertDispatcher, names: list[str], progress: Progress | None = None) -> HuntReport:
    report = HuntReport(brands=list(names))
    for name in names:
        brand = dispatcher.watchlist.brand(name)
        if brand is None:
            continue
        for documents in _pages(dispatcher, watch_query(brand), progress):
            report.listings += len(documents)
            _alert(dispatcher, documents, {name}, report)
    return report


def recheck_exposure(dispatcher: AlertDispatcher, matcher, brand: str, kinds: list[str],
                     progress: Progress | None = None) -> HuntReport:
    """After customers of `brand` were imported: re-check the listings holding samples of `kinds`,
    store their new exposure, and alert (historical) where the brand is now confirmed."""
    report = HuntReport(brands=[brand])
    matcher.forget_kinds()
    query = {"bool": {"filter": [{"terms": {"samples.kind": sorted(kinds)}}]}}
    alias = dispatcher.settings.listings_alias
    for documents in _pages(dispatcher, query, progress):
        report.listings += len(documents)
        before = {d["id"]: (d.get("exposure"), d.get("severity")) for d in documents}
        matcher.annotate(documents)
        changed = [d for d in documents if before[d["id"]] != (d.get("exposure"), d.get("severity"))]
        if not changed:
            continue
        actions: list[dict] = []
        for document in changed:
            actions += [{"update": {"_index": alias, "_id": document["id"]}},
                        {"doc": {key: document[key] for key in
                                 ("exposure", "exposure_brands", "exposure_bonus", "severity")}}]
        dispatcher.store.bulk(actions, refresh=True)
        report.updated += len(changed)
        if dispatcher.watchlist.brand(brand) is not None:
            _alert(dispatcher, changed, {brand}, report)
    return report
