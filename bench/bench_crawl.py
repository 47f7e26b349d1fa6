"""Crawl throughput with the full pipeline vs. no pipeline, and crawler memory with 100,000 queued requests.

Serves a generated market on loopback (leakscout.demo_market.generated), crawls it with
`leakscout crawl demo_market` in a subprocess, with every pipeline (normalize, extract+mask,
index into a throw-away index prefix on the running node) and with ITEM_PIPELINES={}, and
prints pages per second side by side. The two crawls alternate for --rounds rounds (the order
swapped every round) and the median of the rounds' ratios is the figure: on a shared 2-core machine
one pair of crawls moves by ±15 %. Then a crawl whose index pages link to 100,000 listings,
stopped after a few hundred pages, reports the crawl process's peak RSS.

    python bench/bench_crawl.py --listings 2000
Needs a running node (`leakscout es up`). Targets: ratio >= 0.7, peak RSS < 500 MB.
"""
from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import uuid

from leakscout.core.config import load_settings
from leakscout.demo_market.generated import serve_generated_market
from leakscout.storage.search import open_store
from soak import descendants, rss_mb   # bench/soak.py: /proc readers

BARE = ("-s", "ITEM_PIPELINES={}")
FAST = ["-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CONCURRENT_REQUESTS=16", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16",
        "-s", "LOG_LEVEL=INFO", "-s", "CLOSESPIDER_PAGECOUNT=0", "-s", "DEPTH_LIMIT=0"]


class TreeMemory(threading.Thread):
    """Peak RSS of a process together with its descendants (the extraction worker), sampled."""

    def __init__(self, pid: int, interval: float = 0.2):
        super().__init__(daemon=True)
        self.pid, self.interval, self.peak_mb = pid, interval, 0.0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(self.interval):
            sizes = [rss_mb(pid) for pid in (self.pid, *descendants(self.pid))]
            self.peak_mb = max(self.peak_mb, sum(size for size in sizes if size is not None))


def run_crawl(entry_url: str, env: dict, *settings: str) -> tuple[dict[str, float], int, float]:
    """Stats of one crawl subprocess, its own peak RSS in kB and the peak RSS of it and its workers in MB."""
    command = ["leakscout", "crawl", "demo_market", "-a", f"start_urls={entry_url}", *FAST, *settings]
    with tempfile.TemporaryFile() as stderr:
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=stderr)
        tree = TreeMemory(process.pid)
        tree.start()
        _, status, usage = os.wait4(process.pid, 0)   # this child's own rusage, not all children's
        tree.done.set()
        process.returncode = os.waitstatus_to_exitcode(status)
        stderr.seek(0)
        log = stderr.read().decode("utf-8", "replace")
    if process.returncode != 0:
        sys.exit(f"crawl failed ({process.returncode}):\n{log[-3000:]}")
    stats = {key: float(value) for key, value in re.findall(r"'([\w/.-]+)': ([\d.]+)[,}]", log)}
    return stats, usage.ru_maxrss, tree.peak_mb


def pages_per_second(stats: dict[str, float]) -> float:
    return stats.get("response_received_count", 0) / stats["elapsed_time_seconds"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--listings", type=int, default=2000)
    parser.add_argument("--queued", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    prefix = f"bench-{uuid.uuid4().hex[:8]}"
    home = tempfile.mkdtemp(prefix="leakscout-bench-")
    env = dict(os.environ, LEAKSCOUT_INDEX_PREFIX=prefix, LEAKSCOUT_HOME=home, LEAKSCOUT_HASH_SALT="bench")
    env.pop("LEAKSCOUT_SMTP_URL", None)
    store = open_store(load_settings(env))
    try:
        rounds, prefixes = [], [prefix]
        with serve_generated_market(args.listings, per_page=50) as market:
            for round_ in range(args.rounds):
                order = ("bare", "full") if round_ % 2 == 0 else ("full", "bare")
                # Each full crawl indexes into its own indices: every round measures the first crawl of the site.
                prefixes.append(f"{prefix}-r{round_ + 1}")
                full_env = dict(env, LEAKSCOUT_INDEX_PREFIX=prefixes[-1])
                crawls = {name: run_crawl(market.entry_url, env if name == "bare" else full_env,
                                          *(BARE if name == "bare" else ()))[0] for name in order}
                rounds.append(crawls)
        print(f"crawl of {args.listings} listing pages (+{args.listings // 50} index pages), {args.rounds} rounds:")
        ratios = []
        for number, crawls in enumerate(rounds, 1):
            bare, full = pages_per_second(crawls["bare"]), pages_per_second(crawls["full"])
            ratios.append(full / bare)
            print(f"  round {number}: no pipelines {bare:7.1f} pages/s, full pipeline {full:7.1f} pages/s "
                  f"({int(crawls['full'].get('leakscout/indexed', 0))} listings indexed), ratio {full / bare:5.2f}")
        print(f"  ratio full/none, median of {len(ratios)} {statistics.median(ratios):8.2f}   (target >= 0.7)")

        with serve_generated_market(args.queued, per_page=args.queued // 4) as market:
            # Few downloads at a time, so the index pages' 100,000 links are all queued before the stop.
            stats, peak_kb, tree_mb = run_crawl(market.entry_url, env, "-s", "CLOSESPIDER_PAGECOUNT=2000",
                                                "-s", "CONCURRENT_REQUESTS=2")
        queued = stats.get("scheduler/enqueued/memory", 0) + stats.get("scheduler/enqueued/disk", 0)
        print(f"memory: {int(queued)} requests queued (the frontier is on disk), "
              f"{int(stats.get('response_received_count', 0))} pages fetched before the stop")
        print(f"  peak RSS of the crawl process {peak_kb / 1024:8.1f} MB   (target < 500 MB)")
        print(f"  with its extraction worker    {tree_mb:8.1f} MB   (sampled every 0.2 s)")
    finally:
        store.request("DELETE", f"/{prefix}-*", ok=(404,))
        for used in prefixes:
            for name in ("listings", "alerts", "watches"):
                store.request("DELETE", f"/_index_template/{used}-{name}", ok=(404,))
        store.close()


if __name__ == "__main__":
    main()
