"""Each alert mailed once: the delivery journal survives a SIGKILL between the SMTP server's "250"
and the alert document's update; claims keep two dispatchers from sending the same alert. Real
node, real SMTP server (the project's aiosmtpd sink), real processes killed with SIGKILL."""
import logging
import signal
import subprocess
import sys
import threading
from collections import Counter

import pytest

from leakscout.alerts.dispatcher import NO_CHANNEL, AlertDispatcher
from leakscout.alerts.journal import DeliveryJournal
from leakscout.core.config import load_settings
from leakscout.storage.search import open_store
from leakscout.core.timeutil import utc_now
from leakscout.core.watchlist import load_watchlist
from pipelines.extract import ListingAnalyzer
from pipelines.index import ChunkIndexer
from pipelines.normalize import normalize_item
from tests.alerts.helpers import WATCHLIST, read_mails, zh_listing
from tests.conftest import subprocess_env

# A child process that delivers pending alerts and SIGKILLs itself at one point of the first delivery.
KILLED_SENDER = """
import os, signal, sys
from leakscout.alerts import dispatcher, journal
from leakscout.core.config import load_settings
from leakscout.storage.search import open_store
from leakscout.core.watchlist import load_watchlist

def die(*args):
    os.kill(os.getpid(), signal.SIGKILL)

if sys.argv[1] == "after-journal":   # the mail is accepted and journaled; the index never hears of it
    append = journal.DeliveryJournal.append
    journal.DeliveryJournal.append = lambda self, *args: (append(self, *args), die())
else:                                 # "after-accept": the mail is accepted, the journal never hears of it
    journal.DeliveryJournal.record = die
settings = load_settings()
dispatcher.AlertDispatcher(open_store(settings), load_watchlist(settings.watchlist), settings).deliver_pending()
"""


def _pending_alerts(store, settings, count: int) -> list[str]:
    """`count` Qudian listings indexed while no channel is configured: `count` pending alerts."""
    analyzer = ListingAnalyzer(salt="t")
    documents = [analyzer.analyze(normalize_item(zh_listing(listing_key=str(5000 + i)))) for i in range(count)]
    chunks = ChunkIndexer(store, settings)
    chunks.open()
    chunks.index_chunk(documents, utc_now())
    alerts = _alerts(store, settings)
    assert len(alerts) == count and all(alert["delivery"] == "pending" for alert in alerts.values())
    return sorted(alerts)


def _alerts(store, settings) -> dict[str, dict]:
    store.refresh(settings.alerts_alias)
    hits = store.search(settings.alerts_alias, {"size": 1000, "seq_no_primary_term": True})["hits"]["hits"]
    return {hit["_id"]: {**hit["_source"], "_seq_no": hit["_seq_no"]} for hit in hits}


def _mails_per_alert(sink) -> Counter:
    return Counter(str(mail["X-Leakscout-Alert"]) for mail in read_mails(sink))


def _dispatcher(settings) -> AlertDispatcher:
    return AlertDispatcher(open_store(settings), load_watchlist(settings.watchlist), settings)


@pytest.fixture
def pending(store, leakscout_env, tmp_path, monkeypatch):
    """Three pending alerts; LEAKSCOUT_SMTP_URL is set by the test afterwards."""
    watchlist = tmp_path / "watchlist.yaml"
    watchlist.write_text(WATCHLIST, encoding="utf-8")
    monkeypatch.setenv("LEAKSCOUT_WATCHLIST", str(watchlist))
    return _pending_alerts(store, load_settings(), 3)


def _kill_sender_at(point: str, sink) -> None:
    child = subprocess.run([sys.executable, "-c", KILLED_SENDER, point], capture_output=True, text=True,
                           env=subprocess_env(LEAKSCOUT_SMTP_URL=sink.url), timeout=120)
    assert child.returncode == -signal.SIGKILL, child.stderr[-3000:]


def test_a_mail_journaled_but_not_stored_is_marked_sent_after_a_kill_not_resent(store, pending, sink, monkeypatch):
    _kill_sender_at("after-journal", sink)
    settings = load_settings()
    (first,) = _mails_per_alert(sink)              # one mail went out, then the sender died
    assert DeliveryJournal.for_settings(settings).by_alert() == {first: {"email": f"<{first}@leakscout>"}}
    assert _alerts(store, settings)[first]["delivery"] == "pending"   # the index never heard of it

    monkeypatch.setenv("LEAKSCOUT_SMTP_URL", sink.url)
    report = _dispatcher(load_settings()).deliver_pending()   # the restart

    assert report.recovered == [first]
    assert sorted(report.sent) == sorted(set(pending) - {first})   # the dead sender's claims were taken over
    assert _mails_per_alert(sink) == Counter({alert: 1 for alert in pending})
    alerts = _alerts(store, settings)
    assert all(alert["delivery"] == "sent" for alert in alerts.values())
    assert alerts[first]["message_id"] == f"<{first}@leakscout>" and alerts[first]["sent_channels"] == ["email"]
    assert DeliveryJournal.for_settings(settings).entries() == []   # compacted: the index shows it all


def test_a_kill_between_accept_and_journal_is_the_one_window_left(store, pending, sink, monkeypatch):
    """What the design does not cover, pinned down: the server accepted the mail, the journal never
    heard of it, so the restart sends it again (with the same Message-ID)."""
    _kill_sender_at("after-accept", sink)
    (first,) = _mails_per_alert(sink)
    assert DeliveryJournal.for_settings(load_settings()).entries() == []

    monkeypatch.setenv("LEAKSCOUT_SMTP_URL", sink.url)
    _dispatcher(load_settings()).deliver_pending()

    assert _mails_per_alert(sink) == Counter({alert: 2 if alert == first else 1 for alert in pending})
    assert {str(mail["Message-ID"]) for mail in read_mails(sink) if mail["X-Leakscout-Alert"] == first} == \
        {f"<{first}@leakscout>"}


def test_two_dispatchers_at_once_send_each_alert_once(store, leakscout_env, tmp_path, monkeypatch, sink):
    watchlist = tmp_path / "watchlist.yaml"
    watchlist.write_text(WATCHLIST, encoding="utf-8")
    monkeypatch.setenv("LEAKSCOUT_WATCHLIST", str(watchlist))
    alerts = _pending_alerts(store, load_settings(), 40)
    monkeypatch.setenv("LEAKSCOUT_SMTP_URL", sink.url)
    settings = load_settings()
    dispatchers = [_dispatcher(settings), _dispatcher(settings)]   # each its own connection and claims
    start = threading.Barrier(len(dispatchers))
    reports = [None] * len(dispatchers)

    def deliver(slot):
        start.wait()
        reports[slot] = dispatchers[slot].deliver_pending()

    threads = [threading.Thread(target=deliver, args=(slot,)) for slot in range(len(dispatchers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert _mails_per_alert(sink) == Counter({alert: 1 for alert in alerts})
    first, second = (set(report.sent) for report in reports)
    assert first | second == set(alerts) and not first & second
    assert all(alert["delivery"] == "sent" for alert in _alerts(store, settings).values())


def _claim(store, settings, alert: str, holder: str, until: str) -> None:
    store.request("POST", f"/{settings.alerts_alias}/_update/{alert}",
                  {"doc": {"claimed_by": holder, "claimed_until": until}}, params={"refresh": "true"})


def test_claims_of_live_processes_are_respected_expired_and_dead_ones_taken_over(store, pending, sink, monkeypatch):
    import socket

    monkeypatch.setenv("LEAKSCOUT_SMTP_URL", sink.url)
    settings = load_settings()
    elsewhere, expired, dead = pending
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    _claim(store, settings, elsewhere, "other-host:4242:123:abcd", "2999-01-01T00:00:00.000Z")
    _claim(store, settings, expired, "other-host:4242:123:abcd", "2000-01-01T00:00:00.000Z")
    dead_holder = f"{socket.gethostname()}:{finished.stdout.strip()}:1:abcd"   # a pid of this host that ended
    _claim(store, settings, dead, dead_holder, "2999-01-01T00:00:00.000Z")

    report = _dispatcher(settings).deliver_pending()

    assert report.claimed_elsewhere == [elsewhere] and sorted(report.sent) == sorted([expired, dead])
    assert _mails_per_alert(sink) == Counter({expired: 1, dead: 1})
    assert _alerts(store, settings)[elsewhere]["delivery"] == "pending"


def test_a_live_claim_of_another_dispatcher_of_this_host_is_respected(store, pending, sink, monkeypatch):
    monkeypatch.setenv("LEAKSCOUT_SMTP_URL", sink.url)
    settings = load_settings()
    holder = _dispatcher(settings)   # alive (this very process), but it is not the one delivering
    _claim(store, settings, pending[0], holder.claims.owner, "2999-01-01T00:00:00.000Z")

    report = _dispatcher(settings).deliver_pending()

    assert report.claimed_elsewhere == [pending[0]] and sorted(report.sent) == pending[1:]
    assert holder.deliver_pending().sent == [pending[0]]   # its own claim is no obstacle to itself
    assert _mails_per_alert(sink) == Counter({alert: 1 for alert in pending})


def test_without_a_channel_pending_alerts_are_named_but_not_touched(store, pending, caplog):
    settings = load_settings()
    before = _alerts(store, settings)
    dispatcher = AlertDispatcher(open_store(settings), load_watchlist(settings.watchlist), settings, alerters=[])

    with caplog.at_level(logging.INFO, logger="leakscout.alerts.dispatcher"):
        report = dispatcher.deliver_pending()
        again = dispatcher.deliver_pending()

    assert sorted(report.pending) == sorted(again.pending) == pending
    assert report.sent == [] and report.errors == [NO_CHANNEL]
    assert _alerts(store, settings) == before   # no attempt counted, no error rewritten (same _seq_no)
    assert not caplog.records
