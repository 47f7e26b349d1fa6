"""Brand (organisation) matching and source-vs-passing-mention classification.

One Aho-Corasick automaton holds every alias of the watchlist and of the shipped
dictionary (data/brands.tsv), normalised like the text. Each hit is then judged
from cue words around it: "趣店学生数据", "data from Qudian", "X leak" make X the
claimed source; "pay with Alipay", "TG联系", "not from JD" do not.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import Iterable

import ahocorasick

from .normalize import WORD_CHARS, is_cjk, norm_term

# Read through importlib.resources: also from a zipped egg (scrapyd), where data/ is no directory.
DEFAULT_DICTIONARY = resources.files(__package__).joinpath("data/brands.tsv")


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


def load_dictionary(path: str | Traversable = DEFAULT_DICTIONARY) -> list[BrandEntry]:
    entries: list[BrandEntry] = []
    with (Path(path) if isinstance(path, str) else path).open(encoding="utf-8") as fh:
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
    r"乘客|旅客|住客|开房|社工|裤子|后台|名单|注册|员工|病人|患者|记录|单号|系统|全量|实时|面单|股民|考生|流出|买家|卖家|商家|店铺|骑手|司机|房东|主播|粉丝|机主|持卡人|储户|号码|手机号|号段|实名|简历|求职者|商户)"
)
_EN_SOURCE_AFTER = re.compile(
    r"^[)'\"’\]]?(?:'s)?\s{0,2}(?:[a-z0-9\-.]{1,15}\s){0,2}?"
    r"(?:data|dataset|users?|customers?|clients?|members?|accounts?|leak(?:ed|s)?|dump(?:ed|s)?|db|database|breach(?:ed)?|"
    r"records|combo(?:list)?s?|logs|logins?|emails?|students|employees|patients|passengers|subscribers?|orders|user ?base|hack(?:ed)?|"
    r"scraped?|creators?|investors?|holders?|sellers?|merchants?|drivers?|riders?|hosts?|guests?|kyc|credentials|"
    r"buyers?|shoppers?|handles|profiles|followers|influencers|wallets?|subscribers?|passengers|"
    r"is the (?:source|origin)|was the (?:source|origin)|insiders?)(?![a-z])"
)
_ZH_SOURCE_BEFORE = re.compile(r"(?:来自|来源于|来源|源自|出自|出售|泄露|泄漏|内部|拖库|脱库|拖的|出|卖|收购|扒的|爬的|全套|最新)[\s:：]{0,2}$")
_EN_SOURCE_BEFORE = re.compile(
    r"(?:(?<![a-z])(?:from|source|origin|leak of|breach of|dump of|hack of|leaked|breached|hacked|dumped|selling|sell|wts|fresh|"
    r"(?:customers?|users?|clients|members|subscribers|accounts|data|records|database|db|dump|leak|breach) of)[\s:]{0,3}"
    r"(?:the\s)?(?:(?:courier|delivery|company|firm|platform|bank|exchange|app|site|website|retailer|operator|carrier|"
    r"insurer|hospital|airline|lender|broker|marketplace|provider)\s){0,2}"
    r"|(?:customers|users|subscribers|clients|data|database|db|数据|用户|客户)\s?[(\[（])$"
)
_ZH_PASSING_BEFORE = re.compile(r"(?:付款|支付|联系|通过|走|用|使用|非|不是|不含|无|加|发到|私聊|咨询|担保|含|包含|包括|字段|或|收款|比|不如|类似)[\s:：]{0,2}$")
_EN_PASSING_BEFORE = re.compile(
    r"(?:(?<![a-z])(?:via|pay(?:ment)?|pay with|pay by|paid (?:with|via|by)|contact(?: me)?(?: on| via| at)?|dm(?: me)?(?: on)?|"
    r"msg(?: me)?(?: on)?|message(?: me)? on|hit me up on|reach me on|ping me on|not from|not(?: an?| the)?|no|"
    r"accept(?:ed|ing)?|using|through|on|join(?: our)?|our|my|add(?: me on)?|"
    r"(?:bigger|better|fresher|cheaper|larger|newer|smaller|more|less) than(?: the)?|than(?: the)?|unlike(?: the)?|"
    r"compared (?:to|with)(?: the)?|vs\.?|versus)|@)[\s:]{0,3}$"
)
_ZH_PASSING_AFTER = re.compile(r"^[\s]{0,2}(?:[:：]|(?:实名)?认证的|号\s{0,2}[:：]?\s{0,2}[a-z0-9@]|群|联系|付款|支付|担保|交易|收款|转账|客服|发货|下单|私聊|咨询|扫码|频道|账号[:：])")
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
_WEAK_EN_AFTER = re.compile(r"^\s?(?:[a-z0-9]{2,12}\s)?(?:[\u4e00-\u9fff]{1,3}\s)?(?:data|users|customers|members|accounts|leak|dump|database|db|logins|buyers|drivers)(?![a-z])")


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


def classify(norm: str, start: int, end: int, weak: bool, field_spans=None, after_end: int | None = None) -> bool | None:
    """True: claimed as the data's source; False: a passing mention (negative cue); None: no cue either way.

    `field_spans`: (start, end) of the data-kind words of the text; `after_end`: where the words
    after the name start when places follow it ("京东 北京 上海 … 用户数据").
    """
    before = _before(norm, start, 24)
    after = _after(norm, after_end if after_end is not None else end, 40)
    if _FIELD_LIST.search(_before(norm, start, 60)) or is_field_item(norm, start, end, field_spans):
        return False  # "字段：姓名、手机号、学信网账号密码": a kind of data, not its source
    if _ZH_PASSING_BEFORE.search(before) or _EN_PASSING_BEFORE.search(before):
        return False
    if _ZH_PASSING_AFTER.match(after) or _EN_PASSING_AFTER.match(after):
        return False
    if weak:
        # ordinary words: only when a cue word touches them ("移动用户", "移动数据")
        return True if (_WEAK_ZH_AFTER.match(after) or _WEAK_EN_AFTER.match(after)) else None
    if before.endswith(("【", "[", "「", "『")) and after[:1] in ("】", "]", "」", "』"):
        return True  # listing title "【趣店】…"
    if _ZH_SOURCE_AFTER.match(after) or _EN_SOURCE_AFTER.match(after):
        return True
    if _ZH_SOURCE_BEFORE.search(before) or _EN_SOURCE_BEFORE.search(before):
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
        watch_entries = [
            BrandEntry(str(w.name), tuple([str(w.name)] + [str(a) for a in (getattr(w, "aliases", None) or [])]), "watchlist", True)
            for w in watchlist
        ]
        # alias -> watchlist name; a dictionary entry sharing any alias is folded into that name
        watch_alias = {norm_term(a): w.name for w in watch_entries for a in w.aliases if self._usable(norm_term(a.lstrip("~")))}
        self.watch_order = {w.name: i for i, w in enumerate(watch_entries)}
        auto = ahocorasick.Automaton()
        targets: dict[str, tuple[str, bool]] = {}  # dictionary name -> (name reported, watched)
        entries_by_name = {}
        for entry in entries + watch_entries:  # watchlist last so its aliases win collisions
            target = entry.name
            if not entry.watch:
                for a in entry.aliases:
                    if norm_term(a.lstrip("~")) in watch_alias:
                        target = watch_alias[norm_term(a.lstrip("~"))]
                        break
            is_watch = entry.watch or target in self.watch_order
            targets[entry.name] = (target, is_watch)
            entries_by_name[entry.name] = entry
        for group, members in GROUPS.items():  # before the aliases, so a listed alias overrides a group name
            found = tuple(targets[m] for m in members if m in targets)
            if found and self._usable(norm_term(group)):
                key = norm_term(group)
                auto.add_word(key, (len(key), found, False, False, False, False, False))
        for name, (target, is_watch) in targets.items():
            entry = entries_by_name[name]
            for alias in entry.aliases:
                weak = alias.startswith("~")
                key = norm_term(alias.lstrip("~"))
                if not self._usable(key):
                    continue
                if key.isdigit():
                    weak = True  # "12306", "10086": numbers, unless a cue word touches them
                carrier = weak and entry.category == "telecom"
                # Latin or digit ends must not run on into a word: checked in find(), flags kept here
                auto.add_word(key, (len(key), ((target, is_watch),), weak, _latin(key[0]), _latin(key[-1]), key.isdigit(), carrier))
        auto.make_automaton()
        self.automaton = auto
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

    def find(self, norm: str, field_spans=None, places=None, found=None) -> list[BrandHit]:
        """`field_spans`: spans of data-kind words; `places`: spans of region names (both optional);
        `found`: this automaton's hits from a shared pass (terms.TermScan), else the text is scanned here."""
        if field_spans is not None:
            field_spans = FieldSpans(field_spans)
        raw = []
        for end_idx, (length, names, weak, latin_start, latin_end, digits, carrier) in (self.automaton.iter(norm) if found is None else found):
            start = end_idx - length + 1
            end = end_idx + 1
            if latin_start and start > 0 and norm[start - 1] in WORD_CHARS:
                continue
            if latin_end and norm[end:end + 1] in WORD_CHARS:
                continue
            if digits and ((start > 0 and norm[start - 1] in ".,") or norm[end:end + 1] in (".", ",")):
                continue
            if carrier and places and any(e == start for _, e in places):
                weak = False  # "江苏移动", "广州电信": a carrier's provincial or city company, a name, not a word
            raw.append((start, end, names, weak))
        # longest-leftmost, non-overlapping
        raw.sort(key=lambda r: (r[0], -(r[1] - r[0])))
        hits: list[BrandHit] = []
        neutral: list[bool] = []
        last_end = -1
        for start, end, names, weak in raw:
            if start < last_end:
                continue
            if start > 0 and norm[start - 1] == "@":
                verdict = False  # e-mail domain of a contact or a sample
            else:
                verdict = classify(norm, start, end, weak, field_spans, _skip_places(norm, end, places))
            for name, watch in names:  # a group name ("三通一达") stands for each of its members
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


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _skip_places(norm: str, end: int, places) -> int | None:
    """End of a run of place names right after a brand ("京东 北京 上海 天津 用户数据"), else None."""
    if not places:
        return None
    pos, moved = end, False
    for s, e in places:
        if e <= pos:
            continue
        if s >= pos and norm[pos:s].strip(" 、,，/") == "":
            pos, moved = e, True
        elif s > pos:
            break
    return pos if moved else None


_ENUM_GAP = re.compile(r"\s{0,2}(?:、|/|,|和|及|与|and|&|\+)\s{0,2}|\s{1,2}")

_GENERIC_SOURCE = re.compile(
    r"某[\u4e00-\u9fffa-z0-9]{0,6}?(?:平台|公司|银行|网站|app|商城|医院|学校|酒店|机构|集团|网|厂|快递|运营商|保险)"
)


def generic_source(norm: str) -> tuple[int, int] | None:
    """Span of an anonymised source ("某贷平台", "某银行") when no brand is named."""
    m = _GENERIC_SOURCE.search(norm)
    return (m.start(), m.end()) if m else None
