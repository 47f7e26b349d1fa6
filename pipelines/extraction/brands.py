"""Brand (organisation) matching and source-vs-passing-mention classification.

One Aho-Corasick automaton holds every alias of the watchlist and of the shipped
dictionary (data/brands*.tsv, DICTIONARY_FILES), normalised like the text. Each hit is then
judged from cue words around it: "趣店学生数据", "data from Qudian", "X leak" make X the
claimed source; "pay with Alipay", "TG联系", "not from JD" do not. A watched name in a
listing's title needs no cue ("唯品会会员数据80W"); in breach prose the breached
organisation is the breach verb's subject ("the site X suffered a data breach").
unnamed_source finds the words naming a source no dictionary knows (domains, "Name
Database", "某省教育厅", the subject of a breach sentence).
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from importlib.abc import Traversable
from itertools import islice, product
from pathlib import Path
from typing import Iterable

import ahocorasick

from .data_files import DATA, tsv_rows
from .normalize import WORD_CHARS, is_cjk, norm_term

DEFAULT_DICTIONARY = DATA.joinpath("brands.tsv")
# The shipped dictionary: brands.tsv and every brands-*.tsv beside it (one file per source or sector).
DICTIONARY_FILES = ("brands.tsv", "brands-cn.tsv", "brands-breaches.tsv")

# A Latin name glued to the figure of a Chinese title is still a word: "490wgmail数据", "facebook5000万数据库",
# "qq5位"; "gmail2" or "web3" are not.
_MULTIPLIER_BEFORE = re.compile(r"\d(?:w|k|m)$")
_FIGURE_AFTER = re.compile(r"\d{1,12}(?:\.\d{1,4})?(?:[wkm]|[\u4e00-\u9fff])")


@dataclass(frozen=True)
class BrandEntry:
    name: str
    aliases: tuple[str, ...]
    category: str = ""
    watch: bool = False


@dataclass(frozen=True)
class BrandHit:
    name: str
    start: int
    end: int
    source: bool
    watch: bool


# Ordinary English words (data/common_words.tsv): a name made of them is a name only where it is used as one.
COMMON_WORDS = frozenset(row[0] for row in tsv_rows("common_words.tsv"))


def ordinary_words(key: str) -> int:
    """1: a normalised name that is one ordinary word ("orange"); 2: a phrase of them ("us bank"); else 0."""
    words = key.split()
    if not words or not all(w in COMMON_WORDS for w in words):
        return 0
    return 1 if len(words) == 1 else 2


def load_dictionary(path: str | Traversable | None = None) -> list[BrandEntry]:
    """One dictionary file, or (no path) every shipped file; a name listed again adds aliases to its first entry."""
    if path is not None:
        return _read_dictionary(Path(path) if isinstance(path, str) else path)
    merged: dict[str, BrandEntry] = {}
    for name in DICTIONARY_FILES:
        for entry in _read_dictionary(DATA.joinpath(name)):
            first = merged.get(entry.name)
            merged[entry.name] = entry if first is None else \
                BrandEntry(first.name, tuple(dict.fromkeys(first.aliases + entry.aliases)), first.category)
    return list(merged.values())


def _read_dictionary(path: Path | Traversable) -> list[BrandEntry]:
    return [BrandEntry(name, tuple(a for a in aliases.split("|") if a), category)
            for name, category, aliases in tsv_rows(path)]


# --- cue words (normalised text: simplified, case-folded, half-width) -------------------
_CLAUSE_END = "。；;!！?？\n|"
_ZH_SOURCE_AFTER = re.compile(
    r"^[\s\-_·)）]{0,2}(?:的)?[\u4e00-\u9fff\s]{0,12}?"
    r"(?:数据|用户|客户|会员|内部|泄露|泄漏|外泄|库|资料|信息|账号|帐号|账户|帐户|订单|学生|借款|贷款|快递|车主|"
    r"乘客|旅客|住客|开房|社工|裤子|后台|名单|注册|员工|病人|患者|记录|单号|系统|全量|实时|面单|股民|考生|流出|买家|卖家|商家|店铺|骑手|司机|房东|主播|粉丝|机主|持卡人|储户|号码|手机号|号段|实名|简历|求职者|商户)"
)
_EN_SOURCE_AFTER = re.compile(
    r"^[)'\"’\]]?(?:'s)?(?:\s?\([^()]{1,40}\))?\s{0,2}(?:[a-z0-9\-.]{1,15}\s){0,2}?"
    r"(?:data|dataset|users?|customers?|clients?|members?|accounts?|leak(?:ed|s)?|dump(?:ed|s)?|db|database|breach(?:ed)?|"
    r"records|combo(?:list)?s?|logs|logins?|emails?|students|employees|patients|passengers|subscribers?|orders|user ?base|hack(?:ed)?|"
    r"scraped?|creators?|investors?|holders?|sellers?|merchants?|drivers?|riders?|hosts?|guests?|kyc|credentials|"
    r"buyers?|shoppers?|handles|profiles|followers|influencers|wallets?|subscribers?|passengers|"
    r"registrants|attendees|signups|participants|applicants|patrons|visitors|"
    # the markets' other languages: "Finora Kundendaten", "Orange abonnés", "Vodafone клиенты"
    r"kunden(?:daten(?:bank)?)?|datenbank|daten|nutzer(?:daten)?|datensätze|données|utilisateurs|abonnés|clientes|usuarios|"
    r"usuários|datos|dados|cuentas|contas|pelanggan|pengguna|akun|khách hàng|người dùng|tài khoản|клиенты|абоненты|"
    r"пользователи|база|"
    r"is the (?:source|origin)|was the (?:source|origin)|insiders?)(?![a-z])"
)
_ZH_SOURCE_BEFORE = re.compile(r"(?:来自|来源于|来源|源自|出自|出售|泄露|泄漏|内部|拖库|脱库|拖的|出|卖|收购|扒的|爬的|全套|最新)[\s:：]{0,2}$")
_EN_SOURCE_BEFORE = re.compile(
    r"(?:(?<![a-z])(?:from|source|origin|leak of|breach of|dump of|hack of|leaked|breached|hacked|dumped|selling|sell|wts|fresh|"
    r"(?:customers?|users?|clients|members|subscribers|accounts|data|records|database|db|dump|leak|breach) of"
    # the markets' other languages: "Fuite X", "Base de datos de X", "База абонентов X", "Dữ liệu ví X"
    r"|fuite(?: de données)?|filtraci[oó]n|vazamento|base de (?:datos|dados|clientes)(?: de| do| da)?|datos de|dados d[eoa]|"
    r"données de|clients de|clientes de|kundendaten(?: von)?|data pelanggan|dữ liệu(?: [^\W\d_]+){0,2}|слив|"
    r"база(?: [а-яё]+)?)[\s:]{0,3}"
    r"(?:(?:the|a|an)\s)?(?:(?:courier|delivery|company|firm|platform|bank|exchange|app|site|website|retailer|operator|carrier|"
    r"insurer|hospital|airline|lender|broker|marketplace|provider)\s){0,2}"
    # a post's labels: "Company: X", "Victim: X", "Site: x.com"
    r"|(?<![a-z])(?:company|site|website|domain|url|victim|target|brand|organi[sz]ation|shop|store|platform|service)"
    r"\s?[:：]\s{0,2}"
    r"|(?:customers|users|subscribers|clients|data|database|db|数据|用户|客户)\s?[(\[（])$"
)
_ZH_PASSING_BEFORE = re.compile(r"(?:付款|支付|联系|通过|走|用|使用|非|不是|不含|无|加|发到|私聊|咨询|担保|含|包含|包括|字段|或|收款|比|不如|类似)[\s:：]{0,2}$")
_EN_PASSING_BEFORE = re.compile(
    r"(?:(?<![a-z])(?:via|pay(?:ment)?|pay with|pay by|paid (?:with|via|by)|contact(?: me)?(?: on| via| at)?|dm(?: me)?(?: on)?|"
    r"msg(?: me)?(?: on)?|message(?: me)? on|hit me up on|reach me on|ping me on|not from|not(?: an?| the)?|no|(?:not |un)related to(?: the)?|not affiliated with(?: the)?|nothing to do with(?: the)?|"
    r"accept(?:ed|ing)?|using|through|(?<!attack )(?<!breach )(?<!hack )(?<!intrusion )(?<!incident )on|join(?: our)?|our|my|add(?: me on)?|"
    r"(?:bigger|better|fresher|cheaper|larger|newer|smaller|more|less) than(?: the)?|than(?: the)?|unlike(?: the)?|"
    r"compared (?:to|with)(?: the)?|vs\.?|versus|like(?: the| a| an)?|similar to(?: the| a| an)?|links? to|"
    r"(?:hacked|attacked|posted|published|provided|shared|operated|owned|run|discovered|found|identified|reported|"
    r"acquired|created|founded|made|developed) by(?: the| a| an)?|"
    r"(?:hacker|attacker|actor|group|collective|researcher|user|alias|handle|seller)s?\s"
    r"(?:known as|called|named|calling (?:themselves|himself|herself))(?:\s[\"“])?)|@)[\s:]{0,3}$"
)
# "Telegram: @seller", "QQ：123456", "微信: abc_88": a contact; "Carrefour: 1.2M customers" is not
_CONTACT_COLON = r"[:：]\s{0,2}(?:@|\+|\d{5,}|[a-z_][\w.\-]*[\d_][\w.\-]*|[a-z][\w.\-]{2,}\s*$|$)"
_ZH_PASSING_AFTER = re.compile(rf"^[\s]{{0,2}}(?:{_CONTACT_COLON}|(?:实名)?认证的|号\s{{0,2}}[:：]?\s{{0,2}}[a-z0-9@]|群|联系|付款|支付|担保|交易|收款|转账|客服|发货|下单|私聊|咨询|扫码|频道|账号[:：]"
                               # a platform's build of an app ("安卓+苹果版"), a means of payment ("礼品卡")
                               r"|版(?!权)|礼品卡|购物卡|充值卡)")
_EN_PASSING_AFTER = re.compile(
    rf"^(?:\s{{0,2}}(?:@|{_CONTACT_COLON})|\s(?:id|handle|channel|group|only|payment|pay|escrow|for contact|me|username)(?![a-z])"
    r"|-?based\s|\s(?:powered|instance|bucket|server|contractor|account of|user @)(?![a-z]))"
)


_CLAUSE_END_RE = re.compile("[" + re.escape(_CLAUSE_END) + "]")


def _after(norm: str, end: int, width: int) -> str:
    seg = norm[end:end + width]
    m = _CLAUSE_END_RE.search(seg)
    return seg[:m.start()] if m else seg


def _before(norm: str, start: int, width: int) -> str:
    seg = norm[max(0, start - width):start]
    m = _CLAUSE_END_RE.search(seg[::-1])  # the last clause end: the first one of the reversed text
    return seg[len(seg) - m.start():] if m else seg


_FIELD_LIST = re.compile(r"(?:字段|fields|columns|包含字段|数据项|内容包括|信息包括|内容[:：])")
# A list item: separators that only enumerate (a space is too weak: "手机 拍拍贷 宜人贷 两家").
_ITEM_SEP = r"\s{0,2}(?:、|,|，|/|\+|;|；|\||和|及|与|以及|and|&|plus)\s{0,2}"
# What follows a service named as a field: "学信网账号密码", "Coursera login credentials", "京东白条额度".
_FIELD_QUALIFIER = (r"(?:账号密码|帐号密码|账号|帐号|密码|账户|额度|积分|分|id|号|login credentials|logins?|credentials|"
                    r"passwords?|accounts?|ids|urls|profiles?|handles?|usernames?|numbers?)?")
_ITEM_AFTER = re.compile(rf"^\s{{0,2}}{_FIELD_QUALIFIER}(?:{_ITEM_SEP}|\s{{0,2}}[)）]|\s{{0,2}}$)")
_ITEM_BEFORE = re.compile(rf"(?:{_ITEM_SEP}|[(（]\s{{0,2}})$")
# Weak (ordinary-word) aliases: a cue word must follow within one short word ("Discord nitro accounts").
_WEAK_ZH_AFTER = re.compile(r"^\s?(?:[\u4e00-\u9fff]{1,3}\s?)?(?:[a-z]{2,12}\s)?(?:数据|用户|客户|会员|内部|泄露|库|资料|账号|订单|手机号|号码|号段|司机|骑手|商家|买家)")
_WEAK_EN_AFTER = re.compile(r"^(?:\s?\([^()]{1,40}\))?\s?(?:[a-z0-9]{2,12}\s)?(?:[\u4e00-\u9fff]{1,3}\s)?(?:data|users|customers|members|accounts|leak|dump|database|db|logins|buyers|drivers)(?![a-z])")


class FieldSpans:
    """Spans of a text's data-kind words, looked up by position (a text can hold thousands)."""

    def __init__(self, spans):
        self.spans = sorted(spans)
        self.starts = {s for s, _ in self.spans}
        self.ends = {e for _, e in self.spans}
        self.longest = max((e - s for s, e in self.spans), default=0)

    def containing(self, start: int, end: int) -> int | None:
        """The end of the first span that holds [start, end) and goes on past it."""
        i = bisect_right(self.spans, (start, float("inf")))
        first = bisect_left(self.spans, (start - self.longest, -1), 0, i)
        return next((e for s, e in self.spans[first:i] if end < e), None)


def is_field_item(norm: str, start: int, end: int, field_spans) -> bool:
    """A service named as one item of a list of data fields ("手机、学信网账号密码、微信号")."""
    if field_spans is None:
        return False
    if not isinstance(field_spans, FieldSpans):
        field_spans = FieldSpans(field_spans)
    # inside a data-kind word ("微信号", "qq号"), a space is separator enough: "手机号 微信号 粉丝数"
    inside = field_spans.containing(start, end)
    if inside is not None:
        gap_before = re.search(r"\s{1,2}$", _before(norm, start, 4))
        if gap_before and start - len(gap_before.group(0)) in field_spans.ends:
            return True
        gap_after = re.match(r"\s{1,2}", norm[inside:inside + 3])
        if gap_after and inside + gap_after.end() in field_spans.starts:
            return True
    after = _after(norm, end, 40)
    m = _ITEM_AFTER.match(after)
    if not m:
        return False
    prev = _ITEM_BEFORE.search(_before(norm, start, 8))
    prev_item = prev is not None and start - len(prev.group(0)) in field_spans.ends
    nxt = end + m.end()
    next_item = m.group(0).strip() not in ("", ")", "）") and nxt in field_spans.starts
    return prev_item or next_item


# Breach prose ("In March 2020, the stock photo site 123RF suffered a data breach"): the breached
# organisation is the subject of the breach verb, or follows "data from", "breach of", "known as" ...
_EN_BREACH_AFTER = re.compile(
    r"^(?:['’]s?)?(?:\s?\([^()]{0,60}\)|\s\"[^\"]{1,60}\")?(?:\s[a-z0-9]{2,20})?"
    r"(?:\s(?:forums?|website|site|app|service|community|platform|database|store|game|system|portal|server|backend|crm)"
    r"(?:\s?\([^()]{0,60}\))?)?"
    r"(?:\sin\s(?:the\s)?[a-z]{2,20}(?:\s[a-z]{2,20})?)?(?:,\s(?:the|a|an|which|who)\s[^,.;()]{1,80},)?,?\s(?:(?:has|have|had)\s)?"
    r"(?:(?:also|allegedly|reportedly|then|subsequently|itself|inadvertently|accidentally|apparently|later|first)\s){0,2}"
    r"(?:suffered|experienced|sustained|fell victim|had an?\s(?:[a-z]+\s)?(?:breach|incident|hack|leak)"
    r"|(?:was|were)\s(?:the\s)?subject (?:of|to)\s[^.;]{0,30}?(?:breach|hack|leak|attack)"
    r"|(?:was|were|had been|has been|have been)\s(?:(?:also|allegedly|reportedly|then|subsequently|massively|\"massively)\s)?"
    r"(?:hacked|breached|compromised|exposed|attacked|targeted|taken over|infiltrated|defaced|hijacked|leaked|dumped|the (?:target|victim)|reported (?:as having|to have)|found (?:to be )?(?:leaking|exposing))"
    r"|(?:announced|disclosed|confirmed|advised|notified|reported|acknowledged|admitted)\s[^.;]{0,60}?(?:breach|hack|incident|attack|unauthori[sz]ed|compromise|exposure)"
    r"|(?:exposed|leaked|lost)\s|left\s[^.;]{0,60}?exposed|published\s(?:a|their|its)\s[^.;]{0,30}?(?:database|backup|data|records)"
    r"|had\s[^.;]{0,60}?\s(?:hacked|exposed|breached|compromised|leaked|dumped|taken|stolen|obtained|accessed|scraped|posted|published))"
)
_EN_BREACH_BEFORE = re.compile(
    r"(?:(?<![a-z])(?:breach(?:es)?|hack|leak|dump|compromise|incident|attack|intrusion)\s(?:at|on|against)|"
    r"(?<![a-z])(?:breach(?:es)?|hack|leak|dump|compromise|incident|data|records?|accounts|customers|users|members|"
    r"subscribers|emails?|addresses|rows|database|backup)\s(?:of|from|attributed to|belonging to)|"
    r"(?<![a-z])(?:vulnerability|vulnerabilities|flaw|misconfiguration|bug)\s(?:in|at)|"
    r"(?<![a-z])(?:obtained|taken|stolen|scraped|sourced|originating|exfiltrated|pulled|extracted)\s(?:[a-z]{1,12}\s)?from|"
    r"attributed to|belonging to|known as|referred to as|titled|dubbed)\s"
    r"(?:(?:the|a|an)\s)?(?:[\w'’.\-\"“”]{1,25}\s){0,6}?(?:known as\s|called\s|named\s)?[\"“]?$"
)
# "the stock photo site 123RF", "the crypto exchange platform BTC-Alpha": a breach sentence names its victim so.
_EN_DESCRIBED_BEFORE = re.compile(
    r"(?<![a-z])(?:site|website|service|forums?|app|application|company|platform|store|shop|retailer|provider|"
    r"marketplace|network|game|portal|community|firm|maker|developer|operator|brand|exchange|bank|chain|agency|"
    r"magazine|blog|club|school|university|hospital|insurer|carrier|airline|hotel|pharmacy|broker|group|"
    r"organi[sz]ation|charity|party|department|ministry|manufacturer|publisher|software|spyware|wallet|vpn|isp|"
    r"tracker|aggregator|startup|giant|business|producer|distributor|supplier|vendor|registrar|host|library|"
    r"clinic|museum|council|union|association|foundation|institute|college|academy|newspaper|station|operation)"
    r"\s(?:known as\s|called\s|named\s)?[\"“]?$"
)
_BREACH_GATE = re.compile(r"breach|hack|expos|leak|compromis|obtained|taken|stolen|scraped|attributed|belonging|"
                          r"known as|referred to|sourced|originating|exfiltrated|pulled|extracted|published|announced|"
                          r"disclosed|dump|target|victim|left|lost|suffered|data|records|accounts|users|customers|emails")
_BREACH_WORD = re.compile(r"breach|hack|vulnerab|leak|dump|expos|compromis|stolen|obtained|for sale|posted|scraped|ransom|attack|taken")
# Words one of which each of the three patterns above needs: without any of them in a text, no name in it
# is a breach's subject (a cheap test before reading every capitalised word of a long text).
_SUBJECT_WORDS = re.compile(
    r"suffered|experienced|sustained|victim|breach|incident|hack|leak|subject|compromis|attack|target|taken|infiltrat|"
    r"deface|hijack|dump|report|found|announc|disclos|confirm|advis|notif|acknowledg|admit|expos|lost|left|publish|"
    r"stolen|obtained|accessed|scraped|posted|"  # _EN_BREACH_AFTER
    r"intrusion|data|record|account|customer|user|member|subscriber|mail|address|rows|backup|vulnerab|flaw|"
    r"misconfiguration|bug|sourced|originat|exfiltrat|pulled|extract|attributed to|belonging to|known as|"
    r"referred to as|titled|dubbed|"  # _EN_BREACH_BEFORE
    r"for sale|ransom"  # _BREACH_WORD
)


def _sentence(norm: str, start: int, end: int, width: int = 300) -> str:
    lo = max(0, start - width)
    cut = max(norm.rfind(". ", lo, start), norm.rfind("\n", lo, start))
    hi = norm.find(". ", end, end + width)
    return norm[cut + 1 if cut >= 0 else lo:hi if hi >= 0 else end + width]


_LOWER_WORD = re.compile(r" [a-z]")


def breach_subject(norm: str, start: int, end: int) -> bool:
    """The organisation a breach sentence is about ("X suffered a breach", "data from the site X")."""
    if norm[end:end + 1] == "!" and _LOWER_WORD.match(norm, end + 1):
        end += 1  # "Yahoo! had their service compromised": the "!" is the name's
    if _EN_BREACH_AFTER.match(_after(norm, end, 120)):
        return True
    before = _before(norm, start, 90)
    if _EN_BREACH_BEFORE.search(before):
        return True
    return bool(_EN_DESCRIBED_BEFORE.search(_before(norm, start, 40))
                and _BREACH_WORD.search(_sentence(norm, start, end)))


# Forum and shop software: named with the victim's site ("their vBulletin forum"), never the victim itself.
_PLATFORM_SOFTWARE = frozenset(("vbulletin", "xenforo", "phpbb", "mybb", "invision", "ipb", "wordpress", "discuz",
                                "magento", "woocommerce", "prestashop", "opencart", "joomla", "drupal", "smf"))
_SOFTWARE_AFTER = re.compile(r"[\s\-]?(?:based|powered|forums?|boards?|software|installation|instance|site|plugin)(?![a-z])")


_ANONYMISED_BEFORE = re.compile(r"某[省市县区地家个]?$")


def classify(norm: str, start: int, end: int, weak: bool, field_spans=None, after_end: int | None = None,
             breach: bool = True) -> bool | None:
    """True: claimed as the data's source; False: a passing mention (negative cue); None: no cue either way.

    `field_spans`: (start, end) of the data-kind words of the text; `after_end`: where the words
    after the name start when places follow it ("京东 北京 上海 … 用户数据").
    """
    before = _before(norm, start, 24)
    after = _after(norm, after_end if after_end is not None else end, 40)
    if norm[start:end] in _PLATFORM_SOFTWARE and _SOFTWARE_AFTER.match(norm, end):
        return False  # "the compromised vBulletin forum": the software the victim ran
    if _FIELD_LIST.search(_before(norm, start, 60)) or is_field_item(norm, start, end, field_spans):
        return False  # "字段：姓名、手机号、学信网账号密码": a kind of data, not its source
    if _ZH_PASSING_BEFORE.search(before) or _EN_PASSING_BEFORE.search(before):
        return False
    if _ANONYMISED_BEFORE.search(before):
        return False  # "某省教育厅", "某市公安局": some office of that kind, not the named body
    if _ZH_PASSING_AFTER.match(after) or _EN_PASSING_AFTER.match(after):
        return False
    if weak:
        # ordinary words: only when a cue word touches them ("移动用户", "移动数据")
        return True if (_WEAK_ZH_AFTER.match(after) or _WEAK_EN_AFTER.match(after)
                        or (breach and breach_subject(norm, start, end))) else None
    if before.endswith(("【", "[", "「", "『")) and after[:1] in ("】", "]", "」", "』"):
        return True  # listing title "【趣店】…"
    if _ZH_SOURCE_AFTER.match(after) or _EN_SOURCE_AFTER.match(after):
        return True
    if _ZH_SOURCE_BEFORE.search(before) or _EN_SOURCE_BEFORE.search(before):
        return True
    if breach and breach_subject(norm, start, end):
        return True
    return None


# Names for several companies at once: a listing naming the group claims each member as a source.
# "三通一达" is the trade's name for the four Tongtu couriers, 申通, 圆通, 中通 and 韵达.
GROUPS = {
    "三通一达": ("STO Express", "YTO Express", "ZTO Express", "Yunda Express"),
}


class BrandMatcher:
    def __init__(self, watchlist: Iterable = (), dictionary: list[BrandEntry] | None = None):
        entries = list(dictionary if dictionary is not None else load_dictionary())
        watch_entries = []
        explicit: set[tuple[str, str]] = set()  # (watched name, key) the watchlist itself lists
        word_like: set[str] = set()  # keys of watched domains' names, read as ordinary words ("Cannabis" of cannabis.com)
        for w in watchlist:
            terms = [str(w.name)] + [str(a) for a in (getattr(w, "aliases", None) or [])]
            explicit.update((str(w.name), norm_term(t)) for t in terms)
            listed = {norm_term(t) for t in terms}
            word_like.update(norm_term(d) for t in terms for d in [domain_name(_BARE_NAME.sub("", t).strip())]
                             if d and norm_term(d) not in listed)
            watch_entries.append(BrandEntry(str(w.name), tuple(dict.fromkeys(terms + [f for t in terms for f in _name_forms(t)])),
                                            "watchlist", True))
        # alias -> watchlist name; a dictionary entry sharing its name or any alias is folded into that name
        watch_alias: dict[str, str] = {}
        for w in watch_entries:
            for a in w.aliases:
                watch_alias.setdefault(norm_term(a.lstrip("~")), w.name)
        self.watch_order = {w.name: i for i, w in enumerate(watch_entries)}
        auto = ahocorasick.Automaton()
        resolved: list[tuple[BrandEntry, str, bool]] = []  # (entry, name reported, watched)
        member: dict[str, tuple[str, bool]] = {}  # dictionary name -> (name reported, watched), for GROUPS
        for entry in entries:
            target = next((watch_alias[k] for k in map(norm_term, (entry.name, *(a.lstrip("~") for a in entry.aliases)))
                           if k in watch_alias), entry.name)
            resolved.append((entry, target, target in self.watch_order))
            member[entry.name] = (target, target in self.watch_order)
        for group, members in GROUPS.items():  # before the aliases, so a listed alias overrides a group name
            found = tuple(member[m] for m in members if m in member)
            if found and self._usable(norm_term(group)):
                key = norm_term(group)
                auto.add_word(key, (len(key), found, False, False, False, False, False, False))
        watched_keys: dict[str, tuple[tuple, bool]] = {}
        known: set[str] = set()  # the dictionary's keys
        # watchlist last so its aliases win collisions; an alias two watched brands share alerts both, but a
        # listed term beats another brand's usual form of its name ("Go Games" over "Go Games (2020)")
        for entry, target, is_watch in resolved + [(w, w.name, True) for w in watch_entries]:
            for alias in entry.aliases:
                weak = alias.startswith("~")
                key = norm_term(alias.lstrip("~"))
                if not self._usable(key):
                    continue
                if key.isdigit():
                    weak = True  # "12306", "10086": numbers, unless a cue word touches them
                carrier = weak and entry.category == "telecom"
                names = ((target, is_watch),)
                if entry.watch:
                    listed = (target, key) in explicit
                    if key in watched_keys:
                        before, before_listed = watched_keys[key]
                        if before_listed and not listed:
                            continue
                        if before_listed == listed and (target, True) not in before:
                            names = before + names
                    watched_keys[key] = (names, listed)
                else:
                    known.add(key)
                # a watched domain's name is read as a word unless the dictionary knows it as a name
                ordinary = _DOMAIN_WORD if entry.watch and not listed and key in word_like and key not in known else ordinary_words(key)
                # Latin or digit ends must not run on into a word: checked in find(), flags kept here
                auto.add_word(key, (len(key), names, weak, _latin(key[0]), _latin(key[-1]), key.isdigit(), carrier,
                                    ordinary))
        auto.make_automaton()
        self.automaton = auto
        self.form_keys = frozenset(k for k, (_, listed) in watched_keys.items() if not listed)  # forms, listed by none
        self.spaced_forms = any(" " in k and is_cjk(k[0]) for k in self.form_keys)  # "顺 丰"
        self.size = len(auto)

    @staticmethod
    def _usable(key: str) -> bool:
        if not key:
            return False
        cjk = sum(1 for c in key if is_cjk(c))
        if cjk and len(key) < 2:
            return False  # one-character CJK aliases collide with ordinary words
        if not cjk and len(key) < 2:
            return False
        return True

    def find(self, norm: str, field_spans=None, places=None, found=None, text: str | None = None,
             figures=(), title_end: int | None = None, accented: bool | None = None) -> list[BrandHit]:
        """`field_spans`: spans of data-kind words; `places`: spans of region names (both optional);
        `found`: this automaton's hits from a shared pass (terms.TermScan), else the text is scanned here;
        `text`: the original text when it aligns with `norm` character for character (its capitals are read);
        `figures`: where the record counts of the text start; `title_end`: title_span(norm) if known;
        `accented`: does the text hold a Latin letter with an accent (ACCENTED, from the shared scan; else looked at)."""
        if field_spans is not None:
            field_spans = FieldSpans(field_spans)
        runs = _PlaceRuns(norm, places or ())
        raw = []
        spaced = self.spaced_forms
        found = self.automaton.iter(norm) if found is None else found
        if self.watch_order and _BRACKETED_ACRONYM.search(norm):
            found = list(found) + self._across_acronyms(norm)
        if accented is None:
            accented = bool(self.watch_order) and not norm.isascii() and _ACCENTED_LETTER.search(norm) is not None
        if accented and self.watch_order:
            found = list(found) + self._without_accents(norm)
        for end_idx, (length, names, weak, latin_start, latin_end, digits, carrier, ordinary) in found:
            start = end_idx - length + 1
            end = end_idx + 1
            if latin_start and start > 0 and norm[start - 1] in WORD_CHARS and not _MULTIPLIER_BEFORE.search(norm, max(0, start - 8), start):
                continue
            if latin_end and norm[end:end + 1] in WORD_CHARS and not (norm[end - 1].isalpha() and _FIGURE_AFTER.match(norm, end)) \
                    and not _tag_ends(norm, text, start, end, names):
                continue
            if latin_start and norm[start].isdigit() and start > 1 and norm[start - 1] in ".," and norm[start - 2].isdigit():
                continue  # "13,000 webhost": a number's digits
            if spaced and start > 0 and " " in norm[start:end] and is_cjk(norm[start - 1]) and is_cjk(norm[start]):
                continue  # "风调雨顺 丰收": a spaced Chinese name does not start inside a word
            # a number's digits, not a name: "1,688", "3.12306"; "网易,12306,LinkedIn" lists names
            if digits and ((start > 1 and norm[start - 1] in ".," and norm[start - 2].isdigit())
                           or (norm[end:end + 1] in (".", ",") and norm[end + 1:end + 2].isdigit())):
                continue
            if is_cjk(norm[start]) and runs.inside(start):
                continue  # "全国美容院" holds no 国美: a name cannot start inside a place name
            if carrier and start in runs.ends:
                weak = False  # "江苏移动", "广州电信": a carrier's provincial or city company, a name, not a word
            if ordinary == _DOMAIN_WORD:
                if text is None or not text[start:start + 1].isupper():
                    continue  # "cannabis": the word, not the name of cannabis.com
                ordinary = 1
            if ordinary and text is not None:
                if ordinary == 2 and _written_as_words(text[start:end], names[0][0]):
                    continue  # "US bank customers": words, not the bank "US Bank"
                if ordinary == 1 and not text[start:start + 1].isupper():
                    if not any(watch for _, watch in names):
                        if weak:
                            continue  # "3,300 verified accounts": the word, not the forum "Verified"
                    else:
                        weak = True  # "orange county": a watched ordinary word in lower case needs a cue
            raw.append((start, end, names, weak, ordinary == 1 and text is not None))
        # longest-leftmost, non-overlapping
        raw.sort(key=lambda r: (r[0], -(r[1] - r[0])))
        # a watched name inside a longer dictionary name is what the watcher wants told ("QQ" in "QQ Music")
        watched = [r for r in raw if any(w for _, w in r[2])]
        if len(watched) > 1 and self.form_keys:
            # a listed term beats another watched name's form where both start ("R2 Games": "R2" over "R2Games")
            listed_at = {r[0] for r in watched if norm[r[0]:r[1]] not in self.form_keys}
            raw.sort(key=lambda r: (r[0], r[0] in listed_at and norm[r[0]:r[1]] in self.form_keys, -(r[1] - r[0])))
        if watched:
            raw = [r if any(w for _, w in r[2]) else _watched_inside(r, watched) for r in raw]
        hits: list[BrandHit] = []
        neutral: list[bool] = []
        last_end = -1
        title_end = title_span(norm) if title_end is None else title_end
        breach = _BREACH_GATE.search(norm) is not None  # no breach wording: no breach sentence to read
        figures = sorted(figures)
        for start, end, names, weak, ordinary in raw:
            if start < last_end:
                continue
            # a handle opening the title is the name ("@Acme customers leaked"); elsewhere "@X" is a contact or an address
            opening_handle = start == 1 and norm[0] == "@" and end <= title_end
            if start > 0 and norm[start - 1] == "@" and not opening_handle:
                verdict = False  # e-mail domain of a contact or a sample
            elif weak and last_end > 0 and start - last_end <= 1 and not norm[last_end:start].strip():
                verdict = False  # an ordinary word right after a brand names its product ("Discord nitro accounts")
            else:
                verdict = classify(norm, start - opening_handle, end, weak, field_spans, runs.skip(end), breach)
                if verdict is None and end <= title_end and any(watch for _, watch in names):
                    # a watched name in a listing's title is what it sells ("唯品会会员数据80W"); an ordinary word
                    # only as the title's subject ("Zoom | 530k", not "Zoom in: US leads")
                    verdict = not ordinary or _title_subject(norm, text, start, end, field_spans, title_end)
                elif verdict is None and not weak and any(watch for _, watch in names) and _counted_after(norm, end, figures):
                    verdict = True  # "Brightmart loyalty club: 5.3M members": what the clause goes on to count
            for name, watch in names:  # a group name ("三通一达") stands for each of its members
                hits.append(BrandHit(name, start, end, bool(verdict), watch))
                neutral.append(verdict is None)
            last_end = end
        # "趣店、拍拍贷、宜人贷用户数据": the cue after the last item covers the whole list
        for i in range(len(hits) - 2, -1, -1):
            a, b = hits[i], hits[i + 1]
            if b.source and neutral[i] and _ENUM_GAP.fullmatch(norm[a.end:b.start]):
                hits[i] = BrandHit(a.name, a.start, a.end, True, a.watch)
        if not title_end and _BREACH_REPORT.search(norm):
            hits = _first_subject(norm, hits)
        return hits

    def _across_acronyms(self, norm: str) -> list[tuple[int, tuple]]:
        """Watched names written across an acronym in brackets ("World Poker Tour (WPT) Amateur Poker League"): the
        words around each such acronym are read again without it, and without its brackets."""
        out = []
        for m in islice(_BRACKETED_ACRONYM.finditer(norm), _ACRONYMS_READ):
            lo, hi = max(0, m.start() - _ACRONYM_REACH), min(len(norm), m.end() + _ACRONYM_REACH)
            cut = m.start() - lo  # where " (" was in the view
            for inner in ("", m.group(1) + " "):
                view = norm[lo:m.start()] + " " + inner + norm[m.end():hi]
                resume = cut + 1 + len(inner)  # view index of norm[m.end()]
                for end_idx, payload in self.automaton.iter(view):
                    start, end = end_idx - payload[0] + 1, end_idx + 1
                    if end <= resume or not (start < cut or (inner and start == cut + 1)):
                        continue  # not across the acronym: read in the text itself
                    if not any(watch for _, watch in payload[1]) or (start > 0 and view[start - 1] in WORD_CHARS) \
                            or view[end:end + 1] in WORD_CHARS:
                        continue
                    norm_start = lo + start if start < cut else m.start() + 2
                    norm_end = end - resume + m.end()
                    out.append((norm_end - 1, (norm_end - norm_start, *payload[1:])))
        return out

    def _without_accents(self, norm: str) -> list[tuple[int, tuple]]:
        """Watched names written with accents the watchlist does not write ("Nestlé" for "Nestle"): the text is read
        again without its accents (one letter for one, so offsets stay those of `norm`)."""
        view = norm.translate(_ACCENT_FREE)
        out = []
        for end_idx, payload in self.automaton.iter(view):
            start = end_idx - payload[0] + 1
            if any(watch for _, watch in payload[1]) and view[start:end_idx + 1] != norm[start:end_idx + 1]:
                out.append((end_idx, payload))
        return out

    def sources(self, hits: list[BrandHit]) -> list[BrandHit]:
        """First source hit per brand; watchlist brands first (watchlist order), then text order."""
        first: dict[str, BrandHit] = {}
        for h in hits:
            if h.source and h.name not in first:
                first[h.name] = h
        watch = sorted((h for h in first.values() if h.watch), key=lambda h: self.watch_order.get(h.name, 0))
        rest = [h for h in first.values() if not h.watch]
        return watch + rest


_BREACH_REPORT = re.compile(r"suffered|breach|was hacked|were (?:exposed|leaked)|had (?:their|its) ")


def _first_subject(norm: str, hits: list[BrandHit]) -> list[BrandHit]:
    """In prose, the first sentence naming a source names the breached organisation; sources named in
    later sentences are earlier breaches, platforms or payment services ("reused in the Sony breach")."""
    first = next((h for h in hits if h.source), None)
    if first is None:
        return hits
    cut = norm.find(". ", first.end)
    if cut < 0:
        return hits
    return [h if h.start < cut or not h.source else BrandHit(h.name, h.start, h.end, False, h.watch) for h in hits]


_TITLE_MAX = 160
# a full stop between words: prose, unless it ends an abbreviation ("1,3 Mio. Datensätze", "approx. 2M")
_PROSE_BREAK = re.compile(r"\.(?<=[a-z0-9)\"”]\.)\s[a-z]")
_ABBREVIATIONS = frozenset(("mio", "mln", "mrd", "approx", "inc", "ltd", "corp", "co", "no", "nr", "vs", "etc", "ca", "st"))
_WORD_BEFORE = re.compile(r"[a-z]+$")


def title_span(norm: str) -> int:
    """End of the listing's title: its first line, when that is short and not prose (else 0)."""
    start = len(norm) - len(norm.lstrip())  # blank lines before the title
    cut = norm.find("\n", start, start + _TITLE_MAX + 1)
    end = cut if cut >= 0 else len(norm)
    if end - start > _TITLE_MAX:
        return 0
    for m in _PROSE_BREAK.finditer(norm, start, end):
        word = _WORD_BEFORE.search(norm, start, m.start())
        if not (word and word.group() in _ABBREVIATIONS and not norm[word.start() - 1:word.start()].isalnum()):
            return 0
    return end


_BARE_NAME = re.compile(r"\s*\([^()]*\)$|\s+(?:dump|database|db|breach|leak|scrape|scraped data|combo ?list|collection)$", re.I)
_COMPANY_SUFFIX = re.compile(r",?\s{1,3}(?:inc|ltd|llc|gmbh|plc|corp|corporation|limited|co\.?,? ltd|pty\.? ltd|s\.a|s\.r\.l|b\.v|ag)\.?$", re.I)
_INNER_ACRONYM = re.compile(r"\s\([A-Z][A-Z0-9&]{1,5}\)(?=\s)")  # "World Poker Tour (WPT) Amateur League"
_TRAILING_ACRONYM = re.compile(r"\s\(([A-Z][A-Z&]{1,5})\)$")  # "National Rifle Association (NRA)"
_DOMAIN_NAME = re.compile(r"(?:www\.)?([a-z][a-z0-9\-]{5,40})(?:\.[a-z]{2,6}){1,2}", re.I)  # "Bukalapak.com"
# letters the Unicode decomposition leaves whole; German umlauts are also written ae, oe, ue
_UNACCENTED = str.maketrans({"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ı": "i", "æ": "ae", "Æ": "Ae",
                             "œ": "oe", "Œ": "Oe", "ß": "ss"})
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})
_PARTS = re.compile(r"[A-Za-z]+|[0-9]+")
_SEPARATORS_ONLY = re.compile(r"[A-Za-z0-9\s\-.]+")  # letters, digits and the separators varied
_JOINS = ("", " ", "-")
_DEFANGED_DOTS = ("[.]", "(.)", "[dot]", "(dot)")


def _name_forms(term: str) -> list[str]:
    """Other ways a watched name is written: without a trailing note or kind word ("Zoosk (2011)", "Yandex Dump"
    → "Zoosk", "Yandex"), a company suffix ("Acme Ltd") or an acronym in brackets, by a domain's name alone
    ("Bukalapak.com" → "Bukalapak"), without accents, and with its words and digits run together, split by a
    space, a hyphen or a dot ("T-Mobile": "TMobile", "t mobile"; "Xbox 360 ISO": "XBOX360 ISO");
    a Chinese name with spaces between its characters ("顺 丰")."""
    bare = _BARE_NAME.sub("", term).strip()
    bare = bare if len(bare) >= 3 else term
    names = [bare]
    acronym = _TRAILING_ACRONYM.search(term)
    if acronym:
        names.append(acronym.group(1))
    for name in list(names):
        for short in (_COMPANY_SUFFIX.sub("", name).strip(), _INNER_ACRONYM.sub("", name)):
            if short != name and len(short) >= 3:
                names.append(short)
    domain = domain_name(bare)
    if domain:
        names.append(domain)
    site = re.sub(r"\s+forums?$", "", bare, flags=re.I)
    if site != bare and (" " in site or re.search(r"[a-z][A-Z0-9]", site)):
        names.append(site)  # "Bleach Anime Forum" ← "the forum for the Bleach Anime series"; not "Movie Forums" ← "Movie"
    for name in list(names):
        names += [n for n in (_without_accents(name), _without_accents(name.translate(_UMLAUTS))) if n != name]
    forms = list(names)
    for name in names:
        forms += _spellings(name) + _spaced_chinese(name)
    return list(dict.fromkeys(forms))


_DOMAIN_WORD = 3  # the `ordinary` flag of a watched domain's name: a name only written with its capital


def domain_name(term: str) -> str | None:
    """"Bukalapak" of the watched domain "Bukalapak.com". It is a name only where written with its capital and read
    as an ordinary word is (a title's subject, or with a cue), since many such names are words too ("cannabis.com")."""
    m = _DOMAIN_NAME.fullmatch(term)
    return m.group(1) if m and m.group(1).casefold() not in COMMON_WORDS else None


def _without_accents(name: str) -> str:
    """"Société Générale" → "Societe Generale" (Latin letters only: other scripts keep their marks)."""
    out = []
    for ch in unicodedata.normalize("NFD", name.translate(_UNACCENTED)):
        if unicodedata.combining(ch) and out and out[-1].isascii():
            continue
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))


def _accent_free_table() -> dict[int, str]:
    """Each Latin letter with an accent, as normalised text writes it, → the letter without ("é" → "e", "ø" → "o")."""
    table = {}
    for code in range(0xC0, 0x250):
        ch = norm_term(chr(code))
        plain = _without_accents(ch)
        if len(ch) == 1 and not ch.isascii() and len(plain) == 1 and plain.isascii() and plain.isalpha():
            table[ord(ch)] = plain
    return table


_ACCENT_FREE = _accent_free_table()
# Found in the shared scan of the text (terms.TermScan): a text holding none needs no reading without accents.
ACCENTED = ahocorasick.Automaton()
for _code in _ACCENT_FREE:
    ACCENTED.add_word(chr(_code), True)
ACCENTED.make_automaton()
_ACCENTED_LETTER = re.compile("[" + "".join(map(chr, _ACCENT_FREE)) + "]")


def _spellings(name: str) -> list[str]:
    """A Latin name of words and digits written with other joins: words run together, spaced, hyphenated or dotted
    (the same join throughout, or as written), letters and digits run together, spaced or hyphenated (every mix),
    and the dots of a domain defanged ("wish[.]com"). A camel-case name of six letters or more splits at its
    capitals ("TruthFinder")."""
    if not name.isascii() or not _SEPARATORS_ONLY.fullmatch(name):
        return []
    parts, written = [], []  # written[i]: the separator before parts[i + 1] in the name
    for m in _PARTS.finditer(name):
        pieces = re.sub(r"(?<=[a-z])(?=[A-Z][a-z])", " ", m.group()).split() if len(name) >= 6 else [m.group()]
        if parts:
            written.append(name[end:m.start()])
        written += [""] * (len(pieces) - 1)
        parts += pieces
        end = m.end()
    if not 2 <= len(parts) <= 6:
        return []
    # letters against digits, but not a single letter ("R2" is not "R 2")
    digit = [parts[i][-1].isdigit() != parts[i + 1][0].isdigit() and not any(p.isalpha() and len(p) == 1 for p in parts[i:i + 2])
             for i in range(len(parts) - 1)]
    digit_joins = list(product(_JOINS, repeat=sum(digit))) if sum(digit) <= 2 else [(j,) * sum(digit) for j in _JOINS]
    out = []
    for word_join in (None, "", " ", "-", "."):
        for chosen in digit_joins:
            chosen = iter(chosen)
            seps = [next(chosen) if d else (w if word_join is None else word_join) for d, w in zip(digit, written)]
            form = parts[0] + "".join(sep + part for sep, part in zip(seps, parts[1:]))
            if len(form.replace(" ", "").replace("-", "").replace(".", "")) >= 5:  # "ab" from "A.B." would be a word
                out.append(form)
    if "." in name:
        out += [name.replace(".", dot) for dot in _DEFANGED_DOTS]
    return out


def _spaced_chinese(name: str) -> list[str]:
    """"顺 丰", "平安 银行": a Chinese name with a space between some of its characters (every mix up to four
    characters, else a space between each)."""
    if not 2 <= len(name) <= 12 or not all(is_cjk(c) for c in name):
        return []
    if len(name) > 4:
        return [" ".join(name)]
    out = []
    for seps in product(("", " "), repeat=len(name) - 1):
        if any(seps):
            out.append(name[0] + "".join(sep + ch for sep, ch in zip(seps, name[1:])))
    return out


_BRACKETED_ACRONYM = re.compile(r" \(([a-z][a-z0-9&]{1,5})\) ")
_ACRONYM_REACH = 80
_ACRONYMS_READ = 16  # a text names its organisation's acronym once or twice; a hostile one may hold thousands


def _tag_ends(norm: str, text: str | None, start: int, end: int, names) -> bool:
    """Does a watched name end where a hashtag's or a file name's word does ("#zomato_users", "zomato_2024.csv") or
    at a capital of a camel-case word ("#SwiggyLeak")?"""
    if not any(watch for _, watch in names):
        return False
    if norm[end] == "_":
        return start == 0 or norm[start - 1] in "#_ \t\n" 
    return text is not None and text[end - 1].islower() and text[end].isupper()


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


_PLACE_GAP_END = re.compile(r"[^ 、,，/]")


class _PlaceRuns:
    """Runs of place names ("京东 北京 上海 天津 用户数据"), computed once per text so that each brand hit asks
    in O(log n): a scan of every place per hit was quadratic on hostile text."""

    def __init__(self, norm: str, places):
        spans = sorted(set(places))
        self.starts = [s for s, _ in spans]
        self.ends = {e for _, e in spans}
        self.norm = norm
        self.reach = []  # reach[i]: the furthest end among spans[:i + 1]
        for _, e in spans:
            self.reach.append(max(e, self.reach[-1]) if self.reach else e)
        self.spans = spans
        self._run_end: dict[int, int] = {}  # filled on demand: most texts ask it of a place or two

    def _next(self, pos: int) -> int | None:
        """Index of the place that starts at `pos` or after only separators (" 、,，/") from it."""
        j = bisect_left(self.starts, pos)
        if j == len(self.starts):
            return None
        m = _PLACE_GAP_END.search(self.norm, pos, self.starts[j] + 1)
        return j if m is None or m.start() >= self.starts[j] else None

    def inside(self, pos: int) -> bool:
        """Does a place name run across `pos` (start before it, end after it)?"""
        i = bisect_left(self.starts, pos) - 1
        return i >= 0 and self.reach[i] > pos

    def skip(self, end: int) -> int | None:
        """End of a run of place names right after a brand ending at `end`, else None."""
        j = self._next(end) if self.starts else None
        return None if j is None else self._end_of_run(j)

    def _end_of_run(self, i: int) -> int:
        """End of the run of places that goes on from place i; each place is looked at once per text."""
        chain = []
        while i not in self._run_end:
            chain.append(i)
            j = self._next(self.spans[i][1])
            if j is None:
                self._run_end[i] = self.spans[i][1]
                break
            i = j
        end = self._run_end[i]
        for k in chain:
            self._run_end[k] = end
        return end


def _watched_inside(r, watched):
    """A dictionary hit `r` takes the names of the first watched hit inside it ("QQ" in "QQ Music"); `watched`
    is sorted by start, so only the watched hits starting within `r` are looked at."""
    i = bisect_left(watched, r[0], key=lambda w: w[0])
    while i < len(watched) and watched[i][0] < r[1]:
        w = watched[i]
        if w[1] <= r[1]:
            return (r[0], r[1], w[2], *r[3:])
        i += 1
    return r


_FIGURE_REACH = 40
_FIGURE_BREAK = re.compile(r"[。；;!！?？\n|]|\.(?=\s)")  # the clause ends: a sentence's full stop too


def _counted_after(norm: str, end: int, figures: list[int]) -> bool:
    """Does a record count start within the clause right after a name ("Vantor community forum, 310k members")?"""
    i = bisect_left(figures, end)
    return i < len(figures) and figures[i] - end <= _FIGURE_REACH and not _FIGURE_BREAK.search(norm, end, figures[i])


def _written_as_words(written: str, name: str) -> bool:
    """"US bank" for the name "US Bank": the writer capitalised the first word and not the next ones."""
    words, canonical = written.split(), name.split()
    return (len(words) > 1 and len(words) == len(canonical) and words[0][:1].isupper()
            and any(w[:1].islower() and c[:1].isupper() for w, c in zip(words[1:], canonical[1:])))


# What follows a title's subject: a separator, the end, a figure ("ORANGE | 3.4M", "Orange 1,8M")
_SUBJECT_FOLLOWS = re.compile(r"\s{0,2}(?:$|[|:•—–\-/,(\[\]»★]|~?\d)")
_CODE_FOLLOWS = re.compile(r"\s[A-Z]{2,3}(?!\w)")  # a country code: "ORANGE FR | 3.4M"


def _title_subject(norm: str, text: str, start: int, end: int, field_spans, title_end: int) -> bool:
    """Is an ordinary word the subject of the title: written with its capital, and followed by a separator, a
    figure, a country code or a kind of data ("Chase bank logs 300 pcs"), not by other words ("Target audience")?"""
    if not text[start:start + 1].isupper():
        return False
    if _SUBJECT_FOLLOWS.match(norm, end, title_end):
        return True
    code = _CODE_FOLLOWS.match(text, end, title_end)
    if code:
        return bool(_SUBJECT_FOLLOWS.match(norm, code.end(), title_end))
    return field_spans is not None and norm[end:end + 1] == " " and end + 1 in field_spans.starts


_ENUM_GAP = re.compile(r"\s{0,2}(?:、|/|,|和|及|与|and|&|\+)\s{0,2}|\s{1,2}")

_GENERIC_SOURCE = re.compile(
    r"某[\u4e00-\u9fffa-z0-9]{0,8}?(?:平台|公司|银行|网站|app|商城|医院|学校|高校|大学|学院|中学|小学|酒店|机构|集团|网|厂|快递|"
    r"运营商|保险|交易所|交易中心|交易|中心|教育厅|厅|局|委|协会|会议|网贷|贷|游戏|论坛|社区|站|店|中介|校|群|p2p)"
    r"(?:平台|网站|app|公司|中心)?"
)


def generic_source(norm: str) -> tuple[int, int] | None:
    """Span of an anonymised source ("某贷平台", "某银行", "某省教育厅") when no brand is named."""
    m = _GENERIC_SOURCE.search(norm)
    return (m.start(), m.end()) if m else None


# A source the dictionary does not know, named by a domain ("www.datingsite.com 后台数据", "889.bet 渗透数据").
_TLDS = ("com|net|org|info|biz|cn|bet|io|co|me|tv|cc|xyz|top|vip|club|online|site|shop|app|ru|uk|de|fr|jp|kr|br|in|"
         "it|es|nl|pl|au|ca|us|eu|ws|la|so|to|su|ua|vn|tw|hk|id|my|th|ph|sg|gov|edu|mx|ar|tr|ir|pk|bd|ng|za|se|no|fi|dk|"
         "ch|at|be|cz|gr|pt|ro|hu|il|sa|ae|nz|cl|pe|ve|kz|games|live|pro|store|tech|cloud|fun|asia|mobi|xxx|porn")
_DOMAIN = re.compile(rf"(?<![\w@.\-])(?:[a-z0-9][a-z0-9\-]{{0,40}}\.){{1,4}}(?:{_TLDS})(?![\w\-])(?!\.[a-z0-9])")
# "Acme Database", "Bin Weevils (2014) Database": a title naming its source by a name the dictionary lacks.
_NAMED_KIND = re.compile(
    r"(?<![\w.])([\w'’.&!\-]{1,40}(?:\s[\w'’.&!\-]{1,40}){0,3}?)(?:\s?\([^()\n]{1,40}\))?"
    r"(?:\s~?[\d.,]{1,12}\s?(?i:[kmbw])?\+?)?(?i:\s(?:users?|customers?|members?|clients?|emails?|accounts?|orders?))?"
    r"\s(?i:database|db|dump|leak|combolist|combo list|collection|scrape|users|customers|clients|members|subscribers)(?![\w])"
)
_NAME_TOKEN = r"(?:[A-Z0-9](?:[\w'’&!\-]|\.(?=\w)){0,30}|[a-z]{1,3}[A-Z](?:[\w\-]|\.(?=\w)){0,30})"
# a capitalised name in prose ("the stock photo site 123RF", "piZap", "Adult FriendFinder")
_PROPER = re.compile(rf"(?<![\w.@\-]){_NAME_TOKEN}(?:\s{_NAME_TOKEN}){{0,4}}")
_NOUNS = (r"site|website|service|forums?|app|application|company|platform|store|shop|retailer|provider|marketplace|network|"
          r"game|portal|community|firm|maker|developer|operator|brand|exchange|bank|chain|agency|magazine|blog|club|school|"
          r"university|hospital|insurer|carrier|airline|hotel|pharmacy|broker|group|organi[sz]ation|charity|party|"
          r"department|ministry|manufacturer|publisher|software|spyware|wallet|vpn|isp|tracker|aggregator|startup|giant|"
          r"business|producer|distributor|supplier|vendor|registrar|host|library|clinic|museum|council|union|association|"
          r"foundation|institute|college|academy|newspaper|station|operation")
# "the Chinese gaming website X": a capitalised word followed by the rest of the description is no name
_DESCRIPTION_GOES_ON = re.compile(rf"(?:\s[a-z][\w\-]*){{1,4}}\s(?:{_NOUNS})(?![a-z])")
# "the travel booking site ixigo", "the firearms website guns.com": a lower-case name right after the description
_AFTER_NOUN = re.compile(rf"(?<![a-z])(?:{_NOUNS})\s(?:known as\s|called\s|named\s)?[\"“]?([\w][\w.\-]{{1,40}}\w)")
_NOT_A_NAME = frozenset(("in", "the", "a", "an", "during", "on", "at", "between", "after", "before", "since", "late",
                         "early", "mid", "approximately", "january", "february", "march", "april", "may", "june", "july",
                         "august", "september", "october", "november", "december", "this", "these", "it", "its", "their",
                         "they", "he", "she", "we", "i", "hibp", "fresh", "full", "new", "private", "selling", "sell",
                         "user", "users", "customer", "customers", "email", "emails", "data", "leaked", "hacked", "big",
                         "whilst", "while", "when", "although", "following", "according", "some", "all", "over", "almost",
                         "my", "our", "your", "have", "has", "huge", "large", "massive", "latest", "complete", "with",
                         "of"))
_FIGURE = re.compile(r"\d[\d.,]*(?:[kmb]|[kmgt]b)?|[kmgt]b|\d{4}s?|(?:mid|early|late)-\d{4}", re.I)
_PROSE_SCAN = 600  # the breached organisation is named near the start of a breach description


def _trim_name(text: str, start: int, end: int, figures: bool = True) -> tuple[int, int] | None:
    """Drop leading ordinary words and figures ("In March 2020" → nothing, "The Acme" → "Acme")."""
    words = [(m.start() + start, m.end() + start) for m in re.finditer(r"\S+", text[start:end])]
    while words:
        word = text[words[0][0]:words[0][1]].strip(",.:;")
        if word.casefold() in _NOT_A_NAME or (figures and _FIGURE.fullmatch(word)):
            words.pop(0)
        else:
            break
    if not words:
        return None
    s, e = words[0][0], words[-1][1]
    while e > s and text[e - 1] in ",.:;!'’\"":
        e -= 1
    return (s, e) if e - s >= 2 else None


class _Spans:
    """Spans (names) looked up by position; sorted on the first question (most texts ask none)."""

    def __init__(self, spans):
        self.spans = spans
        self.starts = None

    def overlaps(self, start: int, end: int) -> bool:
        if self.starts is None:
            self.spans = sorted(self.spans)
            self.starts = [s for s, _ in self.spans]
            self.reach = []  # reach[i]: the furthest end among spans[:i + 1]
            for _, e in self.spans:
                self.reach.append(max(e, self.reach[-1]) if self.reach else e)
        i = bisect_left(self.starts, end) - 1
        return i >= 0 and self.reach[i] > start


_WORD = re.compile(r"[^\W_][\w'’.&!\-]*")


def _only_common_words(norm: str, start: int, end: int) -> bool:
    """"Mixed US", "Crypto investors", "Retail": sellers' words, no name."""
    return all(w.group().strip(".!'’") in COMMON_WORDS for w in _WORD.finditer(norm, start, end))


# A post's label for its source: "Source: Corvid Games launcher", "Database: Nimbra Pharmacy (US)"
_SOURCE_LABELS = frozenset(("source", "origin", "company", "site", "website", "domain", "victim", "target", "brand",
                            "organisation", "organization", "database", "db"))
# a label is looked for before each colon (colons are few, words many); one literal per pattern is found fastest
_COLONS = (re.compile(r":\s{0,2}"), re.compile(r"：\s{0,2}"))


def _labelled_name(norm: str, text: str | None, pos: int) -> tuple[int, int] | None:
    """The domain or capitalised name right after a label."""
    m = _DOMAIN.match(norm, pos)
    if m:
        return m.start(), m.end()
    m = _PROPER.match(text, pos) if text is not None else None
    return _trim_name(text, m.start(), m.end()) if m else None


def unnamed_source(norm: str, text: str | None, title_end: int, names=()) -> tuple[int, int] | None:
    """Span of the words naming a source no dictionary holds (offsets of `norm`; `text` is the original when
    it aligns with `norm` character for character, needed to see capitals). `names`: spans of the names the
    dictionaries know (named in passing: "better than the Acme leak" names no other source there)."""
    g = generic_source(norm)
    if g:
        return g
    names = _Spans(names)
    if title_end:
        for m in _DOMAIN.finditer(norm, 0, title_end):
            if not names.overlaps(m.start(), m.end()):
                return m.start(), m.end()
        for m in _NAMED_KIND.finditer(text, 0, title_end) if text is not None else ():
            span = _trim_name(text, m.start(1), m.end(1), figures=False)
            if not span or names.overlaps(*span) or _only_common_words(norm, *span):
                continue
            name = text[span[0]:span[1]]
            # ordinary lower-case words are no name ("a big database"), one word opening the title may be
            if not name.islower() or (" " not in name and not text[:span[0]].strip()):
                return span
    for colon in _COLONS:
        for m in colon.finditer(norm, 0, _PROSE_SCAN):
            label = norm[max(0, m.start() - 14):m.start()].split()
            if not label or label[-1] not in _SOURCE_LABELS:
                continue
            span = _labelled_name(norm, text, m.end())
            if span and not names.overlaps(*span) and not _only_common_words(norm, *span):
                return span
    if text is None or not _SUBJECT_WORDS.search(norm):
        return None  # every candidate below must be a breach's subject
    candidates = [(m.start(), m.end()) for m in _DOMAIN.finditer(norm, 0, _PROSE_SCAN)]
    # a lower-case word after the description is a name only as the breach verb's subject ("the site ixigo suffered")
    candidates += [(m.start(1), m.end(1)) for m in _AFTER_NOUN.finditer(norm, 0, _PROSE_SCAN)
                   if _EN_BREACH_AFTER.match(_after(norm, m.end(1), 120))]
    for m in _PROPER.finditer(text, 0, _PROSE_SCAN):
        span = _trim_name(text, m.start(), m.end())
        if span and not _DESCRIPTION_GOES_ON.match(norm, span[1]):
            candidates.append(span)
    # a word nobody listed is a name only as a breach's subject, not by the looser listing cues
    for start, end in sorted(set(candidates)):
        if breach_subject(norm, start, end) and classify(norm, start, end, False) and not names.overlaps(start, end):
            return start, end
    return None
