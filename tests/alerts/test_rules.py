"""Rules, pure: the stored query of a watch, deterministic ids, what counts as a significant change."""
import pytest

from leakscout.alerts.rules import alert_id, escalation_id, significant_changes, snapshot, watch_query
from leakscout.core.watchlist import WatchedBrand

BASE = {"record_count": 1000, "price": {"amount": 100, "currency": "USD", "amount_usd": 100.0}, "regions": ["CN"]}


def test_watch_query_is_source_match_plus_filters():
    brand = WatchedBrand("Qudian", ("趣店", " ", "趣店"), exclude=("fake",), min_severity=50, data_types=("loan",))
    assert watch_query(brand) == {"bool": {
        "filter": [
            {"bool": {"should": [{"term": {"brands": "Qudian"}}, {"term": {"exposure_brands": "Qudian"}},
                                 {"match_phrase": {"claimed_source.text": "Qudian"}},
                                 {"match_phrase": {"claimed_source.text": "趣店"}}], "minimum_should_match": 1}},
            {"range": {"severity": {"gte": 50}}},
            {"terms": {"data_types": ["loan"]}},
        ],
        "must_not": [{"match_phrase": {"title": "fake"}}, {"match_phrase": {"body": "fake"}}],
    }}


def test_ids_are_deterministic_and_distinct():
    assert alert_id("s:1", "Qudian") == alert_id("s:1", "Qudian") != alert_id("s:1", "Ctrip")
    first = escalation_id("s:1", "Qudian", "new-a", ["record count 1 → 2", "new regions CN"])
    assert first == escalation_id("s:1", "Qudian", "new-a", ["new regions CN", "record count 1 → 2"])
    assert first != escalation_id("s:1", "Qudian", "escalation-b", ["record count 1 → 2", "new regions CN"])


@pytest.mark.parametrize("document, previous_status, expected", [
    ({**BASE}, None, []),
    ({**BASE, "record_count": 1099}, None, []),                                  # < 10 % more: not significant
    ({**BASE, "record_count": 1100}, None, ["record count 1000 → 1100"]),
    ({**BASE, "record_count": 500}, None, []),                                   # fewer records: no
    ({**BASE, "record_count": None}, None, []),                                  # count no longer stated: no
    ({**BASE, "price": {"amount": 90, "currency": "USD"}}, None, ["price dropped to 90 USD"]),
    ({**BASE, "price": {"amount": 95, "currency": "USD"}}, None, []),
    ({**BASE, "price": {"amount": 500, "currency": "CNY", "amount_usd": 69.0}}, None, ["price dropped to 500 CNY"]),
    ({**BASE, "price": {"amount": 1, "currency": "BTC", "amount_usd": None}}, None, []),  # not comparable
    ({**BASE, "regions": ["CN", "CN-GD"]}, None, ["new regions CN-GD"]),
    ({**BASE, "regions": []}, None, []),
    ({**BASE, "status": "active"}, "removed", ["back after removal"]),
    ({**BASE, "status": "removed"}, "removed", []),
    ({**BASE, "status": "active"}, "active", []),
])
def test_significant_changes(document, previous_status, expected):
    assert significant_changes(snapshot(BASE), document, previous_status) == expected


def test_alerts_without_stored_regions_do_not_claim_new_regions():
    assert significant_changes({"record_count": 1000, "regions": None}, {**BASE, "regions": ["CN-GD"]}, None) == []
