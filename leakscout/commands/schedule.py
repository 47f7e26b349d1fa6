"""`leakscout schedule …`: crawls on cron-like schedules (leakscout.scheduler)."""
from __future__ import annotations

import signal
from datetime import datetime, timezone
from pathlib import Path
from typing import Optional

import typer

from leakscout.commands.console import out
from leakscout.core.config import load_settings

app = typer.Typer(no_args_is_help=True, help="Scheduled crawl jobs.")

FILE_OPTION = typer.Option(None, "-f", "--file",
                           help="schedule YAML (default: LEAKSCOUT_SCHEDULE, else $LEAKSCOUT_HOME/schedule.yaml)")


def _jobs(file: Optional[Path]):
    from leakscout.scheduler import default_schedule_path, load_schedule

    settings = load_settings()
    return settings, load_schedule(file or default_schedule_path(settings.home))


@app.command("list")
def schedule_list(file: Optional[Path] = FILE_OPTION):
    """Each job with its cron expression, next run (UTC) and whether a run is going on now."""
    from leakscout.storage.resume import Job
    from leakscout.scheduler import NoScheduleFile

    try:
        settings, jobs = _jobs(file)
    except NoScheduleFile as exc:
        out.print(str(exc), highlight=False, markup=False)
        return
    now = datetime.now(timezone.utc)
    for job in jobs:
        state = "running" if Job(job.name, settings.home).lock().is_held_elsewhere() else "idle"
        out.print(f"{job.name}\t{job.cron}\tnext {job.next_run(now).isoformat()}\t{state}", highlight=False)


@app.command("init")
def schedule_init(file: Optional[Path] = FILE_OPTION):
    """Write a schedule file: a job for each site config with a `schedule:` key (never over an existing file)."""
    from leakscout.core.errors import BadInput
    from leakscout.scheduler import default_schedule_path, init_schedule

    path = file or default_schedule_path(load_settings().home)
    try:
        names = init_schedule(path)
    except FileExistsError as exc:
        raise BadInput(f"{path} exists already; edit it, or remove it to start again") from exc
    out.print(f"wrote {path}: {len(names)} job(s), one per site config with a schedule ({', '.join(names)}); "
              "`leakscout schedule list` shows when they run, `leakscout schedule run` runs them", highlight=False)


@app.command("run")
def schedule_run(file: Optional[Path] = FILE_OPTION):
    """Run the jobs when due until SIGTERM/Ctrl-C (running crawls are stopped gracefully and resume next time)."""
    from leakscout.scheduler import Scheduler

    settings, jobs = _jobs(file)
    scheduler = Scheduler(jobs, settings.home, say=lambda line: out.print(
        f"{datetime.now(timezone.utc).isoformat(timespec='seconds')} {line}", highlight=False, soft_wrap=True))
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: scheduler.stop())
    scheduler.run()
