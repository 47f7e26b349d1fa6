"""Page objects of the demo market, on the bundled pages (no network)."""
import re

import pytest
from parsel import Selector

from crawlers.pages.demo_market import (
    is_action_url,
    parse_index,
    parse_listing,
    site_for_url,
    visible_text,
)
from leakscout.demo_market.server import render_page

BASE = "http://127.0.0.1:8808"


def page_text(path: str) -> str:
    """A bundled page as a client decodes it: by the HTTP charset, else the <meta> one."""
    body, content_type = render_page(path)
    charset = content_type.partition("charset=")[2] or re.search(rb"charset=([\w-]+)", body).group(1).decode()
    return body.decode(charset)


@pytest.mark.parametrize("path, listing_paths, next_page_path", [
    ("/zh/forum-data-1.html",
     ["/zh/thread-48213-1-1.html", "/zh/thread-48177-1-1.html", "/zh/thread-48105-1-1.html", "/zh/thread-47990-1-1.html"],
     "/zh/forum-data-2.html"),
    ("/zh/forum-data-2.html", ["/zh/thread-47862-1-1.html", "/zh/thread-47731-1-1.html"], None),
    ("/en/market/page-1.html", ["/en/listing/4533.html", "/en/listing/4519.html"], "/en/market/page-2.html"),
    ("/en/market/page-2.html", ["/en/listing/4502.html", "/en/listing/4471.html"], None),
])
def test_parse_index(path, listing_paths, next_page_path):
    listing_urls, next_page_url = parse_index(page_text(path), BASE + path)
    assert listing_urls == [BASE + listing_path for listing_path in listing_paths]
    assert next_page_url == (BASE + next_page_path if next_page_path else None)


def test_index_skips_sticky_threads_and_action_links():
    listing_urls, _ = parse_index(page_text("/zh/forum-data-1.html"), BASE + "/zh/forum-data-1.html")
    assert BASE + "/zh/thread-100-1-1.html" not in listing_urls
    assert not any(is_action_url(url) for url in listing_urls)


LISTINGS = [
    # path, expected fields (all but body), fragments the body must contain
    ("/zh/thread-48213-1-1.html",
     dict(site="demo-zh", listing_key="48213", title="【趣店】近百万学生数据出售 打包价10万元 可按省份拆分",
          seller="老K数据", posted_at="2017-11-23 21:47", price_text="10万元（打包）", category="数据出售", lang_hint="zh-CN"),
     ["【趣店】近百万学生数据出售，打包价10万元", "例如江苏省51289条；北京、上海、江苏每省8000元",
      "字段：姓名、住址、手机号、父母及朋友手机号、借款额度、学信网账号密码", "格式CSV",
      "王晓明,320102199903151234,", ",13851234567,"]),
    ("/zh/thread-48177-1-1.html",
     dict(site="demo-zh", listing_key="48177", title="【移动】江苏移动机主实名数据30万条 含身份证 打码样本",
          seller="苏南渠道", posted_at="2017-11-21 16:05", price_text="0.8 BTC", category="数据出售", lang_hint="zh-CN"),
     ["江苏移动机主实名数据，30万条", "139****2817,张**,3205**********2316"]),
    ("/zh/thread-48105-1-1.html",
     dict(site="demo-zh", listing_key="48105", title="三通一达快递面单 日更5万单 收件人姓名电话地址",
          seller="面单老王", posted_at="2017-11-19 10:31", price_text="0.5元/条", category="数据出售", lang_hint="zh-CN"),
     ["三通一达网点直出快递面单，日更5万单，当天的单当天发。", "单价0.5元一条"]),
    ("/zh/thread-47990-1-1.html",
     dict(site="demo-zh", listing_key="47990", title="全国连锁酒店开房记录2.4亿条 2016-2017 支持按城市查",
          seller="夜行者", posted_at="2017-11-15 23:58", price_text="8 BTC", category="数据出售", lang_hint="zh-CN"),
     ["共约2.4亿条", "开房记录（入住时间、离店时间、酒店名称、房号）"]),
    ("/zh/thread-47862-1-1.html",
     dict(site="demo-zh", listing_key="47862", title="稳定翻墙VPN 机场节点 月付25元 支持支付宝",
          seller="飞鸟机场", posted_at="2017-11-12 13:20", price_text="25元/月", category="工具软件", lang_hint="zh-CN"),
     ["付款方式：支付宝、微信扫码均可"]),
    ("/zh/thread-47731-1-1.html",
     dict(site="demo-zh", listing_key="47731", title="【出售】台灣購物網站會員資料52萬筆 含手機地址",
          seller="北漂阿傑", posted_at="2017-11-8 02:16", price_text=None, category="數據出售", lang_hint="zh-TW"),
     ["台灣某購物網站會員資料，共52萬筆", "價格私訊，只收USDT"]),
    ("/en/listing/4533.html",
     dict(site="demo-en", listing_key="4533", title="SwiftParcel courier DB – 6.8M shipments, sender + recipient",
          seller="parcelghost", posted_at="Mar 2, 2024", price_text="$1,200", category="Databases » Logistics", lang_hint="en"),
     ["6.8M shipments. Columns: tracking number"]),
    ("/en/listing/4519.html",
     dict(site="demo-en", listing_key="4519", title="CashSprout loan app – 380k borrowers with KYC (masked sample)",
          seller="kyc_king", posted_at="Feb 26, 2024", price_text="$2,500", category="Databases » Fintech", lang_hint="en"),
     ["380,412 borrowers of the CashSprout payday loan app", "J*** D***,+1 415-***-**21,j***@gmail.com"]),
    ("/en/listing/4502.html",
     dict(site="demo-en", listing_key="4502", title="Harborview Hotels & Resorts – 4.1M guest stays 2019–2023",
          seller="roomservice", posted_at="Feb 14, 2024", price_text="0.9 BTC", category="Databases » Travel", lang_hint="en"),
     ["4.1M unique guests", "passport / ID number"]),
    ("/en/listing/4471.html",
     dict(site="demo-en", listing_key="4471", title="Selling 2.3M rows of Meridian Trust Bank customers, 0.3 BTC",
          seller="darkharbor", posted_at="Feb 11, 2024", price_text="0.3 BTC", category="Databases » Finance", lang_hint="en"),
     ["Selling 2.3M rows of Meridian Trust Bank customers.", "Daniel Whitford,1978-04-19,219-09-9999"]),
]


@pytest.mark.parametrize("path, expected_fields, body_fragments", LISTINGS, ids=[row[0] for row in LISTINGS])
def test_parse_listing(path, expected_fields, body_fragments):
    fields = parse_listing(page_text(path), BASE + path)
    assert fields["url"] == BASE + path
    assert {name: fields[name] for name in expected_fields} == expected_fields
    for fragment in body_fragments:
        assert fragment in fields["body"]


def test_listing_fields_are_the_item_fields_minus_fetch_metadata():
    from crawlers.items import ListingItem

    fields = parse_listing(page_text("/en/listing/4471.html"), BASE + "/en/listing/4471.html")
    assert set(fields) == set(ListingItem.fields) - {"encoding", "fetched_at", "screenshot"}


def test_listing_body_is_the_first_post_only_without_page_chrome():
    body = parse_listing(page_text("/zh/thread-48213-1-1.html"), BASE + "/zh/thread-48213-1-1.html")["body"]
    assert "抽查了两百条" not in body          # a reply, not the listing
    assert "购买" not in body and "下载样本" not in body and "登录" not in body
    assert body.count("\n") >= 8               # one line per <br>/<li>


def test_listing_body_leaves_out_discuz_anti_scraping_jammers():
    body = parse_listing(page_text("/zh/thread-48105-1-1.html"), BASE + "/zh/thread-48105-1-1.html")["body"]
    assert "x7Kq" not in body
    assert "防采集" not in body


def test_qudian_sample_ids_have_valid_checksums():
    body = parse_listing(page_text("/zh/thread-48213-1-1.html"), BASE + "/zh/thread-48213-1-1.html")["body"]
    ids = re.findall(r"\b\d{17}[\dX]\b", body)
    assert len(ids) == 3
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    for id_number in ids:
        checksum = "10X98765432"[sum(int(digit) * weight for digit, weight in zip(id_number, weights)) % 11]
        assert id_number[-1] == checksum


@pytest.mark.parametrize("html, expected", [
    ("<div>a<br>b</div>", "a\nb"),
    ("<div><p>one  two</p>\n\n<p> three </p></div>", "one two\nthree"),
    ("<div>keep<script>drop()</script><style>.x{}</style> tail</div>", "keep tail"),
    ('<div>x<span style="display: none">hidden</span>y<font class="jammer">zz</font>w</div>', "xyw"),
    ("<div><!-- comment -->text</div>", "text"),
    ("<div><ol><li>1,2</li><li>3,4</li></ol></div>", "1,2\n3,4"),
])
def test_visible_text(html, expected):
    assert visible_text(Selector(text=html).css("div")[0]) == expected


@pytest.mark.parametrize("url, is_action", [
    ("http://h/zh/buy.php?tid=48213", True),
    ("http://h/zh/forum.php?mod=attachment&aid=MTIwOTl8", True),
    ("http://h/zh/member.php?mod=logging&action=login", True),
    ("http://h/zh/member.php?mod=register", True),
    ("http://h/en/cart/add/4471", True),
    ("http://h/en/download/sample-4471.csv", True),
    ("http://h/en/login", True),
    ("http://h/zh/thread-48213-1-1.html", False),
    ("http://h/zh/forum-data-2.html", False),
    ("http://h/en/listing/4471.html", False),
])
def test_is_action_url(url, is_action):
    assert is_action_url(url) is is_action


@pytest.mark.parametrize("url, site", [
    ("http://h/zh/forum-data-1.html", "demo-zh"),
    ("http://h/en/listing/4471.html", "demo-en"),
    ("http://h/", None),
    ("http://h/english/x.html", None),
])
def test_site_for_url(url, site):
    assert site_for_url(url) == site


def test_pages_of_other_sites_are_rejected():
    with pytest.raises(ValueError):
        parse_listing("<html></html>", "http://example.com/thread/1")
