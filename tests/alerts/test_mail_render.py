"""The alert mail and the digest as a reader sees them: rendered by headless Chromium (scripts disabled,
network refused, as leakscout/alerts/preview.py does), every fact checked in the visible text."""
from __future__ import annotations

import email
import os
import re
import shutil
import subprocess
import time
from email import policy

import pytest

from leakscout.alerts.compose import compose_alert_email, compose_digest_email
from leakscout.core.watchlist import WatchedBrand

pytest.importorskip("playwright.sync_api")
# Skipped only outside CI: in CI (scripts/setup --with browser installs chromium) a missing browser must fail.
pytestmark = pytest.mark.skipif(shutil.which("chromium") is None and not os.environ.get("CI"),
                                reason="Debian's chromium is not installed (scripts/setup --with browser)")

QUDIAN = WatchedBrand("Qudian", ("趣店", "来分期"), ("bp@example.com",))
BODY = ("打包价10万元，北京、上海、江苏每省8000元。更多见 mirror.example.onion\n"
        "样本如下：\n姓名,身份证号,手机号,学信网密码\n王*,320102********1234,138****4567,********\n"
        "陈*,320583********4569,138****7715,********")
DOCUMENT = {
    "id": "demo-zh:48213", "site": "demo-zh", "url": "http://market.example.onion/zh/thread-48213-1-1.html",
    "title": '【趣店】近百万学生数据出售 <img src="http://tracker.example/p.png"><link rel="stylesheet" href="http://x.example/a.css">',
    "body": BODY, "seller": "老K数据", "posted_at_text": "2017-11-23 21:47", "claimed_source": "趣店",
    "brands": ["Qudian"], "record_count": 1000000,
    "price": {"amount": 100000, "currency": "CNY", "amount_usd": 13800.0},
    "offers": [{"amount": 100000, "currency": "CNY", "amount_usd": 13800.0, "unit": "offer", "regions": []},
               {"amount": 8000, "currency": "CNY", "amount_usd": 1104.0, "unit": "region",
                "regions": ["CN-BJ", "CN-SH", "CN-JS"]},
               {"amount": 0.1, "currency": "CNY", "amount_usd": 0.01, "unit": "record", "regions": []}],
    "data_types": ["name", "national_id", "phone", "credentials"], "regions": ["CN", "CN-JS"], "severity": 90,
    "legal_tier": {"tier": "especially_serious", "threshold": 5000, "category": "general", "multiple": 200.0},
    "first_seen": "2026-11-29T06:30:00.000Z",
}
ALERT = {"id": "new-76d35746c2bb923678fc7b968b60a383116452a6", "kind": "new"}
KIBANA = "http://kibana.example:5601/app/discover#/view/x"


@pytest.fixture
def shanghai_time():
    before = os.environ.get("TZ")
    os.environ["TZ"] = "Asia/Shanghai"
    time.tzset()
    yield
    if before is None:
        os.environ.pop("TZ")
    else:
        os.environ["TZ"] = before
    time.tzset()


def _html(message) -> str:
    parsed = email.message_from_bytes(message.as_bytes(), policy=policy.default)
    return parsed.get_body(("html",)).get_content()


def test_a_cjk_font_is_installed():
    fonts = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=True).stdout
    assert "Noto Sans CJK" in fonts, "scripts/setup installs fonts-noto-cjk so mails render in Chinese"


def test_every_fact_of_the_alert_is_visible(shanghai_time):
    from leakscout.mail_preview import render

    html = _html(compose_alert_email(ALERT, DOCUMENT, QUDIAN, sender="a@x", recipients=["b@x"], kibana_link=KIBANA))
    shown = render(html)

    visible = " ".join(shown.text.split())
    for fact in (
        "CRITICAL · 90/100", "critical 80–100 · high 60–79 · medium 40–59 · low 0–39",
        "Qudian · 1,000,000 records · 100,000 CNY (≈ 13,800 USD)", "【趣店】近百万学生数据出售",
        "Seller 卖家 老K数据", "Site 站点 demo-zh", "2017-11-23 21:47 (as the site shows it)",
        "2026-11-29 14:30 (CST, UTC+08:00)", "2026-11-29 06:30 UTC", "Claimed source 声称来源 趣店",
        "Records 数据量 1,000,000", "100,000 CNY (≈ 13,800 USD) for the whole set",
        "8,000 CNY (≈ 1,104 USD) per province (每省): Beijing 北京, Shanghai 上海, Jiangsu 江苏",
        "0.1 CNY (≈ 0.01 USD) per record (每条)",
        "姓名 name, 身份证号 national ID number, 手机号 phone number, 账号密码 account credentials",
        "Mainland China 中国, Jiangsu 江苏", "情节特别严重 — especially serious",
        "threshold 5,000 items for other personal information 其他公民个人信息 (art. 5 para. 1 item 5)",
        "法释〔2017〕10号 第五条", "hxxp[:]//market[.]example[.]onion/zh/thread-48213-1-1[.]html",
        "身份证号 320102********1234", "手机号 138****4567", "1 more in the listing", "mirror[.]example[.]onion",
        "All Qudian listings in Kibana", "leakscout alerts triage new-76d35746c2",
    ):
        assert fact in visible, fact
    # The listing's markup is text, and the mail loads nothing: no tracker, no stylesheet, no font.
    assert '<img src="hxxp[:]//tracker[.]example/p[.]png">' in visible
    assert shown.requests == []
    # the per-province price is never given as the price of the whole set
    assert "8,000 CNY (≈ 1,104 USD) for the whole set" not in visible


def test_the_mail_is_readable_in_dark_mode():
    from leakscout.mail_preview import render

    html = _html(compose_alert_email(ALERT, DOCUMENT, QUDIAN, sender="a@x", recipients=["b@x"]))
    assert 'name="color-scheme" content="light dark"' in html
    # Clients that invert colours leave explicit pairs alone: every block that sets a background sets its ink.
    for style in re.findall(r'style="([^"]*background:[^"]*)"', html):
        assert re.search(r"(^|;)color:", style), style
    assert "CRITICAL" in render(html, dark=True).text


def test_every_fact_of_the_digest_is_visible(shanghai_time):
    from leakscout.mail_preview import render

    rows = [
        {"id": "new-1111111111aaaa", "kind": "new", "state": "new", "title": DOCUMENT["title"], "severity": 90,
         "record_count": 1000000, "price": DOCUMENT["price"], "site": "demo-zh", "url": DOCUMENT["url"],
         "data_types": ["name", "phone"], "regions": ["CN-JS"], "created_at": "2026-11-29T06:30:00.000Z"},
        {"id": "escalation-2222222222bbbb", "kind": "escalation", "state": "acknowledged",
         "title": "Qudian Inc. customer database", "severity": 65, "record_count": 250000,
         "price": {"amount": 3000, "currency": "USD", "amount_usd": 3000}, "site": "forum-b",
         "url": "https://other.example/t/9", "changes": ["record count 100000 → 250000"],
         "data_types": ["email"], "regions": ["US"], "created_at": "2026-11-29T08:00:00.000Z"},
    ]
    message = compose_digest_email(QUDIAN, "2026-11-29", rows, sender="a@x", recipients=["b@x"],
                                   kibana_link=KIBANA, digest_id="digest-x")
    shown = render(_html(message))

    visible = " ".join(shown.text.split())
    assert message["Subject"] == "[leakscout] Qudian daily digest 2026-11-29: 2 alerts (1 critical, 1 high)"
    for fact in ("Qudian · 2 alerts", "1 critical, 1 high · 1,250,000 records offered in total",
                 "critical 90/100", "1,000,000 records · 100,000 CNY (≈ 13,800 USD)", "【趣店】近百万学生数据出售",
                 "high 65/100", "escalation: record count 100000 → 250000", "state acknowledged",
                 "250,000 records · 3,000 USD", "姓名 name, 手机号 phone number", "Jiangsu 江苏", "United States 美国",
                 "2026-11-29 14:30 (CST, UTC+08:00) · 2026-11-29 06:30 UTC",
                 "hxxp[:]//market[.]example[.]onion/zh/thread-48213-1-1[.]html", "hxxps[:]//other[.]example/t/9",
                 "new-1111111111", "escalation-2222222222", "All Qudian listings in Kibana", "leakscout alerts triage"):
        assert fact in visible, fact
    assert visible.index("critical 90/100") < visible.index("high 65/100")
    assert shown.requests == []
