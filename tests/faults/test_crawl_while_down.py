"""A crawl started while the search cluster is down goes on: its listings are spooled from the first
page, and indexed (and alerted) once when the cluster is back. A crawl that got nothing exits 1."""
from __future__ import annotations

import re
import subprocess

from leakscout.alerts.sink import MailSink
from leakscout.core.config import load_settings
from leakscout.crawl import crawl_problem
from leakscout.storage.spool import Spool
from tests.conftest import subprocess_env
from tests.faults.helpers import all_docs, check_listings, check_mails, market_with_qudian

DOWN = "http://127.0.0.1:9"   # the discard port: nothing listens


def test_a_crawl_with_the_cluster_down_spools_every_listing_and_the_replay_indexes_and_alerts_once(
        store, leakscout_env, tmp_path):
    settings = load_settings()
    with market_with_qudian(originals=12, qudian=3, delay=0.0, per_page=5) as (market, qudian), \
            MailSink(tmp_path / "mail") as sink:
        mail = {"LEAKSCOUT_SMTP_URL": sink.url, "LEAKSCOUT_ALERT_TO": "analyst@example.com"}
        crawl = subprocess.run(["leakscout", "crawl", "demo_market", "-a", f"start_urls={market.entry_url}"],
                               env=subprocess_env(LEAKSCOUT_ES_URL=DOWN, **mail),
                               capture_output=True, text=True, timeout=300)
        assert crawl.returncode == 0, crawl.stderr[-3000:]
        listings = len(market.listing_ids())
        assert Spool(settings.home).pending_documents() == listings
        assert f"crawl finished: {listings} listings, 0 new, 0 alerts sent, {listings} spooled" in crawl.stdout
        assert crawl.stderr.count("The crawl goes on: its listings are spooled") == 1, crawl.stderr[-3000:]
        assert all_docs(store, settings.listings_alias) == {} and sink.messages() == []

        status = subprocess.run(["leakscout", "status"], env=subprocess_env(LEAKSCOUT_ES_URL=DOWN),
                                capture_output=True, text=True, timeout=120)
        assert f"spool: {listings} listing(s) waiting" in status.stdout

        replay = subprocess.run(["leakscout", "index", "replay"], env=subprocess_env(**mail),
                                capture_output=True, text=True, timeout=300)
        assert replay.returncode == 0, replay.stderr[-3000:]
        assert f"{listings} spooled listing(s) indexed" in replay.stdout
        assert Spool(settings.home).pending_documents() == 0

        check_listings(store, settings.listings_alias, market)   # each listing once, one history entry
        alerts = {alert_id for alert_id, alert in all_docs(store, settings.alerts_alias).items()
                  if alert["kind"] == "new"}
        assert {all_docs(store, settings.alerts_alias)[a]["listing_id"] for a in alerts} == \
            {f"demo-en:{i}" for i in qudian}
        assert not check_mails(sink, alerts)   # every alert mailed, none twice

        # A crawl with the cluster back replays nothing more and mails nothing again.
        again = subprocess.run(["leakscout", "crawl", "demo_market", "-a", f"start_urls={market.entry_url}"],
                               env=subprocess_env(**mail), capture_output=True, text=True, timeout=300)
        assert again.returncode == 0, again.stderr[-3000:]
        assert "spooled" not in again.stdout
        assert not check_mails(sink, alerts)


def test_a_crawl_whose_requests_all_fail_exits_1_with_one_line(leakscout_env):
    result = subprocess.run(["leakscout", "crawl", "demo_market", "-a",
                             "start_urls=http://127.0.0.1:9/en/market/page-1.html"],
                            env=subprocess_env(LEAKSCOUT_ES_URL=DOWN), capture_output=True, text=True, timeout=300)
    assert result.returncode == 1
    last = result.stderr.strip().splitlines()[-1]
    assert re.fullmatch(r"leakscout: error: crawl failed: none of its \d+ request\(s\) got a page "
                        r"\(mostly DownloadConnectionRefusedError\)", last), last


def test_crawl_problem_names_a_crawl_that_got_no_page_or_stored_nothing_it_saw():
    ok = {"downloader/request_count": 5, "downloader/response_status_count/200": 5, "item_scraped_count": 4}
    assert crawl_problem({**ok, "leakscout/indexed": 4}, stores_listings=True) is None
    assert crawl_problem({**ok, "leakscout/spooled": 4}, stores_listings=True) is None
    assert crawl_problem(ok, stores_listings=False) is None        # ITEM_PIPELINES={}: nothing to store
    assert crawl_problem({**ok, "item_scraped_count": 0}, stores_listings=True) is None   # saw no listing
    assert crawl_problem({**ok, "leakscout/rejected": 4}, stores_listings=True) == \
        "crawl failed: it saw 4 listing(s) and stored none (neither indexed nor spooled); see its log"
    assert crawl_problem({"downloader/request_count": 2, "downloader/exception_type_count/x.TimeoutError": 2},
                         stores_listings=False) == "crawl failed: none of its 2 request(s) got a page (mostly TimeoutError)"
    assert crawl_problem({"downloader/request_count": 3, "downloader/response_status_count/503": 2,
                          "downloader/response_status_count/404": 1}, stores_listings=True) == \
        "crawl failed: none of its 3 request(s) got a page (mostly HTTP 503)"
    assert crawl_problem({"downloader/request_count": 3, "downloader/response_status_count/404": 1,
                          "downloader/response_status_count/301": 1}, stores_listings=False) is None


def _analysed(*keys: str) -> list[dict]:
    from pipelines.extract import ListingAnalyzer
    from pipelines.normalize import normalize_item

    analyzer = ListingAnalyzer(salt="test")
    return [analyzer.analyze(normalize_item({
        "site": "demo-en", "listing_key": key, "url": f"http://127.0.0.1/en/listing/{key}.html",
        "title": f"京东用户数据 {key}万条", "body": "价格 500 USDT"})) for key in keys]


def test_when_the_cluster_answers_mid_crawl_the_spool_is_replayed_before_the_next_chunk(store, leakscout_env):
    import dataclasses

    from pipelines.index import CrawlIndexer

    indexer = CrawlIndexer(dataclasses.replace(leakscout_env, es_url=DOWN), retry_seconds=0)
    assert indexer.open().cluster_down
    down = indexer.index_chunk(_analysed("1", "2"), "2026-01-01T00:00:00.000Z")
    assert (down.spooled, down.indexed, down.cluster_down) == (2, 0, True)
    assert indexer.spool.pending_documents() == 2

    indexer.settings = leakscout_env    # the cluster is back
    back = indexer.index_chunk(_analysed("3"), "2026-01-01T00:01:00.000Z")
    indexer.close()
    assert (back.indexed, back.spooled, back.cluster_down) == (3, 0, False)   # 2 replayed, then the chunk
    assert indexer.spool.pending_documents() == 0
    assert sorted(all_docs(store, leakscout_env.listings_alias)) == ["demo-en:1", "demo-en:2", "demo-en:3"]
