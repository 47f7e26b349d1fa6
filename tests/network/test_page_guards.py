"""Read-only crawling, login walls/CAPTCHAs, character sets, crawler traps."""
from __future__ import annotations

import json

import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse, Response
from scrapy.utils.test import get_crawler

from crawlers.middlewares.attention import attention_reason
from crawlers.middlewares.encoding import choose_encoding, normalize_encoding
from crawlers.middlewares.read_only import refusal_for_request, refusal_for_response
from crawlers.middlewares.traps import CrawlerTrapMiddleware, repeated_path_segments, trap_reason
from tests.network.conftest import ONION_A, run_probe
from tests.network.local_sites import BIG5_TEXT, GB_TEXT, LISTING_TEXT

# --- read only ----------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "HEAD"])
def test_only_get_leaves(method):
    assert "only GET" in refusal_for_request(Request("http://x.test/", method=method))
    assert refusal_for_request(Request("http://x.test/")) is None


@pytest.mark.parametrize("content_type, kept", [
    (b"text/html; charset=gbk", True), (b"application/xhtml+xml", True), (b"text/plain", True),
    (b"application/json", True), (b"application/zip", False), (b"application/octet-stream", False),
    (b"image/png", False), (b"application/pdf", False),
])
def test_only_text_responses_are_kept(content_type, kept):
    response = Response("http://x.test/f", status=200, headers={"Content-Type": content_type}, body=b"x")
    assert (refusal_for_response(response) is None) == kept


def test_responses_without_content_type_are_judged_by_their_body():
    assert refusal_for_response(Response("http://x.test/f", status=200, body=b"\x00\x01")) is not None
    assert refusal_for_response(HtmlResponse("http://x.test/f", status=200, body=b"<html></html>")) is None
    assert refusal_for_response(Response("http://x.test/f", status=302, headers={"Location": "/a"})) is None


# --- needs attention ----------------------------------------------------------------------------

LOGIN_FORM = "<form><input name=user><input type='password' name=pw><button>Sign in</button></form>"


@pytest.mark.parametrize("status, url, html, redirected_from, reason", [
    (200, "http://f.test/login", f"<html><body>{LOGIN_FORM}</body></html>", (), "login wall: login form"),
    (200, "http://f.test/t/1", "<div class='g-recaptcha'></div>", (), "captcha"),
    (200, "http://f.test/t/1", "<p>请输入验证码</p><img src='/code.png'>", (), "captcha"),
    (200, "http://f.test/t/1", "<div class='alert_error'>抱歉，您需要登录后才可以查看</div>", (), "login wall: the page asks to log in"),
    (401, "http://f.test/t/1", "<h1>Unauthorized</h1>", (), "login wall: HTTP 401"),
    (403, "http://f.test/t/1", "<p>Please sign in</p>", (), "login wall: HTTP 403 with a login prompt"),
    (200, "http://f.test/member.php?mod=logging&action=login", "<p>hi</p>", ("http://f.test/t/1",),
     "login wall: redirected to a login page"),
])
def test_pages_that_need_an_analyst(status, url, html, redirected_from, reason):
    assert attention_reason(status, url, html, redirected_from) == reason


def test_ordinary_pages_do_not_need_attention():
    listing = "<p>" + "出售趣店学生数据，共五万条，价格八千元。" * 200 + "</p>"
    # A forum thread with a small login box in its header is still a listing.
    assert attention_reason(200, "http://f.test/thread-1.html", LOGIN_FORM + listing) is None
    assert attention_reason(200, "http://f.test/thread-1.html", "<a href='/login'>登录</a>" + listing) is None
    assert attention_reason(403, "http://f.test/thread-1.html", "<h1>Forbidden</h1>") is None
    assert attention_reason(200, "http://f.test/t/1", "") is None


# --- encodings ----------------------------------------------------------------------------------


def test_a_header_that_lies_about_gb18030_bytes_is_overruled():
    assert choose_encoding("utf-8", None, GB_TEXT.encode("gb18030")) == ("gb18030", "detected")


def test_big5_without_any_declaration_is_detected():
    assert choose_encoding(None, None, BIG5_TEXT.encode("big5")) == ("big5", "detected")


def test_agreeing_declarations_are_trusted_and_gbk_means_gb18030():
    assert choose_encoding("gbk", "gb2312", GB_TEXT.encode("gb18030")) == ("gb18030", "declared")
    assert normalize_encoding("GB2312") == "gb18030"
    assert normalize_encoding("no-such-charset") is None


def test_disagreeing_declarations_let_the_body_decide():
    assert choose_encoding("big5", "gb2312", GB_TEXT.encode("gb18030")) == ("gb18030", "detected")
    assert choose_encoding("gbk", None, "价格".encode("utf-8") * 20) == ("utf-8", "detected")


# --- crawler traps ------------------------------------------------------------------------------


@pytest.mark.parametrize("path, trap", [
    ("/a/b/a/b/a/b/", True), ("/x/x/x/", True), ("/cal/2024/cal/2025/cal/2026/cal/", True),
    ("/2024/01/01/post.html", False), ("/zh/thread-47731-1-1.html", False), ("/", False),
])
def test_repeated_path_segments(path, trap):
    assert repeated_path_segments(path, max_repeats=3) == trap


def test_too_long_urls_are_traps():
    assert trap_reason("http://f.test/" + "a" * 3000, max_length=2000, max_repeats=3) == "url_too_long"
    assert trap_reason("http://f.test/thread-1.html", max_length=2000, max_repeats=3) is None


def test_too_many_query_variants_of_one_path_are_dropped_with_stats():
    crawler = get_crawler(settings_dict={"LEAKSCOUT_TRAP_MAX_URL_LENGTH": 2000, "LEAKSCOUT_TRAP_MAX_SEGMENT_REPEATS": 3,
                                         "LEAKSCOUT_TRAP_MAX_QUERY_VARIANTS": 3})
    crawler.stats.open_spider()
    middleware = CrawlerTrapMiddleware.from_crawler(crawler)
    for day in range(3):
        assert middleware.process_request(Request(f"http://f.test/calendar?day={day}")) is None
    assert middleware.process_request(Request("http://f.test/calendar?day=1")) is None  # seen before
    assert middleware.process_request(Request("http://f.test/other?day=9")) is None    # another path
    with pytest.raises(IgnoreRequest, match="too_many_query_variants"):
        middleware.process_request(Request("http://f.test/calendar?day=4"))
    assert crawler.stats.get_value("leakscout/traps/too_many_query_variants") == 1


# --- a crawl through all of them ----------------------------------------------------------------


def test_a_crawl_keeps_listings_and_reports_or_drops_the_rest(tmp_path, socks_proxy, local_sites):
    base = f"http://{ONION_A}"
    urls = [f"{base}/gb-lying.html", f"{base}/big5-bare.html", f"{base}/listing.html", f"{base}/dump.zip",
            f"{base}/captcha.html", f"{base}/private.html", f"{base}/a/b/a/b/a/b/listing.html"]
    result = run_probe(tmp_path, urls, tor_proxy=socks_proxy.url, args={"site": "guards"})

    by_path = {item["url"].removeprefix(base): item for item in result.items}
    assert sorted(by_path) == ["/big5-bare.html", "/gb-lying.html", "/listing.html"], result.stats_log[-3000:]
    assert GB_TEXT in by_path["/gb-lying.html"]["body"] and by_path["/gb-lying.html"]["encoding"] == "gb18030"
    assert BIG5_TEXT in by_path["/big5-bare.html"]["body"] and by_path["/big5-bare.html"]["encoding"] == "big5"
    assert LISTING_TEXT in by_path["/listing.html"]["body"]

    attention = [json.loads(line) for line in (tmp_path / "home" / "attention.jsonl").read_text().splitlines()]
    assert sorted((entry["url"].removeprefix(base), entry["reason"], entry["site"]) for entry in attention) == [
        ("/captcha.html", "captcha", "guards"),
        ("/member/login.html", "login wall: redirected to a login page", "guards"),
    ]
    assert "'leakscout/needs_attention': 2" in result.stats_log
    assert "'leakscout/read_only/dropped_responses': 1" in result.stats_log
    assert "'leakscout/traps/repeated_path_segments': 1" in result.stats_log
    assert not any(path.startswith("/a/b") for _method, path, _cookie in local_sites.requests)


def test_a_post_is_never_sent(tmp_path, socks_proxy, local_sites):
    result = run_probe(tmp_path, [f"http://{ONION_A}/listing.html"], tor_proxy=socks_proxy.url,
                       args={"method": "POST"})

    assert result.items == []
    assert "only GET" in result.errors[0]["error"]
    assert local_sites.requests == [] and socks_proxy.connects == []
