"""Bulk upsert of listing documents: a re-crawl updates, keeps first_seen, and records history.

Life cycle fields: every listing indexed is `status: active` (a listing marked removed by an
earlier crawl comes back active, its `removed_at` dropped, its history kept); `offer_group`
starts as the listing's own id and `duplicate_of`/`offer_group` are set once, when a repost is
first linked (pipelines/lifecycle.py), and never overwritten by a re-crawl.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from leakscout.storage.search import SearchStore
from leakscout.core.timeutil import utc_now

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


class ListingIndexer:
    def __init__(self, store: SearchStore, index: str, refresh: bool | str = False):
        self.store = store
        self.index = index
        self.refresh = refresh

    def upsert(self, documents: list[dict], now: str | None = None) -> BulkOutcome:
        if not documents:
            return BulkOutcome()
        response = self.store.bulk(upsert_actions(documents, now or utc_now(), self.index), refresh=self.refresh)
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
