"""Mask personal identifiers in listing samples; each masked value gets a salted SHA-256.

Hashes are over a canonical form so a customer can hash their own identifier the same way:
phones E.164 ("+8613812345678"), e-mails lower-case, ID numbers upper-case, cards digits only,
QQ digits, SSNs digits only, credentials the lower-cased user name (a password with no user
beside it: the password). hash = sha256(salt + canonical).hexdigest().

Masked output contains '*' runs that none of the detectors match again, so masking is idempotent.
"""
from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from dataclasses import dataclass, field

import phonenumbers

from .tables import DELIMITERS as TABLE_DELIMITERS, Table, find_tables

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"

_EMAIL = re.compile(r"(?<![\w.+\-*])([A-Za-z0-9][A-Za-z0-9._%+\-]{0,63})@([A-Za-z0-9\-]{1,63}(?:\.[A-Za-z0-9\-]{1,63}){1,5})(?![\w\-])")
_CN_ID = re.compile(r"(?<![0-9A-Za-z])(\d{17}[0-9Xx])(?![0-9A-Za-z])")
_CN_MOBILE = re.compile(r"(?<![\d*+])(?:(\+?86)[\s\-]?)?(1[3-9]\d)[\s\-]?(\d{4})[\s\-]?(\d{4})(?![\d*])")
_INTL_PHONE = re.compile(r"(?<![\w+*])\+\d{1,3}[\s\-.]?(?:\(\d{1,4}\)[\s\-.]?)?\d{1,4}(?:[\s\-.]?\d{2,4}){1,4}(?![\d*])")
_CARD = re.compile(r"(?<![\d*])((?:\d{4}[\s\-]?){3}\d{1,7}|\d{13,19})(?![\d*])")
_QQ = re.compile(r"(?i)(?:qq|扣扣|企鹅|q号)\s{0,2}(?:号|号码|number|no\.?)?\s{0,2}[:：=]?\s{0,2}([1-9]\d{4,10})(?![\d*])")
# "user:pass", "user|pass", "user;pass", "email----pass" and tab-separated combo lines. Group 1 is the
# user, group 2 the password; the user is the shortest run that leaves a separator ("a-b----pw").
_COMBO = re.compile(r"(?m)^[ \t]*([^\s:|;,*]{3,64}?)[ \t]*(?::|\||;|-{2,}|\t)[ \t]*([^\s*]{3,64})[ \t]*$")
_PASSWORD_LABEL = re.compile(r"(?i)(?<![a-z])(?:密码|口令|password|passwd|pwd|pass)\s{0,2}[:：=]\s{0,2}([^\s,;，；、。*]{4,64})")
_NOT_A_PASSWORD = re.compile(r"(?i)[\d.:\-/]+|md5|sha-?\d*|bcrypt|scrypt|argon2\w*|plain(?:text)?|hash(?:ed)?")
# US numbers written the North American way, with or without +1: "(555) 014-2291", "555-014-2291".
_NANP = re.compile(r"(?<![\w*+\-.()])(?:\+?1[\s.\-]?)?(?:\(\d{3}\)\s?|\d{3}[\-.])\d{3}[\-.]\d{4}(?![\w*\-])")
_PHONE_LABEL_10 = re.compile(r"(?i)(?<![a-z])(?:phone|tel|mobile|cell|call|sms|whatsapp)\w{0,3}\.?\s{0,2}(?:no\.?|#|number)?\s{0,2}[:：=]?\s{0,2}"
                             r"(\d{10})(?![\d*])")
# Cheap tests (patterns that start with a digit, which the engine skips to fast) before the costlier ones.
_NANP_HINT = re.compile(r"\d{3}[\-.]\d{4}")
_TEN_DIGITS = re.compile(r"\d{10}")
_SSN_HINT = re.compile(r"\d-\d\d-\d")
# What a text needs to hold anything maskable when it has no digit: a combo or password-label
# separator, or a table delimiter (see tables.DELIMITERS); e-mails are checked by their "@".
_SEPARATOR = re.compile(r"[:：=|;\t,，]|--")
_DIGIT = re.compile(r"\d")
_FOUR_DIGITS = re.compile(r"\d{4}")  # the same \d as the detectors: full-width and other decimal digits count too
_SSN = re.compile(r"(?<![\w*\-/.])(\d{3})-(\d{2})-(\d{4})(?![\w*\-/])")
_SSN_LABEL = re.compile(r"(?i)(?:ssn|social security|soc\.? ?sec)[^\n\d]{0,12}$")
_ID_LABEL = re.compile(r"(?i)(?:身份证|证件|id)[^\n\d]{0,8}$")
_LABEL_WORDS = {
    "telegram", "tg", "qq", "wechat", "weixin", "wx", "vx", "微信", "email", "mail", "e-mail", "price", "价格", "联系",
    "contact", "jabber", "xmpp", "tox", "session", "signal", "btc", "xmr", "eth", "usdt", "url", "link", "http", "https",
    "ftp", "format", "格式", "date", "time", "posted", "phone", "tel", "mobile", "sample", "samples", "records", "rows",
    "total", "count", "size", "name", "user", "username", "password", "pass", "login", "fields", "字段", "数量", "售价",
    "wallet", "address", "escrow", "ssn", "dob", "身份证", "手机", "电话", "discord", "whatsapp", "skype", "icq", "note", "notes", "source", "来源", "region",
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


def valid_ssn(area: str, group: str, serial: str) -> bool:
    """The SSA's never-issued ranges: area 000, 666 and 900-999, group 00, serial 0000."""
    return area not in ("000", "666") and area[0] != "9" and group != "00" and serial != "0000"


def _id_shaped(s: str) -> bool:
    """An 18-digit ID number whatever its check digit: a province digit and a plausible birth date."""
    year, month, day = int(s[6:10]), int(s[10:12]), int(s[12:14])
    return s[0] in "12345678" and 1900 <= year <= 2030 and 1 <= month <= 12 and 1 <= day <= 31


def _star_digits(raw: str, keep_head: int, keep_tail: int) -> str:
    """raw with every digit but the first keep_head and the last keep_tail replaced by '*'."""
    total = sum(ch.isdigit() for ch in raw)
    out, seen = [], 0
    for ch in raw:
        if ch.isdigit():
            seen += 1
            if keep_head < seen <= total - keep_tail:
                ch = "*"
        out.append(ch)
    return "".join(out)


def _phone_canonical(raw: str) -> str:
    digits = re.sub(r"\D", "", raw)
    if re.fullmatch(r"(?:86)?1[3-9]\d{9}", digits) and not raw.lstrip().startswith("+1"):
        return "+86" + digits[-11:]
    try:
        number = phonenumbers.parse(raw, None if raw.lstrip().startswith("+") else "US")
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    except phonenumbers.NumberParseException:
        return "+" + digits


class _Spans:
    """Replacement spans of one text; the first claim on a stretch of text wins."""

    def __init__(self):
        self.items: list[tuple[int, int, str, str | None, str]] = []   # start, end, replacement, kind, canonical

    def free(self, s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b, *_ in self.items)

    def add(self, s: int, e: int, rep: str, kind: str | None, canon: str = "") -> bool:
        """kind None: masked as part of a value whose sample another span carries."""
        if s >= e or not self.free(s, e):
            return False
        self.items.append((s, e, rep, kind, canon))
        return True


def mask_text(text: str | None, salt: str = "") -> MaskResult:
    """Mask every personal identifier in `text`.

    Recognised anywhere: `user:pass`-style combo lines (also `|`, `;`, `----` and tab), labelled
    passwords ("密码: …"), QQ numbers after a QQ label, e-mails, mainland ID numbers with a valid
    check digit, mainland mobiles, +-prefixed international numbers libphonenumber validates, US
    numbers in North American format ("(555) 014-2291", "555-014-2291", optional +1) and ten
    digits after a phone label, SSNs (ddd-dd-dddd) outside the SSA's never-issued ranges, and
    Luhn-valid card numbers.

    In sample data the rules widen, because sellers' samples are often fake-looking and still
    someone's data in shape: a sample row is a data row of a table (see tables.py) or a line
    where another value was masked. There any ddd-dd-dddd and any 18-digit ID number (17 digits, then a digit or X) with a
    province digit and a plausible birth date are masked (also when labelled SSN / 身份证), and a
    table's header masks whole columns: passwords (密码, password, pass, pwd, passwd, secret, 口令;
    the row's user column is masked with them), SSNs, ID numbers and phone numbers.
    """
    if not text:
        return MaskResult(text or "", [])
    # Every detector but combos, e-mails and password columns needs a digit, and all but +-prefixed
    # numbers need four in a row; short side fields (seller, category, a title) often have neither.
    digits = _DIGIT.search(text) is not None
    if not digits and "@" not in text and not _SEPARATOR.search(text):
        return MaskResult(text, [])
    runs = digits and _FOUR_DIGITS.search(text) is not None
    spans = _Spans()
    _mask_credentials(text, spans)
    if runs:
        for m in _QQ.finditer(text):
            qq = m.group(1)
            spans.add(m.start(1), m.end(1), qq[:2] + "*" * (len(qq) - 4) + qq[-2:], "qq", qq)
    if "@" in text:
        for m in _EMAIL.finditer(text):
            local, domain = m.group(1), m.group(2)
            spans.add(m.start(), m.end(), local[:1] + "***@" + domain, "email", (local + "@" + domain).lower())
    if runs:
        for m in _CN_ID.finditer(text):
            if valid_cn_id(m.group(1)):
                _add_id(spans, m.start(1), m.group(1))
    if digits:
        _mask_phones(text, spans, runs)
    if runs:
        for m in _SSN.finditer(text) if _SSN_HINT.search(text) else ():
            if valid_ssn(*m.groups()):
                _add_ssn(spans, m)
        _mask_cards(text, spans)
    _mask_samples(text, spans, digits)

    if not spans.items:
        return MaskResult(text, [])
    out, samples, pos = [], [], 0
    for s, e, rep, kind, canon in sorted(spans.items):
        out.append(text[pos:s])
        out.append(rep)
        if kind:
            samples.append({"kind": kind, "masked": rep, "hash": _hash(salt, canon)})
        pos = e
    out.append(text[pos:])
    return MaskResult("".join(out), samples)


def _add_id(spans: _Spans, start: int, s: str) -> bool:
    return spans.add(start, start + len(s), s[:6] + "********" + s[-4:].upper(), "national_id", s.upper())


def _add_ssn(spans: _Spans, m: re.Match) -> bool:
    return spans.add(m.start(), m.end(), "***-**-" + m.group(3), "ssn", "".join(m.groups()))


def _mask_credentials(text: str, spans: _Spans) -> None:
    """Combo lines (password fully masked, user partly) and labelled passwords."""
    for m in _COMBO.finditer(text):
        user, pw = m.group(1), m.group(2)
        if user.lower().rstrip("：") in _LABEL_WORDS or pw.startswith("//") or user.isdigit() and len(user) < 5:
            continue
        if re.fullmatch(r"[\d.:\-/ ]+", user + pw):
            continue  # times, ratios, dates
        if not re.search(r"[A-Za-z0-9]", pw) or pw.startswith("@"):
            continue
        separator = text[m.end(1):m.start(2)]
        if "\t" in separator and not (re.search(r"\d", pw) or "@" in user):
            continue  # two words in a two-column table, not an account
        spans.add(m.start(1), m.end(2), _mask_user(user) + separator + "********", "credential", user.lower())
    lower = text.lower()
    hinted = "pass" in lower or "pwd" in lower or "密码" in text or "口令" in text
    for m in _PASSWORD_LABEL.finditer(text) if hinted else ():
        pw = m.group(1)
        if re.search(r"\d", pw) and not _NOT_A_PASSWORD.fullmatch(pw) or pw.isdigit() and len(pw) >= 6:
            spans.add(m.start(1), m.end(1), "********", "credential", pw)


def _mask_phones(text: str, spans: _Spans, runs: bool = True) -> None:
    """`runs`: whether the text has four digits in a row (only +-prefixed numbers can do without)."""
    # mainland mobiles (with or without +86)
    for m in _CN_MOBILE.finditer(text) if runs else ():
        digits = m.group(2) + m.group(3) + m.group(4)
        tail = text[m.end():m.end() + 2]
        if tail[:1] in ("条", "元", "块", "万", "行", "人") or tail.lower().startswith(("rows", "rec")):
            continue
        rep = (m.group(1) + " " if m.group(1) else "") + digits[:3] + "****" + digits[-4:]
        spans.add(m.start(), m.end(), rep, "phone", "+86" + digits)
    # other international numbers, validated by libphonenumber
    for m in _INTL_PHONE.finditer(text) if "+" in text else ():
        try:
            num = phonenumbers.parse(m.group(0), None)
        except phonenumbers.NumberParseException:
            continue
        if not phonenumbers.is_valid_number(num):
            continue
        e164 = phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.E164)
        nat = str(num.national_number)
        spans.add(m.start(), m.end(), f"+{num.country_code} " + "*" * max(0, len(nat) - 4) + nat[-4:], "phone", e164)
    # North American format: unambiguous as a phone number even when the number is not assigned
    for m in _NANP.finditer(text) if runs and _NANP_HINT.search(text) else ():
        raw = m.group(0)
        digits = re.sub(r"\D", "", raw)
        spans.add(m.start(), m.end(), _star_digits(raw, len(digits) - 7, 4), "phone", "+1" + digits[-10:])
    for m in _PHONE_LABEL_10.finditer(text) if runs and _TEN_DIGITS.search(text) else ():
        digits = m.group(1)
        if phonenumbers.is_valid_number(phonenumbers.parse(digits, "US")):
            spans.add(m.start(1), m.end(1), _star_digits(digits, 3, 4), "phone", "+1" + digits)


def _mask_cards(text: str, spans: _Spans) -> None:
    """Luhn-valid, plausible issuer prefix, not a run of one digit."""
    for m in _CARD.finditer(text):
        digits = re.sub(r"[\s\-]", "", m.group(1))
        if not 13 <= len(digits) <= 19 or digits[0] not in "23456" or not luhn_ok(digits):
            continue
        if re.search(r"0{6,}$", digits):  # round figures ("1000000000000000条") are counts, not cards
            continue
        tail = text[m.end():m.end() + 2]
        if tail[:1] in ("条", "元", "块", "行"):
            continue
        spans.add(m.start(1), m.end(1), "*" * (len(digits) - 4) + digits[-4:], "payment_card", digits)


_CELL_SHAPES = {
    "ssn": re.compile(r"\d{3}[\- ]?\d{2}[\- ]?\d{4}"),
    "national_id": re.compile(r"\d{17}[\dXx]|\d{15}"),
    "phone": re.compile(r"\+?[\d\s().\-]{7,24}"),
}


def _mask_samples(text: str, spans: _Spans, digits: bool = True) -> None:
    """The wider rules for sample data (see mask_text). `digits`: whether the text has any."""
    line_starts = [m.end() for m in re.finditer("\n", text)]

    def line_of(pos: int) -> int:
        return bisect_right(line_starts, pos)

    rows = {line_of(s) for s, *_ in spans.items}          # lines where a value was masked
    for table in find_tables(text) if any(d in text for d in TABLE_DELIMITERS) else ():
        for cells in table.rows:
            rows.add(line_of(cells[0][0]))
            _mask_columns(text, spans, table, cells)

    def in_sample_row(pos: int) -> bool:
        return line_of(pos) in rows

    if not digits or _FOUR_DIGITS.search(text) is None:
        return  # an ID number and an SSN both end in four digits
    for m in _CN_ID.finditer(text):
        s = m.group(1)
        if _id_shaped(s) and (in_sample_row(m.start()) or _ID_LABEL.search(text[max(0, m.start() - 16):m.start()])):
            _add_id(spans, m.start(1), s)
    for m in _SSN.finditer(text) if _SSN_HINT.search(text) else ():
        if in_sample_row(m.start()) or _SSN_LABEL.search(text[max(0, m.start() - 32):m.start()]):
            _add_ssn(spans, m)


def _mask_columns(text: str, spans: _Spans, table: Table, cells: list[tuple[int, int]]) -> None:
    if len(cells) != len(table.columns):
        return
    password = table.column("password")
    if password is not None:
        s, e = cells[password]
        pw = text[s:e]
        if pw.strip("*"):
            user = table.column("user")
            name = text[slice(*cells[user])] if user is not None else ""
            if name.strip("*") and "*" not in name:
                spans.add(*cells[user], _mask_user(name), None)
            spans.add(s, e, "********", "credential", name.lower() if name and "*" not in name else pw)
    for kind, shape in _CELL_SHAPES.items():
        column = table.column(kind)
        if column is None:
            continue
        s, e = cells[column]
        value = text[s:e]
        if not shape.fullmatch(value) or not 7 <= sum(ch.isdigit() for ch in value) <= 18:
            continue
        digits = re.sub(r"\D", "", value)
        if kind == "ssn":
            spans.add(s, e, "***-**-" + digits[-4:], "ssn", digits)
        elif kind == "national_id":
            spans.add(s, e, value[:6] + "*" * (len(value) - 10) + value[-4:].upper(), "national_id", value.upper())
        else:
            spans.add(s, e, _star_digits(value, min(3, len(digits) - 4), 4), "phone", _phone_canonical(value))
