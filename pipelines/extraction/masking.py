"""Mask personal identifiers in listing samples; each masked value gets a salted SHA-256.

Hashes are over a canonical form so a customer can hash their own identifier the same way:
phones E.164 ("+8613812345678"), e-mails lower-case, ID numbers upper-case, cards digits only,
QQ digits, credentials the lower-cased user name. hash = sha256(salt + canonical).hexdigest().

Masked output contains '*' runs that none of the detectors match again, so masking is idempotent.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

import phonenumbers

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"

_EMAIL = re.compile(r"(?<![\w.+\-*])([A-Za-z0-9][A-Za-z0-9._%+\-]{0,63})@([A-Za-z0-9\-]{1,63}(?:\.[A-Za-z0-9\-]{1,63}){1,5})(?![\w\-])")
_CN_ID = re.compile(r"(?<![0-9A-Za-z])(\d{17}[0-9Xx])(?![0-9A-Za-z])")
_CN_MOBILE = re.compile(r"(?<![\d*+])(?:(\+?86)[\s\-]?)?(1[3-9]\d)[\s\-]?(\d{4})[\s\-]?(\d{4})(?![\d*])")
_INTL_PHONE = re.compile(r"(?<![\w+*])\+\d{1,3}[\s\-.]?(?:\(\d{1,4}\)[\s\-.]?)?\d{1,4}(?:[\s\-.]?\d{2,4}){1,4}(?![\d*])")
_CARD = re.compile(r"(?<![\d*])((?:\d{4}[\s\-]?){3}\d{1,7}|\d{13,19})(?![\d*])")
_QQ = re.compile(r"(?i)(?:qq|扣扣|企鹅|q号)\s{0,2}(?:号|号码|number|no\.?)?\s{0,2}[:：=]?\s{0,2}([1-9]\d{4,10})(?![\d*])")
_COMBO = re.compile(r"(?m)^[ \t]*([^\s:|;,*]{3,64})[ \t]*[:|;][ \t]*([^\s*]{3,64})[ \t]*$")
_LABEL_WORDS = {
    "telegram", "tg", "qq", "wechat", "weixin", "wx", "vx", "微信", "email", "mail", "e-mail", "price", "价格", "联系",
    "contact", "jabber", "xmpp", "tox", "session", "signal", "btc", "xmr", "eth", "usdt", "url", "link", "http", "https",
    "ftp", "format", "格式", "date", "time", "posted", "phone", "tel", "mobile", "sample", "samples", "records", "rows",
    "total", "count", "size", "name", "user", "username", "password", "pass", "login", "fields", "字段", "数量", "售价",
    "wallet", "address", "escrow", "discord", "whatsapp", "skype", "icq", "note", "notes", "source", "来源", "region",
}


@dataclass
class MaskResult:
    text: str
    samples: list[dict] = field(default_factory=list)


def _hash(salt: str, value: str) -> str:
    return hashlib.sha256((salt + value).encode("utf-8")).hexdigest()


def valid_cn_id(s: str) -> bool:
    if len(s) != 18 or not s[:17].isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(s[:17], _ID_WEIGHTS))
    if _ID_CHECK[total % 11] != s[17].upper():
        return False
    month, day = int(s[10:12]), int(s[12:14])
    return 1 <= month <= 12 and 1 <= day <= 31


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def _mask_user(user: str) -> str:
    if "@" in user:
        local, _, domain = user.partition("@")
        return (local[:1] or "*") + "***@" + domain
    return user[:2] + "***" if len(user) > 3 else user[:1] + "***"


def mask_text(text: str | None, salt: str = "") -> MaskResult:
    if not text:
        return MaskResult(text or "", [])
    spans: list[tuple[int, int, str, str, str]] = []  # start, end, replacement, kind, canonical

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b, *_ in spans)

    def add(s: int, e: int, rep: str, kind: str, canon: str) -> None:
        if free(s, e):
            spans.append((s, e, rep, kind, canon))

    # 1. combo lines "user:pass" (password fully masked, user partly)
    for m in _COMBO.finditer(text):
        user, pw = m.group(1), m.group(2)
        if user.lower().rstrip("：") in _LABEL_WORDS or pw.startswith("//") or user.isdigit() and len(user) < 5:
            continue
        if re.fullmatch(r"[\d.:\-/ ]+", user + pw):
            continue  # times, ratios, dates
        if not re.search(r"[A-Za-z0-9]", pw) or pw.startswith("@"):
            continue
        rep = _mask_user(user) + text[m.end(1):m.start(2)] + "********"
        add(m.start(1), m.end(2), rep, "credential", user.lower())
    # 2. labelled QQ numbers
    for m in _QQ.finditer(text):
        qq = m.group(1)
        add(m.start(1), m.end(1), qq[:2] + "*" * (len(qq) - 4) + qq[-2:], "qq", qq)
    # 3. e-mails
    for m in _EMAIL.finditer(text):
        local, domain = m.group(1), m.group(2)
        add(m.start(), m.end(), local[:1] + "***@" + domain, "email", (local + "@" + domain).lower())
    # 4. 18-digit mainland ID numbers with a valid checksum
    for m in _CN_ID.finditer(text):
        s = m.group(1)
        if valid_cn_id(s):
            add(m.start(1), m.end(1), s[:6] + "********" + s[-4:].upper(), "national_id", s.upper())
    # 5. mainland mobiles (with or without +86)
    for m in _CN_MOBILE.finditer(text):
        digits = m.group(2) + m.group(3) + m.group(4)
        tail = text[m.end():m.end() + 2]
        if tail[:1] in ("条", "元", "块", "万", "行", "人") or tail.lower().startswith(("rows", "rec")):
            continue
        rep = (m.group(1) + " " if m.group(1) else "") + digits[:3] + "****" + digits[-4:]
        add(m.start(), m.end(), rep, "phone", "+86" + digits)
    # 6. other international numbers, validated by libphonenumber
    for m in _INTL_PHONE.finditer(text):
        raw = m.group(0)
        try:
            num = phonenumbers.parse(raw, None)
        except phonenumbers.NumberParseException:
            continue
        if not phonenumbers.is_valid_number(num):
            continue
        e164 = phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.E164)
        nat = str(num.national_number)
        add(m.start(), m.end(), f"+{num.country_code} " + "*" * max(0, len(nat) - 4) + nat[-4:], "phone", e164)
    # 7. payment cards: Luhn-valid, plausible issuer prefix, not a run of one digit
    for m in _CARD.finditer(text):
        digits = re.sub(r"[\s\-]", "", m.group(1))
        if not 13 <= len(digits) <= 19 or digits[0] not in "23456" or not luhn_ok(digits):
            continue
        if re.search(r"0{6,}$", digits):  # round figures ("1000000000000000条") are counts, not cards
            continue
        tail = text[m.end():m.end() + 2]
        if tail[:1] in ("条", "元", "块", "行"):
            continue
        add(m.start(1), m.end(1), "*" * (len(digits) - 4) + digits[-4:], "payment_card", digits)

    if not spans:
        return MaskResult(text, [])
    spans.sort()
    out, samples, pos = [], [], 0
    for s, e, rep, kind, canon in spans:
        out.append(text[pos:s])
        out.append(rep)
        samples.append({"kind": kind, "masked": rep, "hash": _hash(salt, canon)})
        pos = e
    out.append(text[pos:])
    return MaskResult("".join(out), samples)
