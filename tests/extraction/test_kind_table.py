"""The kinds of data of made-up listing titles and short post lines (tests/extraction/kind_examples.py)."""
import pytest

from leakscout.core.kinds import VOCABULARY

from .kind_examples import ALL


def _expected(row):
    text, expected, allowed = (row + ("",))[:3]
    return text, set(expected.split()), set(allowed.split())


@pytest.mark.parametrize("row", ALL, ids=[row[0][:40] for row in ALL])
def test_kinds_of_listing_forms(extractor, row):
    text, expected, allowed = _expected(row)
    found = set(extractor.extract(text)["data_types"])
    assert expected <= found <= expected | allowed, (sorted(found), sorted(expected))


def test_table_names_only_vocabulary_kinds():
    named = {k for row in ALL for part in row[1:] for k in part.split()}
    assert named <= set(VOCABULARY)
