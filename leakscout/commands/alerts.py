"""`leakscout alerts …`: alert delivery."""
from __future__ import annotations

import typer

from leakscout.commands.console import out
from leakscout.config import load_settings

app = typer.Typer(no_args_is_help=True, help="Alert delivery.")


@app.command("send")
def alerts_send():
    """Deliver alerts still pending (after an SMTP outage or a crash)."""
    from leakscout.alerts.dispatcher import AlertDispatcher
    from leakscout.search import open_store
    from leakscout.watchlist import load_watchlist

    settings = load_settings()
    dispatcher = AlertDispatcher(open_store(settings), load_watchlist(settings.watchlist), settings)
    report = dispatcher.deliver_pending()
    out.print(f"{len(report.sent)} sent, {len(report.pending)} still pending")
    if report.pending:
        raise typer.Exit(1)
