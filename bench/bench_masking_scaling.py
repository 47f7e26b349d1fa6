#!/usr/bin/env python
"""Masking and extraction time of one listing as it grows: n lines, then 2n lines.

usage: python bench/bench_masking_scaling.py [--lines N] [--repeat N]

A paste of sample lines the way dumps come (phone numbers, `e-mail:password` combos, names of
mail services that are also brand names). Linear code takes twice as long for twice the lines:
the ratio printed should be close to 2 (a quadratic step shows as ~4). Best of --repeat runs.
"""
from __future__ import annotations

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from pipelines.extract import ListingAnalyzer  # noqa: E402
from pipelines.extraction.masking import mask_text  # noqa: E402
from timing import best_seconds  # noqa: E402  (bench/ is on the path of a bench script)


def paste(lines: int) -> str:
    out = []
    for i in range(lines):
        if i % 2:
            out.append(f"user{i}@qq.com:pass{i:06d}x email password")
        else:
            out.append(f"139{i:08d} 手机号 微信")
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=4000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    analyzer = ListingAnalyzer(salt="bench")
    for name, run in (("mask_text", lambda text: mask_text(text, "bench")),
                      ("analyze (extract + mask)", lambda text: analyzer.analyze(
                          {"id": "s:1", "site": "s", "listing_key": "1", "url": "http://x.onion/1",
                           "title": "combo list", "body": text}))):
        small, large = paste(args.lines), paste(2 * args.lines)
        t1, t2 = best_seconds(lambda: run(small), args.repeat), best_seconds(lambda: run(large), args.repeat)
        print(f"{name:26s} n={args.lines:6d}: {t1:7.3f} s   2n={2 * args.lines:6d}: {t2:7.3f} s   ratio {t2 / t1:4.2f}")


if __name__ == "__main__":
    main()
