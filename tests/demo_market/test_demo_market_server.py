"""The demo market server: pages, charsets, 404s."""
import re
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from leakscout.demo_market.server import PAGES_DIR, render_page


def fetch(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read()


def all_page_paths() -> list[str]:
    return ["/" + path.relative_to(PAGES_DIR).as_posix() for path in sorted(PAGES_DIR.rglob("*.html"))]


def test_binds_loopback_on_a_free_port(demo_market):
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+", demo_market.url)
    assert demo_market.port > 0


@pytest.mark.parametrize("path, content_type, expected_text", [
    ("/", "text/html; charset=utf-8", "leakscout demo market"),
    ("/zh/forum-data-1.html", "text/html; charset=gb18030", "数据交易区"),
    ("/zh/forum-data-2.html", "text/html; charset=gb18030", "稳定翻墙VPN"),
    ("/zh/thread-48213-1-1.html", "text/html; charset=gb18030", "【趣店】近百万学生数据出售"),
    ("/zh/thread-47731-1-1.html", "text/html", "台灣購物網站會員資料"),
    ("/en/market/page-1.html", "text/html; charset=utf-8", "Databases &amp; leaks"),
    ("/en/listing/4471.html", "text/html; charset=utf-8", "Meridian Trust Bank"),
])
def test_serves_pages_in_their_declared_charset(demo_market, path, content_type, expected_text):
    status, served_content_type, body = fetch(demo_market.url + path)
    assert status == 200
    assert served_content_type == content_type
    meta_charset = re.search(rb"charset=[\"']?([\w-]+)", body).group(1).decode("ascii")
    assert expected_text in body.decode(meta_charset)


def test_gb18030_page_bytes_are_gb18030_not_utf8(demo_market):
    _, _, body = fetch(demo_market.url + "/zh/thread-48213-1-1.html")
    assert "趣店".encode("gb18030") in body
    assert "趣店".encode("utf-8") not in body
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    assert "学信网账号密码" in body.decode("gb18030")


def test_big5_page_declares_its_charset_only_in_meta(demo_market):
    _, content_type, body = fetch(demo_market.url + "/zh/thread-47731-1-1.html")
    assert "charset" not in content_type
    assert b'content="text/html; charset=big5"' in body
    assert "會員資料52萬筆" in body.decode("big5")


@pytest.mark.parametrize("path", [
    "/nope.html",
    "/zh/thread-99999-1-1.html",
    "/zh/thread-100-1-1.html",  # the sticky rules thread is linked but deliberately absent
    "/zh/buy.php?tid=48213",
    "/en/cart/add/4471",
    "/en/download/sample-4471.csv",
    "/zh/",
    "/../server.py",
    "/%2e%2e/server.py",
])
def test_unknown_paths_are_404(demo_market, path):
    status, content_type, _ = fetch(demo_market.url + path)
    assert status == 404
    assert content_type.startswith("text/html")


def test_records_requested_paths(demo_market):
    fetch(demo_market.url + "/en/market/page-2.html?probe=1")
    assert "/en/market/page-2.html?probe=1" in demo_market.requested_paths


@pytest.mark.parametrize("path", all_page_paths())
def test_every_page_encodes_in_its_charset_and_is_self_contained(path):
    body, _ = render_page(path)  # raises if a character is missing from the page's charset
    assert not re.search(rb"""(src|href)=["']?(https?:)?//""", body), "pages must not load external resources"


def test_page_sources_are_utf8_in_git():
    for path in PAGES_DIR.rglob("*.html"):
        Path(path).read_bytes().decode("utf-8")


def test_exactly_one_listing_mentions_qudian():
    pages_mentioning_qudian = [
        path for path in all_page_paths()
        if "/thread-" in path or "/listing/" in path
        if re.search("趣店|来分期|qudian", (PAGES_DIR / path.lstrip("/")).read_text(encoding="utf-8"), re.IGNORECASE)
    ]
    assert pages_mentioning_qudian == ["/zh/thread-48213-1-1.html"]


def test_stop_frees_the_port():
    from leakscout.demo_market import serve_demo_market

    market = serve_demo_market()
    url = market.url
    market.stop()
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(url + "/", timeout=2)
