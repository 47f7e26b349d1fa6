"""The soak report's reconciliation, memory verdict and log parsing (bench/soak.py), on synthetic inputs."""
import importlib.util
import sys
from pathlib import Path

import pytest

_spec = importlib.util.spec_from_file_location("bench_soak", Path(__file__).resolve().parent.parent / "bench" / "soak.py")
soak = importlib.util.module_from_spec(_spec)
sys.modules["bench_soak"] = soak   # dataclasses look their module up while the module is being run
_spec.loader.exec_module(soak)


@pytest.mark.parametrize("seen, indexed, spooled, rejected, expected", [
    # everything indexed
    ({1, 2, 3}, {1, 2, 3}, set(), {}, dict(indexed=3, spooled=0, rejected={}, lost=[], unexpected=[], holds=True)),
    # cluster down for a while: some in the spool, one refused by the mapping, one dropped
    ({1, 2, 3, 4, 5}, {1, 2}, {3}, {"refused by the index": {4}, "dropped item": {5}},
     dict(indexed=2, spooled=1, rejected={"refused by the index": 1, "dropped item": 1}, lost=[], unexpected=[],
          holds=True)),
    # a page seen but nowhere: lost
    ({1, 2, 3}, {1, 2}, set(), {"dropped item": set()},
     dict(indexed=2, spooled=0, rejected={"dropped item": 0}, lost=[3], unexpected=[], holds=False)),
    # indexed in one pass and dropped in a re-crawl: counted once, as indexed
    ({1, 2}, {1, 2}, set(), {"dropped item": {2}},
     dict(indexed=2, spooled=0, rejected={"dropped item": 0}, lost=[], unexpected=[], holds=True)),
    # spooled, then indexed by a replay while a copy of the segment remains: counted once, as indexed
    ({1, 2}, {1, 2}, {2}, {}, dict(indexed=2, spooled=0, rejected={}, lost=[], unexpected=[], holds=True)),
    # a listing in the index the market never served (another writer, a stale index)
    ({1}, {1, 9}, set(), {}, dict(indexed=1, spooled=0, rejected={}, lost=[], unexpected=[9], holds=False)),
    # two reasons for one page: the first reason given takes it
    ({1}, set(), set(), {"needs attention": {1}, "dropped item": {1}},
     dict(indexed=0, spooled=0, rejected={"needs attention": 1, "dropped item": 0}, lost=[], unexpected=[],
          holds=True)),
    # nothing seen at all
    (set(), set(), set(), {}, dict(indexed=0, spooled=0, rejected={}, lost=[], unexpected=[], holds=True)),
])
def test_reconcile(seen, indexed, spooled, rejected, expected):
    result = soak.reconcile(seen, indexed, spooled, rejected)
    assert result.seen == len(seen)
    assert {name: getattr(result, name) for name in expected} == expected
    if result.holds:
        assert result.seen == result.indexed + result.spooled + result.rejected_total


def _curve(values, step=5.0):
    return [(i * step, value) for i, value in enumerate(values)]


@pytest.mark.parametrize("samples, ok, growth_sign", [
    (_curve([50, 120, 200, 240] + [250] * 16), True, 0),                 # warm-up, then flat
    (_curve([250 + (i % 2) * 4 for i in range(20)]), True, 0),           # flat with a little noise
    (_curve([100 + 10 * i for i in range(20)]), False, 1),              # grows all the time
    (_curve([100] * 10 + [100 + 5 * i for i in range(10)]), False, 1),  # flat, then leaks
    (_curve([300 - 8 * i for i in range(20)]), False, -1),              # shrinks steadily: not "no growth" either
    (_curve([250] * 10 + [251, 252, 252, 253, 253, 254, 254, 255, 255, 256]), True, 1),   # +2 %: within ±5 %
    (_curve([100, 200, 300]), None, None),                             # too few samples to judge
    ([], None, None),
])
def test_memory_verdict(samples, ok, growth_sign):
    verdict = soak.memory_verdict(samples)
    assert verdict.ok is ok
    if ok is None:
        assert verdict.growth_pct is None and "not judged" in verdict.describe()
        return
    assert verdict.peak_mb == max(mb for _, mb in samples)
    if growth_sign == 0:
        assert abs(verdict.growth_pct) < 1
    else:
        assert verdict.growth_pct * growth_sign > 0
    assert ("no growth after warm-up" in verdict.describe()) is ok


def test_memory_verdict_ignores_the_order_samples_come_in():
    samples = _curve([100 + 10 * i for i in range(20)])
    assert soak.memory_verdict(list(reversed(samples))) == soak.memory_verdict(samples)


LOG = """\
2024-03-01 10:00:00 [scrapy.core.engine] INFO: Spider opened
2024-03-01 10:00:01 [scrapy.core.scraper] WARNING: Dropped http://127.0.0.1:1/en/listing/100007.html: listing without title or text
2024-03-01 10:00:02 [scrapy.core.scraper] ERROR: Error processing the item of http://127.0.0.1:1/en/listing/100008.html
2024-03-01 10:00:03 [scrapy.core.scraper] ERROR: Spider error processing <GET http://127.0.0.1:1/en/listing/100009.html> (referer: None)
2024-03-01 10:00:04 [scrapy.core.scraper] WARNING: Dropped http://127.0.0.1:1/en/market/page-2.html: not a listing
2024-03-01 10:00:09 [scrapy.statscollectors] INFO: Dumping Scrapy stats:
{'elapsed_time_seconds': 9.5,
 'finish_reason': 'finished',
 'finish_time': datetime.datetime(2024, 3, 1, 10, 0, 9, tzinfo=datetime.timezone.utc),
 'item_dropped_count': 1,
 'leakscout/indexed': 40,
 'response_received_count': 45}
2024-03-01 10:00:09 [scrapy.core.engine] INFO: Spider closed (finished)
2024-03-01 10:01:00 [scrapy.statscollectors] INFO: Dumping Scrapy stats:
{'elapsed_time_seconds': 3.25,
 'finish_reason': 'shutdown',
 'leakscout/indexed': 7,
 'response_received_count': 8}
"""


def test_stats_blocks_of_each_run():
    blocks = soak.parse_stats_blocks(LOG)
    assert [b["finish_reason"] for b in blocks] == ["finished", "shutdown"]
    assert blocks[0]["response_received_count"] == 45 and blocks[0]["item_dropped_count"] == 1
    assert soak.sum_stats(blocks, "leakscout/indexed") == 47
    assert soak.sum_stats(blocks, "elapsed_time_seconds") == pytest.approx(12.75)
    assert soak.sum_stats(blocks, "leakscout/spooled") == 0
    assert soak.parse_stats_blocks("no stats here") == []


def test_logged_rejections_name_listing_pages_only():
    assert soak.logged_rejections(LOG) == {"dropped item": {100007}, "item error": {100008},
                                           "spider error": {100009}}


@pytest.mark.parametrize("samples, rows, expected_times", [
    ([{"t": float(i)} for i in range(5)], 16, [0, 1, 2, 3, 4]),
    ([{"t": float(i)} for i in range(100)], 4, [0, 33, 66, 99]),
])
def test_curve_rows_keep_first_and_last(samples, rows, expected_times):
    assert [s["t"] for s in soak.curve_rows(samples, rows)] == expected_times


def test_crawler_series_split_by_crawl_run():
    samples = [{"t": 0.0, "crawl_pids": [], "crawler_mb": None, "helpers_mb": None},
               {"t": 5.0, "crawl_pids": [11], "crawler_mb": 200.0, "helpers_mb": 240.0},
               {"t": 10.0, "crawl_pids": [11], "crawler_mb": 210.0, "helpers_mb": 240.0},
               {"t": 15.0, "crawl_pids": [11, 12], "crawler_mb": 400.0, "helpers_mb": 480.0},
               {"t": 20.0, "crawl_pids": [12], "crawler_mb": 190.0, "helpers_mb": 250.0}]
    assert soak.crawler_series(samples) == {11: [(5.0, 200.0), (10.0, 210.0)], 12: [(20.0, 190.0)]}
    assert soak.crawler_series(samples, "helpers_mb") == {11: [(5.0, 240.0), (10.0, 240.0)], 12: [(20.0, 250.0)]}
