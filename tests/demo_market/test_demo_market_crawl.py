"""A real crawl of the served demo market by the demo_market spider, in a subprocess
(the Twisted reactor cannot be restarted inside the test process)."""
import importlib.util
import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

import crawlers.spiders.demo_market as demo_market_spider_module
from crawlers.pages.demo_market import is_action_url
from leakscout.demo_market import serve_demo_market

EXPECTED_LISTING_KEYS = {
    "demo-zh": {"48213", "48177", "48105", "47990", "47862", "47731"},
    "demo-en": {"4533", "4519", "4502", "4471"},
}


def run_spider(tmp_path: Path, *spider_args: str) -> list[dict]:
    """Run the spider in a subprocess with item pipelines off; return the items it exported."""
    feed = tmp_path / "listings.jsonl"
    env = dict(os.environ)
    if importlib.util.find_spec("crawlers.settings") is not None:
        env["SCRAPY_SETTINGS_MODULE"] = "crawlers.settings"
    command = [
        sys.executable, "-m", "scrapy", "runspider", demo_market_spider_module.__file__,
        *[part for arg in spider_args for part in ("-a", arg)],
        "-O", str(feed),
        "-s", "ITEM_PIPELINES={}",
        "-s", "ROBOTSTXT_OBEY=False",
        "-s", "AUTOTHROTTLE_ENABLED=False",
        "-s", "HTTPCACHE_ENABLED=False",
        "-s", "FEED_EXPORT_ENCODING=utf-8",
        "-s", "LOG_LEVEL=INFO",
    ]
    result = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr[-5000:]
    assert "ERROR" not in result.stderr, result.stderr[-5000:]
    return [json.loads(line) for line in feed.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def full_crawl(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("demo_market_crawl")
    with serve_demo_market() as market:
        items = run_spider(tmp_path, f"base_url={market.url}")
        return items, market.requested_paths


def test_yields_every_listing_once(full_crawl):
    items, _ = full_crawl
    assert len(items) == 10
    for site, listing_keys in EXPECTED_LISTING_KEYS.items():
        crawled_keys = [item["listing_key"] for item in items if item["site"] == site]
        assert sorted(crawled_keys) == sorted(listing_keys)


def test_items_have_every_field(full_crawl):
    items, _ = full_crawl
    for item in items:
        for field in ("site", "listing_key", "url", "title", "body", "seller", "posted_at",
                      "category", "lang_hint", "encoding", "fetched_at"):
            assert item.get(field), (item["url"], field)
        fetched_at = datetime.fromisoformat(item["fetched_at"])
        assert fetched_at.utcoffset().total_seconds() == 0


def test_qudian_listing_is_decoded_from_gb18030(full_crawl):
    items, _ = full_crawl
    qudian = [item for item in items if "趣店" in item["title"] or "趣店" in item["body"]]
    assert len(qudian) == 1
    listing = qudian[0]
    assert listing["site"] == "demo-zh"
    assert listing["listing_key"] == "48213"
    assert listing["url"].endswith("/zh/thread-48213-1-1.html")
    assert listing["encoding"] == "gb18030"
    assert listing["title"].startswith("【趣店】近百万学生数据出售")
    assert "例如江苏省51289条；北京、上海、江苏每省8000元" in listing["body"]
    assert "学信网账号密码" in listing["body"]
    assert listing["seller"] == "老K数据"
    assert listing["posted_at"] == "2017-11-23 21:47"


def test_big5_listing_is_decoded_from_its_meta_charset(full_crawl):
    items, _ = full_crawl
    listing = next(item for item in items if item["listing_key"] == "47731")
    assert listing["encoding"].startswith("big5")
    assert listing["title"] == "【出售】台灣購物網站會員資料52萬筆 含手機地址"
    assert listing["lang_hint"] == "zh-TW"


def test_requests_only_index_and_listing_pages(full_crawl):
    _, requested_paths = full_crawl
    assert not [path for path in requested_paths if is_action_url(path)]
    assert "/zh/thread-100-1-1.html" not in requested_paths  # sticky rules thread: not a listing
    expected_pages = {
        "/zh/forum-data-1.html", "/zh/forum-data-2.html", "/en/market/page-1.html", "/en/market/page-2.html",
        *(f"/zh/thread-{key}-1-1.html" for key in EXPECTED_LISTING_KEYS["demo-zh"]),
        *(f"/en/listing/{key}.html" for key in EXPECTED_LISTING_KEYS["demo-en"]),
    }
    assert sorted(requested_paths) == sorted(expected_pages)  # each page exactly once


def test_start_urls_argument_crawls_only_those_indexes(tmp_path):
    with serve_demo_market() as market:
        items = run_spider(tmp_path, f"start_urls={market.site_url('demo-en')}")
    assert sorted(item["listing_key"] for item in items) == sorted(EXPECTED_LISTING_KEYS["demo-en"])
