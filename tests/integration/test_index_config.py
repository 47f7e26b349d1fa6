"""index_config/ on the real node: mappings, CJK words, aliases, idempotent init, migration."""
import pytest

from leakscout.storage.index_admin import IndexSpec, apply_spec, init_indices, load_specs
from leakscout.storage.search import SearchRequestError


def _index(store, alias, doc_id, doc):
    return store.request("PUT", f"/{alias}/_doc/{doc_id}", doc, params={"refresh": "true"})


def test_alias_resolves_to_versioned_index(store, leakscout_env):
    version = next(s.version for s in load_specs(leakscout_env.index_prefix) if s.alias == leakscout_env.listings_alias)
    aliases = store.request("GET", f"/_alias/{leakscout_env.listings_alias}")
    index = f"{leakscout_env.listings_alias}-v{version}"
    assert list(aliases) == [index]
    assert aliases[index]["aliases"][leakscout_env.listings_alias]["is_write_index"]


def test_init_is_idempotent(store, leakscout_env):
    results = init_indices(store, leakscout_env.index_prefix)
    assert results and all(r.action == "unchanged" for r in results)


def test_field_not_in_mapping_is_refused(store, leakscout_env):
    with pytest.raises(SearchRequestError) as refused:
        _index(store, leakscout_env.listings_alias, "x", {"title": "ok", "not_a_field": 1})
    assert refused.value.status == 400
    assert "strict" in str(refused.value.body)
    assert store.count(leakscout_env.listings_alias) == 0


def test_numeric_fields_are_numbers(store, leakscout_env):
    alias = leakscout_env.listings_alias
    _index(store, alias, "a", {"title": "x", "price": {"amount": 100000, "currency": "CNY"}, "record_count": 1000000})
    _index(store, alias, "b", {"title": "y", "price": {"amount": 8000, "currency": "CNY"}, "record_count": 51289})
    hits = store.search(alias, {"query": {"range": {"price.amount": {"gte": 50000}}}})["hits"]["hits"]
    assert [h["_id"] for h in hits] == ["a"]
    total = store.search(alias, {"size": 0, "aggs": {"n": {"sum": {"field": "record_count"}}}})
    assert total["aggregations"]["n"]["value"] == 1051289


@pytest.mark.parametrize("query, expected", [
    ("趣店", {"qudian"}),          # the brand matches as a word
    ("趣", set()),                 # a single character is not the word
    ("店", set()),
    ("学生数据", {"qudian"}),
    ("QUDIAN", {"latin"}),         # case-folded Latin words
    ("ｑｕｄｉａｎ", {"latin"}),     # full-width folded to half-width
])
def test_cjk_text_matches_words(store, leakscout_env, query, expected):
    alias = leakscout_env.listings_alias
    _index(store, alias, "qudian", {"title": "【趣店】近百万学生数据出售", "body": "打包价10万元"})
    _index(store, alias, "shop", {"title": "店铺出售", "body": "淘宝店 有趣的东西"})
    _index(store, alias, "latin", {"title": "Qudian users dump", "body": "csv"})
    hits = store.search(alias, {"query": {"multi_match": {"query": query, "fields": ["title", "body"],
                                                          "operator": "and"}}})["hits"]["hits"]
    assert {h["_id"] for h in hits} == expected


def test_keyword_subfield_allows_exact_title_filter(store, leakscout_env):
    alias = leakscout_env.listings_alias
    _index(store, alias, "a", {"title": "【趣店】近百万学生数据出售"})
    hits = store.search(alias, {"query": {"term": {"title.keyword": "【趣店】近百万学生数据出售"}}})["hits"]["hits"]
    assert [h["_id"] for h in hits] == ["a"]


def test_new_version_migrates_by_reindex(store, leakscout_env):
    spec_v1 = next(s for s in load_specs(leakscout_env.index_prefix) if s.alias == leakscout_env.listings_alias)
    for i in range(5):
        _index(store, spec_v1.alias, f"doc{i}", {"title": f"listing {i}", "record_count": i})
    mappings_v2 = {**spec_v1.mappings, "properties": {**spec_v1.mappings["properties"],
                                                       "new_field": {"type": "keyword"}}}
    spec_v2 = IndexSpec(spec_v1.alias, spec_v1.version + 1, mappings_v2, spec_v1.settings)

    result = apply_spec(store, spec_v2)

    assert result.action == f"migrated from {spec_v1.index_name}"
    assert list(store.request("GET", f"/_alias/{spec_v1.alias}")) == [spec_v2.index_name]
    assert store.count(spec_v1.alias) == 5
    assert not store.exists(f"/{spec_v1.index_name}")
    _index(store, spec_v1.alias, "new", {"title": "t", "new_field": "accepted now"})
    assert apply_spec(store, spec_v2).action == "unchanged"


def test_older_leakscout_refuses_newer_index(store, leakscout_env):
    spec_v1 = next(s for s in load_specs(leakscout_env.index_prefix) if s.alias == leakscout_env.listings_alias)
    apply_spec(store, IndexSpec(spec_v1.alias, spec_v1.version + 1, spec_v1.mappings, spec_v1.settings))
    with pytest.raises(Exception, match="newer than this leakscout"):
        apply_spec(store, spec_v1)


def test_refusal_leaves_the_newer_template_in_place(store, leakscout_env):
    spec_v1 = next(s for s in load_specs(leakscout_env.index_prefix) if s.alias == leakscout_env.listings_alias)
    apply_spec(store, IndexSpec(spec_v1.alias, spec_v1.version + 1, spec_v1.mappings, spec_v1.settings))
    with pytest.raises(Exception):
        apply_spec(store, spec_v1)
    template = store.request("GET", f"/_index_template/{spec_v1.alias}")["index_templates"][0]
    assert template["index_template"]["version"] == spec_v1.version + 1


def test_two_processes_initialising_together_both_succeed(search_node, leakscout_env):
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda _: init_indices(search_node, leakscout_env.index_prefix), range(4)))
    try:
        actions = [r.action for batch in results for r in batch if r.alias == leakscout_env.listings_alias]
        assert sorted(actions).count("created") >= 1 and set(actions) <= {"created", "unchanged"}
        assert list(search_node.request("GET", f"/_alias/{leakscout_env.listings_alias}")) == \
            [f"{leakscout_env.listings_alias}-v{load_specs()[0].version}"]
    finally:
        search_node.request("DELETE", f"/{leakscout_env.index_prefix}-*", ok=(404,))
        for name in ("listings", "alerts", "watches"):
            search_node.request("DELETE", f"/_index_template/{leakscout_env.index_prefix}-{name}", ok=(404,))


def test_a_plain_index_in_the_way_is_a_clear_error(search_node, leakscout_env):
    alias = leakscout_env.listings_alias
    search_node.request("PUT", f"/{alias}")
    try:
        with pytest.raises(Exception, match="exists as a plain index"):
            init_indices(search_node, leakscout_env.index_prefix)
    finally:
        search_node.request("DELETE", f"/{leakscout_env.index_prefix}-*", ok=(404,))
        for name in ("listings", "alerts", "watches"):
            search_node.request("DELETE", f"/_index_template/{leakscout_env.index_prefix}-{name}", ok=(404,))


def test_the_test_node_refuses_to_sort_on_id_as_elasticsearch_8_does(store, leakscout_env):
    alias = leakscout_env.listings_alias
    init_indices(store, leakscout_env.index_prefix)
    with pytest.raises(SearchRequestError) as refused:
        store.search(alias, {"sort": [{"_id": "asc"}]})
    assert refused.value.status == 400 and "id_field_data" in str(refused.value.body)
    assert store.search(alias, {"sort": [{"first_seen": "asc"}, {"site": "asc"}, {"listing_key": "asc"}]})["hits"] is not None
