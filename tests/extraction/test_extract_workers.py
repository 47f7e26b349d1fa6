"""ExtractPipeline with worker processes: the same documents as in the crawl process, and a dead
worker loses no listing (the pipeline goes on in-process)."""
from __future__ import annotations

import asyncio
import json
import logging
import os
from pathlib import Path

import pytest

from pipelines.extract import ExtractPipeline
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

    with caplog.at_level(logging.ERROR, logger="pipelines.extract"):
        documents = asyncio.run(_analyze_all(pipeline, listings))

    assert documents == expected
    assert pipeline.pool is None
    assert "extraction worker died" in caplog.text
