"""Triage: an analyst's verdict on an alert, stored on the alert document."""
from __future__ import annotations

from urllib.parse import quote

from leakscout.core.errors import BadInput
from leakscout.storage.search import SearchStore
from leakscout.core.timeutil import utc_now

STATES = ("new", "acknowledged", "resolved", "false_positive")


def normalise_state(text: str) -> str:
    state = text.strip().lower().replace("-", "_").replace(" ", "_")
    state = {"ack": "acknowledged", "fp": "false_positive"}.get(state, state)
    if state not in STATES:
        raise BadInput(f"unknown alert state {text!r}; use one of: {', '.join(s.replace('_', '-') for s in STATES)}")
    return state


def set_state(store: SearchStore, alias: str, alert_id: str, state: str, note: str | None = None) -> dict:
    """Set the state of one alert (and an optional note); returns the updated document."""
    state = normalise_state(state)
    alert_id = resolve_id(store, alias, alert_id)
    fields = {"state": state, "state_changed_at": utc_now(), "state_note": note}
    result = store.request("POST", f"/{alias}/_update/{alert_id}", {"doc": fields},
                           params={"refresh": "wait_for", "_source": "true"}, ok=(404,))
    if "error" in result or result.get("result") not in ("updated", "noop"):
        raise BadInput(f"no alert {alert_id!r} in {alias} (see `leakscout alerts list`)")
    return {"id": alert_id, **result["get"]["_source"]}


def list_alerts(store: SearchStore, alias: str, brand: str | None = None, state: str | None = None,
                limit: int = 50) -> list[dict]:
    """Alerts (not digests), newest first, optionally of one brand and/or in one state."""
    filters: list[dict] = [{"terms": {"kind": ["new", "mention", "escalation"]}}]
    if brand:
        filters.append({"term": {"brand": brand}})
    if state:
        filters.append({"term": {"state": normalise_state(state)}})
    store.refresh(alias)
    hits = store.search(alias, {"size": limit, "sort": [{"created_at": "desc"}],
                                "query": {"bool": {"filter": filters}}})["hits"]["hits"]
    return [{"id": hit["_id"], **hit["_source"]} for hit in hits]


MIN_PREFIX = 4


def resolve_id(store: SearchStore, alias: str, text: str) -> str:
    """The alert id that `text` is, or is the unique prefix of (as `alerts list` shows them)."""
    text = text.strip()
    found = store.request("GET", f"/{alias}/_doc/{quote(text, safe='')}", params={"_source": "false"}, ok=(404,))
    if found.get("found"):
        return text
    if len(text) < MIN_PREFIX:
        raise BadInput(f"alert id {text!r} is too short: give at least {MIN_PREFIX} characters")
    matches = [alert_id for alert_id in _alert_ids(store, alias) if alert_id.startswith(text)]
    if not matches:
        raise BadInput(f"no alert {text!r} in {alias} (see `leakscout alerts list`)")
    if len(matches) > 1:
        shown = ", ".join(sorted(matches)[:5]) + (", …" if len(matches) > 5 else "")
        raise BadInput(f"alert id prefix {text!r} matches {len(matches)} alerts ({shown}); give more characters")
    return matches[0]


def _alert_ids(store: SearchStore, alias: str):
    """Every alert's id (not digests), by scrolling: _id takes no prefix query."""
    store.refresh(alias)
    page = store.request("POST", f"/{alias}/_search", {"size": 2000, "_source": False, "sort": ["_doc"],
                                                        "query": {"terms": {"kind": ["new", "escalation"]}}},
                         params={"scroll": "1m"})
    try:
        while page["hits"]["hits"]:
            yield from (hit["_id"] for hit in page["hits"]["hits"])
            page = store.request("POST", "/_search/scroll", {"scroll": "1m", "scroll_id": page["_scroll_id"]})
    finally:
        store.request("DELETE", "/_search/scroll", {"scroll_id": page["_scroll_id"]}, ok=(404,))


def known_brands(store: SearchStore, alias: str, watchlist) -> list[str]:
    """Brands one can ask about: the watchlist's and those that have alerts."""
    store.refresh(alias)
    result = store.search(alias, {"size": 0, "aggs": {"brands": {"terms": {"field": "brand", "size": 500}}}})
    found = [bucket["key"] for bucket in result["aggregations"]["brands"]["buckets"]]
    return list(dict.fromkeys([brand.name for brand in watchlist.brands] + found))


def check_brand(name: str, brands: list[str], source: str) -> str:
    """The brand as known (case-insensitive match), or BadInput listing the brands there are."""
    for brand in brands:
        if brand.casefold() == name.strip().casefold():
            return brand
    raise BadInput(f"no brand {name!r} in the watchlist {source} or the alerts; brands: "
                   f"{', '.join(brands) or 'none'}")
