"""The whole path on real parts: demo market → spider → pipelines → real node → real SMTP server."""
import email
import re
import subprocess
from email import policy

import pytest

from leakscout.alerts.sink import MailSink
from leakscout.demo_market.server import PAGES_DIR, serve_demo_market
from tests.conftest import subprocess_env

QUDIAN_ID = "demo-zh:48213"


@pytest.fixture
def market():
    with serve_demo_market() as handle:
        yield handle


def _crawl(market, env):
    return subprocess.run(["leakscout", "crawl", "demo_market", "-a", f"base_url={market.url}"],
                          env=env, capture_output=True, text=True, timeout=300)


def _env(sink, **extra):
    return subprocess_env(LEAKSCOUT_SMTP_URL=sink.url, LEAKSCOUT_ALERT_TO="analyst@example.com", **extra)


def _sample_values() -> set[str]:
    """Phone and ID numbers written in the demo pages' samples: none may be stored or mailed."""
    values = set()
    for page in PAGES_DIR.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        values.update(re.findall(r"(?<!\d)1[3-9]\d{9}(?!\d)", text))
        values.update(re.findall(r"(?<!\d)\d{17}[\dXx](?!\d)", text))
    return values


def test_crawl_indexes_the_qudian_listing_and_mails_once(store, leakscout_env, market, sink):
    result = _crawl(market, _env(sink))
    assert result.returncode == 0, result.stderr[-2000:]

    alias = leakscout_env.listings_alias
    store.refresh(alias)
    assert store.count(alias) == 10
    qudian = store.request("GET", f"/{alias}/_doc/{QUDIAN_ID}")["_source"]
    assert "Qudian" in qudian["brands"]
    assert qudian["price"]["amount"] == 100000 and qudian["price"]["currency"] == "CNY"
    assert qudian["record_count"] == 1000000
    assert qudian["first_seen"] == qudian["last_seen"]
    assert "趣店" in qudian["title"]

    mails = sink.messages()
    assert len(mails) == 1
    mail = email.message_from_bytes(mails[0].read_bytes(), policy=policy.default)
    assert mail["X-Leakscout-Brand"] == "Qudian"
    assert mail["To"] == "brand-protection@example.com"  # the watchlist's notify wins over LEAKSCOUT_ALERT_TO
    store.refresh(leakscout_env.alerts_alias)
    alerts = store.search(leakscout_env.alerts_alias, {"query": {"match_all": {}}})["hits"]["hits"]
    assert [(a["_source"]["listing_id"], a["_source"]["delivery"]) for a in alerts] == [(QUDIAN_ID, "sent")]

    stored_text = str(store.search(alias, {"size": 100})) + mails[0].read_text(errors="replace")
    leaked = sorted(v for v in _sample_values() if v in stored_text)
    assert _sample_values() and leaked == []


def test_second_crawl_adds_no_listing_and_no_mail(store, leakscout_env, market, sink):
    assert _crawl(market, _env(sink)).returncode == 0
    first = store.request("GET", f"/{leakscout_env.listings_alias}/_doc/{QUDIAN_ID}")["_source"]

    result = _crawl(market, _env(sink))

    assert result.returncode == 0, result.stderr[-2000:]
    assert store.count(leakscout_env.listings_alias) == 10
    assert len(sink.messages()) == 1
    again = store.request("GET", f"/{leakscout_env.listings_alias}/_doc/{QUDIAN_ID}")["_source"]
    assert again["first_seen"] == first["first_seen"]
    assert again["last_seen"] > first["last_seen"]


def test_alert_waits_while_smtp_is_down_and_goes_out_once_later(store, leakscout_env, market, tmp_path):
    with MailSink(tmp_path / "down") as stopped:
        dead_url = stopped.url
    result = _crawl(market, subprocess_env(LEAKSCOUT_SMTP_URL=dead_url, LEAKSCOUT_ALERT_TO="a@example.com"))
    assert result.returncode == 0, result.stderr[-2000:]
    store.refresh(leakscout_env.alerts_alias)
    alerts = store.search(leakscout_env.alerts_alias, {"query": {"match_all": {}}})["hits"]["hits"]
    assert [a["_source"]["delivery"] for a in alerts] == ["pending"]
    assert "SMTP delivery" in alerts[0]["_source"]["last_error"]

    with MailSink(tmp_path / "up") as sink:
        sent = subprocess.run(["leakscout", "alerts", "send"], env=_env(sink), capture_output=True, text=True)
        resent = subprocess.run(["leakscout", "alerts", "send"], env=_env(sink), capture_output=True, text=True)
        assert sent.returncode == 0 and "1 sent" in sent.stdout
        assert resent.returncode == 0 and "0 sent" in resent.stdout
        assert len(sink.messages()) == 1


def test_demo_command_end_to_end_twice(search_node, leakscout_env, tmp_path):
    env = subprocess_env()
    first = subprocess.run(["leakscout", "demo"], env=env, capture_output=True, text=True, timeout=600)
    assert first.returncode == 0, first.stderr[-2000:]
    mail_dir = leakscout_env.mail_dir
    assert "10 new this run" in first.stdout
    assert f"1 mail sent this run to the local SMTP sink, written to {mail_dir}\n" in first.stdout
    assert "1 alert this run, 1 in" in first.stdout and "0 digests" in first.stdout
    assert re.search(r"^watched brands +Qudian \(1\)$", first.stdout, re.M)       # the one watched brand
    assert re.search(r"^other brands seen +.*China Mobile \(1\).*not watched", first.stdout, re.M)
    assert "Qudian listing demo-zh:48213: 1,000,000 records, 100,000 CNY (≈ 13,800 USD)" in first.stdout
    assert f"{leakscout_env.home / 'kibana' / 'leakscout-saved-objects.ndjson'}\n" in first.stdout   # never cut
    assert len(list(mail_dir.glob("*.eml"))) == 1
    assert (leakscout_env.home / "kibana" / "leakscout-saved-objects.ndjson").is_file()

    second = subprocess.run(["leakscout", "demo"], env=env, capture_output=True, text=True, timeout=600)
    assert second.returncode == 0, second.stderr[-2000:]
    assert "0 new this run" in second.stdout and "0 mails sent this run" in second.stdout
    assert len(list(mail_dir.glob("*.eml"))) == 1
    search_node.request("DELETE", f"/{leakscout_env.index_prefix}-*", ok=(404,))


def test_demo_says_where_mail_went_with_a_configured_smtp_server(search_node, leakscout_env, sink):
    result = subprocess.run(["leakscout", "demo"], env=subprocess_env(LEAKSCOUT_SMTP_URL=sink.url, COLUMNS="80"),
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    host_port = sink.url.removeprefix("smtp://")
    assert f"1 mail sent this run to the SMTP server {host_port} (plain) (LEAKSCOUT_SMTP_URL)" in result.stdout
    assert len(sink.messages()) == 1 and ".eml file" not in result.stdout
    search_node.request("DELETE", f"/{leakscout_env.index_prefix}-*", ok=(404,))
