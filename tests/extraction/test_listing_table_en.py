"""Brands, record counts and data kinds of made-up market listings in English and the markets' other
languages (tests/extraction/listing_examples_en.py), field by field."""
import types

import pytest

from pipelines.extraction import build_extractor

from .listing_examples_en import ROWS, WATCHLIST

# Fields left failing on purpose, with the reason: (text, field) -> reason
LEFT = {
    ("Acme Telecom DB\nHi, selling Acme Telecom subscriber base: 5 million numbers with names. DM for sample.", "kinds"):
        '"numbers" alone names no kind: read as phone numbers it would also turn "passport numbers", "order '
        'numbers" and the like into phones',
}


def _cases(field):
    out = []
    for row in ROWS:
        title, body, brands, count, kinds = row[:5]
        extra = row[5] if len(row) > 5 else {}
        text = title if body is None else f"{title}\n{body}"
        reason = LEFT.get((text, field))
        marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
        out.append(pytest.param(text, brands, count, kinds, extra, id=text[:60], marks=marks))
    return out


@pytest.fixture(scope="module")
def extractor():
    watchlist = [types.SimpleNamespace(name=name, aliases=aliases) for name, aliases in WATCHLIST]
    return build_extractor(watchlist_brands=watchlist)


def test_the_table_is_large_and_well_formed():
    assert len(ROWS) >= 250
    assert sum(1 for r in ROWS if r[1]) >= 160
    names = {name for name, _ in WATCHLIST}
    assert all(set(r[2]) <= names for r in ROWS)


@pytest.mark.parametrize("text,brands,count,kinds,extra", _cases("brands"))
def test_brand(extractor, text, brands, count, kinds, extra):
    record = extractor.extract(text)
    assert set(record["brands"]) == set(brands)
    if "claimed" in extra:
        assert record["claimed_source"] == extra["claimed"]
    elif not brands:
        assert record["claimed_source"] is None


@pytest.mark.parametrize("text,brands,count,kinds,extra", _cases("count"))
def test_record_count(extractor, text, brands, count, kinds, extra):
    assert extractor.extract(text)["record_count"] == count


@pytest.mark.parametrize("text,brands,count,kinds,extra", _cases("kinds"))
def test_data_types(extractor, text, brands, count, kinds, extra):
    found = set(extractor.extract(text)["data_types"])
    assert set(kinds) <= found
    if "allowed" in extra:
        assert found <= set(extra["allowed"])
