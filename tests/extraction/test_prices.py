import pytest

from pipelines.extraction.normalize import normalize
from pipelines.extraction.prices import choose_headline, find_prices

# (text, lang, headline (amount, currency) or None)
HEADLINE = [
    ("打包价10万元", "zh", (100000, "CNY")),
    ("打包价10万", "zh", (100000, "CNY")),
    ("售价：５０００元", "zh", (5000, "CNY")),
    ("at a price of RMB 100k", "en", (100000, "CNY")),
    ("priced at RMB8,000", "en", (8000, "CNY")),
    ("2.3M rows, 0.3 BTC (~$9k)", "en", (0.3, "BTC")),
    ("300U", "zh", (300, "USDT")),
    ("价格 2000u", "zh", (2000, "USDT")),
    ("Asking $1.2M for everything", "en", (1200000, "USD")),
    ("1亿元", "zh", (100000000, "CNY")),
    ("1,200 EUR", "en", (1200, "EUR")),
    ("£750", "en", (750, "GBP")),
    ("港币 20000", "zh", (20000, "HKD")),
    ("500刀", "zh", (500, "USD")),
    ("0.5 XMR", "en", (0.5, "XMR")),
    ("2 ETH", "en", (2, "ETH")),
    ("五千元", "zh", (5000, "CNY")),
    ("打包三千出", "zh", (3000, "CNY")),    # spelled-out amount after a strong price word
    ("10万条 打包价五万", "zh", (50000, "CNY")),
    ("一口价两万五", "zh", (25000, "CNY")),
    ("软件会员 20￥", "zh", (20, "CNY")),      # the yuan sign after the amount
    ("数据 35 ¥", "zh", (35, "CNY")),
    ("база 45000 руб", "ru", (45000, "RUB")),
    ("R$ 2.000 pelo pacote", "pt", (2000, "BRL")),
    ("Rp 5.000.000 semua", "id", (5000000, "IDR")),
    ("RM 300 for all", "en", (300, "MYR")),
    ("价格：八千", "zh", (8000, "CNY")),        # spelled out with a magnitude after a price word
    ("股民数据 价格0.05", "zh", (0.05, "BTC")),   # no one asks five fen for a data set
    ("价格一", "zh", None),               # a numeral without a magnitude after a weak cue: no price
    ("打包三份", "zh", None),             # no magnitude: a quantity, not a price
    ("每条0.1元", "zh", None),            # per record only: no headline
    ("0.1元/条", "zh", None),
    ("5毛一条", "zh", None),
    ("100元/千条", "zh", None),
    ("500-800元", "zh", None),            # a range goes to offers
    ("$20 per fullz", "en", None),
    ("300U一天", "zh", None),             # subscription
    ("$200/month", "en", None),
    ("额度5万元", "zh", None),            # loan size, a data field
    ("Price: 500", "en", None),           # no currency and not Chinese: not guessed
    ("价格面议", "zh", None),
    ("users 91 million", "en", None),
    # coins named with a counter: "N个比特币" is BTC, not yuan
    ("酒店数据只要0.01个比特币", "zh", (0.01, "BTC")),
    ("打包2个比特币", "zh", (2, "BTC")),
    ("12万条 2.5个币", "zh", (2.5, "BTC")),
    ("10套仅售0.0001比特币", "zh", (0.0001, "BTC")),
    ("售价0.5btc", "zh", (0.5, "BTC")),
    ("(0.1BTC)某视频网站4500万+明文密码", "zh", (0.1, "BTC")),
    # a comma after a thousands-separated amount ends the amount
    ("$25,000, each buyer vetted", "en", (25000, "USD")),
    ("Price: $1,250, negotiable", "en", (1250, "USD")),
    ("售价12,000元，可小刀", "zh", (12000, "CNY")),
    # the package price beats a per-record price
    ("0.2元一条，全部打包3000元", "zh", (3000, "CNY")),
    ("每条0.1元 打包价5万", "zh", (50000, "CNY")),
    # amounts written the continental way (read by price-parser)
    ("1.200,50 €", "de", (1200.5, "EUR")),
    ("€1.500 für alles", "de", (1500, "EUR")),
    ("Preis: 2.500 EUR", "de", (2500, "EUR")),
    ("3.000.000 RUB", "ru", (3000000, "RUB")),
    ("2,50€", "fr", (2.5, "EUR")),
    ("1,5 BTC", "en", (1.5, "BTC")),
    ("0.025 BTC", "en", (0.025, "BTC")),
    ("$1,234.56", "en", (1234.56, "USD")),
    # a bare number after 打包 that counts records is not a price
    ("低价打包800个精准客户", "zh", None),
    ("打包 1000W左右", "zh", None),
    ("低价90w老数据", "zh", None),            # 低价 praises the price, it labels no figure
    ("特价500元", "zh", (500, "CNY")),
]


@pytest.mark.parametrize("text,lang,expected", HEADLINE)
def test_headline(text, lang, expected):
    head = choose_headline(find_prices(normalize(text), lang))
    if expected is None:
        assert head is None
    else:
        assert head is not None
        assert float(head.amount) == pytest.approx(expected[0])
        assert head.currency == expected[1]


UNITS = [
    ("每条0.1元", "record", 0.1, None),
    ("0.1元/条", "record", 0.1, None),
    ("5毛一条", "record", 0.5, None),
    ("100元/千条", "thousand", 100, None),
    ("每千条50元", "thousand", 50, None),
    ("$250 per 10k", "ten_thousand", 250, None),
    ("每省8000元", "region", 8000, None),
    ("$500 per country", "region", 500, None),
    ("500-800元", "offer", 500, 800),
    ("$500-$800", "offer", 500, 800),
]


@pytest.mark.parametrize("text,unit,amount,amount_max", UNITS)
def test_offer_units(text, unit, amount, amount_max):
    cands = [c for c in find_prices(normalize(text), "zh" if not text.isascii() else "en") if not c.equivalent]
    assert len(cands) == 1
    c = cands[0]
    assert c.unit == unit
    assert float(c.amount) == pytest.approx(amount)
    assert (None if c.amount_max is None else float(c.amount_max)) == amount_max


def test_extractor_offers_carry_regions_and_counts(extractor):
    rec = extractor.extract("按省份出售：江苏省51289条 3000元；浙江省40000条 2500元")
    assert rec["price"] is None
    assert rec["record_count"] is None      # parts only: not summed
    offers = {o["amount"]: o for o in rec["offers"]}
    assert offers[3000]["regions"] == ["CN-JS"] and offers[3000]["record_count"] == 51289
    assert offers[2500]["regions"] == ["CN-ZJ"] and offers[2500]["record_count"] == 40000


def test_terse_title_trailing_price(extractor):
    rec = extractor.extract("出售 海南 三亚 酒店 住宿 数据 旅客 姓名 身份证 手机 5万条 1500")
    assert rec["price"]["amount"] == 1500 and rec["price"]["currency"] == "CNY"
    assert rec["record_count"] == 50000


def test_trailing_number_alone_is_the_count(extractor):
    rec = extractor.extract("泰国全量数据 2.1W")
    assert rec["record_count"] == 21000
    assert rec["price"] is None


# Terse titles on a market that prices in bitcoin leave the coin out; an amount of two or more
# decimals below 1 is no price in yuan or dollars.
TRAILING_COIN = [
    ("当天快递信息380条-0.0003", (0.0003, "BTC")),
    ("股民数据20w份=0.008！", (0.008, "BTC")),
    ("4万多条母婴数据0.002", (0.002, "BTC")),
    ("股民数据 2万条 0.05", (0.05, "BTC")),
    ("车主数据5万条 1500", (1500, "CNY")),
]


@pytest.mark.parametrize("text,expected", TRAILING_COIN)
def test_trailing_coin_amount(extractor, text, expected):
    price = extractor.extract(text)["price"]
    assert price["currency"] == expected[1]
    assert price["amount"] == pytest.approx(expected[0])
