"""Brand (organisation) matching and source-vs-passing-mention classification.

One Aho-Corasick automaton holds every alias of the watchlist and of the shipped
dictionary (data/brands.tsv), normalised like the text. Each hit is then judged
from cue words around it: "趣店学生数据", "data from Qudian", "X leak" make X the
claimed source; "pay with Alipay", "TG联系", "not from JD" do not.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Iterable

import ahocorasick

from .normalize import is_cjk, is_word_char, norm_term

DEFAULT_DICTIONARY = os.path.join(os.path.dirname(__file__), "data", "brands.tsv")


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


def load_dictionary(path: str = DEFAULT_DICTIONARY) -> list[BrandEntry]:
    entries: list[BrandEntry] = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip() or line.startswith("#"):
                continue
            name, category, aliases = line.rstrip("\n").split("\t")
            entries.append(BrandEntry(name, tuple(a for a in aliases.split("|") if a), category))
    return entries


# --- cue words (normalised text: simplified, case-folded, half-width) -------------------
_CLAUSE_END = "。；;!！?？\n|"
_ZH_SOURCE_AFTER = re.compile(
    r"^[\s\-_·)）]{0,2}(?:的)?[\u4e00-\u9fff\s]{0,12}?"
    r"(?:数据|用户|客户|会员|内部|泄露|泄漏|外泄|库|资料|信息|账号|帐号|账户|帐户|订单|学生|借款|贷款|快递|车主|"
    r"乘客|旅客|住客|开房|社工|裤子|后台|名单|注册|员工|病人|患者|记录|单号|系统|全量|实时|面单|股民|考生|流出)"
)
_EN_SOURCE_AFTER = re.compile(
    r"^[)'\"’\]]?(?:'s)?\s{0,2}(?:[a-z0-9\-.]{1,15}\s){0,2}?"
    r"(?:data|dataset|users?|customers?|clients?|members?|accounts?|leak(?:ed|s)?|dump(?:ed|s)?|db|database|breach(?:ed)?|"
    r"records|combo(?:list)?s?|logs|logins?|emails?|students|employees|patients|passengers|subscribers?|orders|user ?base|hack(?:ed)?|"
    r"scraped?|creators?|investors?|holders?|sellers?|merchants?|drivers?|riders?|hosts?|guests?|kyc|credentials|"
    r"is the (?:source|origin)|was the (?:source|origin)|insiders?)(?![a-z])"
)
_ZH_SOURCE_BEFORE = re.compile(r"(?:来自|来源于|来源|源自|出自|出售|泄露|泄漏|内部|拖库|脱库|拖的|出|卖|收购|扒的|爬的|全套|最新)[\s:：]{0,2}$")
_EN_SOURCE_BEFORE = re.compile(
    r"(?:(?:from|source|origin|leak of|breach of|dump of|hack of|leaked|breached|hacked|dumped|selling|sell|wts|fresh)[\s:]{0,3}(?:the\s)?"
    r"|(?:customers|users|subscribers|clients|data|database|db|数据|用户|客户)\s?[(\[（])$"
)
_ZH_PASSING_BEFORE = re.compile(r"(?:付款|支付|联系|通过|走|用|使用|非|不是|不含|无|加|发到|私聊|咨询|担保|含|包含|包括|字段|或|收款)[\s:：]{0,2}$")
_EN_PASSING_BEFORE = re.compile(
    r"(?:via|pay(?:ment)?|pay with|pay by|paid (?:with|via|by)|contact(?: me)?(?: on| via| at)?|dm(?: me)?(?: on)?|"
    r"msg(?: me)?(?: on)?|message(?: me)? on|hit me up on|reach me on|ping me on|not from|not|no|accept(?:ed|ing)?|using|"
    r"through|@|on|join(?: our)?|our|my|add(?: me on)?)[\s:]{0,3}$"
)
_ZH_PASSING_AFTER = re.compile(r"^[\s]{0,2}(?:[:：]|号\s{0,2}[:：]?\s{0,2}[a-z0-9@]|群|联系|付款|支付|担保|交易|收款|转账|客服|发货|下单|私聊|咨询|扫码|频道|账号[:：])")
_EN_PASSING_AFTER = re.compile(
    r"^(?:\s{0,2}[:@]|\s(?:id|handle|channel|group|only|payment|pay|escrow|for contact|me|username)(?![a-z]))"
)


def _after(norm: str, end: int, width: int) -> str:
    seg = norm[end:end + width]
    for i, ch in enumerate(seg):
        if ch in _CLAUSE_END:
            return seg[:i]
    return seg


def _before(norm: str, start: int, width: int) -> str:
    seg = norm[max(0, start - width):start]
    for i in range(len(seg) - 1, -1, -1):
        if seg[i] in _CLAUSE_END:
            return seg[i + 1:]
    return seg


_FIELD_LIST = re.compile(r"(?:字段|fields|columns|包含字段|数据项|内容包括|信息包括)")


def classify(norm: str, start: int, end: int, weak: bool) -> bool | None:
    """True: claimed as the data's source; False: a passing mention (negative cue); None: no cue either way."""
    before = _before(norm, start, 24)
    after = _after(norm, end, 40)
    if _FIELD_LIST.search(_before(norm, start, 60)):
        return False  # "字段：姓名、手机号、学信网账号密码": a kind of data, not its source
    if _ZH_PASSING_BEFORE.search(before) or _EN_PASSING_BEFORE.search(before):
        return False
    if _ZH_PASSING_AFTER.match(after) or _EN_PASSING_AFTER.match(after):
        return False
    if weak:
        # ordinary words: only when a cue word touches them ("移动用户", "移动数据")
        return True if (re.match(r"^\s?(?:[\u4e00-\u9fff]{2}\s?)?(?:数据|用户|客户|会员|内部|泄露|库|资料|账号|订单|手机号|号码|号段)", after)
                    or re.match(r"^\s?(?:data|users|customers|members|accounts|leak|dump|database|db)(?![a-z])", after)) else None
    if before.endswith(("【", "[", "「", "『")) and after[:1] in ("】", "]", "」", "』"):
        return True  # listing title "【趣店】…"
    if _ZH_SOURCE_AFTER.match(after) or _EN_SOURCE_AFTER.match(after):
        return True
    if _ZH_SOURCE_BEFORE.search(before) or _EN_SOURCE_BEFORE.search(before):
        return True
    return None


class BrandMatcher:
    def __init__(self, watchlist: Iterable = (), dictionary: list[BrandEntry] | None = None):
        entries = list(dictionary if dictionary is not None else load_dictionary())
        watch_entries = [
            BrandEntry(str(w.name), tuple([str(w.name)] + [str(a) for a in (getattr(w, "aliases", None) or [])]), "watchlist", True)
            for w in watchlist
        ]
        # alias -> watchlist name; a dictionary entry sharing any alias is folded into that name
        watch_alias = {norm_term(a): w.name for w in watch_entries for a in w.aliases if self._usable(norm_term(a.lstrip("~")))}
        self.watch_order = {w.name: i for i, w in enumerate(watch_entries)}
        auto = ahocorasick.Automaton()
        for entry in entries + watch_entries:  # watchlist last so its aliases win collisions
            target = entry.name
            if not entry.watch:
                for a in entry.aliases:
                    if norm_term(a.lstrip("~")) in watch_alias:
                        target = watch_alias[norm_term(a.lstrip("~"))]
                        break
            is_watch = entry.watch or target in self.watch_order
            for alias in entry.aliases:
                weak = alias.startswith("~")
                key = norm_term(alias.lstrip("~"))
                if not self._usable(key):
                    continue
                if key.isdigit():
                    weak = True  # "12306", "10086": numbers, unless a cue word touches them
                auto.add_word(key, (key, target, weak, is_watch))
        auto.make_automaton()
        self._auto = auto
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

    def find(self, norm: str) -> list[BrandHit]:
        raw = []
        for end_idx, (key, name, weak, watch) in self._auto.iter(norm):
            start = end_idx - len(key) + 1
            end = end_idx + 1
            if key[0].isascii() and key[0].isalnum() and start > 0 and is_word_char(norm[start - 1]):
                continue
            if key[-1].isascii() and key[-1].isalnum() and end < len(norm) and is_word_char(norm[end]):
                continue
            if key.isdigit() and ((start > 0 and norm[start - 1] in ".,") or norm[end:end + 1] in (".", ",")):
                continue
            raw.append((start, end, name, weak, watch))
        # longest-leftmost, non-overlapping
        raw.sort(key=lambda r: (r[0], -(r[1] - r[0])))
        hits: list[BrandHit] = []
        neutral: list[bool] = []
        last_end = -1
        for start, end, name, weak, watch in raw:
            if start < last_end:
                continue
            if start > 0 and norm[start - 1] == "@":
                verdict = False  # e-mail domain of a contact or a sample
            else:
                verdict = classify(norm, start, end, weak)
            hits.append(BrandHit(name, start, end, bool(verdict), watch))
            neutral.append(verdict is None)
            last_end = end
        # "趣店、拍拍贷、宜人贷用户数据": the cue after the last item covers the whole list
        for i in range(len(hits) - 2, -1, -1):
            a, b = hits[i], hits[i + 1]
            if b.source and neutral[i] and _ENUM_GAP.fullmatch(norm[a.end:b.start]):
                hits[i] = BrandHit(a.name, a.start, a.end, True, a.watch)
        return hits

    def sources(self, hits: list[BrandHit]) -> list[BrandHit]:
        """First source hit per brand; watchlist brands first (watchlist order), then text order."""
        first: dict[str, BrandHit] = {}
        for h in hits:
            if h.source and h.name not in first:
                first[h.name] = h
        watch = sorted((h for h in first.values() if h.watch), key=lambda h: self.watch_order.get(h.name, 0))
        rest = [h for h in first.values() if not h.watch]
        return watch + rest


_ENUM_GAP = re.compile(r"\s{0,2}(?:、|/|,|和|及|与|and|&|\+)\s{0,2}|\s{1,2}")

_GENERIC_SOURCE = re.compile(
    r"某[\u4e00-\u9fffa-z0-9]{0,6}?(?:平台|公司|银行|网站|app|商城|医院|学校|酒店|机构|集团|网|厂|快递|运营商|保险)"
)


def generic_source(norm: str) -> tuple[int, int] | None:
    """Span of an anonymised source ("某贷平台", "某银行") when no brand is named."""
    m = _GENERIC_SOURCE.search(norm)
    return (m.start(), m.end()) if m else None
