"""Beside e-mail: the webhook channel (a loopback HTTP server stands in for Slack, which does not
exist here), the daily digest, `alerts test`, `alerts sync`, triage from the command line."""
import json
import signal
import subprocess
import sys
from datetime import datetime, timedelta, timezone

import pytest

from leakscout.alerts.digest import digest_id, send_digests
from leakscout.alerts.rules import alert_id
from leakscout.alerts.sink import MailSink
from leakscout.core.config import load_settings
from leakscout.core.timeutil import utc_now
from leakscout.core.watchlist import load_watchlist
from tests.alerts.helpers import (
    KIBANA_URL, SAMPLE_VALUES, WATCHLIST, WebhookReceiver, en_listing, read_mails, run_pipeline, text_and_html,
    zh_listing,
)
from tests.conftest import subprocess_env

ZH_ID = "forum-a:1001"


@pytest.fixture
def webhook():
    with WebhookReceiver() as receiver:
        yield receiver


@pytest.fixture
def alerting(store, leakscout_env, tmp_path, monkeypatch, sink, webhook):
    watchlist = tmp_path / "watchlist.yaml"
    watchlist.write_text(WATCHLIST, encoding="utf-8")
    monkeypatch.setenv("LEAKSCOUT_WATCHLIST", str(watchlist))
    monkeypatch.setenv("LEAKSCOUT_SMTP_URL", sink.url)
    monkeypatch.setenv("LEAKSCOUT_WEBHOOK_URL", webhook.url)
    monkeypatch.setenv("LEAKSCOUT_KIBANA_URL", KIBANA_URL)
    return load_settings()


def _cli(*args, **env):
    return subprocess.run(["leakscout", *args], env=subprocess_env(**env), capture_output=True, text=True,
                          timeout=120)


def test_webhook_gets_slack_compatible_json_beside_the_mail(store, alerting, sink, webhook):
    run_pipeline([zh_listing()])

    assert len(sink.messages()) == 1
    (payload,) = webhook.received
    assert payload["text"].startswith("[leakscout] New listing: Qudian — 1,000,000 records for 100,000 CNY")
    blocks = json.dumps(payload["blocks"], ensure_ascii=False)
    assert payload["blocks"][0]["type"] == "header" and "CRITICAL" in payload["blocks"][0]["text"]["text"]
    for fact in ("*Records 数据量*\\n1,000,000", "13,800 USD", "姓名 name", "Jiangsu 江苏", "情节特别严重",
                 "法释〔2017〕10号", "hxxp[:]//market[.]example[.]onion/forum-a/thread-1001[.]html",
                 "leakscout alerts triage new-"):
        assert fact in blocks, fact
    facts = payload["leakscout"]
    assert (facts["brand"], facts["claimed_source"], facts["alert_id"]) == ("Qudian", "趣店", alert_id(ZH_ID, "Qudian"))
    assert facts["url_text"] == "hxxp[:]//market[.]example[.]onion/forum-a/thread-1001[.]html"
    assert "http://market" not in str(payload)
    assert not any(value in str(payload) for value in SAMPLE_VALUES)


def test_a_failing_webhook_is_retried_without_mailing_twice(store, alerting, sink, webhook):
    webhook.status = 500
    run_pipeline([zh_listing()])
    store.refresh(alerting.alerts_alias)
    alert = store.request("GET", f"/{alerting.alerts_alias}/_doc/{alert_id(ZH_ID, 'Qudian')}")["_source"]
    assert (alert["delivery"], alert["sent_channels"]) == ("pending", ["email"])
    assert "HTTP 500" in alert["last_error"] and "secret" not in alert["last_error"]

    webhook.status = 200
    sent = _cli("alerts", "send")

    assert sent.returncode == 0 and "1 sent" in sent.stdout, sent.stderr
    assert len(webhook.received) == 1 and len(sink.messages()) == 1


def test_daily_digest_once_per_brand_and_day(store, alerting, sink):
    run_pipeline([zh_listing(), en_listing()])
    today = datetime.now(timezone.utc).date()
    watchlist = load_watchlist(alerting.watchlist)

    first = send_digests(store, alerting, watchlist, today)
    second = send_digests(store, alerting, watchlist, today)

    assert (first.sent, first.empty) == (["Qudian"], ["Ctrip"])
    assert (second.sent, second.already_sent) == ([], ["Qudian"])
    digests = [m for m in read_mails(sink) if m["X-Leakscout-Digest"]]
    assert len(digests) == 1
    text, html = text_and_html(digests[0])
    assert digests[0]["Subject"] == f"[leakscout] Qudian daily digest {today}: 2 alerts (1 critical, 1 high)"
    assert "1,000,000" in text and "250,000" in text and "hxxp[:]//market[.]example[.]onion" in text
    assert text.index("· 1,000,000 records") < text.index("· 250,000 records")   # most severe first
    assert "1,250,000 records offered in total" in text and "姓名 name" in text
    assert "http://market" not in text + html


def test_digest_day_must_be_a_date(alerting):
    result = _cli("alerts", "digest", "--day", "yesterday")
    assert result.returncode == 2 and "--day must be YYYY-MM-DD" in result.stderr


def test_alerts_test_goes_through_every_channel(alerting, sink, webhook):
    result = _cli("alerts", "test", "--brand", "Ctrip")
    assert result.returncode == 0, result.stderr
    assert "e-mail via 127.0.0.1" in result.stdout and "webhook at 127.0.0.1" in result.stdout
    (mail,) = read_mails(sink)
    assert mail["Subject"].startswith("[leakscout] TEST: Ctrip") and mail["To"] == "ctrip-security@example.com"
    assert webhook.received[0]["leakscout"]["kind"] == "test"


def test_alerts_test_reports_a_dead_channel(alerting, tmp_path):
    with MailSink(tmp_path / "dead") as stopped:
        dead = stopped.url
    result = _cli("alerts", "test", LEAKSCOUT_SMTP_URL=dead)
    assert result.returncode == 1 and "FAILED: SMTP delivery" in result.stdout


def test_alerts_test_without_any_channel_is_bad_usage(alerting):
    result = _cli("alerts", "test", LEAKSCOUT_SMTP_URL="", LEAKSCOUT_WEBHOOK_URL="")
    assert result.returncode == 2 and "no alert channel configured" in result.stderr


def test_alerts_sync_follows_the_file(alerting, tmp_path):
    first = _cli("alerts", "sync")
    (tmp_path / "watchlist.yaml").write_text("brands:\n  - name: Qudian\n    aliases: [趣店]\n", encoding="utf-8")
    second = _cli("alerts", "sync")
    assert first.returncode == 0 and "2 added, 0 updated, 0 removed" in first.stdout
    assert second.returncode == 0 and "0 added, 1 updated, 1 removed" in second.stdout


def test_triage_from_the_command_line(store, alerting, sink):
    run_pipeline([zh_listing()])
    id_ = alert_id(ZH_ID, "Qudian")

    listed = _cli("alerts", "list", "--state", "new")
    acked = _cli("alerts", "triage", id_, "acknowledged", "--note", "ticket BP-12")
    bad_state = _cli("alerts", "triage", id_, "maybe")
    unknown = _cli("alerts", "triage", "new-0000", "resolved")

    assert listed.returncode == 0 and id_[:14] in listed.stdout      # the id prefix `triage` accepts
    assert acked.returncode == 0 and f"{id_}: acknowledged" in acked.stdout
    assert bad_state.returncode == 2 and "unknown alert state 'maybe'" in bad_state.stderr
    assert unknown.returncode == 2 and "no alert 'new-0000'" in unknown.stderr
    stored = store.request("GET", f"/{alerting.alerts_alias}/_doc/{id_}")["_source"]
    assert (stored["state"], stored["state_note"]) == ("acknowledged", "ticket BP-12")
    assert _cli("alerts", "list", "--state", "new").stdout.strip().startswith("no alerts in state new in ")


# A digest run that SIGKILLs itself right after the server accepted a digest and the journal has it.
KILLED_DIGEST = """
import os, signal, sys
from datetime import date
from leakscout.alerts import digest, journal
from leakscout.core.config import load_settings
from leakscout.storage.search import open_store
from leakscout.core.watchlist import load_watchlist
append = journal.DeliveryJournal.append
journal.DeliveryJournal.append = lambda self, *args: (append(self, *args), os.kill(os.getpid(), signal.SIGKILL))
settings = load_settings()
digest.send_digests(open_store(settings), settings, load_watchlist(settings.watchlist), date.fromisoformat(sys.argv[1]))
"""


def _digests(sink) -> list:
    return [mail for mail in read_mails(sink) if mail["X-Leakscout-Digest"]]


def test_a_digest_run_killed_after_the_server_accepted_is_not_mailed_again(store, alerting, sink):
    run_pipeline([zh_listing(), en_listing()])
    today = datetime.now(timezone.utc).date()

    killed = subprocess.run([sys.executable, "-c", KILLED_DIGEST, today.isoformat()], env=subprocess_env(),
                            capture_output=True, text=True, timeout=120)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert len(_digests(sink)) == 1
    record = store.request("GET", f"/{alerting.alerts_alias}/_doc/{digest_id('Qudian', today)}")["_source"]
    assert record["delivery"] == "pending"   # the kill came before the document heard of it

    again = send_digests(store, alerting, load_watchlist(alerting.watchlist), today)

    assert (again.recovered, again.sent) == (["Qudian"], [])
    assert len(_digests(sink)) == 1
    record = store.request("GET", f"/{alerting.alerts_alias}/_doc/{digest_id('Qudian', today)}")["_source"]
    assert record["delivery"] == "sent" and record["claimed_by"] is None


def test_a_digest_claimed_by_a_live_process_elsewhere_waits_for_its_lease(store, alerting, sink):
    run_pipeline([zh_listing()])
    today = datetime.now(timezone.utc).date()
    id_ = digest_id("Qudian", today)
    future = (datetime.now(timezone.utc) + timedelta(minutes=5)).isoformat().replace("+00:00", "Z")
    store.request("PUT", f"/{alerting.alerts_alias}/_create/{id_}", {
        "kind": "digest", "brand": "Qudian", "digest_day": today.isoformat(), "delivery": "pending",
        "created_at": utc_now(), "attempts": 0, "claimed_by": "another-host:4242:1:beef", "claimed_until": future,
    }, params={"refresh": "wait_for"})
    watchlist = load_watchlist(alerting.watchlist)

    waiting = send_digests(store, alerting, watchlist, today)
    assert waiting.claimed_elsewhere == ["Qudian"] and _digests(sink) == []

    store.request("POST", f"/{alerting.alerts_alias}/_update/{id_}", {"doc": {"claimed_until": "2000-01-01T00:00:00.000Z"}},
                  params={"refresh": "wait_for"})
    expired = send_digests(store, alerting, watchlist, today)
    assert expired.sent == ["Qudian"] and len(_digests(sink)) == 1
