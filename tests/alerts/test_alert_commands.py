"""`leakscout alerts list | triage | digest | test` as an analyst runs them, on the real node and a
real SMTP server: the table, --json, ids by unique prefix, unknown brands, today's digest."""
from __future__ import annotations

import json
import subprocess
from datetime import date, datetime, timezone

import pytest

from leakscout.alerts.digest import digest_id
from leakscout.alerts.rules import alert_id
from leakscout.core.config import load_settings
from tests.alerts.helpers import en_listing, read_mails, run_pipeline, watch_and_mail_to, zh_listing
from tests.conftest import subprocess_env

ZH_ID, EN_ID = "forum-a:1001", "forum-a:1002"


@pytest.fixture
def alerting(store, leakscout_env, tmp_path, monkeypatch, sink):
    watch_and_mail_to(monkeypatch, tmp_path, sink)
    run_pipeline([zh_listing(), en_listing()])
    return load_settings()


def _cli(*args):
    return subprocess.run(["leakscout", *args], env=subprocess_env(COLUMNS="200"), capture_output=True, text=True,
                          timeout=120)


def test_alerts_list_is_a_table_with_a_header(alerting):
    result = _cli("alerts", "list")

    assert result.returncode == 0, result.stderr
    header, *rows = result.stdout.splitlines()
    assert header.split() == ["ID", "BRAND", "STATE", "SEVERITY", "RECORDS", "PRICE", "FIRST", "SEEN", "(UTC)", "TITLE"]
    zh = next(row for row in rows if "趣店" in row)
    today = datetime.now(timezone.utc).date().isoformat()
    short = alert_id(ZH_ID, "Qudian")[:14]
    for cell in (short, "Qudian", "new", "critical", "1,000,000", "100,000 CNY", today, "【趣店】近百万学生数据出售"):
        assert cell in zh, cell
    assert "250,000" in result.stdout and "3,000 USD" in result.stdout


def test_alerts_list_json_gives_the_documents(alerting):
    result = _cli("alerts", "list", "--json")
    alerts = json.loads(result.stdout)
    assert sorted(a["id"] for a in alerts) == sorted([alert_id(ZH_ID, "Qudian"), alert_id(EN_ID, "Qudian")])
    assert {a["record_count"] for a in alerts} == {1000000, 250000}


def test_unknown_brand_exits_2_naming_the_brands(alerting):
    result = _cli("alerts", "list", "--brand", "Nobody")
    assert result.returncode == 2
    assert "no brand 'Nobody'" in result.stderr and "brands: Qudian, Ctrip" in result.stderr
    assert _cli("alerts", "list", "--brand", "qudian").returncode == 0    # case does not matter
    result = _cli("alerts", "test", "--brand", "Nobody")
    assert result.returncode == 2 and "brands: Qudian, Ctrip" in result.stderr


def test_triage_takes_a_unique_prefix_of_the_id(alerting, store):
    full = alert_id(ZH_ID, "Qudian")
    result = _cli("alerts", "triage", full[:12], "false-positive", "--note", "a reseller's advert")

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"{full}: false-positive (a reseller's advert)"
    stored = store.request("GET", f"/{alerting.alerts_alias}/_doc/{full}")["_source"]
    assert (stored["state"], stored["state_note"]) == ("false_positive", "a reseller's advert")
    listed = _cli("alerts", "list").stdout
    assert "false-positive" in listed and "NOTE" in listed and "a reseller's advert" in listed


def test_an_ambiguous_or_short_prefix_is_bad_input(alerting):
    both = _cli("alerts", "triage", "new-", "ack")
    assert both.returncode == 2 and "matches 2 alerts" in both.stderr and "give more characters" in both.stderr
    short = _cli("alerts", "triage", "ne", "ack")
    assert short.returncode == 2 and "at least 4 characters" in short.stderr
    none = _cli("alerts", "triage", "new-zzzz", "ack")
    assert none.returncode == 2 and "no alert 'new-zzzz'" in none.stderr


def test_today_s_digest_needs_partial_which_leaves_the_day_open(alerting, sink, store):
    today = datetime.now(timezone.utc).date().isoformat()
    refused = _cli("alerts", "digest", "--day", today)
    assert refused.returncode == 2 and "is today (UTC) and not over" in refused.stderr and "--partial" in refused.stderr

    partial = _cli("alerts", "digest", "--day", today, "--partial")
    assert partial.returncode == 0, partial.stderr
    assert partial.stdout.startswith(f"partial digests (the day stays open) for {today}: 1 sent")
    again = _cli("alerts", "digest", "--day", today, "--partial")
    assert "1 sent" in again.stdout            # not closed: a later run mails the day so far again

    mails = [m for m in read_mails(sink) if m["X-Leakscout-Digest"]]
    assert len(mails) == 2 and mails[0]["Subject"].startswith(f"[leakscout] Qudian daily digest {today} so far: 2 alerts")
    record = store.request("GET", f"/{alerting.alerts_alias}/_doc/{digest_id('Qudian', date.fromisoformat(today))}",
                           ok=(404,))
    assert not record.get("found")      # the day's own digest is still to be sent
