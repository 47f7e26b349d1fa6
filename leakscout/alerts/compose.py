"""Alert e-mail from templates: the facts that matter, masked text only, the URL never a link."""
from __future__ import annotations

import re
from email.message import EmailMessage
from email.utils import formatdate

from jinja2 import Environment, PackageLoader
from markupsafe import Markup, escape

from leakscout.alerts.safe_text import defang, html_autoescape, slack_escape

_env = Environment(
    loader=PackageLoader("leakscout.alerts", "templates"),
    autoescape=html_autoescape,     # every *.html.j2 template escapes what it is given
    trim_blocks=True,
    lstrip_blocks=True,
)
_env.filters.update(defang=defang, slack=slack_escape)
SNIPPET_CHARS = 280
defang_url = defang   # hxxp[:]//host[.]onion/…: neither a mail client nor a reader opens it by a click


def snippet(document: dict, terms: tuple[str, ...], limit: int = SNIPPET_CHARS) -> str:
    """A window of the (already masked) listing text around the first matched term."""
    text = " ".join(f"{document.get('title') or ''} — {document.get('body') or ''}".split())
    lowered = text.casefold()
    hits = [lowered.find(term.casefold()) for term in terms if term and lowered.find(term.casefold()) >= 0]
    start = max(0, min(hits) - limit // 3) if hits else 0
    window = text[start:start + limit]
    return ("…" if start else "") + window + ("…" if start + limit < len(text) else "")


def highlight_html(text: str, terms: tuple[str, ...]) -> Markup:
    escaped = str(escape(text))
    words = sorted({str(escape(t)) for t in terms if t}, key=len, reverse=True)
    if not words:
        return Markup(escaped)
    # One pass, longest first: "Qudian Inc." is marked once, not "Qudian" again inside it.
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
    return Markup(pattern.sub(lambda m: f"<mark>{m.group(0)}</mark>", escaped))


def _money(price: dict | None) -> str:
    if not price or price.get("amount") is None:
        return "not stated"
    text = f"{price['amount']:,.2f}".rstrip("0").rstrip(".") + f" {price.get('currency') or ''}".rstrip()
    if price.get("amount_usd") is not None and price.get("currency") != "USD":
        text += f" (≈ {price['amount_usd']:,.0f} USD)"
    return text


def alert_context(alert: dict, document: dict, brand, kibana_link: str | None) -> dict:
    """The facts of one alert, as text, for every channel (mail templates, webhook)."""
    terms = brand.terms
    text = defang(snippet(document, terms))     # the listing's words: no live URL or host name in them
    tier = document.get("legal_tier") or {}
    return {
        "kind": alert.get("kind", "new"),
        "changes": [defang(change) for change in alert.get("changes") or []],
        "brand": brand.name,
        "claimed_source": defang(document.get("claimed_source")) or "—",
        "record_count": f"{document['record_count']:,}" if document.get("record_count") else "not stated",
        "price": _money(document.get("price")),
        "offers": [_money(offer) + (f" for {', '.join(offer.get('regions') or [])}" if offer.get("regions") else "")
                   for offer in document.get("offers") or []],
        "data_types": ", ".join(document.get("data_types") or []) or "not stated",
        "regions": ", ".join(document.get("regions") or []) or "not stated",
        "severity": document.get("severity"),
        "legal_tier": tier.get("tier") or "—",
        "legal_threshold": tier.get("threshold"),
        "first_seen": document.get("first_seen") or alert.get("created_at"),
        "site": defang(document.get("site")),
        "title": defang(document.get("title")),
        "url_text": defang_url(document.get("url")),
        "snippet": text,
        "snippet_html": highlight_html(text, terms),
        "kibana_link": kibana_link,
        "alert_id": alert["id"],
    }


def compose_alert_email(alert: dict, document: dict, brand, *, sender: str, recipients: list[str],
                        kibana_link: str | None = None) -> EmailMessage:
    context = alert_context(alert, document, brand, kibana_link)
    message = EmailMessage()
    prefix = "[leakscout] " + ("ESCALATION: " if context["kind"] != "new" else "")
    if context["kind"] == "test":
        prefix = "[leakscout] TEST: "
    message["Subject"] = f"{prefix}{brand.name}: {context['record_count']} records offered for {context['price']}"
    message["From"] = sender
    message["To"] = ", ".join(recipients)
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = f"<{alert['id']}@leakscout>"
    message["X-Leakscout-Alert"] = alert["id"]
    message["X-Leakscout-Brand"] = brand.name
    message.set_content(_env.get_template("alert.txt.j2").render(**context))
    message.add_alternative(_env.get_template("alert.html.j2").render(**context), subtype="html")
    return message


def compose_digest_email(brand, day: str, rows: list[dict], *, sender: str, recipients: list[str],
                         kibana_link: str | None = None, digest_id: str) -> EmailMessage:
    """One mail listing a brand's alerts of one day; rows hold the alerts' own (masked) fields."""
    context = {
        "brand": brand.name, "day": day, "kibana_link": kibana_link,
        "rows": [{
            "kind": row.get("kind"), "state": row.get("state"), "title": defang(row.get("title")) or "—",
            "record_count": f"{row['record_count']:,}" if row.get("record_count") else "not stated",
            "price": _money(row.get("price")), "severity": row.get("severity"), "site": defang(row.get("site")),
            "url_text": defang_url(row.get("url")), "changes": defang(", ".join(row.get("changes") or [])),
            "alert_id": row.get("id"),
        } for row in rows],
    }
    message = EmailMessage()
    message["Subject"] = f"[leakscout] {brand.name} daily digest {day}: {len(rows)} alert(s)"
    message["From"] = sender
    message["To"] = ", ".join(recipients)
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = f"<{digest_id}@leakscout>"
    message["X-Leakscout-Digest"] = digest_id
    message["X-Leakscout-Brand"] = brand.name
    message.set_content(_env.get_template("digest.txt.j2").render(**context))
    message.add_alternative(_env.get_template("digest.html.j2").render(**context), subtype="html")
    return message
