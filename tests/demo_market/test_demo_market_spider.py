"""The demo_market spider's callbacks on canned responses (no network, no reactor)."""
import pytest
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from crawlers.items import ListingItem
from crawlers.spiders.demo_market import DemoMarketSpider, start_urls_for
from leakscout.demo_market.server import render_page

BASE = "http://127.0.0.1:8808"


def make_spider(**arguments) -> DemoMarketSpider:
    return DemoMarketSpider.from_crawler(get_crawler(DemoMarketSpider), **arguments)


def served_response(path: str) -> HtmlResponse:
    body, content_type = render_page(path)
    return HtmlResponse(BASE + path, body=body, headers={"Content-Type": content_type})


@pytest.mark.parametrize("arguments, expected", [
    (dict(base_url=BASE), [BASE + "/zh/forum-data-1.html", BASE + "/en/market/page-1.html"]),
    (dict(base_url=BASE + "/", sites="demo-en"), [BASE + "/en/market/page-1.html"]),
    (dict(start_urls=f"{BASE}/zh/forum-data-2.html, {BASE}/en/market/page-2.html"),
     [BASE + "/zh/forum-data-2.html", BASE + "/en/market/page-2.html"]),
])
def test_start_urls(arguments, expected):
    assert start_urls_for(**arguments) == expected
    spider = make_spider(**arguments)
    assert spider.start_urls == expected
    assert spider.allowed_domains == ["127.0.0.1"]


@pytest.mark.parametrize("arguments", [{}, dict(base_url=BASE, sites="demo-fr")])
def test_bad_arguments_are_refused(arguments):
    with pytest.raises(ValueError):
        start_urls_for(**arguments)


def test_index_callback_follows_listings_then_next_page():
    requests = list(make_spider(base_url=BASE).index_results(served_response("/zh/forum-data-1.html")))
    assert [request.url for request in requests] == [
        BASE + "/zh/thread-48213-1-1.html", BASE + "/zh/thread-48177-1-1.html",
        BASE + "/zh/thread-48105-1-1.html", BASE + "/zh/thread-47990-1-1.html",
        BASE + "/zh/forum-data-2.html",
    ]
    assert all(request.method == "GET" for request in requests)


def test_index_callback_refuses_action_links_even_where_listings_belong():
    index = """<html><body><table>
      <tbody id="normalthread_1"><tr><th><a class="xst" href="buy.php?tid=1">购买</a></th></tr></tbody>
      <tbody id="normalthread_2"><tr><th><a class="xst" href="forum.php?mod=attachment&amp;aid=9">下载</a></th></tr></tbody>
      <tbody id="normalthread_3"><tr><th><a class="xst" href="thread-3-1-1.html">ok</a></th></tr></tbody>
    </table><div class="pg"><a class="nxt" href="member.php?mod=logging&amp;action=login">下一页</a></div></body></html>"""
    spider = make_spider(base_url=BASE)
    response = HtmlResponse(BASE + "/zh/forum-data-1.html", body=index.encode("utf-8"), encoding="utf-8")
    requests = list(spider.index_results(response))
    assert [request.url for request in requests] == [BASE + "/zh/thread-3-1-1.html"]
    assert spider.crawler.stats.get_value("demo_market/refused_links") == 3


def test_listing_callback_yields_one_item_with_the_decoding_used():
    items = list(make_spider(base_url=BASE).listing_results(served_response("/zh/thread-48213-1-1.html")))
    assert len(items) == 1
    item = items[0]
    assert isinstance(item, ListingItem)
    assert item["encoding"] == "gb18030"
    assert item["listing_key"] == "48213"
    assert "趣店" in item["title"]
    assert item["fetched_at"].endswith("+00:00")


def test_non_text_responses_are_skipped():
    from scrapy.http import Response

    spider = make_spider(base_url=BASE)
    download = Response(BASE + "/zh/thread-1-1-1.html", body=b"PK\x03\x04", headers={"Content-Type": "application/zip"})
    assert list(spider.index_results(download)) == []
    assert list(spider.listing_results(download)) == []
