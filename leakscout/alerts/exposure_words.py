"""Confirmed exposure in words: "3 of 5 sample phone numbers are Qudian customers"."""
from __future__ import annotations

KIND_WORDS = {
    "phone": "phone numbers", "email": "e-mail addresses", "national_id": "resident ID numbers",
    "payment_card": "card numbers", "credential": "user names", "qq": "QQ numbers", "ssn": "SSNs",
}


def exposure_lines(document: dict, brand_name: str) -> list[str]:
    """One sentence per kind of sample identifier checked against the brand's customers."""
    for entry in document.get("exposure") or ():
        if entry.get("brand") != brand_name:
            continue
        return [f"{kind['matched']} of {kind['checked']} sample {KIND_WORDS.get(kind['kind'], kind['kind'])} "
                f"{'is a' if kind['matched'] == 1 else 'are'} {brand_name} "
                f"{'customer' if kind['matched'] == 1 else 'customers'}"
                for kind in entry.get("kinds") or ()]
    return []
