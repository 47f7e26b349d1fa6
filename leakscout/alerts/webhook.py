"""The webhook alerter: one JSON POST per alert, shaped for a Slack incoming webhook.

Slack shows `text`; the same facts, one per key, are under `leakscout` for any other receiver.
The listing URL is defanged (hxxp[:]//…[.]onion) so that no chat client turns it into a link.
"""
from __future__ import annotations

import requests

from leakscout.alerts.compose import alert_context
from leakscout.alerts.safe_text import slack_escape
from leakscout.alerts.smtp import DeliveryError

FACT_KEYS = ("kind", "changes", "brand", "claimed_source", "record_count", "price", "offers", "data_types",
             "regions", "severity", "legal_tier", "first_seen", "site", "title", "url_text", "snippet",
             "kibana_link", "alert_id")


def webhook_payload(alert: dict, document: dict, brand, kibana_link: str | None) -> dict:
    facts = alert_context(alert, document, brand, kibana_link)
    # Slack reads `text` as mrkdwn: every value from a listing is escaped ("<!channel>", "<url|label>")
    shown = {key: slack_escape("; ".join(value) if isinstance(value, list) else str(value))
             for key, value in facts.items() if key not in ("snippet_html", "kibana_link")}
    headline = {"new": "New listing", "escalation": "ESCALATION", "test": "TEST alert"}.get(facts["kind"], facts["kind"])
    lines = [
        f"*[leakscout] {headline}: {shown['brand']}*"
        + (f" — {shown['changes']}" if facts["changes"] else ""),
        f"Records: {shown['record_count']} · Price: {shown['price']} · Severity: {shown['severity']}"
        f" · Legal tier: {shown['legal_tier']}",
        f"Data kinds: {shown['data_types']} · Regions: {shown['regions']}",
        f"Claimed source: {shown['claimed_source']} · Site: {shown['site']} · First seen: {shown['first_seen']}",
        f"Listing (text only): `{shown['url_text']}`",
        f"> {shown['snippet']}",
    ]
    if kibana_link:
        lines.append(f"Kibana: {kibana_link}")
    return {"text": "\n".join(lines), "leakscout": {key: facts[key] for key in FACT_KEYS}}


class WebhookAlerter:
    name = "webhook"

    def __init__(self, url: str, timeout: float = 10.0):
        self.url = url
        self.timeout = timeout

    def describe(self) -> str:
        host = requests.utils.urlparse(self.url).netloc
        return f"webhook at {host}"  # the path of a Slack webhook is its secret: never shown

    def send(self, alert: dict, document: dict, brand, kibana_link: str | None) -> str:
        try:
            response = requests.post(self.url, json=webhook_payload(alert, document, brand, kibana_link),
                                     timeout=self.timeout)
        except requests.RequestException as exc:
            raise DeliveryError(f"webhook delivery to {self.describe()} failed: {type(exc).__name__}") from exc
        if response.status_code >= 300:
            raise DeliveryError(f"webhook delivery to {self.describe()} failed: HTTP {response.status_code} "
                                f"{response.text[:200]}")
        return f"webhook:{response.status_code}"
