"""Pages built to stall a stage: each stage still gives its answer on them (bench/bench_hostile.py
measures that the time grows linearly); a listing whose analysis overruns its budget is kept,
masked and flagged."""
from __future__ import annotations

import pytest

from crawlers.middlewares.attention import attention_reason
from crawlers.sites.generic import PRICE_OR_COUNT, best_block_group
from crawlers.sites.offers import offers_data
from pipelines import extract as extract_module
from pipelines.budget import OverBudget, time_budget
from pipelines.extract import ListingAnalyzer
from pipelines.extraction.html_text import visible_text
from tests.hostile.guard import time_limit

URL = "http://127.0.0.1:8808/en/market/page-1.html"
PHONE = "13912345678"


def test_a_login_form_is_found_behind_thousands_of_unclosed_input_tags():
    login = '<form><input name=user> Username <input type="password" name=p> Log in</form>'
    with time_limit(what="attention check"):
        assert attention_reason(200, URL, "<input " * 20_000 + login) == "login wall: login form"
        assert attention_reason(200, URL, "<script" * 40_000 + "<input type=password> login") == \
            "login wall: login form"
        assert attention_reason(200, URL, "<input " * 20_000 + "<p>listing</p>") is None


def test_a_long_page_with_a_small_login_box_is_not_a_login_wall():
    page = "<input type=password> login <p>" + "京东用户数据 1万条 " * 400 + "</p>" + "<script" * 1000
    with time_limit(what="attention check"):
        assert attention_reason(200, URL, page) is None


def test_listing_blocks_are_found_next_to_a_trap_nested_thousands_deep():
    listings = "".join(f'<li class="item"><a href="/en/listing/{i}.html">Listing {i}: 京东用户数据</a> 5 BTC</li>'
                       for i in range(5))
    trap = "".join(f'<div class="card"><a href="/trap/{i}.html">trap {i} 5 BTC 1万条</a><span>$5</span>'
                   for i in range(3000)) + "</div>" * 3000
    page = f"<html><body><nav><a href='/a'>a</a><a href='/b'>b</a></nav><ul>{listings}</ul>{trap}</body></html>"
    with time_limit(what="best_block_group"):
        group = best_block_group(page, URL)
    assert group.signature == "li.item"
    assert group.listing_urls == [f"http://127.0.0.1:8808/en/listing/{i}.html" for i in range(5)]


@pytest.mark.parametrize("run", ["1" * 60_000, "1," * 30_000, ".," * 30_000 + "5", "1." * 30_000])
def test_a_post_of_long_digit_runs_is_read_once(run):
    with time_limit(what="offers_data"):
        assert offers_data(f"sell {run} rows") and offers_data(f"sell db {run}")
        assert not offers_data(f"sell {run}x")
        assert PRICE_OR_COUNT.search(f"{run} rows") and not PRICE_OR_COUNT.search(f"{run}x")


def test_extract_html_reads_comment_runs_and_leaves_hidden_and_embedded_text_out():
    page = ("<html><head><title>出售 京东 数据</title><style>p{}</style></head><body>"
            "<p>Selling <b>2.3M</b> rows</p><div style='display: none'>hidden one</div>"
            "<span hidden>hidden two</span><font class=jammer>jam</font>after"
            "<iframe>framed</iframe><svg><text>drawn</text></svg><script>scripted</script>"
            "<p>price 0.3 BTC</p>" + "<!--" * 40_000)
    with time_limit(what="visible_text"):
        text = visible_text(page)
    assert text == "出售 京东 数据\nSelling 2.3M rows\nafter\nprice 0.3 BTC"


def test_the_budget_interrupts_a_runaway_loop():
    with pytest.raises(OverBudget), time_limit(what="budget"):
        with time_budget(0.05):
            while True:
                pass


class _StallingExtractor:
    """Stands for the extractor on a page built to stall it: it never ends on text longer than `stall_above`."""

    def __init__(self, real, stall_above: int):
        self.real, self.stall_above = real, stall_above

    def extract(self, text, url=None):
        while len(text) > self.stall_above:
            pass
        return self.real.extract(text, url=url)


def _listing(body: str) -> dict:
    return {"id": "demo-en:1", "site": "demo-en", "listing_key": "1", "url": "http://127.0.0.1/en/listing/1.html",
            "title": f"出售京东用户数据 2万条 联系 {PHONE}", "body": body, "seller": "x", "category": None,
            "posted_at": None}


def test_a_listing_over_budget_is_analysed_on_its_first_characters_and_flagged():
    analyzer = ListingAnalyzer(salt="s", budget_seconds=0.2)
    analyzer._extractor = _StallingExtractor(analyzer._extractor, stall_above=extract_module.CUT_CHARS + 100)
    body = f"京东用户数据 2万条，价格 500 USDT，样本 张三 {PHONE}\n" + "x" * 100_000
    with time_limit(what="analysis"):
        document = analyzer.analyze(_listing(body))
    assert document["extraction_incomplete"] == "time budget"
    assert document["brands"] == ["JD.com"] and document["record_count"] == 20_000   # found in what was read
    assert len(document["body"]) <= extract_module.CUT_CHARS and PHONE not in str(document)
    assert "139****5678" in document["body"]


def test_a_listing_over_budget_twice_keeps_its_masked_title_only():
    analyzer = ListingAnalyzer(salt="s", budget_seconds=0.2)
    analyzer._extractor = _StallingExtractor(analyzer._extractor, stall_above=0)
    with time_limit(what="analysis"):
        document = analyzer.analyze(_listing("京东用户数据 " * 10))
    assert document["extraction_incomplete"] == "time budget"
    assert document["body"] == "" and document["brands"] is None
    assert document["title"].startswith("出售京东用户数据") and PHONE not in str(document)


def test_a_listing_within_budget_is_not_flagged():
    document = ListingAnalyzer(salt="s", budget_seconds=5).analyze(_listing("京东用户数据 2万条"))
    assert "extraction_incomplete" not in document and document["brands"] == ["JD.com"]


def _run_off_reactor(body: bytes) -> list[str]:
    import asyncio
    import threading

    from scrapy.http import HtmlResponse

    from crawlers.spiders.offload import off_reactor

    def callback():
        yield threading.current_thread().name

    async def collect():
        response = HtmlResponse("http://127.0.0.1/en/listing/1.html", body=body, encoding="utf-8")
        return [result async for result in off_reactor(response, callback())]

    return asyncio.run(collect())


def test_a_big_page_is_parsed_in_the_parser_thread_and_a_small_one_where_it_came():
    from crawlers.spiders.offload import BIG_PAGE_BYTES

    assert _run_off_reactor(b"<p>small</p>") == ["MainThread"]
    (thread,) = _run_off_reactor(b"<p>" + b"x" * BIG_PAGE_BYTES + b"</p>")
    assert thread.startswith("leakscout-page-parser")
