"""`leakscout session …`: sessions an analyst imports for sites behind a login."""
from __future__ import annotations

from pathlib import Path

import typer

from leakscout.commands.console import out
from leakscout.core.config import load_settings

app = typer.Typer(no_args_is_help=True, help="Imported sessions (cookies, Playwright storage state) per site.")


@app.command("import")
def session_import(
    site: str = typer.Argument(..., help="site key (as in meta['site'] / the site config) or host name"),
    file: Path = typer.Argument(..., help="Netscape cookies.txt, a JSON cookie list, or a Playwright storage state"),
):
    """Store a session for SITE (0600 under LEAKSCOUT_HOME/sessions/); crawls of SITE use it."""
    from crawlers.sessions import import_session

    path, state = import_session(load_settings().home, site, file)
    out.print(f"stored {len(state['cookies'])} cookie(s) and {len(state['origins'])} origin(s) "
              f"for {site} in {path}", highlight=False)
