"""Record counts: the total number of records the listing claims to sell.

Candidates are "<number><multiplier?> <unit>" ("35万条", "2.3M rows", "nearly 1 million students"),
labelled numbers ("数量: 10万") and, weakest, bare multiplied numbers after a data word
("泰国全量数据 2.1W"). Parts (a province's file, a sample, a daily update) lose to totals.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .context import window_after, window_before
from .quantities import CJK_NUMERALS, MULT, NUM, WORD_NUMBER, WORD_NUMBERS, FullScan, NumberScan, apply_multiplier, first_of, number_tokens, parse_number, word_number
from .spans import furthest_end
from .terms import alternation

_WORD_NUMBER_PLAIN = re.sub(r"\(\?P<\w+>", "(?:", WORD_NUMBER)
_ZH_COUNTER = r"[条行人户名位个份组张笔单套件家]"
# counters that also count non-records ("3个文件", "5个省"): rejected before these nouns
_WEAK_COUNTERS = ("个", "份", "组", "张", "单", "套", "件", "家")
_FEW_COMPANIES = 10  # "两家银行" names sources; "669家投资机构" is a directory of that many
_NOT_RECORDS_AFTER = re.compile(r"^(?:多|余)?(?:文件|月|小时|天|省|城市|地区|字段|工作日|表|包|压缩包|(?:g|gb|m|mb|t|tb)(?![a-z])|国家|渠道|比特币|btc|币|门罗|以太|eth|usdt|xmr"
                                # products and places sold by the piece: "62套黑客教程", "10个webshell", "两个配资平台", "90个小区"
                                r"|(?:[a-z]{1,12}\s?|[\u4e00-\u9fff]{0,4})(?:教程|源码|源碼|视频|软件|程序|网址|工具|模板|shell|webshell|平台|网站|小区"
                                # databases and directories sold by the piece: "60个大型数据库", "34个基金行业通讯录"
                                r"|数据库|通讯录|通信录))")
_ZH_NOUNS = (r"用户|学生|客户|会员|车主|股民|账号|帐号|账户|数据|信息|记录|手机号|号码|订单|快递|邮箱|身份证|考生|患者|"
             r"病人|员工|家长|乘客|旅客|宝妈|业主|老板|企业|粉丝|玩家|借款人|贷款人|住户|居民|人员|资料").split("|")
_ZH_NOUN = first_of(_ZH_NOUNS) + "(?:" + "|".join(_ZH_NOUNS) + ")"
# What a figure counts ("2.3M rows", "350 pcs", "1,2 millones de registros"): one trie-shaped pattern (terms.alternation)
_EN_UNITS = (
    "record", "records", "row", "rows", "entries", "entry", "account", "accounts", "user", "users", "lines", "customer",
    "customers", "students", "members", "people", "persons", "individuals", "addresses", "email addresses",
    "e-mail addresses", "ip addresses", "email", "emails", "e-mail", "e-mails", "names",
    "subscriber base", "user base", "member base", "customer base", "datasets", "data sets", "sets", "pieces", "fullz",
    "logins", "email:pass", "email:password", "mail:pass", "user:pass", "docs", "kyc", "clients", "profiles", "mails",
    "phone numbers", "numbers", "ids", "cards", "orders", "leads", "contacts", "subscribers", "patients", "passengers",
    "employees", "usernames", "passwords", "credentials", "combos", "hashes", "citizens", "voters", "borrowers",
    "applicants", "residents", "ccs", "identities", "documents", "user records", "logs", "victims", "consumers", "buyers",
    "shoppers", "guests", "owners", "holders", "investors", "pcs",
    # (not messages, trips or recordings: a breach's "220k private messages" are not its people)
    "policies", "claims", "bookings", "reservations", "riders", "drivers", "wallets", "mailboxes", "selfies", "scans",
    "sellers", "vendors", "merchants", "transfers",
    # the same in the other languages of the markets
    "registros", "registos", "clientes", "usuarios", "usuários", "cuentas", "contas", "linhas", "líneas", "lineas",
    "filas", "pessoas", "personas", "pacientes", "lignes", "enregistrements", "utilisateurs", "comptes", "abonnés",
    "abonnes", "clienti", "utenti", "datensätze", "kunden", "nutzer", "zeilen", "einträge", "pengguna", "pelanggan",
    "akun", "baris", "kayıt", "dòng", "bản ghi", "người dùng", "khách hàng", "tài khoản", "записей", "записи", "строк",
    "аккаунтов", "клиентов", "пользователей", "абонентов", "номеров",
)
_EN_UNIT = first_of(_EN_UNITS) + alternation(_EN_UNITS)
# "of their customers", "unique email addresses", "forum members' accounts", "email and ip addresses"
_EN_FILLER = (r"(?:of (?:their|its|our|the) )?"
              r"(?:(?=[a-z'\-])(?!(?:usd|btc|eth|xmr|usdt|dollars|rmb|cny|per|for|at|in|of|to|from|and|or)\s)[a-z'\-]{1,15}+\s|(?:and|&) ){0,3}")
# "500 тыс. записей", "1,3 Mio. Datensätze": a multiplier word may be abbreviated with a full stop
_ABBREVIATED = r"(?:(?<=[^\W\d_])\.)?"
_APPROX = r"(?:近|约|超|超过|将近|接近|大约|多达|高达|nearly|almost|about|approx\.?|approximately|around|over|more than|~|≈)"

COUNT_RE = re.compile(
    rf"(?:(?P<wnum>{_WORD_NUMBER_PLAIN})"
    rf"|(?P<num>{NUM})(?:多|余)?(?P<mult>{MULT})?{_ABBREVIATED}\+?)"
    rf"\s{{0,2}}(?:多|余)?"
    rf"(?:(?P<en>{_EN_FILLER}{_EN_UNIT})(?![a-z])|(?P<zc>{_ZH_COUNTER})?(?P<zn>{_ZH_NOUN})?)"
)
# What must follow a number token for COUNT_RE to find a count there (a unit, maybe after a multiplier).
# The spaces before the unit are taken possessively: no unit starts with one, so fewer could not do.
_COUNT_TAIL = rf"(?:多|余)?(?:{MULT})?{_ABBREVIATED}\+?\s{{0,2}}+(?:多|余)?(?:{_EN_FILLER}{_EN_UNIT}(?![a-z])|{_ZH_COUNTER}|{_ZH_NOUN})"
# The label and noun-first patterns start with their words, so the regex engine jumps from one word to
# the next (see quantities.FullScan). Chinese labels may omit the colon, English ones may not: find_counts checks.
_ZH_LABELS = ("数量", "数据量", "总量", "总数", "条数", "共计", "总计", "合计", "记录数")
# English and the markets' other languages need the colon (or a dash, a bullet, "=" standing for it)
_LABELS = _ZH_LABELS + ("total records", "total rows", "total available", "total", "count", "records", "rows", "lines",
                        "size", "volume", "amount", "quantity", "qty", "количество", "кол-во", "объем", "объём", "anzahl",
                        "jumlah", "cantidad", "quantidade")
_LABEL_COLONS = ":：=•—–-"
_BARE_MULT_WORDS = ("千万", "百万", "万", "亿", "млн", "тыс", "triệu", "nghìn")
_BARE_MULT_LATIN = ("w", "kk", "k", "m", "million", "millions", "billion", "bn", "mio", "mln", "lakh", "crore", "juta",
                    "millones", "milhões")  # not running into a letter
_BARE_MULT = (r"\s?" + first_of(_BARE_MULT_WORDS + _BARE_MULT_LATIN) + "(?:" + "|".join(_BARE_MULT_WORDS)
              + "|(?:" + "|".join(_BARE_MULT_LATIN) + r")(?![a-z])|(?<=\d)w(?=[a-z]{3}))")
# "网贷逾期用户 三万": Chinese numerals too; their token already ends in the multiplier.
# "4w7", "3万6千": one more digit is the next place down (47000, 36000)
_BARE = re.compile(rf"(?<![\d.])(?<!\d,)(?P<num>\d{{1,6}}(?:\.\d{{1,4}})?|(?<![{CJK_NUMERALS}])[一二两三四五六七八九十百千]{{1,4}})"
                   rf"(?:多|余|\+)?(?P<mult>{_BARE_MULT})(?:(?P<rest>[1-9](?:\d{{3}})?)(?:千万|千|k)?(?![\d.位月年号日天]))?\+?(?![{CJK_NUMERALS}]{{0,3}}[万亿千百])")
_PRICE_BEFORE = re.compile(r"(?:(?<![低特底半])价格?|价钱|price|\$|¥|rmb|usd|(?<!出)售|卖|额度|收入|金额|余额|资产|包月|包年|月费|年费)[\s:：]{0,2}$")
# "每省1万", "单省 5000": a figure per province is a price or a part, never the size of the offer
_PER_UNIT_BEFORE = re.compile(r"(?:每|单)个?(?:省|市|城市|地区|家|份)\s{0,2}$")
# "(1000万-1亿)": a range is a band of some field, not the size of the offer
_RANGE_TOP = re.compile(r"\d\s?(?:万|亿|w|k)?(?:(?<!\s)-|\s?[~到至])\s?$")  # " - " separates a title's parts
# money, sizes and bounds: "5万元", "10万以上" (a threshold on a field, not a count)
# a range ("10万-20万", "10万 ~ 20万"), but " - " between spaces separates a title's parts ("Acme - 17.3M - 2024")
_BARE_NOT_AFTER = re.compile(r"(?:-\s?\d|\s-\d|\s{0,2}[~到至]\s?\d|\s{0,2}(?:元|块|刀|美|欧|u(?![a-z])|usdt|btc|起|字(?!段)|人民币|rmb|%|多?种|级))")
# "存款10万以上", "充值金额都在十万以上", "千万以上富豪": a bound on an amount of money; "谷歌邮箱1000W以上" is the size
_BOUND_AFTER = re.compile(r"\s{0,2}(?:以上|以下)(?P<wealth>富豪|大户|高净值|身家|存款|资产)?")
_MONEY_NEAR_BEFORE = re.compile(r"(?:存款|资产|资金|余额|收入|身家|金额|额度|流水|投资|充值|消费)[^\d]{0,4}$")
_STANDALONE_BEFORE = re.compile(r"(?:^|[|—–/(\[]|\s-)\s{0,2}$")
_PRICE_WORD_NEAR = re.compile(r"(?:price|cost|asking|价|售)[^|\n]{0,6}$")
_STANDALONE_AFTER = re.compile(r"\+?\s{0,2}(?:$|[|—–/)\]\n]|-\s)")
_NEXT_PLACE = {"万": 1000, "w": 1000, "亿": 10_000_000, "k": 100, "m": 100_000}
# a figure standing alone between commas is a size when a data word is that far back in its sentence
# ("Fresh fullz from a … partner portal, 12k, SSN")
_DATA_WORD_REACH = 60
_ITEM_END = re.compile(r"\+?\s{0,2}(?:,|$)", re.M)
_DATA_WORD = re.compile(alternation((
    "数据", "资料", "库", "名单", "信息", "用户", "会员", "客户", "data", "db", "leak", "dump", "records", "users", "customers",
    "members", "clients", "leads", "accounts", "entries", "holders", "subscribers", "database", "rows", "lines", "logs",
    "combolist", "fullz", "numbers", "phones", "emails", "unique", "datos", "données", "daten", "dados", "база", "clientes",
    "usuarios", "utilisateurs", "kunden", "pengguna", "pelanggan", "registros")))
# "customers 9.7M", "members 1.1M", "accounts x 2000": the noun comes first
# "Employees: 41,200", "users | 1,200,000", "selfies 8,500"; not across lines (a title's noun, then the body's figure)
# (each new first letter costs a look at every such letter of a text: "guests", "orders", "wallets" are left out)
_FIRST_NOUNS = ("users", "customers", "members", "clients", "leads", "accounts", "records", "rows", "entries", "holders",
                "subscribers", "patients", "lines", "employees", "passengers", "riders", "drivers", "policies", "claims",
                "selfies", "scans", "profiles", "students", "applicants", "mailboxes", "policyholders", "registros",
                "lignes", "datensätze", "dòng", "строк", "записей", "clientes", "usuarios")
_NOUN_SEPARATORS = "x:-–—|•=("
_LABEL_WORDS, _NOUN_WORDS = frozenset(_LABELS), frozenset(_FIRST_NOUNS)
# Labels and nouns before their figure, in one pattern (one pass over the text): find_counts tells a label's colon
# ("Lines: 450k", "数量10万") from a noun's separator ("users | 1,200,000", "accounts x 2000"), which stays on its line.
_WORD_FIRST = re.compile(
    rf"(?P<word>{alternation(_LABELS + _FIRST_NOUNS)})(?P<sep>\s{{0,2}}(?:[:：=•—–x|(]|-(?=\s)|-))?"
    rf"(?P<gap>\s{{0,2}}(?:约|大约|近|approx\.?|about)?\s{{0,2}})(?P<num>{NUM})(?P<mult>{MULT})?"
)
_DIGITS_GO_ON = re.compile(r"[\d.,]?\d")

# "5000菠菜数据", "8000开房数据库": a plain number, a few words of what, then a data word
_BEFORE_DATA_AFTER = r"(?![年月日号级届版期元块分秒])(?=[\u4e00-\u9fff]{1,4}?(?:数据|资料|名单|名录))"
_BEFORE_DATA = re.compile(rf"(?<![\d.])(?<!\d,)(?P<num>[1-9]\d{{2,8}})(?![\d.,]){_BEFORE_DATA_AFTER}")
_BEFORE_DATA_WORD = re.compile(r"数据|资料|名单|名录")  # a text without one has no such figure
# "企业老板手机名录50000", "北京某单位人员信息 5000": a plain number ending a title right after what it counts
_AFTER_DATA_WORDS = ("名录", "名单", "信息", "资料", "数据", "客户", "用户", "会员", "号码", "电话", "学员", "员工", "车主", "股民")
_AFTER_DATA_WORD = re.compile("|".join(_AFTER_DATA_WORDS))
_AFTER_DATA = re.compile(rf"(?:{'|'.join(_AFTER_DATA_WORDS)})\s?(?P<num>[1-9]\d{{2,8}})(?![\d.,%])"
                         r"(?=\s*$|\s|[,，。!！)）\]】|\-—~]|赠送|送|免费|自动)")
# "百万级股民数据", "千万级库": an order of magnitude names the size ("级别" of a field's amount does not)
_LEVEL = re.compile(r"(?<![\d.一二两三四五六七八九十百千万亿])(?P<num>十万|百万|千万|万|亿|十亿|百亿)级(?!别)")
_LEVEL_VALUE = {"万": 10_000, "十万": 100_000, "百万": 1_000_000, "千万": 10_000_000, "亿": 100_000_000,
                "十亿": 1_000_000_000, "百亿": 10_000_000_000}
# "数万条", "几千条", "几十万用户": a vague count is its order of magnitude
_VAGUE_MAGNITUDE = re.compile(r"(?:数|几|好几)(?P<num>十万|百万|千万|百|千|万|亿)多?"
                              r"(?=\s?(?:条|人|名|位|户|个|份|组|张|[\u4e00-\u9fff]{0,4}?(?:数据|资料|信息|用户|客户|会员|名单|名录)))")
_VAGUE_VALUE = {"百": 100, "千": 1000}
_MONEY_BEFORE = re.compile(r"(?:存款|资产|资金|余额|收入|身家|金额|额度|流水|投资|充值|消费)\s{0,2}$")
_EXCLUDE_BEFORE = re.compile(
    r"(?:(?:样本|样例|测试|试看|免费|sample|samples|test|preview|free|最多送|bonus)[^\d]{0,6}"
    # a rate attached to the figure is not the size of the offer: "每天更新5万条", "每天 50万单", "日出 3万单";
    # in a terse title "每天更新 5万条" (a space after the verb) is freshness, and 5万条 the size
    r"|(?:每天|每日|每周|每月|单日|当日|一天|日均|daily|per day|a day|weekly|monthly)(?:[^\d\s。；;!！?？]{1,8}|\s{0,2})"
    r"|(?:日更新?|日出|日产|日增)\s{0,2}"
    # traffic of a site, not records sold: "日流量超百万"
    r"|(?:流量|访问量|浏览量|点击量|日活|月活)\s{0,2}(?:超|约|达|过|近)?\s{0,2}"
    # so is a minimum order ("起批10万条")
    r"|(?:起批|起订|起售|(?<!全网)(?<!全场)(?<!价格)最低|min order|minimum order|minimum)[^\d。；;!！?？\n]{0,6}"
    r"|(?:每|per|(?<!\s)/|元|块|毛|角|刀|\$|单价|前|top|first)\s{0,2}[:：]?\s{0,2}" + _APPROX + r"?\s?)$"
)
# a spaced slash before a figure separates fields ("10w / 2000": the size, then the price)
_EXCLUDE_AFTER = re.compile(r"^\s{0,2}(?:/\s?(?:天|日|day|周|week|月|month)|每天|每日|per day|a day|daily|/(?!\s{1,2}\d)|元|块|美元|usd|dollars|u(?![a-z])|btc|usdt)")
_VAGUE_BEFORE = re.compile(r"(?:数|几|若干|好几|十几|数十|数百|数千|xx)$")
# "每日8000-30000条": the top of a range is read with what comes before the range
_RANGE_START = re.compile(r"\d[\d,.]*\s?(?:万|亿|w|k)?\s?[-~到至]\s?$")
# "md5 邮箱", "sha256", "mp4", "win10": a number that belongs to a name
_CODE_NAME_BEFORE = re.compile(r"(?<![a-z])(?:md|sha-?|crc|pbkdf|base|utf-?|ipv|mp|win)\s?$")  # not "database 5000 users"
_EXPONENT_BEFORE = re.compile(r"\d\s?(?:e[+\-]?|\^|\*\*)$")  # "10^400条", "1e400 records": not a count of 400
_NOT_PEOPLE = re.compile(r"password|hash")  # "100M unique passwords" beside "71M unique email addresses"
_YEAR = re.compile(r"(?:19|20)\d\d")
_YEAR_BEFORE = re.compile(r"(?:(?<![a-z])(?:in|since|from|by|until|early|mid|late|year|jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|"
                          r"apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?|-)\s?$")
# what a listing sells by the piece when the counter follows it: databases, directories, sites, copies
_PIECES_BEFORE = re.compile(r"(?:库|通讯录|通信录|网站|源码|程序|shell)\s{0,2}$")
_FEW_COPIES = 20  # "只出10份", "其他4份免费送": a handful of 份 are copies of the listing sold, not records
def _is_year(num: str) -> bool:
    """"2018开房数据" is a year; a round "2000开房数据" is a size (the year 2000 is no dump's date)."""
    return bool(_YEAR.fullmatch(num)) and not num.endswith("000")


# "100万数据验货帖": the figure of a sample the buyer may check, not of the offer
_SAMPLE_AFTER = re.compile(r"^[^\d。；;!！?？\n]{0,6}?(?:验货|样本|样例|试看|测试|(?<![a-z])(?:samples?|preview|for free)(?![a-z]))")
_JOINER = re.compile(r"\+|加|送|以及|外加|另|附|和|及|与|、")
_GAP_BREAK = re.compile(r"[\d。；;!！?？\n|]")
_GLUED_BEFORE = re.compile(r"(?P<place>\d[a-z万亿])$|[a-z]-?$")  # "11万6", "52g163邮箱"; "md5", "sha-1"
_HAS_MULT = re.compile(r"\d\s?(?:万|亿|w|k|m)")
_DIGIT_POSITION = re.compile(r"(?:后|前|末|尾)$")  # "卡号后四位": digits of a number, not records
_TOTAL_BEFORE = re.compile(r"(?:共|总共|总计|合计|全部|全量|一共|打包|累计|total|in total|overall|all|full|entire|whole|altogether)\s{0,2}[:：]?\s{0,6}$")
_OFFERED_BEFORE = re.compile(r"(?:本次|这次|此次|本帖|今天|今日|现在|现)\s{0,2}(?:只|仅)?\s{0,2}(?:出|卖|售|放出|出售|发)\s{0,2}$")
_TOTAL_AFTER = re.compile(r"^\s{0,12}(?:in total|total|altogether|overall)(?![a-z])")  # not "totalling 1.4gb"
# "800 mil registros": before these words "mil" is the Spanish and Portuguese thousand (in English, a million)
_ROMANCE_UNIT = re.compile(r"(?:registros|registos|clientes|usuarios|usuários|cuentas|contas|linhas|líneas|lineas|filas|"
                           r"pessoas|personas|pacientes)$")
# a bare figure of money: "balance 5k+", "for 2k", "5k usd", "10k€"
_MONEY_WORD_BEFORE = re.compile(r"(?:(?<![a-z])" + alternation((
    "balance", "balances", "bal", "income", "salary", "salaries", "deposit", "deposits", "limit", "worth", "revenue",
    "profit", "cashout", "budget", "for", "usd", "eur", "gbp", "hkd", "cad", "aud", "sgd", "inr", "idr", "brl", "rub", "jpy",
    "cny", "rmb", "btc", "eth", "xmr", "usdt")) + r"|[€£$₹₽¥])\s{0,2}[:：]?\s{0,2}$")
_MONEY_REACH = 14  # the longest money word and its colon
_MONEY_WORD_AFTER = re.compile(r"\+?\s{0,2}(?:balance|bal(?![a-z])|usd|eur(?:o|os)?(?![a-z])|€|\$|£|gbp|dollars)")
_PART_BEFORE = re.compile(r"(?:其中|例如|比如|如|包括|包含|含|of which|including|e\.g\.|for example|such as|each|every)[^\d]{0,12}$")


@dataclass
class CountCandidate:
    value: int
    start: int
    end: int
    kind: str = "unit"          # unit | labelled | bare
    total: bool = False
    unique: bool = False        # "4 million unique email addresses": the deduplicated count of people
    offered: bool = False       # "全量8亿条，本次出4亿": the part this listing sells
    joined: bool = False        # "27万电话+13万微信", "100万手机号 送350万账号": sold with the next figure
    part: bool = False
    regions: list[str] = field(default_factory=list)


def _value(num: str | None, mult: str | None, wn: str | None = None, wm: str | None = None,
           wh: str | None = None) -> int | None:
    if wn:
        return int(word_number(wn, wm, wh))
    if not num:
        return None
    v = parse_number(num)
    if v is None:
        return None
    v = apply_multiplier(v, (mult or "").strip() or None)
    if v <= 0 or v != v.to_integral_value() and v < 1:
        return None
    if v.adjusted() > 12:
        return None  # more records than people on earth many times over: not a count
    return int(v)


# a count starts with its number or a number word ("half a million")
_COUNT_FIRST = r"\d." + CJK_NUMERALS + "".join(sorted({re.escape(w[0]) for w in WORD_NUMBERS}))
# How each pattern is found near its numbers (see quantities.NumberScan): how far before the number
# token a match can start and how that part ends: a number word ("quarter of a million"), a label
# ("total records: "), a noun ("subscribers - 9.7m"); and what must follow the token.
SCANS = {
    "count": NumberScan(COUNT_RE, word_back=16, follow=_COUNT_TAIL, first=_COUNT_FIRST),
    "word_first": FullScan(_WORD_FIRST),
    "bare": NumberScan(_BARE, follow=rf"(?:多|余|\+)?{_BARE_MULT}|(?<=[万亿])", first=r"\d一二两三四五六七八九十百千"),
    # anchored (see NumberScan): a match is a whole token of plain digits (nothing of [\d.,] on either side) followed
    # by what the follow says, which starts with a Chinese character: that makes number_tokens keep the token too
    # (every character of that block is a letter)
    "before_data": NumberScan(_BEFORE_DATA, follow=_BEFORE_DATA_AFTER, first="1-9", anchored=True),
    "after_data": NumberScan(_AFTER_DATA, back=3, lead={w[-1] for w in _AFTER_DATA_WORDS},
                             follow=r"\s*$|\s|[,，。!！)）\]】|\-—~]|赠送|送|免费|自动"),
    "level": FullScan(_LEVEL, needles=("级",)),
    "vague": FullScan(_VAGUE_MAGNITUDE, needles=("数", "几")),
}
LEAD = frozenset().union(*(scan.lead for scan in SCANS.values()))


# Thousands grouped by spaces or dots ("120 000 records", "2.300.000", "350.000 Datensätze") and a decimal comma
# before a multiplier ("1,2 millones", "2,5 Mio."): find_counts reads them in a copy of the text where they are
# written the English way, character for character, so every offset stays valid.
_CONTINENTAL = re.compile(
    r"\d(?<![\d.,]\d)(?:"
    r"(?P<spaced>\d{0,2}(?: \d{3}){1,4}(?!\d| \d|\w))"
    rf"|(?P<dotted>(?<=[1-9])\d{{0,2}}(?:\.\d{{3}}){{1,4}}(?![\d.,]?\d)(?!{MULT}))"
    rf"|(?P<comma>\d{{0,2}},\d{{1,2}}(?!\d)(?={MULT})))"
)
# Where such a number may be: its separator after a digit. Patterns that start with a literal character are found
# by the regex engine's fast scan; trying _CONTINENTAL at every digit would cost more than the rest of the counts.
_SEPARATOR_HINTS = (re.compile(r" (?<=\d )\d{3}(?!\d)"), re.compile(r"\.(?<=\d\.)\d{3}"),
                    re.compile(r",(?<=\d,)\d{1,2}(?!\d)"))  # one literal each: a class "[.,]" is found slower


def english_number_view(norm: str) -> str:
    """`norm` with continental and spaced number groups written the English way (same length)."""
    starts = set()
    for hint in _SEPARATOR_HINTS:
        for h in hint.finditer(norm):
            start = h.start()
            while start > h.start() - 3 and norm[start - 1:start].isdigit():
                start -= 1  # the first group has one to three digits
            starts.add(start)
    parts, last = [], 0
    for start in sorted(starts):
        m = _CONTINENTAL.match(norm, start) if start >= last else None
        if m:
            written = m.group()
            parts += [norm[last:start], written.replace(",", ".") if m.group("comma") else
                      written.replace(" ", ",").replace(".", ",")]
            last = m.end()
    return "".join(parts) + norm[last:] if parts else norm


def find_counts(norm: str, tokens: list | None = None, title_end: int = 0) -> list[CountCandidate]:
    """`tokens`: quantities.number_tokens(norm, L) for any L containing LEAD (computed here if None);
    `title_end`: where the listing's title ends (0: no title), as brands.title_span gives it."""
    view = english_number_view(norm)
    if view != norm:
        norm, tokens = view, None
    tokens = number_tokens(norm, LEAD) if tokens is None else tokens
    cands: list[CountCandidate] = []
    taken: set[int] = set()  # offsets covered by a kept candidate; spans are a few chars long

    def add(c: CountCandidate) -> None:
        c.offered = bool(_OFFERED_BEFORE.search(norm, max(0, c.start - 8), c.start))
        covered = range(c.start, c.end)
        if not taken.isdisjoint(covered) or _EXPONENT_BEFORE.search(norm, max(0, c.start - 4), c.start):
            return
        if _CODE_NAME_BEFORE.search(norm, max(0, c.start - 6), c.start) and not _HAS_MULT.search(norm, c.start, c.end):
            return
        glued = _GLUED_BEFORE.search(norm, max(0, c.start - 2), c.start)
        if glued and not _HAS_MULT.search(norm, c.start, c.end) and (glued.group("place") or norm[c.end - 1].isascii()):
            # part of a name ("md5 hashes", "sha-1", "pbkdf2"; but "app3.6w人员" and "vip37000条" are sizes)
            # or of the figure before ("11万6", "52g163")
            return
        taken.update(covered)
        cands.append(c)

    for m in SCANS["count"].finditer(norm, tokens):
        zc, zn, en = m.group("zc"), m.group("zn"), m.group("en")
        if not (zc or zn or en):
            continue
        if zc in _WEAK_COUNTERS and not zn and _NOT_RECORDS_AFTER.match(norm[m.end():m.end() + 16]):
            continue
        num = m.group("num")
        if num and not num[0].isdigit() and not (m.group("mult") or zc or zn):
            continue
        wn = m.group("wnum")
        before = window_before(norm, m.start(), 16)
        if zc in _WEAK_COUNTERS and not zn and not m.group("mult") and _PIECES_BEFORE.search(before):
            continue  # "社工库37个", "通讯录两份": the databases or copies sold, not their records
        if num and _VAGUE_BEFORE.search(before):
            continue
        if zc == "位" and _DIGIT_POSITION.search(before):
            continue
        if num and not m.group("mult") and _YEAR.fullmatch(num) and _YEAR_BEFORE.search(before):
            continue  # "In 2020 the records…", "4 January 2013 and include usernames"
        if _EXCLUDE_BEFORE.search(before) or _EXCLUDE_AFTER.match(norm[m.end():m.end() + 8]):
            continue
        ranged = _RANGE_START.search(before)
        if ranged and _EXCLUDE_BEFORE.search(window_before(norm, m.start() - len(ranged.group()), 16)):
            continue
        if num and not m.group("mult") and "a" <= norm[m.end("num"):m.end("num") + 1] <= "z":
            continue  # a figure glued to a word is a name: "5G users", "2FA", "x86"
        if wn:
            wm = re.match(WORD_NUMBER, wn)
            value = _value(None, None, wm.group("wn"), wm.group("wm"), wm.group("wh")) if wm else None
        elif (m.group("mult") or "").strip() == "mil" and en and _ROMANCE_UNIT.search(en):
            value = _value(num, "thousand")  # "800 mil registros": Spanish and Portuguese thousands
        else:
            value = _value(num, m.group("mult"))
        numerals = num and not num[0].isdigit() and not m.group("mult")
        if not value or (numerals and (value == 1 or value < 10 and zc in (None, "条", "件", "套"))):
            continue  # "一条" is how per-record prices are phrased; "四件套", "高三考生" name no count ("五个" does)
        if zc == "家" and value < _FEW_COMPANIES:
            continue
        if zc == "份" and not zn and not m.group("mult") and value <= _FEW_COPIES:
            continue
        # a year ("2024年" is not matched, but "2024 users" is rare): skip 4-digit years next to 年
        # "Halcyon 2024 reservations 640k": a year before the noun is weaker than a multiplied figure
        year_like = bool(num and not m.group("mult") and _is_year(num))
        c = CountCandidate(value, m.start(), m.end(), "bare" if year_like else "unit")
        c.total = bool(_TOTAL_BEFORE.search(before) or _TOTAL_AFTER.match(window_after(norm, m.end(), 20)))
        c.part = (bool(_PART_BEFORE.search(before)) or bool(_SAMPLE_AFTER.match(norm, m.end()))) and not c.total
        c.unique = bool(en and "unique" in en and not _NOT_PEOPLE.search(en))
        add(c)

    noun_first = []  # read after the bare figures, which they yield to
    for m in SCANS["word_first"].finditer(norm, tokens):
        word, sep = m.group("word"), (m.group("sep") or "").strip()
        if word in _NOUN_WORDS and (not sep or sep in _NOUN_SEPARATORS) and not m.group("gap").strip() \
                and "\n" not in norm[m.end("word"):m.start("num")] and not _DIGITS_GO_ON.match(norm, m.end()):
            noun_first.append(m)
        if word not in _LABEL_WORDS or not (sep in _LABEL_COLONS and sep or word.startswith(_ZH_LABELS)):
            continue
        if sep == "-" and not norm[m.end("sep"):m.end("sep") + 1].isspace():
            continue  # "rows-5000"
        if _EXCLUDE_AFTER.match(norm[m.end():m.end() + 8]):
            continue
        value = _value(m.group("num"), m.group("mult"))
        if value:
            add(CountCandidate(value, m.start("num"), m.end(), "labelled", total=True))

    for m in SCANS["bare"].finditer(norm, tokens):
        before = window_before(norm, m.start(), 20)
        if (_EXCLUDE_BEFORE.search(before) or _PRICE_BEFORE.search(before) or _VAGUE_BEFORE.search(before)
                or _PER_UNIT_BEFORE.search(before) or _RANGE_TOP.search(before)):
            continue
        after = norm[m.end():m.end() + 8]
        if _EXCLUDE_AFTER.match(after) or _BARE_NOT_AFTER.match(after):
            continue
        bound = _BOUND_AFTER.match(norm, m.end())
        if bound and (bound.group("wealth") or _MONEY_NEAR_BEFORE.search(before)):
            continue
        mult = m.group("mult").strip()
        chinese = mult in ("万", "亿", "千万", "百万", "w")
        if not chinese and (_MONEY_WORD_BEFORE.search(before, len(before) - _MONEY_REACH)
                            or _MONEY_WORD_AFTER.match(norm, m.end())):
            continue  # "balance 5k+", "for 2k", "5k usd": money
        total = not chinese and bool(_TOTAL_BEFORE.search(before))
        # "2000万开房数据", "4.1w全国股民": a Chinese multiplier is how sellers state a size; "412k" needs a data word
        # near, to stand alone between a title's separators ("Acme | 250K | Name, Email"), to follow a total
        # word ("full 2.4M"), or to stand in the listing's title, whose figures are sizes unless money
        in_title = m.end() <= title_end and not _PRICE_WORD_NEAR.search(before)
        if not (chinese or in_title or total or _DATA_WORD.search(before)
                or _DATA_WORD.search(window_after(norm, m.end(), 20))
                or (_STANDALONE_BEFORE.search(before) and _STANDALONE_AFTER.match(norm, m.end())
                    and not _PRICE_WORD_NEAR.search(before))
                or (before.endswith((", ", ",")) and _ITEM_END.match(norm, m.end())
                    and _DATA_WORD.search(window_before(norm, m.start(), _DATA_WORD_REACH)))):
            continue
        value = _value(m.group("num"), mult)
        rest = m.group("rest")
        if value and rest and len(rest) == 1:
            value += int(rest) * _NEXT_PLACE.get(mult, 0)
        elif value and rest and mult in ("万", "w"):
            value += int(rest)  # "1w2000": the thousands written out
        if value:
            part = bool(_PART_BEFORE.search(before) or _SAMPLE_AFTER.match(norm, m.end()))
            add(CountCandidate(value, m.start(), m.end(), "bare", total=total and not part, part=part))
    for m in noun_first:
        num = m.group("num")
        if not num[0].isdigit() or "a" <= norm[m.start() - 1:m.start()] <= "z":
            continue
        after = norm[m.end():m.end() + 8]
        if (_EXCLUDE_BEFORE.search(window_before(norm, m.start(), 16)) or _EXCLUDE_AFTER.match(after)
                or re.match(r"^\s{0,2}(?:元|块|刀|美|欧|u\b|usdt|btc|%)", after) or _MONEY_WORD_AFTER.match(after)):
            continue
        if not m.group("mult") and _is_year(num):
            continue  # "clients 2024 — 650k": the year of the list
        value = _value(num, m.group("mult"))
        if value and (m.group("mult") or value >= 1000):
            add(CountCandidate(value, m.start("num"), m.end(), "unit"))
    for m in SCANS["before_data"].finditer(norm, tokens) if _BEFORE_DATA_WORD.search(norm) else ():
        num = m.group("num")
        if _is_year(num) or _PRICE_BEFORE.search(window_before(norm, m.start(), 8)):
            continue
        add(CountCandidate(int(num), m.start(), m.end(), "bare"))
    for m in SCANS["after_data"].finditer(norm, tokens) if _AFTER_DATA_WORD.search(norm) else ():
        num = m.group("num")
        before = window_before(norm, m.start(), 16)
        if _is_year(num) or _EXCLUDE_BEFORE.search(before) or _PRICE_BEFORE.search(before) or _PER_UNIT_BEFORE.search(before):
            continue
        add(CountCandidate(int(num), m.start("num"), m.end("num"), "bare"))
    for m in SCANS["level"].finditer(norm, tokens) if "级" in norm else ():
        before = window_before(norm, m.start(), 8)
        if _MONEY_BEFORE.search(before) or _PRICE_BEFORE.search(before) or _PER_UNIT_BEFORE.search(before):
            continue  # "存款百万级客户": the size of a balance, not of the offer
        add(CountCandidate(_LEVEL_VALUE[m.group("num")], m.start(), m.end(), "bare"))
    for m in SCANS["vague"].finditer(norm, tokens) if ("数" in norm or "几" in norm) else ():
        before = window_before(norm, m.start(), 16)
        if _MONEY_BEFORE.search(before) or _EXCLUDE_BEFORE.search(before) or _PER_UNIT_BEFORE.search(before):
            continue  # "每省数万条": a part per province
        num = m.group("num")
        add(CountCandidate(_VAGUE_VALUE.get(num) or _LEVEL_VALUE[num], m.start(), m.end(), "bare"))
    cands.sort(key=lambda c: c.start)
    for a, b in zip(cands, cands[1:]):
        gap = norm[a.end:b.start]
        a.joined = len(gap) <= 16 and bool(_JOINER.search(gap)) and not _GAP_BREAK.search(gap)
        if a.joined and a.part:
            b.part = True  # "其中包含：13万微信密钥及27万电话号码": both are parts of the 27万 before
    return cands


def outside(cands: list[CountCandidate], spans: list[tuple[int, int]]) -> list[CountCandidate]:
    """The candidates that do not start inside one of `spans` (a number in a name: "12306", "58同城")."""
    if not spans:
        return cands
    reach = furthest_end(spans)
    return [c for c in cands if reach(c.start) <= c.start]


def _sum_joined(cands: list[CountCandidate]) -> list[CountCandidate]:
    """Several data sets sold together count as one offer of their sum (parts too: "广东27万+广西13万")."""
    out: list[CountCandidate] = []
    run: list[CountCandidate] = []
    for c in cands + [None]:
        if c is not None and run and run[-1].joined and "labelled" not in (c.kind, run[-1].kind):
            run.append(c)
            continue
        if len(run) > 1:
            # parts named by a province add up to a whole ("广东27万+广西13万"); parts of a whole do not
            out.append(CountCandidate(sum(r.value for r in run), run[0].start, run[-1].end, run[0].kind,
                                      total=any(r.total for r in run), part=any(r.part and not r.regions for r in run)))
        else:
            out += run
        run = [c] if c is not None else []
    return out


def choose_count(cands: list[CountCandidate], title_end: int = 0) -> int | None:
    """Total-cued > other wholes (largest) > bare numbers > a single part / a covering part. A multiplied figure
    in the title (before `title_end`) is a whole: the size a body's smaller figures are parts of ("65k users"
    in the title, "around 9k accounts hold more than $10k" in the post)."""
    if not cands:
        return None
    cands = _sum_joined(cands)
    offered = [c for c in cands if c.offered]
    if offered:
        return max(c.value for c in offered)
    # deduplicated people beat the rows they were found in ("2.7 billion records including 773 million unique email addresses")
    unique = [c for c in cands if c.unique]
    if unique:
        return max(c.value for c in unique)
    totals = [c for c in cands if c.total]
    if totals:
        return max(c.value for c in totals)
    whole = [c for c in cands if not c.part and (c.kind != "bare" or c.end <= title_end)]
    if whole:
        return max(c.value for c in whole)
    bare = [c for c in cands if c.kind == "bare" and not c.part]
    if bare:
        return max(c.value for c in bare)
    # "深圳30万用户，其中包含：12万微信号": what a part includes is not one more part
    regional = [c for c in cands if c.regions]
    parts = sorted(regional or cands, key=lambda c: -c.value)
    if len({c.value for c in parts}) == 1:
        return parts[0].value
    top = parts[0]
    top_provinces = {r for r in top.regions}
    if top_provinces and all(set(c.regions) <= top_provinces for c in parts[1:]):
        return top.value  # "广东35万条，其中深圳5万条"
    return None
