"""First pipeline stage: stable ids and clean text, or a dropped item with a reason."""
import json

import pytest
from scrapy.exceptions import DropItem

from crawlers.item_pipelines import NormalizePipeline
from pipelines.normalize import clean_text, listing_id


@pytest.mark.parametrize("site, key, expected", [
    ("demo-zh", "48213", "demo-zh:48213"),
    ("demo-forum", "7104#90412", "demo-forum:7104~90412"),       # forum post keys stay readable
    ("tg", "channel/77", "tg:h" + __import__("hashlib").sha1(b"channel/77").hexdigest()),
])
def test_listing_id(site, key, expected):
    assert listing_id(site, key) == expected


def test_ids_of_different_keys_never_collide():
    keys = ["1#2", "1~2", "1/2", "1 2", "1#2#3", "1~2~3"]
    assert len({listing_id("s", k) for k in keys}) == len(keys)


@pytest.mark.parametrize("raw, clean", [
    ("  a\u200bb\u202e c  ", "ab c"),                 # zero-width and bidi controls removed
    ("x\r\ny\r\n\r\n\r\nz", "x\ny\n\nz"),
    ("全角\u3000空格\t\t多", "全角 空格\t多"),                # a tab stays: it separates user<TAB>password
    ("１３９\u00ad1234\u2066５６７８\u2069", "13912345678"),    # full-width digits, soft hyphen, isolates
    ("a\u034fb\u061cc\u180ed\ufe0fe\U000e0020f", "abcdef"),     # CGJ, ALM, MVS, VS16, tag space
    ("x＠y﹫z\u2236w", "x@y@z:w"),                              # look-alike @ and colon folded
    ("价格，八千元（含税）：", "价格，八千元（含税）："),                # Chinese punctuation stays as written
    (None, ""),
])
def test_clean_text(raw, clean):
    assert clean_text(raw) == clean


def test_clean_text_is_capped():
    assert len(clean_text("长" * 500_000)) == 200_000


@pytest.mark.parametrize("item, reason", [
    ({"listing_key": "1", "url": "u", "title": "t"}, "listing without site"),
    ({"site": "s", "listing_key": "1", "url": "u", "title": " ", "body": "\u200b"}, "without title or text"),
])
def test_unusable_items_are_dropped_with_a_reason(item, reason):
    with pytest.raises(DropItem, match=reason):
        NormalizePipeline().process_item(item)


def test_a_listing_whose_url_or_key_holds_personal_data_is_stored_with_a_hashed_key_and_a_masked_url():
    from pipelines.normalize import normalize_item

    item = {"site": "s", "listing_key": "seller/alice.w@example.com/7", "title": "t",
            "url": "http://m.onion/seller/alice.w%40example.com/7?tel=13912345678"}
    one, two = normalize_item(dict(item), "salt"), normalize_item(dict(item), "salt")
    assert one["id"] == two["id"] and one["listing_key"].startswith("p")       # stable across crawls
    stored = json.dumps(one, ensure_ascii=False)
    for value in ("alice.w", "13912345678", "%40example"):
        assert value not in stored
    assert "a***@example.com" in one["url"] and "139****5678" in one["url"]
    assert normalize_item(dict(item), "other")["id"] != one["id"]              # salted: not a plain hash of the value
    plain = normalize_item({"site": "s", "listing_key": "4471", "url": "http://m.onion/listing/4471", "title": "t"}, "salt")
    assert plain["id"] == "s:4471" and plain["url"] == "http://m.onion/listing/4471"
