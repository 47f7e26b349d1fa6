"""Helpers for fault tests: generated markets with known watched listings, processes found by their
LEAKSCOUT_HOME, alert mails read back from a MailSink and checked against the delivery records, a
slow SMTP server."""
from __future__ import annotations

import asyncio
import email
import os
import signal
import time
from collections import Counter
from contextlib import contextmanager
from email import policy
from pathlib import Path

from leakscout.alerts.journal import DeliveryJournal
from leakscout.alerts.sink import EmlFolderHandler, MailSink
from leakscout.demo_market.generated import _BRANDS as GENERATED_BRANDS  # the brands its texts pick from
from leakscout.demo_market.generated import FIRST_LISTING_ID, listing_text, serve_generated_market
from leakscout.core.watchlist import Watchlist, load_watchlist
from pipelines.extraction import build_extractor


def every_generated_brand_watchlist() -> str:
    """A watchlist watching every brand of the generated market: each of its listings alerts."""
    return "brands:\n" + "".join(f"  - name: {brand}\n" for brand in GENERATED_BRANDS)


def source_brands(watchlist: Watchlist, generated_ids) -> dict[int, list[str]]:
    """What the extractor names as each generated listing's source (title and body, as the pipeline reads them)."""
    extractor = build_extractor(watchlist_brands=watchlist.brands)
    return {i: extractor.extract("\n".join(listing_text(i)))["brands"] or [] for i in generated_ids}


def listings_of(watchlist: Watchlist, brand: str, generated_ids) -> set[int]:
    return {i for i, brands in source_brands(watchlist, generated_ids).items() if brand in brands}


@contextmanager
def market_with_qudian(originals: int, qudian: int, delay: float, per_page: int = 10):
    """A generated market of `originals` listings plus `qudian` more whose generated text names Qudian
    as the source (under the default watchlist); yields (market, the generated ids of Qudian listings)."""
    watchlist = load_watchlist(None)
    extra, candidate = [], FIRST_LISTING_ID + originals
    while len(extra) < qudian:
        found = listings_of(watchlist, "Qudian", range(candidate, candidate + 50))
        extra += sorted(found)[:qudian - len(extra)]
        candidate += 50
    with serve_generated_market(originals, per_page=per_page, delay=delay) as market:
        for generated_id in extra:
            market.repost(generated_id, of=generated_id, replacements={})  # the listing, with its own text
        yield market, listings_of(watchlist, "Qudian", market.listing_ids())


# -- processes -------------------------------------------------------------------------------------
def processes_of(home: Path) -> list[int]:
    """Live processes (not zombies) of this user running with LEAKSCOUT_HOME=home: crawls,
    schedulers, senders and their helpers (e.g. Playwright's driver), wherever they were started."""
    marker = f"LEAKSCOUT_HOME={home}".encode() + b"\0"
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            environ = (entry / "environ").read_bytes()
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if (b"\0" + environ).find(b"\0" + marker) >= 0 and state != "Z":
            found.append(int(entry.name))
    return found


def kill_all(home: Path, timeout: float = 60.0) -> None:
    """SIGKILL every process of `home` (by pid) and wait until none is left."""
    deadline = time.monotonic() + timeout
    while pids := processes_of(home):
        if time.monotonic() > deadline:
            raise AssertionError(f"processes of {home} still alive: {pids}")
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        time.sleep(0.05)


def wait_for(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


# -- mails -----------------------------------------------------------------------------------------
def alert_mails(sink: MailSink) -> list[tuple[str, str]]:
    """(X-Leakscout-Alert, Message-ID) of every alert mail the sink accepted."""
    mails = []
    for path in sink.messages():
        message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        if message["X-Leakscout-Alert"]:
            mails.append((str(message["X-Leakscout-Alert"]), str(message["Message-ID"])))
    return mails


def check_mails(sink: MailSink, alert_ids: set[str]) -> Counter:
    """Every alert mailed at least once, nothing else mailed, each copy of one alert with the alert's own
    Message-ID (so mail systems can drop a copy); returns alert → number of extra copies (none: absent)."""
    mails = alert_mails(sink)
    copies = Counter(alert for alert, _ in mails)
    assert set(copies) == alert_ids, (sorted(alert_ids - set(copies)), sorted(set(copies) - alert_ids))
    for alert, message_id in mails:
        assert message_id == f"<{alert}@leakscout>", (alert, message_id)
    return Counter({alert: count - 1 for alert, count in copies.items() if count > 1})


def unrecorded_mails(sink: MailSink, store, settings) -> set[tuple[str, int]]:
    """(alert, copies in the sink) of each alert mailed but recorded nowhere: neither the alert document
    (`sent_channels`) nor the delivery journal says e-mail took it. Looked at after a sender was
    killed, that is the mail it was killed with between the server's "250" and the journal's fsync:
    the one case the design resends (leakscout/alerts/dispatcher.py)."""
    copies = Counter(alert for alert, _ in alert_mails(sink))
    documents = all_docs(store, settings.alerts_alias)
    journaled = DeliveryJournal.for_settings(settings).by_alert()
    return {(alert, count) for alert, count in copies.items()
            if "email" not in (documents.get(alert, {}).get("sent_channels") or [])
            and "email" not in journaled.get(alert, {})}


def window_hits(observed: set[tuple[str, int]]) -> Counter:
    """alert → how many of its copies were never recorded (each is resent once: one extra copy)."""
    return Counter(alert for alert, _ in observed)


class SlowRcptHandler(EmlFolderHandler):
    """Takes `seconds` to accept each recipient: a slow SMTP server. The message is only kept after
    DATA, so a client killed while waiting here has sent nothing."""

    def __init__(self, folder: Path, seconds: float):
        super().__init__(folder)
        self.seconds = seconds

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        await asyncio.sleep(self.seconds)
        envelope.rcpt_tos.append(address)
        return "250 OK"


def slow_mail_sink(folder: Path, seconds: float) -> MailSink:
    sink = MailSink(folder)
    sink._controller.handler = SlowRcptHandler(folder, seconds)  # MailSink has no handler argument
    return sink


# -- index -----------------------------------------------------------------------------------------
def all_docs(store, alias: str) -> dict[str, dict]:
    store.refresh(alias)
    hits = store.search(alias, {"size": 10_000, "query": {"match_all": {}}})["hits"]["hits"]
    return {hit["_id"]: hit["_source"] for hit in hits}


def check_listings(store, alias: str, market) -> dict[str, dict]:
    """The index holds exactly the market's listings, each with one history entry (nothing indexed twice)."""
    found = all_docs(store, alias)
    expected = {f"demo-en:{i}" for i in market.listing_ids()}
    assert set(found) == expected, (sorted(expected - set(found)), sorted(set(found) - expected))
    assert len(found) == len(market.listing_ids())
    repeated = {key: doc["history"] for key, doc in found.items() if len(doc["history"]) != 1}
    assert not repeated, repeated
    return found
