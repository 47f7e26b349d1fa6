"""ExtractPipeline with worker processes: the same documents as in the crawl process, and a dead
worker loses no listing (the pipeline goes on in-process)."""
from __future__ import annotations

import asyncio
import json
import logging
import os
from pathlib import Path

import pytest

from crawlers.item_pipelines import ExtractPipeline
from pipelines.normalize import normalize_item

CORPUS = Path(__file__).parent / "corpus" / "listings.jsonl"


def _listings(count: int) -> list[dict]:
    listings = []
    with CORPUS.open(encoding="utf-8") as handle:
        for line in list(handle)[:count]:
            entry = json.loads(line)
            title, _, body = entry["text"].partition(" ")
            listings.append(normalize_item({"site": "corpus", "listing_key": entry["id"], "url": f"http://corpus.test/{entry['id']}",
                                            "title": title, "body": body or title}))
    return listings


@pytest.fixture
def pipelines(monkeypatch, tmp_path):
    monkeypatch.setenv("LEAKSCOUT_HOME", str(tmp_path))
    monkeypatch.setenv("LEAKSCOUT_HASH_SALT", "workers-test")
    opened = []

    def open_pipeline(workers: int) -> ExtractPipeline:
        pipeline = ExtractPipeline(workers=workers)
        pipeline.open_spider()
        opened.append(pipeline)
        return pipeline

    yield open_pipeline
    for pipeline in opened:
        pipeline.close_spider()


async def _analyze_all(pipeline: ExtractPipeline, listings: list[dict]) -> list[dict]:
    return list(await asyncio.gather(*(pipeline.process_item(dict(listing)) for listing in listings)))


def test_a_worker_process_gives_the_same_documents_as_the_crawl_process(pipelines):
    listings = _listings(40)
    in_process = asyncio.run(_analyze_all(pipelines(0), listings))
    in_worker = asyncio.run(_analyze_all(pipelines(1), listings))

    assert in_worker == in_process
    assert any(document["brands"] for document in in_worker)   # real analysis happened, not a pass-through
    assert all(document["minhash"] for document in in_worker)


def test_a_dead_worker_loses_no_listing(pipelines, caplog):
    listings = _listings(10)
    pipeline = pipelines(1)
    expected = asyncio.run(_analyze_all(pipelines(0), listings))
    with pytest.raises(Exception):
        pipeline.pool.submit(os._exit, 3).result(timeout=60)   # the worker process dies

    with caplog.at_level(logging.ERROR, logger="crawlers.item_pipelines"):
        documents = asyncio.run(_analyze_all(pipeline, listings))

    assert documents == expected
    assert pipeline.pool is None
    assert "extraction worker died" in caplog.text


def test_listings_arriving_together_go_to_the_worker_in_batches(pipelines):
    listings = _listings(40)
    pipeline = pipelines(1)
    submitted = []
    submit = pipeline.pool.submit
    pipeline.pool.submit = lambda function, batch: submitted.append(len(batch)) or submit(function, batch)

    documents = asyncio.run(_analyze_all(pipeline, listings))

    assert [document["id"] for document in documents] == [listing["id"] for listing in listings]
    assert sum(submitted) == 40
    assert len(submitted) < 40 and max(submitted) > 1   # they waited for each other and went together


def test_a_listing_whose_analysis_fails_fails_alone(pipelines):
    listings = _listings(6)
    broken = dict(listings[2])
    del broken["title"]   # the analysis reads it: KeyError in the worker
    pipeline = pipelines(1)

    async def analyze_each():
        return await asyncio.gather(*(pipeline.process_item(listing) for listing in [*listings[:2], broken, *listings[3:]]),
                                    return_exceptions=True)

    outcomes = asyncio.run(analyze_each())

    assert isinstance(outcomes[2], KeyError)
    assert [outcome["id"] for i, outcome in enumerate(outcomes) if i != 2] == [listing["id"] for i, listing in enumerate(listings) if i != 2]
    assert pipeline.pool is not None   # one bad listing does not cost the worker
