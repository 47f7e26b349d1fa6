"""Kinds of personal data a listing offers, in the contract's fixed vocabulary."""
from __future__ import annotations

import re
from bisect import bisect_left

import ahocorasick

from leakscout.core.kinds import VOCABULARY  # noqa: F401  (re-exported for extraction)

from .brands import COMMON_WORDS
from .data_files import tsv_rows
from .normalize import WORD_CHARS, norm_term




def _load() -> dict[str, tuple[str, ...]]:
    """word -> kinds, from data/kind_words.tsv (a word on several lines gets the kinds of all of them).
    Kinds "-": the word names no kind, and hides the shorter words inside it ("资金盘" is a scheme, not "资金")."""
    table: dict[str, tuple[str, ...]] = {}
    for kinds, words in tsv_rows("kind_words.tsv"):
        for w in words.split("|"):
            table[w] = table.get(w, ()) + tuple(k for k in kinds.split() if k != "-" and k not in table.get(w, ()))
    unknown = {k for ks in table.values() for k in ks} - set(VOCABULARY)
    if unknown:
        raise ValueError(f"kind_words.tsv names kinds outside the vocabulary: {sorted(unknown)}")
    return table


# keyword -> kinds. Chinese keywords match as substrings, Latin ones on word boundaries.
KEYWORDS: dict[str, tuple[str, ...]] = _load()


# "不含身份证", "no passwords": a negation right before a kind cancels it.
_NEGATION = re.compile(r"(?:不含|不包括|不带|没有|无|非|no|without|not incl\.?|excluding|except)\s{0,2}$")
# Mentions that are about the sale, not the data: the seller's channel ("联系方式：站内短信",
# "contact: telegram or sms"), "自动发货".
# 卖家/商家 of a marketplace are data subjects ("闲鱼卖家 手机号"); 联系人 is a field (contacts).
_SELLER_CONTEXT = re.compile(r"(?:联系(?!人)|客服|售后|contact|seller|vendor|support)[^。；;!！?？\n|]{0,16}$")
# How the buyer pays or reaches the seller ("加微信", "支持微信 支付宝付款", "QQ联系", "收款只走支付宝 微信"):
# a messaging or payment service named there is a channel, not offered data
_CHANNEL_BEFORE = re.compile(r"(?:加|支付宝|收款|只走|走|付款|使用|用)\s{0,2}$")
_CHANNEL_AFTER = re.compile(r"[\s,，、/]{0,2}(?:支付|付款|转账|收款|联系|都可以|担保)")
# "Netflix accounts x 100", "cuentas premium": accounts sold by the piece are logins; "70k accounts with ..."
# after a count (or "user accounts") is the size of a breach, not a kind
_ACCOUNT_WORDS = frozenset(("accounts", "cuenta", "cuentas", "contas", "akun", "аккаунт"))
_BREACH_ACCOUNTS_BEFORE = re.compile(r"(?:\d[\d.,]*\s?(?:k|m|mm|b|million|billion|thousand)?|"
                                     r"users?|customers?|members?|clients?|of|the|their|its|"
                                     r"compromised|breached|leaked|affected|unique|registered)\s{0,2}$")
# "card" alone is a payment card only as an item of a field list ("FIO, phone, card, balance"), not "Worker Card"
_LIST_ONLY_WORDS = frozenset(("card",))
# A bank named as the source of records ("某银行客户", "工商银行 5万条") is financial data when no field says more
# ("查建设银行" is a lookup service, not a bank's records)
_FALLBACK_WORDS = frozenset(("银行",))
_RECORDS = re.compile(r"数据|客户|客戶|信息|资料|名单|会员|用户|条")
_WORD_RULES = {**dict.fromkeys(_ACCOUNT_WORDS, "account"), **dict.fromkeys(_LIST_ONLY_WORDS, "list"),
               **dict.fromkeys(_FALLBACK_WORDS, "fallback")}
# "the photo sharing platform", "the education website", "a taxes service": a kind word that describes the
# breached business, not its data (English prose; Chinese "医院数据" does name the data)
# ... unless the word is an item of a field list ("Data: SSN, DOB, insurance provider")
_LIST_ITEM_BEFORE = re.compile(r"[,:;|]\s{0,2}$")
_BUSINESS_AFTER = re.compile(r"(?:[ \-][a-z&'\-]{1,15}){0,2}[ \-](?:website|site|platform|service|provider|app|company|forum|"
                             r"store|retailer|marketplace|network|portal|shop|community|firm|agency|startup|software)s?(?![a-z])")


def _build():
    auto = ahocorasick.Automaton()
    for word, kinds in KEYWORDS.items():
        key = norm_term(word)
        auto.add_word(key, (key, kinds))
    auto.make_automaton()
    return auto


_AUTO = _build()
AUTOMATON = _AUTO  # also walked in the extractor's single pass (terms.TermScan)


def keyword_hits(norm: str, found=None) -> list[tuple[int, int, tuple[str, ...]]]:
    """(start, end, kinds) of each data-kind word, longest first where they overlap, in text order.

    `found`: this dictionary's hits from a shared pass (terms.TermScan), else the text is scanned here.
    """
    hits = []
    for end_idx, (key, kinds) in (_AUTO.iter(norm) if found is None else found):
        start = end_idx - len(key) + 1
        end = end_idx + 1
        if key[0].isascii() and norm[start - 1:start] in WORD_CHARS:
            continue
        if key[-1].isascii() and norm[end:end + 1] in WORD_CHARS:
            continue
        hits.append((start, end, kinds))
    # a keyword inside or across a longer one ("地址" in "IP地址", "card number" in "ID card number")
    # takes the earlier, longer one's meaning
    hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
    out = []
    cover_end = -1
    for start, end, kinds in hits:
        # Chinese keywords overlap legitimately ("朋友手机" + "手机号"); English words across words do not
        if end <= cover_end or (start < cover_end and norm[start].isascii()):
            continue
        cover_end = end
        out.append((start, end, kinds))
    return out


def outside_names(norm: str, hits: list[tuple[int, int, tuple[str, ...]]], names: list[tuple[int, int]]) -> list:
    """The kind words that are not a sector word inside a Latin organisation's name of several words: "Meridian
    Health", "Acme Mobile", "Halcyon Hotels" say what the organisation does, not what its data is ("Yandex Mail",
    "mail.ru" and Chinese names keep theirs: "平安保险客户" are insured). `hits` in text order."""
    spans = [(s, e) for s, e in names if " " in norm[s:e] and norm[s:e].isascii()]
    if not spans:
        return hits
    starts = [h[0] for h in hits]
    inside = set()
    for s, e in spans:
        i = bisect_left(starts, s)
        while i < len(hits) and hits[i][0] < e:
            if hits[i][1] <= e and norm[hits[i][0]:hits[i][1]] in COMMON_WORDS:
                inside.add(i)
            i += 1
    return [h for i, h in enumerate(hits) if i not in inside] if inside else hits


def find_data_types(norm: str, hits: list[tuple[int, int, tuple[str, ...]]] | None = None) -> list[str]:
    """Kinds in order of first mention, restricted to VOCABULARY. `hits`: keyword_hits(norm) if known."""
    found: list[str] = []
    seen: set[str] = set()
    fallback: tuple[str, ...] = ()
    for start, end, kinds in (keyword_hits(norm) if hits is None else hits):
        if seen.issuperset(kinds):
            continue  # nothing new to decide
        before = norm[max(0, start - 24):start]
        if _NEGATION.search(before) or _SELLER_CONTEXT.search(before):
            continue
        if norm[end - 1].isascii() and _BUSINESS_AFTER.match(norm, end, end + 48) and not _LIST_ITEM_BEFORE.search(before):
            continue
        rule = _WORD_RULES.get(norm[start:end])
        if rule is not None:
            if rule == "account" and _BREACH_ACCOUNTS_BEFORE.search(before):
                continue
            if rule == "list" and not _LIST_ITEM_BEFORE.search(before):
                continue
            if rule == "fallback":
                fallback = kinds
                continue
        if kinds == ("social_account",) and (_CHANNEL_BEFORE.search(before) or _CHANNEL_AFTER.match(norm, end, end + 8)):
            continue
        for k in kinds:
            if k not in seen:
                seen.add(k)
                found.append(k)
    if not found and fallback and _RECORDS.search(norm):
        return list(fallback)
    return found
