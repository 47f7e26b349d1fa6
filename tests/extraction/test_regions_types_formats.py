import pytest

from pipelines.extraction.data_types import VOCABULARY, find_data_types
from pipelines.extraction.dates import find_posted_at
from pipelines.extraction.formats import find_file_format
from pipelines.extraction.lang import detect_lang
from pipelines.extraction.normalize import normalize

REGIONS = [
    ("北京、上海、江苏每省8000元", ["CN", "CN-BJ", "CN-SH", "CN-JS"]),
    ("江苏省", ["CN", "CN-JS"]),
    ("Jiangsu Province", ["CN", "CN-JS"]),
    ("全国", ["CN"]),
    ("泰国全量数据", ["TH"]),
    ("Thailand", ["TH"]),
    ("深圳 东莞", ["CN", "CN-GD"]),
    ("江浙沪车主", ["CN", "CN-JS", "CN-ZJ", "CN-SH"]),
    ("印度尼西亚", ["ID"]),
    ("US users", ["US"]),
    ("tell us more", []),
    ("北京银行客户数据", []),        # place inside a bank's name
    ("苏宁易购", []),                 # no one-character abbreviations
]


@pytest.mark.parametrize("text,expected", REGIONS)
def test_regions(extractor, text, expected):
    assert extractor.extract(text)["regions"] == expected


TYPES = [
    ("姓名、住址、手机号", {"name", "address", "phone"}),
    ("父母及朋友手机号", {"contacts", "phone"}),
    ("借款额度 逾期", {"loan"}),
    ("学信网账号密码", {"education", "credentials"}),
    ("身份证 护照 生日 性别", {"national_id", "passport", "birth_date", "gender"}),
    ("征信报告 银行流水", {"credit_report", "financial"}),
    ("开房记录 行踪轨迹 通话记录", {"travel", "location", "communication"}),
    ("快递单号 车牌 QQ号 IMEI IP地址 人脸照片 保单 个税", {"orders", "vehicle", "social_account", "device", "ip_address", "photo", "insurance", "tax"}),
    ("email:pass combos", {"email", "credentials"}),
    ("credit card numbers with CVV, IBAN", {"payment_card", "bank_account"}),
    ("不含身份证", set()),
    ("自动发货", set()),
    ("username list", set()),
]


@pytest.mark.parametrize("text,expected", TYPES)
def test_data_types(text, expected):
    found = find_data_types(normalize(text))
    assert set(found) == expected
    assert set(found) <= set(VOCABULARY)


@pytest.mark.parametrize("text,expected", [
    ("格式CSV", "csv"), ("saved in a CSV format", "csv"), ("dump.sql", "sql"), ("Excel格式", "xlsx"),
    ("打包zip 内含xlsx", "xlsx"), ("json", "json"), ("user db leak", None), ("via SQL injection", None),
    ("txt格式", "txt"), ("no format here", None),
])
def test_file_format(text, expected):
    assert find_file_format(normalize(text)) == expected


@pytest.mark.parametrize("text,expected", [
    ("发布时间：2024年3月5日", "2024-03-05"), ("Posted: Mar 3, 2024", "2024-03-03"), ("2023-12-01 12:00", "2023-12-01"),
    ("法释〔2017〕10号", None), ("2024-13-45", None), ("3 days ago", None),
])
def test_posted_at(text, expected):
    assert find_posted_at(normalize(text)) == expected


@pytest.mark.parametrize("text,expected", [
    ("趣店学生数据出售", "zh"), ("Selling fresh data", "en"), ("泰国全量数据 2.1W", "zh"),
    ("2.3M rows, 0.3 BTC", "en"), ("データ販売 顧客情報", "ja"), ("Продаю базу клиентов", "ru"), ("", None),
])
def test_lang(text, expected):
    assert detect_lang(normalize(text)) == expected
