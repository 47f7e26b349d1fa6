"""`match: mention` watches: a team that wants every listing naming its brand gets the passing mentions
too, as kind "mention" alerts with a lower severity; the default (`match: source`) stays silent on them."""
import pytest

from leakscout import kibana
from leakscout.alerts.dispatcher import AlertDispatcher  # noqa: F401  (the module the alerts come from)
from leakscout.alerts.rules import MENTION_SEVERITY, match_kind, watch_query, watched_fields
from leakscout.alerts.watches import percolate, sync_watches
from leakscout.core.config import load_settings
from leakscout.core.errors import BadInput
from leakscout.core.watchlist import WatchedBrand, parse_watchlist
from tests.alerts.helpers import passing_mention, read_mails, run_pipeline, zh_listing

MENTION_WATCHLIST = """\
brands:
  - name: Qudian
    aliases: [趣店, "Qudian Inc."]
    notify: [brand-protection@example.com]
    match: mention
  - name: Ctrip
    aliases: [携程]
"""


def test_match_parses_defaults_to_source_and_names_a_bad_value_with_its_line():
    watchlist = parse_watchlist(MENTION_WATCHLIST)
    assert [(b.name, b.match) for b in watchlist.brands] == [("Qudian", "mention"), ("Ctrip", "source")]
    with pytest.raises(BadInput, match="line 3: `match` must be one of: source, mention"):
        parse_watchlist("brands:\n  - name: A\n    match: everything\n")


def test_a_mention_watch_also_reads_title_and_body():
    source, mention = WatchedBrand("Qudian", ("趣店",)), WatchedBrand("Qudian", ("趣店",), match="mention")
    clauses = lambda brand: watch_query(brand)["bool"]["filter"][0]["bool"]["should"]  # noqa: E731
    assert {"match_phrase": {"body": "趣店"}} in clauses(mention)
    assert not any("title" in c.get("match_phrase", {}) or "body" in c.get("match_phrase", {}) for c in clauses(source))
    assert not {"title", "body"} & set(watched_fields([source]))
    assert {"title", "body"} <= set(watched_fields([source, mention]))
    assert 'body:"趣店"' in kibana.brand_lucene(mention) and "body:" not in kibana.brand_lucene(source)  # saved search = watch


@pytest.mark.parametrize("document,kind", [
    ({"brands": ["Qudian"], "claimed_source": "趣店"}, "source"),
    ({"brands": [], "claimed_source": "Qudian Inc. customers"}, "source"),   # an alias in the claimed source
    ({"brands": ["PPDai"], "claimed_source": "拍拍贷"}, "mention"),
    ({"brands": [], "claimed_source": None}, "mention"),
])
def test_match_kind(document, kind):
    assert match_kind(WatchedBrand("Qudian", ("趣店", "Qudian Inc.")), document) == kind


def test_percolation_of_a_mention_watch(store, leakscout_env):
    alias = leakscout_env.watches_alias
    brands = parse_watchlist(MENTION_WATCHLIST).brands
    sync_watches(store, alias, brands)
    docs = [{"id": "a", "brands": [], "claimed_source": "某贷平台", "title": "借款用户", "body": "数据比趣店的全",
             "severity": 40, "data_types": []},
            {"id": "b", "brands": [], "claimed_source": None, "title": "比携程的全", "body": "", "severity": 40,
             "data_types": []}]
    assert percolate(store, alias, docs, watched_fields(brands)) == [(0, "Qudian")]   # Ctrip only by source


def _alerts(store, settings):
    store.refresh(settings.alerts_alias)
    hits = store.search(settings.alerts_alias, {"size": 100})["hits"]["hits"]
    return {hit["_source"]["listing_id"]: hit["_source"] for hit in hits}


def test_a_passing_mention_alerts_as_a_mention_with_half_the_severity(store, leakscout_env, tmp_path, monkeypatch, sink):
    watchlist = tmp_path / "watchlist.yaml"
    watchlist.write_text(MENTION_WATCHLIST, encoding="utf-8")
    monkeypatch.setenv("LEAKSCOUT_WATCHLIST", str(watchlist))
    monkeypatch.setenv("LEAKSCOUT_SMTP_URL", sink.url)
    settings = load_settings()

    run_pipeline([zh_listing(), passing_mention()])

    alerts = _alerts(store, settings)
    assert {key: a["kind"] for key, a in alerts.items()} == {"forum-a:1001": "new", "forum-a:1003": "mention"}
    store.refresh(settings.listings_alias)
    listing = store.request("GET", f"/{settings.listings_alias}/_doc/forum-a:1003")["_source"]
    assert "Qudian" not in listing["brands"]          # the extractor still judged it a passing mention
    assert alerts["forum-a:1003"]["severity"] == round(listing["severity"] * MENTION_SEVERITY, 1)
    assert alerts["forum-a:1001"]["severity"] == store.request(
        "GET", f"/{settings.listings_alias}/_doc/forum-a:1001")["_source"]["severity"]
    subjects = sorted(m["Subject"] for m in read_mails(sink))
    assert len(subjects) == 2 and sum(s.startswith("[leakscout] MENTION:") and "Qudian:" in s for s in subjects) == 1
