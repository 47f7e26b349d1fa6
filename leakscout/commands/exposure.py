"""`leakscout exposure …`: a brand's customers as keyed hashes, checked against listing samples."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from leakscout.commands.console import out
from leakscout.commands.progress import progress_bar
from leakscout.core.config import load_settings
from leakscout.core.errors import BadInput

app = typer.Typer(no_args_is_help=True,
                  help="Import a brand's customer identifiers as keyed hashes; check listing samples against them.")


def _stores():
    from leakscout.storage.exposure import ExposureStore
    from leakscout.storage.index_admin import init_indices
    from leakscout.storage.search import open_store

    settings = load_settings()
    store = open_store(settings)
    init_indices(store, settings.index_prefix)
    return settings, store, ExposureStore(store, settings.exposure_alias, settings.salt())


@app.command("import")
def exposure_import(
    file: Path = typer.Argument(..., help="CSV (with or without a header) or one value per line"),
    brand: str = typer.Option(..., "--brand", help="the brand these are customers of (its watchlist name)"),
    column: list[str] = typer.Option([], "--column", help="column to read, by header name or number from 1 "
                                     "(repeatable; default: every column)"),
    kind: Optional[str] = typer.Option(None, "--kind", help="phone, email, national_id, payment_card, username, "
                                       "qq or ssn (default: from the header, else guessed per value)"),
    region: str = typer.Option("CN", "--region", help="region of phone numbers written without +country code"),
    encoding: Optional[str] = typer.Option(None, "--encoding", help="the file's text encoding "
                                           "(default: UTF-8, else GB18030 or Big5 as detected)"),
):
    """Hash a customer file with the installation's key and store only the hashes; then look for
    those customers in the listings already indexed (historical alerts)."""
    from leakscout.alerts.dispatcher import AlertDispatcher
    from leakscout.alerts.retro import recheck_exposure
    from leakscout.core.watchlist import load_watchlist
    from pipelines.exposure import ExposureMatcher

    settings, store, exposure = _stores()
    watchlist = load_watchlist(settings.watchlist)
    if watchlist.brand(brand) is None:
        names = ", ".join(b.name for b in watchlist.brands) or "none"
        raise BadInput(f"brand {brand!r} is not on the watchlist ({settings.watchlist}); watched: {names}")
    try:
        with progress_bar(f"hashing {file.name}") as advance:
            report = exposure.import_file(brand, file, column, kind, region, progress=lambda lines: advance(lines),
                                          encoding=encoding)
    except ValueError as exc:
        raise BadInput(str(exc)) from exc
    kinds = ", ".join(f"{count:,} {name}" for name, count in sorted(report.by_kind.items())) or "none"
    out.print(f"{brand}: {report.values:,} value(s) read from {report.lines:,} line(s): {kinds}; "
              f"{report.stored:,} new hash(es) stored, {report.invalid:,} not valid"
              + (f" (first at line {', '.join(map(str, report.first_invalid_lines))})" if report.invalid else ""))
    if not report.by_kind:
        return
    dispatcher = AlertDispatcher(store, watchlist, settings)
    with progress_bar("checking indexed listings") as advance:
        hunt = recheck_exposure(dispatcher, ExposureMatcher(exposure), brand, sorted(report.by_kind), advance)
    out.print(f"indexed listings checked: {hunt.listings:,}; exposure updated on {hunt.updated:,}; "
              f"{len(hunt.alerts_created)} historical alert(s), {len(hunt.alerts_escalated)} escalation(s), "
              f"{len(hunt.alerts_sent)} sent")


@app.command("list")
def exposure_list():
    """Brands with imported customers, and how many hashes of each kind."""
    _, _, exposure = _stores()
    summary = exposure.summary()
    if not summary:
        out.print("no customers imported (leakscout exposure import --brand NAME FILE)")
        return
    for brand, kinds in sorted(summary.items()):
        out.print(f"{brand}: " + ", ".join(f"{count:,} {kind}" for kind, count in sorted(kinds.items())),
                  highlight=False, markup=False)


@app.command("drop")
def exposure_drop(brand: str = typer.Option(..., "--brand", help="the brand whose customer hashes to delete")):
    """Delete every customer hash of a brand."""
    _, _, exposure = _stores()
    deleted = exposure.drop(brand)
    if not deleted:
        raise BadInput(f"no customers imported for {brand!r} (see: leakscout exposure list)")
    out.print(f"{brand}: {deleted:,} customer hash(es) deleted", highlight=False, markup=False)
