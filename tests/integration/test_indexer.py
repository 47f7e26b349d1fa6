"""Bulk upsert on the real node: stable ids, first_seen kept, last_seen moved, history of changes."""
from pipelines.index import bulk_upsert


def _doc(doc_id="demo-zh:47731", amount=100000, count=1000000):
    return {"id": doc_id, "site": "demo-zh", "listing_key": doc_id.split(":")[1], "url": "http://x/1",
            "title": "【趣店】近百万学生数据出售", "body": "…", "brands": ["Qudian"],
            "price": {"amount": amount, "currency": "CNY", "amount_usd": None}, "record_count": count}


def _get(store, alias, doc_id):
    return store.request("GET", f"/{alias}/_doc/{doc_id}")["_source"]


def test_first_crawl_creates_with_first_seen(store, leakscout_env):
    outcome = bulk_upsert(store, leakscout_env.listings_alias, [_doc()], now="2026-01-01T00:00:00.000Z")
    assert outcome.created == ["demo-zh:47731"]
    source = _get(store, leakscout_env.listings_alias, "demo-zh:47731")
    assert source["first_seen"] == source["last_seen"] == "2026-01-01T00:00:00.000Z"
    assert source["history"] == [{"seen_at": "2026-01-01T00:00:00.000Z", "price_amount": 100000,
                                  "price_currency": "CNY", "record_count": 1000000}]


def test_recrawl_updates_instead_of_duplicating(store, leakscout_env):
    bulk_upsert(store, leakscout_env.listings_alias, [_doc()], now="2026-01-01T00:00:00.000Z")
    outcome = bulk_upsert(store, leakscout_env.listings_alias, [_doc()], now="2026-01-02T00:00:00.000Z")
    assert outcome.created == []
    assert [item.result for item in outcome.items] == ["updated"]
    store.refresh(leakscout_env.listings_alias)
    assert store.count(leakscout_env.listings_alias) == 1
    source = _get(store, leakscout_env.listings_alias, "demo-zh:47731")
    assert source["first_seen"] == "2026-01-01T00:00:00.000Z"
    assert source["last_seen"] == "2026-01-02T00:00:00.000Z"
    assert len(source["history"]) == 1  # nothing changed: no new history entry


def test_price_and_count_changes_are_kept_as_history(store, leakscout_env):
    bulk_upsert(store, leakscout_env.listings_alias, [_doc()], now="2026-01-01T00:00:00.000Z")
    bulk_upsert(store, leakscout_env.listings_alias, [_doc(amount=80000)], now="2026-01-02T00:00:00.000Z")
    bulk_upsert(store, leakscout_env.listings_alias, [_doc(amount=80000, count=1200000)], now="2026-01-03T00:00:00.000Z")
    source = _get(store, leakscout_env.listings_alias, "demo-zh:47731")
    assert [(h["price_amount"], h["record_count"]) for h in source["history"]] == [
        (100000, 1000000), (80000, 1000000), (80000, 1200000)]
    assert source["price"]["amount"] == 80000 and source["record_count"] == 1200000


def test_a_refused_document_is_reported_not_hidden(store, leakscout_env):
    bad = {**_doc("demo-zh:2"), "unknown_field": "x"}
    outcome = bulk_upsert(store, leakscout_env.listings_alias, [_doc("demo-zh:1"), bad])
    assert outcome.created == ["demo-zh:1"]
    assert [f.id for f in outcome.failed] == ["demo-zh:2"]
    assert "strict" in str(outcome.failed[0].error)
