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

from price_parser import Price

from .context import sentence_start, window_after, window_before
from .data_files import tsv_rows
from .quantities import CJK_NUMERALS, MULT, MULTIPLIERS, NUM, NumberScan, first_of, parse_number, to_plain
from .terms import alternation


def _load_currencies() -> tuple[dict[str, str], dict[str, str]]:
    """word -> currency code, written before the amount (prefix) and after it (suffix): data/currencies.tsv."""
    places: dict[str, dict[str, str]] = {"prefix": {}, "suffix": {}}
    for code, place, words in tsv_rows("currencies.tsv"):
        if place not in places:
            raise ValueError(f"currencies.tsv: place must be prefix or suffix, not {place!r}")
        for word in words.split("|"):
            places[place][word] = code
    return places["prefix"], places["suffix"]


def _load_price_words() -> dict[str, list[str]]:
    """role -> words, from data/price_words.tsv."""
    roles: dict[str, list[str]] = {}
    for role, words in tsv_rows("price_words.tsv"):
        roles.setdefault(role, []).extend(words.split("|"))
    return roles


_PREFIX, _SUFFIX = _load_currencies()
_WORDS = _load_price_words()
_SUB_UNIT = {"毛": Decimal("0.1"), "角": Decimal("0.1")}  # 5毛 = 0.5 yuan


def _alt(keys) -> str:
    return "|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True))


_LETTER = "a-zà-ÿа-яё"  # Latin and Cyrillic letters, as normalised text writes them
_HAN = re.compile(r"[\u4e00-\u9fff]")


def _words(role: str) -> str:
    """The words of a role of data/price_words.tsv as one alternation, longest first; a Latin or
    Cyrillic word must start a word ("5 € pro Datensatz")."""
    words = sorted(_WORDS[role], key=len, reverse=True)
    return "|".join(rf"(?<![{_LETTER}]){re.escape(w)}" if re.match(f"[{_LETTER}]", w) else re.escape(w) for w in words)


_CUE_WORDS = ("打包价|打包|一口价|总价|售价|仅售|只售|仅需|只需|只要|价格|报价|价钱|出价|价|卖|全套|全部|整库|全库|整体|仅|售"
              "|price|asking|cost|only").split("|")
_CUES = first_of(_CUE_WORDS) + alternation(_CUE_WORDS)  # a trie: one branch per character at each position
# 售 alone is a cue ("售800"), not in 出售, 在售, 代售 … (what follows is the thing sold: "出售2023年数据")
_SALE_VERB_BEFORE = frozenset("出在代销零转发寄预求")
_STRONG_CUES = frozenset({"打包价", "打包", "一口价", "总价", "售价", "报价", "仅售", "只售"})
# Words for the whole offer before a bare figure: the figure may as well be its size ("全库50万", "打包 200w"), so it
# is a price only below a hundred thousand yuan (a larger ask is written with its currency)
_WEAK_CUES = frozenset({"打包", "全套", "全部", "整库", "全库", "整体"})
_WEAK_CUE_LIMIT = Decimal(100_000)
# a selling verb after a bare figure makes it the price ("3000带走", "5w拿走", "整库3000出")
_SELL_AFTER = r"\s{0,2}(?:带走|拿走|出(?=$|[\s,，.。!！、|/)）\]】]))"
_SELL_AFTER_RE = re.compile(_SELL_AFTER)
# Amounts written the continental way: dot thousands, comma decimals ("1.200,50 €", "€1.500", "2,50€").
# price-parser reads these; the project's own number reading is for everything else. No thousands group
# follows a 0 ("0.003" is a coin amount).
_EURO_AMOUNT = (r"(?<![\d.])(?<!\d,)(?=\d++[.,]\d)(?:(?!0)\d{1,3}(?:\.\d{3}){1,5}(?:,\d{1,8})?(?![\d.]|,\d)"
                r"|\d{1,12},\d{1,2}(?![\d.,]))")
_EURO_RE = re.compile(_EURO_AMOUNT)
# coins are quoted with a decimal point and up to 8 places ("0.025 BTC", "1.200 ETH")
_COINS = frozenset({"BTC", "ETH", "XMR", "LTC", "TRX"})
# A bare amount below 1 with two or more decimals is a coin amount: nobody asks 0.05 or 0.006 yuan for a data set.
_COIN_FRACTION = re.compile(r"0\.\d{2,8}")
# Multipliers of prices besides the shared ones: Cyrillic к/кк ("15к руб"), Indonesian ribu/juta short
# forms ("Rp500rb", "2jt"), Vietnamese triệu; a k glued to a currency word ("2kU", "1kusdt").
_PRICE_MULTIPLIERS = {**MULTIPLIERS, "к": 1_000, "кк": 1_000_000, "rb": 1_000, "ribu": 1_000, "jt": 1_000_000,
                      "triệu": 1_000_000, "trieu": 1_000_000}
_LETTER_MULTS = sorted((k for k in _PRICE_MULTIPLIERS if re.match(f"[{_LETTER}]", k)), key=len, reverse=True)
_OTHER_MULTS = sorted((k for k in _PRICE_MULTIPLIERS if not re.match(f"[{_LETTER}]", k)), key=len, reverse=True)
_PRICE_MULT = (rf"\s?(?:{first_of(_OTHER_MULTS)}(?:{'|'.join(_OTHER_MULTS)})|{first_of(_LETTER_MULTS)}(?:{'|'.join(_LETTER_MULTS)})(?![{_LETTER}]))"
               r"(?:(?<=тыс|млн)\.)?"
               r"|[kmw](?=u(?![a-z])|usdt|usd|rmb|btc|eur)")


def _currency_words(words) -> str:
    """An alternation of currency words behind a look-ahead at their first characters: most figures are
    followed by no currency, and one character test then saves trying every word."""
    first = "".join(sorted({re.escape(w[0]) for w in words}))
    return rf"(?=[{first}])(?:{_alt(words)})"


# A currency word must not run into a letter ("5 users", "5 раз"); some Chinese ones are something else
# before certain characters: 2024元旦 is a date, 5块硬盘 counts drives, 5u盘 is a USB stick.
_SUFFIX_END = rf"(?![{_LETTER}])(?!(?<=元)[旦宵]|(?<=块)(?:硬盘|盘|卡|屏|板)|(?<=u)盘|(?<=[米圆洋])[\u4e00-\u9fff]|(?<=r)[\d.])(?<!千米)"
_CURRENCY_PREFIX = _currency_words(_PREFIX)
_CURRENCY_SUFFIX = _currency_words(_SUFFIX)
PRICE_RE = re.compile(
    # a bare figure alone in a bracket opening a title is its price ("【800】…", "[0.002]…"): _candidate checks the close
    rf"(?:(?P<cue>{_CUES})\s{{0,2}}[:：为是=]?\s{{0,2}}|(?P<bracket>[【\[](?<![^\n][【\[])))?"
    rf"(?:(?<![a-z])(?P<pc>{_CURRENCY_PREFIX})\s{{0,2}})?"
    rf"(?P<num>{_EURO_AMOUNT}|{NUM})(?P<mult>{_PRICE_MULT})?"
    rf"(?:\s{{0,2}}(?P<sc>{_CURRENCY_SUFFIX}){_SUFFIX_END})?"
)
# the connector of _RANGE_BEFORE lies in the last few characters (then a space, a currency prefix, a space):
# looked for first, it spares most candidates the search
_RANGE_CONNECTOR = re.compile(r"[-~到至—–]|to")
_RANGE_CONNECTOR_WIDTH = len("to") + 2 + max(len(p) for p in _PREFIX)
_RANGE_BEFORE = re.compile(rf"(?P<num>{NUM})(?P<mult>{MULT})?\s?(?:{_CURRENCY_SUFFIX})?\s?(?:-|~|到|至|—|–|to)\s?(?:{_CURRENCY_PREFIX})?\s?$")
# "$500-800", "价格1-2w", "between $500 and $800": the other end follows (not a count: "$500 - 800k users")
_RANGE_AFTER = re.compile(
    rf"\s?(?P<conn>-|~|〜|到|至|—|–|to|and)\s?(?:(?<![a-z])(?:{_CURRENCY_PREFIX})\s?)?(?P<num>{NUM})(?P<mult>{_PRICE_MULT})?"
    rf"(?:\s{{0,2}}(?P<sc>{_CURRENCY_SUFFIX}){_SUFFIX_END})?(?!\s{{0,2}}[{_LETTER}])"
)
_BETWEEN_BEFORE = re.compile(r"(?:between|entre)\s{0,2}$")
# "5 000 руб", "Prix : 2 000 €", "R$ 10 000": thousands separated by spaces (NFKC makes no-break spaces plain)
_SPACED_GROUPS_BEFORE = re.compile(r"(?<![\d.,])\d{1,3}(?: \d{3}){0,3} $")
_SPACED_GROUPS_AFTER = re.compile(rf"(?: \d{{3}}){{1,4}}(?![\d.,]?\d|[{_LETTER}])")
# Words right before a figure ("余额：", "loan of ", "starting at ") are read backwards: the reversed pattern is
# matched at the first character of the reversed window, one attempt where a search for "…$" tries every position.
_CN_GLUE = [":", "：", "为", "是", "了", "约", "达", "高达", "超过", "达到", "共计", "近"]   # "余额约", "金额高达"
_CONNECTORS = ["of", "de", "du", "на", "von", "sebesar"]                                  # "loan of ", "saldo de "


def _reversed_alt(words) -> str:
    return "|".join(re.escape(w[::-1]) for w in sorted(words, key=len, reverse=True))


def _reversed_words(role: str, chinese: bool) -> str:
    return _reversed_alt(w for w in _WORDS[role] if chinese == bool(_HAN.search(w)))


# A Chinese label touches its figure: in a terse title a space ends a field name ("贷款额度 1200元" asks 1200).
# A Latin or Cyrillic word must start a word (reversed: no letter follows it).
_NOT_PRICE_BEFORE_REVERSED = re.compile(
    rf"(?:{_reversed_alt(_CN_GLUE)}){{0,2}}(?:{_reversed_words('not_price_before', chinese=True)})"
    rf"|(?:\s{{1,2}}(?:{_reversed_alt(_CONNECTORS)}))?[\s:]{{0,3}}"
    rf"(?:{_reversed_words('not_price_before', chinese=False)})(?![{_LETTER}])"
)
_NOT_PRICE_AFTER = re.compile(
    rf"\+?\s{{0,2}}(?=[{''.join(sorted({re.escape(w[0]) for w in _WORDS['not_price_after']}))}])"
    rf"(?:{_words('not_price_after')})(?![{_LETTER}])"
)
_FROM_BEFORE_REVERSED = re.compile(
    rf"\s{{0,2}}[:：]?\s{{0,2}}(?:{_reversed_words('from_before', chinese=True)}"
    rf"|(?:{_reversed_words('from_before', chinese=False)})(?![{_LETTER}]))"
)
_TOTAL_CUE = re.compile(r"(?:打包|全部|总价|一口价|全套|整体|整套|一起|全量|全库|整库|all|whole|package|bundle|full|entire|total|everything)")
_EQUIV_BEFORE = re.compile(
    r"^\s{0,2}(?:[(\[/]\s{0,2}(?:~|≈|约|约合|合|折合|approx\.?|about|around|=)?|~|≈|约合|折合|approx\.?|=|or)\s{0,2}$"
)

# "一次性" is a lump sum, "一次" a fee per use
_PER_PERIOD = re.compile(r"^\s{0,2}(?:/\s?(?:天|日|月|周|年|次|day|month|week|year|query|lookup|mo)(?![a-z])|一天|每天|一个月|每月|一周|一次(?!性)|每次|包月|包年|"
                         r"per (?:day|month|week|year|query|lookup|search)|a (?:day|month|week|year)|monthly|weekly|daily|"
                         rf"{_words('per_period_after')})")
_PER_PERIOD_BEFORE = re.compile(r"(?:包月|包年|月费|年费|月租|按月|按天|(?:按次|每次|单次)(?:查询|查)?|每查|per query|per lookup|per search|per month|"
                                r"monthly|subscription)\s{0,2}[:：]?\s{0,2}$")
_PER_RECORD_BEFORE = re.compile(r"(?:每条|每个|每份|每张|每单|每套|每组|每本|每号|一条|单条|单价(?<!首单价)|每行|每人|per record|per row|per line|per account|per entry|per user|per lead|each(?: for)?|for each|apiece for)\s{0,2}[:：]?\s{0,2}$")
# "per 10k rows: $45": the unit may name what is counted
# "一千条50元" is a rate; "1000条 50元" the offer as stated
_PER_K_BEFORE = re.compile(r"(?:一千条(?<![\d零〇一二两三四五六七八九十]一千条)|每千条|每1000条|每一千条|每1k|(?:per 1k|per 1000|per thousand|per k)(?:\s[a-z]{2,12})?)\s{0,2}[:：)]?\s{0,2}$")
_PER_10K_BEFORE = re.compile(r"(?:一万条(?<![\d零〇一二两三四五六七八九十]一万条)|每万条|每1万条|每一万条|每1w|每w|(?:per 10k|per 10,000|per 10000)(?:\s[a-z]{2,12})?)\s{0,2}[:：)]?\s{0,2}$")
# a trial or sample price is not the price of the offer ("测试价 1千条 100元 全量 50万条 1.5万元")
_SAMPLE_BEFORE = re.compile(r"(?:测试|样本|试用|体验|sample|test|trial)(?:价|price)?[^。；;!！?？\n]{0,10}$")
# ... unless the sample is free or the whole offer is named after it ("样本免费 全量5000元")
_NOT_SAMPLE = re.compile(r"免费|全量|全部|打包|整库|(?<![a-z])(?:free|full|all|whole|everything)(?![a-z])")
_PER_REGION_BEFORE = re.compile(r"(?:每省|每个省|单省|各省|每个省份|每市|每个城市|单个省|per province|each province|per region|per state|per city|per country)[^\d]{0,4}$")
_PER_RECORD_AFTER = re.compile(r"^\s{0,2}(?:/\s?(?:条|个|人|行|份|张|单|套|号|组|[a-z]{2,12})|一条|每条|1条|1个|1份|1张|1组|1套|一个|每个|一份|每份|一张|每张|一单|每组|一组|每套|一套|每行|每人|每单|apiece|"
                               r"per (?!1k|1000|thousand|10k|k\b|(?:province|region|state|city|country)\b)[a-z]{2,12}|each|a (?:record|row|line|piece|pc|card|account)|"
                               rf"{_words('per_record_after')})")
_PER_K_AFTER = re.compile(r"^\s{0,2}(?:/\s?(?:千条|1000条|1000|1k|k|thousand)|每千条|一千条|per (?:1k|1000|thousand|k)|"
                          rf"{_words('per_thousand_after')})")
_PER_10K_AFTER = re.compile(r"^\s{0,2}(?:/\s?(?:万条|1万条|1万|万|w|1w|10k)|每万条|一万条|per 10k)")
_PER_REGION_AFTER = re.compile(r"^\s{0,2}(?:/\s?(?:省|市)|每省|一个省|per (?:province|region|state|city|country)|each province)")
# "500元起", "$50+" (a "+" glued to the amount; "$800 + $100" adds a second price)
_FROM_AFTER = re.compile(r"^(?:\s{0,2}(?:起|以上|up(?![a-z]))|\+(?!\s{0,2}[$€£¥\d]))")

_PRICE_WORD = frozenset({"价", "价格", "价钱"})
_NOT_A_PRICE_LABEL = re.compile(r"(?:低|超低|底|高|半|好|议|原|白菜)$")
# 特价, 跳楼价, 亏本价 label a bare figure ("特价888") but, like the words for the whole offer, only a small one
_DISCOUNT_LABEL = re.compile(r"(?:特|跳楼|亏本)$")
# a data year is no price ("[2024] 最新…"); 2000 and the 1990s are round prices ("1999带走")
_YEAR = re.compile(r"20(?:0[1-9]|[1-3]\d)")
# after a bare number, what makes it a count: a counter or a data noun ("打包800个精准客户"); 单 before
# 省/市/价 starts the next phrase ("打包价5万 单省5000")
_COUNT_AFTER = re.compile(r"\s{0,2}(?:多|余|\+)?\s{0,2}(?:条|个|份|组|张|人|户|名|位|套|件|行|笔|号|年|月|日|天|岁|%|单(?![省市价])|数据|用户|会员|客户|资料)")
_ABOUT_AFTER = re.compile(r"\s{0,2}左右")
_HAN_AFTER = re.compile(r"\s{0,2}[\u4e00-\u9fff]")
_LETTER_AFTER = re.compile(rf"[{_LETTER}]")  # a unit glued to the figure ("20g", "5tb")
# "5 mil reais", "R$ 2 mil": in Portuguese and Spanish mil is a thousand (in English a million)
_MIL_IS_THOUSAND = frozenset({"reais", "dólares", "dolares", "dólar", "dolar"})
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
SCAN = NumberScan(PRICE_RE, back=24, lead={a[-1] for a in _CUE_WORDS + list(_PREFIX) + [":", "：", "为", "是", "=", "【", "["]},
                  follow=rf"(?:{_PRICE_MULT})?(?:\s{{0,2}}(?:{_CURRENCY_SUFFIX}){_SUFFIX_END}|{_SELL_AFTER})",
                  # a price starts with its cue word, its currency prefix or its number
                  first="".join(sorted({re.escape(a[0]) for a in _CUE_WORDS + list(_PREFIX) + ["【", "["]})) + r"\d." + CJK_NUMERALS)


def find_prices(norm: str, lang: str | None, tokens: list | None = None) -> list[PriceCandidate]:
    """`tokens`: quantities.number_tokens(norm, L) for any L containing SCAN.lead (computed here if None)."""
    out: list[PriceCandidate] = []
    for m in SCAN.finditer(norm, tokens):
        if out and m.start() < out[-1].end:
            continue  # the other end of a range already read ("$500-$800")
        cand = _candidate(norm, m, lang)
        if cand is None:
            continue
        rng = None
        if cand.amount_max is None and _RANGE_CONNECTOR.search(norm, max(0, cand.start - _RANGE_CONNECTOR_WIDTH), cand.start):
            rng = _RANGE_BEFORE.search(norm[max(0, cand.start - 30):cand.start])
        if rng:
            low = parse_number(rng.group("num"))
            if low is not None:
                low_mult = _mult(rng.group("mult")) or _mult(m.group("mult"))
                low = _apply_multiplier(low, low_mult)
                if low < cand.amount:
                    cand.amount_max, cand.amount = cand.amount, low
                    cand.start -= len(norm[max(0, cand.start - 30):cand.start]) - rng.start()
                    out = [c for c in out if c.end <= cand.start]
        if out and not out[-1].equivalent:
            gap = norm[out[-1].end:cand.start]
            if out[-1].currency != cand.currency and _EQUIV_BEFORE.match(gap):
                cand.equivalent = True
        out.append(cand)
    if lang == "zh" and "0." in norm:
        out = _coin_b(norm, out)
    return out


def _candidate(norm: str, m: re.Match, lang: str | None) -> PriceCandidate | None:
    """The price a match of PRICE_RE reads, with what it covers; None when it is no price."""
    pc, sc, cue, bracket = m.group("pc", "sc", "cue", "bracket")
    bare = not (pc or sc)
    # a bare figure is a price only in Chinese text (below); a selling verb after it makes it one ("3000带走")
    sell = bare and lang == "zh" and _SELL_AFTER_RE.match(norm, m.end())
    if not (pc or sc or cue or sell or bracket):
        return None
    if cue == "售" and m.start() and norm[m.start() - 1] in _SALE_VERB_BEFORE:
        cue = None
    num_s = m.group("num")
    # "【800】…": the bracket must close right after the figure
    bracket = bracket and not m.group("mult") and norm.startswith(("】", "]"), m.end("num"))
    # "打包三千出", "价格：八千": Chinese numerals with a magnitude, right after a price word
    spelled_price = (cue in _STRONG_CUES or cue in _PRICE_WORD) and any(c in "百千万亿" for c in num_s)
    discount = cue in _PRICE_WORD and _DISCOUNT_LABEL.search(norm, max(0, m.start() - 2), m.start())
    if cue in _PRICE_WORD and _NOT_A_PRICE_LABEL.search(norm, max(0, m.start() - 2), m.start()):
        cue = None  # "低价90w…": the word praises the price, it does not label the figure
    if bare and not (cue or sell or bracket):
        return None
    if bare:
        # bare number after a price word, before a selling verb or alone in a bracket: a price only in Chinese
        # text ("打包价10万", "3000带走", "【800】")
        if lang != "zh" or not (num_s[0].isdigit() or spelled_price) or cue in ("only", "cost", "卖"):
            return None
        if (_COUNT_AFTER.match(norm, m.end()) or (cue == "打包" and _ABOUT_AFTER.match(norm, m.end()))
                or _LETTER_AFTER.match(norm, m.end())):
            return None  # "打包800个", "打包 1000W左右", "全库20G": the size of the package
        if not m.group("mult") and _YEAR.fullmatch(num_s) and not (cue in _STRONG_CUES or cue in _PRICE_WORD):
            return None  # "[2024]", "全部2023"
    if sc == "r" and lang != "zh":
        return None
    if sc == "u" and (pc or not num_s[0].isdigit()):
        return None
    num_start, end = m.start("num"), m.end()
    if num_s[0] in "百千万亿" and num_start and norm[num_start - 1] in "余多几来":
        return None  # "2000余万元": what is left of a figure read in two parts
    mult = _mult(m.group("mult"))
    if mult in ("b",) and not (pc or sc):
        return None
    if not mult and num_s.isdigit():
        num_s, num_start, end = _spaced_thousands(norm, m, num_s, num_start, end)
    currency = _PREFIX.get(pc) if pc else _SUFFIX.get(sc) if sc else ("CNY" if lang == "zh" else None)
    value = _read_amount(num_s, currency)
    if value is None or (not num_s[0].isdigit() and not sc and not spelled_price):
        return None
    if mult == "mil" and (currency == "BRL" or sc in _MIL_IS_THOUSAND):
        mult = "thousand"
    amount = _apply_multiplier(value, mult)
    weakly_labelled = bare and (discount or not cue or cue in _WEAK_CUES)
    if weakly_labelled and (amount >= _WEAK_CUE_LIMIT
                            or (mult and cue != "打包" and not sell and _HAN_AFTER.match(norm, m.end()))):
        return None  # "整库3000万", "打包 200w", "全套 2.6万 姓名 身份证" (but "打包2.5w 要的私聊"): the size
    if sc in _SUB_UNIT:
        amount = amount * _SUB_UNIT[sc]
    if currency == "CNY" and pc == "¥" and lang == "ja":
        currency = "JPY"
    if not (pc or sc) and _COIN_FRACTION.fullmatch(num_s) and not mult:
        currency = "BTC"  # "价格0.05": no one asks five fen for a data set; the market prices in BTC
    if pc == "฿" and amount < 1:
        currency = "BTC"  # ฿ is also bitcoin's old sign; no one asks a fraction of a baht
    start = m.start("pc") if pc else num_start
    before = window_before(norm, start, 30)
    if _not_a_price(norm, before, end):
        return None
    # a year, a phone number or an id glued to a currency word is not a price
    if len(num_s.replace(",", "").split(".")[0]) > 12:
        return None
    cand = PriceCandidate(amount, currency, start, end)
    after = window_after(norm, end, 20)
    cand.unit = _unit(before, after)
    cand.total_cue = bool(cue and _TOTAL_CUE.search(cue)) or bool(_TOTAL_CUE.search(before[-10:]))
    cand.from_price = bool(_FROM_AFTER.match(after) or _FROM_BEFORE_REVERSED.match(before[:-17:-1]))
    _read_range_after(norm, cand, value if not mult else None, before)
    return cand


def _mult(word: str | None) -> str | None:
    """The key of a multiplier as matched ("万", " k", "тыс.")."""
    return (word or "").strip().rstrip(".") or None


def _apply_multiplier(value: Decimal, mult: str | None) -> Decimal:
    return value * _PRICE_MULTIPLIERS[mult] if mult else value


def _spaced_thousands(norm: str, m: re.Match, num_s: str, num_start: int, end: int) -> tuple[str, int, int]:
    """Thousands separated by spaces: the whole amount and its span. In "5 000 руб" the match is "000 руб",
    in "R$ 10 000" it is "R$ 10"."""
    if m.group("sc") and not m.group("pc") and len(num_s) == 3:
        g = _SPACED_GROUPS_BEFORE.search(norm, max(0, num_start - 16), num_start)
        if g:
            return g.group().replace(" ", "") + num_s, g.start(), end
    # "$5 100k lines" is no 5100 dollars: a dollar amount is not written with spaced thousands
    elif m.group("pc") and m.group("pc") != "$" and not m.group("sc") and len(num_s) <= 3:
        g = _SPACED_GROUPS_AFTER.match(norm, m.end("num"))
        if g:
            return num_s + g.group().replace(" ", ""), num_start, g.end()
    return num_s, num_start, end


def _not_a_price(norm: str, before: str, end: int) -> bool:
    """A balance, a loan, an income, a value, a bound, money seized ("余额5万", "$5k balance", "income > $100k")."""
    return bool(_NOT_PRICE_BEFORE_REVERSED.match(before[:-25:-1]) or _NOT_PRICE_AFTER.match(norm, end)
                or re.match(r"^\s?(?:以上|以下|起存)", norm[end:end + 4]))


def _unit(before: str, after: str) -> str:
    """What a price covers, from the words around it."""
    if _LIST_PRICE_BEFORE.search(before[-24:]):
        return "list"  # "原价3600元，仅售0.005比特币": the price before the discount is not asked
    if _PER_PERIOD.match(after) or _PER_PERIOD_BEFORE.search(before):
        return "period"  # subscriptions and per-lookup fees: not a price for the data set
    sample = _SAMPLE_BEFORE.search(before)
    if sample and not _NOT_SAMPLE.search(sample.group()):
        return "sample"
    if _PER_K_BEFORE.search(before) or _PER_K_AFTER.match(after):
        return "thousand"
    if _PER_10K_BEFORE.search(before) or _PER_10K_AFTER.match(after):
        return "ten_thousand"
    if _PER_RECORD_BEFORE.search(before) or _PER_RECORD_AFTER.match(after):
        return "record"
    if _PER_REGION_BEFORE.search(before) or _PER_REGION_AFTER.match(after):
        return "region"
    return "offer"


def _read_range_after(norm: str, cand: PriceCandidate, bare_low: Decimal | None, before: str) -> None:
    """Whether the candidate is the low end of a range ("$500-800", "价格1-2w", "between $500 and $800").
    `bare_low`: the low end's value when it has no multiplier (it takes the high end's: 1-2w)."""
    r = _RANGE_AFTER.match(norm, cand.end)
    if not r or (r.group("conn") == "and" and not _BETWEEN_BEFORE.search(before)):
        return
    if _COUNT_AFTER.match(norm, r.end()) or (not r.group("sc") and _HAN.match(norm, r.end())):
        return  # "5000元-10万条", "$3-2018年", "$3-15岁": the dash joins a price to what it describes
    high = parse_number(r.group("num"))
    if high is None:
        return
    mult = _mult(r.group("mult"))
    high = _apply_multiplier(high, mult)
    low = _apply_multiplier(bare_low, mult) if bare_low is not None and mult else cand.amount
    if low < high <= low * 50:  # a phone number or an id after a dash is no upper end
        cand.amount, cand.amount_max, cand.end = low, high, r.end()


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
_TRAILING = re.compile(r"(?:^|\s|(?<![\d.])[-—–|/，,、])(?P<num>\d{1,7}(?:\.\d{1,2})?)(?P<mult>万|w|k|千)?\s{0,2}[。.!！]?\s*$")


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
    if not mult and (len(num) < 2 or _YEAR.fullmatch(num.split(".")[0])):
        return None  # a year ("2024", "2024.08"), or a lone digit
    value = parse_number(num)
    if value is None:
        return None
    offset = len(norm) - len(norm[-40:])
    return PriceCandidate(_apply_multiplier(value, mult), "CNY", offset + m.start("num"), offset + m.end("num") + len(mult or ""))
