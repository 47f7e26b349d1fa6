"""The daily digest: one message per brand listing the alerts of one UTC day, sent once per day
through every channel that sends digests (channels/: e-mail today) and the brand is routed to.

A digest is recorded like an alert (kind "digest", id from brand × day, created with the
`create` op), so running the digest twice for the same day sends nothing the second time and a
digest that failed is sent by the next run. It is sent the way alerts are (dispatcher.py): only
by the process holding its claim (lease.py), and journaled (journal.py) as soon as the server
accepted it, so a run killed before it could mark the digest sent leaves the record from which
the next run marks it sent instead of mailing it again.
"""
from __future__ import annotations

import contextlib
import hashlib
from dataclasses import dataclass, field
from datetime import date, timedelta

from leakscout.alerts.channels import configured_alerters
from leakscout.alerts.delivery import send_through
from leakscout.alerts.journal import DeliveryJournal
from leakscout.alerts.lease import RELEASE, Claims
from leakscout.alerts.rules import discover_link
from leakscout.core.config import Settings
from leakscout.core.errors import LeakscoutError
from leakscout.storage.search import SearchStore
from leakscout.core.timeutil import utc_now
from leakscout.core.watchlist import Watchlist

ROW_FIELDS = ["kind", "state", "title", "record_count", "price", "severity", "site", "url", "changes", "created_at",
              "data_types", "regions", "historical", "exposure_matched", "exposure_checked"]


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


def send_digests(store: SearchStore, settings: Settings, watchlist: Watchlist, day: date,
                 alerters: list | None = None, partial: bool = False) -> DigestReport:
    """partial: the alerts of the day so far, sent without closing the day (no digest record, so
    the day's own digest still goes out, with every alert, once the day is over)."""
    channels = [alerter for alerter in (configured_alerters(settings) if alerters is None else alerters)
                if alerter.sends_digests]
    if not channels:
        raise LeakscoutError("digests go by e-mail: set LEAKSCOUT_SMTP_URL")
    alias = settings.alerts_alias
    journal, claims = DeliveryJournal.for_settings(settings), Claims(store, alias)
    report = DigestReport()
    # One connection per channel for all brands, closed at the end: the journal record follows the
    # server's "250" at once, not after a QUIT round trip.
    with contextlib.ExitStack() as batches:
        for channel in channels:
            batches.enter_context(channel.batch())
        for brand in watchlist.brands:
            routed = [channel for channel in channels if not brand.channels or channel.name in brand.channels]
            if partial:
                _send_partial(store, settings, brand, day, routed, report)
            else:
                _send_digest(store, settings, brand, day, routed, journal, claims, report)
    # The documents of these digests say "sent" now: their journal records are done with.
    done = {(digest_id(brand, day), channel.name) for brand in report.sent + report.recovered for channel in channels}
    if done:
        journal.compact(done)
    return report


def _send_digest(store: SearchStore, settings: Settings, brand, day: date, channels: list,
                 journal: DeliveryJournal, claims: Claims, report: DigestReport) -> None:
    """One brand's digest through each of its channels: claimed, sent, journaled, marked sent."""
    if not channels:
        return   # the watchlist routes this brand to channels that send no digests
    alias = settings.alerts_alias
    rows = alerts_of_day(store, alias, brand.name, day)
    if not rows:
        report.empty.append(brand.name)
        return
    id_ = digest_id(brand.name, day)
    recipients = list(brand.notify or settings.alert_to)
    record = {"kind": "digest", "brand": brand.name, "digest_day": day.isoformat(), "delivery": "pending",
              "created_at": utc_now(), "recipients": recipients, "alert_ids": [row["id"] for row in rows],
              "attempts": 0}
    created = store.request("PUT", f"/{alias}/_create/{id_}", {**record, **claims.fields()},
                            params={"refresh": "wait_for"}, ok=(409,))
    wanted = {channel.name for channel in channels}
    # Journaled, or already carried into the document by an alert dispatcher's journal replay.
    done = set()
    if "error" in created:
        existing = store.request("GET", f"/{alias}/_doc/{id_}")
        record = existing["_source"]
        if record.get("delivery") == "sent":
            report.already_sent.append(brand.name)
            return
        if not claims.available(record) or id_ not in claims.claim(
                {id_: (existing["_seq_no"], existing["_primary_term"])}).won:
            report.claimed_elsewhere.append(brand.name)
            return
        done = (set(journal.by_alert([id_]).get(id_, {})) | set(record.get("sent_channels") or [])) & wanted
        if done == wanted:
            _mark_sent(store, alias, id_, record, done)
            report.recovered.append(brand.name)
            return
    digest = {"id": id_, "digest_day": day.isoformat(), "recipients": recipients}
    kibana_link = discover_link(settings.kibana_url, brand.name)
    attempt = send_through(channels, id_, done, journal,
                           lambda channel: channel.send_digest(digest, brand, rows, kibana_link))
    done |= set(attempt.sent)
    errors = [str(exc) for _, exc in attempt.failed]
    if errors:
        store.request("POST", f"/{alias}/_update/{id_}", {"doc": {
            "attempts": int(record.get("attempts") or 0) + 1, "last_error": "; ".join(errors)[:1000],
            "sent_channels": sorted(done), **RELEASE}})
        report.failed.append(f"{brand.name}: {'; '.join(errors)}")
        return
    _mark_sent(store, alias, id_, record, done)
    report.sent.append(brand.name)


def _send_partial(store: SearchStore, settings: Settings, brand, day: date, channels: list,
                  report: DigestReport) -> None:
    """The day so far through the brand's channels: not recorded, not journaled (it closes nothing)."""
    rows = alerts_of_day(store, settings.alerts_alias, brand.name, day) if channels else []
    if not rows:
        if channels:
            report.empty.append(brand.name)
        return
    digest = {"id": f"{digest_id(brand.name, day)}-partial-{utc_now()}", "digest_day": day.isoformat(),
              "recipients": list(brand.notify or settings.alert_to), "partial": True}
    kibana_link = discover_link(settings.kibana_url, brand.name)
    errors = []
    for channel in channels:
        try:
            channel.send_digest(digest, brand, rows, kibana_link)
        except LeakscoutError as exc:
            errors.append(f"{channel.name}: {exc}")
    if errors:
        report.failed.append(f"{brand.name}: {'; '.join(errors)}")
    else:
        report.sent.append(brand.name)


def _mark_sent(store: SearchStore, alias: str, id_: str, record: dict, channels: set[str]) -> None:
    fields = {"delivery": "sent", "delivered_at": utc_now(), "last_error": None, "sent_channels": sorted(channels),
              "attempts": int(record.get("attempts") or 0) + 1, **RELEASE}
    if "email" in channels:
        fields["message_id"] = _message_id(id_)
    store.request("POST", f"/{alias}/_update/{id_}", {"doc": fields}, params={"refresh": "wait_for"})


def _message_id(id_: str) -> str:
    return f"<{id_}@leakscout>"   # the one compose_digest_email gives the mail
