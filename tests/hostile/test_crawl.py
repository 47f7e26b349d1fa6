"""The network cases: real crawls in a subprocess against the hostile loopback site.

One crawl of the demo_market spider through the whole pipeline (real node, real SMTP server)
covers size caps, compression bombs, files served as HTML, lying charsets, endless pagination,
markup injection, invisible characters, giant numbers and ReDoS text; smaller crawls check the
page caps of the site and generic spiders and the size caps on the Tor path.
"""
from __future__ import annotations

import email
import json
import re
import subprocess
from email import policy

import pytest
from lxml import html as lxml_html

from tests.conftest import subprocess_env
from tests.hostile import corpus
from tests.hostile.server import DROPPED, PARSED, PLAIN, STALLS, HostileSite
from tests.hostile.test_analysis import assert_inert_html

MAXSIZE = str(corpus.DOWNLOAD_MAXSIZE)


@pytest.fixture
def site():
    with HostileSite() as running:
        yield running


def _stats(stderr: str) -> str:
    return stderr[stderr.rindex("Dumping Scrapy stats"):]


def test_a_crawl_of_hostile_pages_keeps_what_it_can_read_and_drops_the_rest_with_reasons(
        store, leakscout_env, site, sink):
    result = subprocess.run(
        ["leakscout", "crawl", "demo_market", "-a", f"start_urls={site.url}/en/market/page-1.html"],
        env=subprocess_env(LEAKSCOUT_SMTP_URL=sink.url, LEAKSCOUT_ALERT_TO="analyst@example.com"),
        capture_output=True, text=True, timeout=600)
    log = result.stderr
    assert result.returncode == 0, log[-3000:]
    assert "spider_exceptions" not in _stats(log) and "'item_dropped_count': 1" in _stats(log), log[-3000:]
    url = f"{site.url}/en/listing/%s.html"
    # The only errors: the two downloads cancelled at DOWNLOAD_MAXSIZE (their reasons follow).
    assert sorted(re.findall(r"\] ERROR: (.*)", log)) == sorted([
        f"Error downloading <GET {url % 'huge'}>", f"Error downloading <GET {url % 'huge-unannounced'}>"])

    alias = leakscout_env.listings_alias
    store.refresh(alias)
    hits = store.search(alias, {"size": 100, "query": {"match_all": {}}})["hits"]["hits"]
    documents = {hit["_id"].removeprefix("demo-en:"): hit["_source"] for hit in hits}
    assert sorted(documents) == sorted(PARSED)

    # Dropped by the pipeline with its reason, and without the unmasked item in the log.
    assert f"Dropped {url % 'no-key'}: listing without listing_key" in log
    assert not any(sample in log for sample in corpus.NO_KEY_SAMPLES)

    # Dropped before parsing, each with its reason in the log.
    assert re.search(rf"Expected to receive \d+ bytes which is larger than download max size \({MAXSIZE}\) "
                     rf"in request <GET {re.escape(url % 'huge')}>", log)
    assert re.search(rf"Received \d+ bytes which is larger than download max size \({MAXSIZE}\) "
                     rf"in request <GET {re.escape(url % 'huge-unannounced')}>", log)
    assert re.search(rf"Ignored response <200 {re.escape(url % 'gzip-bomb')}> because its body \(\d+ B compressed, "
                     rf"\d+ B decompressed so far\) exceeded DOWNLOAD_MAXSIZE \({MAXSIZE} B\) during decompression", log)
    assert f"Dropping {url % 'png'}: Content-Type text/html but the body is PNG" in log
    assert f"Dropping {url % 'zip'}: Content-Type text/html but the body is zip" in log
    assert set(DROPPED) <= {path.removeprefix("/en/listing/").removesuffix(".html") for path in site.requested_paths}
    everything = json.dumps(documents, ensure_ascii=False)
    assert corpus.ZIP_MEMBER_TEXT not in everything and "dump inside a zip" not in everything

    # Endless pagination: DEPTH_LIMIT (20) stops it after the 21st index page.
    index_pages = sorted(int(path.split("-")[-1].split(".")[0]) for path in site.requested_paths
                         if path.startswith("/en/market/"))
    assert index_pages == list(range(1, 22))
    assert "'depth/request_ignored_count': 1" in _stats(log) and "'request_depth_max': 20" in _stats(log)

    # Read and capped.
    assert documents["big"]["title"].startswith("Big page") and len(documents["big"]["body"]) == 200_000
    assert "13800138000" not in everything and "138****8000" in documents["big"]["body"]
    assert documents["nested"]["title"] == "Deeply nested page: 京东用户数据 2万条"
    assert documents["malformed"]["title"] == "Malformed page: 京东用户数据 5万条 selling"
    assert documents["redos"]["brands"] == ["JD.com"]
    giant = documents["giant-numbers"]
    assert giant["brands"] == ["JD.com"] and (giant["record_count"] is None or giant["record_count"] < 2**63)

    # Charsets: the bytes decide when the declarations lie or disagree.
    assert documents["gb-lying"]["title"] == corpus.GB_TITLE and documents["gb-lying"]["encoding"] == "gb18030"
    assert documents["big5-meta"]["title"] == corpus.BIG5_META_TITLE and documents["big5-meta"]["encoding"] == "utf-8"

    # Invisible characters are gone and hide nothing.
    zero_width = documents["zero-width"]
    assert zero_width["title"] == "出售趣店学生数据 35万条" and zero_width["brands"] == ["Qudian"]
    assert zero_width["record_count"] == 350_000
    assert not any(char in everything for char in corpus.INVISIBLE)

    # Markup: the listing's own words stay as text, the page's markup never becomes text.
    assert '<script>alert("xss-body")</script>' in documents["injection"]["body"]
    assert "pwned" not in everything

    mails = [email.message_from_bytes(path.read_bytes(), policy=policy.default) for path in sink.messages()]
    assert sorted(mail["X-Leakscout-Brand"] for mail in mails) == ["Qudian", "Qudian"]  # injection, zero-width
    pages = [mail.get_body(("html",)).get_content() for mail in mails]
    for page in pages:
        assert_inert_html(page)
        hrefs = lxml_html.fromstring(page).xpath("//@href")
        assert hrefs and not any(f":{site.port}" in href for href in hrefs)   # only the Kibana link is a link
        assert f"hxxp[:]//127[.]0[.]0[.]1:{site.port}/en/listing/" in page      # the listing URL is defanged text
    assert any("&lt;script&gt;alert(&#34;xss-body&#34;)&lt;/script&gt;" in page for page in pages)


def _index_pages(site: HostileSite) -> list[int]:
    return sorted(int(path.split("-")[-1].split(".")[0]) for path in site.requested_paths)


def test_endless_pagination_stops_at_the_site_configs_max_pages(tmp_path, site):
    config = tmp_path / "endless.yaml"
    config.write_text(f"""name: endless
family: market
start_urls: ["{site.url}/endless/page-1.html"]
listing_links: "div.listing-card a.listing-link::attr(href)"
next_page: 'nav.pagination a[rel="next"]::attr(href)'
max_pages: 4
""", encoding="utf-8")
    result = subprocess.run(["leakscout", "crawl", "site", "-a", f"config={config}", "-s", "ITEM_PIPELINES={}"],
                            env=subprocess_env(LEAKSCOUT_HOME=str(tmp_path / "home")),
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    assert _index_pages(site) == [1, 2, 3, 4]
    assert f"Not following {site.url}/endless/page-5.html: max_pages (4) reached" in result.stderr
    assert "'site/max_pages_reached': 1" in _stats(result.stderr)


def test_endless_pagination_stops_at_the_generic_spiders_max_pages(tmp_path, site):
    result = subprocess.run(["leakscout", "crawl", "generic", "-a", f"start_url={site.url}/endless/page-1.html",
                             "-a", "max_pages=3", "-s", "ITEM_PIPELINES={}"],
                            env=subprocess_env(LEAKSCOUT_HOME=str(tmp_path / "home")),
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    assert _index_pages(site) == [1, 2, 3]
    assert "'generic/max_pages_reached': 1" in _stats(result.stderr)


def test_size_caps_and_file_sniffing_hold_on_the_tor_path(tmp_path, site):
    from tests.network.conftest import ONION_A, run_probe
    from tests.network.socks5_server import Socks5Server

    with Socks5Server({ONION_A: ("127.0.0.1", site.port)}) as proxy:
        names = ["gb-lying", "gzip-bomb", "huge", "huge-unannounced", "png", "zip"]
        result = run_probe(tmp_path, [f"http://{ONION_A}/en/listing/{name}.html" for name in names],
                           tor_proxy=proxy.url, args={"site": "hostile"})

    assert [item["url"].rsplit("/", 1)[-1] for item in result.items] == ["gb-lying.html"]
    assert result.items[0]["title"] == "gb-lying" and result.items[0]["encoding"] == "gb18030"
    errors = {error["url"].rsplit("/", 1)[-1]: error["error"] for error in result.errors}
    assert sorted(errors) == ["gzip-bomb.html", "huge-unannounced.html", "huge.html", "png.html", "zip.html"]
    assert f"exceeded DOWNLOAD_MAXSIZE ({MAXSIZE} B) during decompression" in errors["gzip-bomb.html"]
    assert f"more than the {MAXSIZE}-byte cap" in errors["huge.html"]
    assert f"more than the {MAXSIZE}-byte cap" in errors["huge-unannounced.html"]
    assert "the body is PNG" in errors["png.html"] and "the body is zip" in errors["zip.html"]


def _crawl_stalls(site: HostileSite, *settings: str) -> subprocess.CompletedProcess:
    command = ["leakscout", "crawl", "demo_market", "-a", f"start_urls={site.url}/en/stalls/index.html"]
    for setting in settings:
        command += ["-s", setting]
    return subprocess.run(command, env=subprocess_env(), capture_output=True, text=True, timeout=600)


def _documents(store, alias: str) -> dict[str, dict]:
    store.refresh(alias)
    hits = store.search(alias, {"size": 100, "query": {"match_all": {}}})["hits"]["hits"]
    return {hit["_id"].removeprefix("demo-en:"): hit["_source"] for hit in hits}


def test_pages_built_to_stall_a_stage_do_not_hold_up_the_listings_around_them(store, leakscout_env, site):
    result = _crawl_stalls(site)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "spider_exceptions" not in _stats(result.stderr) and "] ERROR:" not in result.stderr
    documents = _documents(store, leakscout_env.listings_alias)
    assert sorted(documents) == sorted(STALLS)
    for name in PLAIN:
        assert documents[name]["brands"] == ["JD.com"] and documents[name]["record_count"] == 20_000
    for name in corpus.STALLING_SHAPES:
        assert documents[name]["title"] == f"Stalling page {name}: 京东用户数据 1万条"
        assert documents[name]["body"].startswith("京东用户数据 借款记录")
        assert "extraction_incomplete" not in documents[name]


def test_listings_over_their_analysis_budget_are_indexed_masked_and_flagged(store, leakscout_env, site):
    # A budget no analysis fits in: each listing goes through both fallbacks, in the worker process.
    result = _crawl_stalls(site, "LEAKSCOUT_EXTRACT_BUDGET_SECONDS=0.000001")
    assert result.returncode == 0, result.stderr[-3000:]
    assert "'leakscout/indexed': 8" in _stats(result.stderr)
    documents = _documents(store, leakscout_env.listings_alias)
    assert sorted(documents) == sorted(STALLS)
    for name, document in documents.items():
        assert document["extraction_incomplete"] == "time budget", name
        assert document["title"].endswith("京东用户数据 1万条") or document["title"].endswith("京东用户数据 2万条")
        assert document["body"] == ""
