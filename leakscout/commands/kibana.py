"""`leakscout kibana …`: Kibana saved objects."""
from __future__ import annotations

from pathlib import Path

import typer

from leakscout.commands.console import out
from leakscout.config import load_settings

app = typer.Typer(no_args_is_help=True, help="Kibana saved objects.")


@app.command("export")
def kibana_export(output: Path = typer.Option(Path("leakscout-kibana.ndjson"), "-o", "--output")):
    """Kibana saved objects (NDJSON): the listings data view and one saved search per watched brand."""
    from leakscout import kibana
    from leakscout.watchlist import load_watchlist

    settings = load_settings()
    path = kibana.export(load_watchlist(settings.watchlist).brands, output)
    out.print(f"wrote {path}")
