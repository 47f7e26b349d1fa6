"""How sellers write counts, prices and data kinds in terse Chinese titles (rows written for these tests)."""
import pytest

from pipelines.extraction.data_types import KEYWORDS

COUNTS = [
    # an order of magnitude or a vague count names the size
    ("十万级车主数据", 100000),
    ("千万级股民资料 打包", 10000000),
    ("几千条宝妈信息", 1000),
    ("数万条考生资料", 10000),
    ("几十万网贷用户数据", 100000),
    ("存款千万级客户 3万条", 30000),                  # the band of a balance, not the size
    ("资产百万级客户名单", None),
    # a plain number right after what it counts, ending the title
    ("某市企业法人名录8000", 8000),
    ("医院患者资料 4500", 4500),
    ("学员名单600 赠送讲师通讯录", 600),
    ("车主数据2019", None),                             # a year
    ("3000网贷数据", 3000),                             # a round figure before the data word is a size
    ("2017网贷数据", None),                             # a year
    ("快递数据8亿条 50万数据验货", 800000000),          # the sample to check is not the offer
    # mixed places
    ("网贷客户3w5000条", 35000),
    ("网贷客户3w5条", 35000),
    # several data sets joined by 和, 及, 、
    ("1200w淘宝数据和800w京东数据", 20000000),
    ("30万用户、20万订单", 500000),
    # rates, copies and databases are not the size
    ("每天日更新6万条网贷数据", None),
    ("每省数万条", None),
    ("全网最低 500W手机号", 5000000),                   # praise of the price, not a minimum order
    ("起批最低5万条", None),
    ("某集团通讯录 三份", None),
    ("只出5份 先到先得", None),
    ("简历数据 2000份", 2000),
    ("社工库12个打包", None),
    ("出300个微博账号", 300),
]


@pytest.mark.parametrize("text,expected", COUNTS)
def test_seller_counts(extractor, text, expected):
    assert extractor.extract(text)["record_count"] == expected


PRICES = [
    ("原价2000元 现价800元 快递数据", (800, "CNY")),
    ("原价：5000 仅售0.01btc 开房数据", (0.01, "BTC")),
    ("市场价3000元，本店1200元，股民资料", (1200, "CNY")),
    # BTC written as B; a bare amount after 仅需 / 只要
    ("[0.003B]某市车主名单", (0.003, "BTC")),
    ("开房数据 只要0.05b", (0.05, "BTC")),
    ("仅需800 网贷客户资料", (800, "CNY")),
    ("学生资料 只要1500", (1500, "CNY")),
]


NOT_PRICES = ["某库 全库20G", "仅需3000条", "0.5B users leaked"]


@pytest.mark.parametrize("text", NOT_PRICES)
def test_not_a_price(extractor, text):
    assert extractor.extract(text)["price"] is None


@pytest.mark.parametrize("text,expected", PRICES)
def test_list_price_is_not_asked(extractor, text, expected):
    price = extractor.extract(text)["price"]
    assert (price["amount"], price["currency"]) == expected


KINDS = [
    ("淘宝买家信息5万", ["orders"]),
    ("某平台员工资料", ["employment"]),                  # 工资 inside 员工资料 is no salary
    ("某机关单位工作人员名单", ["employment"]),
    ("高净值富豪客户", ["financial"]),
    ("券商开户资料", ["financial"]),
    ("高炮小贷用户", ["loan"]),
    ("信贷网站会员", ["loan"]),
    ("银行卡数据", ["payment_card"]),                # 银行卡 is the card, not a bank account (kind_examples.py)
    ("女大学生资料", ["gender", "education"]),
    ("女会员数据", ["gender"]),
    ("全省户籍数据", ["national_id"]),
    ("某房产中介会员信息", []),                         # an agency, not property assets
    ("房产信息 业主", ["financial"]),
    ("微信小游戏源码", []),
    ("总裁班 MBA 通讯录", ["education", "contacts"]),
    ("4S店客户", ["vehicle"]),
    ("签证中心申请人", ["travel"]),
    ("网络摄像头 ip地址", ["device", "ip_address"]),
    ("药房会员", ["health"]),
    ("高端人脉资源", ["contacts"]),
]


@pytest.mark.parametrize("text,expected", KINDS)
def test_seller_kind_words(extractor, text, expected):
    assert sorted(extractor.extract(text)["data_types"]) == sorted(expected)


def test_a_word_naming_no_kind_is_loaded_empty():
    assert KEYWORDS["房产中介"] == ()
    assert "-" not in {k for kinds in KEYWORDS.values() for k in kinds}
