"""`leakscout schedule`: crawls run on cron schedules as subprocesses, never two of one site at once."""
import re
import signal
import subprocess
import time
from datetime import datetime, timezone

import pytest

from leakscout.demo_market.generated import serve_generated_market
from leakscout.core.errors import BadInput
from leakscout.storage.resume import Job
from leakscout.scheduler import load_schedule
from tests.conftest import subprocess_env
from tests.lifecycle.conftest import listings


def _schedule(tmp_path, market, cron="* * * * * */2"):
    path = tmp_path / "schedule.yaml"
    path.write_text(f"""
jobs:
  - spider: demo_market
    args: {{start_urls: "{market.entry_url}"}}
    cron: "{cron}"
    settings: {{AUTOTHROTTLE_ENABLED: "False"}}
""", encoding="utf-8")
    return path


def test_schedule_run_crawls_when_due_and_skips_while_a_run_is_going_on(store, leakscout_env, tmp_path):
    with serve_generated_market(40, per_page=10, delay=0.1) as market:   # a crawl takes longer than 2 s
        scheduler = subprocess.Popen(["leakscout", "schedule", "run", "-f", str(_schedule(tmp_path, market))],
                                     env=subprocess_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and len(listings(store, leakscout_env.listings_alias)) < 40:
            time.sleep(0.5)
        time.sleep(3)
        scheduler.send_signal(signal.SIGTERM)
        output, errors = scheduler.communicate(timeout=200)

    assert scheduler.returncode == 0, errors[-2000:]
    events = re.findall(r"demo_market: (started|finished|skipped|stopped)", output)
    assert events.count("started") >= 1 and "skipped" in events, output
    # Runs never overlap: every start comes after the previous run ended.
    running = 0
    for event in events:
        running += {"started": 1, "finished": -1, "stopped": -1}.get(event, 0)
        assert running in (0, 1), output
    assert len(listings(store, leakscout_env.listings_alias)) == 40
    assert (leakscout_env.home / "logs" / "demo_market.log").is_file()


def test_schedule_list_shows_next_runs_and_running_jobs(leakscout_env, tmp_path):
    with serve_generated_market(1) as market:
        path = _schedule(tmp_path, market, cron="30 4 * * *")
        idle = subprocess.run(["leakscout", "schedule", "list", "-f", str(path)], env=subprocess_env(),
                              capture_output=True, text=True, timeout=60)
        with Job("demo_market", leakscout_env.home).lock():
            busy = subprocess.run(["leakscout", "schedule", "list", "-f", str(path)], env=subprocess_env(),
                                  capture_output=True, text=True, timeout=60)
    assert idle.returncode == 0, idle.stderr
    line = idle.stdout.strip()
    next_run = datetime.fromisoformat(re.search(r"next (\S+)", line).group(1))
    assert line.startswith("demo_market") and line.endswith("idle")
    assert next_run > datetime.now(timezone.utc) and (next_run.hour, next_run.minute) == (4, 30)
    assert busy.stdout.strip().endswith("running")


@pytest.mark.parametrize("text, message", [
    ("jobs:\n  - spider: demo_market\n    cron: every hour\n", r"schedule.yaml:3: `cron` 'every hour' is not valid cron \(five fields"),
    ("jobs:\n  - cron: '* * * * *'\n", r"schedule.yaml:2: `spider` is missing"),
    ("jobs:\n  - spider: a\n    cron: '* * * * *'\n    when: now\n", r"schedule.yaml:4: unknown key\(s\) when"),
    ("jobs:\n  - {spider: a, cron: '* * * * *'}\n  - {spider: a, cron: '0 * * * *'}\n", r"schedule.yaml:3: a second job named a"),
    ("jobs: []\n", r"non-empty list `jobs:`"),
    ("jobs: [\n", r"not valid YAML"),
])
def test_a_bad_schedule_file_is_refused_naming_the_line(tmp_path, text, message):
    path = tmp_path / "schedule.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(BadInput, match=message):
        load_schedule(path)


def test_a_missing_schedule_file_exits_2_with_one_line(leakscout_env, tmp_path):
    result = subprocess.run(["leakscout", "schedule", "run", "-f", str(tmp_path / "none.yaml")],
                            env=subprocess_env(), capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "no schedule file at" in result.stderr
    assert "`leakscout schedule init`" in result.stderr


def test_a_fresh_install_s_schedule_list_says_how_to_start(leakscout_env):
    result = subprocess.run(["leakscout", "schedule", "list"], env=subprocess_env(), capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"no schedule file at {leakscout_env.home / 'schedule.yaml'}")
    assert "`leakscout schedule init` writes one" in result.stdout


def test_schedule_init_writes_the_site_configs_schedules_which_the_scheduler_follows(leakscout_env):
    init = subprocess.run(["leakscout", "schedule", "init"], env=subprocess_env(), capture_output=True, text=True,
                          timeout=60)
    assert init.returncode == 0, init.stderr
    assert "4 job(s)" in init.stdout and "demo-forum, demo-leaks, demo-paste, demo-telegram" in init.stdout
    jobs = {job.name: job for job in load_schedule(leakscout_env.home / "schedule.yaml")}
    assert jobs["site-demo-forum"].cron == "15 */6 * * *"      # demo-forum.yaml's `schedule:`
    assert jobs["site-demo-paste"].command()[-5:] == ["crawl", "site", "--resume", "-a", "config=demo-paste"]
    assert jobs["site-demo-paste"].args == {"config": "demo-paste"} and jobs["site-demo-paste"].cron == "*/30 * * * *"
    listed = subprocess.run(["leakscout", "schedule", "list"], env=subprocess_env(), capture_output=True, text=True,
                            timeout=60)
    assert re.search(r"^site-demo-telegram\s+\*/15 \* \* \* \*\s+next \S+\s+idle$", listed.stdout, re.M)
    again = subprocess.run(["leakscout", "schedule", "init"], env=subprocess_env(), capture_output=True, text=True,
                           timeout=60)
    assert again.returncode == 2 and "exists already" in again.stderr


def test_a_cron_in_the_job_overrides_the_site_config(tmp_path):
    path = tmp_path / "schedule.yaml"
    path.write_text("jobs:\n  - spider: site\n    args: {config: demo-leaks}\n    cron: '5 4 * * *'\n"
                    "  - spider: site\n    args: {config: demo-en}\n", encoding="utf-8")
    with pytest.raises(BadInput, match=r"schedule.yaml:5: no `cron` and the site config 'demo-en' has no `schedule:`"):
        load_schedule(path)
    path.write_text("jobs:\n  - spider: site\n    args: {config: demo-leaks}\n    cron: '5 4 * * *'\n")
    (job,) = load_schedule(path)
    assert (job.name, job.cron) == ("site-demo-leaks", "5 4 * * *")
