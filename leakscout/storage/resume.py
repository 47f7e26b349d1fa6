"""Resumable crawls: one job directory and one lock per spider and site, and recovery after a hard kill.

`leakscout crawl SPIDER --resume` (and every scheduled crawl) runs with Scrapy's JOBDIR in
`$LEAKSCOUT_HOME/jobs/<job>`, holding the lock `$LEAKSCOUT_HOME/locks/<job>.lock` (flock: the
kernel drops it when the process dies, so a killed crawl never leaves a stale lock).

Stopped gracefully (Ctrl-C, SIGTERM), Scrapy saves its queue and seen-set and the next run goes on
from there; the index pipeline flushes its buffer on the way out. Killed hard (SIGKILL, OOM, power),
Scrapy's state cannot be trusted: its disk queue writes its index and its seen-set writes its
buffer only on a clean close. So every run leaves a marker file that a clean close removes; a run
that finds the marker drops Scrapy's queue and seen-set and seeds the seen-set with the listing
pages whose listings are already in the index (the index pipeline appends their request
fingerprints to `leakscout-indexed.fingerprints` after each successful bulk request). The crawl
then starts again from its start pages: index pages are fetched again, listings already indexed
are not, every listing not yet indexed (e.g. those in the pipeline's buffer at the kill) is.
Upserts are idempotent, so a listing fetched twice is still one document with one history.

A crawl that finished normally clears its job directory, so the next run crawls the site anew.
The crawl's start time (for marking removed listings) is kept across resumes in
`leakscout-crawl.json`.
"""
from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from leakscout.core.errors import LeakscoutError
from leakscout.core.timeutil import utc_now

RUNNING_MARKER = "leakscout-running"
STATE_FILE = "leakscout-crawl.json"
INDEXED_LOG = "leakscout-indexed.fingerprints"
SCRAPY_SEEN_FILE = "requests.seen"
SCRAPY_STATE = ("requests.queue", "spider.state", SCRAPY_SEEN_FILE)

_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")


class JobBusy(LeakscoutError):
    """Another crawl of the same job holds its lock."""


def job_name(spider: str, spider_args: dict | None = None) -> str:
    """`<spider>` or `<spider>-<site>` from a `site`, `sites` or `config` spider argument, safe as a file name."""
    args = spider_args or {}
    site = args.get("site") or args.get("sites") or args.get("config")
    name = f"{spider}-{site}" if site else spider
    return _UNSAFE.sub("_", name).strip("._") or "job"


@dataclass(frozen=True)
class Job:
    name: str
    home: Path

    @property
    def directory(self) -> Path:
        return self.home / "jobs" / self.name

    @property
    def lock_path(self) -> Path:
        return self.home / "locks" / f"{self.name}.lock"

    def lock(self) -> "JobLock":
        return JobLock(self.lock_path, self.name)

    def prepare(self) -> str:
        """Readies the job directory for a run; returns the crawl's start time (kept across resumes)."""
        self.directory.mkdir(parents=True, exist_ok=True)
        state_path = self.directory / STATE_FILE
        if state_path.is_file():
            started_at = json.loads(state_path.read_text(encoding="utf-8"))["started_at"]
        else:
            started_at = utc_now()
            state_path.write_text(json.dumps({"started_at": started_at}), encoding="utf-8")
        if (self.directory / RUNNING_MARKER).exists():
            self._recover_after_hard_kill()
        (self.directory / RUNNING_MARKER).write_text(str(os.getpid()), encoding="utf-8")
        return started_at

    def finish(self, finish_reason: str | None) -> None:
        """After a clean close: a finished crawl clears its state, a stopped one keeps it for --resume."""
        if finish_reason == "finished":
            shutil.rmtree(self.directory, ignore_errors=True)
        else:
            (self.directory / RUNNING_MARKER).unlink(missing_ok=True)

    def _recover_after_hard_kill(self) -> None:
        for name in SCRAPY_STATE:
            path = self.directory / name
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink(missing_ok=True)
        # Scrapy's documented requests.seen format: each fingerprint as a big-endian 2-byte length
        # followed by the fingerprint's bytes.
        seen = b"".join(len(raw).to_bytes(2, "big") + raw
                        for raw in (bytes.fromhex(fp) for fp in sorted(indexed_fingerprints(self.directory))))
        (self.directory / SCRAPY_SEEN_FILE).write_bytes(seen)


def indexed_fingerprints(directory: Path) -> set[str]:
    path = directory / INDEXED_LOG
    if not path.is_file():
        return set()
    # A line cut short by the kill is not a fingerprint: keep only complete ones.
    return {line for line in path.read_text(encoding="utf-8").split("\n") if re.fullmatch(r"[0-9a-f]{40}", line)}


class IndexedLog:
    """Appends the request fingerprints of listing pages whose listings are safely indexed."""

    def __init__(self, directory: Path):
        directory.mkdir(parents=True, exist_ok=True)
        self._fd = os.open(directory / INDEXED_LOG, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)

    def record(self, fingerprints: list[str]) -> None:
        if fingerprints:
            os.write(self._fd, "".join(f"{fp}\n" for fp in fingerprints).encode("ascii"))

    def close(self) -> None:
        os.close(self._fd)


class JobLock:
    """An exclusive, non-blocking flock on the job's lock file."""

    def __init__(self, path: Path, name: str):
        self.path = path
        self.name = name
        self._handle = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.path, "a+", encoding="utf-8")
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            raise JobBusy(f"a crawl of {self.name} is already running (lock {self.path})") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        self._handle = handle

    def release(self) -> None:
        if self._handle is not None:
            fcntl.flock(self._handle.fileno(), fcntl.LOCK_UN)
            self._handle.close()
            self._handle = None

    def is_held_elsewhere(self) -> bool:
        """True while another process holds the lock (probes without keeping it)."""
        try:
            self.acquire()
        except JobBusy:
            return True
        self.release()
        return False

    def __enter__(self) -> "JobLock":
        self.acquire()
        return self

    def __exit__(self, *exc_info) -> None:
        self.release()
