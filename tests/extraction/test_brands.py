import types

import pytest

from pipelines.extraction import build_extractor
from pipelines.extraction.brands import BrandMatcher, load_dictionary

SOURCES = [
    ("趣店学生数据", ["Qudian"]),
    ("【趣店】近百万学生数据出售", ["Qudian"]),
    ("data from Qudian", ["Qudian"]),
    ("fresh Amazon customer leak", ["Amazon"]),
    ("Verizon dump 2024", ["Verizon"]),
    ("京东用户数据 100万条", ["JD.com"]),
    ("移动用户数据", ["China Mobile"]),
    ("趣店、拍拍贷、宜人贷用户数据", ["Qudian", "PPDai", "Yirendai"]),
    ("出售ＪＤ用戶數據", ["JD.com"]),                    # full-width + Traditional
    ("学信网账号数据", ["CHSI"]),
    ("sent via Telegram", []),
    ("pay with Alipay", []),
    ("not from JD, it's a small shop", []),
    ("支付宝付款 微信联系 TG: @seller", []),
    ("移动硬盘 电信诈骗", []),                            # weak aliases without a cue
    ("字段：姓名、手机号、学信网账号密码", []),          # a kind of data, not its source
    ("样本 abc@qq.com", []),                             # e-mail domain
    ("1688元", []),                                      # a number, not Alibaba's domain
    ("Looking to BUY fresh US bank logs", []),
]


@pytest.mark.parametrize("text,expected", SOURCES)
def test_source_vs_passing(extractor, text, expected):
    assert extractor.extract(text)["brands"] == expected


def test_claimed_source_as_written(extractor):
    assert extractor.extract("【趣店】近百万学生数据")["claimed_source"] == "趣店"
    assert extractor.extract("出售ＪＤ用戶數據")["claimed_source"] == "ＪＤ"
    assert extractor.extract("出售某贷平台借款用户6w条")["claimed_source"] == "某贷平台"
    assert extractor.extract("pay with Alipay")["claimed_source"] is None


def test_watchlist_first_and_folds_dictionary_entry():
    w = types.SimpleNamespace(name="Acme Lending", aliases=["趣店"])   # a customer's own name for it
    ex = build_extractor(watchlist_brands=[w])
    rec = ex.extract("拍拍贷、趣店用户数据; also qudian.com data")
    assert rec["brands"] == ["Acme Lending", "PPDai"]


def test_dictionary_size_and_short_alias_guard():
    entries = load_dictionary()
    assert len(entries) >= 500
    m = BrandMatcher(dictionary=[])
    m2 = BrandMatcher([types.SimpleNamespace(name="Xy", aliases=["店", "a"])], dictionary=[])
    assert m2.size == 1  # only "xy": one-character aliases are refused
    assert m.size == 0


def test_ascii_alias_needs_word_boundary(extractor):
    assert extractor.extract("jdx users data")["brands"] == []
    assert extractor.extract("JD users data")["brands"] == ["JD.com"]
