"""`leakscout kibana …`: Kibana saved objects (export to NDJSON, import into a running Kibana)."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from leakscout.commands.console import out
from leakscout.core.config import load_settings

app = typer.Typer(no_args_is_help=True, help="Kibana saved objects.")


def _saved_objects(settings):
    from leakscout import kibana
    from leakscout.core.watchlist import load_watchlist

    return kibana.build_saved_objects(load_watchlist(settings.watchlist).brands,
                                      index_pattern=settings.listings_alias)


@app.command("export")
def kibana_export(output: Path = typer.Option(Path("leakscout-kibana.ndjson"), "-o", "--output")):
    """Kibana saved objects (NDJSON): the listings data view, one saved search per watched brand, a dashboard."""
    from leakscout import kibana
    from leakscout.core.watchlist import load_watchlist

    settings = load_settings()
    brands = load_watchlist(settings.watchlist).brands
    path = kibana.export(brands, output, index_pattern=settings.listings_alias)
    out.print(f"wrote {path}: data view {settings.listings_alias}, {len(brands)} saved search(es), dashboard")


@app.command("import")
def kibana_import(
    url: Optional[str] = typer.Option(None, "--url", help="Kibana's URL (default: LEAKSCOUT_KIBANA_URL)"),
    file: Optional[Path] = typer.Option(None, "-f", "--file", help="an exported NDJSON file (default: build it now)"),
    space: Optional[str] = typer.Option(None, help="Kibana space id (default: the default space)"),
):
    """Post the saved objects to a running Kibana (/api/saved_objects/_import, overwriting by id)."""
    from leakscout import kibana
    from leakscout.core.errors import BadInput

    settings = load_settings()
    if file is not None:
        try:
            ndjson = file.read_bytes()
        except OSError as exc:
            raise BadInput(f"cannot read {file}: {exc.strerror}") from exc
    else:
        ndjson = kibana.to_ndjson(_saved_objects(settings)).encode("utf-8")
    target = url or settings.kibana_url
    auth = (settings.es_user, settings.es_password or "") if settings.es_user else None
    answer = kibana.import_saved_objects(target, ndjson, space=space, auth=auth, api_key=settings.es_api_key,
                                         verify=settings.es_ca_certs or True)
    out.print(f"imported {answer.get('successCount', 0)} saved object(s) into Kibana at {target}")
