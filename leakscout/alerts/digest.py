"""The daily digest: one mail per brand listing the alerts of one UTC day, sent once per day.

A digest is recorded like an alert (kind "digest", id from brand × day, created with the
`create` op), so running the digest twice for the same day sends nothing the second time and a
digest that failed is sent by the next run. It is sent the way alerts are (dispatcher.py): only
by the process holding its claim (lease.py), and journaled (journal.py) as soon as the server
accepted it, so a run killed before it could mark the digest sent leaves the record from which
the next run marks it sent instead of mailing it again.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, timedelta

from leakscout import kibana
from leakscout.alerts.compose import compose_digest_email
from leakscout.alerts.journal import DeliveryJournal
from leakscout.alerts.lease import RELEASE, Claims
from leakscout.alerts.smtp import DeliveryError, SmtpTarget, close, connect, send
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
    recovered: list[str] = field(default_factory=list)      # accepted before a crash: marked sent, not resent
    claimed_elsewhere: list[str] = field(default_factory=list)
    empty: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def digest_id(brand: str, day: date) -> str:
    return "digest-" + hashlib.sha1(f"{brand}\x1f{day.isoformat()}".encode("utf-8")).hexdigest()


def alerts_of_day(store: SearchStore, alias: str, brand: str, day: date) -> list[dict]:
    store.refresh(alias)
    query = {"bool": {"filter": [
        {"term": {"brand": brand}}, {"terms": {"kind": ["new", "mention", "escalation"]}},
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
    journal, claims = DeliveryJournal.for_settings(settings), Claims(store, alias)
    report = DigestReport()
    # One connection for all brands, closed at the end: the journal record follows the server's
    # "250" at once, not after a QUIT round trip.
    client = None
    try:
        for brand in watchlist.brands:
            client = _send_digest(store, settings, brand, day, target, client, journal, claims, report)
    finally:
        if client is not None:
            close(client)
    # The documents of these digests say "sent" now: their journal records are done with.
    done = {(digest_id(brand, day), "email") for brand in report.sent + report.recovered}
    if done:
        journal.compact(done)
    return report


def _send_digest(store: SearchStore, settings: Settings, brand, day: date, target: SmtpTarget, client,
                 journal: DeliveryJournal, claims: Claims, report: DigestReport):
    """One brand's digest; returns the SMTP connection to go on with (None after a failure)."""
    alias = settings.alerts_alias
    rows = alerts_of_day(store, alias, brand.name, day)
    if not rows:
        report.empty.append(brand.name)
        return client
    id_ = digest_id(brand.name, day)
    recipients = list(brand.notify or settings.alert_to)
    record = {"kind": "digest", "brand": brand.name, "digest_day": day.isoformat(), "delivery": "pending",
              "created_at": utc_now(), "recipients": recipients, "alert_ids": [row["id"] for row in rows],
              "attempts": 0}
    created = store.request("PUT", f"/{alias}/_create/{id_}", {**record, **claims.fields()},
                            params={"refresh": "wait_for"}, ok=(409,))
    if "error" in created:
        existing = store.request("GET", f"/{alias}/_doc/{id_}")
        record = existing["_source"]
        if record.get("delivery") == "sent":
            report.already_sent.append(brand.name)
            return client
        if not claims.available(record) or id_ not in claims.claim(
                {id_: (existing["_seq_no"], existing["_primary_term"])}).won:
            report.claimed_elsewhere.append(brand.name)
            return client
        # Journaled, or already carried into the document by an alert dispatcher's journal replay.
        if "email" in journal.by_alert([id_]).get(id_, {}) or "email" in (record.get("sent_channels") or []):
            _mark_sent(store, alias, id_, record)
            report.recovered.append(brand.name)
            return client
    try:
        if not recipients:
            raise DeliveryError(f"no recipient for {brand.name} (watchlist notify or LEAKSCOUT_ALERT_TO)")
        message = compose_digest_email(brand, day.isoformat(), rows, sender=settings.alert_from,
                                       recipients=recipients, digest_id=id_,
                                       kibana_link=kibana.discover_link(settings.kibana_url, brand.name))
        client = client or connect(target)
        send(target, message, client)
    except DeliveryError as exc:
        store.request("POST", f"/{alias}/_update/{id_}", {"doc": {
            "attempts": int(record.get("attempts") or 0) + 1, "last_error": str(exc)[:1000], **RELEASE}})
        report.failed.append(f"{brand.name}: {exc}")
        if client is not None:
            client.close()   # a failed connection is not reused
        return None
    journal.record(id_, "email", _message_id(id_))
    _mark_sent(store, alias, id_, record)
    report.sent.append(brand.name)
    return client


def _mark_sent(store: SearchStore, alias: str, id_: str, record: dict) -> None:
    store.request("POST", f"/{alias}/_update/{id_}", {"doc": {
        "delivery": "sent", "delivered_at": utc_now(), "last_error": None, "sent_channels": ["email"],
        "message_id": _message_id(id_),
        "attempts": int(record.get("attempts") or 0) + 1, **RELEASE}}, params={"refresh": "wait_for"})


def _message_id(id_: str) -> str:
    return f"<{id_}@leakscout>"   # the one compose_digest_email gives the mail
