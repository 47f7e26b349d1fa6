"""The `leakscout` command line (contract §1). Exit codes: 0 ok, 2 bad usage/input, 1 anything else."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

from leakscout.config import load_settings
from leakscout.errors import BadInput, LeakscoutError

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Find listings that sell your customers' data, understand them, and alert.")
es_app = typer.Typer(no_args_is_help=True, help="The embedded search node (real OpenSearch, from Maven jars).")
index_app = typer.Typer(no_args_is_help=True, help="Index templates, aliases and migrations.")
alerts_app = typer.Typer(no_args_is_help=True, help="Alert delivery.")
kibana_app = typer.Typer(no_args_is_help=True, help="Kibana saved objects.")
app.add_typer(es_app, name="es")
app.add_typer(index_app, name="index")
app.add_typer(alerts_app, name="alerts")
app.add_typer(kibana_app, name="kibana")

err = Console(stderr=True, soft_wrap=True)
out = Console(soft_wrap=True)


def _node_paths():
    from leakscout.embedded_node import NodePaths

    settings = load_settings()
    return NodePaths.from_dirs(settings.cache, settings.es_data_dir)


@es_app.command("up")
def es_up(port: int = typer.Option(9200, help="HTTP port on 127.0.0.1")):
    """Start the embedded node (downloads its jars once) and wait until it is ready."""
    from leakscout import embedded_node

    with err.status("starting the embedded node (the first start downloads its jars)…"):
        status = embedded_node.up(_node_paths(), port=port)
    out.print(status.describe())


@es_app.command("down")
def es_down():
    """Stop the node that `leakscout es up` started (and nothing else)."""
    from leakscout import embedded_node

    stopped = embedded_node.down(_node_paths())
    out.print("embedded node stopped" if stopped else "no embedded node started by leakscout is running")


@es_app.command("status")
def es_status():
    """Say whether the embedded node runs, where, and its health."""
    from leakscout import embedded_node

    status = embedded_node.status(_node_paths())
    out.print(status.describe())
    raise typer.Exit(0 if status.running else 1)


@index_app.command("init")
def index_init():
    """Install templates and aliases from index_config/ (idempotent; migrates by reindex)."""
    from leakscout.index_admin import init_indices
    from leakscout.search import open_store

    settings = load_settings()
    store = open_store(settings)
    for result in init_indices(store, settings.index_prefix):
        out.print(f"{result.alias} → {result.index}: {result.action}")


@app.command("extract")
def extract(
    input_path: Optional[str] = typer.Argument(None, metavar="[INPUT]", help="JSON Lines file, or - for stdin"),
    watchlist: Optional[Path] = typer.Option(None, "--watchlist", help="watchlist YAML adding brands"),
):
    """Extraction without crawling: one JSON object per input line, in order."""
    from leakscout.extract_cli import open_input, run_extract
    from leakscout.watchlist import load_watchlist

    brands = load_watchlist(watchlist).brands if watchlist else ()
    try:
        source = open_input(input_path)
    except OSError as exc:
        raise BadInput(f"cannot read {input_path}: {exc.strerror}") from exc
    with source:
        errors = run_extract(source, sys.stdout, brands)
    if errors:
        raise BadInput(f"{len(errors)} bad input line(s); first: {errors[0]}")


@app.command("crawl", context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def crawl(
    spider: str = typer.Argument(..., help="spider name, e.g. demo_market"),
    arg: list[str] = typer.Option([], "-a", help="spider argument k=v (repeatable)"),
    setting: list[str] = typer.Option([], "-s", help="Scrapy setting NAME=VALUE (repeatable)"),
):
    """One crawl, the same as `scrapy crawl` with the project's settings."""
    from leakscout.crawl import run_crawl

    spider_args = dict(_key_value(a, "-a") for a in arg)
    overrides = dict(_key_value(s, "-s") for s in setting)
    stats = run_crawl(spider, spider_args, overrides)
    out.print(f"crawl finished: {stats.get('item_scraped_count', 0)} listings, "
              f"{stats.get('leakscout/created', 0)} new, {stats.get('leakscout/alerts_sent', 0)} alerts sent")


def _key_value(text: str, flag: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key:
        raise BadInput(f"{flag} expects NAME=VALUE, got {text!r}")
    return key, value


@alerts_app.command("send")
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


@kibana_app.command("export")
def kibana_export(output: Path = typer.Option(Path("leakscout-kibana.ndjson"), "-o", "--output")):
    """Kibana saved objects (NDJSON): the listings data view and one saved search per watched brand."""
    from leakscout import kibana
    from leakscout.watchlist import load_watchlist

    settings = load_settings()
    path = kibana.export(load_watchlist(settings.watchlist).brands, output)
    out.print(f"wrote {path}")


@app.command("mail-sink")
def mail_sink(port: int = typer.Option(2525), folder: Optional[Path] = typer.Option(None, "--dir")):
    """Run the local SMTP sink in the foreground: every mail becomes an .eml file."""
    import time

    from leakscout.alerts.sink import MailSink

    folder = folder or load_settings().mail_dir
    with MailSink(folder, port=port) as sink:
        out.print(f"SMTP sink on {sink.url}, writing to {folder} (Ctrl-C to stop)")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass


@app.command("demo")
def demo(port: int = typer.Option(9200, help="port of the embedded node")):
    """The main job end to end on embedded defaults, with a summary at the end."""
    from leakscout.demo import run_demo

    run_demo(out, err, es_port=port)


def main() -> None:
    try:
        code = app(standalone_mode=False)
    except LeakscoutError as exc:
        err.print(f"leakscout: error: {exc}", highlight=False, markup=False)
        sys.exit(exc.exit_code)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        sys.exit(1)
    except Exception as exc:
        if _is_usage_error(exc):  # typer's own click: usage errors carry exit code 2
            exc.show()
            sys.exit(exc.exit_code)
        raise
    sys.exit(code if isinstance(code, int) else 0)


def _is_usage_error(exc: Exception) -> bool:
    return hasattr(exc, "show") and isinstance(getattr(exc, "exit_code", None), int)


if __name__ == "__main__":
    main()
