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


# A carrier's provincial or city company ("江苏移动" = China Mobile's Jiangsu company) is a name, so the
# weak short name counts with the ordinary source cues; without the place it still needs a cue touching it.
CARRIER_SUBSIDIARIES = [
    ("【移动】江苏移动机主实名数据30万条 含身份证", ["China Mobile"], ["CN", "CN-JS"]),
    ("广东联通机主实名数据 10万条", ["China Unicom"], ["CN", "CN-GD"]),
    ("北京电信实名用户 5万条", ["China Telecom"], ["CN", "CN-BJ"]),
    ("苏州移动用户资料", ["China Mobile"], ["CN", "CN-JS"]),
    ("移动机主实名数据", [], []),             # no place: 移动 is also the word "mobile"
    ("江苏移动营业厅 地址", [], ["CN", "CN-JS"]),  # the company named, but no data cue
    ("通过江苏移动付款", [], ["CN", "CN-JS"]),     # a passing mention
]


@pytest.mark.parametrize("text,brands,regions", CARRIER_SUBSIDIARIES)
def test_carrier_subsidiary_is_the_source(extractor, text, brands, regions):
    rec = extractor.extract(text)
    assert rec["brands"] == brands
    assert rec["regions"] == regions  # the subsidiary's province stays a region of the data


def test_group_name_claims_each_member(extractor):
    rec = extractor.extract("三通一达快递面单 日更5万单 收件人姓名电话地址")
    assert rec["brands"] == ["STO Express", "YTO Express", "ZTO Express", "Yunda Express"]
    assert rec["claimed_source"] == "三通一达"
    assert extractor.extract("不是三通一达的单号")["brands"] == []


def test_group_member_takes_the_watchlist_name():
    w = types.SimpleNamespace(name="ZTO", aliases=["中通", "中通快递"])
    rec = build_extractor(watchlist_brands=[w]).extract("三通一达快递面单 50万条")
    assert rec["brands"] == ["ZTO", "STO Express", "YTO Express", "Yunda Express"]


def test_shared_scan_finds_what_each_dictionary_finds(extractor):
    # the extractor walks the text once for brands, places and data-kind words (terms.TermScan)
    from pipelines.extraction.data_types import keyword_hits
    from pipelines.extraction.regions import find_regions
    text = "出售 江苏移动 南京 机主实名 手机号 身份证 姓名 Qudian users, USA, email and password"
    brand_found, place_found, kind_found = extractor.terms.scan(text.lower())
    assert find_regions(text.lower(), None, place_found) == find_regions(text.lower())
    assert keyword_hits(text.lower(), kind_found) == keyword_hits(text.lower())
    assert extractor.matcher.find(text.lower(), found=brand_found) == extractor.matcher.find(text.lower())
