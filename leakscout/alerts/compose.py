"""Alert e-mail from templates: the facts that matter, masked text only, the URL never a link."""
from __future__ import annotations

import re
from email import policy
from email.message import EmailMessage
from email.utils import formatdate

from jinja2 import Environment, PackageLoader
from markupsafe import Markup, escape

from leakscout.alerts import words
from leakscout.alerts.exposure_words import exposure_lines
from leakscout.alerts.safe_text import defang, html_autoescape, slack_escape

# Autoescape for every HTML template (*.html.j2); the plain-text parts are not HTML.
_env = Environment(
    loader=PackageLoader("leakscout.alerts", "templates"),
    autoescape=html_autoescape,     # every *.html.j2 template escapes what it is given
    trim_blocks=True,
    lstrip_blocks=True,
)
_env.filters.update(defang=defang, slack=slack_escape)
SNIPPET_CHARS = 280
# Headers are not folded before 998 characters: Python folds a subject with an encoded word such
# that decoders read a double space ("100,000 CNY  (≈ 13,800 USD)") or a leading one.
MAIL_POLICY = policy.default.clone(max_line_length=998)
TRIAGE_STATES = "acknowledged | resolved | false-positive"
# hxxp[:]//host[.]onion/…: neither a mail client nor a reader opens a listing's URL or host by a click.
defang_url = defang


defang_text = defang   # every URL and host name in a listing's words


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


def alert_context(alert: dict, document: dict, brand, kibana_link: str | None) -> dict:
    """The facts of one alert, as text, for every channel (mail templates, webhook)."""
    terms = tuple(defang_text(term) for term in brand.terms)
    text = defang_text(snippet(document, brand.terms))
    band = words.severity_band(document.get("severity"))
    legal = words.legal_words(document.get("legal_tier"))
    first_seen = words.when(document.get("first_seen") or alert.get("created_at"))
    sample = words.sample_table(document.get("body"), document.get("samples"))
    if sample:
        sample = {**sample, "pairs": [(defang_text(name), defang_text(value)) for name, value in sample["pairs"]]}
    price = document.get("price")
    return {
        "kind": alert.get("kind", "new"),
        "changes": [defang(change) for change in alert.get("changes") or []],
        "exposure_lines": ([f"Found in history: the listing was already indexed when {brand.name} was watched "
                            f"or its customers were imported"] if alert.get("historical") else [])
                          + exposure_lines(document, brand.name),
        "brand": brand.name,
        "title": defang_text(document.get("title")) or "(no title)",
        "seller": defang_text(document.get("seller")) or "not stated",
        "claimed_source": defang_text(document.get("claimed_source")) or "not stated",
        "record_count": words.format_count(document.get("record_count")),
        "price": words.money(price) + (" for the whole set" if price and price.get("amount") is not None else ""),
        "price_short": words.money(price),
        "offers": words.extra_offers(document.get("offers"), price),
        "data_types": ", ".join(words.kind_words(document.get("data_types"))) or "not stated",
        "data_kinds": words.kind_words(document.get("data_types")),
        "regions": ", ".join(words.region_words(document.get("regions"))) or "not stated",
        "severity": band.score,
        "severity_band": band.name,
        "severity_colour": band.colour,
        "severity_text": band.describe(),
        "severity_scale": words.severity_scale(),
        "legal_tier": legal["tier"],
        "legal_basis": legal["basis"],
        "legal_citation": legal["citation"],
        "posted": words.posted(document),
        "first_seen": first_seen["utc"] if first_seen else "not recorded",
        "first_seen_local": first_seen["local"] if first_seen else "not recorded",
        "site": defang(document.get("site")) or "not stated",
        "url_text": defang_url(document.get("url")),
        "snippet": text,
        "snippet_html": highlight_html(text, terms),
        "sample": sample,
        "kibana_link": kibana_link,
        "alert_id": alert["id"],
        "triage": (f"leakscout alerts triage {short_id(alert['id'])} {TRIAGE_STATES} --note '…'"
                   if alert.get("kind", "new") != "test" else "nothing to triage: a test alert is not stored"),
    }


def short_id(alert_id: str) -> str:
    """The prefix the CLI shows and accepts (ids are taken by unique prefix)."""
    kind, _, digest = alert_id.partition("-")
    return f"{kind}-{digest[:10]}" if digest else alert_id


def alert_subject(context: dict) -> str:
    """'[leakscout] CRITICAL · Qudian: 1,000,000 records offered for 100,000 CNY (≈ 13,800 USD)'."""
    prefix = {"new": "", "test": "TEST:", "mention": "MENTION:"}.get(context["kind"], "ESCALATION:")
    band = f"{context['severity_band'].upper()} ·" if context["severity"] is not None and context["kind"] != "test" else ""
    parts = ["[leakscout]", prefix, band, f"{context['brand']}:", context["record_count"], "records offered for",
             context["price_short"]]
    return " ".join(" ".join(part for part in parts if part).split())


def compose_alert_email(alert: dict, document: dict, brand, *, sender: str, recipients: list[str],
                        kibana_link: str | None = None) -> EmailMessage:
    context = alert_context(alert, document, brand, kibana_link)
    message = EmailMessage(policy=MAIL_POLICY)
    message["Subject"] = alert_subject(context)
    message["From"] = sender
    message["To"] = ", ".join(recipients)
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = f"<{alert['id']}@leakscout>"
    message["X-Leakscout-Alert"] = alert["id"]
    message["X-Leakscout-Brand"] = brand.name
    message.set_content(_env.get_template("alert.txt.j2").render(**context))
    message.add_alternative(_env.get_template("alert.html.j2").render(**context), subtype="html")
    return message


def digest_row(row: dict) -> dict:
    """One alert of a digest in words (the alert document's own, masked, fields)."""
    band = words.severity_band(row.get("severity"))
    seen = words.when(row.get("created_at"))
    return {
        "kind": row.get("kind") or "new", "state": (row.get("state") or "new").replace("_", "-"),
        "title": defang_text(row.get("title")) or "(no title)",
        "record_count": words.format_count(row.get("record_count")), "price": words.money(row.get("price")),
        "severity": band.score, "severity_band": band.name, "severity_colour": band.colour,
        "data_types": ", ".join(words.kind_words(row.get("data_types"))) or "not stated",
        "regions": ", ".join(words.region_words(row.get("regions"))) or "not stated",
        "site": defang(row.get("site")) or "not stated", "url_text": defang_url(row.get("url")),
        "changes": defang("; ".join(row.get("changes") or [])),
        "first_seen": seen["utc"] if seen else "not recorded",
        "first_seen_local": seen["local"] if seen else "not recorded",
        "alert_id": row.get("id"), "short_id": short_id(row.get("id") or ""),
        "exposure_lines": [str(line) for line in row.get("exposure_lines") or []],
    }


def digest_context(brand, day: str, rows: list[dict], kibana_link: str | None = None) -> dict:
    shown = [digest_row(row) for row in rows]
    bands: dict[str, int] = {}
    for row in shown:
        bands[row["severity_band"]] = bands.get(row["severity_band"], 0) + 1
    records = sum(int(row.get("record_count") or 0) for row in rows)
    return {
        "brand": brand.name, "day": day, "kibana_link": kibana_link, "rows": shown,
        "count": len(shown), "noun": "alert" if len(shown) == 1 else "alerts",
        "bands": ", ".join(f"{n} {name}" for name, n in bands.items()),
        "records": f"{records:,}" if records else "not stated",
        "worst_colour": shown[0]["severity_colour"] if shown else "#52525b",
        "severity_scale": words.severity_scale(),
        "triage": f"leakscout alerts triage ID-PREFIX {TRIAGE_STATES} --note '…'",
    }


def compose_digest_email(brand, day: str, rows: list[dict], *, sender: str, recipients: list[str],
                         kibana_link: str | None = None, digest_id: str, partial: bool = False) -> EmailMessage:
    """One mail listing a brand's alerts of one day, most severe first; rows hold the alerts' own fields.
    partial: the day is not over, the mail says "so far"."""
    rows = sorted(rows, key=lambda row: -(row.get("severity") or 0))
    context = {**digest_context(brand, day, rows, kibana_link), "partial": partial}
    so_far = " so far" if partial else ""
    message = EmailMessage(policy=MAIL_POLICY)
    message["Subject"] = (f"[leakscout] {brand.name} daily digest {day}{so_far}: {context['count']} {context['noun']}"
                          f" ({context['bands']})" if rows else f"[leakscout] {brand.name} daily digest {day}{so_far}")
    message["From"] = sender
    message["To"] = ", ".join(recipients)
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = f"<{digest_id}@leakscout>"
    message["X-Leakscout-Digest"] = digest_id
    message["X-Leakscout-Brand"] = brand.name
    message.set_content(_env.get_template("digest.txt.j2").render(**context))
    message.add_alternative(_env.get_template("digest.html.j2").render(**context), subtype="html")
    return message
