"""Helpers for crawls of a generated market (leakscout.demo_market.generated) in a subprocess."""
from __future__ import annotations

import subprocess

import pytest

from leakscout.demo_market.generated import serve_generated_market
from tests.conftest import subprocess_env

FAST = ["-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8"]


def crawl_command(market, *extra: str) -> list[str]:
    return ["leakscout", "crawl", "demo_market", "-a", f"start_urls={market.entry_url}", *FAST, *extra]


def crawl(market, *extra: str, **env: str) -> subprocess.CompletedProcess:
    result = subprocess.run(crawl_command(market, *extra), env=subprocess_env(**env),
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    return result


def listings(store, alias: str) -> dict[str, dict]:
    """Every listing document by id."""
    store.refresh(alias)
    hits = store.search(alias, {"size": 10_000, "query": {"match_all": {}}})["hits"]["hits"]
    return {hit["_id"]: hit["_source"] for hit in hits}


def listing_id(generated_id: int) -> str:
    return f"demo-en:{generated_id}"


@pytest.fixture
def market():
    with serve_generated_market(20, per_page=8) as handle:
        yield handle
