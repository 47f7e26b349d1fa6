"""The daily digest: one mail per brand listing the alerts of one UTC day, sent once per day.

A digest is recorded like an alert (kind "digest", id from brand × day, created with the
`create` op), so running the digest twice for the same day sends nothing the second time and a
digest that failed is sent by the next run.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, timedelta

from leakscout import kibana
from leakscout.alerts.compose import compose_digest_email
from leakscout.alerts.smtp import DeliveryError, SmtpTarget, send
from leakscout.config import Settings
from leakscout.errors import LeakscoutError
from leakscout.search import SearchStore
from leakscout.timeutil import utc_now
from leakscout.watchlist import Watchlist

ROW_FIELDS = ["kind", "state", "title", "record_count", "price", "severity", "site", "url", "changes", "created_at"]


@dataclass
class DigestReport:
    sent: list[str] = field(default_factory=list)          # brands
    already_sent: list[str] = field(default_factory=list)
    empty: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def digest_id(brand: str, day: date) -> str:
    return "digest-" + hashlib.sha1(f"{brand}\x1f{day.isoformat()}".encode("utf-8")).hexdigest()


def alerts_of_day(store: SearchStore, alias: str, brand: str, day: date) -> list[dict]:
    store.refresh(alias)
    query = {"bool": {"filter": [
        {"term": {"brand": brand}}, {"terms": {"kind": ["new", "escalation"]}},
        {"range": {"created_at": {"gte": day.isoformat(), "lt": (day + timedelta(days=1)).isoformat()}}},
    ]}}
    hits = store.search(alias, {"size": 1000, "sort": [{"created_at": "asc"}], "_source": ROW_FIELDS,
                                "query": query})["hits"]["hits"]
    return [{"id": hit["_id"], **hit["_source"]} for hit in hits]


def send_digests(store: SearchStore, settings: Settings, watchlist: Watchlist, day: date) -> DigestReport:
    if not settings.smtp_url:
        raise LeakscoutError("digests go by e-mail: set LEAKSCOUT_SMTP_URL")
    target = SmtpTarget.from_url(settings.smtp_url)
    alias = settings.alerts_alias
    report = DigestReport()
    for brand in watchlist.brands:
        rows = alerts_of_day(store, alias, brand.name, day)
        if not rows:
            report.empty.append(brand.name)
            continue
        id_ = digest_id(brand.name, day)
        recipients = list(brand.notify or settings.alert_to)
        record = {"kind": "digest", "brand": brand.name, "digest_day": day.isoformat(), "delivery": "pending",
                  "created_at": utc_now(), "recipients": recipients, "alert_ids": [row["id"] for row in rows],
                  "attempts": 0}
        created = store.request("PUT", f"/{alias}/_create/{id_}", record, params={"refresh": "wait_for"}, ok=(409,))
        if "error" in created:
            existing = store.request("GET", f"/{alias}/_doc/{id_}")["_source"]
            if existing.get("delivery") == "sent":
                report.already_sent.append(brand.name)
                continue
            record = existing
        try:
            if not recipients:
                raise DeliveryError(f"no recipient for {brand.name} (watchlist notify or LEAKSCOUT_ALERT_TO)")
            send(target, compose_digest_email(brand, day.isoformat(), rows, sender=settings.alert_from,
                                              recipients=recipients, digest_id=id_,
                                              kibana_link=kibana.discover_link(settings.kibana_url, brand.name)))
        except DeliveryError as exc:
            store.request("POST", f"/{alias}/_update/{id_}", {"doc": {
                "attempts": int(record.get("attempts") or 0) + 1, "last_error": str(exc)[:1000]}})
            report.failed.append(f"{brand.name}: {exc}")
            continue
        store.request("POST", f"/{alias}/_update/{id_}", {"doc": {
            "delivery": "sent", "delivered_at": utc_now(), "last_error": None,
            "attempts": int(record.get("attempts") or 0) + 1}}, params={"refresh": "wait_for"})
        report.sent.append(brand.name)
    return report
