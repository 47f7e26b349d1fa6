"""Mail and webhook text that cannot be turned against its reader: every HTML template escapes,
no URL or host name is live anywhere, Slack's mrkdwn controls are escaped, and a real browser
(headless Chromium) shows an alert and a digest built from hostile listings without fetching
anything and with no link but the Kibana one."""
from __future__ import annotations

import asyncio
import email
import os
import shutil
from email import policy
from importlib import resources

import pytest
from jinja2 import Undefined

from leakscout.alerts import compose
from leakscout.alerts.compose import compose_alert_email, compose_digest_email
from leakscout.alerts.safe_text import defang, html_autoescape, slack_escape
from leakscout.alerts.channels.webhook import webhook_payload
from leakscout.core.watchlist import WatchedBrand

CHROMIUM = os.environ.get("LEAKSCOUT_CHROMIUM", "/usr/bin/chromium")
KIBANA = "http://kibana.example:5601/app/discover#/view/leakscout-search-qudian"
BRAND = WatchedBrand("Qudian", ("趣店",), ("bp@example.com",))
PROBE_HOST = "127.0.0.1:9"      # the discard port: a request there would show as a request, not a page

HOSTILE = [
    f'<img src="http://{PROBE_HOST}/pixel.gif">趣店 data',
    "<script>window.pwned = 1</script>趣店",
    '<a href="http://phish.example/login">click 趣店</a>',
    f'<link rel="stylesheet" href="http://{PROBE_HOST}/x.css"><style>@import url(http://{PROBE_HOST}/y.css);</style>',
    f'<iframe src="http://{PROBE_HOST}/frame"></iframe><svg onload="window.pwned=2"></svg>',
    f"趣店 see https://login.example.com/?next=https://{PROBE_HOST}/steal and www.evil.example",
    '"><img src=x onerror="window.pwned=3">',
]


def hostile_document(i: int, text: str) -> dict:
    return {
        "id": f"evil:{i}", "site": "evil.example", "url": f"http://evil.example/l/{i}?next=https://x.example/",
        "title": text, "body": f"趣店 {text} ftp://files.example/dump.zip", "brands": ["Qudian"],
        "claimed_source": text, "record_count": 1000, "price": {"amount": 10, "currency": "USD", "amount_usd": 10},
        "offers": [], "data_types": ["phone"], "regions": ["CN"], "severity": 50, "legal_tier": None,
        "first_seen": "2026-11-29T00:00:00.000Z",
    }


def alert_mail(i: int, text: str):
    alert = {"id": f"new-{i}", "kind": "escalation", "changes": [text], "created_at": "2026-11-29T00:00:00.000Z"}
    return compose_alert_email(alert, hostile_document(i, text), BRAND, sender="a@example.com",
                               recipients=["b@example.com"], kibana_link=KIBANA)


def digest_mail():
    rows = [{"id": f"new-{i}", "kind": "new", "state": "new", "title": text, "record_count": 5, "price": None,
             "severity": 1, "site": text, "url": f"https://evil.example/{i}", "changes": [text]}
            for i, text in enumerate(HOSTILE)]
    return compose_digest_email(BRAND, "2026-11-29", rows, sender="a@example.com", recipients=["b@example.com"],
                                kibana_link=KIBANA, digest_id="digest-1")


def parts(message) -> tuple[str, str]:
    parsed = email.message_from_bytes(message.as_bytes(), policy=policy.default)
    return parsed.get_body(("plain",)).get_content(), parsed.get_body(("html",)).get_content()


@pytest.mark.parametrize("text, expected", [
    ("http://a.b/c", "hxxp[:]//a[.]b/c"),
    ("HTTPS://x.onion/p.html", "hxxps[:]//x[.]onion/p[.]html"),
    ("go https://a.example/?next=https://b.example/x", "go hxxps[:]//a[.]example/?next=hxxps[:]//b[.]example/x"),
    ("ftp://f.example/d.zip and ws://w.example", "fxp[:]//f[.]example/d[.]zip and wx[:]//w[.]example"),
    ("www.evil.example or evil.com/login", "www[.]evil[.]example or evil[.]com/login"),
    ("价格3.5万 v1.2 a***@example.com", "价格3.5万 v1.2 a***@example[.]com"),
    (None, ""),
])
def test_defang_leaves_no_scheme_and_no_dot_of_a_url_or_host(text, expected):
    assert defang(text) == expected
    assert defang(expected) == expected


def test_slack_controls_are_escaped():
    assert slack_escape("<!channel> <http://a.example|click> & <@U123>") == (
        "&lt;!channel&gt; &lt;hxxp[:]//a[.]example|click&gt; &amp; &lt;@U123&gt;")


class _Probe(Undefined):
    """Whatever a template asks for: markup, so that an unescaped template shows it raw."""
    def __str__(self):
        return "<i>probe</i>"

    def __iter__(self):
        # two items: a loop over pairs ("for name, value in sample.pairs") unpacks a probe into two
        return iter([_Probe(), _Probe()])

    def __len__(self):
        return 2

    def __bool__(self):
        return True

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return _Probe()

    def __eq__(self, other):
        return False

    __hash__ = object.__hash__


def html_templates() -> list[str]:
    names = [p.name for p in resources.files("leakscout.alerts").joinpath("templates").iterdir()]
    return sorted(name for name in names if ".htm" in name)


@pytest.mark.parametrize("name", html_templates())
def test_every_html_template_escapes_what_it_is_given(name):
    assert html_autoescape(name)
    probing = compose._env.overlay(undefined=_Probe)
    rendered = probing.get_template(name).render()
    assert "&lt;i&gt;probe&lt;/i&gt;" in rendered       # the template prints values, escaped
    assert "<i>probe</i>" not in rendered


def test_an_unescaped_template_would_be_caught():
    probing = compose._env.overlay(undefined=_Probe, autoescape=False)
    assert "<i>probe</i>" in probing.from_string("{{ x }}").render()


def test_no_url_or_host_from_a_listing_is_live_in_any_part_or_the_webhook():
    messages = [alert_mail(i, text) for i, text in enumerate(HOSTILE)] + [digest_mail()]
    for message in messages:
        text, html = parts(message)
        for part in (text, html):
            for live in ("http://", "https://", "ftp://", "evil.example", "www.evil", "login.example.com"):
                assert live not in part.replace(KIBANA, ""), live
        for tag in ("<script", "<img", "<iframe", "<svg", "<link", "<style>@import", 'href="http://phish'):
            assert tag not in html, tag
    for i, text in enumerate(HOSTILE):
        payload = webhook_payload({"id": f"new-{i}", "kind": "new"}, hostile_document(i, text), BRAND, KIBANA)
        shown = payload["text"].replace(KIBANA, "").replace("\n> ", "\n")     # the quote of the excerpt is ours
        for live in ("http://", "https://", "<", ">", "evil.example"):
            assert live not in shown, (live, shown)


async def _load_in_chromium(html: str) -> dict:
    from playwright.async_api import async_playwright

    from crawlers.browser_sandbox import launch_options

    requests: list[str] = []
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(**launch_options(CHROMIUM, []))
        try:
            page = await browser.new_page()

            async def refuse(route):
                requests.append(route.request.url)
                await route.abort()

            await page.route("**/*", refuse)
            page.on("request", lambda request: requests.append(request.url))
            await page.set_content(html, wait_until="load")
            await page.wait_for_timeout(300)
            found = await page.evaluate("""() => ({
                anchors: [...document.querySelectorAll('a[href], area[href]')].map(a => a.getAttribute('href')),
                active: document.querySelectorAll('script, img, iframe, object, embed, link, svg, video, audio, form, base, meta[http-equiv]').length,
                pwned: window.pwned || null,
            })""")
        finally:
            await browser.close()
    return {**found, "requests": [url for url in requests if not url.startswith(("about:", "data:"))]}


@pytest.mark.skipif(not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM), reason="chromium not installed")
def test_an_alert_and_a_digest_from_hostile_listings_are_inert_in_a_real_browser():
    pages = [parts(alert_mail(i, text))[1] for i, text in enumerate(HOSTILE)] + [parts(digest_mail())[1]]
    for html in pages:
        seen = asyncio.run(_load_in_chromium(html))
        assert seen["requests"] == []                     # nothing fetched: no pixel, style, frame
        assert seen["anchors"] == [KIBANA]                # the one link is Kibana's
        assert seen["active"] == 0 and seen["pwned"] is None
