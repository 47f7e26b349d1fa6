import json

import pytest

from pipelines.extraction import load_rates, refresh_rates, to_usd
from pipelines.extraction.severity import legal_tier, severity_score


@pytest.mark.parametrize("types,count,expected", [
    (["location"], 49, {"category": "sensitive", "threshold": 50, "multiple": 0.98, "tier": "none"}),
    (["credit_report", "name"], 50, {"category": "sensitive", "threshold": 50, "multiple": 1.0, "tier": "serious"}),
    (["travel"], 5000, {"category": "safety", "threshold": 500, "multiple": 10.0, "tier": "especially_serious"}),
    (["name", "phone"], 60000, {"category": "general", "threshold": 5000, "multiple": 12.0, "tier": "especially_serious"}),
    (["name", "phone"], 4999, {"category": "general", "threshold": 5000, "multiple": 1.0, "tier": "none"}),
    (["orders"], None, {"category": "safety", "threshold": 500, "multiple": None, "tier": "unknown"}),
])
def test_legal_tier(types, count, expected):
    got = legal_tier(types, count)
    assert got["category"] == expected["category"] and got["threshold"] == expected["threshold"]
    assert got["tier"] == expected["tier"]
    if expected["multiple"] is not None:
        assert got["multiple"] == pytest.approx(count / expected["threshold"], abs=0.01)


def test_severity_formula():
    assert severity_score([], None, False) == 0
    assert severity_score(["name"], None, False) == round(100 * 0.5 * (0.6 * 0.3 + 0.4 / 8))
    assert severity_score(["credentials"], 10**8, True) == round(100 * (0.5 * (0.6 + 0.05) + 0.4 + 0.1))
    assert 0 <= severity_score(["credentials"] * 50, 10**30, True) <= 100


def test_rates_table_is_dated_and_converts():
    table = load_rates()
    assert table["as_of"] and table["usd_per_unit"]["CNY"] > 0
    assert to_usd(100000, "CNY") == 13800.0
    assert to_usd(1, "ZZZ") is None and to_usd(None, "CNY") is None
    assert to_usd(10**40, "CNY") is None


def test_refresh_rates_rewrites_a_table(tmp_path):
    path = str(tmp_path / "rates.json")
    table = refresh_rates({"cny": 0.14, "BTC": 50000}, "2026-01-02", path=path)
    assert table["as_of"] == "2026-01-02"
    on_disk = json.loads(open(path, encoding="utf-8").read())
    assert on_disk["usd_per_unit"] == {"CNY": 0.14, "BTC": 50000.0}
    assert to_usd(2, "BTC", load_rates(path)) == 100000.0
    with pytest.raises(ValueError):
        refresh_rates({"CNY": -1}, "2026-01-02", path=path)
