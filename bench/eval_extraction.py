#!/usr/bin/env python
"""Per-field precision / recall / F1 of the extractor against the labelled corpus.

usage: python bench/eval_extraction.py [CORPUS.jsonl ...] [--errors]

Without a corpus it scores both shipped corpora: listings.jsonl (the corpus the rules were
developed on) and heldout.jsonl (written and labelled before the extractor was run on it).

Scoring
- brands, data kinds, regions: micro-averaged over (listing, value) pairs.
- price (amount within 1 % and same currency), record count (within 1 %), file format (equal):
  per listing; a wrong prediction counts as a false positive and, if a value was expected, a false negative.
Exits non-zero only if the evaluation itself crashes.
"""
from __future__ import annotations

import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

from pipelines.extraction import build_extractor  # noqa: E402

CORPUS_DIR = os.path.join(os.path.dirname(HERE), "tests", "extraction", "corpus")
DEFAULT_CORPUS = os.path.join(CORPUS_DIR, "listings.jsonl")
HELDOUT_CORPUS = os.path.join(CORPUS_DIR, "heldout.jsonl")
TARGETS = {"brand": 0.95, "price": 0.95, "record_count": 0.95, "data_types": 0.85, "regions": 0.85}


def _close(a, b, tol=0.01) -> bool:
    if a is None or b is None:
        return False
    a, b = float(a), float(b)
    return abs(a - b) <= tol * max(abs(b), 1e-12)


class Score:
    def __init__(self):
        self.tp = self.fp = self.fn = 0

    def sets(self, pred, gold):
        pred, gold = set(pred), set(gold)
        self.tp += len(pred & gold)
        self.fp += len(pred - gold)
        self.fn += len(gold - pred)

    def scalar(self, pred, gold, same):
        if pred is None and gold is None:
            return
        if pred is not None and gold is not None and same(pred, gold):
            self.tp += 1
            return
        if pred is not None:
            self.fp += 1
        if gold is not None:
            self.fn += 1

    def prf(self):
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f


def _price_same(pred, gold) -> bool:
    return pred.get("currency") == gold.get("currency") and _close(pred.get("amount"), gold.get("amount"))


def evaluate(corpus_path: str = DEFAULT_CORPUS, show_errors: bool = False) -> dict:
    extractor = build_extractor()
    scores = {k: Score() for k in ("brand", "price", "record_count", "data_types", "regions", "file_format")}
    n = 0
    with open(corpus_path, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            item = json.loads(line)
            gold = item["expected"]
            rec = extractor.extract(item["text"])
            n += 1
            checks = {
                "brand": (rec["brands"], gold["brands"]),
                "data_types": (rec["data_types"], gold["data_types"]),
                "regions": (rec["regions"], gold["regions"]),
            }
            for key, (p, g) in checks.items():
                scores[key].sets(p, g)
                if show_errors and set(p) != set(g):
                    print(f"{item['id']} {key}: got {sorted(set(p))} want {sorted(set(g))}  | {item['text'][:70]}")
            price_pred = rec["price"]
            scores["price"].scalar(price_pred, gold["price"], _price_same)
            scores["record_count"].scalar(rec["record_count"], gold["record_count"], _close)
            scores["file_format"].scalar(rec["file_format"], gold["file_format"], lambda a, b: a == b)
            if show_errors:
                if (price_pred is None) != (gold["price"] is None) or (price_pred and not _price_same(price_pred, gold["price"])):
                    got = price_pred and {k: price_pred[k] for k in ("amount", "currency")}
                    print(f"{item['id']} price: got {got} want {gold['price']}  | {item['text'][:70]}")
                if not (rec["record_count"] == gold["record_count"] or _close(rec["record_count"], gold["record_count"])):
                    print(f"{item['id']} count: got {rec['record_count']} want {gold['record_count']}  | {item['text'][:70]}")
                if rec["file_format"] != gold["file_format"]:
                    print(f"{item['id']} format: got {rec['file_format']} want {gold['file_format']}")
    return {"n": n, **{k: dict(zip(("precision", "recall", "f1"), s.prf())) for k, s in scores.items()}}


FIELDS = ("brand", "price", "record_count", "data_types", "regions", "file_format")


def main(argv: list[str]) -> int:
    corpora = [a for a in argv if not a.startswith("--")] or [DEFAULT_CORPUS, HELDOUT_CORPUS]
    results = []
    for corpus in corpora:
        if "--errors" in argv:
            print(f"== errors: {os.path.relpath(corpus)}")
        results.append((corpus, evaluate(corpus, show_errors="--errors" in argv)))
    for corpus, result in results:
        print(f"corpus: {os.path.relpath(corpus)}  listings: {result['n']}")
        print(f"{'field':<14}{'precision':>10}{'recall':>10}{'f1':>8}{'target':>8}")
        for key in FIELDS:
            r = result[key]
            target = TARGETS.get(key)
            mark = "" if target is None else ("  ok" if r["f1"] >= target else "  BELOW")
            print(f"{key:<14}{r['precision']:>10.3f}{r['recall']:>10.3f}{r['f1']:>8.3f}{(target or 0):>8.2f}{mark}")
    if len(results) > 1:
        print("f1 side by side: " + "  ".join(os.path.basename(c) for c, _ in results))
        for key in FIELDS:
            print(f"{key:<14}" + "".join(f"{r[key]['f1']:>14.3f}" for _, r in results))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
