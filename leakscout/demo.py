"""`leakscout demo`: the whole job on embedded defaults, ending with a summary of what was found."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.table import Table

from leakscout import embedded_node
from leakscout.config import Settings, load_settings
from leakscout.errors import LeakscoutError
from leakscout.redact import redact
from leakscout.search import SearchUnavailable, open_store

DEMO_SPIDER = "demo_market"
DEMO_RECIPIENT = "brand-protection@example.com"


@dataclass
class DemoSummary:
    listings: int
    new_listings: int
    brands: dict[str, int]
    alerts_total: int
    mails_before: int
    mails_after: int
    mail_dir: Path
    kibana_file: Path
    qudian: dict | None


def _ensure_search(out: Console, err: Console, settings: Settings):
    """Use the configured cluster if it answers; start the embedded node if that is what is configured."""
    try:
        return open_store(settings, timeout=30)
    except SearchUnavailable:
        port = embedded_node.embedded_port(settings.es_url)
        if port is None:
            raise  # a remote cluster is down: not ours to start
    paths = embedded_node.NodePaths.from_dirs(settings.cache, settings.es_data_dir)
    with err.status("starting the embedded search node (the first start downloads ~55 MB of jars)…"):
        status = embedded_node.up(paths, port=port)
    out.print(f"[green]✓[/] {status.describe()}")
    return open_store(settings, timeout=30)


def run_demo(out: Console, err: Console) -> DemoSummary:
    from leakscout import kibana
    from leakscout.alerts.sink import MailSink
    from leakscout.crawl import run_crawl
    from leakscout.demo_market.server import serve_demo_market
    from leakscout.index_admin import init_indices
    from leakscout.watchlist import load_watchlist

    settings = load_settings()
    out.rule("leakscout demo")
    store = _ensure_search(out, err, settings)
    out.print(f"[green]✓[/] search cluster at {store.url} ({store.product} {store.version})")
    for result in init_indices(store, settings.index_prefix):
        out.print(f"[green]✓[/] {result.alias} → {result.index} ({result.action})")

    watchlist = load_watchlist(settings.watchlist)
    out.print(f"[green]✓[/] watchlist {watchlist.source}: {', '.join(b.name for b in watchlist.brands)}")
    os.environ.setdefault("LEAKSCOUT_ALERT_TO", DEMO_RECIPIENT)

    mail_dir = settings.mail_dir
    sink = None
    if not settings.smtp_url:
        sink = MailSink(mail_dir).start()
        os.environ["LEAKSCOUT_SMTP_URL"] = sink.url
        out.print(f"[green]✓[/] local SMTP sink on {sink.url}, mails go to {mail_dir}")
    mails_before = len(list(mail_dir.glob("*.eml")))
    listings, alerts = settings.listings_alias, settings.alerts_alias
    listings_before = store.count(listings)

    market = serve_demo_market()
    out.print(f"[green]✓[/] demo market on {market.url}")
    try:
        with err.status("crawling the demo market → extract → index → alert…"):
            stats = run_crawl(DEMO_SPIDER, {"base_url": market.url}, {"LOG_LEVEL": "WARNING"})
    finally:
        market.stop()
        if sink:
            sink.stop()
    if stats.get("log_count/ERROR"):
        raise LeakscoutError(f"the demo crawl logged {stats['log_count/ERROR']} error(s); see the log above")

    kibana_file = settings.home / "kibana" / "leakscout-saved-objects.ndjson"
    kibana_file.parent.mkdir(parents=True, exist_ok=True)
    kibana.export(watchlist.brands, kibana_file, index_pattern=listings)

    store.refresh(listings)
    store.refresh(alerts)
    summary = DemoSummary(
        listings=store.count(listings),
        new_listings=store.count(listings) - listings_before,
        brands=_brand_counts(store, listings),
        alerts_total=store.count(alerts),
        mails_before=mails_before,
        mails_after=len(list(mail_dir.glob("*.eml"))),
        mail_dir=mail_dir,
        kibana_file=kibana_file,
        qudian=_find_brand_listing(store, listings, "Qudian"),
    )
    _print_summary(out, summary, stats, store.url, settings)
    return summary


def _brand_counts(store, listings: str) -> dict[str, int]:
    result = store.search(listings, {"size": 0, "aggs": {"brands": {"terms": {"field": "brands", "size": 50}}}})
    return {b["key"]: b["doc_count"] for b in result["aggregations"]["brands"]["buckets"]}


def _find_brand_listing(store, listings: str, brand: str) -> dict | None:
    hits = store.search(listings, {"size": 1, "query": {"term": {"brands": brand}}})["hits"]["hits"]
    return {"id": hits[0]["_id"], **hits[0]["_source"]} if hits else None


def _print_summary(out: Console, s: DemoSummary, stats: dict, es_url: str, settings: Settings) -> None:
    out.rule("summary")
    table = Table(show_header=False, box=None)
    table.add_row("pages crawled", str(stats.get("response_received_count", 0)))
    table.add_row("listings indexed", f"{s.listings} in {settings.listings_alias} ({s.new_listings} new this run)")
    table.add_row("brands matched", ", ".join(f"{k} ({v})" for k, v in s.brands.items()) or "none")
    table.add_row("alerts", f"{s.alerts_total} in {settings.alerts_alias}; {s.mails_after - s.mails_before} mail(s) sent this run")
    table.add_row("mails", f"{s.mail_dir}  ({s.mails_after} .eml file(s); open one with any mail client)")
    table.add_row("Kibana export", f"{s.kibana_file}  (import: leakscout kibana import, or Kibana → Saved objects → Import)")
    out.print(table)
    if s.qudian:
        price = s.qudian.get("price") or {}
        out.print(
            f"\n[bold]Qudian listing[/] {s.qudian['id']}: {s.qudian.get('record_count') or '?'} records, "
            f"{price.get('amount')} {price.get('currency')}, data {', '.join(s.qudian.get('data_types') or [])}, "
            f"regions {', '.join(s.qudian.get('regions') or [])}, first seen {s.qudian.get('first_seen')}"
        )
    out.print(f"\nSearch it: curl -s '{redact(es_url)}/{settings.listings_alias}/_search?q=brands:Qudian&pretty'")
    out.print("Stop the embedded node when done: leakscout es down")
