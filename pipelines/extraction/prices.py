"""Asking prices: headline (whole offer) and the other offers (per record, per thousand, per region, ranges).

Choices (documented in the package README section of __init__):
- currency is only set from what the text says; a bare number after a price cue (价/售价/打包价)
  in Chinese text is read as CNY, in any other language currency stays null.
- the headline is a whole-offer price; if the listing only gives per-record / per-region prices
  or a range, the headline is null (we do not multiply a per-record price by a count).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from .context import sentence_start, window_after, window_before
from price_parser import Price

from .quantities import CJK_NUMERALS, MULT, NUM, NumberScan, apply_multiplier, parse_number, to_plain

_PREFIX = {
    "us$": "USD", "usd": "USD", "rmb": "CNY", "cny": "CNY", "¥": "CNY", "$": "USD", "€": "EUR", "eur": "EUR",
    "£": "GBP", "gbp": "GBP", "hk$": "HKD", "hkd": "HKD", "btc": "BTC", "usdt": "USDT", "xmr": "XMR", "eth": "ETH",
    "₿": "BTC", "₽": "RUB", "₹": "INR", "฿": "THB", "a$": "AUD", "c$": "CAD", "s$": "SGD", "nt$": "TWD",
    "人民币": "CNY", "港币": "HKD", "港元": "HKD", "美元": "USD", "美金": "USD", "欧元": "EUR", "台币": "TWD",
    "新台币": "TWD", "泰铢": "THB", "日元": "JPY", "rs": "INR", "rs.": "INR", "inr": "INR",
    "r$": "BRL", "brl": "BRL", "rp": "IDR", "rp.": "IDR", "idr": "IDR", "rm": "MYR",
}
_SUFFIX = {
    "元": "CNY", "块钱": "CNY", "块": "CNY", "人民币": "CNY", "rmb": "CNY", "cny": "CNY", "元人民币": "CNY",
    "毛": "CNY", "角": "CNY", "usd": "USD", "dollars": "USD", "dollar": "USD", "bucks": "USD", "美元": "USD",
    "美金": "USD", "刀": "USD", "$": "USD", "eur": "EUR", "euro": "EUR", "euros": "EUR", "欧元": "EUR", "€": "EUR",
    "gbp": "GBP", "英镑": "GBP", "£": "GBP", "btc": "BTC", "比特币": "BTC", "bitcoin": "BTC", "bitcoins": "BTC",
    "xmr": "XMR", "门罗币": "XMR", "门罗": "XMR", "monero": "XMR", "eth": "ETH", "以太坊": "ETH", "以太币": "ETH",
    "ether": "ETH", "usdt": "USDT", "tether": "USDT", "u": "USDT", "泰铢": "THB", "thb": "THB", "baht": "THB",
    "日元": "JPY", "jpy": "JPY", "yen": "JPY", "港币": "HKD", "港元": "HKD", "hkd": "HKD", "台币": "TWD",
    "新台币": "TWD", "twd": "TWD", "卢布": "RUB", "rub": "RUB", "rubles": "RUB", "ltc": "LTC", "trx": "TRX",
    "usdc": "USDC", "inr": "INR", "rupees": "INR", "韩元": "KRW", "krw": "KRW",
    "个比特币": "BTC", "枚比特币": "BTC", "个btc": "BTC", "个币": "BTC", "个门罗币": "XMR", "个以太坊": "ETH", "个以太币": "ETH",
    "个eth": "ETH", "个xmr": "XMR",
    "yuan": "CNY", "us dollars": "USD", "us dollar": "USD", "马币": "MYR", "myr": "MYR", "ringgit": "MYR",
    "¥": "CNY", "₽": "RUB", "руб": "RUB", "рублей": "RUB", "руб.": "RUB", "brl": "BRL", "reais": "BRL", "idr": "IDR",
    "rupiah": "IDR", "₹": "INR",
}
_SUB_UNIT = {"毛": Decimal("0.1"), "角": Decimal("0.1")}  # 5毛 = 0.5 yuan


def _alt(keys) -> str:
    return "|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True))


_CUES = r"打包价|打包|一口价|总价|售价|仅售|只售|仅需|只需|只要|价格|报价|价钱|出价|价|卖|price|asking|cost|only"
_STRONG_CUES = frozenset({"打包价", "打包", "一口价", "总价", "售价", "报价", "仅售", "只售"})
# Amounts written the continental way: dot thousands, comma decimals ("1.200,50 €", "€1.500", "2,50€").
# price-parser reads these; the project's own number reading is for everything else.
_EURO_AMOUNT = (r"(?<![\d.])(?<!\d,)(?:\d{1,3}(?:\.\d{3}){1,5}(?:,\d{1,8})?(?![\d.]|,\d)"
                r"|\d{1,12},\d{1,2}(?![\d.,]))")
_EURO_RE = re.compile(_EURO_AMOUNT)
# coins are quoted with a decimal point and up to 8 places ("0.025 BTC", "1.200 ETH")
_COINS = frozenset({"BTC", "ETH", "XMR", "LTC", "TRX"})
# A bare amount below 1 with two or more decimals is a coin amount: nobody asks 0.05 or 0.006 yuan for a data set.
_COIN_FRACTION = re.compile(r"0\.\d{2,8}")
PRICE_RE = re.compile(
    rf"(?:(?P<cue>{_CUES})\s{{0,2}}[:：为是]?\s{{0,2}})?"
    rf"(?:(?<![a-z])(?P<pc>{_alt(_PREFIX)})\s{{0,2}})?"
    rf"(?P<num>{_EURO_AMOUNT}|{NUM})(?P<mult>{MULT})?"
    rf"(?:\s{{0,2}}(?P<sc>{_alt(_SUFFIX)})(?![a-z]))?"
)
_RANGE_BEFORE = re.compile(rf"(?P<num>{NUM})(?P<mult>{MULT})?\s?(?:{_alt(_SUFFIX)})?\s?(?:-|~|到|至|—|–|to)\s?(?:{_alt(_PREFIX)})?\s?$")
_NOT_PRICE_BEFORE = re.compile(
    r"(?:(?:额度|收入|余额|工资|月薪|年薪|借款|贷款|资产|存款|消费|欠款|逾期|押金|保证金|定金|充值|罚款|罚金|营收|市值|涉案|获利|"
    r"违法所得|赔偿|金额|以上|以下|超过)[:：为是了约达]{0,2}"
    r"|(?:balance|income|salary|loan|limit|deposit|spent|revenue|fine[sd]?|profit|damages|bail|value)[\s:]{0,3}(?:of\s)?)$"
)
_TOTAL_CUE = re.compile(r"(?:打包|全部|总价|一口价|全套|整体|整套|一起|全量|全库|整库|all|whole|package|bundle|full|entire|total|everything)")
_EQUIV_BEFORE = re.compile(
    r"^\s{0,2}(?:[(\[/]\s{0,2}(?:~|≈|约|约合|合|折合|approx\.?|about|around|=)?|~|≈|约合|折合|approx\.?|=|or)\s{0,2}$"
)

_PER_PERIOD = re.compile(r"^\s{0,2}(?:/\s?(?:天|日|月|周|年|次|day|month|week|year|query|lookup|mo)(?![a-z])|一天|每天|一个月|每月|一周|一次|每次|包月|包年|"
                         r"per (?:day|month|week|year|query|lookup|search)|a (?:day|month|week|year)|monthly|weekly|daily)")
_PER_PERIOD_BEFORE = re.compile(r"(?:包月|包年|月费|年费|月租|按月|按天|按次|每次|每查|单次|per query|per lookup|per search|per month|"
                                r"monthly|subscription)\s{0,2}[:：]?\s{0,2}$")
_PER_RECORD_BEFORE = re.compile(r"(?:每条|每个|每份|每张|每单|每套|每组|每本|每号|一条|单条|每行|每人|per record|per row|per line|per account|per entry|per user|per lead|each(?: for)?|for each|apiece for)\s{0,2}[:：]?\s{0,2}$")
# "per 10k rows: $45": the unit may name what is counted
_PER_K_BEFORE = re.compile(r"(?:每千条|每1000条|每一千条|每1k|(?:per 1k|per 1000|per thousand|per k)(?:\s[a-z]{2,12})?)\s{0,2}[:：)]?\s{0,2}$")
_PER_10K_BEFORE = re.compile(r"(?:每万条|每1万条|每一万条|每1w|每w|(?:per 10k|per 10,000|per 10000)(?:\s[a-z]{2,12})?)\s{0,2}[:：)]?\s{0,2}$")
# a trial or sample price is not the price of the offer ("测试价 1千条 100元 全量 50万条 1.5万元")
_SAMPLE_BEFORE = re.compile(r"(?:测试|样本|试用|体验|sample|test|trial)(?:价|price)?[^。；;!！?？\n]{0,10}$")
_PER_REGION_BEFORE = re.compile(r"(?:每省|每个省|单省|各省|每个省份|每市|每个城市|单个省|per province|each province|per region|per state|per city)[^\d]{0,4}$")
_PER_RECORD_AFTER = re.compile(r"^\s{0,2}(?:/\s?(?:条|个|人|行|份|张|单|套|号|组|[a-z]{2,12})|一条|每条|1条|一个|每个|一份|每份|一张|每张|一单|每组|一组|每套|一套|每行|每人|每单|apiece|"
                               r"per (?!1k|1000|thousand|10k|k\b)[a-z]{2,12}|each|a (?:record|row|line|piece|pc|card|account))")
_PER_K_AFTER = re.compile(r"^\s{0,2}(?:/\s?(?:千条|1000条|1000|1k|k|thousand)|每千条|一千条|per (?:1k|1000|thousand|k))")
_PER_10K_AFTER = re.compile(r"^\s{0,2}(?:/\s?(?:万条|1万条|1万|万|w|1w|10k)|每万条|一万条|per 10k)")
_PER_REGION_AFTER = re.compile(r"^\s{0,2}(?:/\s?(?:省|市)|每省|一个省|per (?:province|region|state|city)|each province)")
_FROM_AFTER = re.compile(r"^\s{0,2}(?:起|以上|up|\+)")

_PRICE_WORD = frozenset({"价", "价格", "价钱"})
_NOT_A_PRICE_LABEL = re.compile(r"(?:低|特|超低|底|高|半|好|议|原|白菜|跳楼|亏本)$")
# after a bare number, what makes it a count: a counter or a data noun ("打包800个精准客户")
_COUNT_AFTER = re.compile(r"\s{0,2}(?:多|余|\+)?\s{0,2}(?:条|个|份|组|张|人|户|名|位|套|件|行|笔|单|数据|用户|会员|客户|资料)")
_ABOUT_AFTER = re.compile(r"\s{0,2}左右")
_UNIT_RECORDS = {"record": 1, "thousand": 1000, "ten_thousand": 10000}


@dataclass
class PriceCandidate:
    amount: Decimal
    currency: str | None
    start: int
    end: int
    unit: str = "offer"          # offer | record | thousand | ten_thousand | region
    amount_max: Decimal | None = None
    total_cue: bool = False
    from_price: bool = False     # "500元起": a lower bound
    equivalent: bool = False     # "(~$9k)" after another price
    regions: list[str] = field(default_factory=list)
    record_count: int | None = None


# Found near its numbers (see quantities.NumberScan): a price match starts at most 24 chars before its
# number (a cue word, a colon, a currency prefix), that part ending in the last character of one of
# them; without it, a currency word must follow the number.
SCAN = NumberScan(PRICE_RE, back=24, lead={a[-1] for a in _CUES.split("|") + list(_PREFIX) + [":", "：", "为", "是"]},
                  follow=rf"(?:{MULT})?\s{{0,2}}(?:{_alt(_SUFFIX)})(?![a-z])",
                  # a price starts with its cue word, its currency prefix or its number
                  first="".join(sorted({re.escape(a[0]) for a in _CUES.split("|") + list(_PREFIX)})) + r"\d." + CJK_NUMERALS)


def find_prices(norm: str, lang: str | None, tokens: list | None = None) -> list[PriceCandidate]:
    """`tokens`: quantities.number_tokens(norm, L) for any L containing SCAN.lead (computed here if None)."""
    out: list[PriceCandidate] = []
    for m in SCAN.finditer(norm, tokens):
        pc, sc, cue = m.group("pc"), m.group("sc"), m.group("cue")
        if not (pc or sc or cue):
            continue
        num_s = m.group("num")
        # "打包三千出", "价格：八千": Chinese numerals with a magnitude, right after a price word
        spelled_price = (cue in _STRONG_CUES or cue in _PRICE_WORD) and any(c in "百千万亿" for c in num_s)
        if cue in _PRICE_WORD and _NOT_A_PRICE_LABEL.search(norm, max(0, m.start() - 2), m.start()):
            cue = None  # "低价90w…", "特价": the word praises the price, it does not label the figure
        if not (pc or sc or cue):
            continue
        if cue and not (pc or sc):
            # bare number after a price word: a price only in Chinese text ("打包价10万")
            if lang != "zh" or not (num_s[0].isdigit() or spelled_price) or cue in ("only", "cost", "卖"):
                continue
            if _COUNT_AFTER.match(norm, m.end()) or (cue == "打包" and _ABOUT_AFTER.match(norm, m.end())):
                continue  # "打包800个", "打包 1000W左右": the size of the package
        if sc == "u" and (pc or not num_s[0].isdigit()):
            continue
        currency = _PREFIX.get(pc) if pc else _SUFFIX.get(sc) if sc else ("CNY" if lang == "zh" else None)
        if pc and sc and _SUFFIX.get(sc) and _SUFFIX[sc] != _PREFIX.get(pc):
            currency = _PREFIX.get(pc)
        value = _read_amount(num_s, currency)
        if value is None or (not num_s[0].isdigit() and not sc and not spelled_price):
            continue
        mult = (m.group("mult") or "").strip() or None
        if mult in ("b",) and not (pc or sc):
            continue
        amount = apply_multiplier(value, mult)
        if sc in _SUB_UNIT:
            amount = amount * _SUB_UNIT[sc]
        if currency == "CNY" and pc == "¥" and lang == "ja":
            currency = "JPY"
        if not (pc or sc) and _COIN_FRACTION.fullmatch(num_s) and not mult:
            currency = "BTC"  # "价格0.05": no one asks five fen for a data set; the market prices in BTC
        start = m.start("pc") if pc else m.start("num")
        before = window_before(norm, start, 30)
        if _NOT_PRICE_BEFORE.search(before[-14:]) or re.match(r"^\s?(?:以上|以下|起存)", norm[m.end():m.end() + 4]):
            continue
        # a year, a phone number or an id glued to a currency word is not a price
        if len(num_s.replace(",", "").split(".")[0]) > 12:
            continue
        cand = PriceCandidate(amount, currency, start, m.end())
        after = window_after(norm, m.end(), 20)
        if _LIST_PRICE_BEFORE.search(before[-12:]):
            cand.unit = "list"  # "原价3600元，仅售0.005比特币": the price before the discount is not asked
        elif _PER_PERIOD.match(after) or _PER_PERIOD_BEFORE.search(before):
            cand.unit = "period"  # subscriptions and per-lookup fees: not a price for the data set
        elif _SAMPLE_BEFORE.search(before):
            cand.unit = "sample"
        elif _PER_K_BEFORE.search(before) or _PER_K_AFTER.match(after):
            cand.unit = "thousand"
        elif _PER_10K_BEFORE.search(before) or _PER_10K_AFTER.match(after):
            cand.unit = "ten_thousand"
        elif _PER_RECORD_BEFORE.search(before) or _PER_RECORD_AFTER.match(after):
            cand.unit = "record"
        elif _PER_REGION_BEFORE.search(before) or _PER_REGION_AFTER.match(after):
            cand.unit = "region"
        cand.total_cue = bool(cue and _TOTAL_CUE.search(cue)) or bool(_TOTAL_CUE.search(before[-10:]))
        cand.from_price = bool(_FROM_AFTER.match(after))
        rng = _RANGE_BEFORE.search(norm[max(0, start - 30):start])
        if rng:
            low = parse_number(rng.group("num"))
            if low is not None:
                low_mult = (rng.group("mult") or "").strip() or mult
                low = apply_multiplier(low, low_mult)
                if low < amount:
                    cand.amount_max, cand.amount = amount, low
                    cand.start = start - (len(norm[max(0, start - 30):start]) - rng.start())
                    out = [c for c in out if c.end <= cand.start]
        if out and not out[-1].equivalent:
            gap = norm[out[-1].end:cand.start]
            if out[-1].currency != cand.currency and _EQUIV_BEFORE.match(gap):
                cand.equivalent = True
        out.append(cand)
    if lang == "zh" and "0." in norm:
        out = _coin_b(norm, out)
    return out


# "[0.001B]", "只要0.05b": Chinese markets write BTC as B; a fraction of one B is no billion
_COIN_B = re.compile(r"(?<![\d.])(?P<num>0\.\d{1,8})\s?b(?![a-z0-9])")


def _coin_b(norm: str, out: list[PriceCandidate]) -> list[PriceCandidate]:
    for m in _COIN_B.finditer(norm):
        if any(c.start < m.end() and m.start() < c.end for c in out):
            continue
        amount = parse_number(m.group("num"))
        if amount:
            out.append(PriceCandidate(amount, "BTC", m.start(), m.end()))
    out.sort(key=lambda c: c.start)
    return out


def _read_amount(num_s: str, currency: str | None) -> Decimal | None:
    if _EURO_RE.fullmatch(num_s):
        if currency not in _COINS:
            amount = Price.fromstring(num_s).amount
            return None if amount is None else Decimal(amount)
        if "." not in num_s:
            return parse_number(num_s.replace(",", "."))  # "1,5 BTC"
    return parse_number(num_s)


def is_headline_candidate(c: PriceCandidate) -> bool:
    return c.unit == "offer" and not c.regions and c.amount_max is None and not c.equivalent and not c.from_price


_LIST_PRICE_BEFORE = re.compile(r"(?:原价|原售价|市场价|市面价|官方价|定价|list price|retail price|originally|regular price)"
                                r"\s{0,2}[:：]?\s{0,2}(?:[$¥￥]|rmb|usd)?\s{0,2}$")


def choose_headline(cands: list[PriceCandidate]) -> PriceCandidate | None:
    whole = [c for c in cands if is_headline_candidate(c)]
    if not whole:
        return None
    cued = [c for c in whole if c.total_cue]
    return (cued or whole)[0]


def offer_dict(c: PriceCandidate, to_usd) -> dict:
    d = {
        "amount": to_plain(c.amount),
        "currency": c.currency,
        "amount_usd": to_usd(c.amount, c.currency),
        "unit": c.unit,
        "regions": list(c.regions),
        "record_count": c.record_count,
    }
    if c.unit in _UNIT_RECORDS:
        d["records_per_unit"] = _UNIT_RECORDS[c.unit]
    if c.amount_max is not None:
        d["amount_max"] = to_plain(c.amount_max)
        d["amount_max_usd"] = to_usd(c.amount_max, c.currency)
    if c.from_price:
        d["qualifier"] = "from"
    return d


__all__ = ["PriceCandidate", "find_prices", "choose_headline", "offer_dict", "sentence_start"]


# Chinese-language markets that price in BTC leave the currency out ("…290条-0.0002", "…10w份=0.006！").
_TRAILING_COIN = re.compile(r"(?<![\d.])(?P<num>0\.\d{2,8})\s{0,2}[。.!！]*\s*$")
_TRAILING = re.compile(r"(?:^|\s)(?P<num>\d{1,7}(?:\.\d{1,2})?)(?P<mult>万|w|k|千)?\s{0,2}[。.!！]?\s*$")


def trailing_bare_price(norm: str) -> PriceCandidate | None:
    """Terse Chinese titles end with the price and no currency: "…姓名 电话 5万条 1500".

    Only called when the listing has no other whole-offer price and already states its size
    elsewhere, so the trailing figure cannot be the record count.
    """
    offset = max(0, len(norm) - 40)
    coin = _TRAILING_COIN.search(norm, offset)
    if coin:
        return PriceCandidate(Decimal(coin.group("num")), "BTC", coin.start("num"), coin.end("num"))
    m = _TRAILING.search(norm[-40:])
    if not m:
        return None
    num, mult = m.group("num"), m.group("mult")
    if not mult and (len(num) < 2 or re.fullmatch(r"(?:19|20)\d\d", num)):
        return None  # a year, or a lone digit
    value = parse_number(num)
    if value is None:
        return None
    offset = len(norm) - len(norm[-40:])
    return PriceCandidate(apply_multiplier(value, mult), "CNY", offset + m.start("num"), offset + m.end("num") + len(mult or ""))
