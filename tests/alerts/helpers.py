"""Helpers for alert tests: listings through the real pipeline stages (normalize → extract+mask →
index+percolate+alert), in process, against the real node; a loopback webhook receiver."""
from __future__ import annotations

import asyncio
import email
import json
import threading
from email import policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from crawlers.item_pipelines import ExtractPipeline
from crawlers.item_pipelines import IndexPipeline
from crawlers.item_pipelines import NormalizePipeline

WATCHLIST = """\
brands:
  - name: Qudian
    aliases: [趣店, 来分期, "Qudian Inc.", qudian.com]
    notify: [brand-protection@example.com]
  - name: Ctrip
    aliases: [携程]
    notify: [ctrip-security@example.com]
"""
KIBANA_URL = "http://kibana.example:5601"

# A valid (checksummed) ID number and phone numbers: the samples no mail may carry unmasked.
NATIONAL_ID = "110101199003071233"
PHONES = ("13812345678", "13912345678", "13712345678")
SAMPLE_VALUES = (NATIONAL_ID, *PHONES, "jdoe@example.com")

ZH_TITLE = "【趣店】近百万学生数据出售"
ZH_BODY = (f"打包价10万元，字段：姓名、手机号、借款额度、学信网账号密码，江苏省51289条。"
           f"样例：张三 {PHONES[0]} 身份证{NATIONAL_ID} 格式CSV")
EN_TITLE = "Qudian Inc. customer database - 250k loan records"
EN_BODY = (f"Selling Qudian users data: 250,000 records with names, phone numbers and loan amounts. "
           f"Price $3,000. Sample: John {PHONES[1]}, jdoe@example.com")
PASSING_TITLE = "出售某贷平台借款用户5万条"
PASSING_BODY = f"数据比趣店的全，支付宝付款，联系TG。样例 {PHONES[2]}"


def watch_and_mail_to(monkeypatch, tmp_path, sink, **environment: str) -> None:
    """This test's watchlist (WATCHLIST) and SMTP server, plus any LEAKSCOUT_* variables given."""
    watchlist = tmp_path / "watchlist.yaml"
    watchlist.write_text(WATCHLIST, encoding="utf-8")
    monkeypatch.setenv("LEAKSCOUT_WATCHLIST", str(watchlist))
    monkeypatch.setenv("LEAKSCOUT_SMTP_URL", sink.url)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)


def listing(key: str, title: str, body: str, site: str = "forum-a") -> dict:
    return {"site": site, "listing_key": key, "url": f"http://market.example.onion/{site}/thread-{key}.html",
            "title": title, "body": body}


def zh_listing(**changes) -> dict:
    return {**listing("1001", ZH_TITLE, ZH_BODY), **changes}


def en_listing() -> dict:
    return listing("1002", EN_TITLE, EN_BODY)


def passing_mention() -> dict:
    return listing("1003", PASSING_TITLE, PASSING_BODY)


def run_pipeline(items: list[dict], chunk_size: int = 50) -> dict:
    """One "crawl" of `items` through the project's pipelines; returns the crawl stats."""
    stats = _Stats()
    normalize, extract, index = NormalizePipeline(), ExtractPipeline(), IndexPipeline(chunk_size, stats)

    async def crawl():
        extract.open_spider()
        index.open_spider()
        for item in items:
            await index.process_item(await extract.process_item(normalize.process_item(dict(item))))
        await index.close_spider()

    asyncio.run(crawl())
    return stats.values


class _Stats:
    def __init__(self):
        self.values: dict[str, int] = {}

    def inc_value(self, key: str, value: int) -> None:
        self.values[key] = self.values.get(key, 0) + value


def read_mails(sink) -> list:
    return [email.message_from_bytes(path.read_bytes(), policy=policy.default) for path in sink.messages()]


def text_and_html(mail) -> tuple[str, str]:
    return mail.get_body(("plain",)).get_content(), mail.get_body(("html",)).get_content()


class WebhookReceiver:
    """A loopback HTTP server standing in for a Slack incoming webhook (none exists here).
    It answers `status` (200 unless changed) and keeps every JSON body it accepted."""

    def __init__(self):
        self.status = 200
        self.received: list[dict] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("content-length") or 0))
                if receiver.status < 300:
                    receiver.received.append(json.loads(body))
                self.send_response(receiver.status)
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/services/T000/B000/secret"

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._server.shutdown()
        self._server.server_close()
