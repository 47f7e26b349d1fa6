"""`leakscout alerts …`: watches, delivery, test alerts, digests and triage."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Optional

import typer

from leakscout.commands.console import out
from leakscout.core.config import load_settings
from leakscout.core.errors import BadInput

app = typer.Typer(no_args_is_help=True, help="Watches, alert delivery, test alerts, digests and triage.")


def _dispatcher():
    from leakscout.alerts.dispatcher import AlertDispatcher
    from leakscout.storage.index_admin import init_indices
    from leakscout.storage.search import open_store
    from leakscout.core.watchlist import load_watchlist

    settings = load_settings()
    store = open_store(settings)
    init_indices(store, settings.index_prefix)
    return AlertDispatcher(store, load_watchlist(settings.watchlist), settings)


@app.command("sync")
def alerts_sync():
    """Store the watchlist as percolator queries: add, update and remove watches to match the file."""
    from leakscout.alerts.retro import sync_and_hunt
    from leakscout.commands.progress import progress_bar

    dispatcher = _dispatcher()
    with progress_bar("retro-hunt: listings already indexed") as advance:
        report, hunt = sync_and_hunt(dispatcher, advance)
    out.print(f"watches in {dispatcher.settings.watches_alias}: {len(report.added)} added, "
              f"{len(report.updated)} updated, {len(report.removed)} removed, {len(report.unchanged)} unchanged "
              f"(watchlist {dispatcher.watchlist.source})")
    if hunt.brands:
        out.print(f"retro-hunt for {', '.join(hunt.brands)}: {hunt.listings} indexed listing(s) match, "
                  f"{len(hunt.alerts_created)} historical alert(s) raised, {len(hunt.alerts_sent)} sent")


@app.command("send")
def alerts_send():
    """Deliver alerts still pending (after an SMTP outage or a crash)."""
    report = _dispatcher().deliver_pending()
    out.print(f"{len(report.sent)} sent, {len(report.pending)} still pending")
    for error in dict.fromkeys(report.errors):
        out.print(f"  {error}", highlight=False, markup=False)
    if report.pending:
        raise typer.Exit(1)


@app.command("test")
def alerts_test(
    brand: Optional[str] = typer.Option(None, help="brand to name in the test alert (default: the first watched)"),
    to: list[str] = typer.Option([], "--to", help="recipient instead of the brand's (repeatable)"),
):
    """Send a synthetic alert through every configured channel (e-mail, webhook)."""
    from leakscout.alerts.dispatcher import configured_alerters, send_test
    from leakscout.core.watchlist import WatchedBrand, load_watchlist

    settings = load_settings()
    watchlist = load_watchlist(settings.watchlist)
    chosen = watchlist.brand(brand) if brand else (watchlist.brands[0] if watchlist.brands else None)
    if brand and chosen is None:
        raise BadInput(f"no brand {brand!r} in the watchlist {watchlist.source}; brands: "
                       f"{', '.join(b.name for b in watchlist.brands) or 'none'}")
    chosen = chosen or WatchedBrand("Example brand")
    alerters = configured_alerters(settings)
    if not alerters:
        raise BadInput("no alert channel configured: set LEAKSCOUT_SMTP_URL and/or LEAKSCOUT_WEBHOOK_URL")
    recipients = list(to) or list(chosen.notify or settings.alert_to)
    failed = 0
    for channel, error in send_test(alerters, chosen, recipients, settings.kibana_url):
        failed += error is not None
        out.print(f"{channel}: {'FAILED: ' + error if error else 'sent'}", highlight=False, markup=False)
    if failed:
        raise typer.Exit(1)


@app.command("digest")
def alerts_digest(
    day: Optional[str] = typer.Option(None, help="UTC day YYYY-MM-DD (default: yesterday); today only with --partial"),
    partial: bool = typer.Option(False, "--partial", help="mail the day's alerts so far without closing the day: "
                                 "its digest still goes out once the day is over"),
):
    """Mail each brand's daily digest: its alerts of one UTC day, once per brand and day."""
    from leakscout.alerts.digest import send_digests

    today = datetime.now(timezone.utc).date()
    try:
        chosen = date.fromisoformat(day) if day else today - timedelta(days=1)
    except ValueError as exc:
        raise BadInput(f"--day must be YYYY-MM-DD, got {day!r}") from exc
    if chosen > today:
        raise BadInput(f"--day {chosen} is in the future (today is {today}, UTC)")
    if chosen == today and not partial:
        raise BadInput(f"--day {chosen} is today (UTC) and not over: a digest now would close the day before its "
                       "later alerts; add --partial for the alerts so far (the day's digest still goes out tomorrow)")
    dispatcher = _dispatcher()
    report = send_digests(dispatcher.store, dispatcher.settings, dispatcher.watchlist, chosen, partial=partial)
    kind = "partial digests (the day stays open)" if partial else "digests"
    parts = [f"{len(report.sent)} sent", f"{len(report.already_sent)} already sent",
             f"{len(report.recovered)} marked sent from the delivery journal",
             f"{len(report.claimed_elsewhere)} being sent by another process",
             f"{len(report.empty)} brand(s) without alerts", f"{len(report.failed)} failed"]
    out.print(f"{kind} for {chosen}: " + ", ".join(part for part in parts if not part.startswith("0 ")
                                                      or part.startswith("0 sent")), highlight=False)
    for failure in report.failed:
        out.print(f"  {failure}", highlight=False, markup=False)
    if report.failed:
        raise typer.Exit(1)


@app.command("list")
def alerts_list(
    brand: Optional[str] = typer.Option(None, help="only this brand's alerts"),
    state: Optional[str] = typer.Option(None, help="only alerts in this state (new, acknowledged, resolved, "
                                                   "false-positive)"),
    limit: int = typer.Option(50, min=1, max=10000, help="at most this many, newest first"),
    as_json: bool = typer.Option(False, "--json", help="the alert documents as a JSON array (full ids)"),
):
    """Alerts, newest first, as a table: id prefix, brand, state, severity, records, price, first seen, title."""
    import json

    from leakscout.alerts.triage import check_brand, known_brands, list_alerts

    dispatcher = _dispatcher()
    alias = dispatcher.settings.alerts_alias
    if brand:
        brand = check_brand(brand, known_brands(dispatcher.store, alias, dispatcher.watchlist),
                            str(dispatcher.watchlist.source))
    alerts = list_alerts(dispatcher.store, alias, brand, state, limit)
    if as_json:
        out.print_json(json.dumps(alerts, ensure_ascii=False))
        return
    if not alerts:
        out.print(f"no alerts{' of ' + brand if brand else ''}{' in state ' + state if state else ''} in {alias}",
                  highlight=False)
        return
    _print_wide(alerts_table(alerts))


def alerts_table(alerts: list[dict]):
    """Every column but the title keeps its full width; the title (and a note) take what is left."""
    from rich.cells import cell_len
    from rich.table import Table
    from rich.text import Text

    from leakscout.alerts import words
    from leakscout.alerts.compose import short_id

    rows = []
    for alert in alerts:
        band = words.severity_band(alert.get("severity"))
        seen = words.when(alert.get("created_at"))
        price = alert.get("price") or None
        rows.append([
            short_id(alert["id"]), alert.get("brand") or "", (alert.get("state") or "new").replace("_", "-"),
            Text(f"{band.name} {band.score if band.score is not None else ''}".rstrip(), style=band.colour),
            words.format_count(alert.get("record_count")).replace("not stated", "-"),
            words.money({**price, "amount_usd": None} if price else None).replace("not stated", "-"),
            seen["utc"].removesuffix(" UTC") if seen else "-",
            ("↑ " if alert.get("kind") == "escalation" else "") + (alert.get("title") or ""),
            alert.get("state_note") or "",
        ])
    headers = ["ID", "BRAND", "STATE", "SEVERITY", "RECORDS", "PRICE", "FIRST SEEN (UTC)", "TITLE", "NOTE"]
    if not any(row[-1] for row in rows):
        headers.pop()
        rows = [row[:-1] for row in rows]
    table = Table(box=None, pad_edge=False, header_style="bold")
    for index, name in enumerate(headers):
        if name in ("TITLE", "NOTE"):
            table.add_column(name, no_wrap=True, overflow="ellipsis", min_width=12)
        else:
            width = max([cell_len(name)] + [cell_len(str(row[index])) for row in rows])
            table.add_column(name, no_wrap=True, min_width=width, justify="right" if name == "RECORDS" else "left")
    for row in rows:
        table.add_row(*row)
    return table


def _print_wide(renderable) -> None:
    """A table in a terminal fits its width (titles cut); piped into a file or a pager, it is not cut."""
    if out.is_terminal:
        out.print(renderable)
    else:
        from rich.console import Console

        Console(width=1000, soft_wrap=True, no_color=True).print(renderable)


@app.command("triage")
def alerts_triage(
    alert_id: str = typer.Argument(..., help="the alert id or a unique prefix of it (see `leakscout alerts list`)"),
    state: str = typer.Argument(..., help="new, acknowledged, resolved or false-positive"),
    note: Optional[str] = typer.Option(None, help="why (kept on the alert)"),
):
    """Set an alert's state. A false positive stops escalations for that listing × brand."""
    from leakscout.alerts.triage import set_state

    dispatcher = _dispatcher()
    alert = set_state(dispatcher.store, dispatcher.settings.alerts_alias, alert_id, state, note)
    out.print(f"{alert['id']}: {alert['state'].replace('_', '-')}"
              + (f" ({alert['state_note']})" if alert.get("state_note") else ""), highlight=False, markup=False)
