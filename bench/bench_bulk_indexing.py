"""Bulk indexing throughput through the pipeline vs a raw _bulk of the same documents.

Both run in one process against the same node, interleaved, so machine noise hits both alike.
Prints documents per second for each and their ratio (pipeline / raw). Needs a running node
(`leakscout es up`). Usage: python bench/bench_bulk_indexing.py [--docs 5000] [--rounds 3]
"""
from __future__ import annotations

import argparse
import statistics
import time
import uuid
from functools import partial

from leakscout.core.config import load_settings
from leakscout.storage.index_admin import init_indices
from leakscout.storage.search import open_store
from pipelines.extract import ListingAnalyzer
from pipelines.index import bulk_upsert
from pipelines.normalize import normalize_item

TEMPLATES = [
    "【{brand}】近{n}万用户数据出售 打包价{p}万元 字段：姓名、手机号、身份证、地址 格式CSV 样例 13812345678",
    "Selling {n}00k rows of {brand} customers, full name, email, phone, {p} BTC, sql dump, posted 2026-10-0{d}",
    "出售{brand}快递数据（全国）{n}万条 每条0.1元 含收件人姓名电话地址 自动发货",
]
BRANDS = ["趣店", "顺丰", "携程", "Chase", "JD", "拼多多", "Marriott", "中国移动"]


def make_items(count: int) -> list[dict]:
    items = []
    for i in range(count):
        text = TEMPLATES[i % len(TEMPLATES)].format(brand=BRANDS[i % len(BRANDS)], n=1 + i % 90, p=1 + i % 9,
                                                  d=1 + i % 9)
        items.append({"site": "bench", "listing_key": str(i), "url": f"http://bench.example/{i}",
                      "title": text[:40], "body": text * 4, "seller": f"seller{i % 50}"})
    return items


def run_pipeline(items, analyzer, upsert, chunk: int) -> float:
    start = time.perf_counter()
    buffer = []
    for item in items:
        buffer.append(analyzer.analyze(normalize_item(item)))
        if len(buffer) >= chunk:
            upsert(buffer)
            buffer = []
    upsert(buffer)
    return time.perf_counter() - start


def run_upsert_only(documents, upsert, chunk: int) -> float:
    start = time.perf_counter()
    for offset in range(0, len(documents), chunk):
        upsert(documents[offset:offset + chunk])
    return time.perf_counter() - start


def run_raw(documents, store, index: str, chunk: int) -> float:
    start = time.perf_counter()
    for offset in range(0, len(documents), chunk):
        actions = []
        for document in documents[offset:offset + chunk]:
            actions.append({"index": {"_index": index, "_id": document["id"]}})
            actions.append({key: value for key, value in document.items() if key != "id"})
        store.bulk(actions)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--chunk", type=int, default=200)
    args = parser.parse_args()

    settings = load_settings()
    store = open_store(settings, timeout=120)
    prefix = f"bench-{uuid.uuid4().hex[:8]}"
    init_indices(store, prefix)
    analyzer = ListingAnalyzer(salt="bench")
    items = make_items(args.docs)
    documents = [analyzer.analyze(normalize_item(item)) for item in items]  # the raw side's input
    times = {"pipeline": [], "upsert": [], "raw": []}
    index = f"{prefix}-listings"
    try:
        for round_ in range(args.rounds):
            sides = ["pipeline", "upsert", "raw"]
            for side in sides if round_ % 2 == 0 else reversed(sides):
                store.refresh(index)
                store.request("POST", f"/{index}/_delete_by_query", {"query": {"match_all": {}}},
                              params={"refresh": "true", "conflicts": "proceed"})
                if side == "pipeline":
                    elapsed = run_pipeline(items, analyzer, partial(bulk_upsert, store, index), args.chunk)
                elif side == "upsert":
                    elapsed = run_upsert_only(documents, partial(bulk_upsert, store, index), args.chunk)
                else:
                    elapsed = run_raw(documents, store, index, args.chunk)
                times[side].append(elapsed)
    finally:
        store.request("DELETE", f"/{prefix}-*", ok=(404,))
        for name in ("listings", "alerts"):
            store.request("DELETE", f"/_index_template/{prefix}-{name}", ok=(404,))

    rate = {side: args.docs / statistics.median(values) for side, values in times.items()}
    print(f"documents: {args.docs}, chunk {args.chunk}, rounds {args.rounds} (medians), {store.product} {store.version}")
    print(f"pipeline (normalize + extract + mask + scripted upsert): {rate['pipeline']:8,.0f} docs/s")
    print(f"indexing stage alone (scripted upsert via _bulk):        {rate['upsert']:8,.0f} docs/s")
    print(f"raw _bulk index of the same documents:                   {rate['raw']:8,.0f} docs/s")
    print(f"ratio pipeline/raw: {rate['pipeline'] / rate['raw']:.2f}   "
          f"ratio indexing stage/raw: {rate['upsert'] / rate['raw']:.2f}")


if __name__ == "__main__":
    main()
