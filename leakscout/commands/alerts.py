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
    dispatcher = _dispatcher()
    report = dispatcher.sync_watches()
    out.print(f"watches in {dispatcher.settings.watches_alias}: {len(report.added)} added, "
              f"{len(report.updated)} updated, {len(report.removed)} removed, {len(report.unchanged)} unchanged "
              f"(watchlist {dispatcher.watchlist.source})")


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
        raise BadInput(f"brand {brand!r} is not in the watchlist {watchlist.source}")
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
def alerts_digest(day: Optional[str] = typer.Option(None, help="UTC day YYYY-MM-DD (default: yesterday)")):
    """Mail each brand's daily digest: its alerts of one UTC day, once per brand and day."""
    from leakscout.alerts.digest import send_digests

    try:
        chosen = date.fromisoformat(day) if day else datetime.now(timezone.utc).date() - timedelta(days=1)
    except ValueError as exc:
        raise BadInput(f"--day must be YYYY-MM-DD, got {day!r}") from exc
    dispatcher = _dispatcher()
    report = send_digests(dispatcher.store, dispatcher.settings, dispatcher.watchlist, chosen)
    out.print(f"digests for {chosen}: {len(report.sent)} sent, {len(report.already_sent)} already sent, "
              f"{len(report.recovered)} marked sent from the delivery journal, "
              f"{len(report.claimed_elsewhere)} being sent by another process, "
              f"{len(report.empty)} brand(s) without alerts, {len(report.failed)} failed")
    for failure in report.failed:
        out.print(f"  {failure}", highlight=False, markup=False)
    if report.failed:
        raise typer.Exit(1)


@app.command("list")
def alerts_list(
    brand: Optional[str] = typer.Option(None), state: Optional[str] = typer.Option(None),
    limit: int = typer.Option(50, min=1, max=10000),
):
    """Alerts, newest first: id, kind, state, delivery, brand, records, title."""
    from leakscout.alerts.triage import list_alerts

    dispatcher = _dispatcher()
    for alert in list_alerts(dispatcher.store, dispatcher.settings.alerts_alias, brand, state, limit):
        out.print(f"{alert['id']}  {alert['kind']:<10} {alert.get('state', 'new'):<14} {alert.get('delivery'):<8} "
                  f"{alert['brand']}  {alert.get('record_count') or '-'}  {alert.get('title') or ''}",
                  highlight=False, markup=False)


@app.command("triage")
def alerts_triage(
    alert_id: str = typer.Argument(..., help="the alert id (see `leakscout alerts list`)"),
    state: str = typer.Argument(..., help="new, acknowledged, resolved or false-positive"),
    note: Optional[str] = typer.Option(None, help="why (kept on the alert)"),
):
    """Set an alert's state. A false positive stops escalations for that listing × brand."""
    from leakscout.alerts.triage import set_state

    dispatcher = _dispatcher()
    alert = set_state(dispatcher.store, dispatcher.settings.alerts_alias, alert_id, state, note)
    out.print(f"{alert_id}: {alert['state']}", highlight=False, markup=False)
