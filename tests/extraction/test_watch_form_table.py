"""Watched names as listings write them (tests/extraction/watch_form_examples.py): each row's watchlist, its text,
the watched names found as the source."""
import types
from functools import lru_cache

import pytest

from pipelines.extraction import build_extractor

from .watch_form_examples import ALL


def _watchlist(watched):
    for entry in (watched,) if isinstance(watched, str) else watched:
        name, *aliases = entry.split("|")
        yield types.SimpleNamespace(name=name, aliases=aliases)


@lru_cache(maxsize=None)
def _extractor(watched):
    return build_extractor(watchlist_brands=list(_watchlist(watched)))


@pytest.mark.parametrize("watched,text,expected", ALL, ids=[text[:40] for _, text, _ in ALL])
def test_watched_name_as_written(watched, text, expected):
    names = {w.name for w in _watchlist(watched)}
    found = [b for b in _extractor(watched).extract(text)["brands"] if b in names]
    assert set(found) == set(expected)
