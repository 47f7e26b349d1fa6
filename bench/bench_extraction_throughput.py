#!/usr/bin/env python
"""Listings per second of the full extractor with a 10,000-name brand dictionary.

usage: python bench/bench_extraction_throughput.py [--listings N] [--names N]

Texts are ~2 KB, built from the labelled corpus. The baseline, measured in the same run on the
same texts, is a plain compiled-regex alternation over the same 10,000 names (case-insensitive
search for every name), i.e. what a naive keyword scan costs. Prints the ratio and peak memory.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import sys
import time
import tracemalloc

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, ROOT)

from pipelines.extraction.brands import BrandEntry, load_dictionary  # noqa: E402
from pipelines.extraction.extractor import Extractor  # noqa: E402

CORPUS = os.path.join(ROOT, "tests", "extraction", "corpus", "listings.jsonl")
_SYLLABLES = ["shu", "ju", "xin", "dai", "bao", "tong", "hua", "jin", "rong", "kuai", "yun", "wang", "da", "li", "feng"]
_CJK = "数据信贷宝通华金融快云网达利丰兴盛安泰恒远鑫源博创科技"


def synth_dictionary(total: int, seed: int = 7) -> list[BrandEntry]:
    entries = list(load_dictionary())
    rng = random.Random(seed)
    i = 0
    while len(entries) < total:
        i += 1
        latin = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))) + str(i)
        cjk = "".join(rng.choice(_CJK) for _ in range(rng.randint(3, 5))) + str(i)
        entries.append(BrandEntry(f"Synth {i}", (latin, cjk, latin + ".com"), "synthetic"))
    return entries


def texts(n: int, size: int = 2048, seed: int = 11) -> list[str]:
    rows = [json.loads(line)["text"] for line in open(CORPUS, encoding="utf-8") if line.strip()]
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        parts, length = [], 0
        while length < size:
            t = rng.choice(rows)
            parts.append(t)
            length += len(t.encode("utf-8")) + 1
        out.append("\n".join(parts)[: size // 2])  # ~2 KB of UTF-8 (mixed CJK / Latin)
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--listings", type=int, default=3000)
    ap.add_argument("--names", type=int, default=10_000)
    args = ap.parse_args()

    tracemalloc.start()
    entries = synth_dictionary(args.names)
    n_names = sum(len(e.aliases) for e in entries)
    t0 = time.perf_counter()
    extractor = Extractor(dictionary=entries)
    build_s = time.perf_counter() - t0
    docs = texts(args.listings)
    avg_bytes = sum(len(d.encode("utf-8")) for d in docs) / len(docs)

    extractor.extract(docs[0])  # warm caches (lazy imports, normalisation table)
    t0 = time.perf_counter()
    for d in docs:
        extractor.extract(d)
    full_s = time.perf_counter() - t0

    names = sorted({a.lstrip("~") for e in entries for a in e.aliases}, key=len, reverse=True)
    t0 = time.perf_counter()
    baseline_re = re.compile("|".join(re.escape(a) for a in names), re.IGNORECASE)
    base_build_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    for d in docs:
        baseline_re.findall(d)
    base_s = time.perf_counter() - t0

    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux

    full_rate = len(docs) / full_s
    base_rate = len(docs) / base_s
    print(f"brand dictionary: {len(entries)} organisations, {n_names} aliases (automaton {extractor.matcher.size} keys)")
    print(f"texts: {len(docs)} listings, avg {avg_bytes:.0f} bytes")
    print(f"build: extractor {build_s:.2f}s, baseline regex compile {base_build_s:.2f}s")
    print(f"full extractor : {full_rate:10.0f} listings/s  ({1000 * full_s / len(docs):.3f} ms/listing)")
    print(f"baseline regex : {base_rate:10.0f} listings/s  (brand keyword scan only)")
    print(f"ratio full/baseline: {full_rate / base_rate:.2f}x")
    print(f"peak memory: tracemalloc {peak / 2**20:.1f} MB, max RSS {rss_mb:.1f} MB")
    print(f"target >= 1000 listings/s per core: {'ok' if full_rate >= 1000 else 'BELOW'}; "
          f"< 300 MB: {'ok' if rss_mb < 300 else 'ABOVE'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
