"""Hostile listing text through normalize → extract + mask → document → alert mail, as pure functions."""
from __future__ import annotations

import pytest
from lxml import html as lxml_html

from crawlers.pages.demo_market import parse_listing
from leakscout.alerts.compose import compose_alert_email
from leakscout.core.watchlist import WatchedBrand
from pipelines.extract import ListingAnalyzer
from pipelines.extraction import build_extractor, mask_text
from pipelines.normalize import clean_text, normalize_item
from tests.hostile import corpus
from tests.hostile.guard import time_limit

QUDIAN = WatchedBrand(name="Qudian", aliases=("趣店", "来分期", "Qudian Inc.", "qudian.com"))
LONG_MAX = 2**63 - 1   # the index maps record_count as long


@pytest.fixture(scope="module")
def analyzer():
    return ListingAnalyzer([QUDIAN], salt="hostile")


@pytest.fixture(scope="module")
def extractor():
    return build_extractor(watchlist_brands=[QUDIAN])


def _document(analyzer, html: str, key: str) -> dict:
    fields = parse_listing(html, f"http://127.0.0.1:8808/en/listing/{key}.html")
    with time_limit(what=f"analysis of {key}"):
        return analyzer.analyze(normalize_item(fields))


# --- zero-width and bidi characters ----------------------------------------------------------------

@pytest.mark.parametrize("text, count", [
    (f"出售趣{corpus.ZWSP}店学生数据 3{corpus.ZWSP}5万条", 350_000),
    (f"出售趣{corpus.ZWJ}店学生数据 35{corpus.WORD_JOINER}万条", 350_000),
    (f"出售{corpus.BIDI[4]}趣店{corpus.BIDI[2]}学生数据 {corpus.BIDI[3]}350000{corpus.BIDI[2]}条", 350_000),
    (f"{corpus.BOM}出售趣{corpus.ZWNJ}店学生数据 1{corpus.BIDI[5]}0万条", 100_000),
])
def test_invisible_characters_inside_brand_names_and_numbers_do_not_hide_them(extractor, text, count):
    for form in (text, clean_text(text)):       # the extractor alone, and after the normalize stage
        record = extractor.extract(form)
        assert record["brands"] == ["Qudian"] and record["record_count"] == count


def test_bidi_overrides_and_zero_width_characters_never_reach_the_document(analyzer):
    document = _document(analyzer, corpus.zero_width_page(), "zero-width")
    assert document["title"] == "出售趣店学生数据 35万条"
    assert document["brands"] == ["Qudian"] and document["record_count"] == 350_000
    stored = " ".join(str(value) for value in document.values())
    assert not any(char in stored for char in corpus.INVISIBLE)


# --- giant numbers -------------------------------------------------------------------------------

@pytest.mark.parametrize("text", corpus.GIANT_NUMBER_TEXTS)
def test_giant_numbers_give_values_the_index_can_hold(extractor, text):
    with time_limit(what="giant numbers"):
        record = extractor.extract(text)
    assert record["record_count"] is None or 0 <= record["record_count"] <= LONG_MAX
    for price in [record["price"], *record["offers"]]:
        if price:
            assert price["amount_usd"] is None or price["amount_usd"] < 1e16
    assert record["brands"] == ["JD.com"]


@pytest.mark.parametrize("text", ["出售京东用户数据 10^400条", "JD.com users 1e400 records for sale"])
def test_an_exponent_is_not_a_record_count(extractor, text):
    assert extractor.extract(text)["record_count"] is None


def test_a_thirty_digit_count_is_no_count(extractor):
    assert extractor.extract("京东数据 123456789012345678901234567890万条")["record_count"] is None


# --- ReDoS-prone text ----------------------------------------------------------------------------

REDOS_CASES = {**corpus.REDOS_STRINGS,
               "zero-width between digits": f"1{corpus.ZWSP}" * 30_000,
               "phone-like runs": "138 0013 8000 " * 5_000,
               "card-like runs": "4111-1111-1111-" * 5_000,
               "id-like runs": "11010119900307451" * 3_000,
               "combo lines": "user:pass\n" * 20_000}


@pytest.mark.parametrize("case", list(REDOS_CASES))
def test_redos_prone_text_finishes_in_every_stage(analyzer, extractor, case):
    evil = REDOS_CASES[case]
    with time_limit(what=case):
        extractor.extract(evil)
        once = mask_text(evil, salt="s").text
        assert mask_text(once, salt="s").text == once
        document = analyzer.analyze(normalize_item({"site": "t", "listing_key": "1", "url": "http://t/1",
                                                    "title": evil[:1000], "body": evil}))
    assert document["record_count"] is None or 0 <= document["record_count"] <= LONG_MAX


# --- markup in listing text ----------------------------------------------------------------------

def test_injected_markup_is_inert_text_in_the_document_and_escaped_in_the_mail(analyzer):
    document = _document(analyzer, corpus.corpus_file("injection.html"), "injection")
    assert '<script>alert("xss-body")</script>' in document["body"]   # kept as the listing's words
    assert "pwned" not in str(document)                                # page markup never became text
    assert document["brands"] == ["Qudian"]

    mail = compose_alert_email({"id": "new-test", "kind": "new"}, {**document, "first_seen": "2024-01-01"},
                               QUDIAN, sender="a@example.com", recipients=["b@example.com"])
    page = mail.get_body(("html",)).get_content()
    assert '&lt;script&gt;alert(&#34;xss-body&#34;)&lt;/script&gt;' in page
    assert_inert_html(page)
    assert '<script>alert("xss-body")</script>' in mail.get_body(("plain",)).get_content()


def assert_inert_html(page: str) -> None:
    """No element of ``page`` can run or load anything: no script, frame, embed or image, no
    event-handler attribute, no javascript: URL."""
    tree = lxml_html.fromstring(page)
    active = [element.tag for element in tree.iter()
              if element.tag in ("script", "iframe", "frame", "object", "embed", "img", "svg", "style", "form")]
    assert active == []
    for element in tree.iter():
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), (element.tag, name)
            assert not value.strip().lower().startswith(("javascript:", "data:")), (element.tag, name, value)


# --- values outside title and body ---------------------------------------------------------------

def test_personal_data_in_the_side_fields_is_masked(analyzer):
    listing = normalize_item({"site": "t", "listing_key": "side", "url": "http://t/side", "title": "京东用户数据 5万条",
                              "body": "京东用户数据 5万条", "seller": "vx 13912345678 seller@example.com",
                              "category": "数据 13712345678", "posted_at": "2024-01-02 13612345678"})
    stored = str(analyzer.analyze(listing))
    assert not any(value in stored for value in ("13912345678", "seller@example.com", "13712345678", "13612345678"))
