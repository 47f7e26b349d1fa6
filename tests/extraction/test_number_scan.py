"""The number-token pre-scan finds every useful match a full regex scan finds, on both labelled corpora."""
import json
import os

import pytest

from pipelines.extraction import counts, prices
from pipelines.extraction.normalize import normalize

CORPUS_DIR = os.path.join(os.path.dirname(__file__), "corpus")
TEXTS = [json.loads(line)["text"] for name in ("listings.jsonl", "heldout.jsonl")
         for line in open(os.path.join(CORPUS_DIR, name), encoding="utf-8") if line.strip()]
EXTRA = [
    "half a million rows, a quarter of a million users, 1.5.3 版本 .5 btc 一二三四五六七八九十一二三四五六七八九十条",
    "total records: 12,345 | subscribers - 9.7m | 打包价：人民币 3 万元 | price: usdt 500",
    "accounts x 2000, members:  77k, total rows : 5m, 价 为  300, asking us$ 12k, ¥  80万, 售价是\t\t5000",
    "张** 138****5678 3201**********1234 2024-05-01 12,34万条 5 万 元 三十万条 1.2.3 users 7,000, rows",
    "4w7 3万6千 2亿3千万条 100多w一手 11万6会员 5000菠菜数据 2018开房数据 ,6812条 1.200,50 € €1.500 2,50€ 0,05 btc",
    "2.5个币 0.01个比特币 全量8亿条,本次出4亿 27万电话+13万微信 md5 hashes sha-1 4.1w全国 2300w开房",
]


def _useful_count(m):
    return bool(m.group("zc") or m.group("zn") or m.group("en"))


def _useful_price(m):
    return bool(m.group("pc") or m.group("sc") or m.group("cue"))


CASES = [
    ("count", counts.SCANS["count"], _useful_count),
    ("word_first", counts.SCANS["word_first"], None),
    ("bare", counts.SCANS["bare"], None),
    ("before_data", counts.SCANS["before_data"], None),
    ("price", prices.SCAN, _useful_price),
]


@pytest.mark.parametrize("name,scan,useful", CASES, ids=[c[0] for c in CASES])
def test_scan_near_numbers_finds_what_a_full_scan_finds(name, scan, useful):
    keep = useful or (lambda m: True)
    for text in TEXTS + EXTRA:
        norm = normalize(text)
        full = [m.span() for m in scan.pattern.finditer(norm) if keep(m)]
        near = [m.span() for m in scan.finditer(norm) if keep(m)]
        assert near == full, text
