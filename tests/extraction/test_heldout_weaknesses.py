"""Weaknesses found with the held-out corpus, one table per rule (general rules, not corpus lines)."""
import os

import pytest

from pipelines.extraction.html_text import visible_text

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# A service named as one item of a list of data fields is a kind of data, not the source.
FIELD_ITEMS = [
    ("某分期平台学生用户 字段包括 姓名、身份证、手机、学信网账号密码、微信号", []),
    ("学生贷 数据 内容：姓名、身份证、学校、学信网账号密码、父母电话", []),
    ("趣店学生数据 姓名,身份证号,住址,手机号,借款额度,学信网账号,学信网密码", ["Qudian"]),  # CSV header
    ("Student records: names, student IDs, emails and Coursera login credentials, 40k rows", []),
    ("We have 2 million Paytm wallet users with KYC (Aadhaar, PAN, selfie)", ["Paytm"]),
    ("出售 快手 主播 数据 手机号 微信号 粉丝数 3万条", ["Kuaishou"]),                      # 微信号 as a field
    ("出 学信网 账号 2000个 带学籍信息", ["CHSI"]),                                      # the service IS the source
    ("[WTS] Netflix premium accounts 5k lines email:pass", ["Netflix"]),
]

# Negations and comparisons: the brand is named, but not as the source.
PASSING = [
    ("NOT a Binance leak — a scraped list of crypto traders, 45k phone numbers", []),
    ("Swiggy users 18 million — bigger than the Zomato leak last year", ["Swiggy"]),
    ("出售宜人贷借款人数据 3万条 比趣店的全", ["Yirendai"]),
    ("出 支付宝实名认证的 闲鱼卖家 数据 2万", ["Xianyu"]),
    ("Facebook users Egypt 1.2M phone numbers, cheaper than the LinkedIn lists", ["Facebook"]),
]

# English cue words at a word boundary only ("million " does not end in the cue "on").
WORD_BOUNDARY = [
    ("Half a million Spotify logins, price 0.02 BTC", ["Spotify"]),
    ("Alipay 支付宝 实名 账户 可登录 200个", ["Alipay"]),
]

# Sources named further from the cue: an organisation noun after "from", "customers of X", buyers, places.
SOURCE_CUES = [
    ("customer records allegedly taken from courier firm ZTO Express were advertised", ["ZTO Express"]),
    ("data on some 300,000 customers of Bank of Ningbo for 2 bitcoin", ["Bank of Ningbo"]),
    ("Hi all, I obtained the customer DB of Canva, 137 million users", ["Canva"]),
    ("Got 300k Shopee Malaysia buyers: names, phones", ["Shopee"]),
    ("出 US 美国 Amazon 买家 email+phone 300k", ["Amazon"]),
    ("京东 北京 上海 天津 重庆 广州 深圳 杭州 成都 武汉 南京 用户 数据 60万", ["JD.com"]),  # places between
]

# Ordinary-word (weak) aliases: a cue word may follow after one short word.
WEAK_ALIASES = [
    ("WTS: Discord nitro accounts 350 pcs", ["Discord"]),
    ("马来西亚 Grab 司机 driver data 1.3万", ["Grab"]),
    ("移动硬盘 电信诈骗 discord server", []),
]


@pytest.mark.parametrize("text,expected", FIELD_ITEMS + PASSING + WORD_BOUNDARY + SOURCE_CUES + WEAK_ALIASES)
def test_brands(extractor, text, expected):
    assert extractor.extract(text)["brands"] == expected


def test_demo_qudian_page_names_only_qudian_and_no_call_records(extractor):
    path = os.path.join(ROOT, "leakscout", "demo_market", "pages", "zh", "thread-48213-1-1.html")
    rec = extractor.extract(visible_text(open(path, encoding="utf-8").read()))
    assert rec["brands"] == ["Qudian"]
    assert "communication" not in rec["data_types"]
    assert set(rec["data_types"]) >= {"name", "address", "phone", "contacts", "loan", "credentials", "education"}


# communication = call records and SMS, never a phone number or the seller's channel.
COMMUNICATION = [
    ("姓名 手机号 地址 联系方式：站内短信，或TG", False),
    ("phones, emails. contact: telegram or sms", False),
    ("机主 手机号 身份证 套餐及通话详单", True),
    ("越南 网贷 用户 通讯录 附带通话记录", True),
    ("name, phone, mobile number, msisdn", False),
]


@pytest.mark.parametrize("text,expected", COMMUNICATION)
def test_communication_kind(extractor, text, expected):
    assert ("communication" in extractor.extract(text)["data_types"]) is expected


# Update rates, minimum orders, digit positions are not the size of the offer.
COUNTS = [
    ("出 顺丰快递面单数据 每天更新5万条 收件人姓名 电话 地址 价格私聊", None),
    ("快递面单 混合 每天 50万 单 实时 包月3万", None),
    ("快遞單號 每日實時更新 日出 3萬單 包月 6000 元", None),
    ("美团外卖订单数据 上海 每天更新 5万条 1500元", 50000),          # terse title: freshness, then the size
    ("每千条 50 元 起批 10 万条 某电商 收货数据", None),
    ("招行信用卡 客户 近10万 姓名 电话 卡号后四位 额度", 100000),
    ("网贷逾期用户 三万 通讯录齐全", 30000),
    ("淘宝 店铺 商家 手机号 数据 八万 没有身份证", 80000),
    ("各省 高考志愿填报 数据 单价 2000-5000元/省 总数 约 1000 万", 10_000_000),
    ("[Selling] CPF database, two hundred thousand citizens", 200_000),
    ("WTS: Discord nitro accounts 350 pcs, 4$ each", 350),
]


@pytest.mark.parametrize("text,expected", COUNTS)
def test_record_count(extractor, text, expected):
    assert extractor.extract(text)["record_count"] == expected


# Subscriptions, per-query fees, trial prices, "each for": not the price of the offer.
PRICES = [
    ("快遞單號 每日更新 包月 6000 元", None),
    ("社工库 查询 机器人 每次 2U", None),
    ("Uber Eats driver accounts, 1,200 verified, selling each for $15", None),
    ("出 12306 账号 10万组 0.1元每组", None),
    ("price per 10k rows: $45 | total available: 3,400,000 rows", None),
    ("微众银行 借款用户 测试价 1千条 100元 全量 50万条 1.5万元", (15000, "CNY")),
    ("advertised on a channel for 30,000 yuan, police said", (30000, "CNY")),
    ("priced the ride history at 60,000 US dollars", (60000, "USD")),
]


@pytest.mark.parametrize("text,expected", PRICES)
def test_price(extractor, text, expected):
    price = extractor.extract(text)["price"]
    assert (None if price is None else (price["amount"], price["currency"])) == expected


def test_a_currency_is_not_a_place(extractor):
    assert extractor.extract("priced at 60,000 US dollars, US customers")["regions"] == ["US"]
    assert extractor.extract("priced at 60,000 US dollars")["regions"] == []
