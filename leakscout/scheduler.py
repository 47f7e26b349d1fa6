"""Scheduled crawls: a schedule file of jobs with cron expressions; each due job runs as
`leakscout crawl SPIDER --resume …` in a subprocess, never two runs of one job at a time.

Schedule file (YAML):

    jobs:
      - spider: demo_market
        args: {base_url: "http://127.0.0.1:8808", sites: demo-zh}
        cron: "*/30 * * * *"          # UTC; a sixth field counts seconds
        settings: {CLOSESPIDER_PAGECOUNT: 5000}    # optional, Scrapy settings (-s)
      - spider: site
        args: {config: demo-forum}    # no cron: the site config's `schedule:` key

A job's name is `<spider>` or `<spider>-<site>` (from a `site` or `sites` argument), the same name
`leakscout crawl --resume` uses for its job directory and lock (leakscout.storage.resume): a run is
skipped while the previous one still runs, whether this scheduler, another one or a person
started it. The lock is a flock, so a crashed run leaves no stale lock behind.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from croniter import croniter

from leakscout.core.errors import BadInput
from leakscout.core.yaml_files import YamlDocument, file_line, parse_yaml
from leakscout.storage.resume import Job, job_name

STOP_GRACE_SECONDS = 120   # a crawl told to stop (SIGTERM) saves its state for the next run


@dataclass(frozen=True)
class ScheduledJob:
    spider: str
    cron: str
    args: dict[str, str] = field(default_factory=dict)
    settings: dict[str, str] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return job_name(self.spider, self.args)

    def next_run(self, after: datetime) -> datetime:
        return croniter(self.cron, after).get_next(datetime)

    def command(self) -> list[str]:
        command = [sys.executable, "-m", "leakscout.cli", "crawl", self.spider, "--resume"]
        for key, value in self.args.items():
            command += ["-a", f"{key}={value}"]
        for key, value in self.settings.items():
            command += ["-s", f"{key}={value}"]
        return command


class NoScheduleFile(BadInput):
    """The schedule file does not exist yet (a fresh install)."""


def load_schedule(path: Path) -> list[ScheduledJob]:
    """The jobs of a schedule file; BadInput naming the file and line for anything wrong in it."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise NoScheduleFile(f"no schedule file at {path}: `leakscout schedule init` writes one with a job for "
                             "each site config that has a `schedule:` key (or write it yourself: README, "
                             "Scheduling)") from exc
    except OSError as exc:
        raise BadInput(f"cannot read schedule file {path}: {exc.strerror}") from exc
    document = parse_yaml(text, str(path), "schedule")
    jobs, names = [], {}
    for index, entry in enumerate(document.data["jobs"]):
        job = _parse_job(entry, document, ("jobs", index))
        where = file_line(str(path), document.line(("jobs", index)))
        if job.name in names:
            raise BadInput(f"{where}: a second job named {job.name} (first at {names[job.name]}); "
                           "jobs of one spider need different `site`/`sites`/`config` arguments")
        names[job.name] = where
        jobs.append(job)
    return jobs


def _parse_job(entry: dict, document: YamlDocument, at: tuple) -> ScheduledJob:
    """A job the schema has passed; what it cannot check: the cron string (or the site config's)."""
    spider, cron = entry["spider"], entry.get("cron")
    args = {str(k): str(v) for k, v in (entry.get("args") or {}).items()}
    if cron is None and spider == "site" and args.get("config"):
        cron = _site_config_schedule(args["config"], document, at)
    if not isinstance(cron, str) or not croniter.is_valid(cron):
        document.fail(at + ("cron",), f"`cron` {cron!r} is not valid cron (five fields: minute hour day month "
                      "weekday, e.g. \"*/30 * * * *\"; a sixth counts seconds)")
    return ScheduledJob(spider, cron, args, {str(k): str(v) for k, v in (entry.get("settings") or {}).items()})


def _site_config_schedule(config: str, document: YamlDocument, at: tuple) -> str:
    """A `site` job without `cron` runs on its site config's `schedule:`."""
    from crawlers.sites.config import load_site_config

    schedule = load_site_config(config).schedule
    if not schedule:
        document.fail(at, f"no `cron` and the site config {config!r} has no `schedule:` key")
    return schedule


def init_schedule(path: Path) -> list[str]:
    """Write a schedule file with a job for each bundled site config that has a `schedule:` key;
    the jobs name no cron, so they follow the site configs. Returns the config names."""
    from crawlers.sites.config import CONFIGS_DIR, load_site_config

    names = sorted(entry.name.removesuffix(".yaml") for entry in CONFIGS_DIR.iterdir() if entry.name.endswith(".yaml"))
    scheduled = [(name, load_site_config(name).schedule) for name in names]
    scheduled = [(name, cron) for name, cron in scheduled if cron]
    lines = ["# Crawl jobs for `leakscout schedule run` (times in UTC).",
             "# A `site` job without `cron` runs on its site config's `schedule:` key; add `cron:` to override.",
             "jobs:"]
    for name, cron in scheduled:
        lines += ["  - spider: site", f"    args: {{config: {name}}}".ljust(36) + f"# schedule: \"{cron}\""]
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8") as handle:   # never over an existing schedule
        handle.write("\n".join(lines) + "\n")
    return [name for name, _ in scheduled]


class Scheduler:
    """Runs the jobs when due until `stop()`; `say` receives one line per event."""

    def __init__(self, jobs: list[ScheduledJob], home: Path, say: Callable[[str], None],
                 env: dict[str, str] | None = None, clock: Callable[[], datetime] | None = None):
        self.jobs = jobs
        self.home = home
        self.say = say
        self.env = env
        self.clock = clock or (lambda: datetime.now(timezone.utc))
        self.running: dict[str, subprocess.Popen] = {}
        self._stop = threading.Event()

    def run(self) -> None:
        now = self.clock()
        due = {job.name: job.next_run(now) for job in self.jobs}
        for job in self.jobs:
            self.say(f"{job.name}: next run {due[job.name].isoformat()}")
        while not self._stop.is_set():
            self._reap()
            now = self.clock()
            for job in self.jobs:
                if due[job.name] <= now:
                    self.launch(job)
                    due[job.name] = job.next_run(now)
            wait = min((when - self.clock()).total_seconds() for when in due.values())
            self._stop.wait(min(max(wait, 0.05), 1.0))
        self._stop_children()

    def stop(self) -> None:
        self._stop.set()

    def launch(self, job: ScheduledJob) -> bool:
        self._reap()
        previous = self.running.get(job.name)
        if previous is not None:
            self.say(f"{job.name}: skipped, the previous run (pid {previous.pid}) is still running")
            return False
        if Job(job.name, self.home).lock().is_held_elsewhere():
            self.say(f"{job.name}: skipped, another process is crawling it")
            return False
        log_path = self.home / "logs" / f"{job.name}.log"
        log_path.parent.mkdir(parents=True, exist_ok=True)
        with open(log_path, "ab") as log_file:
            # A session of its own: a Ctrl-C on the scheduler's terminal must not reach the crawl
            # too, or the SIGTERM sent by _stop_children would be its second signal (unclean stop).
            process = subprocess.Popen(job.command(), stdout=log_file, stderr=subprocess.STDOUT,
                                       stdin=subprocess.DEVNULL, env=self.env, start_new_session=True)
        self.running[job.name] = process
        self.say(f"{job.name}: started (pid {process.pid}, log {log_path})")
        return True

    def _reap(self) -> None:
        for name, process in list(self.running.items()):
            code = process.poll()
            if code is not None:
                del self.running[name]
                self.say(f"{name}: finished with exit code {code}")

    def _stop_children(self) -> None:
        for process in self.running.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + STOP_GRACE_SECONDS
        for name, process in self.running.items():
            try:
                process.wait(timeout=max(deadline - time.monotonic(), 0))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            self.say(f"{name}: stopped with exit code {process.returncode}")
        self.running.clear()


def default_schedule_path(home: Path) -> Path:
    return Path(os.environ.get("LEAKSCOUT_SCHEDULE") or home / "schedule.yaml")
