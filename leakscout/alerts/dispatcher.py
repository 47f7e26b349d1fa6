"""Alerts from percolation: decide (rules), record (alert documents), deliver (alerters), once.

After each bulk chunk the pipeline percolates the chunk's listings against the watch index. A
matching listing × brand with no alert yet gets a "new" alert; one already alerted gets an
"escalation" when rules.significant_changes finds a change worth telling. Alert ids are
deterministic and documents are created with the `create` op, so a restart or a re-crawl finds
them and sends nothing twice.

Delivery state lives on the alert document: `delivery` is "pending" until every configured
channel (`sent_channels`) has accepted it. Pending alerts (SMTP down, a crash before sending)
go out on the next chunk, the next crawl or `leakscout alerts send`.
"""
from __future__ import annotations

import contextlib
import logging
import time
from dataclasses import dataclass, field

from leakscout import kibana
from leakscout.alerts.mail import EmailAlerter, NoRecipient
from leakscout.alerts.rules import alert_id, escalation_id, significant_changes, snapshot
from leakscout.alerts.smtp import DeliveryError, SmtpTarget
from leakscout.alerts.watches import SyncReport, percolate, sync_watches
from leakscout.alerts.webhook import WebhookAlerter
from leakscout.config import Settings
from leakscout.errors import LeakscoutError
from leakscout.search import SearchStore
from leakscout.timeutil import utc_now
from leakscout.watchlist import Watchlist

log = logging.getLogger(__name__)

ALERT_KINDS = ("new", "escalation")
PENDING_BATCH = 200
# After a channel failed, it is not tried again for this long, so an SMTP outage does not
# slow every chunk of a crawl down by a connection timeout.
RETRY_AFTER_SECONDS = 30.0


@dataclass
class DispatchReport:
    created: list[str] = field(default_factory=list)
    escalated: list[str] = field(default_factory=list)
    sent: list[str] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    deferred: bool = False   # pending alerts were not looked at: every channel failed a moment ago


def configured_alerters(settings: Settings) -> list:
    alerters: list = []
    if settings.smtp_url:
        alerters.append(EmailAlerter(SmtpTarget.from_url(settings.smtp_url), settings.alert_from))
    if settings.webhook_url:
        alerters.append(WebhookAlerter(settings.webhook_url))
    return alerters


class AlertDispatcher:
    def __init__(self, store: SearchStore, watchlist: Watchlist, settings: Settings, alerters: list | None = None,
                 retry_after: float = RETRY_AFTER_SECONDS):
        self.store = store
        self.watchlist = watchlist
        self.settings = settings
        self.alerters = configured_alerters(settings) if alerters is None else alerters
        self.retry_after = retry_after
        self._retry_at: dict[str, float] = {}  # channel → monotonic time before which it is not tried

    @property
    def alerts(self) -> str:
        return self.settings.alerts_alias

    def recipients_for(self, brand) -> list[str]:
        return list(brand.notify or self.settings.alert_to)

    def kibana_link(self, brand) -> str:
        return kibana.discover_link(self.settings.kibana_url, brand.name)

    def sync_watches(self) -> SyncReport:
        return sync_watches(self.store, self.settings.watches_alias, self.watchlist.brands)

    # -- deciding ----------------------------------------------------------------------------
    def previous_states(self, listing_ids: list[str]) -> dict[str, dict]:
        """Before a chunk is indexed: the stored status and first_seen of listings already known."""
        if not listing_ids:
            return {}
        found = self.store.request("POST", f"/{self.settings.listings_alias}/_mget", {"ids": listing_ids},
                                   params={"_source_includes": "status,first_seen"})
        return {doc["_id"]: doc.get("_source", {}) for doc in found["docs"] if doc.get("found")}

    def on_indexed(self, documents: list[dict], previous: dict[str, dict], now: str) -> DispatchReport:
        """After a chunk is indexed: percolate it, create the alerts it deserves, deliver them."""
        report = DispatchReport()
        pairs = []
        for slot, name in percolate(self.store, self.settings.watches_alias, documents):
            brand = self.watchlist.brand(name)
            if brand is not None:  # a watch of a brand no longer in this watchlist: not synced yet
                pairs.append((documents[slot], brand))
        if not pairs:
            return report
        history = self._alert_history(sorted({document["id"] for document, _ in pairs}))
        planned = []
        for document, brand in pairs:
            before = previous.get(document["id"]) or {}
            alert = self._decide(document, brand, history.get((document["id"], brand.name), []),
                                 before.get("status"), now)
            if alert is not None:
                planned.append((alert, {**document, "first_seen": before.get("first_seen") or now}, brand))
        created = self._create([alert for alert, _, _ in planned])
        fresh = [(alert, document, brand) for alert, document, brand in planned if alert["id"] in created]
        for alert, _, _ in fresh:
            (report.escalated if alert["kind"] == "escalation" else report.created).append(alert["id"])
        self._deliver_all(fresh, report)
        return report

    def _decide(self, document: dict, brand, prior: list[dict], previous_status: str | None, now: str) -> dict | None:
        if not prior:
            return self._alert(document, brand, alert_id(document["id"], brand.name), "new", [], None, now)
        if any(alert.get("state") == "false_positive" for alert in prior):
            return None  # an analyst said this listing is not about the brand: its changes are not either
        baseline = prior[0]
        changes = significant_changes(baseline, document, previous_status)
        if not changes:
            return None
        return self._alert(document, brand, escalation_id(document["id"], brand.name, baseline["id"], changes),
                           "escalation", changes, baseline["id"], now)

    def _alert(self, document: dict, brand, id_: str, kind: str, changes: list[str], baseline_id: str | None,
               now: str) -> dict:
        return {
            "id": id_, "listing_id": document["id"], "brand": brand.name, "kind": kind, "changes": changes,
            "baseline_id": baseline_id, "state": "new", "delivery": "pending", "sent_channels": [],
            "recipients": self.recipients_for(brand), "created_at": now, "attempts": 0,
            "title": document.get("title"), "url": document.get("url"), "site": document.get("site"),
            "severity": document.get("severity"), "data_types": document.get("data_types") or [],
            **snapshot(document),
        }

    def _alert_history(self, listing_ids: list[str]) -> dict[tuple[str, str], list[dict]]:
        """(listing, brand) → its alerts, newest first."""
        self.store.refresh(self.alerts)
        body = {"size": 10000, "sort": [{"created_at": "desc"}],
                "_source": ["listing_id", "brand", "state", "record_count", "price", "regions", "created_at"],
                "query": {"bool": {"filter": [{"terms": {"listing_id": listing_ids}},
                                              {"terms": {"kind": list(ALERT_KINDS)}}]}}}
        history: dict[tuple[str, str], list[dict]] = {}
        for hit in self.store.search(self.alerts, body)["hits"]["hits"]:
            source = hit["_source"]
            history.setdefault((source["listing_id"], source["brand"]), []).append({"id": hit["_id"], **source})
        return history

    def _create(self, alerts: list[dict]) -> set[str]:
        """Create the alert documents; the ids that were new (an existing id means: already alerted)."""
        if not alerts:
            return set()
        actions = []
        for alert in alerts:
            actions += [{"create": {"_index": self.alerts, "_id": alert["id"]}},
                        {key: value for key, value in alert.items() if key != "id"}]
        created = set()
        for item in self.store.bulk(actions)["items"]:
            result = item["create"]
            if result.get("status") == 201:
                created.add(result["_id"])
            elif result.get("status") != 409:
                raise LeakscoutError(f"creating alert {result['_id']} failed: {result.get('error')}")
        return created

    # -- delivering --------------------------------------------------------------------------
    def deliver_pending(self) -> DispatchReport:
        """Send every alert whose delivery is still pending (after an outage, a crash, …)."""
        report = DispatchReport()
        if not self._any_channel_ready():
            report.deferred = True
            return report
        seen: set[str] = set()
        while True:
            self.store.refresh(self.alerts)
            hits = self.store.search(self.alerts, {
                "size": PENDING_BATCH, "sort": [{"created_at": "asc"}],
                "query": {"bool": {"filter": [{"term": {"delivery": "pending"}}, {"terms": {"kind": list(ALERT_KINDS)}}],
                                   "must_not": [{"ids": {"values": sorted(seen)}}]}},
            })["hits"]["hits"]
            if not hits:
                return report
            seen.update(hit["_id"] for hit in hits)
            listings = self._listings([hit["_source"]["listing_id"] for hit in hits])
            batch = []
            for hit in hits:
                alert = {"id": hit["_id"], **hit["_source"]}
                brand = self.watchlist.brand(alert["brand"])
                listing = listings.get(alert["listing_id"])
                if brand is None or listing is None:
                    log.warning("alert %s stays pending: %s", alert["id"],
                                "its brand left the watchlist" if brand is None else "its listing is gone")
                    report.pending.append(alert["id"])
                    continue
                batch.append((alert, listing, brand))
            self._deliver_all(batch, report)
            if not self._any_channel_ready():
                report.deferred = True
                return report
            if len(hits) < PENDING_BATCH:
                return report

    def _listings(self, ids: list[str]) -> dict[str, dict]:
        found = self.store.request("POST", f"/{self.settings.listings_alias}/_mget", {"ids": sorted(set(ids))})
        return {doc["_id"]: {"id": doc["_id"], **doc["_source"]} for doc in found["docs"] if doc.get("found")}

    def _any_channel_ready(self) -> bool:
        return not self.alerters or any(self._ready(alerter) for alerter in self.alerters)

    def _ready(self, alerter) -> bool:
        return time.monotonic() >= self._retry_at.get(alerter.name, 0.0)

    def _deliver_all(self, items: list[tuple[dict, dict, object]], report: DispatchReport) -> None:
        with contextlib.ExitStack() as batches:  # e.g. one SMTP connection for all mails of a chunk
            for alerter in self.alerters:
                if hasattr(alerter, "batch"):
                    batches.enter_context(alerter.batch())
            for alert, document, brand in items:
                fields = self._deliver(alert, document, brand, report)
                if fields:
                    # Stored right after this alert's channels took it, not once after the whole
                    # batch: a crash (SIGKILL) mid-batch then resends at most the mail in flight,
                    # not every mail the batch had sent.
                    self.store.bulk([{"update": {"_index": self.alerts, "_id": alert["id"], "retry_on_conflict": 3}},
                                     {"doc": fields}])

    def _deliver(self, alert: dict, document: dict, brand, report: DispatchReport) -> dict:
        """Send through every channel that has not taken this alert yet; the fields to store."""
        sent = set(alert.get("sent_channels") or [])
        fields: dict = {}
        errors = [] if self.alerters else ["no alert channel configured (LEAKSCOUT_SMTP_URL, LEAKSCOUT_WEBHOOK_URL)"]
        waiting = []
        for alerter in self.alerters:
            if alerter.name in sent:
                continue
            if not self._ready(alerter):
                waiting.append(f"{alerter.name} failed less than {self.retry_after:g} s ago; retried later")
                continue
            fields["attempts"] = int(alert.get("attempts") or 0) + 1
            try:
                reference = alerter.send(alert, document, brand, self.kibana_link(brand))
            except DeliveryError as exc:
                if not isinstance(exc, NoRecipient):
                    self._retry_at[alerter.name] = time.monotonic() + self.retry_after
                errors.append(str(exc))
                continue
            sent.add(alerter.name)
            if alerter.name == "email":
                fields["message_id"] = reference
        if sent != set(alert.get("sent_channels") or []):
            fields["sent_channels"] = sorted(sent)
        if errors or waiting:
            report.pending.append(alert["id"])
            report.errors.extend(errors)
            if errors or not alert.get("last_error"):  # keep the last real error while only waiting
                fields["last_error"] = "; ".join(errors or waiting)[:1000]
                log.warning("alert %s stays pending: %s", alert["id"], fields["last_error"])
        else:
            fields.update({"delivery": "sent", "delivered_at": utc_now(), "last_error": None})
            report.sent.append(alert["id"])
            log.info("alert %s for %s sent by %s", alert["id"], brand.name, ", ".join(sorted(sent)))
        return fields


def send_test(alerters: list, brand, recipients: list[str], kibana_url: str) -> list[tuple[str, str | None]]:
    """`leakscout alerts test`: a synthetic alert through every channel; (channel, error or None) each."""
    now = utc_now()
    alert = {"id": f"test-{int(time.time())}", "kind": "test", "brand": brand.name, "created_at": now,
             "recipients": recipients}
    document = synthetic_listing(brand, now)
    results = []
    for alerter in alerters:
        try:
            alerter.send(alert, document, brand, kibana.discover_link(kibana_url, brand.name))
            results.append((alerter.describe(), None))
        except DeliveryError as exc:
            results.append((alerter.describe(), str(exc)))
    return results


def synthetic_listing(brand, now: str) -> dict:
    """A made-up listing, already masked, for test alerts: no real data goes anywhere."""
    return {
        "id": "leakscout-test", "site": "leakscout-test", "url": "http://example.invalid/leakscout-test",
        "title": f"TEST {brand.name} customer data (synthetic listing)",
        "body": f"TEST ONLY. {brand.name} 1,000 records: name, phone 138****0000. Sent by leakscout alerts test.",
        "brands": [brand.name], "claimed_source": brand.name, "record_count": 1000,
        "price": {"amount": 100, "currency": "USD", "amount_usd": 100.0}, "offers": [],
        "data_types": ["name", "phone"], "regions": ["CN"], "severity": 0,
        "legal_tier": {"tier": "none", "threshold": 5000}, "first_seen": now,
    }
