"""Alert mail through a real SMTP server (aiosmtpd on loopback): content, masking, no links."""
import email
from email import policy

import pytest

from leakscout.alerts.compose import compose_alert_email, defang_url
from leakscout.alerts.sink import MailSink
from leakscout.alerts.smtp import DeliveryError, SmtpTarget, send
from leakscout.errors import BadInput
from leakscout.watchlist import WatchedBrand

QUDIAN = WatchedBrand("Qudian", ("趣店", "来分期"), ("bp@example.com",))
DOCUMENT = {
    "id": "demo-zh:48213", "site": "demo-zh", "url": "http://market.example.onion/zh/thread-48213-1-1.html",
    "title": "【趣店】近百万学生数据出售 <script>alert(1)</script>",
    "body": "打包价10万元 样例：张* 138****5678 学信网账号密码",
    "brands": ["Qudian"], "claimed_source": "趣店", "record_count": 1000000,
    "price": {"amount": 100000, "currency": "CNY", "amount_usd": 13800.0},
    "offers": [{"amount": 8000, "currency": "CNY", "regions": ["CN-BJ", "CN-SH", "CN-JS"]}],
    "data_types": ["name", "phone", "credentials"], "regions": ["CN", "CN-JS"], "severity": 87.5,
    "legal_tier": {"tier": "especially_serious", "threshold": 50}, "first_seen": "2026-11-29T00:00:00.000Z",
}
ALERT = {"id": "new-abc", "kind": "new", "created_at": "2026-11-29T00:00:00.000Z"}


def _parts(message):
    parsed = email.message_from_bytes(message.as_bytes(), policy=policy.default)
    return parsed.get_body(("plain",)).get_content(), parsed.get_body(("html",)).get_content(), parsed


def test_mail_carries_the_facts():
    text, html, parsed = _parts(compose_alert_email(ALERT, DOCUMENT, QUDIAN, sender="a@x", recipients=["b@x"]))
    for fact in ("Qudian", "趣店", "1,000,000", "100,000 CNY", "13,800 USD", "8,000 CNY for CN-BJ, CN-SH, CN-JS",
                 "name, phone, credentials", "CN, CN-JS", "87.5", "especially_serious", "demo-zh",
                 "2026-11-29T00:00:00.000Z"):
        assert fact in text, fact
    assert parsed["Message-ID"] == "<new-abc@leakscout>"
    assert "<mark>趣店</mark>" in html


def test_url_is_text_never_a_link():
    text, html, _ = _parts(compose_alert_email(ALERT, DOCUMENT, QUDIAN, sender="a@x", recipients=["b@x"]))
    assert "http://market.example.onion" not in text + html
    assert "hxxp[:]//market[.]example[.]onion/zh/thread-48213-1-1[.]html" in text
    assert 'href="hxxp' not in html and "href=\"http://market" not in html


def test_listing_html_is_escaped_in_mail():
    _, html, _ = _parts(compose_alert_email(ALERT, DOCUMENT, QUDIAN, sender="a@x", recipients=["b@x"]))
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


@pytest.mark.parametrize("url, expected", [
    ("http://a.b/c", "hxxp[:]//a[.]b/c"),
    ("HTTPS://x.onion", "hxxps[:]//x[.]onion"),
    (None, ""),
])
def test_defang(url, expected):
    assert defang_url(url) == expected


def test_delivered_through_real_smtp_server(tmp_path):
    with MailSink(tmp_path / "mail") as sink:
        message = compose_alert_email(ALERT, DOCUMENT, QUDIAN, sender="leakscout@localhost",
                                      recipients=["bp@example.com"])
        send(SmtpTarget.from_url(sink.url), message)
        stored = sink.messages()
    assert len(stored) == 1
    parsed = email.message_from_bytes(stored[0].read_bytes(), policy=policy.default)
    assert parsed["To"] == "bp@example.com"
    assert "Qudian" in parsed["Subject"]
    assert not list((tmp_path / "mail").glob(".*.part"))


def test_smtp_down_is_a_delivery_error(tmp_path):
    with MailSink(tmp_path / "mail") as sink:
        url = sink.url
    with pytest.raises(DeliveryError, match="SMTP delivery to 127.0.0.1"):
        send(SmtpTarget.from_url(url), compose_alert_email(ALERT, DOCUMENT, QUDIAN, sender="a@x", recipients=["b@x"]))


@pytest.mark.parametrize("url, host, port, tls, starttls, user", [
    ("smtp://mail:1025", "mail", 1025, False, False, None),
    ("smtps://u%40x:p@mail.example.com", "mail.example.com", 465, True, False, "u@x"),
    ("smtp+starttls://u:p@mail:587", "mail", 587, False, True, "u"),
    ("smtp://mail:25?starttls=1", "mail", 25, False, True, None),
])
def test_smtp_urls(url, host, port, tls, starttls, user):
    target = SmtpTarget.from_url(url)
    assert (target.host, target.port, target.implicit_tls, target.starttls, target.username) == \
        (host, port, tls, starttls, user)
    assert "password" not in repr(target)


def test_bad_smtp_url_is_bad_input():
    with pytest.raises(BadInput, match="LEAKSCOUT_SMTP_URL"):
        SmtpTarget.from_url("http://mail")
