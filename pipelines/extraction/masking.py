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
from stdnum import luhn

from .normalize import fold
from .tables import DELIMITERS as TABLE_DELIMITERS, Table, find_tables

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"

# Local parts may be accented ("josé.garcía@…"); "@" may be written "[at]" or "(at)" (look-alikes of
# "@" are folded before any detector runs, see normalize.fold).
_AT = r"(?:@|%40|\s?[\[(]at[\])]\s?)"
_EMAIL = re.compile(r"(?<![\w.+\-*])([0-9A-Za-z\u00c0-\u024f][0-9A-Za-z\u00c0-\u024f._%+\-]{0,63})" + _AT
                    + r"([0-9A-Za-z\u00c0-\u024f\-]{1,63}(?:\.[0-9A-Za-z\-]{1,63}){1,5})(?![\w\-])")
# 18 characters with at most one space, dash or dot between any two ("110101-19900307-7578"); a
# letter prefix ("ID110101…") does not hide it.
_CN_ID = re.compile(r"(?<!\d)(\d(?:[ \-.]?\d){16}[ \-.]?[0-9Xx])(?![0-9A-Za-z])")
_CN_MOBILE = re.compile(r"(?=[+81])(?<![\d*+])(?:(\+?86)[ \t\-.]?)?(1[3-9]\d)[ \t\-.]?(\d{4})[ \t\-.]?(\d{4})(?![\d*])")
# "+44 …" or the dialling form "0044 …"
_INTL_PHONE = re.compile(r"(?<![\w+*])(?:\+|00(?=[1-9]))\d{1,3}[ \t\-.]?(?:\(\d{1,4}\)[ \t\-.]?)?\d{1,4}(?:[ \t\-.]?\d{2,4}){1,4}(?![\d*])")
_CARD = re.compile(r"(?<![\d*])(\d(?:[ \-.]?\d){12,18})(?![\d*])")
# A run of digit groups split by single spaces, dashes or dots ("4111 1111 1111 1111 13912345678"):
# ID numbers and cards are looked for in every stretch of whole groups of the right length.
_NUMBER_RUN = re.compile(r"(?<![\d*])\d+(?:[ \-.]\d+)*(?:[ \-.]?[Xx](?![A-Za-z]))?(?![\d*])")
_GROUP = re.compile(r"\d+[Xx]?|[Xx]")
_QQ = re.compile(r"(?i)(?=[q扣企])(?:qq|扣扣|企鹅|q号)\s{0,2}(?:号|号码|number|no\.?)?\s{0,2}[:：=]?\s{0,2}([1-9]\d{4,10})(?![\d*])")
# "user:pass", "user|pass", "user;pass", "email----pass" and tab-separated combo lines. Group 1 is the
# user, group 2 the password; the user is the shortest run that leaves a separator ("a-b----pw").
# Dump shapes: a list marker before ("1. user:pass", "- mail:pass"), more fields after a second
# separator ("user ---- pass ---- date") or a note in brackets ("mail:pass (valid)").
_COMBO = re.compile(r"(?m)^[ \t]*(?:\d{1,6}[.)][ \t]+|[-*•>][ \t]+)?([^\s:：|;；,，*]{3,64}?)[ \t]*(?::|：|\||;|；|-{2,}|\t)[ \t]*"
                    r"([^\s*|;；]{3,64}?)[ \t]*(?:(?:-{2,}|\||;|；|\t)[^\n]*|[ \t][(\[（【][^\n]*)?$")
# "密码: x", "密码 x", "password=x"; group 1 is the separator (a bare space asks more of the password).
_PASSWORD_LABEL = re.compile(r"(?i)(?=[密口p])(?<![a-z])(?:密码|口令|password|passwd|pwd|pass)(\s{0,2}[:：=]\s{0,2}|\s{1,2})"
                             r"([^\s,;，；、。*]{4,64})")
_ACCOUNT_LABEL = re.compile(r"(?i)(?<![a-z])(?:账号|帐号|账户|用户名|login|username|user|account)\s{0,2}[:：=]\s{0,2}"
                            r"([^\s,;，；、。*]{2,64})")
_NOT_A_PASSWORD = re.compile(r"(?i)[\d.:\-/]+|md5|sha-?\d*|bcrypt|scrypt|argon2\w*|plain(?:text)?|hash(?:ed)?")
# US numbers written the North American way, with or without +1: "(555) 014-2291", "555-014-2291".
_NANP = re.compile(r"(?<![\w*+\-.()])(?:\+?1[\s.\-]?)?(?:\(\d{3}\)\s?|\d{3}[\-.])\d{3}[\-.]\d{4}(?![\w*\-])")
_PHONE_LABEL_10 = re.compile(r"(?i)(?<![a-z])(?:phone|tel|mobile|cell|call|sms|whatsapp)\w{0,3}\.?\s{0,2}(?:no\.?|#|number)?\s{0,2}[:：=]?\s{0,2}"
                             r"(\d{10})(?![\d*])")
# A look-ahead at the first characters of a match heads some patterns (_CN_MOBILE, _QQ, _PASSWORD_LABEL,
# _DOB): the engine cannot see them through a look-behind or case-insensitive words, and told, it
# skips the other characters instead of trying every alternative at each.
# Cheap tests (patterns that start with a digit, which the engine skips to fast) before the costlier ones.
_NANP_HINT = re.compile(r"\d{3}[\-.]\d{4}")
_TEN_DIGITS = re.compile(r"\d{10}")
_SSN_HINT = re.compile(r"\d-\d\d-\d")
# What a text needs to hold anything maskable when it has no digit: a combo or password-label
# separator, or a table delimiter (see tables.DELIMITERS); e-mails are checked by their "@".
_SEPARATOR = re.compile(r"[:：=|;；\t,，]|--")
_DIGIT = re.compile(r"\d")
_FOUR_DIGITS = re.compile(r"\d{4}")
_SPACED_DIGITS = re.compile(r"\d(?:[ \-.]\d){6}")   # "1 3 9 1 2 3 4 …": a number written digit by digit  # the same \d as the detectors: full-width and other decimal digits count too
_SSN = re.compile(r"(?<![\w*\-/.])(\d{3})-(\d{2})-(\d{4})(?![\w*\-/])")
_SSN_LABEL = re.compile(r"(?i)(?:ssn|social security|soc\.? ?sec)[^\n\d]{0,12}$")
_ID_LABEL = re.compile(r"(?i)(?:身份证|证件|id)[^\n\d]{0,8}$")
_DATE = r"(?:(?:19|20)\d\d[\-/.年]\d{1,2}[\-/.月]\d{1,2}日?|\d{1,2}[\-/.]\d{1,2}[\-/.](?:19|20)\d\d|(?:19|20)\d{6})"
_DOB = re.compile(r"(?i)(?=[出生db])(?:出生日期|出生|生日|dob|d\.o\.b\.?|date of birth|birth ?date|birthday|born)\s{0,2}[:：=]?\s{0,2}(" + _DATE + r")(?!\d)")
_PASSPORT = re.compile(r"(?i)(?:护照|passport)\s{0,2}(?:号码?|no\.?|number|#)?\s{0,2}[:：=]?\s{0,2}([A-Z]{1,2}[ \-]?\d{6,9})(?![\dA-Za-z])")
# Mainland plates: province character, issuing letter, five or six characters ("苏A12345", "京A·D12345").
_PLATE = re.compile(r"([京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼])([A-HJ-NP-Z])[·・.\- ]?([A-HJ-NP-Z0-9]{5,6})(?![A-Za-z0-9])")
# Units glued to a number: a round figure with one is a count or a price, not a phone or a card.
_UNITS = ("条", "元", "块", "万", "行", "人")
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
    return digits.isdigit() and luhn.is_valid(digits)


def _digits(raw: str) -> str:
    return "".join(ch for ch in raw if ch.isdigit())


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

    def __init__(self, length: int):
        self.items: list[tuple[int, int, str, str | None, str]] = []   # start, end, replacement, kind, canonical
        self._taken = bytearray(length)   # 1 where a span lies: a claim costs its own length, not the count of spans

    def free(self, s: int, e: int) -> bool:
        return self._taken.find(1, s, e) < 0

    def add(self, s: int, e: int, rep: str, kind: str | None, canon: str = "") -> bool:
        """kind None: masked as part of a value whose sample another span carries."""
        if s >= e or not self.free(s, e):
            return False
        self.items.append((s, e, rep, kind, canon))
        self._taken[s:e] = b"\x01" * (e - s)
        return True


def mask_text(text: str | None, salt: str = "", whole_rows: bool = True) -> MaskResult:
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
    the row's user column is masked with them), SSNs, ID numbers and phone numbers. With
    `whole_rows` (the default) the rest of a sample row is masked too, keeping its shape: Chinese
    names, Latin names (in rows of cells), street addresses below the city, dates, numbers of 5+
    digits. URLs and log lines are masked without it.

    The text is first brought to the shared normal form (normalize.fold: NFKC, no format or
    zero-width characters, look-alike separators folded); the result is in that form. Also masked
    anywhere: dates of birth, passports after a label, mainland plates, accounts beside a
    labelled password ("账号:x 密码:y"), numbers in any grouping ("110101-19900307-7578",
    "1 3 9 1 2 …") and numbers glued to a unit unless round ("13912345678条").
    """
    if not text:
        return MaskResult(text or "", [])
    text = fold(text)   # full-width digits, format characters inside numbers, look-alike "@" and ":"
    # Every detector but combos, e-mails and password columns needs a digit, and all but +-prefixed
    # numbers need four in a row; short side fields (seller, category, a title) often have neither.
    digits = _DIGIT.search(text) is not None
    if not digits and "@" not in text and "at" not in text and not _SEPARATOR.search(text):
        return MaskResult(text, [])
    four = digits and _FOUR_DIGITS.search(text) is not None
    runs = four or digits and _SPACED_DIGITS.search(text) is not None
    numbers = _NumberRuns(text) if runs else None
    spans = _Spans(len(text))
    _mask_credentials(text, spans)
    if runs:
        for m in _QQ.finditer(text):
            qq = m.group(1)
            spans.add(m.start(1), m.end(1), qq[:2] + "*" * (len(qq) - 4) + qq[-2:], "qq", qq)
    for m in _EMAIL.finditer(text):
        local, domain = m.group(1), m.group(2)
        spans.add(m.start(), m.end(), local[:1] + "***@" + domain, "email", (local + "@" + domain).lower())
    if runs:
        for start, end in numbers.id_windows():
            if valid_cn_id(_id_chars(text[start:end])):
                _add_id(spans, start, text[start:end])
        for m in _DOB.finditer(text):
            spans.add(m.start(1), m.end(1), _star_digits(m.group(1), 0, 0), "date_of_birth", _digits(m.group(1)))
        for m in _PASSPORT.finditer(text):
            value = m.group(1)
            spans.add(m.start(1), m.end(1), _star_alnum(value, 2), "passport", re.sub(r"[ \-]", "", value).upper())
    for m in _PLATE.finditer(text) if digits else ():
        spans.add(m.start(), m.end(), m.group(1) + m.group(2) + "*" * len(m.group(3)), "plate",
                  m.group(1) + m.group(2) + m.group(3))
    if digits:
        _mask_phones(text, spans, numbers)
    if runs:
        for m in _SSN.finditer(text) if _SSN_HINT.search(text) else ():
            if valid_ssn(*m.groups()):
                _add_ssn(spans, m)
        _mask_cards(text, spans, numbers)
    _mask_samples(text, spans, numbers if four else None, whole_rows)

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


_SHORTEST_WINDOW = 11  # a mainland mobile; ID numbers and cards are longer


class _NumberRuns:
    """The digit groups of a text's number runs, read once for every window size asked of them."""

    def __init__(self, text: str):
        self.runs = []
        for run in _NUMBER_RUN.finditer(text):
            if run.end() - run.start() >= _SHORTEST_WINDOW:
                self.runs.append((run.end() - run.start(),
                                  [(g.start(), g.end()) for g in _GROUP.finditer(text, run.start(), run.end())]))
        self._ids: list[tuple[int, int]] | None = None

    def windows(self, shortest: int, longest: int):
        """(start, end) of every stretch of whole digit groups, `shortest` to `longest` characters long
        without separators, in the number runs of text. Longest stretches first at each group; a
        stretch is at most `longest` long, so this is linear in the text."""
        assert shortest >= _SHORTEST_WINDOW
        for length, groups in self.runs:
            if length < shortest:
                continue
            for i in range(len(groups)):
                found, size = [], 0
                for j in range(i, len(groups)):
                    size += groups[j][1] - groups[j][0]
                    if size > longest:
                        break
                    if size >= shortest:
                        found.append((groups[i][0], groups[j][1]))
                yield from reversed(found)

    def id_windows(self) -> list[tuple[int, int]]:
        """windows(18, 18): looked at twice, for valid ID numbers and for ID-shaped ones in samples."""
        if self._ids is None:
            self._ids = list(self.windows(18, 18))
        return self._ids


def _id_chars(raw: str) -> str:
    return re.sub(r"[ \-.]", "", raw).upper()


def _add_id(spans: _Spans, start: int, raw: str) -> bool:
    s = _id_chars(raw)
    return spans.add(start, start + len(raw), s[:6] + "********" + s[-4:], "national_id", s)


def _star_alnum(raw: str, keep_tail: int) -> str:
    """raw with every letter and digit but the first letter and the last keep_tail replaced by '*'."""
    total = sum(ch.isalnum() for ch in raw)
    out, seen = [], 0
    for ch in raw:
        if ch.isalnum():
            seen += 1
            if 1 < seen <= total - keep_tail:
                ch = "*"
        out.append(ch)
    return "".join(out)


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
    lines = set()
    newlines = [m.start() for m in re.finditer("\n", text)] if hinted else []
    for m in _PASSWORD_LABEL.finditer(text) if hinted else ():
        pw = m.group(2)
        if _NOT_A_PASSWORD.fullmatch(pw) and not (pw.isdigit() and len(pw) >= 6):
            continue
        # after "密码:" anything with a letter or digit is a password; after a bare space, only a word with a digit
        labelled = m.group(1).strip() != ""
        if re.search(r"\d", pw) or labelled and re.search(r"[A-Za-z]", pw) and not re.search(r"[\u4e00-\u9fff]", pw):
            if spans.add(m.start(2), m.end(2), "********", "credential", pw):
                lines.add(bisect_right(newlines, m.start()))
    # the account beside a labelled password: "账号:x 密码:y"
    for m in _ACCOUNT_LABEL.finditer(text) if lines else ():
        user = m.group(1)
        if bisect_right(newlines, m.start()) in lines and user.lower() not in _LABEL_WORDS:
            spans.add(m.start(1), m.end(1), _mask_user(user), None)


def _mask_phones(text: str, spans: _Spans, numbers: _NumberRuns | None) -> None:
    """`numbers`: the text's number runs, None when it has no four digits in a row nor a number written
    digit by digit (then only +-prefixed numbers can be there)."""
    runs = numbers is not None
    # mainland mobiles (with or without +86)
    for m in _CN_MOBILE.finditer(text) if runs else ():
        digits = m.group(2) + m.group(3) + m.group(4)
        if _a_figure(text, m.end(), digits):
            continue
        rep = (m.group(1) + " " if m.group(1) else "") + digits[:3] + "****" + digits[-4:]
        spans.add(m.start(), m.end(), rep, "phone", "+86" + digits)
    # other international numbers, validated by libphonenumber
    for m in _INTL_PHONE.finditer(text) if "+" in text or "00" in text else ():
        dialled = m.group(0).startswith("00")
        found = _valid_phone_prefix("+" + m.group(0)[2:] if dialled else m.group(0))
        if found is None:
            continue
        num, length = found
        length += dialled
        e164 = phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.E164)
        nat = str(num.national_number)
        spans.add(m.start(), m.start() + length, f"+{num.country_code} " + "*" * max(0, len(nat) - 4) + nat[-4:],
                  "phone", e164)
    # North American format: unambiguous as a phone number even when the number is not assigned
    for m in _NANP.finditer(text) if runs and _NANP_HINT.search(text) else ():
        raw = m.group(0)
        digits = re.sub(r"\D", "", raw)
        spans.add(m.start(), m.end(), _star_digits(raw, len(digits) - 7, 4), "phone", "+1" + digits[-10:])
    for m in _PHONE_LABEL_10.finditer(text) if runs and _TEN_DIGITS.search(text) else ():
        digits = m.group(1)
        if phonenumbers.is_valid_number(phonenumbers.parse(digits, "US")):
            spans.add(m.start(1), m.end(1), _star_digits(digits, 3, 4), "phone", "+1" + digits)
    # mainland mobiles written in odd groups ("1 3 9 1 2 3 4 5 6 7 8", "1391 234 5678")
    for start, end in numbers.windows(11, 11) if runs else ():
        digits = _digits(text[start:end])
        if re.fullmatch(r"1[3-9]\d{9}", digits) and text[start - 1:start] != "+" and not _a_figure(text, end, digits):
            spans.add(start, end, digits[:3] + "****" + digits[-4:], "phone", "+86" + digits)


def _valid_phone_prefix(raw: str):
    """(number, length) of the longest prefix of raw, cut at a separator, that libphonenumber
    validates ("+61412348267 2024": the number without the year), or None."""
    cuts = [len(raw)] + [i for i in range(len(raw) - 1, 3, -1) if raw[i] in " \t-."][:4]
    for cut in cuts:
        try:
            num = phonenumbers.parse(raw[:cut], None)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(num):
            return num, cut
    return None


def _a_figure(text: str, end: int, digits: str) -> bool:
    """A round number with a unit glued to it ("13000000000条") is a figure; any other number
    with a unit ("13912345678条", "手机:13912345678元") is a disguised identifier."""
    tail = text[end:end + 3].lstrip()
    unit = tail[:1] in _UNITS or tail.lower().startswith(("rows", "rec"))
    return unit and digits.endswith("0000")


def _mask_cards(text: str, spans: _Spans, numbers: _NumberRuns) -> None:
    """Luhn-valid, plausible issuer prefix, not a run of one digit."""
    for start, end in numbers.windows(13, 19):
        digits = text[start:end]
        if not digits[-1].isdigit():
            continue
        digits = _digits(digits)
        if not 13 <= len(digits) <= 19 or digits[0] not in "23456" or not luhn_ok(digits):
            continue
        if re.search(r"0{6,}$", digits):  # round figures ("1000000000000000条") are counts, not cards
            continue
        if _a_figure(text, end, digits):
            continue
        spans.add(start, end, "*" * (len(digits) - 4) + digits[-4:], "payment_card", digits)


_CELL_SHAPES = {
    "ssn": re.compile(r"\d{3}[\- ]?\d{2}[\- ]?\d{4}"),
    "national_id": re.compile(r"\d{17}[\dXx]|\d{15}"),
    "phone": re.compile(r"\+?[\d\s().\-]{7,24}"),
}


def _mask_samples(text: str, spans: _Spans, numbers: _NumberRuns | None, whole_rows: bool = True) -> None:
    """The wider rules for sample data (see mask_text). `numbers`: the text's number runs, None when
    it has no four digits in a row (an ID number and an SSN both end in four)."""
    line_starts = [m.end() for m in re.finditer("\n", text)]

    def line_of(pos: int) -> int:
        return bisect_right(line_starts, pos)

    rows = {line_of(s) for s, *_ in spans.items}          # lines where a value was masked
    table_rows = set()
    for table in find_tables(text) if any(d in text for d in TABLE_DELIMITERS) else ():
        for cells in table.rows:
            table_rows.add(line_of(cells[0][0]))
            _mask_columns(text, spans, table, cells)

    rows |= table_rows

    def in_sample_row(pos: int) -> bool:
        return line_of(pos) in rows

    if numbers is not None:
        for start, end in numbers.id_windows():
            if _id_shaped(_id_chars(text[start:end])) and (
                    in_sample_row(start) or _ID_LABEL.search(text[max(0, start - 16):start])):
                _add_id(spans, start, text[start:end])
        for m in _SSN.finditer(text) if _SSN_HINT.search(text) else ():
            if in_sample_row(m.start()) or _SSN_LABEL.search(text[max(0, m.start() - 32):m.start()]):
                _add_ssn(spans, m)
    if not whole_rows:
        return
    bounds = [0] + line_starts
    for row in sorted(rows):
        end = text.find("\n", bounds[row])
        end = len(text) if end < 0 else end
        _mask_row(text, spans, bounds[row], end, row in table_rows or _a_row_of_cells(text[bounds[row]:end]))


# --- sample rows, masked whole: every value keeps its shape and kind, not its characters -------------

_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范"
    "金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂"
    "章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解"
    "牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎"
    "甄丛仲虞敖巩明佘池查麻苑迟邝")
_COMPOUND_SURNAMES = ("欧阳", "司马", "诸葛", "上官", "东方", "慕容", "令狐", "皇甫", "尉迟", "公孙", "长孙", "宇文", "司徒", "夏侯")
_CELL = re.compile(r"[^\s,|;，；、]+")
_CJK_NAME = re.compile(r"[\u4e00-\u9fff]{2,4}")
_CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")
# An address: what is kept is the province and city ("江苏省南京市"); a street-level part must follow.
_CJK_ADDRESS = re.compile(r"(?:[\u4e00-\u9fff]{2,8}?(?:省|自治区))?(?:[\u4e00-\u9fff]{1,8}?市)?")
_CJK_STREET = re.compile(r"[路街道巷弄里]\s?\d|\d+\s?(?:号|室|栋|幢|楼|单元)|[村]|小区|花园|公寓|大厦")
_ROW_CELL_SPLIT = re.compile(r"[,\t|;]")
_LATIN_WORD = re.compile(r"[A-Z\u00c0-\u00de][a-z\u00df-\u00ff'\-]{1,30}")
_STREET = re.compile(r"\d{1,6}[A-Za-z]?\s+(?:[A-Za-z][a-z]*\.?\s+){1,4}(?:St|Street|Ave|Avenue|Rd|Road|Blvd|Boulevard|Ln|Lane|"
                     r"Dr|Drive|Way|Ct|Court|Pl|Place|Ter|Terrace|Cir|Circle|Hwy|Highway)\b\.?(?:\s*(?:Apt|Suite|Unit|#)\.?\s*\w+)?")
_DATE_CELL = re.compile(_DATE)


def _shape(value: str, keep_head: int = 0, keep_tail: int = 0) -> str:
    """Letters, digits and CJK characters of value as '*', but the first keep_head and last keep_tail."""
    marks = [i for i, ch in enumerate(value) if ch.isalnum()]
    chars = list(value)
    for i in marks[keep_head:len(marks) - keep_tail]:
        chars[i] = "*"
    return "".join(chars)


def _a_row_of_cells(line: str) -> bool:
    """Three or more short cells split by one delimiter ("王晓明,3201…,江苏省…"), not a sentence."""
    parts = _ROW_CELL_SPLIT.split(line)
    return len(line) <= 300 and len(parts) >= 3 and max(len(part) for part in parts) <= 48 \
        and max(part.strip().count(" ") for part in parts) <= 4


def _next_to_a_span(text: str, spans: _Spans, s: int, e: int) -> bool:
    """Whether a masked value is the next thing before or after text[s:e] ("张三 138****5678")."""
    after = e
    while after < len(text) and after < e + 3 and text[after] in " \t:：,，;；、":
        after += 1
    before = s - 1
    while before >= 0 and before > s - 4 and text[before] in " \t:：,，;；、":
        before -= 1
    return (after < len(text) and not spans.free(after, after + 1)) or (before >= 0 and not spans.free(before, before + 1))


def _mask_row(text: str, spans: _Spans, start: int, end: int, cells: bool) -> None:
    """Names, street addresses below the city, dates and long numbers of one sample row. In a line
    that is prose rather than cells (a sentence beside a masked phone number), only addresses and a
    name right beside a masked value: its other words (a brand, a count, a date) stay readable."""
    for m in _STREET.finditer(text, start, end):
        spans.add(m.start(), m.end(), _shape(m.group(0)), "address", m.group(0).lower())
    for m in _CELL.finditer(text, start, end):
        s, e, value = m.start(), m.end(), m.group(0)
        if "*" in value or not spans.free(s, e):
            continue
        masked = _mask_cell(value, True)
        if masked is not None and not cells and masked[0] != "address" and not (
                masked[0] == "name" and _next_to_a_span(text, spans, s, e)):
            continue
        if masked is not None:
            kind, rep = masked
            spans.add(s, e, rep, kind, value.lower())


def _mask_cell(value: str, latin_names: bool = True) -> tuple[str | None, str] | None:
    """(kind, masked form) of one cell of a sample row, or None to keep it (a short word, a label)."""
    if value.lower().rstrip(":：") in _LABEL_WORDS:
        return None
    if _CJK_CHAR.search(value):
        if _CJK_NAME.fullmatch(value) and (value[0] in _SURNAMES or value[:2] in _COMPOUND_SURNAMES):
            head = 2 if value[:2] in _COMPOUND_SURNAMES and len(value) > 2 else 1
            return "name", value[:head] + "*" * (len(value) - head)
        if len(value) >= 4:
            kept = _CJK_ADDRESS.match(value).end()
            if _CJK_STREET.search(value, kept):
                return "address", value[:kept] + _shape(value[kept:])
            return None
    if value[0].isdigit() and _DATE_CELL.fullmatch(value):
        return "date_of_birth", _shape(value)
    if latin_names and _LATIN_WORD.fullmatch(value):
        return "name", _shape(value, keep_head=1)
    if len(value) >= 5 and sum(map(str.isdigit, value)) >= 5:
        return None, _shape(value, keep_head=1 if value[0].isalpha() else 0, keep_tail=4)
    return None


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
