"""The `leakscout` command line (docs/contracts.md §1). Exit codes: 0 ok, 2 bad usage/input, 1 anything else."""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Optional

import typer
from typer.core import TyperCommand

from leakscout.commands import alerts, es, exposure, index, kibana
from leakscout.commands import session, tor
from leakscout.commands import schedule, status
from leakscout.commands.console import err, out
from leakscout.core.config import load_settings
from leakscout.core.errors import BadInput, LeakscoutError
from leakscout.core.redact import redact
from leakscout.log_redaction import install_log_redaction

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Find listings that sell your customers' data, understand them, and alert.")
app.add_typer(es.app, name="es")
app.add_typer(index.app, name="index")
app.add_typer(alerts.app, name="alerts")
app.add_typer(exposure.app, name="exposure")
app.add_typer(kibana.app, name="kibana")
app.add_typer(tor.app, name="tor")
app.add_typer(session.app, name="session")
app.add_typer(schedule.app, name="schedule")
app.command("status")(status.status)


@app.command("extract")
def extract(
    input_path: Optional[str] = typer.Argument(None, metavar="[INPUT]", help="JSON Lines file, or - for stdin"),
    watchlist: Optional[Path] = typer.Option(None, "--watchlist",
                                             help="watchlist YAML adding brands (default: LEAKSCOUT_WATCHLIST)"),
):
    """Extraction without crawling: one JSON object per input line, in order."""
    from leakscout.extract_cli import open_input, run_extract
    from leakscout.core.watchlist import load_watchlist

    # The watchlist a crawl would use, so "would my watchlist catch this?" gets the crawl's answer.
    watchlist = watchlist or load_settings().watchlist
    brands = load_watchlist(watchlist).brands if watchlist else ()
    try:
        source = open_input(input_path)
    except OSError as exc:
        raise BadInput(f"cannot read {input_path}: {exc.strerror}") from exc
    with source:
        errors = run_extract(source, sys.stdout, brands)
    if errors:
        raise BadInput(f"{len(errors)} bad input line(s); first: {errors[0]}")


class _CrawlCommand(TyperCommand):
    """`crawl --help` ends with the spiders and the bundled site configs there are."""

    def format_epilog(self, ctx, formatter) -> None:
        from scrapy.spiderloader import SpiderLoader

        from crawlers.sites.config import CONFIGS_DIR, load_site_config
        from leakscout.crawl import project_settings

        loader = SpiderLoader.from_settings(project_settings({}))
        with formatter.section("Spiders"):
            formatter.write_dl([(name, _first_line(sys.modules[loader.load(name).__module__].__doc__))
                                for name in loader.list()])
        configs = sorted(p.name.removesuffix(".yaml") for p in CONFIGS_DIR.iterdir() if p.name.endswith(".yaml"))
        with formatter.section("Site configs (leakscout crawl site -a config=NAME)"):
            formatter.write_dl([(name, _config_summary(load_site_config(name))) for name in configs])


def _first_line(text: str | None) -> str:
    return (text or "").strip().split("\n")[0]


def _config_summary(config) -> str:
    urls = ", ".join(config.start_urls[:1]) + (" …" if len(config.start_urls) > 1 else "")
    return f"{config.family}; start {urls}" + (f"; schedule {config.schedule}" if config.schedule else "")


@app.command("crawl", cls=_CrawlCommand,
             context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def crawl(
    spider: str = typer.Argument(..., metavar="SPIDER", help="spider name (listed below), e.g. demo_market"),
    arg: list[str] = typer.Option([], "-a", metavar="NAME=VALUE", help="spider argument (repeatable)"),
    setting: list[str] = typer.Option([], "-s", metavar="NAME=VALUE", help="Scrapy setting (repeatable)"),
    resume: bool = typer.Option(False, "--resume", help="keep state in LEAKSCOUT_HOME/jobs/<spider>-<site>: "
                                "a stopped or killed crawl goes on where it was; one run per site at a time"),
):
    """One crawl, the same as `scrapy crawl` with the project's settings."""
    from leakscout.crawl import crawl_problem, needs_search, project_settings, run_crawl

    spider_args = dict(_key_value(a, "-a") for a in arg)
    overrides = dict(_key_value(s, "-s") for s in setting)
    stats = run_crawl(spider, spider_args, overrides, resume=resume)
    spooled = stats.get("leakscout/spooled", 0)
    out.print(f"crawl finished: {stats.get('item_scraped_count', 0)} listings, "
              f"{stats.get('leakscout/created', 0)} new, {stats.get('leakscout/alerts_sent', 0)} alerts sent"
              + (f", {spooled} spooled until the search cluster is back" if spooled else ""))
    problem = crawl_problem(stats, needs_search(project_settings(overrides)))
    if problem:
        raise LeakscoutError(problem)


def _key_value(text: str, flag: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key:
        raise BadInput(f"{flag} expects NAME=VALUE, got {text!r}")
    return key, value


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
def demo():
    """The main job end to end on embedded defaults, with a summary at the end."""
    from leakscout.demo import run_demo

    run_demo(out, err)


def _plain_help(typer_app: typer.Typer) -> None:
    """Help screens as plain text: options with the kind of value they take, flags without `<bool>`."""
    typer_app.rich_markup_mode = None
    for group in typer_app.registered_groups:
        _plain_help(group.typer_instance)


_plain_help(app)


def main() -> None:
    os.umask(0o077)   # whatever leakscout writes (evidence, spool, journals, mails) is the user's alone
    install_log_redaction()
    try:
        code = app(standalone_mode=False)
    except LeakscoutError as exc:
        err.print(f"leakscout: error: {redact(exc)}", highlight=False, markup=False)
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
