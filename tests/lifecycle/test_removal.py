"""Listings that disappear are marked removed, only after a complete crawl, and come back active."""
from leakscout.demo_market.generated import FIRST_LISTING_ID
from crawlers.extensions import incomplete_reasons
from tests.lifecycle.conftest import crawl, listing_id, listings

GONE = [FIRST_LISTING_ID + 3, FIRST_LISTING_ID + 9, FIRST_LISTING_ID + 17]


def test_a_complete_crawl_marks_vanished_listings_removed_and_a_relisting_active(store, leakscout_env, market):
    alias = leakscout_env.listings_alias
    crawl(market)
    first = listings(store, alias)
    assert len(first) == 20 and {doc["status"] for doc in first.values()} == {"active"}

    market.remove(*GONE)
    result = crawl(market)

    second = listings(store, alias)
    removed = {i for i, doc in second.items() if doc["status"] == "removed"}
    assert removed == {listing_id(i) for i in GONE}
    assert all(second[i]["removed_at"] >= second[i]["last_seen"] for i in removed)
    assert all("removed_at" not in doc for i, doc in second.items() if i not in removed)
    assert "3 listing(s) no longer listed marked removed" in result.stderr

    market.restore(GONE[0])
    crawl(market)

    third = listings(store, alias)
    back = third[listing_id(GONE[0])]
    assert back["status"] == "active" and "removed_at" not in back
    assert back["first_seen"] == first[listing_id(GONE[0])]["first_seen"]
    assert back["history"] == first[listing_id(GONE[0])]["history"]
    assert {i for i, doc in third.items() if doc["status"] == "removed"} == {listing_id(i) for i in GONE[1:]}


def test_a_capped_crawl_marks_nothing_removed(store, leakscout_env, market):
    crawl(market)
    market.remove(*GONE)

    result = crawl(market, "-s", "CLOSESPIDER_PAGECOUNT=4")

    assert "finish_reason closespider_pagecount" in result.stderr
    assert {doc["status"] for doc in listings(store, leakscout_env.listings_alias).values()} == {"active"}


def test_a_crawl_with_a_failing_index_page_marks_nothing_removed(store, leakscout_env, market):
    crawl(market)
    market.remove(*GONE)
    market.fail("/en/market/page-2.html")   # the listings behind it were not seen: not gone

    result = crawl(market, "-s", "RETRY_TIMES=1")

    assert "the crawl was incomplete" in result.stderr and "retry/max_reached" in result.stderr
    assert {doc["status"] for doc in listings(store, leakscout_env.listings_alias).values()} == {"active"}


def test_incomplete_reasons():
    assert incomplete_reasons("finished", {"item_scraped_count": 20, "retry/count": 2}) == []
    assert incomplete_reasons("shutdown", {}) == ["finish_reason shutdown"]
    assert incomplete_reasons("finished", {"spider_exceptions/ValueError": 1}) == ["spider_exceptions/ValueError=1"]
    assert incomplete_reasons("finished", {"httperror/response_ignored_status_count/503": 2}) != []
    assert incomplete_reasons("finished", {"httperror/response_ignored_status_count/404": 2}) == []  # a listing taken down
    assert incomplete_reasons("finished", {"leakscout/spooled": 2, "leakscout/rejected": 1, "item_dropped_count": 1}) == [
        "leakscout/spooled=2", "leakscout/rejected=1", "item_dropped_count=1"]
    assert incomplete_reasons(None, {}) == ["finish_reason None"]
