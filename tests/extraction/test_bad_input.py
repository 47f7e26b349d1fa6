import time

import pytest

from pipelines.extraction import RECORD_KEYS, mask_text
from pipelines.extraction.normalize import MAX_TEXT_CHARS


@pytest.mark.parametrize("text", ["", None, "   ", "\u200b\u200e\u202e", "🙂" * 10])
def test_empty_like(extractor, text):
    rec = extractor.extract(text)
    assert tuple(rec) == RECORD_KEYS
    assert rec["brands"] == [] and rec["price"] is None and rec["record_count"] is None


def test_zero_width_and_bidi_do_not_hide_matches(extractor):
    rec = extractor.extract("趣\u200b店\u200d学生\u202e数据 35\u200b万条")
    assert rec["brands"] == ["Qudian"] and rec["record_count"] == 350000
    assert rec["claimed_source"] == "趣\u200b店"


def test_giant_numbers(extractor):
    rec = extractor.extract("出售数据 " + "9" * 400 + "条 价格" + "9" * 400 + "元 records $" + "1" * 30 + " 123456789012345678901234条")
    assert rec["record_count"] is None
    assert rec["price"] is None or rec["price"]["amount_usd"] is None or rec["price"]["amount_usd"] < 1e16


def test_huge_text_is_capped(extractor):
    text = "出售趣店用户数据 10万条 " + "无关内容 " * 100_000 + " 京东用户数据"
    assert len(text) > MAX_TEXT_CHARS
    start = time.perf_counter()
    rec = extractor.extract(text)
    assert rec["brands"] == ["Qudian"]  # the tail beyond the cap is not read
    assert time.perf_counter() - start < 30  # generous: guards against runaway, not a benchmark


@pytest.mark.parametrize("evil", [
    "1" * 50_000, "1," * 30_000, "a" * 50_000 + "@", ("x" * 60 + ":") * 2000, "万" * 50_000,
    "$" + "9" * 50_000, "每" * 20_000 + "条", "-" * 40_000, "1." * 30_000, "aa@" * 20_000,
])
def test_redos_prone_inputs_finish(extractor, evil):
    start = time.perf_counter()
    extractor.extract(evil)
    mask_text(evil, salt="s")
    assert time.perf_counter() - start < 20


def test_bytes_input_is_decoded(extractor):
    rec = extractor.extract("趣店学生数据 35万条".encode("gb18030"))
    assert rec["brands"] == ["Qudian"] and rec["record_count"] == 350000


def test_pure_function(extractor):
    text = "京东用户数据 1000万条 打包价 50000元"
    assert extractor.extract(text) == extractor.extract(text)
