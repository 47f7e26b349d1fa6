"""The webhook channel (LEAKSCOUT_WEBHOOK_URL): one JSON POST per alert, shaped for a Slack incoming webhook.

Slack shows `blocks` (`text` is its notification fallback); the same facts, one per key, are under
`leakscout` for any other receiver.
The listing URL is defanged (hxxp[:]//…[.]onion) so that no chat client turns it into a link.
"""
from __future__ import annotations

import requests

from leakscout.alerts.channels import Alerter, register
from leakscout.alerts.safe_text import slack_escape
from leakscout.alerts.compose import alert_context
from leakscout.alerts.delivery import DeliveryError

FACT_KEYS = ("kind", "changes", "exposure_lines", "brand", "title", "seller", "claimed_source", "record_count",
             "price", "offers", "data_types", "regions", "severity", "severity_band", "legal_tier", "legal_basis",
             "legal_citation", "posted", "first_seen", "first_seen_local", "site", "url_text", "sample", "snippet",
             "kibana_link", "alert_id", "triage")


def mrkdwn(text) -> str:
    """Text for Slack mrkdwn: defanged, and &, < and > escaped (so no <!channel> or <url|label>)."""
    return slack_escape(str(text))


def webhook_payload(alert: dict, document: dict, brand, kibana_link: str | None) -> dict:
    """Slack Block Kit: header, the facts in fields, the sample and excerpt; `text` is the fallback."""
    facts = alert_context(alert, document, brand, kibana_link)
    headline = {"new": "New listing", "mention": "Mention", "escalation": "ESCALATION",
                "test": "TEST alert"}.get(facts["kind"], facts["kind"])
    score = f" {facts['severity']}/100" if facts["severity"] is not None else ""
    title = f"{facts['severity_band'].upper()}{score} · {facts['brand']} · {facts['record_count']} records"
    summary = (f"[leakscout] {headline}: {facts['brand']} — {facts['record_count']} records for "
               f"{facts['price_short']} ({facts['severity_band']}{score})")
    lines = [f"*{mrkdwn(facts['title'])}*"]
    if facts["changes"]:
        lines.append(f"*Changed:* {mrkdwn('; '.join(facts['changes']))}")
    lines += [f"• {mrkdwn(line)}" for line in facts["exposure_lines"]]
    fields = [("Seller 卖家", facts["seller"]), ("Site 站点", facts["site"]), ("Posted 发布", facts["posted"]),
              ("First seen 首次发现", f"{facts['first_seen_local']}\n{facts['first_seen']}"),
              ("Claimed source 声称来源", facts["claimed_source"]), ("Records 数据量", facts["record_count"]),
              ("Price 价格", "\n".join([facts["price"], *facts["offers"]])),
              ("Severity 严重程度", f"{facts['severity_band']}, {facts['severity_text']}"),
              ("Data kinds 数据类型", facts["data_types"]), ("Regions 地区", facts["regions"])]
    legal = "\n".join(part for part in (facts["legal_tier"], facts["legal_basis"], facts["legal_citation"]) if part)
    blocks = [
        {"type": "header", "text": {"type": "plain_text", "text": f"{headline}: {title}"[:150]}},
        {"type": "section", "text": {"type": "mrkdwn", "text": "\n".join(lines)[:3000]}},
        {"type": "section", "fields": [{"type": "mrkdwn", "text": f"*{label}*\n{mrkdwn(value)}"[:2000]}
                                       for label, value in fields]},
        {"type": "section", "text": {"type": "mrkdwn", "text": f"*Legal tier 法律等级*\n{mrkdwn(legal)}"[:3000]}},
    ]
    if facts["sample"]:
        rows = "\n".join(f"{name}: {value}" for name, value in facts["sample"]["pairs"])
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": (
            f"*Masked sample {facts['sample']['what']} 脱敏样本* (as stored)\n```{mrkdwn(rows)}```")[:3000]}})
    blocks += [
        {"type": "section", "text": {"type": "mrkdwn", "text": f"*Masked excerpt 摘录*\n>{mrkdwn(facts['snippet'])}"[:3000]}},
        {"type": "section", "text": {"type": "mrkdwn", "text": (
            f"*Listing* (text only, do not open from a work machine)\n`{mrkdwn(facts['url_text'])}`")[:3000]}},
        {"type": "context", "elements": [{"type": "mrkdwn", "text": (
            (f"<{kibana_link}|All {mrkdwn(facts['brand'])} listings in Kibana> · " if kibana_link else "")
            + f"Triage: `{mrkdwn(facts['triage'])}`")[:3000]}]},
    ]
    return {"text": summary, "blocks": blocks, "leakscout": {key: facts[key] for key in FACT_KEYS}}


@register
class WebhookAlerter(Alerter):
    name = "webhook"

    def __init__(self, url: str, timeout: float = 10.0):
        self.url = url
        self.timeout = timeout

    @classmethod
    def from_settings(cls, settings) -> "WebhookAlerter | None":
        return cls(settings.webhook_url) if settings.webhook_url else None

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
