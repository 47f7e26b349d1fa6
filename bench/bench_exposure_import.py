#!/usr/bin/env python
"""Time and peak memory of `leakscout exposure import` on a file of N phone numbers.

usage: python bench/bench_exposure_import.py [--phones 1000000] [--small 100000]

Runs, side by side in one run and against the node LEAKSCOUT_ES_URL names (a throw-away index prefix):
- import of --small phones and of --phones phones (peak memory should not grow with the file:
  the file is read as a stream and stored in batches of 5,000);
- the same --phones phones only read, canonicalised and hashed, nothing stored (what the import
  costs without the cluster), so the ratio says how much of the time is indexing.
Prints wall seconds, rate and peak RSS of each child process. Deletes its indices afterwards.
"""
from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HASH_ONLY = """
import sys
from leakscout.storage.exposure import ImportReport, read_identifiers
from pipelines.extraction.identifiers import sample_hash
report = ImportReport()
n = sum(1 for kind, canon in read_identifiers(__import__("pathlib").Path(sys.argv[1]), [], None, "CN", report)
        if sample_hash("bench-key", canon))
print(n)
"""


def write_phones(path: Path, count: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as handle:
        handle.write("phone\n")
        for _ in range(count):
            handle.write(f"1{rng.choice('3456789')}{rng.randrange(10**9):09d}\n")


def run(command: list[str], env: dict) -> tuple[float, int, str]:
    """Wall seconds, peak RSS in MB of this child, its stdout."""
    start = time.perf_counter()
    child = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    out, err = child.stdout.read(), child.stderr.read()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(command)}\n{err[-2000:]}")
    return wall, usage.ru_maxrss // 1024, out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--phones", type=int, default=1_000_000)
    parser.add_argument("--small", type=int, default=100_000)
    args = parser.parse_args()
    prefix = f"bench-{uuid.uuid4().hex[:8]}"
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        watchlist = tmp_path / "watchlist.yaml"
        watchlist.write_text("brands:\n  - name: Bench\n", encoding="utf-8")
        env = {**os.environ, "LEAKSCOUT_INDEX_PREFIX": prefix, "LEAKSCOUT_WATCHLIST": str(watchlist),
               "LEAKSCOUT_HOME": str(tmp_path / "home"), "LEAKSCOUT_HASH_SALT": "bench-key",
               "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
        small, large = tmp_path / "small.csv", tmp_path / "large.csv"
        write_phones(small, args.small, seed=2)
        write_phones(large, args.phones, seed=3)
        cli = [sys.executable, "-m", "leakscout.cli"]
        rows = []
        try:
            for label, path, count in ((f"import {args.small:,}", small, args.small),
                                       (f"import {args.phones:,}", large, args.phones)):
                wall, rss, _ = run([*cli, "exposure", "import", "--brand", "Bench", str(path)], env)
                rows.append((label, count, wall, rss))
            wall, rss, _ = run([sys.executable, "-c", HASH_ONLY, str(large)], env)
            rows.append((f"hash only {args.phones:,}", args.phones, wall, rss))
        finally:
            subprocess.run([*cli, "es", "status"], env=env, capture_output=True)
            from leakscout.core.config import load_settings
            from leakscout.storage.search import open_store

            store = open_store(load_settings(env))
            store.request("DELETE", f"/{prefix}-*", ok=(404,))
            for name in ("listings", "alerts", "watches", "exposure"):
                store.request("DELETE", f"/_index_template/{prefix}-{name}", ok=(404,))
    print(f"{'run':<22}{'values':>12}{'wall s':>10}{'values/s':>12}{'peak RSS MB':>13}")
    for label, count, wall, rss in rows:
        print(f"{label:<22}{count:>12,}{wall:>10.1f}{count / wall:>12,.0f}{rss:>13}")
    imported, hashed = rows[1], rows[2]
    print(f"import / hash-only time ratio ({args.phones:,}): {imported[2] / hashed[2]:.2f}")
    print(f"peak memory {args.phones:,} / {args.small:,}: {rows[1][3] / max(rows[0][3], 1):.2f} "
          f"(≈ 1: memory does not grow with the file)")


if __name__ == "__main__":
    main()
