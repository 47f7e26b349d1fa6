"""Listings → pipeline → percolation → alert documents → real SMTP server (aiosmtpd on loopback),
against the real node. New listings mail once; re-crawls mail nothing; significant changes mail
one escalation; an SMTP outage delays mail but never loses or doubles it; no unmasked sample."""
import pytest

from leakscout import kibana
from leakscout.alerts.dispatcher import AlertDispatcher
from leakscout.alerts.rules import alert_id
from leakscout.alerts.sink import MailSink
from leakscout.alerts.triage import set_state
from leakscout.core.config import load_settings
from leakscout.storage.search import open_store
from leakscout.core.watchlist import load_watchlist
from tests.alerts.helpers import (
    KIBANA_URL, NATIONAL_ID, PHONES, SAMPLE_VALUES, en_listing, passing_mention, read_mails,
    run_pipeline, text_and_html, watch_and_mail_to, zh_listing,
)

ZH_ID, EN_ID = "forum-a:1001", "forum-a:1002"


@pytest.fixture
def alerting(store, leakscout_env, tmp_path, monkeypatch, sink):
    watch_and_mail_to(monkeypatch, tmp_path, sink, LEAKSCOUT_KIBANA_URL=KIBANA_URL,
                      LEAKSCOUT_ALERT_TO="fallback@example.com")
    return load_settings()


def _alerts(store, settings) -> list[dict]:
    store.refresh(settings.alerts_alias)
    hits = store.search(settings.alerts_alias, {"size": 100, "sort": [{"created_at": "asc"}]})["hits"]["hits"]
    return [{"id": hit["_id"], **hit["_source"]} for hit in hits]


def _escalation(mails):
    (mail,) = [m for m in mails if m["X-Leakscout-Alert"].startswith("escalation-")]
    return mail


def _assert_nothing_unmasked(mails):
    for mail in mails:
        raw = mail.as_string()
        text, html = text_and_html(mail)
        for value in SAMPLE_VALUES:
            assert value not in raw + text + html, value


def test_chinese_and_english_listing_each_give_one_mail_with_the_facts(store, alerting, sink):
    stats = run_pipeline([zh_listing(), en_listing(), passing_mention()])

    mails = read_mails(sink)
    assert len(mails) == 2
    assert stats["leakscout/alerts_created"] == 2 and stats["leakscout/alerts_sent"] == 2
    by_title = {("趣店" in text_and_html(m)[0]): m for m in mails}
    zh, en = by_title[True], by_title[False]
    stored = store.request("GET", f"/{alerting.listings_alias}/_doc/{ZH_ID}")["_source"]

    text, html = text_and_html(zh)
    assert zh["X-Leakscout-Brand"] == "Qudian" and zh["To"] == "brand-protection@example.com"
    assert zh["X-Leakscout-Alert"] == alert_id(ZH_ID, "Qudian")
    seen = stored["first_seen"]
    for fact in ("Claimed source:   趣店", "Records:          1,000,000", "100,000 CNY (≈ 13,800 USD)",
                 "姓名 name", "借贷信息 loan data", "账号密码 account credentials",
                 "Regions:          Mainland China 中国, Jiangsu 江苏", f"critical, {round(stored['severity'])}/100",
                 "Legal tier:       情节特别严重 — especially serious", "法释〔2017〕10号 第五条",
                 f"{seen[:10]} {seen[11:16]} UTC", "Site:             forum-a", "hxxp[:]//market[.]example[.]onion/forum-a/thread-1001[.]html",
                 f"{KIBANA_URL}/app/discover#/view/{kibana.search_id('Qudian')}"):
        assert fact in text, fact
    assert "<mark>趣店</mark>" in html and "138****5678" in text
    assert "http://market.example.onion" not in text + html  # the listing URL is never a link

    text, html = text_and_html(en)
    for fact in ("Claimed source:   Qudian Inc.", "Records:          250,000", "Price:            3,000 USD",
                 "hxxp[:]//market[.]example[.]onion/forum-a/thread-1002[.]html"):
        assert fact in text, fact
    assert "<mark>Qudian Inc.</mark>" in html

    alerts = _alerts(store, alerting)
    assert sorted((a["listing_id"], a["brand"], a["kind"], a["delivery"]) for a in alerts) == [
        (ZH_ID, "Qudian", "new", "sent"), (EN_ID, "Qudian", "new", "sent")]
    _assert_nothing_unmasked(mails)


def test_a_recrawl_sends_nothing(store, alerting, sink):
    run_pipeline([zh_listing(), en_listing()])
    stats = run_pipeline([zh_listing(), en_listing()])

    assert len(sink.messages()) == 2
    assert len(_alerts(store, alerting)) == 2
    assert "leakscout/alerts_created" not in stats and "leakscout/alerts_escalated" not in stats


def test_a_larger_record_count_gives_one_escalation(store, alerting, sink):
    run_pipeline([zh_listing()])
    bigger = zh_listing(title="【趣店】200万学生数据出售")

    run_pipeline([bigger])
    run_pipeline([bigger])  # the same change seen again: nothing more

    mails = read_mails(sink)
    assert len(mails) == 2
    escalation = _escalation(mails)
    text, _ = text_and_html(escalation)
    assert escalation["Subject"].startswith("[leakscout] ESCALATION: CRITICAL · Qudian: 2,000,000 records offered")
    assert "ESCALATION: a listing already reported has changed: record count 1000000 → 2000000." in text
    assert "Records:          2,000,000" in text
    first, second = _alerts(store, alerting)
    assert (first["kind"], second["kind"]) == ("new", "escalation")
    assert second["baseline_id"] == first["id"] and second["delivery"] == "sent"
    _assert_nothing_unmasked(mails)


@pytest.mark.parametrize("changed, reason", [
    (zh_listing(body=zh_listing()["body"].replace("10万元", "5万元")), "price dropped to 50000 CNY"),
    (zh_listing(body=zh_listing()["body"].replace("51289条。", "51289条，广东省3万条。")), "new regions CN-GD"),
])
def test_a_price_drop_or_a_new_region_escalates(store, alerting, sink, changed, reason):
    run_pipeline([zh_listing()])
    run_pipeline([changed])
    mails = read_mails(sink)
    assert len(mails) == 2
    assert reason in text_and_html(_escalation(mails))[0]


def test_a_smaller_count_or_a_higher_price_is_not_an_escalation(store, alerting, sink):
    run_pipeline([zh_listing()])
    run_pipeline([zh_listing(title="【趣店】50万学生数据出售", body=zh_listing()["body"].replace("10万元", "20万元"))])
    assert len(sink.messages()) == 1


def test_a_listing_back_after_removal_escalates_once(store, alerting, sink):
    run_pipeline([zh_listing()])
    store.request("POST", f"/{alerting.listings_alias}/_update/{ZH_ID}", {"doc": {"status": "removed"}},
                  params={"refresh": "true"})

    run_pipeline([zh_listing()])
    run_pipeline([zh_listing()])

    mails = read_mails(sink)
    assert len(mails) == 2
    assert "back after removal" in text_and_html(_escalation(mails))[0]


def test_a_false_positive_is_never_escalated(store, alerting, sink):
    run_pipeline([zh_listing()])
    set_state(store, alerting.alerts_alias, alert_id(ZH_ID, "Qudian"), "false-positive", note="a fake offer")

    run_pipeline([zh_listing(title="【趣店】200万学生数据出售")])

    assert len(sink.messages()) == 1
    (alert,) = _alerts(store, alerting)
    assert (alert["state"], alert["state_note"]) == ("false_positive", "a fake offer")


def test_smtp_down_then_up_gives_exactly_one_mail(store, alerting, tmp_path, monkeypatch):
    with MailSink(tmp_path / "down") as stopped:
        dead_url = stopped.url
    monkeypatch.setenv("LEAKSCOUT_SMTP_URL", dead_url)
    run_pipeline([zh_listing()])
    run_pipeline([zh_listing()])  # the pipeline's own retries: still down, still one alert
    (alert,) = _alerts(store, alerting)
    assert alert["delivery"] == "pending" and "SMTP delivery" in alert["last_error"]
    assert alert["attempts"] == 2

    with MailSink(tmp_path / "up") as sink:
        monkeypatch.setenv("LEAKSCOUT_SMTP_URL", sink.url)
        run_pipeline([en_listing()])   # the next crawl delivers what waited, and its own new alert
        run_pipeline([zh_listing()])
        settings = load_settings()
        resend = AlertDispatcher(open_store(settings), load_watchlist(settings.watchlist), settings).deliver_pending()
        mails = read_mails(sink)

    assert resend.sent == []
    assert sorted(m["X-Leakscout-Alert"] for m in mails) == sorted([alert_id(ZH_ID, "Qudian"), alert_id(EN_ID, "Qudian")])
    assert all(a["delivery"] == "sent" for a in _alerts(store, alerting))
    _assert_nothing_unmasked(mails)


def test_per_brand_recipients(store, alerting, sink):
    run_pipeline([zh_listing(), {**zh_listing(), "listing_key": "2001",
                                 "title": "携程用户开房记录10万条出售", "body": f"姓名 手机 {PHONES[0]} 价格5000元"}])
    recipients = sorted((m["X-Leakscout-Brand"], m["To"]) for m in read_mails(sink))
    assert recipients == [("Ctrip", "ctrip-security@example.com"), ("Qudian", "brand-protection@example.com")]
    assert NATIONAL_ID not in str(store.search(alerting.listings_alias, {"size": 10}))
