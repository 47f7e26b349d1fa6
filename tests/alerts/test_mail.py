"""Alert mail through a real SMTP server (aiosmtpd on loopback): content, masking, no links."""
import email
import json
from email import policy

import pytest

from leakscout.alerts.compose import compose_alert_email, defang_text, defang_url
from leakscout.alerts.sink import MailSink
from leakscout.alerts.smtp import DeliveryError, SmtpTarget, send
from leakscout.core.errors import BadInput
from leakscout.core.watchlist import WatchedBrand

QUDIAN = WatchedBrand("Qudian", ("趣店", "来分期"), ("bp@example.com",))
DOCUMENT = {
    "id": "demo-zh:48213", "site": "demo-zh", "url": "http://market.example.onion/zh/thread-48213-1-1.html",
    "title": "【趣店】近百万学生数据出售 <script>alert(1)</script>",
    "body": "打包价10万元 样例：张* 138****5678 学信网账号密码",
    "brands": ["Qudian"], "claimed_source": "趣店", "record_count": 1000000,
    "price": {"amount": 100000, "currency": "CNY", "amount_usd": 13800.0},
    "offers": [{"amount": 8000, "currency": "CNY", "amount_usd": 1104.0, "unit": "region",
                "regions": ["CN-BJ", "CN-SH", "CN-JS"]}],
    "data_types": ["name", "phone", "credentials"], "regions": ["CN", "CN-JS"], "severity": 87.5,
    "legal_tier": {"tier": "especially_serious", "threshold": 50}, "first_seen": "2026-11-29T00:00:00.000Z",
    "seller": "老K数据", "posted_at_text": "2017-11-23 21:47",
}
ALERT = {"id": "new-abc", "kind": "new", "created_at": "2026-11-29T00:00:00.000Z"}


def _parts(message):
    parsed = email.message_from_bytes(message.as_bytes(), policy=policy.default)
    return parsed.get_body(("plain",)).get_content(), parsed.get_body(("html",)).get_content(), parsed


def test_mail_carries_the_facts():
    text, html, parsed = _parts(compose_alert_email(ALERT, DOCUMENT, QUDIAN, sender="a@x", recipients=["b@x"]))
    for fact in ("Qudian", "趣店", "Records:          1,000,000", "100,000 CNY (≈ 13,800 USD) for the whole set",
                 "8,000 CNY (≈ 1,104 USD) per province (每省): Beijing 北京, Shanghai 上海, Jiangsu 江苏",
                 "姓名 name, 手机号 phone number, 账号密码 account credentials", "Mainland China 中国, Jiangsu 江苏",
                 "critical, 88/100 (critical is 80–100)", "情节特别严重 — especially serious",
                 "法释〔2017〕10号 第五条", "Seller:           老K数据", "Posted:           2017-11-23 21:47",
                 "2026-11-29 00:00 UTC", "Site:             demo-zh", "leakscout alerts triage new-abc"):
        assert fact in text, fact
    assert parsed["Subject"] == "[leakscout] CRITICAL · Qudian: 1,000,000 records offered for 100,000 CNY (≈ 13,800 USD)"
    assert parsed["Message-ID"] == "<new-abc@leakscout>"
    assert "<mark>趣店</mark>" in html


def test_subject_has_no_double_space_without_a_price_or_count():
    bare = {key: value for key, value in DOCUMENT.items() if key not in ("price", "record_count", "severity")}
    _, _, parsed = _parts(compose_alert_email(ALERT, bare, QUDIAN, sender="a@x", recipients=["b@x"]))
    assert parsed["Subject"] == "[leakscout] Qudian: not stated records offered for not stated"
    assert "  " not in parsed["Subject"]


@pytest.mark.parametrize("brand, price", [("Qudian", None), ("趣店", {"amount": 3000, "currency": "USD"}),
                                          ("中国移动", {"amount": 1.5, "currency": "BTC", "amount_usd": 150000})])
def test_subject_reads_back_as_written(brand, price):
    document = {**DOCUMENT, **({"price": price} if price else {})}
    message = compose_alert_email(ALERT, document, WatchedBrand(brand, ()), sender="a@x", recipients=["b@x"])
    _, _, parsed = _parts(message)
    assert parsed["Subject"] == message["Subject"] and "  " not in parsed["Subject"]
    assert parsed["Subject"].startswith(f"[leakscout] CRITICAL · {brand}: 1,000,000 records offered for ")


def test_the_html_part_is_autoescaped_and_keeps_the_legal_citation():
    _, html, _ = _parts(compose_alert_email(ALERT, DOCUMENT, QUDIAN, sender="a@x", recipients=["b@x"]))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html   # the title, escaped by the template
    assert "法释〔2017〕10号 第五条" in html and "art. 5 para. 2 item 3" in html


def test_the_sample_row_is_shown_under_its_header_as_stored():
    document = {**DOCUMENT, "body": "样本如下：\n姓名,手机号,学信网密码\n张*,138****5678,********\n李*,139****1234,********"}
    text, _, _ = _parts(compose_alert_email(ALERT, document, QUDIAN, sender="a@x", recipients=["b@x"]))
    assert "Masked sample row, as stored (1 more in the listing):" in text
    assert "手机号              138****5678" in text and "学信网密码            ********" in text


def test_exposure_lines_are_shown_under_the_header():
    document = {**DOCUMENT, "exposure": [{"brand": "Qudian", "checked": 5, "matched": 3,
                                          "kinds": [{"kind": "phone", "checked": 5, "matched": 3}]}]}
    alert = {**ALERT, "historical": True}
    text, html, _ = _parts(compose_alert_email(alert, document, QUDIAN, sender="a@x", recipients=["b@x"]))
    assert text.index("* 3 of 5 sample phone numbers are Qudian customers") < text.index("Seller:")
    assert text.index("* Found in history") < text.index("Seller:")
    assert "<li>3 of 5 sample phone numbers are Qudian customers</li>" in html


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
    ("ftp://files.example/x", "fxp[:]//files[.]example/x"),
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


def test_the_sink_lists_mails_in_the_order_they_arrived(tmp_path):
    # mails sent within one second (an alert, then its escalation) come back in that order
    with MailSink(tmp_path / "mail") as sink:
        for n in range(8):
            message = compose_alert_email(ALERT, DOCUMENT, QUDIAN, sender="leakscout@localhost",
                                          recipients=[f"bp{n}@example.com"])
            send(SmtpTarget.from_url(sink.url), message)
        stored = sink.messages()
    recipients = [email.message_from_bytes(m.read_bytes(), policy=policy.default)["To"] for m in stored]
    assert recipients == [f"bp{n}@example.com" for n in range(8)]


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


def test_domains_and_urls_in_listing_text_are_defanged():
    text = defang_text("下载 https://dl.example.cn/a.zip 或 mirror.example.onion，价格 1.5万")
    assert text == "下载 hxxps[:]//dl[.]example[.]cn/a[.]zip 或 mirror[.]example[.]onion，价格 1.5万"


def test_webhook_blocks_carry_the_facts_escaped_for_slack():
    from leakscout.alerts.channels.webhook import webhook_payload

    # An identifier kind the mail has no words for is shown as it is stored: escaped like any text.
    document = {**DOCUMENT, "exposure": [{"brand": "Qudian", "checked": 3, "matched": 2,
                                          "kinds": [{"kind": "<monitored> & 1", "checked": 3, "matched": 2}]}]}
    payload = webhook_payload(ALERT, document, QUDIAN, "http://kibana.example:5601/app/discover#/view/x")

    header, summary, facts, legal, *rest = payload["blocks"]
    assert header["text"]["text"] == "New listing: CRITICAL 88/100 · Qudian · 1,000,000 records"
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in summary["text"]["text"]      # no <…|…> link can be made
    assert "• 2 of 3 sample &lt;monitored&gt; &amp; 1 are Qudian customers" in summary["text"]["text"]
    fields = {field["text"].split("\n", 1)[0]: field["text"].split("\n", 1)[1] for field in facts["fields"]}
    assert fields["*Seller 卖家*"] == "老K数据" and fields["*Records 数据量*"] == "1,000,000"
    assert fields["*Price 价格*"].splitlines() == [
        "100,000 CNY (≈ 13,800 USD) for the whole set",
        "8,000 CNY (≈ 1,104 USD) per province (每省): Beijing 北京, Shanghai 上海, Jiangsu 江苏"]
    assert "情节特别严重" in legal["text"]["text"] and "法释〔2017〕10号 第五条" in legal["text"]["text"]
    text = json.dumps(rest, ensure_ascii=False)
    assert "hxxp[:]//market[.]example[.]onion/zh/thread-48213-1-1[.]html" in text and "leakscout alerts triage new-abc" in text
    assert "<http://kibana.example:5601/app/discover#/view/x|All Qudian listings in Kibana>" in text
    assert len(facts["fields"]) <= 10       # Slack's limit per section
    assert payload["leakscout"]["exposure_lines"] == ["2 of 3 sample <monitored> & 1 are Qudian customers"]
