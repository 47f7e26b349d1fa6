"""`leakscout index …`: templates, aliases, migrations."""
from __future__ import annotations

import typer

from leakscout.commands.console import out
from leakscout.config import load_settings

app = typer.Typer(no_args_is_help=True, help="Index templates, aliases and migrations.")


@app.command("init")
def index_init():
    """Install templates and aliases from index_config/ (idempotent; migrates by reindex)."""
    from leakscout.index_admin import init_indices
    from leakscout.search import open_store

    settings = load_settings()
    store = open_store(settings)
    for result in init_indices(store, settings.index_prefix):
        out.print(f"{result.alias} → {result.index}: {result.action}")
