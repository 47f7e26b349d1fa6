"""A crawl killed with SIGKILL and resumed loses no listing, indexes none twice, and skips what was indexed."""
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from leakscout.demo_market.generated import FIRST_LISTING_ID, serve_generated_market
from leakscout.storage.resume import INDEXED_LOG, RUNNING_MARKER, Job, JobBusy, indexed_fingerprints, job_name
from tests.conftest import subprocess_env
from tests.lifecycle.conftest import crawl, crawl_command, listing_id, listings

LISTINGS = 300


def _wait_for(condition, timeout=120.0):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the crawl")
        time.sleep(0.05)


def _descendants(pid: int) -> list[int]:
    found, pending = [], [pid]
    while pending:
        for children in Path(f"/proc/{pending.pop()}/task").glob("*/children"):
            below = [int(child) for child in children.read_text().split()]
            found += below
            pending += below
    return found


def _fingerprint(market, generated_id: int) -> str:
    from scrapy import Request
    from scrapy.utils.request import RequestFingerprinter

    return RequestFingerprinter().fingerprint(Request(f"{market.url}/en/listing/{generated_id}.html")).hex()


def test_sigkill_then_resume_loses_nothing_and_indexes_nothing_twice(store, leakscout_env):
    alias = leakscout_env.listings_alias
    with serve_generated_market(LISTINGS, per_page=50, delay=0.05) as market:
        killed = subprocess.Popen(crawl_command(market, "--resume", "-s", "LEAKSCOUT_BULK_SIZE=40"),
                                  env=subprocess_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        job_directory = Job(job_name("demo_market"), leakscout_env.home).directory
        # Killed once a chunk is recorded as indexed and more pages are fetched: some listings are then in the buffer.
        _wait_for(lambda: len(market.listing_fetches()) >= 150 and indexed_fingerprints(job_directory))
        helpers = _descendants(killed.pid)
        assert helpers  # the extraction worker
        killed.send_signal(signal.SIGKILL)
        killed.wait()
        _wait_for(lambda: not any(Path(f"/proc/{pid}").exists() for pid in helpers), timeout=30)  # none orphaned
        indexed_before_kill = set(listings(store, alias))
        fetched_before_kill = market.listing_fetches()
        assert 0 < len(indexed_before_kill) < len(fetched_before_kill) < LISTINGS  # some were in the buffer
        recorded = indexed_fingerprints(job_directory)
        assert recorded and len(recorded) <= len(indexed_before_kill)

        crawl(market, "--resume", "-s", "LEAKSCOUT_BULK_SIZE=40")

        found = listings(store, alias)
        assert set(found) == {listing_id(FIRST_LISTING_ID + i) for i in range(LISTINGS)}
        assert all(len(doc["history"]) == 1 for doc in found.values())
        fetches = market.listing_fetches()
        # Listing pages recorded as indexed before the kill are not fetched again; all others once more.
        skipped = {i for i in fetched_before_kill if _fingerprint(market, i) in recorded}
        assert len(skipped) == len(recorded)
        assert all(fetches[i] == 1 for i in skipped)
        assert all(fetches[i] == 2 for i in fetched_before_kill if i not in skipped)
    assert not Job(job_name("demo_market"), leakscout_env.home).directory.exists()  # finished: state cleared


def test_recovery_after_a_hard_kill_keeps_only_indexed_pages_as_seen(tmp_path):
    job = Job("spider-site", tmp_path)
    job.directory.mkdir(parents=True)
    (job.directory / "requests.queue").mkdir()
    (job.directory / "requests.queue" / "q00000").write_bytes(b"\x00garbage")
    (job.directory / "requests.seen").write_bytes(b"\x00\x14" + b"a" * 20 + b"\x00\x14" + b"b" * 7)  # cut short
    (job.directory / INDEXED_LOG).write_text("c" * 40 + "\n" + "d" * 40 + "\n" + "e" * 12)
    (job.directory / RUNNING_MARKER).write_text("12345")

    started = job.prepare()

    assert not (job.directory / "requests.queue").exists()
    assert (job.directory / "requests.seen").read_bytes() == (b"\x00\x14" + bytes.fromhex("c" * 40)
                                                              + b"\x00\x14" + bytes.fromhex("d" * 40))
    assert job.prepare() == started                      # the crawl's start survives resumes
    job.finish("shutdown")
    assert not (job.directory / RUNNING_MARKER).exists() and (job.directory / "requests.seen").exists()
    job.finish("finished")
    assert not job.directory.exists()


def test_the_job_lock_excludes_a_second_run_and_dies_with_its_holder(tmp_path):
    job = Job("spider-site", tmp_path)
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys, time; from pathlib import Path; from leakscout.storage.resume import Job\n"
        f"lock = Job('spider-site', Path({str(tmp_path)!r})).lock(); lock.acquire(); print('held', flush=True); "
        "time.sleep(60)")], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    with pytest.raises(JobBusy, match="already running"):
        job.lock().acquire()
    assert job.lock().is_held_elsewhere()

    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()

    with job.lock():                                     # no stale lock after a kill
        assert job.lock_path.read_text().strip() == str(os.getpid())


def test_job_names_are_per_spider_and_site_and_safe_as_file_names():
    assert job_name("demo_market") == "demo_market"
    assert job_name("site", {"site": "nightowl"}) == "site-nightowl"
    assert job_name("site", {"config": "demo-forum"}) == "site-demo-forum"   # the site spider's own argument
    assert job_name("demo_market", {"sites": "demo-zh,demo-en"}) == "demo_market-demo-zh_demo-en"
    assert job_name("site", {"site": "../../etc"}) == "site-.._.._etc"
    assert "/" not in job_name("site", {"site": "a/b"})


def test_a_second_resumable_crawl_of_the_same_site_is_refused(leakscout_env, tmp_path):
    with Job(job_name("demo_market"), leakscout_env.home).lock():
        result = subprocess.run(["leakscout", "crawl", "demo_market", "--resume", "-a", "base_url=http://127.0.0.1:9",
                                 "-s", "ITEM_PIPELINES={}"], env=subprocess_env(), capture_output=True, text=True,
                                timeout=120)
    assert result.returncode == 1
    assert "a crawl of demo_market is already running" in result.stderr
