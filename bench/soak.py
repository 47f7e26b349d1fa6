"""Soak run of the whole path: scheduler on, alerts on, for a fixed time; memory over time,
throughput, and every listing page seen accounted for.

Serves a generated market of N listings on loopback (leakscout.demo_market.generated), starts a
local SMTP sink (leakscout.alerts.sink.MailSink), writes a schedule file whose one job crawls the
market with `--resume` every minute, and runs `leakscout schedule run -f FILE` as a subprocess for
the fixed time, sampling the RSS of the scheduler and of its crawl child every few seconds. Then it
stops the scheduler with SIGTERM (the running crawl stops cleanly) and reconciles:

    listing pages seen (the market's own request log: distinct listing pages served)
      = listings indexed (in the index) + listings spooled (LEAKSCOUT_HOME/spool)
        + pages rejected with a reason (refused documents, dropped items, pages needing
          attention, item and spider errors named in the crawl logs)

listing by listing, not only in sum: a page seen that is in none of them is lost.

    python bench/soak.py --listings 20000 --minutes 10 --out bench/soak-report.md

Needs a running node (`leakscout es up`). Uses its own index prefix and LEAKSCOUT_HOME, and deletes
its indices and templates at the end. A crawl that cannot cover the whole market in the time is
still a soak: the reconciliation holds for whatever was seen.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

CRON = "* * * * *"   # every minute; a run still going on makes the scheduler skip that minute
SCHEDULER_STOP_SECONDS = 300   # the scheduler gives its crawl 120 s to stop cleanly
TOLERANCE_PCT = 5.0

_LISTING_URL = re.compile(r"/en/listing/(\d+)\.html")
_STATS_MARKER = "Dumping Scrapy stats:"
_STAT_LINE = re.compile(r"'([\w/.-]+)': (\d+(?:\.\d+)?)[,}]")
_FINISH_REASON = re.compile(r"'finish_reason': '([\w-]+)'")
# Log lines that name a listing page given up with a reason (crawlers/logformatter.py, Scrapy's scraper).
_LOGGED_REASONS = {
    "dropped item": re.compile(r"Dropped (\S+?): "),
    "item error": re.compile(r"Error processing the item of (\S+)"),
    "spider error": re.compile(r"Spider error processing <GET (\S+?)>"),
}


# --- pure functions (tests/test_soak_report.py) ------------------------------------------------

def listing_id_of(url: str) -> int | None:
    match = _LISTING_URL.search(url or "")
    return int(match.group(1)) if match else None


def parse_stats_blocks(log_text: str) -> list[dict]:
    """The numeric stats of each crawl run in a crawl log (Scrapy's "Dumping Scrapy stats:" dict),
    plus its `finish_reason`, in the order the runs ended."""
    blocks = []
    for part in log_text.split(_STATS_MARKER)[1:]:
        end = part.find("}")
        block = part[:end + 1] if end >= 0 else part
        stats: dict = {key: float(value) for key, value in _STAT_LINE.findall(block)}
        reason = _FINISH_REASON.search(block)
        stats["finish_reason"] = reason.group(1) if reason else None
        blocks.append(stats)
    return blocks


def sum_stats(blocks: list[dict], key: str) -> float:
    return sum(block.get(key, 0) for block in blocks)


def logged_rejections(log_text: str) -> dict[str, set[int]]:
    """Listing ids of the listing pages the crawl logs name as given up, by reason."""
    found: dict[str, set[int]] = {}
    for reason, pattern in _LOGGED_REASONS.items():
        ids = {listing_id for url in pattern.findall(log_text) if (listing_id := listing_id_of(url)) is not None}
        found[reason] = ids
    return found


@dataclass
class Reconciliation:
    seen: int
    indexed: int                       # seen listings found in the index
    spooled: int                       # seen listings not indexed, waiting in the spool
    rejected: dict[str, int]           # seen listings neither indexed nor spooled, by reason
    lost: list[int]                    # seen listings in none of the above
    unexpected: list[int]              # in the index or spool but never served by the market

    @property
    def rejected_total(self) -> int:
        return sum(self.rejected.values())

    @property
    def holds(self) -> bool:
        return (not self.lost and not self.unexpected
                and self.seen == self.indexed + self.spooled + self.rejected_total)


def reconcile(seen: set[int], indexed: set[int], spooled: set[int],
              rejected: dict[str, set[int]]) -> Reconciliation:
    """Each listing page seen is counted once, in the first of: indexed, spooled, rejected (reasons in
    the order given). A page in none of them is lost; a listing indexed or spooled that was never
    seen is unexpected (another writer in the index, or a wrong count)."""
    remaining = set(seen)
    indexed_seen = remaining & indexed
    remaining -= indexed_seen
    spooled_seen = remaining & spooled
    remaining -= spooled_seen
    by_reason = {}
    for reason, ids in rejected.items():
        taken = remaining & ids
        by_reason[reason] = len(taken)
        remaining -= taken
    return Reconciliation(seen=len(seen), indexed=len(indexed_seen), spooled=len(spooled_seen),
                          rejected=by_reason, lost=sorted(remaining),
                          unexpected=sorted((indexed | spooled) - seen))


@dataclass
class MemoryVerdict:
    samples: int
    warm_mb: float | None = None       # mean RSS of the first tenth of the second half
    end_mb: float | None = None        # mean RSS of the last tenth
    peak_mb: float | None = None
    growth_pct: float | None = None    # fitted change over the second half, % of its mean
    ok: bool | None = None             # None: too few samples to judge

    def describe(self) -> str:
        if self.ok is None:
            return f"not judged ({self.samples} samples)"
        word = "no growth after warm-up" if self.ok else "GROWTH after warm-up"
        return f"{word} ({self.growth_pct:+.1f} % over the second half, tolerance ±{TOLERANCE_PCT:g} %)"


def memory_verdict(samples: list[tuple[float, float]], tolerance_pct: float = TOLERANCE_PCT,
                   min_samples: int = 8) -> MemoryVerdict:
    """Samples (seconds, MB) of one process. The first half is warm-up; a least-squares line through
    the second half gives the change over that half, as a percentage of its mean RSS: within
    ±tolerance_pct is "no growth"."""
    points = sorted(samples)
    if len(points) < min_samples:
        return MemoryVerdict(samples=len(points))
    second = points[len(points) // 2:]
    times, values = [t for t, _ in second], [mb for _, mb in second]
    mean_t, mean_v = sum(times) / len(times), sum(values) / len(values)
    spread = sum((t - mean_t) ** 2 for t in times)
    slope = sum((t - mean_t) * (v - mean_v) for t, v in second) / spread if spread else 0.0
    growth = slope * (times[-1] - times[0]) / mean_v * 100 if mean_v else 0.0
    tenth = max(1, len(second) // 10)
    return MemoryVerdict(samples=len(points),
                         warm_mb=sum(values[:tenth]) / tenth, end_mb=sum(values[-tenth:]) / tenth,
                         peak_mb=max(mb for _, mb in points), growth_pct=growth,
                         ok=abs(growth) <= tolerance_pct)


def curve_rows(samples: list[dict], rows: int = 16) -> list[dict]:
    """About `rows` evenly spaced samples, always with the first and the last."""
    if len(samples) <= rows:
        return list(samples)
    step = (len(samples) - 1) / (rows - 1)
    return [samples[round(i * step)] for i in range(rows)]


# --- process memory (psutil is not a dependency: /proc) ----------------------------------------

def rss_mb(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def children(pid: int) -> list[int]:
    found = []
    for children_file in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            found += [int(child) for child in children_file.read_text(encoding="ascii").split()]
        except OSError:
            continue
    return found


def descendants(pid: int) -> list[int]:
    found, pending = [], [pid]
    while pending:
        below = children(pending.pop())
        found += below
        pending += below
    return found


class MemorySampler(threading.Thread):
    """Every `interval` seconds: RSS of the scheduler, of its crawl child (the Python process) and of
    the crawl's own children (its extraction worker; Playwright's driver and Chromium when it renders pages)."""

    def __init__(self, pid: int, interval: float):
        super().__init__(name="soak-memory-sampler", daemon=True)
        self.pid, self.interval = pid, interval
        self.started_at = time.monotonic()
        self.samples: list[dict] = []
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            scheduler = rss_mb(self.pid)
            if scheduler is None:
                return
            crawls = {child: mb for child in children(self.pid) if (mb := rss_mb(child)) is not None}
            helpers = [mb for crawl in crawls for helper in descendants(crawl) if (mb := rss_mb(helper)) is not None]
            self.samples.append({"t": time.monotonic() - self.started_at, "scheduler_mb": scheduler,
                                 "crawl_pids": sorted(crawls),
                                 "crawler_mb": sum(crawls.values()) if crawls else None,
                                 "helpers_mb": sum(helpers) if crawls else None})
            self._stop_event.wait(self.interval)

    def stop(self) -> None:
        self._stop_event.set()
        self.join(timeout=self.interval + 5)


def crawler_series(samples: list[dict], key: str = "crawler_mb") -> dict[int, list[tuple[float, float]]]:
    """(seconds, MB) per crawl run, keyed by the crawl's pid (samples while two runs overlap are skipped)."""
    series: dict[int, list[tuple[float, float]]] = {}
    for sample in samples:
        if len(sample["crawl_pids"]) == 1:
            series.setdefault(sample["crawl_pids"][0], []).append((sample["t"], sample[key]))
    return series


# --- what the run left behind ------------------------------------------------------------------

def indexed_listing_ids(store, alias: str) -> set[int]:
    store.refresh(alias)
    ids: set[int] = set()
    page = store.request("POST", f"/{alias}/_search", {"size": 5000, "_source": ["url"], "query": {"match_all": {}}},
                         params={"scroll": "2m"})
    scroll_id = page.get("_scroll_id")
    try:
        while page["hits"]["hits"]:
            ids.update(i for hit in page["hits"]["hits"] if (i := listing_id_of(hit["_source"].get("url"))) is not None)
            page = store.request("POST", "/_search/scroll", {"scroll": "2m", "scroll_id": scroll_id})
            scroll_id = page.get("_scroll_id", scroll_id)
    finally:
        if scroll_id:
            store.request("DELETE", "/_search/scroll", {"scroll_id": scroll_id}, ok=(404,))
    return ids


def spool_listing_ids(home: Path) -> tuple[set[int], set[int], int]:
    """Listing ids waiting in the spool, ids of refused documents, and Spool.pending_documents()."""
    from leakscout.storage.spool import Spool

    spool = Spool(home)
    spooled = {i for segment in spool.segments() for document in segment.documents
               if (i := listing_id_of(document.get("url"))) is not None}
    refused = set()
    for path in spool.rejected_folder.glob("*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and (i := listing_id_of((json.loads(line).get("document") or {}).get("url"))) is not None:
                refused.add(i)
    return spooled, refused, spool.pending_documents()


def attention_listing_ids(home: Path) -> set[int]:
    journal = home / "attention.jsonl"
    if not journal.is_file():
        return set()
    return {i for line in journal.read_text(encoding="utf-8").splitlines()
            if line.strip() and (i := listing_id_of(json.loads(line).get("url"))) is not None}


def is_qudian(listing_id: int) -> bool:
    from leakscout.demo_market.generated import listing_text

    return listing_text(listing_id)[0].startswith("Qudian ")


def alert_counts(store, alias: str) -> dict[str, int]:
    store.refresh(alias)
    body = {"size": 0, "aggs": {"kind": {"terms": {"field": "kind"}}, "delivery": {"terms": {"field": "delivery"}},
                                "alerted": {"cardinality": {"field": "listing_id"}}}}
    result = store.search(alias, body)
    counts = {f"kind {b['key']}": b["doc_count"] for b in result["aggregations"]["kind"]["buckets"]}
    counts.update({f"delivery {b['key']}": b["doc_count"] for b in result["aggregations"]["delivery"]["buckets"]})
    counts["listings alerted"] = result["aggregations"]["alerted"]["value"]
    counts["total"] = result["hits"]["total"]["value"] if isinstance(result["hits"]["total"], dict) else result["hits"]["total"]
    return counts


# --- the run -----------------------------------------------------------------------------------

def write_schedule(path: Path, entry_url: str, pages_per_run: int, concurrency: int) -> dict:
    settings = {"CLOSESPIDER_PAGECOUNT": pages_per_run, "DEPTH_LIMIT": 0, "AUTOTHROTTLE_ENABLED": "False",
                "CONCURRENT_REQUESTS": concurrency, "CONCURRENT_REQUESTS_PER_DOMAIN": concurrency,
                "LOG_LEVEL": "INFO"}
    schedule = {"jobs": [{"spider": "demo_market", "args": {"start_urls": entry_url}, "cron": CRON,
                          "settings": settings}]}
    path.write_text(json.dumps(schedule, indent=2), encoding="utf-8")   # JSON is YAML
    return settings


def run_soak(args, home: Path, prefix: str, store) -> dict:
    from leakscout.alerts.sink import MailSink
    from leakscout.demo_market.generated import serve_generated_market

    env = dict(os.environ, LEAKSCOUT_HOME=str(home), LEAKSCOUT_INDEX_PREFIX=prefix, LEAKSCOUT_HASH_SALT="soak")
    for name in ("LEAKSCOUT_WATCHLIST", "LEAKSCOUT_SCHEDULE", "LEAKSCOUT_WEBHOOK_URL", "LEAKSCOUT_REDIS_URL",
                 "LEAKSCOUT_ALERT_TO"):
        env.pop(name, None)
    mails = home / "mails"
    with serve_generated_market(args.listings, per_page=args.per_page) as market, MailSink(mails) as sink:
        env["LEAKSCOUT_SMTP_URL"] = sink.url
        schedule_path = home / "soak-schedule.yaml"
        crawl_settings = write_schedule(schedule_path, market.entry_url, args.pages_per_run, args.concurrency)
        scheduler_log = home / "scheduler.log"
        print(f"soak: {args.listings} listings at {market.url}, {args.minutes:g} min, home {home}, prefix {prefix}",
              flush=True)
        with open(scheduler_log, "wb") as log:
            scheduler = subprocess.Popen([sys.executable, "-m", "leakscout.cli", "schedule", "run", "-f",
                                          str(schedule_path)], env=env, stdout=log, stderr=subprocess.STDOUT,
                                         stdin=subprocess.DEVNULL)
            sampler = MemorySampler(scheduler.pid, args.sample_seconds)
            sampler.start()
            deadline = time.monotonic() + args.minutes * 60
            while time.monotonic() < deadline and scheduler.poll() is None:
                time.sleep(min(5.0, max(deadline - time.monotonic(), 0.1)))
                progress = len(market.listing_fetches())
                print(f"  {time.monotonic() - sampler.started_at:6.0f} s  {progress} listing pages seen", flush=True)
            stop_started = time.monotonic()
            if scheduler.poll() is None:
                scheduler.send_signal(signal.SIGTERM)
            scheduler_code = scheduler.wait(timeout=SCHEDULER_STOP_SECONDS)
            stop_seconds = time.monotonic() - stop_started
            sampler.stop()
        fetches = market.listing_fetches()
        index_pages = market.index_fetches()
        mail_count = len(sink.messages())

    crawl_log = (home / "logs" / "demo_market.log").read_text(encoding="utf-8", errors="replace") \
        if (home / "logs" / "demo_market.log").is_file() else ""
    blocks = parse_stats_blocks(crawl_log)
    seen = set(fetches)
    indexed = indexed_listing_ids(store, f"{prefix}-listings")
    spooled, refused, pending_documents = spool_listing_ids(home)
    logged = logged_rejections(crawl_log)
    rejected = {"refused by the index": refused, "needs attention": attention_listing_ids(home), **logged}
    events = re.findall(r"demo_market: (started|finished|skipped|stopped)", scheduler_log.read_text(encoding="utf-8"))
    return {
        "args": args, "prefix": prefix, "crawl_settings": crawl_settings, "scheduler_code": scheduler_code,
        "stop_seconds": stop_seconds, "samples": sampler.samples, "blocks": blocks, "events": events,
        "listing_fetches": sum(fetches.values()), "index_pages": index_pages, "seen": seen,
        "reconciliation": reconcile(seen, indexed, spooled, rejected), "index_count": store.count(f"{prefix}-listings"),
        "pending_documents": pending_documents, "refused_documents": len(refused),
        "qudian_seen": sum(1 for i in seen if is_qudian(i)), "qudian_indexed": sum(1 for i in indexed & seen if is_qudian(i)),
        "alerts": alert_counts(store, f"{prefix}-alerts"), "mails": mail_count,
        "log_errors": int(sum_stats(blocks, "log_count/ERROR")),
    }


# --- the report --------------------------------------------------------------------------------

def _mb(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}"


def render_report(r: dict) -> str:
    args, rec, blocks = r["args"], r["reconciliation"], r["blocks"]
    crawl_seconds = sum_stats(blocks, "elapsed_time_seconds")
    pages = r["listing_fetches"] + r["index_pages"]
    responses = int(sum_stats(blocks, "response_received_count"))
    scheduler_verdict = memory_verdict([(s["t"], s["scheduler_mb"]) for s in r["samples"]])
    series, helper_series = crawler_series(r["samples"]), crawler_series(r["samples"], "helpers_mb")
    longest_pid = max(series, key=lambda pid: len(series[pid])) if series else None
    crawler_verdict = memory_verdict(series[longest_pid]) if longest_pid else MemoryVerdict(samples=0)
    helper_verdict = memory_verdict(helper_series[longest_pid]) if longest_pid else MemoryVerdict(samples=0)
    reasons = ", ".join(str(b.get("finish_reason")) for b in blocks) or "—"
    alerts = r["alerts"]
    new_alerts = alerts.get("kind new", 0)
    alerts_ok = (new_alerts == r["qudian_indexed"] and alerts.get("listings alerted", 0) == new_alerts
                 and r["mails"] == alerts.get("delivery sent", 0) == alerts.get("total", 0))

    lines = [
        "# leakscout soak run",
        "",
        f"`python bench/soak.py --listings {args.listings} --minutes {args.minutes:g}` "
        f"({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, search node shared with other work on the machine)",
        "",
        "## Configuration",
        "",
        "| | |",
        "|---|---|",
        f"| market | generated, {args.listings:,} listings, {args.per_page} per index page, loopback |",
        f"| schedule | `demo_market --resume`, cron `{CRON}` (a run still going on skips the minute) |",
        f"| crawl settings | {', '.join(f'{k}={v}' for k, v in r['crawl_settings'].items())} |",
        "| pipelines | normalize → extract+mask → index (upsert, percolate, alert), default watchlist (Qudian) |",
        "| alerts | real SMTP to a local sink (`MailSink`) |",
        f"| soak time | {args.minutes:g} min, then SIGTERM to the scheduler (stopped in {r['stop_seconds']:.0f} s, "
        f"exit code {r['scheduler_code']}) |",
        f"| memory samples | every {args.sample_seconds:g} s, RSS from /proc |",
        "",
        "## Throughput",
        "",
        "| | |",
        "|---|---|",
        f"| crawl runs | {r['events'].count('started')} started, {r['events'].count('finished')} finished, "
        f"{r['events'].count('skipped')} minutes skipped (run still going on), {r['events'].count('stopped')} stopped "
        f"at the end; finish reasons: {reasons} |",
        f"| crawling time (sum of runs' `elapsed_time_seconds`) | {crawl_seconds:.0f} s |",
        f"| pages served by the market | {pages:,} ({r['listing_fetches']:,} listing, {r['index_pages']:,} index) |",
        f"| responses received (crawl stats) | {responses:,} |",
        f"| distinct listing pages seen | {rec.seen:,} of {args.listings:,} ({rec.seen / args.listings:.0%}) |",
        f"| pages/s | {pages / crawl_seconds if crawl_seconds else 0:.1f} |",
        f"| listings/s (indexed) | {rec.indexed / crawl_seconds if crawl_seconds else 0:.1f} |",
        f"| items scraped / dropped (crawl stats) | {int(sum_stats(blocks, 'item_scraped_count')):,} / "
        f"{int(sum_stats(blocks, 'item_dropped_count')):,} |",
        f"| `leakscout/indexed` / `created` / `spooled` / `rejected` (crawl stats) | "
        f"{int(sum_stats(blocks, 'leakscout/indexed')):,} / {int(sum_stats(blocks, 'leakscout/created')):,} / "
        f"{int(sum_stats(blocks, 'leakscout/spooled')):,} / {int(sum_stats(blocks, 'leakscout/rejected')):,} |",
        f"| errors logged by the crawls | {r['log_errors']} |",
        "",
        "## Memory (RSS, MB)",
        "",
        "| time (s) | scheduler | crawl process | its child processes | crawl pid |",
        "|---:|---:|---:|---:|---:|",
        *(f"| {s['t']:.0f} | {_mb(s['scheduler_mb'])} | {_mb(s['crawler_mb'])} | {_mb(s['helpers_mb'])} "
          f"| {', '.join(map(str, s['crawl_pids'])) or '—'} |" for s in curve_rows(r["samples"])),
        "",
        "| process | samples | warm (start of 2nd half) | end | peak | verdict |",
        "|---|---:|---:|---:|---:|---|",
        f"| scheduler | {scheduler_verdict.samples} | {_mb(scheduler_verdict.warm_mb)} | {_mb(scheduler_verdict.end_mb)} "
        f"| {_mb(scheduler_verdict.peak_mb)} | {scheduler_verdict.describe()} |",
        f"| crawl process (longest run, pid {longest_pid}) | {crawler_verdict.samples} | "
        f"{_mb(crawler_verdict.warm_mb)} | {_mb(crawler_verdict.end_mb)} | {_mb(crawler_verdict.peak_mb)} "
        f"| {crawler_verdict.describe()} |",
        f"| its child processes | {helper_verdict.samples} | {_mb(helper_verdict.warm_mb)} "
        f"| {_mb(helper_verdict.end_mb)} | {_mb(helper_verdict.peak_mb)} | {helper_verdict.describe()} |",
        "",
        "The first half of each process's samples is warm-up; the verdict fits a line through the second "
        "half and states its change over that half as a share of the mean.",
        "",
        "## Alerts",
        "",
        "| | |",
        "|---|---|",
        f"| Qudian listings seen / indexed | {r['qudian_seen']:,} / {r['qudian_indexed']:,} |",
        f"| alert documents (new / escalation) | {new_alerts:,} / {alerts.get('kind escalation', 0):,} "
        f"({alerts.get('listings alerted', 0):,} distinct listings) |",
        f"| delivery sent / pending | {alerts.get('delivery sent', 0):,} / {alerts.get('delivery pending', 0):,} |",
        f"| mails received by the SMTP sink | {r['mails']:,} |",
        f"| verdict | {'one alert and one mail per indexed Qudian listing' if alerts_ok else 'MISMATCH'} |",
        "",
        "## Reconciliation",
        "",
        "| | listings |",
        "|---|---:|",
        f"| listing pages seen (distinct, market's request log) | {rec.seen:,} |",
        f"| = indexed (in the index) | {rec.indexed:,} |",
        f"| + spooled (`Spool.pending_documents()` = {r['pending_documents']:,}) | {rec.spooled:,} |",
        *(f"| + rejected: {reason} | {count:,} |" for reason, count in rec.rejected.items()),
        f"| lost (in none of the above) | {len(rec.lost):,} |",
        f"| in the index or spool but never seen | {len(rec.unexpected):,} |",
        f"| documents in the index (`_count`) | {r['index_count']:,} |",
        "",
        f"**Verdict: {'reconciled — nothing lost' if rec.holds else 'NOT reconciled'}** "
        f"({rec.seen:,} = {rec.indexed:,} + {rec.spooled:,} + {rec.rejected_total:,}).",
    ]
    if rec.lost:
        lines.append(f"Lost listing ids (first 20): {', '.join(map(str, rec.lost[:20]))}.")
    if rec.unexpected:
        lines.append(f"Unexpected listing ids (first 20): {', '.join(map(str, rec.unexpected[:20]))}.")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--listings", type=int, default=20_000)
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--out", type=Path, help="also write the markdown report here")
    parser.add_argument("--per-page", type=int, default=50, help="listings per index page of the market")
    parser.add_argument("--concurrency", type=int, default=8, help="CONCURRENT_REQUESTS(_PER_DOMAIN) of the crawl")
    parser.add_argument("--pages-per-run", type=int, default=0,
                        help="CLOSESPIDER_PAGECOUNT of each scheduled run (0: no cap; a cap makes runs resume)")
    parser.add_argument("--sample-seconds", type=float, default=5)
    parser.add_argument("--keep-home", action="store_true", help="keep LEAKSCOUT_HOME (logs, spool) for inspection")
    args = parser.parse_args()

    from leakscout.core.config import load_settings
    from leakscout.storage.index_admin import load_specs
    from leakscout.storage.search import open_store

    prefix = f"soak-{uuid.uuid4().hex[:8]}"
    home = Path(tempfile.mkdtemp(prefix="leakscout-soak-"))
    store = open_store(load_settings(dict(os.environ, LEAKSCOUT_INDEX_PREFIX=prefix, LEAKSCOUT_HOME=str(home))))
    try:
        report = render_report(run_soak(args, home, prefix, store))
    finally:
        store.request("DELETE", f"/{prefix}-*", ok=(404,))
        for spec in load_specs(prefix):
            store.request("DELETE", f"/_index_template/{spec.alias}", ok=(404,))
        store.close()
        if args.keep_home:
            print(f"kept {home}")
        else:
            shutil.rmtree(home, ignore_errors=True)
    print(report)
    if args.out:
        args.out.write_text(report, encoding="utf-8")
        print(f"written to {args.out}")


if __name__ == "__main__":
    main()
