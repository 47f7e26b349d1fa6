"""Alerts from percolation: decide (rules), record (alert documents), deliver (alerters), once.

After each bulk chunk the pipeline percolates the chunk's listings against the watch index. A
matching listing × brand with no alert yet gets a "new" alert; one already alerted gets an
"escalation" when rules.significant_changes finds a change worth telling. Alert ids are
deterministic and documents are created with the `create` op, so a restart or a re-crawl finds
them and sends nothing twice.

Delivery state lives on the alert document: `delivery` is "pending" until every configured
channel (`sent_channels`) has accepted it. Pending alerts (SMTP down, a crash before sending)
go out on the next chunk, the next crawl or `leakscout alerts send`.

Once, even when processes are killed (SIGKILL) at any instant or run side by side:

1. Claim (lease.py). A process sends an alert only while it holds the alert's claim, taken by an
   update conditional on the document's seq_no (new alerts are created claimed). Of two
   processes, on one machine or two, sharing one cluster, only one wins each alert.
2. Journal (journal.py). Right after a channel accepts an alert (SMTP 250 after DATA, webhook
   2xx), "alert, channel, Message-ID" is appended to a local file and fsync'd; only then is the
   alert document updated. Before sending anything, deliver_pending stores what the journal
   holds and the index does not (a kill between the two) as sent, without sending again. A
   process that claims an alert reads the journal after claiming, so it also skips channels a
   dead predecessor on this machine had journaled.

The one remaining duplicate: a process killed after the channel accepted an alert and before the
journal append is on disk (the time from reading "250" to the end of one fsync, about a
millisecond; SMTP cannot do better: the server keeps the mail before the client can know). Nothing
then records that the mail went out, and the next claimant sends it again, with the same
Message-ID (the alert id) so that mail systems can drop the copy.

Two more ways to a duplicate, outside what a kill of one process does: the journal is local (one
per LEAKSCOUT_HOME and alerts index), so when a host dies after journaling and before the index
update and does not run leakscout again within the lease (5 min), another host takes the claim over
and resends that mail; and a claim holder whose single send outlives the lease's safety margin
(lease.py) can meet a taker. Processes of one host that share an index prefix should share
LEAKSCOUT_HOME.
"""
from __future__ import annotations

import contextlib
import logging
import time
from dataclasses import dataclass, field

from leakscout.alerts.delivery import DeliveryError, send_through
from leakscout.alerts.journal import DeliveryJournal
from leakscout.alerts.lease import LEASE_SECONDS, RELEASE, Claims, Lease
from leakscout.alerts.channels import CHANNELS, configured_alerters  # noqa: F401  (configured_alerters: for commands)
from leakscout.alerts.channels.email import NoRecipient
from leakscout.alerts.rules import (alert_id, discover_link, escalation_id, exposure_of, match_kind, mention_severity,
                                   significant_changes, snapshot, watched_fields)
from leakscout.alerts.watches import SyncReport, percolate, sync_watches
from leakscout.core.config import Settings
from leakscout.core.errors import BadInput, LeakscoutError
from leakscout.storage.search import SearchStore
from leakscout.core.timeutil import utc_now
from leakscout.core.watchlist import Watchlist

log = logging.getLogger(__name__)

ALERT_KINDS = ("new", "mention", "escalation")
PENDING_ALERTS = [{"term": {"delivery": "pending"}}, {"terms": {"kind": list(ALERT_KINDS)}}]
PENDING_BATCH = 200
# After a channel failed, it is not tried again for this long, so an SMTP outage does not
# slow every chunk of a crawl down by a connection timeout.
RETRY_AFTER_SECONDS = 30.0
NO_CHANNEL = "no alert channel configured (LEAKSCOUT_SMTP_URL, LEAKSCOUT_WEBHOOK_URL)"
# Past this size the journal is compacted after a batch (at every deliver_pending it always is).
JOURNAL_COMPACT_BYTES = 64 * 1024


@dataclass
class DispatchReport:
    created: list[str] = field(default_factory=list)
    escalated: list[str] = field(default_factory=list)
    sent: list[str] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    deferred: bool = False   # pending alerts were not looked at: every channel failed a moment ago
    recovered: list[str] = field(default_factory=list)          # accepted before a crash: marked sent, not resent
    claimed_elsewhere: list[str] = field(default_factory=list)  # being sent by another process


class AlertDispatcher:
    def __init__(self, store: SearchStore, watchlist: Watchlist, settings: Settings, alerters: list | None = None,
                 retry_after: float = RETRY_AFTER_SECONDS, lease_seconds: float = LEASE_SECONDS):
        self.store = store
        self.watchlist = watchlist
        self.settings = settings
        self.alerters = configured_alerters(settings) if alerters is None else alerters
        self.retry_after = retry_after
        self._retry_at: dict[str, float] = {}  # channel → monotonic time before which it is not tried
        self.journal = DeliveryJournal.for_settings(settings)
        self.claims = Claims(store, settings.alerts_alias, lease_seconds)
        for brand in watchlist.brands:
            unknown = sorted(set(brand.channels) - set(CHANNELS))
            if unknown:
                raise BadInput(f"watchlist {watchlist.source}: brand {brand.name!r} names unknown alert channel(s) "
                               f"{', '.join(unknown)} (known: {', '.join(sorted(CHANNELS))})")

    @property
    def alerts(self) -> str:
        return self.settings.alerts_alias

    def alerters_for(self, brand) -> list:
        """The configured channels the watchlist routes this brand's alerts to (all without `channels:`)."""
        channels = getattr(brand, "channels", ())
        return [alerter for alerter in self.alerters if not channels or alerter.name in channels]

    def recipients_for(self, brand) -> list[str]:
        return list(brand.notify or self.settings.alert_to)

    def kibana_link(self, brand) -> str:
        return discover_link(self.settings.kibana_url, brand.name)

    def sync_watches(self) -> SyncReport:
        return sync_watches(self.store, self.settings.watches_alias, self.watchlist.brands)

    # -- deciding ----------------------------------------------------------------------------
    def on_indexed(self, documents: list[dict], previous: dict[str, dict], now: str,
                   historical: bool = False, only_brands: set[str] | None = None) -> DispatchReport:
        """After a chunk is indexed: percolate it, create the alerts it deserves, deliver them.

        `previous`: id → the stored `status` and `first_seen` of the listings known before the chunk.
        `historical`: the listings were found in the index, not just crawled (a retro-hunt): new
        alerts say so. `only_brands`: alert for these brands only."""
        report = DispatchReport()
        pairs = []
        fields = watched_fields(self.watchlist.brands)
        for slot, name in percolate(self.store, self.settings.watches_alias, documents, fields):
            brand = self.watchlist.brand(name)
            if brand is not None and (only_brands is None or name in only_brands):
                # (a watch of a brand no longer in this watchlist is skipped: not synced yet)
                pairs.append((documents[slot], brand))
        if not pairs:
            return report
        history = self._alert_history(sorted({document["id"] for document, _ in pairs}))
        planned = []
        for document, brand in pairs:
            before = previous.get(document["id"]) or {}
            alert = self._decide(document, brand, history.get((document["id"], brand.name), []),
                                 before.get("status"), now)
            if alert is not None and historical:
                alert["historical"] = True
            if alert is not None:
                planned.append((alert, {**document, "first_seen": before.get("first_seen") or now}, brand))
        lease = self._create([alert for alert, _, _ in planned])
        fresh = [(alert, document, brand) for alert, document, brand in planned if alert["id"] in lease.won]
        for alert, _, _ in fresh:
            (report.escalated if alert["kind"] == "escalation" else report.created).append(alert["id"])
        self._deliver_all(fresh, report, lease)
        return report

    def _decide(self, document: dict, brand, prior: list[dict], previous_status: str | None, now: str) -> dict | None:
        if not prior:
            kind = "new" if match_kind(brand, document) == "source" else "mention"
            return self._alert(document, brand, alert_id(document["id"], brand.name), kind, [], None, now)
        if any(alert.get("state") == "false_positive" for alert in prior):
            return None  # an analyst said this listing is not about the brand: its changes are not either
        baseline = prior[0]
        changes = significant_changes(baseline, document, previous_status, brand.name)
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
            "severity": mention_severity(document.get("severity")) if kind == "mention" else document.get("severity"),
            "data_types": document.get("data_types") or [],
            **snapshot(document), **exposure_of(document, brand.name),
        }

    def _alert_history(self, listing_ids: list[str]) -> dict[tuple[str, str], list[dict]]:
        """(listing, brand) → its alerts, newest first."""
        self.store.refresh(self.alerts)
        body = {"size": 10000, "sort": [{"created_at": "desc"}],
                "_source": ["listing_id", "brand", "state", "record_count", "price", "regions", "created_at",
                            "exposure_matched"],
                "query": {"bool": {"filter": [{"terms": {"listing_id": listing_ids}},
                                              {"terms": {"kind": list(ALERT_KINDS)}}]}}}
        history: dict[tuple[str, str], list[dict]] = {}
        for hit in self.store.search(self.alerts, body)["hits"]["hits"]:
            source = hit["_source"]
            history.setdefault((source["listing_id"], source["brand"]), []).append({"id": hit["_id"], **source})
        return history

    def _create(self, alerts: list[dict]) -> Lease:
        """Create the alert documents, claimed by this process when it has a channel to send them;
        the lease's ids are those that were new (an existing id means: already alerted)."""
        lease = Lease(seconds=self.claims.lease_seconds)
        if not alerts:
            return lease
        claim = self.claims.fields() if self.alerters else {}
        actions = []
        for alert in alerts:
            actions += [{"create": {"_index": self.alerts, "_id": alert["id"]}},
                        {**{key: value for key, value in alert.items() if key != "id"}, **claim}]
        for item in self.store.bulk(actions)["items"]:
            result = item["create"]
            if result.get("status") == 201:
                lease.won[result["_id"]] = (result["_seq_no"], result["_primary_term"])
            elif result.get("status") != 409:
                raise LeakscoutError(f"creating alert {result['_id']} failed: {result.get('error')}")
        return lease

    # -- delivering --------------------------------------------------------------------------
    def deliver_pending(self) -> DispatchReport:
        """Send every alert whose delivery is still pending (after an outage, a crash, …).

        First the journal: alerts a channel accepted before a crash are marked sent, not resent.
        """
        report = DispatchReport()
        if not self.alerters:
            # Nothing here could deliver them: name them once, touch nothing, log nothing per alert.
            report.errors.append(NO_CHANNEL)
            report.pending = self._pending_ids()
            return report
        self.recover_from_journal(report)
        self._deliver_pending_batches(report)
        self.recover_from_journal()   # compacts: the records of what this call sent are in the index now
        return report

    def _deliver_pending_batches(self, report: DispatchReport) -> None:
        if not self._any_channel_ready():
            report.deferred = True
            return
        seen: set[str] = set()
        while True:
            self.store.refresh(self.alerts)
            hits = self.store.search(self.alerts, {
                "size": PENDING_BATCH, "sort": [{"created_at": "asc"}], "seq_no_primary_term": True,
                "query": {"bool": {"filter": PENDING_ALERTS, "must_not": [{"ids": {"values": sorted(seen)}}]}},
            })["hits"]["hits"]
            if not hits:
                return
            seen.update(hit["_id"] for hit in hits)
            listings = self._listings([hit["_source"]["listing_id"] for hit in hits])
            candidates, versions = {}, {}
            for hit in hits:
                alert = {"id": hit["_id"], **hit["_source"]}
                brand = self.watchlist.brand(alert["brand"])
                listing = listings.get(alert["listing_id"])
                if brand is None or listing is None:
                    log.warning("alert %s stays pending: %s", alert["id"],
                                "its brand left the watchlist" if brand is None else "its listing is gone")
                    report.pending.append(alert["id"])
                elif not self.claims.available(alert):
                    report.claimed_elsewhere.append(alert["id"])
                else:
                    candidates[alert["id"]] = (alert, listing, brand)
                    versions[alert["id"]] = (hit["_seq_no"], hit["_primary_term"])
            lease = self.claims.claim(versions)
            report.claimed_elsewhere += [id_ for id_ in candidates if id_ not in lease.won]
            self._deliver_all([item for id_, item in candidates.items() if id_ in lease.won], report, lease)
            if not self._any_channel_ready():
                report.deferred = True
                return
            if len(hits) < PENDING_BATCH:
                return

    def recover_from_journal(self, report: DispatchReport | None = None) -> list[str]:
        """Store what the journal says channels accepted and the index does not show yet (a crash
        between the two); then drop the journal records the index now shows. Returns the alerts
        this marked sent."""
        report = report or DispatchReport()
        accepted = self.journal.by_alert()
        if not accepted:
            return []
        found = self.store.request("POST", f"/{self.alerts}/_mget", {"ids": sorted(accepted)},
                                   params={"_source_includes": "sent_channels,delivery,brand"})["docs"]
        reflected: set[tuple[str, str]] = set()
        actions, recovered, channels_of = [], [], {}
        for doc in found:
            id_, channels = doc["_id"], accepted[doc["_id"]]
            pairs = {(id_, channel) for channel in channels}
            source = doc.get("_source") or {}
            have = set(source.get("sent_channels") or [])
            if not doc.get("found") or set(channels) <= have:
                reflected |= pairs   # shown already, or an alert that no longer exists
                continue
            fields: dict = {"sent_channels": sorted(have | set(channels))}
            if channels.get("email"):
                fields["message_id"] = channels["email"]
            brand = self.watchlist.brand(source.get("brand") or "")
            routed = {alerter.name for alerter in (self.alerters_for(brand) if brand else self.alerters)}
            if source.get("delivery") != "sent" and routed <= have | set(channels):
                fields.update({"delivery": "sent", "delivered_at": utc_now(), "last_error": None, **RELEASE})
                recovered.append(id_)
            actions += [{"update": {"_index": self.alerts, "_id": id_, "if_seq_no": doc["_seq_no"],
                                    "if_primary_term": doc["_primary_term"]}}, {"doc": fields}]
            channels_of[id_] = pairs
        if actions:
            for item in self.store.bulk(actions)["items"]:
                result = item["update"]
                if result.get("status") == 200:
                    reflected |= channels_of[result["_id"]]
                elif result["_id"] in recovered:   # changed meanwhile: the next recovery looks again
                    recovered.remove(result["_id"])
        self.journal.compact(reflected)
        for id_ in recovered:
            log.info("alert %s marked sent from the delivery journal (accepted before a crash), not resent", id_)
        report.recovered += recovered
        return recovered

    def _pending_ids(self) -> list[str]:
        self.store.refresh(self.alerts)
        hits = self.store.search(self.alerts, {
            "size": 10000, "_source": False,
            "query": {"bool": {"filter": PENDING_ALERTS}},
        })["hits"]["hits"]
        return [hit["_id"] for hit in hits]

    def _listings(self, ids: list[str]) -> dict[str, dict]:
        found = self.store.request("POST", f"/{self.settings.listings_alias}/_mget", {"ids": sorted(set(ids))})
        return {doc["_id"]: {"id": doc["_id"], **doc["_source"]} for doc in found["docs"] if doc.get("found")}

    def _any_channel_ready(self) -> bool:
        return any(self._ready(alerter) for alerter in self.alerters)

    def _ready(self, alerter) -> bool:
        return time.monotonic() >= self._retry_at.get(alerter.name, 0.0)

    def _deliver_all(self, items: list[tuple[dict, dict, object]], report: DispatchReport, lease: Lease) -> None:
        """Deliver alerts this process holds the claim of (`lease`)."""
        if not items:
            return
        # Read after claiming: a process that held these claims before and died appended first.
        journaled = self.journal.by_alert(alert["id"] for alert, _, _ in items)
        with contextlib.ExitStack() as batches:  # e.g. one SMTP connection for all mails of a chunk
            for alerter in self.alerters:
                if hasattr(alerter, "batch"):
                    batches.enter_context(alerter.batch())
            unsent = []
            for alert, document, brand in items:
                if not lease.fresh():
                    report.pending.append(alert["id"])   # the claim is running out: left for the next try
                    unsent.append((alert["id"], {}))
                    continue
                fields = self._deliver(alert, document, brand, report, journaled.get(alert["id"], {}))
                if "sent_channels" in fields:
                    # Stored right after this alert's channels took it (and the journal has it), not
                    # once after the whole batch: the journal then stays short.
                    self._store_delivery([(alert["id"], fields)], lease)
                else:
                    unsent.append((alert["id"], fields))   # nothing was sent: losing this to a crash resends nothing
            self._store_delivery(unsent, lease)
        if self.journal.size() > JOURNAL_COMPACT_BYTES:
            self.recover_from_journal()

    def _store_delivery(self, updates: list[tuple[str, dict]], lease: Lease) -> None:
        """Store delivery fields and give up the claim, if the document is still as this process
        claimed it; if something changed it since (an analyst, a takeover), store only the facts."""
        if not updates:
            return
        actions, fields_of = [], {}
        for id_, fields in updates:
            seq_no, primary_term = lease.won[id_]
            actions += [{"update": {"_index": self.alerts, "_id": id_, "if_seq_no": seq_no,
                                    "if_primary_term": primary_term}}, {"doc": {**fields, **RELEASE}}]
            fields_of[id_] = fields
        retry = []
        for item in self.store.bulk(actions)["items"]:
            result = item["update"]
            if result.get("status") == 409 and fields_of[result["_id"]]:
                retry += [{"update": {"_index": self.alerts, "_id": result["_id"], "retry_on_conflict": 3}},
                          {"doc": fields_of[result["_id"]]}]
            elif result.get("status", 500) >= 300 and result.get("status") != 409:
                log.warning("storing the delivery of alert %s failed: %s", result["_id"], result.get("error"))
        if retry:
            self.store.bulk(retry)

    def _deliver(self, alert: dict, document: dict, brand, report: DispatchReport,
                 journaled: dict[str, str | None]) -> dict:
        """Send through every channel that has not taken this alert yet; the fields to store.
        `journaled`: channels the journal says took it already (stored here, not sent again)."""
        stored = set(alert.get("sent_channels") or [])
        sent = stored | set(journaled)
        fields: dict = {}
        if journaled.get("email"):
            fields["message_id"] = journaled["email"]
        routed = self.alerters_for(brand)
        errors = [] if routed else [NO_CHANNEL if not self.alerters else
                                    f"no configured channel for {brand.name} (watchlist channels: {', '.join(brand.channels)})"]
        attempt = send_through(routed, alert["id"], sent, self.journal,
                               lambda alerter: alerter.send(alert, document, brand, self.kibana_link(brand)),
                               ready=self._ready)
        if attempt.tried:
            fields["attempts"] = int(alert.get("attempts") or 0) + 1
        for alerter, exc in attempt.failed:
            if not isinstance(exc, NoRecipient):
                self._retry_at[alerter.name] = time.monotonic() + self.retry_after
            errors.append(str(exc))
        waiting = [f"{alerter.name} failed less than {self.retry_after:g} s ago; retried later"
                   for alerter in attempt.waiting]
        sent |= set(attempt.sent)
        if "email" in attempt.sent:
            fields["message_id"] = attempt.sent["email"]
        if sent != stored:
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
            alerter.send(alert, document, brand, discover_link(kibana_url, brand.name))
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
