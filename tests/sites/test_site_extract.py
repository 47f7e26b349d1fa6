"""Site configs applied to the bundled demo pages, without network: index pages, listings per
family, `auto` fields, the offer filter, selectors that match nothing."""
import json
import re
from pathlib import Path

import pytest
from parsel import Selector

from crawlers.pages.hydrant_market import HydrantItemPage
from crawlers.sites.auto import auto_body, auto_title, labelled_value
from crawlers.sites.config import load_site_config, parse_site_config
from crawlers.sites.extract import index_page, page_listings, url_key
from crawlers.sites.links import is_action_url
from crawlers.sites.offers import offers_data
from tests.sites.crawling import page_text

BASE = "http://127.0.0.1:8808"
RENDERED = Path(__file__).parent / "rendered"


def index(config_name: str, path: str):
    return index_page(load_site_config(config_name), page_text(path), BASE + path)


def listings(config_name: str, path: str):
    return page_listings(load_site_config(config_name), page_text(path), BASE + path)


@pytest.mark.parametrize("config_name, path, listing_paths, next_path", [
    ("demo-forum", "/forum/forums/databases/page-1.html",
     ["/forum/threads/7104/index.html", "/forum/threads/7098/index.html", "/forum/threads/7085/index.html"],
     "/forum/forums/databases/page-2.html"),
    ("demo-forum", "/forum/forums/databases/page-2.html",
     ["/forum/threads/7061/index.html", "/forum/threads/7050/index.html"], None),
    ("demo-paste", "/paste/archive.html",
     ["/paste/view/k3Jd9QxA.html", "/paste/view/Pq7Lm2Zt.html", "/paste/view/Xw4Rt8Ny.html"], "/paste/archive-2.html"),
    ("demo-leaks", "/leaks/index.html",
     ["/leaks/post/veloria-telecom.html", "/leaks/post/harmon-logistics.html", "/leaks/post/crestline-clinic.html"],
     "/leaks/page-2.html"),
    ("demo-en", "/en/market/page-2.html", ["/en/listing/4502.html", "/en/listing/4471.html"], None),
    ("demo-telegram", "/tg/s/shuju_chaoshi.html", [], "/tg/s/shuju_chaoshi-before-121.html"),
])
def test_index_page(config_name, path, listing_paths, next_path):
    page = index(config_name, path)
    assert page.listing_urls == [BASE + p for p in listing_paths]
    assert page.next_page_url == (BASE + next_path if next_path else None)
    assert page.refused_urls == []


def test_forum_sticky_thread_is_not_a_listing():
    assert BASE + "/forum/threads/7000/index.html" not in index("demo-forum", "/forum/forums/databases/page-1.html").listing_urls


def test_forum_thread_gives_one_listing_per_post_that_offers_data():
    result = listings("demo-forum", "/forum/threads/7104/index.html")
    assert [listing["listing_key"] for listing in result.listings] == ["7104#90412", "7104#90431"]
    assert result.posts_not_offering == 1  # the vouch
    first, second = result.listings
    assert first == {
        "site": "demo-forum", "listing_key": "7104#90412", "url": BASE + "/forum/threads/7104/index.html",
        "title": "[SELLING] Veloria Telecom 2.1M subscribers, 2024",
        "body": first["body"], "seller": "n0mad", "posted_at": "2024-03-04T18:20:00+0000",
        "price_text": None, "category": "Databases", "lang_hint": "en",
    }
    assert first["body"].startswith("Selling the full Veloria Telecom subscriber base, dumped February 2024.\n2.1M rows")
    assert "Price: $3,000 for all" in first["body"]
    assert second["seller"] == "billing_guy" and "300k rows with IBANs, 0.02 BTC" in second["body"]


@pytest.mark.parametrize("path, keys, left_out", [
    ("/forum/threads/7098/index.html", ["7098#90377"], 1),
    ("/forum/threads/7085/index.html", ["7085#90305"], 2),   # a buy request is not an offer; the reply selling is
    ("/forum/threads/7061/index.html", ["7061#90188"], 0),
    ("/forum/threads/7050/index.html", [], 2),               # a tutorial and a thank-you
])
def test_forum_threads(path, keys, left_out):
    result = listings("demo-forum", path)
    assert [listing["listing_key"] for listing in result.listings] == keys
    assert result.posts_not_offering == left_out
    assert result.problem is None


def test_forum_post_filter_all_keeps_every_post():
    config = load_site_config("demo-forum")
    text = Path(config.source).read_text(encoding="utf-8").replace("post_filter: offers", "post_filter: all")
    result = page_listings(parse_site_config(text, "forum.yaml"), page_text("/forum/threads/7104/index.html"),
                           BASE + "/forum/threads/7104/index.html")
    assert [listing["listing_key"] for listing in result.listings] == ["7104#90412", "7104#90418", "7104#90431"]


def test_telegram_page_gives_one_listing_per_message_keyed_by_message_id():
    result = listings("demo-telegram", "/tg/s/shuju_chaoshi.html")
    assert [listing["listing_key"] for listing in result.listings] == ["121", "122", "123", "124"]
    message = result.listings[2]
    assert message["title"].startswith("Selling 1.1M rows of Rivermoor Bank customers")
    assert len(message["title"]) <= 120
    assert message["body"] == ("Selling 1.1M rows of Rivermoor Bank customers (name, ID number, card number, "
                               "balance). Price 0.8 BTC. Masked sample attached.")
    assert message["seller"] == "数据超市 | Data Supermarket"
    assert message["posted_at"] == "2024-03-04T01:05:00+00:00"
    assert message["lang_hint"] == "zh-CN"
    older = listings("demo-telegram", "/tg/s/shuju_chaoshi-before-121.html")
    assert [listing["listing_key"] for listing in older.listings] == ["116", "118"]  # not the service message


def test_paste_fields_are_all_auto():
    (paste,) = listings("demo-paste", "/paste/view/Ab5Cd6Ef.html").listings
    assert paste["listing_key"] == "Ab5Cd6Ef"
    assert paste["title"] == "某快递公司面单数据 样本 20万条"
    assert paste["seller"] == "面单小李"                    # after "Posted by:"
    assert paste["posted_at"] == "2024-03-04 09:15 UTC"     # after "Posted:"
    assert paste["body"].splitlines()[0] == "出售某快递公司面单数据，共20万条，2024年2月。"
    assert paste["body"].splitlines()[-1] == "价格：2000元，USDT也可。"
    for chrome in ("Public pastes", "Login", "raw", "Comments", "Views"):
        assert chrome not in paste["body"]


def test_leak_post():
    (post,) = listings("demo-leaks", "/leaks/post/crestline-clinic.html").listings
    assert {k: post[k] for k in ("listing_key", "title", "seller", "posted_at", "price_text", "category")} == {
        "listing_key": "crestline-clinic", "title": "Crestline Clinic Group", "seller": None,
        "posted_at": "2024-02-19", "price_text": "20 BTC before the deadline", "category": "Healthcare"}
    assert "patient records of 860,000 patients" in post["body"]
    assert "Download" not in post["body"]


def test_market_config_matches_the_demo_market_page_object():
    from crawlers.pages.demo_market import parse_listing

    path = "/en/listing/4519.html"
    (listing,) = listings("demo-en", path).listings
    expected = parse_listing(page_text(path), BASE + path)
    assert {k: listing[k] for k in ("site", "listing_key", "title", "body", "seller", "price_text", "category")} == \
           {k: expected[k] for k in ("site", "listing_key", "title", "body", "seller", "price_text", "category")}
    assert listing["posted_at"] == "2024-02-26T07:05:00Z"   # the machine-readable date, where the page object keeps the shown one


def test_js_market_pages_are_empty_until_rendered():
    """As served, Hydrant Market's pages hold their data in a script only: without a browser
    the config finds nothing — which is why it says `render: js`."""
    assert index("demo-jsmarket", "/jsmarket/index.html").listing_urls == []
    result = listings("demo-jsmarket", "/jsmarket/item/881.html")
    assert result.listings == [] and "no title or body" in result.problem


def test_js_market_rendered_pages():
    """The same pages as Chromium rendered them (``chromium --headless --dump-dom``)."""
    config = load_site_config("demo-jsmarket")
    rendered_index = (RENDERED / "jsmarket-index.html").read_text(encoding="utf-8")
    page = index_page(config, rendered_index, BASE + "/jsmarket/index.html")
    assert page.listing_urls == [BASE + f"/jsmarket/item/{n}.html" for n in (881, 876, 870)]
    assert page.next_page_url == BASE + "/jsmarket/page-2.html"

    rendered_item = (RENDERED / "jsmarket-item-881.html").read_text(encoding="utf-8")
    (listing,) = page_listings(config, rendered_item, BASE + "/jsmarket/item/881.html").listings
    data = json.loads(Selector(text=page_text("/jsmarket/item/881.html")).css("#item-data::text").get())
    assert listing == {
        "site": "demo-jsmarket", "listing_key": "881", "url": BASE + "/jsmarket/item/881.html",
        "title": data["title"], "body": "\n".join(data["description"]), "seller": data["vendor"],
        "posted_at": data["listed"], "price_text": data["price"], "category": data["category"], "lang_hint": "en",
    }


def test_page_object_on_a_page_that_is_not_a_listing_gives_nothing():
    assert HydrantItemPage().fields(Selector(text="<html><body><p>hi</p></body></html>"), BASE + "/") == {}


def test_selector_matching_nothing_is_reported_not_raised():
    config = parse_site_config("""\
name: shop
family: forum
start_urls: [http://127.0.0.1:8808/forum/forums/databases/page-1.html]
listing_links: "a.thread-title::attr(href)"
posts: div.post-that-does-not-exist
post_key: {selector: "@id"}
""", "shop.yaml")
    assert index_page(config, page_text("/forum/forums/databases/page-1.html"), BASE + "/x").listing_urls == []
    result = page_listings(config, page_text("/forum/threads/7104/index.html"), BASE + "/forum/threads/7104/index.html")
    assert result.listings == []
    assert result.problem == "posts selector 'div.post-that-does-not-exist' matched nothing"


def test_action_links_are_refused_even_where_listings_belong():
    config = load_site_config("demo-leaks")
    html = """<div class="post-card"><a class="post-title" href="/leaks/download/x-part1.html">x</a></div>
              <div class="post-card"><a class="post-title" href="/leaks/post/ok.html">ok</a></div>
              <nav class="pager"><a class="next" href="/leaks/partner/login.html">next</a></nav>"""
    page = index_page(config, html, BASE + "/leaks/index.html")
    assert page.listing_urls == [BASE + "/leaks/post/ok.html"]
    assert page.next_page_url is None
    assert page.refused_urls == [BASE + "/leaks/download/x-part1.html", BASE + "/leaks/partner/login.html"]


@pytest.mark.parametrize("url, is_action", [
    ("http://h/forum/threads/7104/reply.html?quote=90412", True),
    ("http://h/forum/login/login.html", True),
    ("http://h/forum/forums/databases/post-thread.html", True),
    ("http://h/forum/escrow/buy.html?thread=7104", True),
    ("http://h/forum/attachments/veloria-sample-90412.html", True),
    ("http://h/paste/raw/k3Jd9QxA.html", True),
    ("http://h/paste/download/k3Jd9QxA.html", True),
    ("http://h/tg/file/rivermoor-sample.html", True),
    ("http://h/jsmarket/checkout/buy.html?item=881", True),
    ("http://h/en/cart/add/4471", True),
    ("http://h/zh/member.php?mod=logging&action=login", True),
    ("http://h/leaks/post/border-control.html", False),   # "order" inside a word is no order
    ("http://h/leaks/post/veloria-telecom.html", False),
    ("http://h/forum/threads/7104/index.html", False),
    ("http://h/tg/s/shuju_chaoshi-before-121.html", False),
])
def test_is_action_url(url, is_action):
    assert is_action_url(url) is is_action


@pytest.mark.parametrize("text, offers", [
    ("Selling the full Veloria Telecom subscriber base. 2.1M rows", True),
    ("WTS Lumen Fitness app user table, 640k records. Price $900", True),
    ("I have 90k Brightwave Insurance policy holders, selling for 0.05 BTC", True),
    ("出售某快递公司面单数据，共20万条", True),
    ("上新：某招聘网站简历数据 60万份", True),
    ("Looking for a recent Brightwave Insurance dump. Will pay well.", False),
    ("Got the sample, data looks fresh. Vouch.", False),
    ("Still for sale?", False),
    ("本频道只做中间担保，私下交易被骗概不负责。", False),
    ("", False),
])
def test_offers_data(text, offers):
    assert offers_data(text) is offers


@pytest.mark.parametrize("html, field, value", [
    ("<dl><dt>Vendor</dt><dd><a>darkharbor</a> (★ 4.9)</dd></dl>", "seller", "darkharbor"),
    ("<table><tr><th>卖家</th><td>老K数据</td></tr></table>", "seller", "老K数据"),
    ("<p><span>Posted by: <b>Anonymous</b></span> <span>Posted: 2024-03-05 14:22 UTC</span></p>", "seller", "Anonymous"),
    ("<p><span>Posted by: <b>Anonymous</b></span> <span>Posted: 2024-03-05 14:22 UTC</span></p>", "posted_at", "2024-03-05 14:22 UTC"),
    ("<div><em>发表于 2017-11-23 21:47</em></div>", "posted_at", "2017-11-23 21:47"),
    ("<div>作者：面单老王</div>", "seller", "面单老王"),
    ("<ul><li>Price: <span>0.3 BTC</span></li><li>Category: Databases</li></ul>", "price", "0.3 BTC"),
    ("<ul><li>Price: <span>0.3 BTC</span></li><li>Category: Databases</li></ul>", "category", "Databases"),
    ("<p>Price drop today, everything must go</p>", "price", None),      # a word, not a label
    ("<dl><dt>Seller</dt><dt>Price</dt><dd>5</dd></dl>", "seller", None),  # a label is no value
])
def test_labelled_values(html, field, value):
    assert labelled_value(Selector(text=html), field) == value


def test_auto_title_prefers_h1_then_og_title_then_title():
    assert auto_title(Selector(text="<title>T</title><meta property='og:title' content='O'><h1> H </h1>")) == "H"
    assert auto_title(Selector(text="<title>T</title><meta property='og:title' content='O'>")) == "O"
    assert auto_title(Selector(text="<title> T </title>")) == "T"


def test_auto_title_skips_the_markets_own_name():
    # a market's logo is often an h1 in its header; the listing's title is elsewhere
    page = "<title>Acme users 1M | DarkMart</title><header><h1>DarkMart</h1></header><p>text</p>"
    assert auto_title(Selector(text=page)) == "Acme users 1M"
    page = "<title>DarkMart - Acme users 1M</title><div class='site-logo'><h1>DarkMart</h1></div>"
    assert auto_title(Selector(text=page)) == "Acme users 1M"
    page = "<header><h1>DarkMart</h1></header><main><h1>Acme 用户 100万</h1></main>"
    assert auto_title(Selector(text=page)) == "Acme 用户 100万"
    page = "<header><h1>DarkMart</h1></header><main><h2>Acme users 1M</h2></main>"
    assert auto_title(Selector(text=page)) == "Acme users 1M"
    assert auto_title(Selector(text="<header><h1>DarkMart</h1></header>")) == "DarkMart"
    # a title whose parts are not the site's name stays whole
    assert auto_title(Selector(text="<title>Acme - users - 1M</title>")) == "Acme - users - 1M"
    assert auto_title(Selector(text="<p>no title</p>")) is None


def test_auto_body_is_the_main_block_without_chrome():
    html = """<html><body><header><nav><a href="/">Home</a> <a href="/login">Login</a></nav></header>
      <div class="layout"><aside class="sidebar">Popular: <a href="/a">a</a> <a href="/b">b</a></aside>
      <div class="content"><h1>Offer</h1><div class="text"><p>Selling 50k rows of customers.</p>
      <p>Columns: name, phone, email, address, and a lot more detail about the data here.</p></div></div></div>
      <footer>© forum 2024 · <a href="/rules">rules</a></footer><script>var x = "script text";</script></body></html>"""
    assert auto_body(Selector(text=html)) == ("Selling 50k rows of customers.\n"
                                              "Columns: name, phone, email, address, and a lot more detail about the data here.")


@pytest.mark.parametrize("url, key", [
    ("http://h/en/listing/4533.html", "4533"),
    ("http://h/forum/threads/7104/index.html", "7104"),
    ("http://h/leaks/post/veloria-telecom.html", "veloria-telecom"),
    ("http://h/viewtopic.php?t=81&p=2", "viewtopic?t=81&p=2"),
    ("http://h/", "h"),
])
def test_url_key(url, key):
    assert url_key(url) == key


def test_demo_pages_mention_no_watched_brand_outside_the_qudian_thread():
    from leakscout.demo_market.server import PAGES_DIR

    for prefix in ("forum", "paste", "leaks", "tg", "jsmarket"):
        for page in (PAGES_DIR / prefix).rglob("*.html"):
            assert not re.search("趣店|来分期|qudian", page.read_text(encoding="utf-8"), re.IGNORECASE), page
