"""Reposts and mirrors of one offer are linked; a different offer is not."""
import pytest

from leakscout.demo_market.generated import FIRST_LISTING_ID, listing_text
from pipelines.index import bulk_upsert
from pipelines.lifecycle import (SIMILAR_AT_LEAST, RepostLinker, add_fingerprint, minhash, shingles,
                                 similarity)
from tests.lifecycle.conftest import crawl, listing_id, listings

ORIGINAL = ("【趣店】近百万学生数据出售",
            "出售趣店学生数据近百万条，包含姓名、手机号、身份证、学校、借款金额、逾期天数、紧急联系人。"
            "价格10万，可分省出售，北京上海江苏每省8000。先验货后付款，量大从优，联系TG。")
REPOST = (ORIGINAL[0], ORIGINAL[1].replace("量大从优", "诚信交易").replace("10万", "9万").replace("联系TG", "私聊"))
MIRROR_EN = ("Qudian students DB, 1M rows",
             "Selling 1M records of Qudian students: name, phone, ID number, school, loan amount, overdue days, "
             "emergency contacts. Price 100k CNY, split by province possible, 8000 each for Beijing, Shanghai, "
             "Jiangsu. Check the sample first, pay after, bulk discount, contact on TG.")
MIRROR_EN_2 = (MIRROR_EN[0], MIRROR_EN[1].replace("Selling", "Offering").replace("bulk discount", "fair deal"))
OTHER = ("快递面单数据五万条", "出售某快递公司面单数据五万条，姓名电话地址齐全，江浙沪地区，新鲜数据，每条0.5元，"
         "批量优惠，支持担保交易，需要的私聊。")


def _signature(text):
    return minhash(shingles(*text))


def test_reposts_with_a_few_words_changed_are_similar_and_other_offers_are_not():
    assert similarity(_signature(ORIGINAL), _signature(REPOST)) >= SIMILAR_AT_LEAST
    assert similarity(_signature(MIRROR_EN), _signature(MIRROR_EN_2)) >= SIMILAR_AT_LEAST
    assert similarity(_signature(ORIGINAL), _signature(OTHER)) < 0.3
    assert similarity(_signature(MIRROR_EN), _signature(OTHER)) < 0.3
    # New numbers (price, count) alone do not make a new offer.
    assert similarity(_signature(ORIGINAL), _signature((ORIGINAL[0], ORIGINAL[1].replace("8000", "7500")))) == 1.0


def test_empty_or_missing_text_gets_no_fingerprint():
    document = {"title": None, "body": "  "}
    add_fingerprint(document)
    assert document["minhash"] is None and document["minhash_bands"] == []
    assert minhash(set()) is None


def _doc(key, text):
    return {"id": f"forum:{key}", "site": "forum", "listing_key": key, "url": f"http://forum/{key}",
            "title": text[0], "body": text[1], "status": "active"}


def _stored_before(store, alias, documents) -> dict:
    """What ChunkIndexer reads before an upsert and hands the linker."""
    found = store.request("POST", f"/{alias}/_mget", {"ids": [d["id"] for d in documents]},
                          params={"_source_includes": "status,first_seen,duplicate_of,offer_group"})
    return {doc["_id"]: doc["_source"] for doc in found["docs"] if doc.get("found")}


@pytest.fixture(params=["read back", "stored before"])
def index_and_link(request):
    """Upsert and link, the linker reading the chunk's own listings back from the index or given
    what the index held before the upsert (the crawl's way): the links must be the same."""
    def index_and_link(store, alias, documents, now):
        linker = RepostLinker(store, alias)
        for document in documents:
            add_fingerprint(document)
        stored = _stored_before(store, alias, documents)
        outcome = bulk_upsert(store, alias, documents, now=now)
        assert not outcome.failed
        return linker.link(documents) if request.param == "read back" else linker.link(documents, stored, now)
    return index_and_link


def test_a_repost_links_to_the_earliest_listing_and_joins_its_group(store, leakscout_env, index_and_link):
    alias = leakscout_env.listings_alias
    index_and_link(store, alias, [_doc("1", ORIGINAL), _doc("2", OTHER)], "2026-01-01T00:00:00.000Z")
    links = index_and_link(store, alias, [_doc("3", REPOST)], "2026-01-02T00:00:00.000Z")
    # A repost of the repost, in the same chunk as a re-crawl of the original.
    again = (REPOST[0], REPOST[1].replace("先验货后付款", "先付款后发货"))
    links += index_and_link(store, alias, [_doc("1", ORIGINAL), _doc("4", again)], "2026-01-03T00:00:00.000Z")

    found = listings(store, alias)
    assert [(link.id, link.duplicate_of, link.offer_group) for link in links] == [
        ("forum:3", "forum:1", "forum:1"), ("forum:4", "forum:1", "forum:1")]
    assert "duplicate_of" not in found["forum:1"] and found["forum:1"]["offer_group"] == "forum:1"
    assert found["forum:3"]["duplicate_of"] == "forum:1" and found["forum:3"]["offer_group"] == "forum:1"
    assert "duplicate_of" not in found["forum:2"] and found["forum:2"]["offer_group"] == "forum:2"

    # Linking again changes nothing, and a re-crawl keeps the link.
    assert index_and_link(store, alias, [_doc("3", REPOST), _doc("1", ORIGINAL)], "2026-01-04T00:00:00.000Z") == []
    assert listings(store, alias)["forum:3"]["duplicate_of"] == "forum:1"


def test_reposts_in_one_chunk_link_to_the_first_of_them(store, leakscout_env, index_and_link):
    alias = leakscout_env.listings_alias
    links = index_and_link(store, alias, [_doc("b", MIRROR_EN_2), _doc("a", MIRROR_EN), _doc("c", OTHER)],
                            "2026-01-01T00:00:00.000Z")
    assert [(link.id, link.duplicate_of) for link in links] == [("forum:b", "forum:a")]


def test_a_crawled_repost_is_linked_and_a_different_listing_is_not(store, leakscout_env, market):
    original = FIRST_LISTING_ID + 5
    title, body = listing_text(original)
    changed = {"Selling": "Offering", "for the whole lot": "for everything", "Fields:": "Columns:"}
    assert all(word in f"{title} {body}" for word in changed)
    market.repost(FIRST_LISTING_ID + 500, of=original, replacements=changed)
    crawl(market)

    found = listings(store, leakscout_env.listings_alias)
    assert len(found) == 21
    linked = {i: doc["duplicate_of"] for i, doc in found.items() if doc.get("duplicate_of")}
    assert linked == {listing_id(FIRST_LISTING_ID + 500): listing_id(original)}
    assert len({doc["offer_group"] for doc in found.values()}) == 20
