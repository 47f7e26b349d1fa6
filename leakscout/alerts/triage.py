"""Triage: an analyst's verdict on an alert, stored on the alert document."""
from __future__ import annotations

from leakscout.errors import BadInput
from leakscout.search import SearchStore
from leakscout.timeutil import utc_now

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
