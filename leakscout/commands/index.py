"""`leakscout index …`: templates, aliases, migrations."""
from __future__ import annotations

import typer

from leakscout.commands.console import out
from leakscout.core.config import load_settings

app = typer.Typer(no_args_is_help=True, help="Index templates, aliases and migrations.")


@app.command("init")
def index_init():
    """Install templates and aliases from index_config/ (idempotent; migrates by reindex)."""
    from leakscout.storage.index_admin import init_indices
    from leakscout.storage.search import open_store

    settings = load_settings()
    store = open_store(settings)
    for result in init_indices(store, settings.index_prefix):
        out.print(f"{result.alias} → {result.index}: {result.action}")


@app.command("replay")
def index_replay():
    """Index the listings spooled while the cluster was unavailable (also done at every crawl start)."""
    from leakscout.core.errors import LeakscoutError
    from leakscout.storage.search import open_store
    from pipelines.index import ChunkIndexer

    settings = load_settings()
    chunks = ChunkIndexer(open_store(settings), settings)
    report = chunks.open()
    left = chunks.spool.pending_documents()
    out.print(f"{report.indexed} spooled listing(s) indexed, {report.rejected} rejected, {left} still spooled; "
              f"{report.alerts_sent} alert(s) sent")
    if report.cluster_down or left:
        raise LeakscoutError(f"{left} listing(s) still spooled: the search cluster is not taking them yet")
