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
    ("北京银行客户数据", ["CN", "CN-BJ"]),   # a bank named after its city: its customers are there
    ("卡塔尔国家银行数据", ["QA"]),
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


# Places as real titles and breach prose name them (texts written for the tests).
MORE_REGIONS = [
    ("北京42万白领数据", ["CN", "CN-BJ"]),
    ("出售沧州某中学毕业生信息", ["CN", "CN-HE"]),
    ("南宁 公共自行车后台", ["CN", "CN-GX"]),
    ("泰国 银行客户", ["TH"]),
    ("土耳其公民数据", ["TR"]),
    ("全国车主数据", ["CN"]),
    ("国内手机号+密码", ["CN"]),
    ("国内外数据库3.1G", []),               # "at home and abroad": no place
    ("德州扑克玩家数据", []),                # Texas hold'em, not the city of Dezhou
    ("北海道 会员", ["JP"]),
    ("the Danish social media site", ["DK"]),
    ("a Serbian telecom", ["RS"]),
    ("Turkey's ruling party", ["TR"]),
    ("customers in Slovakia and Croatia", ["SK", "HR"]),
]


@pytest.mark.parametrize("text,expected", MORE_REGIONS)
def test_more_regions(extractor, text, expected):
    assert extractor.extract(text)["regions"] == expected


# Kinds as sellers and breach reports name them.
MORE_TYPES = [
    ("7000万qq群成员和qq邮箱", {"social_account", "email"}),
    ("天津身份信息整理", {"national_id"}),
    ("五十份手持 只出一次", {"photo", "national_id"}),
    ("股市用户数据30W", {"financial"}),
    ("期货 贵金属 微交易客户", {"financial"}),
    ("某集团内部通讯录", {"contacts", "employment"}),
    ("海尔集团通讯图录", {"contacts", "employment"}),
    ("阿里巴巴高管通讯录", {"contacts", "employment"}),
    ("全国董事长17万条", {"employment"}),
    ("裸贷信条出售", {"loan", "photo"}),
    ("某车金融平台数据库", {"loan", "vehicle"}),
    ("大货车司机资料", {"vehicle", "employment"}),  # drivers are workers: employment too (kind_examples.py)
    ("民营医院数据", {"health"}),
    ("南宁公共自行车后台管理权限", {"credentials"}),
    ("万达集团通信录", {"contacts", "employment"}),
    ("全国快递数据 加微信 QQ联系 支持微信 支付宝付款", {"orders"}),   # messaging and payment channels
    ("13万微信密钥", {"social_account", "credentials"}),
    ("可以使用微信，支付宝购买", set()),
    ("某网站账号+明文", {"credentials"}),
    ("招联金融 逾期客户", {"loan"}),
    ("红衫投资内部通讯录", {"contacts", "employment"}),                 # 投资 in a company's name
    ("某投资网数据2w条", {"financial"}),
    ("380w gmail数据", {"email"}),                                   # 金融 in a company's name
    ("寄件人/寄件手机号/收件地址/收件人", {"name", "phone", "address", "orders"}),  # senders and recipients are of parcels
    ("某省最新酒店信息", {"travel"}),
    ("女性购物数据", {"gender", "orders"}),
    ("usernames, email and IP addresses, genders and passwords stored as MD5 hashes",
     {"email", "ip_address", "gender", "credentials"}),
    ("names, physical addresses, dates of birth and private messages", {"name", "address", "birth_date", "communication"}),
    ("order histories and partial credit card data", {"orders", "payment_card"}),
    ("geographic locations and device information", {"location", "device"}),
    ("names, physical and IP addresses, DoBs and the country of residence",
     {"name", "address", "ip_address", "birth_date", "location"}),
    ("links to Facebook profiles, personal messages and credit card details",
     {"social_account", "communication", "payment_card"}),
    # a kind word that describes the breached business, not its data
    ("the online photo sharing platform exposed email addresses", {"email"}),
    ("the education platform leaked usernames and passwords", {"credentials"}),
    ("a taxes service exposed phone numbers", {"phone"}),
]


@pytest.mark.parametrize("text,expected", MORE_TYPES)
def test_more_data_types(text, expected):
    assert set(find_data_types(normalize(text))) == expected


def test_kind_words_are_in_the_vocabulary():
    from pipelines.extraction.data_types import KEYWORDS
    assert KEYWORDS and {k for kinds in KEYWORDS.values() for k in kinds} <= set(VOCABULARY)


def test_misspelt_excel_is_xlsx():
    assert find_file_format(normalize("企业名录-excle整理版-自动发货")) == "xlsx"
    # a database's name is no format: "可直接导入mysql" is where the data can go
    assert find_file_format(normalize("身份信息，可直接导入mysql")) is None


def test_a_place_in_a_name_scopes_no_figure(extractor):
    # "北京" names the bank's city: a region of the data, but 19万条 is the whole offer, not Beijing's part;
    # "上海3万条" is Shanghai's part of it
    rec = extractor.extract("北京银行客户19万条。上海3万条")
    assert rec["regions"] == ["CN", "CN-BJ", "CN-SH"]
    assert rec["record_count"] == 190000


def test_places_inside_names_and_windows():
    from pipelines.extraction.regions import RegionHit, in_window, outside_names
    hits = [RegionHit("CN-BJ", 0, 2), RegionHit("CN-SH", 5, 7), RegionHit("CN-GD", 10, 12)]
    # a place inside a name is dropped; one that only touches a name or lies outside stays
    assert outside_names(hits, [(0, 4), (9, 11)]) == [hits[1], hits[2]]
    assert outside_names(hits, [(3, 20)]) == [hits[0]]
    assert outside_names(hits, []) == hits
    starts = [h.start for h in hits]
    assert in_window(hits, starts, 0, 7) == hits[:2]
    assert in_window(hits, starts, 1, 11) == [hits[1]]
    assert in_window(hits, starts, 12, 30) == []
