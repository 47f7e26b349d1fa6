"""Hostile pages through every page parser as pure functions: each parses, caps or yields nothing,
and never raises. Every call runs under ``time_limit`` so a runaway fails instead of hanging."""
from __future__ import annotations

import pytest

from pipelines.normalize import normalize_item
from tests.hostile import corpus
from tests.hostile.guard import time_limit
from tests.hostile.parsers import LISTING_PARSERS, read_index_everywhere

PARSERS = pytest.mark.parametrize("parser_name", list(LISTING_PARSERS))


def _parse(parser_name: str, html: str) -> dict | None:
    with time_limit(what=parser_name):
        return LISTING_PARSERS[parser_name](html)


@PARSERS
def test_malformed_html_is_parsed(parser_name):
    fields = _parse(parser_name, corpus.corpus_file("malformed.html"))
    assert fields["title"] == "Malformed page: 京东用户数据 5万条 selling"
    assert "京东用户数据 5万条, price $300 & <" in fields["body"]
    assert "hidden" not in fields["body"]          # display:none stays invisible in broken markup too


@PARSERS
def test_markup_in_listing_text_stays_text_and_markup_in_the_page_is_never_text(parser_name):
    fields = _parse(parser_name, corpus.corpus_file("injection.html"))
    # Escaped markup is what the listing says: kept, as plain characters.
    assert '<script>alert("xss-body")</script>' in fields["body"]
    assert '<img src=x onerror=alert("xss-img")>' in fields["body"]
    # Real markup is not text: no script/style/noscript content, no attribute value.
    everything = " ".join(str(value) for value in fields.values() if value)
    assert "pwned" not in everything


@PARSERS
def test_fifty_thousand_nested_divs_parse_without_crashing(parser_name):
    fields = _parse(parser_name, corpus.nested_page(corpus.NESTED_DEPTH))
    # lxml (libxml2) stops building the tree at its depth limit (a few thousand levels): text
    # nested deeper is not read. What sits above it is.
    assert fields["title"] == "Deeply nested page: 京东用户数据 2万条"
    assert "deeply nested text" not in (fields["body"] or "")


@PARSERS
def test_nesting_deeper_than_pythons_recursion_limit_is_read(parser_name):
    # 1,500 levels: within libxml2's limit, beyond Python's default recursion limit (1,000).
    fields = _parse(parser_name, corpus.nested_page(1_500))
    assert fields["body"].endswith("趣店 deeply nested text")


@PARSERS
def test_zero_width_and_bidi_characters_are_kept_by_parsers_and_removed_by_normalize(parser_name):
    fields = _parse(parser_name, corpus.zero_width_page())
    item = normalize_item({**fields, "site": "demo-en", "listing_key": "zero-width", "url": "http://x/zw"})
    assert item["title"] == "出售趣店学生数据 35万条"
    assert "出售趣店学生数据，共35万条，打包价8000元。" in item["body"]
    assert not any(char in item["title"] + item["body"] for char in corpus.INVISIBLE)


@PARSERS
@pytest.mark.parametrize("case", list(corpus.REDOS_STRINGS))
def test_redos_strings_in_a_page_are_parsed(parser_name, case):
    evil = corpus.REDOS_STRINGS[case]
    html = corpus.listing_page("redos", f"title {evil[:5000]}", f"<p>{evil}</p><dl><dt>Price</dt><dd>{evil}</dd></dl>")
    fields = _parse(parser_name, html)
    assert fields["title"].startswith("title ")
    assert evil.strip()[:1000] in fields["body"]


@pytest.mark.parametrize("page", ["malformed", "injection", "nested", "redos", "big"])
def test_index_parsers_survive_hostile_pages(page):
    html = {
        "malformed": lambda: corpus.corpus_file("malformed.html"),
        "injection": lambda: corpus.corpus_file("injection.html"),
        "nested": corpus.nested_page,
        "redos": corpus.redos_page,
        "big": lambda: corpus.big_page(2 * corpus.MIB).decode(),
    }[page]()
    with time_limit(what=f"index parsers on {page}"):
        read_index_everywhere(html)


def test_a_ten_megabyte_page_is_parsed_and_its_text_capped_by_normalize():
    html = corpus.big_page(corpus.DOWNLOAD_MAXSIZE - corpus.MIB).decode()
    fields = _parse("page object demo_market.parse_listing", html)
    assert fields["body"].endswith("第0103705行 张三 13800138000 北京市朝阳区 订单记录")  # read to the end
    item = normalize_item(fields)
    assert len(item["body"]) == 200_000 and item["title"].startswith("Big page")
