"""The walking skeleton's two demo listings (Chinese GB18030 page and English news report)."""
import pytest

from pipelines.extraction import RECORD_KEYS

ZH = ("【趣店】近百万学生数据出售 打包价10万元 … 按省份单独出售，每省数万条，例如江苏省51289条；北京、上海、江苏每省8000元 … "
      "字段：姓名、住址、手机号、父母及朋友手机号、借款额度、学信网账号密码 … 格式CSV")
EN = ("The personal information of nearly 1 million students was on sale on black market at a price of RMB 100k. ... "
      "the file for Jiangsu Province includes 51,289 entries. Data from Beijing, Shanghai and Jiangsu was priced at RMB8,000 ... "
      "names, addresses, phone numbers ... phone numbers of their parents and friends, loan size, accounts and passwords to CHSI ... "
      "Peddlers claim that Qudian is the source ... saved in a CSV format.")
KINDS = {"name", "address", "phone", "contacts", "loan", "credentials", "education"}


def _check(rec, lang, claimed):
    assert tuple(rec) == RECORD_KEYS
    assert rec["brands"] == ["Qudian"]
    assert rec["claimed_source"] == claimed
    assert rec["price"] == {"amount": 100000, "currency": "CNY", "amount_usd": 13800.0}
    assert rec["record_count"] == 1000000
    assert any(o["amount"] == 8000 and o["currency"] == "CNY" and o["regions"] == ["CN-BJ", "CN-SH", "CN-JS"]
               for o in rec["offers"])
    assert set(rec["data_types"]) >= KINDS
    assert {"CN", "CN-JS", "CN-BJ", "CN-SH"} <= set(rec["regions"])
    assert rec["file_format"] == "csv"
    assert rec["lang"] == lang


@pytest.mark.parametrize("fixture", ["extractor", "qudian_extractor"])
def test_chinese_demo(request, fixture):
    _check(request.getfixturevalue(fixture).extract(ZH), "zh", "趣店")


@pytest.mark.parametrize("fixture", ["extractor", "qudian_extractor"])
def test_english_demo(request, fixture):
    _check(request.getfixturevalue(fixture).extract(EN), "en", "Qudian")


def test_gb18030_html_page(extractor):
    page = f'<html><head><meta charset="gb2312"><title>出售</title><script>alert("x")</script></head><body><div>{ZH}</div></body></html>'
    rec = extractor.extract(None, html=page.encode("gb18030"), url="http://demo.invalid/t/1")
    _check(rec, "zh", "趣店")


def test_html_str_when_text_empty(extractor):
    rec = extractor.extract("", html=f"<p>{EN}</p><style>p{{}}</style>")
    _check(rec, "en", "Qudian")
