"""Percolation throughput: listings per second matched against 10,000 stored watches, next to the
same listings against 100 watches, in one run (interleaved rounds), on the running node.

Watches are synthetic brands (a Latin name, a Chinese alias, some with exclusions, a minimum
severity or data kinds), built and stored exactly as `leakscout alerts sync` stores the
watchlist. Listings come in chunks of `--chunk` (the pipeline percolates one bulk chunk per
request); a quarter of them name a watched brand. Usage:
python bench/bench_percolation.py [--watches 10000] [--listings 2000] [--chunk 200] [--rounds 3]
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from leakscout.alerts.watches import percolate, sync_watches  # noqa: E402
from leakscout.core.config import load_settings  # noqa: E402
from leakscout.storage.index_admin import init_indices  # noqa: E402
from leakscout.storage.search import open_store  # noqa: E402
from leakscout.core.watchlist import WatchedBrand  # noqa: E402

CJK = "趣店携程顺丰京东拼多多美团饿了么滴滴快手抖音淘宝支付宝微信银行保险证券汽车医院学校酒店航空铁路"


def brands(count: int, rng: random.Random) -> list[WatchedBrand]:
    out = []
    for i in range(count):
        alias = "".join(rng.choice(CJK) for _ in range(3)) + f"{i}"
        out.append(WatchedBrand(
            name=f"Brand{i:05d}", aliases=(alias, f"brand{i:05d}.com"),
            exclude=("not from Brand",) if i % 7 == 0 else (),
            min_severity=40 if i % 5 == 0 else None,
            data_types=("phone", "loan") if i % 11 == 0 else (),
        ))
    return out


def listings(count: int, watched: list[WatchedBrand], rng: random.Random) -> list[dict]:
    docs = []
    for k in range(count):
        brand = rng.choice(watched)
        named = k % 4 == 0
        docs.append({
            "id": f"bench:{k}", "brands": [brand.name] if named else [],
            "claimed_source": brand.aliases[0] if named else "某平台",
            "title": f"出售{brand.aliases[0] if named else '某平台'}用户数据{k}万条",
            "body": "字段：姓名、手机号、借款额度、身份证 打包价10万元 " * 5,
            "severity": rng.randint(10, 95), "data_types": rng.sample(["name", "phone", "loan", "national_id"], 2),
        })
    return docs


def run(store, alias: str, docs: list[dict], chunk: int) -> tuple[float, int]:
    start = time.perf_counter()
    matches = 0
    for offset in range(0, len(docs), chunk):
        matches += len(percolate(store, alias, docs[offset:offset + chunk]))
    return len(docs) / (time.perf_counter() - start), matches


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--watches", type=int, default=10000)
    parser.add_argument("--small", type=int, default=100)
    parser.add_argument("--listings", type=int, default=2000)
    parser.add_argument("--chunk", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    rng = random.Random(7)
    store = open_store(load_settings(), timeout=120)
    big, small = f"bench-{uuid.uuid4().hex[:8]}", f"bench-{uuid.uuid4().hex[:8]}"
    watched = brands(args.watches, rng)
    try:
        for prefix, subset in ((big, watched), (small, watched[:args.small])):
            init_indices(store, prefix)
            started = time.perf_counter()
            sync_watches(store, f"{prefix}-watches", subset)
            print(f"stored {len(subset)} watches in {time.perf_counter() - started:.1f} s")
        docs_big = listings(args.listings, watched, rng)
        docs_small = listings(args.listings, watched[:args.small], rng)
        run(store, f"{big}-watches", docs_big[:args.chunk], args.chunk)  # warm-up
        rates: dict[str, list[float]] = {"big": [], "small": []}
        found = {}
        for _ in range(args.rounds):
            for key, prefix, docs in (("big", big, docs_big), ("small", small, docs_small)):
                rate, matches = run(store, f"{prefix}-watches", docs, args.chunk)
                rates[key].append(rate)
                found[key] = matches
    finally:
        for prefix in (big, small):
            store.request("DELETE", f"/{prefix}-*", ok=(404,))
            for name in ("listings", "alerts", "watches"):
                store.request("DELETE", f"/_index_template/{prefix}-{name}", ok=(404,))
        store.close()

    big_rate, small_rate = statistics.median(rates["big"]), statistics.median(rates["small"])
    print(f"{args.listings} listings in chunks of {args.chunk}, median of {args.rounds} rounds")
    print(f"{'watches':>10}{'listings/s':>14}{'matches':>10}")
    print(f"{args.small:>10}{small_rate:>14.0f}{found['small']:>10}")
    print(f"{args.watches:>10}{big_rate:>14.0f}{found['big']:>10}")
    print(f"{args.watches} watches run at {big_rate / small_rate:.2f}× the speed of {args.small}; "
          f"target ≥ 500 listings/s: {'met' if big_rate >= 500 else 'MISSED'}")


if __name__ == "__main__":
    main()
