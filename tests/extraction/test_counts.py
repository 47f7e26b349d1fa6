import pytest

COUNTS = [
    ("近百万学生数据", 1000000),
    ("The personal information of nearly 1 million students", 1000000),
    ("出售江苏快递数据51289条", 51289),
    ("出售某贷平台借款用户6w条 含身份证 自动发货", 60000),
    ("快递数据（全国）35万条", 350000),
    ("泰国全量数据 2.1W", 21000),
    ("2.3M rows, 0.3 BTC", 2300000),
    ("half a million records", 500000),
    ("五万条手机号", 50000),
    ("10多万条", 100000),
    ("数量：35万", 350000),
    ("1,000,000 records", 1000000),
    ("3.5 lakh records", 350000),
    ("Medibank customers 9.7M: names", 9700000),
    ("10万个 价格2000", 100000),
    ("台湾 会员 资料 30万笔", 300000),
    ("共20万条 每省2000", 200000),
    ("每省数万条", None),                  # vague
    ("每天更新1000条", None),              # daily volume, not the total
    ("样本100条", None),                   # a sample
    ("每条0.1元", None),
    ("1毛一条", None),
    ("100元/1000条", None),
    ("3个文件", None),
]


@pytest.mark.parametrize("text,expected", COUNTS)
def test_record_count(extractor, text, expected):
    assert extractor.extract(text)["record_count"] == expected


def test_total_beats_province_part(extractor):
    rec = extractor.extract("近百万学生数据出售，按省份单独出售，例如江苏省51289条")
    assert rec["record_count"] == 1000000
    rec = extractor.extract("the file for Jiangsu Province includes 51,289 entries. In total 900,000 records.")
    assert rec["record_count"] == 900000


def test_covering_part(extractor):
    assert extractor.extract("广东快递数据35万条，其中深圳5万条")["record_count"] == 350000
    assert extractor.extract("北京5万条，上海3万条")["record_count"] is None
