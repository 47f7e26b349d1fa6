"""Property-based runs of the extractor and the masker, with a fixed, reproducible budget."""
from __future__ import annotations

import re
import types
from decimal import Decimal

from hypothesis import given, settings

from pipelines.extraction import RECORD_KEYS, VOCABULARY, build_extractor, load_rates, mask_text
from tests.fuzz.strategies import listing_text, text_with_personal_values
from tests.hostile.guard import time_limit

BUDGET = settings(max_examples=300, deadline=None, derandomize=True, database=None)
EXTRACTOR = build_extractor(watchlist_brands=[types.SimpleNamespace(name="Qudian", aliases=["趣店", "来分期"])])
CURRENCIES = frozenset(load_rates()["usd_per_unit"])
REGION_CODE = re.compile(r"^[A-Z]{2}(-[A-Z0-9]{1,3})?$")
LONG_MAX = 2**63 - 1
NUMBER = (int, float, Decimal)


def _check_money(money: dict) -> None:
    assert isinstance(money["amount"], NUMBER) and not isinstance(money["amount"], bool) and money["amount"] >= 0
    assert money["currency"] is None or money["currency"] in CURRENCIES
    assert money["amount_usd"] is None or (isinstance(money["amount_usd"], float) and money["amount_usd"] >= 0)


@BUDGET
@given(listing_text)
def test_the_extraction_record_keeps_its_contract_on_any_text(text):
    with time_limit(what="extract"):
        record = EXTRACTOR.extract(text)
    assert tuple(record) == RECORD_KEYS
    assert isinstance(record["brands"], list) and all(isinstance(b, str) for b in record["brands"])
    assert record["claimed_source"] is None or isinstance(record["claimed_source"], str)
    if record["price"] is not None:
        assert set(record["price"]) == {"amount", "currency", "amount_usd"}
        _check_money(record["price"])
    for offer in record["offers"]:
        _check_money(offer)
        assert offer["record_count"] is None or 0 <= offer["record_count"] <= LONG_MAX
    count = record["record_count"]
    assert count is None or (type(count) is int and 0 <= count <= LONG_MAX)
    assert set(record["data_types"]) <= set(VOCABULARY)
    assert all(REGION_CODE.match(code) for code in record["regions"])
    assert record["file_format"] is None or record["file_format"] == record["file_format"].lower()
    assert record["lang"] is None or isinstance(record["lang"], str)
    assert record["posted_at"] is None or isinstance(record["posted_at"], str)
    assert 0 <= record["severity"] <= 100
    assert isinstance(record["legal_tier"], dict)
    assert EXTRACTOR.extract(text) == record          # a pure function


@BUDGET
@given(listing_text)
def test_masking_is_idempotent(text):
    with time_limit(what="mask_text"):
        once = mask_text(text, salt="fuzz")
        twice = mask_text(once.text, salt="fuzz")
    assert twice.text == once.text and twice.samples == []


@BUDGET
@given(text_with_personal_values())
def test_masking_leaves_no_mobile_id_or_card_number(case):
    text, values = case
    with time_limit(what="mask_text"):
        masked = mask_text(text, salt="fuzz").text
    for value in values:
        assert value not in masked and value.upper() not in masked and value.replace(" ", "") not in masked
    assert mask_text(masked, salt="fuzz").text == masked
