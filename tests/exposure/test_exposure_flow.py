"""Is it really ours? Customer files → keyed hashes → matched against listing samples, on the real node,
with mail through a real SMTP server; and the retro-hunt when a brand or its customers come late."""
import email
import random
import re
import subprocess
from email import policy

import pytest

from leakscout.core.config import load_settings
from leakscout.demo_market.server import serve_demo_market
from leakscout.storage.exposure import ExposureStore
from tests.alerts.helpers import (NATIONAL_ID, PHONES, WATCHLIST, listing, passing_mention, run_pipeline,
                                  watch_and_mail_to, zh_listing)
from tests.conftest import subprocess_env
from tests.paste_site import served

ZH_ID = "forum-a:1001"
DEMO_QUDIAN_ID = "demo-zh:48213"
# Two phone numbers that stand in the demo market's Qudian sample rows.
DEMO_CUSTOMERS = ("13851234567", "13862047715")


@pytest.fixture
def alerting(store, leakscout_env, tmp_path, monkeypatch, sink):
    watch_and_mail_to(monkeypatch, tmp_path, sink, LEAKSCOUT_ALERT_TO="fallback@example.com")
    return load_settings()


def strangers(count: int, seed: int = 7) -> list[str]:
    """Mainland mobile numbers that are none of the samples' numbers."""
    rng = random.Random(seed)
    taken = set(PHONES) | set(DEMO_CUSTOMERS)
    numbers = []
    while len(numbers) < count:
        number = "15" + "".join(rng.choice("0123456789") for _ in range(9))
        if number not in taken:
            numbers.append(number)
    return numbers


def customer_file(path, phones, ids=()):
    rows = ["name,phone,id_number"] + [f"customer {i},{phone}," for i, phone in enumerate(phones)]
    rows += [f"id holder {i},,{value}" for i, value in enumerate(ids)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def mails_of(sink):
    return [email.message_from_bytes(m.read_bytes(), policy=policy.default) for m in sink.messages()]


def mail_text(mail) -> str:
    return "\n".join(part.get_content() for part in mail.walk() if part.get_content_type().startswith("text/"))


def listing_doc(store, settings, listing_id):
    store.refresh(settings.listings_alias)
    return store.request("GET", f"/{settings.listings_alias}/_doc/{listing_id}")["_source"]


def assert_no_raw_value(store, settings, texts, values):
    stored = str(store.search(f"{settings.index_prefix}-*", {"size": 10000})["hits"]["hits"])
    for value in values:
        assert value not in stored
        for text in texts:
            assert value not in text


def run_cli(*args, env=None):
    return subprocess.run(["leakscout", *args], env=env or subprocess_env(), capture_output=True, text=True,
                          timeout=300)


def test_customers_among_a_listings_samples_are_confirmed_in_its_document_and_mail(store, alerting, sink, tmp_path):
    exposure = ExposureStore(store, alerting.exposure_alias, alerting.salt())
    report = exposure.import_file("Qudian", customer_file(tmp_path / "c.csv", [PHONES[0], *strangers(300)],
                                                         ids=[NATIONAL_ID]))
    assert report.by_kind == {"phone": 301, "national_id": 1} and report.stored == 302

    run_pipeline([zh_listing()])

    document = listing_doc(store, alerting, ZH_ID)
    assert document["exposure_brands"] == ["Qudian"]
    (entry,) = document["exposure"]
    assert entry["brand"] == "Qudian" and (entry["checked"], entry["matched"]) == (2, 2)
    assert document["exposure_bonus"] > 0
    (mail,) = mails_of(sink)
    text = mail_text(mail)
    assert "1 of 1 sample phone numbers is a Qudian customer" in text
    assert "1 of 1 sample resident ID numbers is a Qudian customer" in text
    assert_no_raw_value(store, alerting, [text], [PHONES[0], NATIONAL_ID])


def test_samples_of_a_brands_customers_alert_even_where_the_listing_names_another_source(
        store, alerting, sink, tmp_path):
    # The passing-mention listing names 趣店 only in comparison: no brand is its source.
    ExposureStore(store, alerting.exposure_alias, alerting.salt()).import_file(
        "Ctrip", customer_file(tmp_path / "c.csv", [PHONES[2], *strangers(50)]))
    run_pipeline([passing_mention()])
    (mail,) = mails_of(sink)
    assert mail["X-Leakscout-Brand"] == "Ctrip"
    assert "1 of 1 sample phone numbers is a Ctrip customer" in mail_text(mail)


def test_customers_imported_after_the_crawl_are_found_in_history_and_escalate_once(store, alerting, sink, tmp_path):
    run_pipeline([zh_listing()])
    assert len(mails_of(sink)) == 1
    path = customer_file(tmp_path / "customers.csv", [PHONES[0], *strangers(500)], ids=[NATIONAL_ID])

    first = run_cli("exposure", "import", "--brand", "Qudian", str(path))
    assert first.returncode == 0, first.stderr
    assert "501 phone" in first.stdout and "1 national_id" in first.stdout and "502 new hash(es)" in first.stdout
    assert "exposure updated on 1" in first.stdout and "1 escalation(s)" in first.stdout
    document = listing_doc(store, alerting, ZH_ID)
    assert document["exposure_brands"] == ["Qudian"]
    mails = mails_of(sink)
    assert len(mails) == 2
    assert "confirmed customers among the samples 0 → 2" in mail_text(mails[-1])

    again = run_cli("exposure", "import", "--brand", "Qudian", str(path))
    assert again.returncode == 0 and "0 new hash(es)" in again.stdout and "exposure updated on 0" in again.stdout
    assert len(mails_of(sink)) == 2
    assert_no_raw_value(store, alerting, [first.stdout, first.stderr, *map(mail_text, mails)],
                        [PHONES[0], NATIONAL_ID])


def test_a_brand_added_after_the_crawl_raises_one_historical_alert_and_a_second_sync_none(
        store, alerting, sink, tmp_path):
    watchlist = tmp_path / "watchlist.yaml"
    watchlist.write_text(WATCHLIST.split("  - name: Ctrip")[0], encoding="utf-8")   # Qudian only
    run_pipeline([listing("2001", "出售携程用户数据3200万条", "姓名 手机 订单 打包价0.5BTC")])
    assert mails_of(sink) == []

    watchlist.write_text(WATCHLIST, encoding="utf-8")                                # Ctrip added
    first = run_cli("alerts", "sync")
    assert first.returncode == 0, first.stderr
    assert "1 added" in first.stdout and "1 historical alert(s) raised" in first.stdout
    (mail,) = mails_of(sink)
    assert mail["X-Leakscout-Brand"] == "Ctrip" and "Found in history" in mail_text(mail)
    store.refresh(alerting.alerts_alias)
    (alert,) = store.search(alerting.alerts_alias, {"query": {"term": {"brand": "Ctrip"}}})["hits"]["hits"]
    assert alert["_source"]["historical"] is True

    second = run_cli("alerts", "sync")
    assert second.returncode == 0 and "0 added" in second.stdout and "historical" not in second.stdout
    assert len(mails_of(sink)) == 1


def test_list_and_drop_and_an_unknown_brand(store, alerting, tmp_path):
    path = customer_file(tmp_path / "c.csv", strangers(20))
    assert run_cli("exposure", "import", "--brand", "Qudian", str(path)).returncode == 0
    listed = run_cli("exposure", "list")
    assert listed.returncode == 0 and "Qudian: 20 phone" in listed.stdout
    unknown = run_cli("exposure", "import", "--brand", "Nobody", str(path))
    assert unknown.returncode == 2 and "Qudian" in unknown.stderr and "Ctrip" in unknown.stderr
    missing_column = run_cli("exposure", "import", "--brand", "Qudian", "--column", "mobile", str(path))
    assert missing_column.returncode == 2 and "no column 'mobile'" in missing_column.stderr
    dropped = run_cli("exposure", "drop", "--brand", "Qudian")
    assert dropped.returncode == 0 and "20 customer hash(es) deleted" in dropped.stdout
    assert "no customers imported" in run_cli("exposure", "list").stdout
    assert run_cli("exposure", "drop", "--brand", "Qudian").returncode == 2


@pytest.mark.parametrize("encoding, header, junk", [("gb18030", "手机号", "不是号码"), ("big5", "手機號", "不是號碼")])
def test_a_legacy_encoded_file_of_one_value_a_line_imports(store, alerting, tmp_path, encoding, header, junk):
    path = tmp_path / "phones.txt"
    path.write_bytes((header + "\n" + "\n".join(strangers(30)) + f"\n{junk}\n").encode(encoding))
    result = run_cli("exposure", "import", "--brand", "Qudian", str(path))
    assert result.returncode == 0, result.stderr
    assert "30 phone" in result.stdout and "1 not valid" in result.stdout and "line 32" in result.stdout


def test_demo_market_crawl_with_imported_customers(store, leakscout_env, sink, tmp_path):
    """End to end: customers imported, the demo market crawled by the real spider, the Qudian
    listing's document and mail say how many sample phones are Qudian's customers."""
    env = subprocess_env(LEAKSCOUT_SMTP_URL=sink.url, LEAKSCOUT_ALERT_TO="analyst@example.com")
    path = customer_file(tmp_path / "qudian.csv", [*DEMO_CUSTOMERS, *strangers(2000)])
    imported = run_cli("exposure", "import", "--brand", "Qudian", "--column", "phone", str(path), env=env)
    assert imported.returncode == 0, imported.stderr
    with serve_demo_market() as market:
        crawl = run_cli("crawl", "demo_market", "-a", f"base_url={market.url}", env=env)
    assert crawl.returncode == 0, crawl.stderr[-2000:]
    document = listing_doc(store, leakscout_env, DEMO_QUDIAN_ID)
    (entry,) = [e for e in document["exposure"] if e["brand"] == "Qudian"]
    phones = next(k for k in entry["kinds"] if k["kind"] == "phone")
    assert phones["matched"] == 2 and phones["checked"] > 2
    (mail,) = mails_of(sink)
    assert re.search(rf"2 of {phones['checked']} sample phone numbers are Qudian customers", mail_text(mail))
    assert_no_raw_value(store, leakscout_env, [mail_text(mail), crawl.stderr], DEMO_CUSTOMERS)




def write_paste_site(folder, listings: dict[str, tuple[str, list[str]]]) -> None:
    """A paste site: an archive page linking one page per listing, each with sample rows."""
    (folder / "view").mkdir(parents=True)
    links = []
    for key, (title, phones) in listings.items():
        links.append(f'<tr><td><a href="/view/{key}.html">{title}</a></td></tr>')
        rows = "\n".join(f"客户{i},{phone},江苏省" for i, phone in enumerate(phones))
        (folder / "view" / f"{key}.html").write_text(
            f"<html><head><meta charset='utf-8'><title>{title}</title></head><body><h1>{title}</h1>"
            f"<pre>样例如下：\n姓名,手机号,省份\n{rows}\n打包价5万元，联系TG</pre></body></html>", encoding="utf-8")
    (folder / "archive.html").write_text("<html><head><meta charset='utf-8'></head><body><table class='archive'>"
                                         + "".join(links) + "</table></body></html>", encoding="utf-8")


def test_a_crawl_of_a_site_built_here_confirms_customers_and_leaks_none(store, alerting, sink, tmp_path):
    customers = ["13955501234", "13766602345"]
    others = strangers(8, seed=11)
    write_paste_site(tmp_path / "site", {
        "q1": ("【趣店】学生借款数据出售 3万条", [customers[0], others[0], customers[1], others[1], others[2]]),
        "q2": ("【趣店】老用户数据 1万条", others[3:6]),
    })
    path = customer_file(tmp_path / "qudian.csv", [*customers, *strangers(300, seed=12)])
    assert run_cli("exposure", "import", "--brand", "Qudian", str(path)).returncode == 0
    with served(tmp_path / "site", "exposure-paste") as config:
        crawl = run_cli("crawl", "site", "-a", f"config={config}", "-s", "LOG_LEVEL=DEBUG")
    assert crawl.returncode == 0, crawl.stderr[-3000:]

    store.refresh(alerting.listings_alias)
    hits = store.search(alerting.listings_alias, {"size": 10, "query": {"match_all": {}}})["hits"]["hits"]
    by_title = {hit["_source"]["title"]: hit["_source"] for hit in hits}
    confirmed = next(doc for title, doc in by_title.items() if "3万条" in title)
    unconfirmed = next(doc for title, doc in by_title.items() if "1万条" in title)
    (entry,) = confirmed["exposure"]
    assert (entry["brand"], entry["checked"], entry["matched"]) == ("Qudian", 5, 2)
    assert confirmed["exposure_brands"] == ["Qudian"] and confirmed["exposure_bonus"] > 0
    assert unconfirmed["exposure_brands"] == [] and unconfirmed["exposure"][0]["matched"] == 0
    texts = [mail_text(mail) for mail in mails_of(sink)]
    assert any("2 of 5 sample phone numbers are Qudian customers" in text for text in texts)
    assert any("0 of 3 sample phone numbers are Qudian customers" in text for text in texts)
    home_files = [p.read_bytes().decode("utf-8", "replace") for p in alerting.home.rglob("*") if p.is_file()]
    assert_no_raw_value(store, alerting, [*texts, crawl.stdout, crawl.stderr, *home_files], customers + others)
