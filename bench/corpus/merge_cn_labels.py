#!/usr/bin/env python
"""Merge hand-label files of the Chinese market titles into cn-market-titles.labels.jsonl.

usage: python bench/corpus/merge_cn_labels.py LABELS.jsonl [LABELS.jsonl ...]
       python bench/corpus/merge_cn_labels.py --dev2 LABELS.jsonl [LABELS.jsonl ...]
       python bench/corpus/merge_cn_labels.py --dev3 LABELS.jsonl [LABELS.jsonl ...]

Each input holds one annotator's labels (one JSON object a line, fields of contract section 2 plus an
optional note; the annotators labelled disjoint sets of titles). The output keeps the labels only: id,
fields and split, never titles or notes (a note may quote the title). The split is fixed by the id alone:
test if int(sha256("split:" + id), 16) is even, else dev. Labels are copied as written; a malformed label
(a kind outside the vocabulary, a bad region code, a brand without its spelling) stops the merge.

--dev2: a later batch of other titles, all development data (split "dev2"), written to its own file
cn-market-titles.dev2.labels.jsonl; an id already in the first labels file stops the merge.
--dev3: the same for the last batch (the titles neither earlier file labels; a per-record price alone is no
`price` there, as contract section 2 says), written to cn-market-titles.dev3.labels.jsonl.
"""
from __future__ import annotations

import json
import os
import re
import sys

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "cn-market-titles.labels.jsonl")
OUT_DEV2 = os.path.join(os.path.dirname(os.path.abspath(__file__)), "cn-market-titles.dev2.labels.jsonl")
OUT_DEV3 = os.path.join(os.path.dirname(os.path.abspath(__file__)), "cn-market-titles.dev3.labels.jsonl")
FIELDS = ("brands", "claimed_source", "price", "record_count", "data_types", "regions", "file_format")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # bench/: the split rule
from eval_extraction import split_of  # noqa: E402
from pipelines.extraction import VOCABULARY  # noqa: E402

REGION = re.compile(r"^[A-Z]{2}(-[A-Z0-9]{1,3})?$")


def check(lab: dict, where: str) -> None:
    missing = [f for f in ("id", *FIELDS) if f not in lab]
    if missing:
        raise SystemExit(f"{where}: missing {missing}")
    if set(lab["data_types"]) - set(VOCABULARY):
        raise SystemExit(f"{where}: kinds outside the vocabulary {sorted(set(lab['data_types']) - set(VOCABULARY))}")
    if not all(REGION.match(r) for r in lab["regions"]):
        raise SystemExit(f"{where}: malformed region in {lab['regions']}")
    if any(not b.get("name") or not b.get("as_written") for b in lab["brands"]):
        raise SystemExit(f"{where}: a brand without name or as_written")
    if lab["record_count"] is not None and not isinstance(lab["record_count"], int):
        raise SystemExit(f"{where}: record_count must be an integer")


def main(paths: list[str]) -> int:
    batch = next((p[2:] for p in paths if p in ("--dev2", "--dev3")), None)
    paths = [p for p in paths if p not in ("--dev2", "--dev3")]
    out = {"dev2": OUT_DEV2, "dev3": OUT_DEV3}.get(batch, OUT)
    merged, seen = [], set()
    earlier: set[str] = set()
    for previous in {"dev2": (OUT,), "dev3": (OUT, OUT_DEV2)}.get(batch, ()):
        with open(previous, encoding="utf-8") as fh:
            earlier |= {json.loads(line)["id"] for line in fh if line.strip()}
    for path in paths:
        with open(path, encoding="utf-8") as fh:
            for number, line in enumerate(fh, start=1):
                if not line.strip():
                    continue
                lab = json.loads(line)
                check(lab, f"{os.path.basename(path)} line {number}")
                if lab["id"] in seen:
                    raise SystemExit(f"{os.path.basename(path)} line {number}: {lab['id']} labelled twice")
                if lab["id"] in earlier:
                    raise SystemExit(f"{os.path.basename(path)} line {number}: {lab['id']} is in an earlier labels file")
                seen.add(lab["id"])
                split = batch or split_of(lab["id"])
                merged.append({"id": lab["id"], **{f: lab[f] for f in FIELDS}, "split": split})
    merged.sort(key=lambda lab: int(lab["id"].rsplit("-", 1)[1]) if lab["id"].rsplit("-", 1)[1].isdigit() else 0)
    with open(out, "w", encoding="utf-8") as fh:
        fh.writelines(json.dumps(lab, ensure_ascii=False) + "\n" for lab in merged)
    dev = sum(lab["split"] != "test" for lab in merged)
    print(f"{len(merged)} labels: {dev} dev, {len(merged) - dev} test -> {os.path.basename(out)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
