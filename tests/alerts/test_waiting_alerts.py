"""The index stage retries undelivered alerts only while some are known to wait."""
from leakscout.alerts.sink import MailSink
from leakscout.core.config import load_settings
from pipelines.extract import ListingAnalyzer
from pipelines.index import ChunkIndexer
from pipelines.normalize import normalize_item
from tests.alerts.helpers import en_listing, zh_listing


def _documents(*items):
    analyzer = ListingAnalyzer(salt="t")
    return [analyzer.analyze(normalize_item(item)) for item in items]


def test_waiting_alerts_are_remembered_until_delivered(store, leakscout_env, tmp_path, monkeypatch):
    with MailSink(tmp_path / "down") as stopped:
        dead = stopped.url
    monkeypatch.setenv("LEAKSCOUT_SMTP_URL", dead)
    monkeypatch.setenv("LEAKSCOUT_ALERT_TO", "a@example.com")
    chunks = ChunkIndexer(store, load_settings())
    chunks.open()
    assert chunks.alerts_waiting is False          # nothing waits: chunks are not followed by a retry

    report, _ = chunks.index_chunk(_documents(zh_listing()), "2026-01-01T00:00:00.000Z")
    assert report.alerts_pending == 1 and chunks.alerts_waiting is True

    report, _ = chunks.index_chunk(_documents(en_listing()), "2026-01-01T00:00:01.000Z")
    assert chunks.alerts_waiting is True           # SMTP failed a moment ago: the retry is deferred

    with MailSink(tmp_path / "up") as sink:
        monkeypatch.setenv("LEAKSCOUT_SMTP_URL", sink.url)
        later = ChunkIndexer(store, load_settings())
        later.open()                                # a new run delivers what waited
        assert later.alerts_waiting is False
        assert len(sink.messages()) == 2
