"""Nothing lost, nothing leaked: the crawler, the alert sender and the scheduler SIGKILLed at random
moments, again and again, then run to the end once. Afterwards the index holds exactly the site's
listings, none indexed twice (one history entry each), every alert exists once and was mailed.

Mails: exactly once, except for the one window the design leaves (leakscout/alerts/dispatcher.py): a
kill after the SMTP server accepted a mail and before the delivery journal's fsync. Whether a kill
landed there is a matter of microseconds, so no test can promise it never does; instead, after every
kill the tests look at what the killed process left: a mail in the sink that neither the alert
document nor the journal records is such a hit. The assertion is exact: each alert has one copy
plus one per hit, and no other copy (a kill anywhere else, e.g. after the journal and before the
index update, must not cost a duplicate). Copies carry the alert's own Message-ID, so mail systems
can drop them. The tests print the counts (run with -s); bench_kill_window.py measures the rate.
"""
import random
import re
import signal
import socket
import subprocess
import time

import pytest
import yaml

from leakscout.alerts.journal import DeliveryJournal
from leakscout.alerts.rules import alert_id
from leakscout.demo_market.generated import serve_generated_market
from leakscout.core.watchlist import load_watchlist
from tests.conftest import subprocess_env
from tests.faults.helpers import (all_docs, check_listings, check_mails, every_generated_brand_watchlist,
                                  kill_all, market_with_qudian, slow_mail_sink, source_brands, unrecorded_mails,
                                  wait_for, window_hits)

ITERATIONS = 20
SEED = 1234
# Crawls of these markets: no AutoThrottle, two requests at a time, a bulk request every 5 listings
# (so alerts go out after several chunks, not once at the end).
CRAWL_SETTINGS = {"AUTOTHROTTLE_ENABLED": "False", "CONCURRENT_REQUESTS_PER_DOMAIN": "2", "LEAKSCOUT_BULK_SIZE": "5"}
# About how long one run takes on a 2-core machine (about 2.5 s of start-up included); the kills
# fall uniformly in [0, this].
CRAWL_SECONDS = 6.0
SEND_SECONDS = 6.0
SENDER_LISTINGS = 120
SCHEDULER_SECONDS = 9.0


@pytest.fixture(autouse=True)
def no_leftovers(leakscout_env):
    """Whatever a test leaves running under its LEAKSCOUT_HOME (a crawl, a scheduler) is killed at the end."""
    yield
    kill_all(leakscout_env.home)


def _settings_args(settings: dict) -> list[str]:
    return [arg for key, value in settings.items() for arg in ("-s", f"{key}={value}")]


def _crawl_command(market) -> list[str]:
    return ["leakscout", "crawl", "demo_market", "-a", f"start_urls={market.entry_url}",
            *_settings_args(CRAWL_SETTINGS), "--resume"]


def _run_and_kill(command: list[str], env: dict, seconds: float) -> bool:
    """Start `command`, SIGKILL it after `seconds` unless it ended before; True if it was killed."""
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        process.wait()
        return True
    assert process.returncode == 0, (command, process.returncode)
    return False


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_crawls_killed_at_random_moments_index_everything_once_and_alert_once(store, leakscout_env, tmp_path):
    rng = random.Random(SEED)
    home = leakscout_env.home
    # A slowish SMTP server (100 ms per recipient): kills land while a chunk's alerts are being mailed too.
    with market_with_qudian(20, 10, delay=0.2) as (market, qudian), slow_mail_sink(tmp_path / "mail", 0.1) as sink:
        env = subprocess_env(LEAKSCOUT_SMTP_URL=sink.url)
        killed = killed_mailing = 0
        unrecorded: set[tuple[str, int]] = set()
        for _ in range(ITERATIONS):
            mails = len(sink.messages())
            if _run_and_kill(_crawl_command(market), env, rng.uniform(0, CRAWL_SECONDS)):
                killed += 1
                killed_mailing += len(sink.messages()) > mails   # killed after it had mailed something
                kill_all(home)  # helpers of the killed crawl (extraction workers), if any outlived it
                unrecorded |= unrecorded_mails(sink, store, leakscout_env)
        kill_all(home)
        mails_before_final = len(sink.messages())
        final = subprocess.run(_crawl_command(market), env=env, capture_output=True, text=True, timeout=300)
        assert final.returncode == 0, final.stderr[-3000:]

        found = check_listings(store, leakscout_env.listings_alias, market)
        assert {key for key, doc in found.items() if "Qudian" in doc["brands"]} == {f"demo-en:{i}" for i in qudian}
        expected_alerts = {alert_id(f"demo-en:{i}", "Qudian") for i in qudian}
        alerts = all_docs(store, leakscout_env.alerts_alias)
        assert set(alerts) == expected_alerts
        assert all(alert["delivery"] == "sent" for alert in alerts.values()), alerts
        duplicates = check_mails(sink, expected_alerts)
        assert duplicates == window_hits(unrecorded), (duplicates, unrecorded)
        # A crawl compacts its journal when it starts, and past a size: what is left is in the index already.
        left = DeliveryJournal.for_settings(leakscout_env).entries()
        assert all(alerts[entry.alert]["delivery"] == "sent" for entry in left), left
    print(f"\ncrawler: {ITERATIONS} runs ({killed} killed, {killed_mailing} of them after mailing), "
          f"{len(qudian)} alerts, {mails_before_final} mails before the final run, "
          f"{sum(duplicates.values())} duplicate mail(s), all from kills between 250 and the journal")
    assert killed >= 1  # the kills did land in running crawls


def test_senders_killed_at_random_moments_deliver_every_pending_alert(store, leakscout_env, tmp_path):
    rng = random.Random(SEED)
    watchlist = tmp_path / "watchlist.yaml"
    watchlist.write_text(every_generated_brand_watchlist(), encoding="utf-8")   # every listing alerts
    env = subprocess_env(LEAKSCOUT_WATCHLIST=str(watchlist), LEAKSCOUT_ALERT_TO="soc@example.com",
                         LEAKSCOUT_SMTP_URL=f"smtp://127.0.0.1:{_closed_port()}")   # SMTP down during the crawl
    with serve_generated_market(SENDER_LISTINGS, per_page=40) as market:
        crawl = subprocess.run(["leakscout", "crawl", "demo_market", "-a", f"start_urls={market.entry_url}",
                                "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8"],
                               env=env, capture_output=True, text=True, timeout=300)
        assert crawl.returncode == 0, crawl.stderr[-3000:]
        check_listings(store, leakscout_env.listings_alias, market)
        sources = source_brands(load_watchlist(watchlist), market.listing_ids())
    pending = all_docs(store, leakscout_env.alerts_alias)
    assert set(pending) == {alert_id(f"demo-en:{i}", brand) for i, brands in sources.items() for brand in brands}
    assert len(pending) >= SENDER_LISTINGS and all(alert["delivery"] == "pending" for alert in pending.values())

    # Each recipient takes 100 ms to accept: mailing them all takes several runs, so kills land mid-batch,
    # and the time between the server keeping a mail and the alert stored as sent is a fair part of each mail.
    with slow_mail_sink(tmp_path / "mail", seconds=0.1) as sink:
        env["LEAKSCOUT_SMTP_URL"] = sink.url
        killed = killed_mailing = 0
        unrecorded: set[tuple[str, int]] = set()
        for _ in range(ITERATIONS):
            mails = len(sink.messages())
            if _run_and_kill(["leakscout", "alerts", "send"], env, rng.uniform(0, SEND_SECONDS)):
                killed += 1
                killed_mailing += len(sink.messages()) > mails   # killed after it had mailed something
                unrecorded |= unrecorded_mails(sink, store, leakscout_env)
        mails_before_final = len(sink.messages())
        final = subprocess.run(["leakscout", "alerts", "send"], env=env, capture_output=True, text=True, timeout=300)
        assert final.returncode == 0, final.stdout + final.stderr
        assert "0 still pending" in final.stdout

        alerts = all_docs(store, leakscout_env.alerts_alias)
        assert set(alerts) == set(pending)
        assert all(alert["delivery"] == "sent" for alert in alerts.values()), alerts
        duplicates = check_mails(sink, set(pending))
        assert duplicates == window_hits(unrecorded), (duplicates, unrecorded)
        assert DeliveryJournal.for_settings(leakscout_env).entries() == []
    print(f"\nsender: {ITERATIONS} runs ({killed} killed, {killed_mailing} of them while mailing), {len(pending)} "
          f"alerts, {mails_before_final} mails before the final run, "
          f"{sum(duplicates.values())} duplicate mail(s), all from kills between 250 and the journal")
    assert killed_mailing >= 1  # the kills did land between mails


CRAWLED = re.compile(r"^(\d+\.\d+) (\d+) \[scrapy\.core\.engine\] DEBUG: Crawled \(", re.M)


def _crawl_periods(log_text: str) -> list[tuple[float, float, int]]:
    """(first page, last page, pid) of each crawl process, from log lines stamped with time and pid."""
    periods: dict[int, list[float]] = {}
    for stamp, pid in CRAWLED.findall(log_text):
        periods.setdefault(int(pid), []).append(float(stamp))
    return sorted((min(times), max(times), pid) for pid, times in periods.items())


def test_schedulers_killed_at_random_moments_never_overlap_crawls_and_lose_nothing(store, leakscout_env, tmp_path):
    rng = random.Random(SEED)
    home = leakscout_env.home
    env = subprocess_env()
    with serve_generated_market(30, per_page=10, delay=0.2) as market:
        schedule = tmp_path / "schedule.yaml"
        schedule.write_text(yaml.safe_dump({"jobs": [{
            "spider": "demo_market", "args": {"start_urls": market.entry_url},
            "cron": "* * * * * *",   # every second (the sixth field counts seconds)
            # Each page fetched is logged with the time and the crawl's pid.
            "settings": {**CRAWL_SETTINGS, "LOG_LEVEL": "DEBUG",
                         "LOG_FORMAT": "%(created)f %(process)d [%(name)s] %(levelname)s: %(message)s"},
        }]}), encoding="utf-8")
        command = ["leakscout", "schedule", "run", "-f", str(schedule)]
        orphans = 0
        for iteration in range(ITERATIONS):
            with open(tmp_path / f"scheduler-{iteration}.out", "wb") as output:
                scheduler = subprocess.Popen(command, env=env, stdout=output, stderr=subprocess.STDOUT)
            time.sleep(rng.uniform(0, SCHEDULER_SECONDS))
            scheduler.send_signal(signal.SIGKILL)
            scheduler.wait()
            if rng.random() < 0.5:
                kill_all(home)  # its crawl too
            else:
                orphans += 1    # its crawl (a session of its own) goes on, holding the site's lock
        kill_all(home)

        final_output = tmp_path / "scheduler-final.out"
        with open(final_output, "wb") as output:
            scheduler = subprocess.Popen(command, env=env, stdout=output, stderr=subprocess.STDOUT)
        wait_for(lambda: "finished with exit code 0" in final_output.read_text(), 240, "a complete scheduled crawl")
        scheduler.send_signal(signal.SIGTERM)
        scheduler.wait(timeout=200)
        assert scheduler.returncode == 0, final_output.read_text()[-3000:]
        kill_all(home)

        check_listings(store, leakscout_env.listings_alias, market)
    outputs = "".join(path.read_text() for path in sorted(tmp_path.glob("scheduler-*.out")))
    periods = _crawl_periods((home / "logs" / "demo_market.log").read_text())
    assert len(periods) >= 2, outputs[-3000:]
    for (_, end, pid), (start, _, next_pid) in zip(periods, periods[1:]):
        assert end < start, f"crawls {pid} and {next_pid} of one site fetched pages at the same time"
    skipped = outputs.count("skipped, another process is crawling it")
    print(f"\nscheduler: {ITERATIONS} schedulers killed ({orphans} leaving their crawl running), "
          f"{len(periods)} crawls fetched pages, {skipped} launches skipped for a crawl holding the lock")
