"""A customer's identifier in the canonical form that masking hashes samples in (see masking.py).

A brand hashes its own customers' identifiers the way leakscout hashes the samples it masks, so the
two sets can meet as hashes only. Pure functions; `sample_hash` is the one formula for both sides.

Kinds are masking's sample kinds: phone, email, national_id, payment_card, credential (a user name),
qq, ssn. "username" is accepted as a name for credential.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata

import phonenumbers

from .masking import luhn_ok, valid_cn_id

KINDS = ("phone", "email", "national_id", "payment_card", "credential", "qq", "ssn")
KIND_ALIASES = {"username": "credential", "user": "credential", "mobile": "phone", "id": "national_id",
                "card": "payment_card", "e-mail": "email", "mail": "email"}

_CN_MOBILE = re.compile(r"(?:\+?86)?(1[3-9]\d{9})")
_EMAIL = re.compile(r"[^@\s]{1,64}@[A-Za-z0-9\-]{1,63}(?:\.[A-Za-z0-9\-]{1,63}){1,5}")
_CN_ID = re.compile(r"\d{17}[0-9Xx]")
_DIGITS = re.compile(r"\D")


def sample_hash(salt: str, canonical: str) -> str:
    """The keyed hash of a canonical identifier: what masked samples and imported customers both keep."""
    return hashlib.sha256((salt + canonical).encode("utf-8")).hexdigest()


def kind_name(name: str) -> str:
    """A kind as the user may write it (`username`, `mobile`) → the sample kind; ValueError if unknown."""
    kind = KIND_ALIASES.get(name.strip().lower(), name.strip().lower())
    if kind not in KINDS:
        raise ValueError(f"unknown identifier kind {name!r} (one of: {', '.join(KINDS)}, username)")
    return kind


def _folded(raw: str) -> str:
    """Full-width digits and @ folded, format characters and outer blanks dropped."""
    text = unicodedata.normalize("NFKC", raw)
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf").strip()


def guess_kind(raw: str) -> str | None:
    """The kind a lone value most likely is: e-mail, CN resident ID, card, phone; None if none fits."""
    value = _folded(raw)
    if "@" in value:
        return "email" if _EMAIL.fullmatch(value) else None
    compact = re.sub(r"[\s\-().]", "", value)
    if _CN_ID.fullmatch(compact) and valid_cn_id(compact.upper()):
        return "national_id"
    if compact.isdigit() and 13 <= len(compact) <= 19 and luhn_ok(compact) and not _CN_MOBILE.fullmatch(compact):
        return "payment_card"
    if compact.lstrip("+").isdigit() and 7 <= len(compact.lstrip("+")) <= 15:
        return "phone"
    return None


def canonical(kind: str, raw: str, region: str = "CN") -> str | None:
    """The canonical form masking hashes for `kind`, or None when `raw` is not a valid one.

    phone: E.164 (mainland mobiles "+86…", others parsed with `region` when they carry no "+");
    email: lower case; national_id: upper case with a valid check digit; payment_card: digits with a
    valid Luhn sum; credential: the user name in lower case; qq and ssn: digits."""
    value = _folded(raw)
    if not value:
        return None
    if kind == "phone":
        return _phone(value, region)
    if kind == "email":
        return value.lower() if _EMAIL.fullmatch(value) else None
    if kind == "national_id":
        compact = re.sub(r"[\s\-]", "", value).upper()
        return compact if _CN_ID.fullmatch(compact) and valid_cn_id(compact) else None
    if kind == "payment_card":
        digits = _DIGITS.sub("", value)
        return digits if 13 <= len(digits) <= 19 and luhn_ok(digits) else None
    if kind == "credential":
        return value.lower() if len(value) <= 64 and not any(ch.isspace() for ch in value) else None
    if kind == "qq":
        digits = _DIGITS.sub("", value)
        return digits if 5 <= len(digits) <= 11 and digits[0] != "0" else None
    if kind == "ssn":
        digits = _DIGITS.sub("", value)
        return digits if len(digits) == 9 else None
    raise ValueError(f"unknown identifier kind {kind!r}")


def _phone(value: str, region: str) -> str | None:
    compact = re.sub(r"[\s\-().]", "", value)
    mobile = _CN_MOBILE.fullmatch(compact)
    if mobile and not compact.startswith("+1"):
        return "+86" + mobile.group(1)
    try:
        number = phonenumbers.parse(value, None if compact.startswith("+") else region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
