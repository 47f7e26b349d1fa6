import hashlib

import pytest

from pipelines.extraction import mask_text
from pipelines.extraction.masking import luhn_ok, valid_cn_id

CASES = [
    ("手机 13812345678", "手机 138****5678", "phone"),
    ("+86 139 1234 5678", "+86 139****5678", "phone"),
    ("tel +1 415-555-2671", "tel +1 ******2671", "phone"),
    ("身份证 11010519491231002X", "身份证 110105********002X", "national_id"),
    ("mail a.b@qq.com", "mail a***@qq.com", "email"),
    ("card 4111 1111 1111 1111", "card ************1111", "payment_card"),
    ("QQ: 12345678", "QQ: 12****78", "qq"),
    ("john_doe:hunter22", "jo***:********", "credential"),
    ("alice@example.com:Passw0rd!", "a***@example.com:********", "credential"),
]


@pytest.mark.parametrize("text,masked,kind", CASES)
def test_masks(text, masked, kind):
    r = mask_text(text, salt="s")
    assert r.text == masked
    assert [s["kind"] for s in r.samples] == [kind]


@pytest.mark.parametrize("text", [
    "1000000条", "价格100000元", "2017年", "法释〔2017〕10号", "12:30:45", "2024-03-05", "Telegram:@seller",
    "https://example.com", "110105194912310021",          # bad ID checksum
    "1000000000000000条", "4111111111111112",             # round count, bad Luhn
    "Price: 500", "QQ群 2017",
])
def test_leaves_non_identifiers_alone(text):
    r = mask_text(text, salt="s")
    assert r.text == text and r.samples == []


def test_hash_is_salted_sha256_of_canonical_form():
    r = mask_text("13812345678", salt="pepper")
    assert r.samples[0]["hash"] == hashlib.sha256(b"pepper+8613812345678").hexdigest()
    assert mask_text("13812345678", salt="other").samples[0]["hash"] != r.samples[0]["hash"]
    r = mask_text("Alice@Example.com", salt="x")
    assert r.samples[0]["hash"] == hashlib.sha256(b"xalice@example.com").hexdigest()


def test_idempotent():
    text = "样本：张三 13812345678 11010519491231002X a.b@qq.com\nQQ: 12345678\njohn_doe:hunter22\n4111111111111111"
    once = mask_text(text, salt="s")
    twice = mask_text(once.text, salt="s")
    assert twice.text == once.text and twice.samples == []
    assert len(once.samples) == 6


def test_validators():
    assert valid_cn_id("11010519491231002X")
    assert not valid_cn_id("110105194912310021")
    assert luhn_ok("4111111111111111") and not luhn_ok("4111111111111112")


def test_empty():
    assert mask_text("", salt="s").text == "" and mask_text(None, salt="s").samples == []
