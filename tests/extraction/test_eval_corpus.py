"""The real-text labels of bench/corpus are well-formed, and bench/eval_extraction.py scores them as documented.

The real texts are not in the project: tests that need them skip when the shared corpus directory is absent."""
import importlib.util
import io
import json
import os
import re
from contextlib import redirect_stdout

import pytest

from pipelines.extraction import VOCABULARY

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _load_eval():
    spec = importlib.util.spec_from_file_location("eval_extraction", os.path.join(ROOT, "bench", "eval_extraction.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


ev = _load_eval()
CORPUS_DIR = ev.shared_corpus_dir()
needs_corpus = pytest.mark.skipif(not os.path.isdir(CORPUS_DIR),
                                  reason="shared real-text corpus absent (../shared/corpus or LEAKSCOUT_CORPUS_DIR)")
needs_labels = pytest.mark.skipif(not os.path.exists(ev.CN_LABELS), reason="cn-market-titles labels not written yet")
REGION = re.compile(r"^[A-Z]{2}(-[A-Z0-9]{1,3})?$")


def _cn_labels():
    return ev.read_jsonl(ev.CN_LABELS)


def test_hibp_mapping_kinds_are_in_the_vocabulary():
    mapping = ev.hibp_kind_map()
    assert len(mapping) >= 100
    assert {k for kinds in mapping.values() for k in kinds} <= set(VOCABULARY)
    assert mapping["Passwords"] == ("credentials",) and mapping["Usernames"] == ()


@needs_corpus
def test_hibp_mapping_covers_every_class_in_the_corpus():
    rows = ev.read_jsonl(os.path.join(CORPUS_DIR, "hibp-breaches.jsonl"))
    present = {c for r in rows for c in r["data_classes"]}
    assert present - set(ev.hibp_kind_map()) == set()


@needs_labels
def test_cn_labels_are_well_formed():
    labels = _cn_labels()
    assert len(labels) >= 400
    ids = [lab["id"] for lab in labels]
    assert len(set(ids)) == len(ids)
    for lab in labels:
        assert "title" not in lab and "text" not in lab  # labels only: texts stay outside the project
        assert set(lab) >= {"id", "brands", "claimed_source", "price", "record_count", "data_types", "regions",
                            "file_format", "split"}
        assert lab["split"] == ev.split_of(lab["id"])
        assert set(lab["data_types"]) <= set(VOCABULARY), lab["id"]
        assert all(REGION.match(r) for r in lab["regions"]), lab["id"]
        assert all(b["name"] and b["as_written"] for b in lab["brands"]), lab["id"]
        if lab["price"] is not None:
            assert lab["price"]["amount"] > 0 and lab["price"]["currency"], lab["id"]
        assert lab["record_count"] is None or (isinstance(lab["record_count"], int) and lab["record_count"] > 0)
        assert lab["file_format"] is None or lab["file_format"] == lab["file_format"].lower()
    splits = {s: {lab["id"] for lab in labels if lab["split"] == s} for s in ("dev", "test")}
    assert splits["dev"] and splits["test"] and not splits["dev"] & splits["test"]


@needs_labels
@needs_corpus
def test_cn_labels_refer_to_real_titles():
    titles = {r["id"]: r["title"] for r in ev.read_jsonl(os.path.join(CORPUS_DIR, "cn-market-titles.jsonl"))}
    for lab in _cn_labels():
        assert lab["id"] in titles
        for b in lab["brands"]:
            assert b["as_written"] in titles[lab["id"]], (lab["id"], b)


@needs_corpus
def test_real_text_splits_are_disjoint_and_balanced():
    hibp, _ = ev.hibp_items(CORPUS_DIR)
    bf, _ = ev.breachforums_items(CORPUS_DIR)
    for items in (hibp, bf):
        dev = {i["gold"]["brand"][0] for i in items if i["split"] == "dev"}
        test = {i["gold"]["brand"][0] for i in items if i["split"] == "test"}
        assert not dev & test
        assert 0.4 < len(test) / (len(dev) + len(test)) < 0.6
    # one service falls into the same split in both corpora
    hibp_split = {i["gold"]["brand"][0]: i["split"] for i in hibp}
    assert all(hibp_split.get(i["gold"]["brand"][0], i["split"]) == i["split"] for i in bf)


def test_count_within_the_proses_rounding():
    assert ev.count_within_rounding(15_000_000, 14_936_670)     # "almost 15 million"
    assert ev.count_within_rounding(8_000_000, 8_661_578)       # "over 8 million"
    assert ev.count_within_rounding(1_000_000, 1_900_000)       # "over 1 million"
    assert not ev.count_within_rounding(5, 4_009_640)
    assert not ev.count_within_rounding(100_000_000, 7_485_802)
    assert not ev.count_within_rounding(None, 10)


def test_claimed_source_right_when_present_and_overlapping():
    text = "某省教育厅35W大学生数据"
    same = ev._source_overlaps(text)
    assert same("某省教育厅", "某省教育厅35W")
    assert same("Example Shop", "example-shop")
    assert not same("大学生", "某省教育厅")


class _Fixed:
    """Stands in for the extractor: returns the record given for each text."""
    def __init__(self, records):
        self.records = records

    def extract(self, text):
        base = {"brands": [], "claimed_source": None, "price": None, "record_count": None, "data_types": [],
                "regions": [], "file_format": None}
        return {**base, **self.records[text]}


def test_scores_per_split_with_precision_recall_and_right():
    items = [
        {"id": "a", "text": "t1", "lang": "zh", "split": "dev",
         "gold": {"brand": ["JD.com"], "price": {"amount": 100, "currency": "CNY"}, "record_count": 800000}},
        {"id": "b", "text": "t2", "lang": "zh", "split": "dev",
         "gold": {"brand": [], "price": None, "record_count": None}},
        {"id": "c", "text": "t3", "lang": "zh", "split": "test",
         "gold": {"brand": ["Ctrip"], "price": {"amount": 1, "currency": "BTC"}, "record_count": 32_000_000}},
    ]
    extractor = _Fixed({
        "t1": {"brands": ["jd.com"], "price": {"amount": 100.5, "currency": "CNY"}, "record_count": 800000},
        "t2": {"brands": ["Vipshop"], "record_count": 5},
        "t3": {"price": {"amount": 1, "currency": "CNY"}, "record_count": 32_000_000},
    })
    out = ev.score_items(extractor, items)
    dev, test, both = out["dev"], out["test"], out["all"]
    assert (dev["n"], test["n"], both["n"]) == (2, 1, 3)
    assert dev["brand"]["precision"] == 0.5 and dev["brand"]["recall"] == 1.0
    assert test["brand"]["recall"] == 0.0
    assert dev["price"]["right"] == 1.0 and test["price"]["right"] == 0.0   # BTC is not CNY
    assert dev["record_count"]["right"] == 0.5                               # a count where none was stated
    assert "regions" not in both                                             # no gold: not scored


def _write_fake_corpus(tmp_path):
    hibp = [
        {"name": "Examplemart", "record_count": 2_000_000, "data_classes": ["Email addresses", "Usernames"],
         "description": "DEVTEXT In 2020, the shop Examplemart suffered a data breach of 2 million email addresses."},
        {"name": "Samplebook", "record_count": 300_000, "data_classes": ["Passwords"],
         "description": "TESTTEXT In 2019, the forum Samplebook was hacked and 300k passwords were taken."},
    ]
    with open(tmp_path / "hibp-breaches.jsonl", "w", encoding="utf-8") as fh:
        fh.writelines(json.dumps(r) + "\n" for r in hibp)
    return {r["name"]: ev.split_of(r["name"]) for r in hibp}


def test_errors_never_print_test_texts_and_json_reports_both_splits(tmp_path, monkeypatch):
    splits = _write_fake_corpus(tmp_path)
    assert set(splits.values()) == {"dev", "test"}  # the two made-up names fall into different splits
    monkeypatch.setenv("LEAKSCOUT_CORPUS_DIR", str(tmp_path))
    buf = io.StringIO()
    with redirect_stdout(buf):
        assert ev.main(["--corpus", "hibp", "--errors", "--json"]) == 0
    printed = buf.getvalue()
    dev_marker = "DEVTEXT" if splits["Examplemart"] == "dev" else "TESTTEXT"
    test_marker = "TESTTEXT" if dev_marker == "DEVTEXT" else "DEVTEXT"
    assert test_marker not in printed
    report = json.loads(printed[printed.index("{\n"):])
    assert report["real"]["hibp"]["dev"]["n"] == 1 and report["real"]["hibp"]["test"]["n"] == 1
    assert report["real"]["hibp"]["_timing"]["watchlist"] == 2


def test_missing_corpus_prints_a_skip_line(tmp_path, monkeypatch):
    monkeypatch.setenv("LEAKSCOUT_CORPUS_DIR", str(tmp_path / "absent"))
    buf = io.StringIO()
    with redirect_stdout(buf):
        assert ev.main(["--corpus", "hibp"]) == 0
    assert "skipped hibp: shared corpus directory not found" in buf.getvalue()
