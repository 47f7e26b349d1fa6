"""Pure assembly of the indexed document from a normalized listing and its extraction."""
from __future__ import annotations

import hashlib

EXTRACTION_FIELDS = (
    "brands", "claimed_source", "price", "offers", "record_count", "data_types", "regions",
    "file_format", "lang", "severity", "legal_tier",
)
OFFER_FIELDS = ("amount", "currency", "amount_usd", "unit", "regions", "record_count")
PRICE_FIELDS = ("amount", "currency", "amount_usd")
LEGAL_TIER_FIELDS = ("category", "threshold", "multiple", "tier")


def _pick(mapping: dict | None, keys: tuple[str, ...]) -> dict | None:
    if not mapping:
        return None
    return {key: mapping.get(key) for key in keys if key in mapping}


def build_document(listing: dict, extraction: dict, masked: dict, samples: list[dict],
                   extractor_version: str) -> dict:
    """The listing document of docs/contracts.md §4, minus first_seen/last_seen/history (set on upsert).

    `masked` holds the free-text fields (title, body, seller, category, posted_at) after masking:
    no text field of the listing reaches the document any other way.
    """
    masked_title, masked_body = masked["title"] or "", masked["body"] or ""
    document = {
        "site": listing["site"],
        "listing_key": str(listing["listing_key"]),
        "url": listing["url"],
        "title": masked_title,
        "body": masked_body,
        "seller": masked.get("seller"),
        "category": masked.get("category"),
        "posted_at": extraction.get("posted_at"),
        "posted_at_text": masked.get("posted_at"),
        "status": "active",
        "encoding": listing.get("encoding"),
        "screenshot": listing.get("screenshot"),  # evidence file of a JavaScript page, if one was taken
        "samples": [{k: s[k] for k in ("kind", "masked", "hash")} for s in samples],
        "content_hash": hashlib.sha256(f"{masked_title}\n{masked_body}".encode("utf-8")).hexdigest(),
        "extractor_version": extractor_version,
    }
    for field in EXTRACTION_FIELDS:
        document[field] = extraction.get(field)
    document["price"] = _pick(extraction.get("price"), PRICE_FIELDS)
    document["offers"] = [_pick(offer, OFFER_FIELDS) for offer in extraction.get("offers") or []]
    document["legal_tier"] = _pick(extraction.get("legal_tier"), LEGAL_TIER_FIELDS)
    return document
