"""The watch index on the real node: sync keeps it in step with the watchlist; percolation matches
brands as words (趣店, not 趣), ignores passing mentions, honours exclusions, minimum severity and
data kinds; each exported saved search, run as Kibana runs it, returns exactly what its watch matched."""
import pytest

from leakscout import kibana
from leakscout.alerts.rules import watch_id, watched_fields
from leakscout.alerts.watches import percolate, sync_watches
from leakscout.core.watchlist import WatchedBrand, parse_watchlist

QUDIAN = WatchedBrand("Qudian", ("趣店", "来分期", "Qudian Inc."), exclude=("not from Qudian", "仿冒"))
STRICT = WatchedBrand("Acme Bank", ('say "hi"', "back\\slash"), min_severity=60, data_types=("bank_account", "loan"))
CTRIP = WatchedBrand("Ctrip", ("携程",))


def doc(id_, claimed=None, brands=(), title="", body="", severity=50, data_types=()):
    return {"id": id_, "claimed_source": claimed, "brands": list(brands), "title": title, "body": body,
            "severity": severity, "data_types": list(data_types), "site": "t", "listing_key": id_}


DOCS = [
    doc("cjk-word", claimed="趣店", title="趣店学生数据"),
    doc("cjk-one-char", claimed="趣", title="趣味数据"),
    doc("cjk-chars-apart", claimed="趣 店", title="趣 店"),
    doc("brands-only", brands=["Qudian"], title="student loans db"),
    doc("alias-english", claimed="Qudian Inc.", title="db"),
    doc("passing-mention", title="出售借款用户", body="比趣店的全 Qudian Inc. 也有"),
    doc("excluded", brands=["Qudian"], title="loans", body="data not from Qudian, sorry"),
    doc("excluded-cjk", claimed="趣店", title="仿冒趣店数据"),
    doc("three-chars", claimed="来分期用户", title="x"),
    doc("acme-ok", claimed='say "hi"', severity=70, data_types=["loan"]),
    doc("acme-low", brands=["Acme Bank"], severity=59.5, data_types=["loan"]),
    doc("acme-kinds", brands=["Acme Bank"], severity=90, data_types=["phone"]),
    doc("acme-backslash", claimed="back\\slash", severity=60, data_types=["bank_account", "phone"]),
    doc("ctrip", claimed="携程", title="携程开房记录"),
]
EXPECTED = {
    "Qudian": {"cjk-word", "brands-only", "alias-english", "three-chars"},
    "Acme Bank": {"acme-ok", "acme-backslash"},
    "Ctrip": {"ctrip"},
}


@pytest.fixture
def watches(store, leakscout_env):
    sync_watches(store, leakscout_env.watches_alias, [QUDIAN, STRICT, CTRIP])
    return leakscout_env.watches_alias


def _matched(store, alias, docs):
    found: dict[str, set] = {}
    for slot, brand in percolate(store, alias, docs):
        found.setdefault(brand, set()).add(docs[slot]["id"])
    return found


def test_percolation_matches_sources_as_words_and_applies_the_filters(store, watches):
    assert _matched(store, watches, DOCS) == EXPECTED


def test_one_document_alone_is_percolated_too(store, watches):
    assert percolate(store, watches, [DOCS[0]]) == [(0, "Qudian")]
    assert percolate(store, watches, [DOCS[1]]) == []
    assert percolate(store, watches, []) == []


def test_sync_adds_updates_removes_and_leaves_alone(store, leakscout_env):
    alias = leakscout_env.watches_alias
    first = sync_watches(store, alias, [QUDIAN, CTRIP])
    again = sync_watches(store, alias, [QUDIAN, CTRIP])
    changed = sync_watches(store, alias, [WatchedBrand("Qudian", ("趣店",))])

    assert (sorted(first.added), first.updated, first.removed) == (["Ctrip", "Qudian"], [], [])
    assert (sorted(again.unchanged), again.added, again.updated) == (["Ctrip", "Qudian"], [], [])
    assert (changed.updated, changed.removed) == (["Qudian"], ["Ctrip"])
    store.refresh(alias)
    assert store.count(alias) == 1
    assert _matched(store, alias, DOCS) == {"Qudian": {"cjk-word", "brands-only", "alias-english", "excluded", "excluded-cjk"}}


def test_watch_documents_carry_the_brand_settings(store, watches):
    stored = store.request("GET", f"/{watches}/_doc/{watch_id('Acme Bank')}")["_source"]["watch"]
    assert stored["brand"] == "Acme Bank" and stored["min_severity"] == 60
    assert stored["data_types"] == ["bank_account", "loan"]


def test_each_saved_search_returns_exactly_what_its_watch_matched(store, leakscout_env, watches):
    listings = leakscout_env.listings_alias
    actions = []
    for d in DOCS:
        actions += [{"index": {"_index": listings, "_id": d["id"]}}, {k: v for k, v in d.items() if k != "id"}]
    assert not store.bulk(actions, refresh=True)["errors"]
    matched = _matched(store, watches, DOCS)

    searches = kibana.build_saved_objects([QUDIAN, STRICT, CTRIP], index_pattern=listings)[1:7]
    watch_searches = [s for s in searches if not s["id"].endswith("-exposure")]
    assert len(watch_searches) == 3
    for search in watch_searches:
        source = kibana.json.loads(search["attributes"]["kibanaSavedObjectMeta"]["searchSourceJSON"])
        assert source["query"]["language"] == "lucene"
        # What Kibana sends for a Lucene query: query_string with its default options.
        hits = store.search(listings, {"size": 100, "query": {"query_string": {
            "query": source["query"]["query"], "analyze_wildcard": True}}})["hits"]["hits"]
        brand = search["attributes"]["title"].removeprefix("leakscout: ")
        assert {hit["_id"] for hit in hits} == matched[brand] == EXPECTED[brand], brand


def test_watchlist_filters_parse_and_bad_values_name_the_line():
    watchlist = parse_watchlist("brands:\n  - name: A\n    min_severity: 60\n    data_types: [loan]\n")
    assert (watchlist.brands[0].min_severity, watchlist.brands[0].data_types) == (60.0, ("loan",))
    with pytest.raises(Exception, match="line 3: `min_severity` must be a number from 0 to 100"):
        parse_watchlist("brands:\n  - name: A\n    min_severity: high\n")
    with pytest.raises(Exception, match="line 3: unknown data kind 'cars'"):
        parse_watchlist("brands:\n  - name: A\n    data_types: [cars]\n")


def test_title_and_body_are_sent_to_the_percolator_only_when_a_watch_has_exclusions(store, leakscout_env):
    assert {"title", "body"} <= set(watched_fields([QUDIAN, CTRIP]))
    assert not {"title", "body"} & set(watched_fields([STRICT, CTRIP]))

    alias = leakscout_env.watches_alias
    sync_watches(store, alias, [STRICT, CTRIP])
    assert percolate(store, alias, DOCS, watched_fields([STRICT, CTRIP])) == percolate(store, alias, DOCS)
    sync_watches(store, alias, [QUDIAN, STRICT, CTRIP])
    fewer = percolate(store, alias, DOCS, watched_fields([STRICT, CTRIP]))
    assert len(fewer) > len(percolate(store, alias, DOCS, watched_fields([QUDIAN, STRICT, CTRIP])))   # exclusions need them
