"""Nothing leaked: crawl every bundled demo site through the whole pipeline into the real node,
with a real SMTP server, then scan everything leakscout kept — every document of the listings
and alerts indices, the crawls' logs, the mails, the files and file names under LEAKSCOUT_HOME —
for the personal data written in the demo pages' samples."""
from __future__ import annotations

import email
import json
import re
import subprocess
import uuid
from dataclasses import dataclass, field
from email import policy
from pathlib import Path

import pytest
from lxml import html as lxml_html
from parsel import Selector

from leakscout.alerts.sink import MailSink
from leakscout.core.config import load_settings
from leakscout.demo_market.server import PAGES_DIR, serve_demo_market
from leakscout.storage.index_admin import init_indices
from pipelines.extraction.masking import _CARD, _CN_ID, _CN_MOBILE, _COMBO, _EMAIL, _LABEL_WORDS, luhn_ok, valid_cn_id
from tests.conftest import subprocess_env

# Config-driven crawls of the other demo sites: (spider arguments, first page).
SITE_CRAWLS = [
    ("demo-forum", "/forum/forums/databases/page-1.html"),
    ("demo-paste", "/paste/archive.html"),
    ("demo-leaks", "/leaks/index.html"),
    ("demo-telegram", "/tg/s/shuju_chaoshi.html"),
    ("demo-jsmarket", "/jsmarket/index.html"),       # rendered by Chromium: leaves screenshots as evidence
]

# Written by hand from the pages' samples (zh/thread-48213, en/listing/4471): all of them are
# masked today, so none may be found.
KNOWN_SAMPLES = [
    "13851234567", "13905142233", "13770981122", "15850561234", "13862047715", "13913628804", "18962415530",
    "13584906621", "13811372906", "13701128845", "13910267733", "18611950428",
    "320102199903151234", "320583200007084569", "110105199811220319",
    "dwhitford78@example.com", "priya.raman@example.net", "mellery@example.org",
]
# Samples only the masker's sample-table and US rules recognise (see the tests below).
CSV_PASSWORDS = ["wxm19990315", "Csy@2000", "lj112200"]         # 学信网密码 column of zh/thread-48213
US_SAMPLES = ["219-09-9999", "078-05-1120", "123-45-6789",     # SSNs and phones of en/listing/4471
              "(555) 014-2291", "(555) 013-8804", "(555) 017-3356"]


def sample_values_by_the_maskers_validators() -> set[str]:
    """Every phone, valid ID number, e-mail, Luhn-valid card and `user:pass` password in the demo
    pages' visible text, found with the masker's own patterns and checks."""
    values: set[str] = set()
    for page in PAGES_DIR.rglob("*.html"):
        source = page.read_text(encoding="utf-8")
        text = "\n".join(Selector(text=source).xpath("//body//text()[not(ancestor::style)]").getall())
        for match in _CN_MOBILE.finditer(text):
            values.add(match.group(2) + match.group(3) + match.group(4))
        values.update(m.group(1) for m in _CN_ID.finditer(text) if valid_cn_id(m.group(1)))
        values.update(m.group(0) for m in _EMAIL.finditer(text))
        for match in _CARD.finditer(text):
            digits = re.sub(r"[\s\-]", "", match.group(1))
            if 13 <= len(digits) <= 19 and digits[0] in "23456" and luhn_ok(digits):
                values.add(digits)
        for match in _COMBO.finditer(text):
            user, password = match.group(1), match.group(2)
            if user.lower().rstrip("：") not in _LABEL_WORDS and re.search(r"[A-Za-z]", password) \
                    and re.search(r"\d", password) and "*" not in password:
                values.add(password)
    return values


@dataclass
class Kept:
    """Everything a crawl of the demo market left behind, by where it was found."""
    texts: dict[str, str] = field(default_factory=dict)
    mail_html: list[str] = field(default_factory=list)
    listing_urls: set[str] = field(default_factory=set)
    home: Path = Path(".")

    def where(self, value: str) -> list[str]:
        return [place for place, text in self.texts.items() if value in text]


@pytest.fixture(scope="module")
def kept(search_node, tmp_path_factory):
    home = tmp_path_factory.mktemp("no-leaks") / "home"
    prefix = f"test-{uuid.uuid4().hex[:10]}"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LEAKSCOUT_HOME", str(home))
        patch.setenv("LEAKSCOUT_INDEX_PREFIX", prefix)
        patch.setenv("LEAKSCOUT_HASH_SALT", "no-leaks-salt")
        for name in ("LEAKSCOUT_SMTP_URL", "LEAKSCOUT_WATCHLIST", "LEAKSCOUT_ALERT_TO"):
            patch.delenv(name, raising=False)
        settings = load_settings()
        init_indices(search_node, prefix)
        try:
            yield _crawl_everything(search_node, settings, home)
        finally:
            search_node.request("DELETE", f"/{prefix}-*", ok=(404,))
            for name in ("listings", "alerts", "watches"):
                search_node.request("DELETE", f"/_index_template/{prefix}-{name}", ok=(404,))


def _crawl_everything(store, settings, home: Path) -> Kept:
    found = Kept(home=home)
    with serve_demo_market() as market, MailSink(home.parent / "mail") as sink:
        env = subprocess_env(LEAKSCOUT_SMTP_URL=sink.url, LEAKSCOUT_ALERT_TO="analyst@example.com")
        crawls = [("demo_market", ["-a", f"base_url={market.url}"])]
        crawls += [(config, ["-a", f"config={config}", "-a", f"start_url={market.url}{path}"])
                   for config, path in SITE_CRAWLS]
        for name, arguments in crawls:
            spider = "demo_market" if name == "demo_market" else "site"
            result = subprocess.run(["leakscout", "crawl", spider, *arguments, "-s", "LOG_LEVEL=DEBUG"],
                                    env=env, capture_output=True, text=True, timeout=600)
            assert result.returncode == 0, result.stderr[-3000:]
            found.texts[f"log of the {name} crawl"] = result.stdout + result.stderr
        mails = sink.messages()
    for alias in (settings.listings_alias, settings.alerts_alias):
        store.refresh(alias)
        hits = store.search(alias, {"size": 1000, "query": {"match_all": {}}})["hits"]["hits"]
        for hit in hits:
            found.texts[f"{alias}/{hit['_id']}"] = json.dumps(hit["_source"], ensure_ascii=False)
            if alias == settings.listings_alias:
                found.listing_urls.add(hit["_source"]["url"])
    for path in mails:
        raw = path.read_bytes()
        message = email.message_from_bytes(raw, policy=policy.default)
        found.texts[f"mail {path.name}"] = raw.decode("utf-8", "replace") + "".join(
            part.get_content() for part in message.walk() if part.get_content_maintype() == "text")
        found.mail_html.append(message.get_body(("html",)).get_content())
    for path in sorted(home.rglob("*")):
        found.texts[f"file name {path.relative_to(home)}"] = str(path.relative_to(home))
        if path.is_file() and path.suffix in (".jsonl", ".json", ".ndjson", ".txt", ".log"):
            found.texts[f"file {path.relative_to(home)}"] = path.read_text(encoding="utf-8", errors="replace")
    return found


def test_the_crawls_kept_listings_alerts_and_mails_to_scan(kept):
    assert sum(place.startswith("log of") for place in kept.texts) == 1 + len(SITE_CRAWLS)
    assert len(kept.listing_urls) >= 20
    assert any("/alerts" in place or "-alerts/" in place for place in kept.texts)
    assert kept.mail_html
    assert any(place.startswith("file name evidence/") for place in kept.texts)   # screenshots of rendered pages
    # Evidence and journals are the user's alone: 0600 files in 0700 folders.
    private = [p for p in kept.home.rglob("*") if p.relative_to(kept.home).parts[0] in
               ("evidence", "spool", "alerts", "sessions", "attention.jsonl")]
    assert any(p.suffix == ".png" for p in private)
    assert {str(p): oct(p.stat().st_mode & 0o777) for p in private} == {
        str(p): "0o700" if p.is_dir() else "0o600" for p in private}
    # The samples are there to be found: the crawled pages hold them, masked.
    assert any("138****4567" in text for text in kept.texts.values())


def test_no_sample_value_the_masker_recognises_is_stored_logged_mailed_or_named(kept):
    values = sample_values_by_the_maskers_validators()
    assert set(KNOWN_SAMPLES) <= values                  # the collection finds the known samples
    leaks = {value: kept.where(value) for value in sorted(values) if kept.where(value)}
    assert leaks == {}


def test_no_known_sample_is_stored_logged_mailed_or_named(kept):
    leaks = {value: kept.where(value) for value in KNOWN_SAMPLES if kept.where(value)}
    assert leaks == {}


def test_passwords_in_a_csv_sample_are_not_kept(kept):
    leaks = {value: kept.where(value) for value in CSV_PASSWORDS if kept.where(value)}
    assert leaks == {}


def test_us_social_security_and_phone_numbers_in_a_sample_are_not_kept(kept):
    leaks = {value: kept.where(value) for value in US_SAMPLES if kept.where(value)}
    assert leaks == {}


def test_no_listing_url_is_a_link_in_any_mail(kept):
    for page in kept.mail_html:
        hrefs = [href.strip() for href in lxml_html.fromstring(page).xpath("//@href | //@src | //@action")]
        assert not [href for href in hrefs if any(href.startswith(url[:40]) for url in kept.listing_urls)]
        assert not any(url in page for url in kept.listing_urls)          # not even as plain text: defanged
