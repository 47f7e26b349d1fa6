"""The site spider's requests and callbacks on canned responses (no network, no reactor)."""
import asyncio

from scrapy import Request
from scrapy.http import HtmlResponse, Response
from scrapy.utils.test import get_crawler

from crawlers.items import ListingItem
from crawlers.spiders.site import SiteSpider
from leakscout.demo_market.server import render_page

BASE = "http://127.0.0.1:8808"


def make_spider(**arguments) -> SiteSpider:
    crawler = get_crawler(SiteSpider)
    spider = SiteSpider.from_crawler(crawler, **arguments)
    crawler.stats.open_spider()
    return spider


def served(path: str, meta: dict | None = None, **kwargs) -> HtmlResponse:
    body, content_type = render_page(path)
    request = Request(BASE + path, meta=meta or {})
    return HtmlResponse(BASE + path, body=body, headers={"Content-Type": content_type}, request=request, **kwargs)


def start_requests(spider: SiteSpider) -> list:
    async def collect():
        return [request async for request in spider.start()]
    return asyncio.run(collect())


def test_js_config_asks_every_request_for_a_browser(tmp_path):
    config = tmp_path / "js.yaml"
    config.write_text("""\
name: shop
family: market
start_urls: [http://shop.example/list.html, http://mirror.example/list.html]
allowed_domains: [shop.example]
listing_links: "a.item::attr(href)"
next_page: "a.next::attr(href)"
render: js
session: shop-account
""", encoding="utf-8")
    spider = make_spider(config=str(config))
    (first, second) = start_requests(spider)
    assert first.url == "http://shop.example/list.html"
    assert first.meta == {"site": "shop", "leakscout_page_number": 1, "playwright": True, "leakscout_session": "shop-account"}
    assert spider.allowed_domains == ["mirror.example", "shop.example"]

    index = HtmlResponse("http://shop.example/list.html", body=b'<a class="item" href="/i/1.html">1</a><a class="next" href="p2.html">next</a>',
                         encoding="utf-8", request=first)
    listing_request, next_request = spider.index_results(index)
    assert listing_request.meta == {"site": "shop", "playwright": True, "leakscout_session": "shop-account"}
    assert next_request.meta["leakscout_page_number"] == 2 and next_request.meta["playwright"] is True


def test_http_config_sets_no_browser_and_no_session():
    (request,) = start_requests(make_spider(config="demo-leaks"))
    assert request.meta == {"site": "demo-leaks", "leakscout_page_number": 1}


def test_start_url_overrides_the_config_and_is_allowed():
    spider = make_spider(config="demo-leaks", start_url="http://mirror.example:8080/leaks/index.html")
    assert spider.start_urls == ["http://mirror.example:8080/leaks/index.html"]
    assert spider.allowed_domains == ["mirror.example"]


def test_index_follows_listings_then_the_next_page_within_max_pages():
    spider = make_spider(config="demo-leaks", max_pages="2")
    requests = list(spider.index_results(served("/leaks/index.html", {"leakscout_page_number": 1})))
    assert [r.url for r in requests] == [BASE + "/leaks/post/veloria-telecom.html", BASE + "/leaks/post/harmon-logistics.html",
                                         BASE + "/leaks/post/crestline-clinic.html", BASE + "/leaks/page-2.html"]
    assert all(r.method == "GET" for r in requests)
    at_the_bound = list(spider.index_results(served("/leaks/index.html", {"leakscout_page_number": 2})))
    assert BASE + "/leaks/page-2.html" not in [r.url for r in at_the_bound]
    assert spider.crawler.stats.get_value("site/max_pages_reached") == 1


def test_telegram_page_yields_its_messages_and_the_older_page():
    spider = make_spider(config="demo-telegram")
    results = list(spider.index_results(served("/tg/s/shuju_chaoshi.html", {"leakscout_page_number": 1})))
    items = [r for r in results if isinstance(r, ListingItem)]
    assert [item["listing_key"] for item in items] == ["121", "122", "123", "124"]
    assert [r.url for r in results if not isinstance(r, ListingItem)] == [BASE + "/tg/s/shuju_chaoshi-before-121.html"]


def test_forum_counts_posts_that_offer_nothing():
    spider = make_spider(config="demo-forum")
    items = list(spider.listing_results(served("/forum/threads/7050/index.html")))
    assert items == []
    assert spider.crawler.stats.get_value("site/posts_not_offering") == 2


def test_encoding_override_redecodes_the_page(tmp_path):
    config = tmp_path / "gbk.yaml"
    config.write_text("""\
name: gbk-forum
family: paste
start_urls: [http://127.0.0.1:8808/x.html]
listing_links: "a::attr(href)"
encoding: gb18030
""", encoding="utf-8")
    spider = make_spider(config=str(config))
    body = "<html><body><h1>出售数据</h1><pre>共20万条</pre></body></html>".encode("gb18030")
    # The server lies: it says UTF-8.
    response = HtmlResponse(BASE + "/view/1.html", body=body, headers={"Content-Type": "text/html; charset=utf-8"})
    (item,) = spider.listing_results(response)
    assert item["title"] == "出售数据"
    assert item["encoding"] == "gb18030"


def test_non_text_responses_are_skipped_and_counted():
    spider = make_spider(config="demo-paste")
    download = Response(BASE + "/paste/view/x.html", body=b"PK\x03\x04", headers={"Content-Type": "application/zip"})
    assert list(spider.index_results(download)) == [] and list(spider.listing_results(download)) == []
    assert spider.crawler.stats.get_value("site/skipped_pages") == 2
