#!/usr/bin/env python
"""Per-field precision / recall / F1 of the extractor: the project's own corpus and real texts.

usage: python bench/eval_extraction.py [CORPUS.jsonl ...] [--corpus NAME[,NAME]] [--split dev|dev2|dev3|test|all]
                                       [--errors] [--json] [--code-root DIR]

Corpora (NAME)
- listings, heldout: the project's own labelled corpora (tests/extraction/corpus/*.jsonl), scored as always
  against TARGETS, with the built-in watchlist only. Extra CORPUS.jsonl paths in the same format are scored
  the same way.
- cn-titles: real Chinese market titles labelled by hand (bench/corpus/cn-market-titles.labels.jsonl; the
  titles themselves are read from the shared corpus directory at run time), plus a later batch of other titles
  of the same file, labelled the same way (bench/corpus/cn-market-titles.dev2.labels.jsonl): all development
  data, scored as its own column `dev2`; and the last batch (cn-market-titles.dev3.labels.jsonl, column `dev3`),
  labelled after the others, with a per-record price alone as no `price` (contract section 2).
- hibp: HIBP breach descriptions with silver labels (see `hibp_items`).
- breachforums: `Name Database` titles of a breach forum's index (the text is the title); brand and claimed
  source only. breachforums-unwatched: the same with an empty watchlist (unknown sources, the dictionary).
Real texts live outside the project: LEAKSCOUT_CORPUS_DIR, else ../shared/corpus from the project root.
When that directory is missing, those corpora print a skip line and the own corpora are still scored.

Splits: every real-text item is dev or test, computed, never tuned: test when
int(sha256("split:" + key), 16) is even, where key is the title id (cn-titles) or the breached service's name
(hibp, breachforums; the same name falls into the same split in both). The cn-titles label file carries the
split it was given; the dev2 and dev3 labels are all `dev2` / `dev3`. --errors prints dev, dev2 and dev3 (and own corpus) errors only;
test texts are never printed.

Watchlist: as the external scorer does, every gold brand of a real-text corpus is on the watchlist of that
corpus (name, plus the text's spelling as an alias for cn-titles), built through the same path as
`leakscout extract --watchlist` (parse_watchlist -> build_extractor); one extractor per watchlist.

Scoring
- brands, data kinds, regions: micro-averaged over (text, value) pairs. Brand names compare after NFKC,
  casefold and dropping everything but letters and digits.
- claimed_source: per text; right when present and overlapping the gold words (one contains the other
  after the same folding, or their first occurrences in the text overlap).
- price (amount within 1 % and same currency), record count, file format (equal): per text; a wrong
  prediction counts as a false positive and, if a value was expected, a false negative.
  "right" = texts where the prediction equals the gold value / texts where either is non-null.
- record count on hibp: the prose rounds the loaded count ("almost 15 million" for 14,936,670), so a
  prediction is right within +-10 % of the loaded count, or when it equals the count rounded (to nearest,
  down or up) to one or two significant digits ("over 8 million" for 8,661,578; "over 1 million" for 1.9M).
- A field without gold labels in a corpus is not scored there ("-").
Targets: the own corpus keeps TARGETS (F1); real texts show MUST_SHOW, the issue's targets (brand F1 and
precision, record count and price "right", kinds and regions F1); a figure below its target is marked "!".
Exits non-zero only if the evaluation itself crashes.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import time
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CORPUS_DIR = os.path.join(ROOT, "tests", "extraction", "corpus")
DEFAULT_CORPUS = os.path.join(CORPUS_DIR, "listings.jsonl")
HELDOUT_CORPUS = os.path.join(CORPUS_DIR, "heldout.jsonl")
LABELS_DIR = os.path.join(HERE, "corpus")
CN_LABELS = os.path.join(LABELS_DIR, "cn-market-titles.labels.jsonl")
CN_DEV2_LABELS = os.path.join(LABELS_DIR, "cn-market-titles.dev2.labels.jsonl")
CN_DEV3_LABELS = os.path.join(LABELS_DIR, "cn-market-titles.dev3.labels.jsonl")
SPLITS = ("dev", "dev2", "dev3", "test")
HIBP_CLASSES = os.path.join(LABELS_DIR, "hibp-data-classes.tsv")
TARGETS = {"brand": 0.95, "price": 0.95, "record_count": 0.95, "data_types": 0.85, "regions": 0.85}
# the "Must show" for real texts: (metric, minimum)
MUST_SHOW = {"brand": (("f1", 0.90), ("precision", 0.90)), "record_count": (("right", 0.90),),
             "price": (("right", 0.90),), "data_types": (("f1", 0.85),), "regions": (("f1", 0.85),)}
FIELDS = ("brand", "claimed_source", "price", "record_count", "data_types", "regions", "file_format")
OWN_FIELDS = ("brand", "price", "record_count", "data_types", "regions", "file_format")
REAL_CORPORA = ("cn-titles", "hibp", "breachforums", "breachforums-unwatched")
SHORT = {"cn-titles": "cn", "hibp": "hibp", "breachforums": "bf", "breachforums-unwatched": "bf-nowl"}


def shared_corpus_dir() -> str:
    return os.environ.get("LEAKSCOUT_CORPUS_DIR") or os.path.join(ROOT, "..", "shared", "corpus")


def split_of(key: str) -> str:
    return "test" if int(hashlib.sha256(("split:" + key).encode("utf-8")).hexdigest(), 16) % 2 == 0 else "dev"


def fold(s: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", s).casefold() if ch.isalnum())


def _close(a, b, tol=0.01) -> bool:
    if a is None or b is None:
        return False
    a, b = float(a), float(b)
    return abs(a - b) <= tol * max(abs(b), 1e-12)


def _rounded_forms(n: int) -> set[int]:
    forms = set()
    for digits in (1, 2):
        unit = 10 ** max(len(str(n)) - digits, 0)
        forms |= {n // unit * unit, -(-n // unit) * unit, (n + unit // 2) // unit * unit}
    return forms


def count_within_rounding(pred, gold) -> bool:
    """hibp: the prose's rounding of the loaded count (see the module docstring)."""
    if pred is None or gold is None:
        return False
    return _close(pred, gold, 0.10) or int(pred) in _rounded_forms(int(gold))


def _price_same(pred, gold) -> bool:
    return pred.get("currency") == gold.get("currency") and _close(pred.get("amount"), gold.get("amount"))


def _source_overlaps(text: str):
    def same(pred: str, gold: str) -> bool:
        p, g = fold(pred), fold(gold)
        if p and g and (p in g or g in p):
            return True
        i, j = text.find(pred), text.find(gold)
        return i >= 0 and j >= 0 and i < j + len(gold) and j < i + len(pred)
    return same


class Score:
    def __init__(self):
        self.tp = self.fp = self.fn = 0
        self.seen = self.right = 0  # scalar fields: texts where either side has a value / where they agree

    def sets(self, pred, gold):
        pred, gold = set(pred), set(gold)
        self.tp += len(pred & gold)
        self.fp += len(pred - gold)
        self.fn += len(gold - pred)
        return pred == gold

    def scalar(self, pred, gold, same):
        if pred is None and gold is None:
            return True
        self.seen += 1
        if pred is not None and gold is not None and same(pred, gold):
            self.tp += 1
            self.right += 1
            return True
        if pred is not None:
            self.fp += 1
        if gold is not None:
            self.fn += 1
        return False

    def prf(self):
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f

    def as_dict(self, scalar: bool) -> dict:
        p, r, f = self.prf()
        d = {"precision": p, "recall": r, "f1": f, "tp": self.tp, "fp": self.fp, "fn": self.fn}
        if scalar:
            d["right"] = self.right / self.seen if self.seen else 1.0
        return d


SCALAR = {"claimed_source", "price", "record_count", "file_format"}


# ---------------------------------------------------------------------------------------------- corpora
# An item: {"id", "text", "lang", "split", "gold": {field: value}}; a field missing from gold is not scored.

def own_items(path: str) -> list[dict]:
    items = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            row = json.loads(line)
            g = row["expected"]
            items.append({"id": row["id"], "text": row["text"], "lang": row.get("lang") or "?", "split": "own",
                          "gold": {"brand": g["brands"], "price": g["price"], "record_count": g["record_count"],
                                   "data_types": g["data_types"], "regions": g["regions"],
                                   "file_format": g["file_format"]}})
    return items


def read_jsonl(path: str) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def cn_title_items(corpus_dir: str) -> tuple[list[dict], list[dict]]:
    titles = {r["id"]: r["title"] for r in read_jsonl(os.path.join(corpus_dir, "cn-market-titles.jsonl"))}
    items, watch = [], []
    labels = read_jsonl(CN_LABELS)
    for batch, path in (("dev2", CN_DEV2_LABELS), ("dev3", CN_DEV3_LABELS)):
        if os.path.exists(path):
            labels += [{**lab, "split": batch} for lab in read_jsonl(path)]
    for lab in labels:
        items.append({"id": lab["id"], "text": titles[lab["id"]], "lang": "zh", "split": lab["split"],
                      "gold": {"brand": [b["name"] for b in lab["brands"]], "claimed_source": lab["claimed_source"],
                               "price": lab["price"], "record_count": lab["record_count"],
                               "data_types": lab["data_types"], "regions": lab["regions"],
                               "file_format": lab["file_format"]}})
        watch += [(b["name"], b.get("as_written")) for b in lab["brands"]]
    return items, watch


def hibp_kind_map(path: str = HIBP_CLASSES) -> dict[str, tuple[str, ...]]:
    out = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip() or line.startswith("#"):
                continue
            cls, kinds = line.rstrip("\n").split("\t")
            out[cls] = () if kinds == "-" else tuple(k.strip() for k in kinds.split(","))
    return out


_DISAMBIGUATION = re.compile(r"\s*\([^()]*\)\s*$")  # "Abandonia (2015)": HIBP's key, not the service's name


def hibp_items(corpus_dir: str) -> tuple[list[dict], list[dict]]:
    """Silver labels: brand and claimed source = the breach's name, record count within the prose's rounding,
    data kinds = data_classes through hibp-data-classes.tsv. Regions, price, file format: not scored."""
    kinds = hibp_kind_map()
    items, watch = [], []
    for row in read_jsonl(os.path.join(corpus_dir, "hibp-breaches.jsonl")):
        name = _DISAMBIGUATION.sub("", row["name"]) or row["name"]
        mapped = list(dict.fromkeys(k for c in row["data_classes"] for k in kinds[c]))
        items.append({"id": row["name"], "text": row["description"], "lang": "en", "split": split_of(name),
                      "gold": {"brand": [name], "claimed_source": name, "record_count": row["record_count"],
                               "data_types": mapped}})
        watch.append((name, None))
    return items, watch


def breachforums_items(corpus_dir: str) -> tuple[list[dict], list[dict]]:
    """Titles "X Database" only (not Collection / Combolist / Scrape); the text is the title; gold brand = X."""
    items, watch = [], []
    for row in read_jsonl(os.path.join(corpus_dir, "breachforums-index.jsonl")):
        title = row["title"]
        if not title.endswith(" Database"):
            continue
        name = title[: -len(" Database")].strip()
        items.append({"id": title, "text": title, "lang": "en", "split": split_of(name),
                      "gold": {"brand": [name], "claimed_source": name}})
        watch.append((name, None))
    return items, watch


def breachforums_unwatched_items(corpus_dir: str) -> tuple[list[dict], list[dict]]:
    """The same titles with an empty watchlist: is an unknown source still named (claimed_source), and does
    the project's own dictionary know it (brand)?"""
    items, _ = breachforums_items(corpus_dir)
    return items, []


LOADERS = {"cn-titles": cn_title_items, "hibp": hibp_items, "breachforums": breachforums_items,
           "breachforums-unwatched": breachforums_unwatched_items}


def watchlist_yaml(pairs) -> str:
    """Every gold brand once (the watchlist refuses a name twice), its spellings as aliases."""
    import yaml

    names: dict[str, dict] = {}
    for name, alias in pairs:
        entry = names.setdefault(name.casefold(), {"name": name, "aliases": []})
        if alias and alias != entry["name"] and alias not in entry["aliases"]:
            entry["aliases"].append(alias)
    brands = [{"name": e["name"], **({"aliases": e["aliases"]} if e["aliases"] else {})} for e in names.values()]
    return yaml.safe_dump({"brands": brands}, allow_unicode=True, sort_keys=False)


def build(watch_pairs=()):
    from pipelines.extraction import build_extractor

    if not watch_pairs:
        return build_extractor()
    from leakscout.core.watchlist import parse_watchlist

    return build_extractor(watchlist_brands=parse_watchlist(watchlist_yaml(watch_pairs), "<eval watchlist>").brands)


# ---------------------------------------------------------------------------------------------- scoring

def score_items(extractor, items: list[dict], count_same=None, show_errors: bool = False,
                fields=FIELDS) -> dict:
    """Scores per column: "all" plus one per split and per language present. Returns {column: {n, field: {...}}}."""
    count_same = count_same or _close
    cols: dict[str, dict] = {}
    for item in items:
        rec = extractor.extract(item["text"])
        gold, text = item["gold"], item["text"]
        keys = ("all", item["split"], f"{item['split']}:{item['lang']}")
        targets = [cols.setdefault(k, {"n": 0, "scores": {}}) for k in dict.fromkeys(keys)]
        for t in targets:
            t["n"] += 1
        for field in fields:
            if field not in gold:
                continue
            g = gold[field]
            if field == "brand":
                p, g = {fold(b) for b in rec["brands"]}, {fold(b) for b in g}
                ok = all([_t["scores"].setdefault(field, Score()).sets(p, g) for _t in targets])
                shown_p, shown_g = sorted(rec["brands"]), sorted(gold["brand"])
            elif field in ("data_types", "regions"):
                p = rec[field]
                ok = all([_t["scores"].setdefault(field, Score()).sets(p, g) for _t in targets])
                shown_p, shown_g = sorted(set(p)), sorted(set(g))
            else:
                p = rec[field]
                same = {"claimed_source": _source_overlaps(text), "price": _price_same,
                        "record_count": count_same, "file_format": lambda a, b: a == b}[field]
                ok = all([_t["scores"].setdefault(field, Score()).scalar(p, g, same) for _t in targets])
                if field == "price" and p is not None:
                    p = {"amount": p["amount"], "currency": p["currency"]}
                shown_p, shown_g = p, g
            if show_errors and not ok and item["split"] in ("dev", "dev2", "dev3", "own"):
                print(f"{item['id']} {field}: got {shown_p} want {shown_g}  | {text[:80]}")
    out = {}
    for key, col in cols.items():
        out[key] = {"n": col["n"], **{f: s.as_dict(f in SCALAR) for f, s in col["scores"].items()}}
    return out


def evaluate(corpus_path: str = DEFAULT_CORPUS, show_errors: bool = False) -> dict:
    """The project's own corpus format, with the built-in watchlist only (unchanged behaviour)."""
    result = score_items(build(), own_items(corpus_path), show_errors=show_errors, fields=OWN_FIELDS)["all"]
    return {"n": result["n"], **{k: {m: result[k][m] for m in ("precision", "recall", "f1")} for k in OWN_FIELDS}}


def evaluate_real(name: str, corpus_dir: str, splits: tuple[str, ...], show_errors: bool = False) -> dict:
    items, watch = LOADERS[name](corpus_dir)
    items = [i for i in items if i["split"] in splits]
    started = time.perf_counter()
    extractor = build(watch)
    built = time.perf_counter()
    if show_errors:
        print(f"== errors: {name} (dev, dev2 and dev3 splits only)")
    result = score_items(extractor, items, count_same=count_within_rounding if name == "hibp" else None,
                         show_errors=show_errors)
    done = time.perf_counter()
    result["_timing"] = {"build_s": built - started, "extract_s": done - built, "texts": len(items),
                         "watchlist": len({n.casefold() for n, _ in watch})}
    return result


# ---------------------------------------------------------------------------------------------- output

def code_identity() -> str:
    """Which extractor ran (from PYTHONPATH or --code-root): its version and commit, no paths."""
    import pipelines.extraction as px

    where = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(px.__file__))))
    try:
        commit = subprocess.run(["git", "-C", where, "rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "-C", where, "status", "--porcelain", "--", "pipelines"],
                               capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        commit, dirty = "", ""
    changes = " + uncommitted changes" if dirty else ""
    return f"extractor version {px.EXTRACTOR_VERSION}, code at commit {commit or '?'}{changes}"


COL = 14


def _cell(v, below: bool) -> str:
    return f"{'-':>{COL - 1}} " if v is None else f"{v:>{COL - 1}.3f}{'!' if below else ' '}"


def _below(field: str, metric: str, value) -> bool:
    return value is not None and any(m == metric and value < t for m, t in MUST_SHOW.get(field, ()))


def _target_text(field: str) -> str:
    names = {"f1": "F1", "precision": "P", "right": "right"}
    return " ".join(f"{names[m]}>={t:.2f}" for m, t in MUST_SHOW.get(field, ()))


def print_table(columns: list[tuple[str, dict]], marks: bool) -> None:
    print(f"{'field':<15}{'metric':<10}" + "".join(f"{c:>{COL - 1}} " for c, _ in columns)
          + ("  target (issue)" if marks else ""))
    print(f"{'texts':<25}" + "".join(f"{r['n']:>{COL - 1}} " for _, r in columns))
    for field in FIELDS:
        if not any(field in r for _, r in columns):
            continue
        metrics = ["precision", "recall", "f1"] + (["right"] if field in SCALAR else [])
        for i, metric in enumerate(metrics):
            cells = "".join(_cell(r[field][metric] if field in r else None,
                                  marks and _below(field, metric, r[field][metric] if field in r else None))
                            for _, r in columns)
            label = field if i == 0 else ""
            print(f"{label:<15}{metric:<10}{cells}" + (f"  {_target_text(field)}" if marks and i == 0 else ""))


def main(argv: list[str]) -> int:
    args = list(argv)

    def option(flag):
        if flag in args:
            i = args.index(flag)
            value = args[i + 1] if i + 1 < len(args) else ""
            del args[i:i + 2]
            return value
        return None

    code_root = option("--code-root")
    if code_root:
        sys.path.insert(0, os.path.abspath(code_root))
    try:
        import pipelines.extraction  # noqa: F401  (from PYTHONPATH unless --code-root)
    except ImportError:
        sys.path.append(ROOT)  # last resort: this checkout's own code, after anything on PYTHONPATH
    split = option("--split") or "all"
    if split not in (*SPLITS, "all"):
        print("--split must be dev, dev2, dev3, test or all", file=sys.stderr)
        return 2
    chosen = option("--corpus")
    chosen = [c.strip() for c in chosen.split(",") if c.strip()] if chosen else None
    show_errors = "--errors" in args
    as_json = "--json" in args
    paths = [a for a in args if not a.startswith("--")]
    splits = SPLITS if split == "all" else (split,)

    own = []
    if paths:
        own = [(os.path.basename(p).removesuffix(".jsonl"), p) for p in paths]
    else:
        for name, path in (("listings", DEFAULT_CORPUS), ("heldout", HELDOUT_CORPUS)):
            if chosen is None or name in chosen:
                own.append((name, path))
    real = [] if paths else [n for n in REAL_CORPORA if chosen is None or n in chosen]
    unknown = set(chosen or ()) - {"listings", "heldout", *REAL_CORPORA}
    if unknown:
        print(f"unknown corpus {sorted(unknown)}; known: listings, heldout, {', '.join(REAL_CORPORA)}", file=sys.stderr)
        return 2

    report: dict = {"extractor": code_identity(), "own": {}, "real": {}, "skipped": {}}
    extractor = build() if own else None
    for name, path in own:
        if show_errors:
            print(f"== errors: {name}")
        report["own"][name] = score_items(extractor, own_items(path), show_errors=show_errors, fields=OWN_FIELDS)
    corpus_dir = shared_corpus_dir()
    for name in real:
        if not os.path.isdir(corpus_dir):
            report["skipped"][name] = "shared corpus directory not found (set LEAKSCOUT_CORPUS_DIR)"
            continue
        if name == "cn-titles" and not os.path.exists(CN_LABELS):
            report["skipped"][name] = "no labels yet (bench/corpus/cn-market-titles.labels.jsonl)"
            continue
        report["real"][name] = evaluate_real(name, corpus_dir, splits, show_errors)

    if as_json:
        print(json.dumps(report, indent=1, ensure_ascii=False))
        return 0
    print(report["extractor"])
    if own:
        print("\n== the project's own corpora (built-in watchlist), F1 target: " +
              ", ".join(f"{k} {v:.2f}" for k, v in TARGETS.items()))
        cols = []
        for name, _ in own:
            res = report["own"][name]
            cols.append((name, res["all"]))
            langs = sorted(k.split(":")[1] for k in res if k.startswith("own:"))
            if len(langs) > 1:
                cols += [(f"{name}:{lang}", res[f"own:{lang}"]) for lang in langs]
        print_table(cols, marks=False)
        verdicts = []
        for name, _ in own:
            for k, t in TARGETS.items():
                f1 = report["own"][name]["all"][k]["f1"]
                verdicts.append(f"{name}/{k} {f1:.3f}{'' if f1 >= t else ' BELOW'}")
        print("own corpus F1 vs target: " + "  ".join(verdicts))
    if report["real"] or report["skipped"]:
        print("\n== real texts (every gold brand on the corpus's watchlist); '!' = below the issue's target")
        print("   " + ", ".join(f"{SHORT[n]} = {n}" for n in report["real"]))
        cols = []
        for name, res in report["real"].items():
            cols += [(f"{SHORT[name]}:{s}", res[s]) for s in splits if s in res]
        if cols:
            print_table(cols, marks=True)
        for name, res in report["real"].items():
            t = res["_timing"]
            print(f"{name}: {t['texts']} texts, watchlist {t['watchlist']} brands, build {t['build_s']:.1f} s, "
                  f"extraction {t['texts'] / max(t['extract_s'], 1e-9):.0f} texts/s")
        for name, why in report["skipped"].items():
            print(f"skipped {name}: {why}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
