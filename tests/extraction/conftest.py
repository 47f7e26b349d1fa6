import types

import pytest

from pipelines.extraction import build_extractor


@pytest.fixture(scope="session")
def extractor():
    return build_extractor()


@pytest.fixture(scope="session")
def qudian_extractor():
    w = types.SimpleNamespace(name="Qudian", aliases=["趣店", "来分期", "Qudian Inc.", "qudian.com"])
    return build_extractor(watchlist_brands=[w])
