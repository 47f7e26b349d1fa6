#!/usr/bin/env python
"""Extraction time of one hostile listing as it grows: n repeats of a short unit, then 2n.

usage: python bench/bench_brand_scaling.py [--repeats N] [--best N]

Units that make many brand hits next to many place names ("北京移动 ": a carrier's provincial company;
"京东 北京 上海 ": a brand followed by a run of places) and a watched name repeated ("加微信"). Linear code
takes twice as long for twice the text: the ratio printed should be close to 2 (a quadratic step shows
as ~4). Best of --best runs.
"""
from __future__ import annotations

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from leakscout.core.watchlist import parse_watchlist  # noqa: E402
from pipelines.extraction import build_extractor  # noqa: E402
from timing import best_seconds  # noqa: E402  (bench/ is on the path of a bench script)

WATCHLIST = "brands:\n- name: WeChat\n  aliases: [微信]\n- name: JD.com\n  aliases: [京东]\n"
UNITS = ("加微信", "北京移动 ", "京东 北京 上海 ", "QQ音乐 QQ ")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=10000)
    parser.add_argument("--best", type=int, default=3)
    args = parser.parse_args()
    extractor = build_extractor(watchlist_brands=parse_watchlist(WATCHLIST, "<bench>").brands)
    n = args.repeats
    for unit in UNITS:
        small, large = unit * n, unit * 2 * n
        t1 = best_seconds(lambda: extractor.extract(small), args.best)
        t2 = best_seconds(lambda: extractor.extract(large), args.best)
        print(f"{unit.strip():10s} x n={n:6d} ({len(small):6d} chars): {t1:7.3f} s   2n: {t2:7.3f} s   "
              f"ratio {t2 / t1:4.2f}")


if __name__ == "__main__":
    main()
