"""The watch index: the watchlist as stored percolator queries, kept in step with the file.

`sync_watches` writes one document per watched brand (id from the brand name, query from
rules.watch_query) and deletes watches whose brand left the watchlist. `percolate` asks which
watches match a batch of listing documents, in one request.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from leakscout.alerts.rules import WATCHED_FIELDS, watch_id, watch_query
from leakscout.core.errors import LeakscoutError
from leakscout.storage.search import SearchStore
from leakscout.core.timeutil import utc_now

MAX_WATCH_HITS = 10000  # the search window; more watches than this matching one chunk is not expected


@dataclass
class SyncReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def watch_document(brand) -> dict:
    watch = {
        "brand": brand.name,
        "aliases": list(brand.aliases),
        "exclude": list(brand.exclude),
        "notify": list(brand.notify),
        "min_severity": brand.min_severity,
        "data_types": list(brand.data_types),
    }
    query = watch_query(brand)
    watch["fingerprint"] = hashlib.sha1(json.dumps([watch, query], sort_keys=True, ensure_ascii=False)
                                        .encode("utf-8")).hexdigest()
    return {"query": query, "watch": watch}


def _stored_watches(store: SearchStore, alias: str) -> dict[str, dict]:
    """id → {brand, fingerprint} of every stored watch (pages with search_after: any number works)."""
    found: dict[str, dict] = {}
    # Sorted by brand (one watch per brand), not _id: Elasticsearch 8 refuses to sort on _id.
    body = {"size": 1000, "_source": ["watch.brand", "watch.fingerprint"], "sort": [{"watch.brand": "asc"}]}
    while True:
        hits = store.search(alias, body)["hits"]["hits"]
        for hit in hits:
            found[hit["_id"]] = hit["_source"].get("watch", {})
        if len(hits) < body["size"]:
            return found
        body["search_after"] = hits[-1]["sort"]


def sync_watches(store: SearchStore, alias: str, brands, chunk: int = 1000) -> SyncReport:
    """Make the watch index hold exactly one watch per brand of `brands`, as it is now."""
    report = SyncReport()
    stored = _stored_watches(store, alias)
    wanted: dict[str, tuple[str, dict]] = {watch_id(b.name): (b.name, watch_document(b)) for b in brands}
    actions: list[dict] = []
    now = utc_now()
    for id_, (name, document) in wanted.items():
        if stored.get(id_, {}).get("fingerprint") == document["watch"]["fingerprint"]:
            report.unchanged.append(name)
            continue
        (report.updated if id_ in stored else report.added).append(name)
        document["watch"]["synced_at"] = now
        actions += [{"index": {"_index": alias, "_id": id_}}, document]
    for id_ in stored.keys() - wanted.keys():
        report.removed.append(stored[id_].get("brand") or id_)
        actions.append({"delete": {"_index": alias, "_id": id_}})
    for start in range(0, len(actions), chunk * 2):
        response = store.bulk(actions[start:start + chunk * 2])
        if response.get("errors"):
            failed = next(item for item in response["items"] if "error" in next(iter(item.values())))
            raise LeakscoutError(f"storing watches failed: {next(iter(failed.values()))['error']}")
    if actions:
        store.refresh(alias)
    return report


def percolated_fields(document: dict, fields: tuple[str, ...] = WATCHED_FIELDS) -> dict:
    """Only what the watches read: less to analyse, and no field a watch cannot know."""
    return {key: document[key] for key in fields if document.get(key) is not None}


def percolate(store: SearchStore, alias: str, documents: list[dict],
              fields: tuple[str, ...] = WATCHED_FIELDS) -> list[tuple[int, str]]:
    """(position in `documents`, brand name) for every watch that matches a document.

    `fields`: those the stored watches read (rules.watched_fields of their brands); others are not sent."""
    if not documents:
        return []
    body = {
        "size": MAX_WATCH_HITS,
        "_source": ["watch.brand"],
        "query": {"percolate": {"field": "query", "documents": [percolated_fields(d, fields) for d in documents]}},
    }
    matches = []
    for hit in store.search(alias, body)["hits"]["hits"]:
        brand = hit["_source"]["watch"]["brand"]
        # One document in the request: no slot field, the document is slot 0.
        for slot in hit.get("fields", {}).get("_percolator_document_slot", [0]):
            matches.append((slot, brand))
    return sorted(matches)
