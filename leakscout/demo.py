"""`leakscout demo`: the whole job on embedded defaults, ending with a summary of what was found."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console

from leakscout.storage import embedded_node
from leakscout.core.config import Settings, load_settings
from leakscout.core.errors import LeakscoutError
from leakscout.core.timeutil import utc_now
from leakscout.storage.search import SearchUnavailable, open_store
from leakscout.core.redact import redact

DEMO_SPIDER = "demo_market"
DEMO_RECIPIENT = "brand-protection@example.com"


@dataclass
class DemoSummary:
    listings: int
    new_listings: int
    watched: dict[str, int]            # watched brand -> listings that name it
    others: dict[str, int]             # other brands the extraction recognised (not watched: no alert)
    alerts_total: int
    alerts_this_run: int
    digests_total: int
    mails_this_run: int                # alerts mailed during this run (from the alert documents)
    mail_to: str                       # where mail went: the local sink's folder or the SMTP server
    mail_dir: Path | None              # the sink's folder, when the demo ran its own sink
    eml_files: int
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
    from leakscout.storage.index_admin import init_indices
    from leakscout.core.watchlist import load_watchlist

    settings = load_settings()
    out.rule("leakscout demo")
    store = _ensure_search(out, err, settings)
    out.print(f"[green]✓[/] search cluster at {store.url} ({store.product} {store.version})")
    for result in init_indices(store, settings.index_prefix):
        out.print(f"[green]✓[/] {result.alias} → {result.index} ({result.action})")

    watchlist = load_watchlist(settings.watchlist)
    out.print(f"[green]✓[/] watchlist {watchlist.source}: {', '.join(b.name for b in watchlist.brands)}")
    # The demo's mails go to a demo recipient and, without an SMTP server, to a local sink: the
    # crawl gets these settings passed, the environment is left alone.
    settings = dataclasses.replace(settings, alert_to=settings.alert_to or (DEMO_RECIPIENT,))

    mail_dir = settings.mail_dir
    sink = None
    if not settings.smtp_url:
        sink = MailSink(mail_dir).start()
        settings = dataclasses.replace(settings, smtp_url=sink.url)
        out.print(f"[green]✓[/] local SMTP sink on {sink.url}, mails go to {mail_dir}", soft_wrap=True)
        mail_to = f"the local SMTP sink, written to {mail_dir}"
    else:
        from leakscout.alerts.smtp import SmtpTarget

        mail_to = f"the SMTP server {SmtpTarget.from_url(settings.smtp_url).describe()} (LEAKSCOUT_SMTP_URL)"
    listings, alerts = settings.listings_alias, settings.alerts_alias
    listings_before = store.count(listings)
    run_started = utc_now()

    market = serve_demo_market()
    out.print(f"[green]✓[/] demo market on {market.url}")
    try:
        with err.status("crawling the demo market → extract → index → alert…"):
            stats = run_crawl(DEMO_SPIDER, {"base_url": market.url}, {"LOG_LEVEL": "WARNING"}, app=settings)
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
    brands = _brand_counts(store, listings)
    watched_names = [brand.name for brand in watchlist.brands]
    summary = DemoSummary(
        listings=store.count(listings),
        new_listings=store.count(listings) - listings_before,
        watched={name: brands.get(name, 0) for name in watched_names},
        others={name: count for name, count in brands.items() if name not in watched_names},
        alerts_total=_count(store, alerts, {"terms": {"kind": ["new", "escalation"]}}),
        alerts_this_run=_count(store, alerts, {"terms": {"kind": ["new", "escalation"]}},
                               {"range": {"created_at": {"gte": run_started}}}),
        digests_total=_count(store, alerts, {"term": {"kind": "digest"}}),
        mails_this_run=_count(store, alerts, {"term": {"sent_channels": "email"}},
                              {"range": {"delivered_at": {"gte": run_started}}}),
        mail_to=mail_to,
        mail_dir=mail_dir if sink else None,
        eml_files=len(list(mail_dir.glob("*.eml"))) if sink else 0,
        kibana_file=kibana_file,
        qudian=_find_brand_listing(store, listings, "Qudian"),
    )
    _print_summary(out, summary, stats, store.url, settings)
    return summary


def _count(store, alias: str, *filters: dict) -> int:
    query = {"query": {"bool": {"filter": list(filters)}}}
    return store.request("POST", f"/{alias}/_count", query)["count"]


def _brand_counts(store, listings: str) -> dict[str, int]:
    result = store.search(listings, {"size": 0, "aggs": {"brands": {"terms": {"field": "brands", "size": 50}}}})
    return {b["key"]: b["doc_count"] for b in result["aggregations"]["brands"]["buckets"]}


def _find_brand_listing(store, listings: str, brand: str) -> dict | None:
    hits = store.search(listings, {"size": 1, "query": {"term": {"brands": brand}}})["hits"]["hits"]
    return {"id": hits[0]["_id"], **hits[0]["_source"]} if hits else None


def _print_summary(out: Console, s: DemoSummary, stats: dict, es_url: str, settings: Settings) -> None:
    """Label and value lines, not a table: a path is never cut (a table wraps it at the terminal's width)."""
    from leakscout.alerts import words

    def line(label: str, value: str) -> None:
        out.print(f"{label:<18}{value}", soft_wrap=True, highlight=False, markup=False)

    def counted(counts: dict[str, int]) -> str:
        return ", ".join(f"{name} ({count:,})" for name, count in counts.items())

    def plural(count: int, noun: str) -> str:
        return f"{count:,} {noun}{'' if count == 1 else 's'}"

    out.rule("summary")
    line("pages crawled", f"{stats.get('response_received_count', 0):,}")
    line("listings indexed", f"{s.listings:,} in {settings.listings_alias} ({s.new_listings:,} new this run)")
    line("watched brands", counted(s.watched) or "none (LEAKSCOUT_WATCHLIST)")
    line("other brands seen", (counted(s.others) + " — not watched, so no alert") if s.others else "none")
    line("alerts", f"{plural(s.alerts_this_run, 'alert')} this run, {s.alerts_total:,} in {settings.alerts_alias}; "
                   f"{plural(s.digests_total, 'digest')} (leakscout alerts digest)")
    line("mail", f"{plural(s.mails_this_run, 'mail')} sent this run to {s.mail_to}")
    if s.mail_dir is not None:
        line("", f"{plural(s.eml_files, '.eml file')} there; open one with any mail client")
    line("Kibana export", str(s.kibana_file))
    line("", "import it: leakscout kibana import, or Kibana → Saved objects → Import")
    if s.qudian:
        q = s.qudian
        out.print(
            f"\nQudian listing {q['id']}: {words.format_count(q.get('record_count'))} records, "
            f"{words.money(q.get('price'))}, data {', '.join(words.kind_words(q.get('data_types')))}, "
            f"regions {', '.join(words.region_words(q.get('regions')))}, "
            f"first seen {(words.when(q.get('first_seen')) or {}).get('utc', 'not recorded')}",
            soft_wrap=True, highlight=False, markup=False)
    out.print(f"\nSearch it: curl -s '{redact(es_url)}/{settings.listings_alias}/_search?q=brands:Qudian&pretty'",
              soft_wrap=True, highlight=False, markup=False)
    out.print("Stop the embedded node when done: leakscout es down", highlight=False)
