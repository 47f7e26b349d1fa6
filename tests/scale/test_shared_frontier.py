"""Two crawler processes share one frontier in a real Redis: each page fetched once, each listing indexed once."""
import subprocess

import redis

from leakscout.demo_market.generated import FIRST_LISTING_ID, serve_generated_market
from tests.conftest import subprocess_env
from tests.lifecycle.conftest import crawl_command, listing_id, listings

LISTINGS = 300
FRONTIER = ["-s", "SCHEDULER=crawlers.redis_frontier.RedisFrontier", "-s", "LEAKSCOUT_FRONTIER_CRAWL=split-test"]


def _stats(stderr: str, key: str) -> int:
    for line in stderr.splitlines():
        if f"'{key}':" in line:
            return int(line.split(":")[-1].strip(" ,}"))
    return 0


def test_two_processes_split_one_site_and_fetch_every_page_once(store, leakscout_env, redis_url):
    # Slow pages (0.25 s, 4 at a time per process): the crawl lasts far longer than the gap between
    # the two processes' start-ups.
    with serve_generated_market(LISTINGS, per_page=25, delay=0.25) as market:
        env = subprocess_env(LEAKSCOUT_REDIS_URL=redis_url)
        slow = ["-s", "CONCURRENT_REQUESTS_PER_DOMAIN=4"]
        workers = [subprocess.Popen(crawl_command(market, *FRONTIER, *slow), env=env, stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, text=True) for _ in range(2)]
        outputs = [worker.communicate(timeout=600) for worker in workers]
        assert [worker.returncode for worker in workers] == [0, 0], [err[-2000:] for _, err in outputs]

        fetches = market.listing_fetches()
        assert sorted(fetches) == [FIRST_LISTING_ID + i for i in range(LISTINGS)]
        assert set(fetches.values()) == {1}
        assert market.index_fetches() == LISTINGS // 25      # start page included: once, not once per process
        scraped = [_stats(err, "item_scraped_count") for _, err in outputs]
        assert sum(scraped) == LISTINGS and min(scraped) > 0  # both processes did part of the work

    found = listings(store, leakscout_env.listings_alias)
    assert set(found) == {listing_id(FIRST_LISTING_ID + i) for i in range(LISTINGS)}
    assert all(len(doc["history"]) == 1 for doc in found.values())
    # Exactly one process, the last to leave, may mark removed listings.
    assert sum("leakscout/frontier/complete': True" in err for _, err in outputs) == 1
    assert not redis.Redis.from_url(redis_url).llen("leakscout:frontier:split-test:queue")


def test_a_second_crawl_of_the_same_name_starts_afresh(store, leakscout_env, redis_url):
    with serve_generated_market(10, per_page=5) as market:
        env = subprocess_env(LEAKSCOUT_REDIS_URL=redis_url)
        for _ in range(2):
            result = subprocess.run(crawl_command(market, *FRONTIER), env=env, capture_output=True, text=True,
                                    timeout=300)
            assert result.returncode == 0, result.stderr[-2000:]
        assert set(market.listing_fetches().values()) == {2}


def test_without_a_redis_url_the_crawl_fails_with_one_line(leakscout_env, monkeypatch):
    monkeypatch.delenv("LEAKSCOUT_REDIS_URL", raising=False)
    result = subprocess.run(["leakscout", "crawl", "demo_market", "-a", "base_url=http://127.0.0.1:9",
                             "-s", "ITEM_PIPELINES={}", *FRONTIER], env=subprocess_env(),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "LEAKSCOUT_REDIS_URL" in result.stderr
