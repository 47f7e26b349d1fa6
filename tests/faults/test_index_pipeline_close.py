"""Closing the index pipeline while the flush timer has a chunk in flight.

The crawl command judges a crawl by its stats ("it saw N listings and stored none"), so the
pipeline's close must not return before a chunk that is already being indexed has been counted.
"""
from __future__ import annotations

import asyncio
import threading

from crawlers.item_pipelines import IndexPipeline
from pipelines.index import ChunkReport


class _SlowChunks:
    """Stands in for CrawlIndexer: index_chunk blocks until the test lets it finish."""

    def __init__(self):
        self.started = threading.Event()
        self.release = threading.Event()
        self.chunks: list[int] = []

    def index_chunk(self, documents, now):
        self.started.set()
        assert self.release.wait(10), "the test never released the chunk"
        self.chunks.append(len(documents))
        return ChunkReport(indexed=len(documents))

    def close(self):
        pass


class _Stats:
    def __init__(self):
        self.values: dict[str, int] = {}

    def inc_value(self, key, value=1):
        self.values[key] = self.values.get(key, 0) + value


def test_close_waits_for_the_chunk_in_flight_and_counts_it_before_the_stats_are_read():
    stats = _Stats()
    pipeline = IndexPipeline(chunk_size=200, stats=stats)
    pipeline.chunks = slow = _SlowChunks()

    async def crawl():
        await pipeline.process_item({"listing_key": "a"})
        in_flight = asyncio.ensure_future(pipeline.flush())   # what the flush timer does; the buffer is now empty
        while not slow.started.is_set():
            await asyncio.sleep(0.01)
        closing = asyncio.ensure_future(pipeline.close_spider())
        for _ in range(20):
            await asyncio.sleep(0.01)
        assert not closing.done(), "close returned while a chunk was still being indexed"
        slow.release.set()
        await closing
        await in_flight

    asyncio.run(crawl())
    assert slow.chunks == [1]
    assert stats.values == {"leakscout/indexed": 1}
