"""The search cluster stopped mid-crawl and restarted: nothing lost, nothing indexed twice, alerts once."""
import email
import subprocess
import time
from email import policy

from leakscout.alerts.sink import MailSink
from leakscout.core.config import load_settings
from leakscout.demo_market.generated import serve_generated_market
from leakscout.storage.search import open_store
from leakscout.storage.spool import Spool
from tests.conftest import subprocess_env

LISTINGS = 60


def _count(url: str, alias: str) -> int:
    import urllib.request, json  # noqa: E401 — plain HTTP: the node may be down

    try:
        urllib.request.urlopen(f"{url}/{alias}/_refresh", data=b"", timeout=5).read()
        with urllib.request.urlopen(f"{url}/{alias}/_count", timeout=5) as response:
            return json.loads(response.read())["count"]
    except OSError:
        return -1


def test_cluster_down_mid_crawl_then_replay(private_node, leakscout_env, tmp_path, monkeypatch):
    monkeypatch.setenv("LEAKSCOUT_ES_URL", private_node.url)
    settings = load_settings()
    alias = settings.listings_alias
    with serve_generated_market(LISTINGS, per_page=5, delay=0.3) as market, MailSink(tmp_path / "mail") as sink:
        env = subprocess_env(LEAKSCOUT_SMTP_URL=sink.url, LEAKSCOUT_ALERT_TO="a@example.com")
        crawl = subprocess.Popen(
            ["leakscout", "crawl", "demo_market", "-a", f"start_urls={market.entry_url}",
             "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=2",
             "-s", "LEAKSCOUT_BULK_SIZE=5"],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 120
        while _count(private_node.url, alias) < 5 and time.monotonic() < deadline and crawl.poll() is None:
            time.sleep(0.2)
        indexed_before_outage = _count(private_node.url, alias)
        private_node.stop()
        _, stderr = crawl.communicate(timeout=300)

        spooled = Spool(settings.home).pending_documents()
        assert 0 < indexed_before_outage < LISTINGS, stderr[-2000:]
        assert spooled > 0, stderr[-2000:]
        status = subprocess.run(["leakscout", "status"], env=env, capture_output=True, text=True)
        assert status.returncode == 1 and f"spool: {spooled} listing(s) waiting" in status.stdout

        refused = subprocess.run(["leakscout", "index", "replay"], env=env, capture_output=True, text=True)
        assert refused.returncode == 1 and "not reachable" in refused.stderr  # still down: nothing lost
        assert Spool(settings.home).pending_documents() == spooled

        private_node.start()
        # A bulk request cut by the stop may have landed and been spooled too: replay is idempotent.
        assert _count(private_node.url, alias) + spooled >= LISTINGS
        replay = subprocess.run(["leakscout", "index", "replay"], env=env, capture_output=True, text=True,
                                timeout=300)
        assert replay.returncode == 0, replay.stderr[-2000:]

        store = open_store(load_settings())
        store.refresh(alias)
        hits = store.search(alias, {"size": 1000, "_source": ["history", "brands"]})["hits"]["hits"]
        assert sorted(h["_id"] for h in hits) == sorted(f"demo-en:{i}" for i in market.listing_ids())
        assert all(len(h["_source"]["history"]) == 1 for h in hits)  # each listing indexed once
        assert Spool(settings.home).pending_documents() == 0

        qudian = {h["_id"] for h in hits if "Qudian" in (h["_source"].get("brands") or [])}
        mailed = [email.message_from_bytes(p.read_bytes(), policy=policy.default)["X-Leakscout-Alert"]
                  for p in sink.messages()]
        store.refresh(settings.alerts_alias)
        alerts = store.search(settings.alerts_alias, {"size": 1000, "query": {"term": {"kind": "new"}}})["hits"]["hits"]
        assert qudian and {a["_source"]["listing_id"] for a in alerts} == qudian
        assert sorted(mailed) == sorted(a["_id"] for a in alerts)  # one mail per alert, none twice
