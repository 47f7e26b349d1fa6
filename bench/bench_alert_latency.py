"""Alert latency: from a listing item leaving the spider to the SMTP server accepting its mail,
next to the index-only latency of the same items (item → bulk upsert returned), in one run.

Items go through the project's pipelines in process (normalize → extract+mask → index, percolate,
alert, mail) against the running node and a real SMTP server (aiosmtpd on loopback). The spider
is modelled as yielding `--rate` items per second. Each item's alert mail carries its alert id;
the SMTP server — in a process of its own, as a real one would be — notes when it accepted each
(CLOCK_MONOTONIC, shared by all processes). Prints p50/p95/max for both latencies.
Needs a running node (`leakscout es up`).
Usage: python bench/bench_alert_latency.py [--listings 300] [--rate 200] [--chunk 50]
"""
from __future__ import annotations

import argparse
import asyncio
import email
import multiprocessing
import os
import socket
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

from aiosmtpd.controller import Controller

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from leakscout.alerts.rules import alert_id  # noqa: E402
from leakscout.alerts.sink import _free_port  # noqa: E402

TEMPLATES = [
    "【趣店】近{n}万学生数据出售 打包价{p}万元 字段：姓名、手机号、借款额度 样例 138{k:08d}",
    "Selling Qudian users data: {n}0,000 records with names and phone numbers. Price ${p},000. Sample 139{k:08d}",
]


class TimingHandler:
    def __init__(self, log_path: str):
        self.log_path = log_path

    async def handle_DATA(self, server, session, envelope):
        accepted = time.monotonic()
        message = email.message_from_bytes(envelope.original_content or envelope.content)
        with open(self.log_path, "a", encoding="utf-8") as log:
            log.write(f"{message['X-Leakscout-Alert']}\t{accepted}\n")
        return "250 accepted"


def serve_smtp(port: int, log_path: str, stop) -> None:
    """The SMTP server's own process: runs until `stop` is set."""
    controller = Controller(TimingHandler(log_path), hostname="127.0.0.1", port=port)
    controller.start()
    stop.wait()
    controller.stop()


def read_accepted(log_path: str) -> dict[str, float]:
    if not os.path.exists(log_path):
        return {}
    with open(log_path, encoding="utf-8") as log:
        return {alert: float(at) for alert, at in (line.rstrip("\n").split("\t") for line in log if "\t" in line)}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def _wait_for_port(port: int) -> None:
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise SystemExit(f"the SMTP server did not start on port {port}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--listings", type=int, default=300)
    parser.add_argument("--rate", type=float, default=200.0, help="items per second the spider yields")
    parser.add_argument("--chunk", type=int, default=50, help="bulk chunk size (LEAKSCOUT_BULK_SIZE)")
    args = parser.parse_args()

    prefix = f"bench-{uuid.uuid4().hex[:8]}"
    home = tempfile.mkdtemp(prefix="leakscout-bench-")
    log_path = os.path.join(home, "accepted.tsv")
    port = _free_port("127.0.0.1")
    stop = multiprocessing.Event()
    smtp = multiprocessing.Process(target=serve_smtp, args=(port, log_path, stop), daemon=True)
    smtp.start()
    _wait_for_port(port)
    os.environ.update(LEAKSCOUT_INDEX_PREFIX=prefix, LEAKSCOUT_HOME=home, LEAKSCOUT_HASH_SALT="bench",
                      LEAKSCOUT_SMTP_URL=f"smtp://127.0.0.1:{port}", LEAKSCOUT_ALERT_TO="bench@example.com")
    os.environ.pop("LEAKSCOUT_WATCHLIST", None)
    os.environ.pop("LEAKSCOUT_WEBHOOK_URL", None)

    from crawlers.item_pipelines import ExtractPipeline
    from crawlers.item_pipelines import IndexPipeline
    from crawlers.item_pipelines import NormalizePipeline

    normalize, extract, index = NormalizePipeline(), ExtractPipeline(), IndexPipeline(chunk_size=args.chunk)
    indexed_at: dict[str, float] = {}
    left: dict[str, float] = {}

    async def crawl():
        extract.open_spider()
        index.open_spider()
        chunk_indexer = index.chunks.chunks
        upsert = chunk_indexer.upsert

        def timed_upsert(documents, now=None):  # notes when each item's bulk upsert returned
            outcome = upsert(documents, now=now)
            done = time.monotonic()
            indexed_at.update({document["id"]: done for document in documents})
            return outcome

        chunk_indexer.upsert = timed_upsert
        start = time.monotonic()
        for k in range(args.listings):
            due = start + k / args.rate
            if due > time.monotonic():
                await asyncio.sleep(due - time.monotonic())
            item = {"site": "bench", "listing_key": str(k), "url": f"http://bench.example.onion/t/{k}",
                    "title": TEMPLATES[k % 2].format(n=10 + k, p=1 + k % 9, k=k)[:40],
                    "body": TEMPLATES[k % 2].format(n=10 + k, p=1 + k % 9, k=k)}
            left[f"bench:{k}"] = time.monotonic()  # the item leaves the spider
            await index.process_item(await extract.process_item(normalize.process_item(item)))
        await index.close_spider()

    try:
        asyncio.run(crawl())
        deadline = time.monotonic() + 60
        while len(read_accepted(log_path)) < args.listings and time.monotonic() < deadline:
            time.sleep(0.1)
        accepted = read_accepted(log_path)
    finally:
        stop.set()
        smtp.join(timeout=10)
        from leakscout.core.config import load_settings
        from leakscout.storage.search import open_store

        store = open_store(load_settings())
        store.request("DELETE", f"/{prefix}-*", ok=(404,))
        for name in ("listings", "alerts", "watches"):
            store.request("DELETE", f"/_index_template/{prefix}-{name}", ok=(404,))
        store.close()

    alert_latency = [accepted[alert_id(i, "Qudian")] - t for i, t in left.items() if alert_id(i, "Qudian") in accepted]
    index_latency = [indexed_at[i] - t for i, t in left.items() if i in indexed_at]
    print(f"{args.listings} listings at {args.rate:g} items/s, bulk chunk {args.chunk}; "
          f"{len(alert_latency)} mails accepted, {len(index_latency)} listings indexed")
    print(f"{'latency (s)':<34}{'p50':>8}{'p95':>8}{'max':>8}")
    for label, values in (("item → indexed (index only)", index_latency),
                          ("item → mail accepted by SMTP", alert_latency)):
        if values:
            print(f"{label:<34}{statistics.median(values):>8.3f}{percentile(values, 0.95):>8.3f}{max(values):>8.3f}")
    if alert_latency:
        p95 = percentile(alert_latency, 0.95)
        print(f"alert p95 {p95:.3f} s: {'meets' if p95 < 2 else 'MISSES'} the 2 s target; "
              f"alerting adds {statistics.median(alert_latency) - statistics.median(index_latency):.3f} s "
              f"to the median")


if __name__ == "__main__":
    main()
