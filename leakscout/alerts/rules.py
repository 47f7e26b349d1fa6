"""Rules: which listings a watched brand alerts for, and which changes are worth a second alert.

Pure functions. The watch query built here is stored in the percolator (leakscout/alerts/watches.py)
and exported as the brand's Kibana saved search (leakscout/kibana.py), so both always agree.

Precision: a listing matches a brand when the extractor decided the brand is the listing's
*source* (`brands`), or when an alias occurs as a word in the words the listing uses for its
source (`claimed_source`, e.g. 趣店 — 趣 alone does not match, thanks to the CJK bigram analyzer).
An alias merely mentioned in passing in the title or body ("pay via Alipay", "better than
Qudian's") does not alert: the extractor has already judged those mentions, and the claimed
source catches aliases added to the watchlist after a listing was extracted.

A brand watched with `match: mention` also matches an alias anywhere in the title or body; such a
listing, when it is not the brand's source (match_kind), alerts as kind "mention" with a lower
severity (MENTION_SEVERITY).
"""
from __future__ import annotations

import hashlib
import re

# Text fields exclusions are looked for in; the fields a watch reads from a listing.
EXCLUSION_FIELDS = ("title", "body")
ALIAS_FIELD = "claimed_source.text"
WATCHED_FIELDS = ("brands", "claimed_source", "title", "body", "severity", "data_types", "exposure_brands")


MENTION_FIELDS = ("title", "body")
MENTION_SEVERITY = 0.5  # a mention alert carries the listing's severity times this


def watched_fields(brands) -> tuple[str, ...]:
    """The fields the watches of `brands` read: title and body only when some brand has exclusions
    or matches mentions (analysing long texts is most of what percolation costs)."""
    if any(term.strip() for brand in brands for term in getattr(brand, "exclude", ())) or \
            any(_mentions(brand) for brand in brands):
        return WATCHED_FIELDS
    return tuple(name for name in WATCHED_FIELDS if name not in EXCLUSION_FIELDS)

# What counts as significant enough to alert again about a listing already alerted on.
RECORD_GROWTH = 1.10   # at least 10 % more records than last alerted
PRICE_DROP = 0.90      # at least 10 % cheaper than last alerted
REMOVED = "removed"    # the listing status of a listing taken down


def _digest(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()


def alert_id(listing_id: str, brand: str, kind: str = "new") -> str:
    """Deterministic: the same listing × brand never alerts twice, across restarts and re-crawls."""
    return f"{kind}-{_digest(listing_id, brand, kind)}"


def escalation_id(listing_id: str, brand: str, baseline_id: str, changes: list[str]) -> str:
    """One id per (listing, brand, alert it escalates, change): the same change is never sent twice."""
    return f"escalation-{_digest(listing_id, brand, baseline_id, *sorted(changes))}"


def watch_id(brand_name: str) -> str:
    return f"watch-{_digest(brand_name)[:20]}"


def alias_terms(brand) -> list[str]:
    """The canonical name and every alias, blanks dropped and repeats removed, in watchlist order."""
    return list(dict.fromkeys(t.strip() for t in (brand.name, *brand.aliases) if t and t.strip()))


def _mentions(brand) -> bool:
    return getattr(brand, "match", "source") == "mention"


def match_kind(brand, document: dict) -> str:
    """"source" when the listing sells the brand's data (as the watch's source clauses read it), else "mention"."""
    if brand.name in (document.get("brands") or []):
        return "source"
    claimed = (document.get("claimed_source") or "").casefold()
    if claimed and any(term.casefold() in claimed for term in alias_terms(brand)):
        return "source"
    return "mention"


def mention_severity(severity: float | None) -> float | None:
    return None if severity is None else round(severity * MENTION_SEVERITY, 1)


def watch_query(brand) -> dict:
    """The stored query of a watch: source match (or any mention), minus exclusions, from a severity, for data kinds."""
    source = [{"term": {"brands": brand.name}}, {"term": {"exposure_brands": brand.name}}]
    source += [{"match_phrase": {ALIAS_FIELD: term}} for term in alias_terms(brand)]
    if _mentions(brand):
        source += [{"match_phrase": {field: term}} for term in alias_terms(brand) for field in MENTION_FIELDS]
    filters: list[dict] = [{"bool": {"should": source, "minimum_should_match": 1}}]
    if getattr(brand, "min_severity", None) is not None:
        filters.append({"range": {"severity": {"gte": brand.min_severity}}})
    if getattr(brand, "data_types", ()):
        filters.append({"terms": {"data_types": list(brand.data_types)}})
    query: dict = {"bool": {"filter": filters}}
    exclusions = [t for t in dict.fromkeys(getattr(brand, "exclude", ())) if t.strip()]
    if exclusions:
        query["bool"]["must_not"] = [{"match_phrase": {field: term}}
                                     for term in exclusions for field in EXCLUSION_FIELDS]
    return query


# --- significant changes ----------------------------------------------------------------------

def snapshot(document: dict) -> dict:
    """The facts an alert reported, kept on the alert document as the baseline for escalations."""
    return {
        "record_count": document.get("record_count"),
        "price": document.get("price"),
        "regions": sorted(document.get("regions") or []),
    }


def exposure_of(document: dict, brand_name: str) -> dict:
    """How many of the listing's sample identifiers were checked against the brand's customers, and matched."""
    for entry in document.get("exposure") or ():
        if entry.get("brand") == brand_name:
            return {"exposure_checked": entry.get("checked", 0), "exposure_matched": entry.get("matched", 0)}
    return {"exposure_checked": 0, "exposure_matched": 0}


def _cheaper(old: dict | None, new: dict | None) -> bool:
    if not old or not new or old.get("amount") is None or new.get("amount") is None:
        return False
    if old.get("currency") == new.get("currency"):
        return new["amount"] <= old["amount"] * PRICE_DROP
    if old.get("amount_usd") is not None and new.get("amount_usd") is not None:
        return new["amount_usd"] <= old["amount_usd"] * PRICE_DROP
    return False


def significant_changes(baseline: dict, document: dict, previous_status: str | None,
                        brand_name: str | None = None) -> list[str]:
    """Why `document` deserves an escalation over the last alert `baseline` (empty: it does not).

    Each reason names the new value, so a second crawl that sees the same change finds the same
    escalation id and sends nothing.
    """
    changes = []
    old_count, new_count = baseline.get("record_count"), document.get("record_count")
    if new_count and (not old_count or new_count >= old_count * RECORD_GROWTH):
        changes.append(f"record count {old_count or 'not stated'} → {new_count}")
    new_price = document.get("price")
    if _cheaper(baseline.get("price"), new_price):
        changes.append(f"price dropped to {new_price['amount']:g} {new_price.get('currency') or ''}".rstrip())
    # Alerts written before regions were kept have none: unknown, not "no regions".
    added = [] if baseline.get("regions") is None else \
        sorted(set(document.get("regions") or []) - set(baseline["regions"]))
    if added:
        changes.append(f"new regions {', '.join(added)}")
    if previous_status == REMOVED and document.get("status") != REMOVED:
        changes.append("back after removal")
    if brand_name is not None:
        old_matched = baseline.get("exposure_matched") or 0
        new_matched = exposure_of(document, brand_name)["exposure_matched"]
        if new_matched > old_matched:
            changes.append(f"confirmed customers among the samples {old_matched} → {new_matched}")
    return changes


# The brand's Kibana saved search (exported by leakscout/kibana.py), linked from every alert.

def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40]


def search_id(brand_name: str) -> str:
    """A stable saved-search id: readable slug (may be empty, e.g. for 趣店) plus a name hash."""
    digest = hashlib.sha1(brand_name.encode("utf-8")).hexdigest()[:12]
    slug = _slug(brand_name)
    return f"leakscout-search-{slug}-{digest}" if slug else f"leakscout-search-{digest}"


def discover_link(kibana_url: str, brand_name: str) -> str:
    """The brand's saved search in Kibana's Discover (the link alert mails carry)."""
    return f"{kibana_url.rstrip('/')}/app/discover#/view/{search_id(brand_name)}"
