"""Creates alert documents for new matching listings and delivers each exactly once.

An alert document (id = listing × brand) is created with op_type=create before anything is
sent: a second crawl finds it and sends nothing. Delivery state lives on the document, so an
alert whose mail failed (or whose sender died) is retried by the next run or `alerts send`.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field

from leakscout.alerts.compose import compose_alert_email
from leakscout.alerts.rules import alert_id, matching_brands
from leakscout.alerts.smtp import DeliveryError, SmtpTarget, send
from leakscout.config import Settings
from leakscout.search import SearchStore
from leakscout.timeutil import utc_now
from leakscout.watchlist import Watchlist

log = logging.getLogger(__name__)


@dataclass
class DispatchReport:
    created: list[str] = field(default_factory=list)
    sent: list[str] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


class AlertDispatcher:
    def __init__(self, store: SearchStore, watchlist: Watchlist, settings: Settings):
        self.store = store
        self.watchlist = watchlist
        self.settings = settings
        self.smtp = SmtpTarget.from_url(settings.smtp_url) if settings.smtp_url else None

    def recipients_for(self, brand) -> list[str]:
        return list(brand.notify or self.settings.alert_to)

    def on_indexed(self, documents: list[dict], created_ids: list[str], now: str) -> DispatchReport:
        """Called after each bulk chunk with the documents and which of them are new listings."""
        report = DispatchReport()
        created = set(created_ids)
        for document in documents:
            if document["id"] not in created:
                continue
            for brand in matching_brands(document, self.watchlist):
                alert = self._create_alert(document, brand, now)
                if alert is None:
                    continue
                report.created.append(alert["id"])
                self._deliver(alert, {**document, "first_seen": now}, brand, report)
        return report

    def _create_alert(self, document: dict, brand, now: str) -> dict | None:
        alert = {
            "id": alert_id(document["id"], brand.name),
            "listing_id": document["id"], "brand": brand.name, "kind": "new",
            "state": "new", "delivery": "pending", "recipients": self.recipients_for(brand),
            "created_at": now, "attempts": 0, "title": document.get("title"), "url": document.get("url"),
            "site": document.get("site"), "record_count": document.get("record_count"),
            "price": document.get("price"), "severity": document.get("severity"),
        }
        body = {key: value for key, value in alert.items() if key != "id"}
        result = self.store.request("PUT", f"/{self.settings.alerts_alias}/_create/{alert['id']}", body,
                                    params={"refresh": "wait_for"}, ok=(409,))
        if "error" in result:
            return None  # already alerted for this listing × brand
        return alert

    def deliver_pending(self) -> DispatchReport:
        """Send every alert whose delivery is still pending (after an SMTP outage, a crash, …)."""
        report = DispatchReport()
        hits = self.store.search(self.settings.alerts_alias, {"size": 500, "query": {"term": {"delivery": "pending"}},
                                                "sort": [{"created_at": "asc"}]})["hits"]["hits"]
        for hit in hits:
            alert = {"id": hit["_id"], **hit["_source"]}
            brand = self.watchlist.brand(alert["brand"])
            listing = self.store.request("GET", f"/{self.settings.listings_alias}/_doc/{alert['listing_id']}", ok=(404,))
            if brand is None or not listing.get("found"):
                continue
            self._deliver(alert, {"id": listing["_id"], **listing["_source"]}, brand, report)
        return report

    def _deliver(self, alert: dict, document: dict, brand, report: DispatchReport) -> None:
        recipients = alert.get("recipients") or self.recipients_for(brand)
        if self.smtp is None or not recipients:
            reason = "no SMTP server configured (LEAKSCOUT_SMTP_URL)" if self.smtp is None else \
                f"no recipient for {brand.name} (watchlist notify or LEAKSCOUT_ALERT_TO)"
            log.warning("alert %s stays pending: %s", alert["id"], reason)
            self._update(alert["id"], {"last_error": reason})
            report.pending.append(alert["id"])
            return
        message = compose_alert_email(alert, document, brand, sender=self.settings.alert_from,
                                      recipients=recipients, kibana_link=self.kibana_link(brand))
        attempts = int(alert.get("attempts") or 0) + 1
        try:
            send(self.smtp, message)
        except DeliveryError as exc:
            log.warning("alert %s stays pending: %s", alert["id"], exc)
            self._update(alert["id"], {"attempts": attempts, "last_error": str(exc)[:1000]})
            report.pending.append(alert["id"])
            report.errors.append(str(exc))
            return
        self._update(alert["id"], {"delivery": "sent", "delivered_at": utc_now(), "attempts": attempts,
                                   "message_id": message["Message-ID"], "last_error": None})
        report.sent.append(alert["id"])
        log.info("alert %s for %s sent to %s", alert["id"], brand.name, ", ".join(recipients))

    def kibana_link(self, brand) -> str | None:
        return None

    def _update(self, alert_id_: str, fields: dict) -> None:
        self.store.request("POST", f"/{self.settings.alerts_alias}/_update/{alert_id_}", {"doc": fields},
                           params={"refresh": "wait_for"})
