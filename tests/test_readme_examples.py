"""The README's example commands, run as written (the analyst's day block), on the real node and a
real SMTP server, after the demo's Qudian listing went through the pipeline."""
from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from tests.alerts.helpers import ZH_BODY, ZH_TITLE, listing, run_pipeline
from tests.conftest import subprocess_env

README = Path(__file__).resolve().parent.parent / "README.md"


def readme_block(name: str) -> list[str]:
    """The command lines of the ```sh block under `<!-- readme-example: NAME -->`."""
    text = README.read_text(encoding="utf-8")
    match = re.search(rf"<!-- readme-example: {name} -->\n```sh\n(.*?)\n```", text, re.S)
    assert match, f"no example block {name!r} in the README"
    return [line for line in match.group(1).splitlines() if line.strip()]


def test_the_analyst_s_day_runs_as_written(store, leakscout_env, sink, monkeypatch):
    monkeypatch.setenv("LEAKSCOUT_SMTP_URL", sink.url)
    run_pipeline([listing("48213", ZH_TITLE, ZH_BODY, site="demo-zh")])   # the demo's listing, the same alert id

    outputs = []
    for command in readme_block("analyst"):
        done = subprocess.run(["bash", "-c", command], env=subprocess_env(), capture_output=True, text=True,
                              timeout=120)
        assert done.returncode == 0, (command, done.stderr)
        outputs.append(done.stdout)
    extract, table, as_json, triage, past, partial, init, schedule = outputs

    assert json.loads(extract)["brands"] == ["Qudian"]
    assert table.split("\n")[0].split()[:4] == ["ID", "BRAND", "STATE", "SEVERITY"]
    assert "new-76d35746c2  Qudian" in table
    assert [alert["brand"] for alert in json.loads(as_json)] == ["Qudian"]
    assert triage.strip() == "new-76d35746c2bb923678fc7b968b60a383116452a6: acknowledged (sent to legal)"
    assert past.startswith("digests for 2026-12-04: 0 sent")
    assert partial.startswith("partial digests (the day stays open) for ") and ": 1 sent" in partial
    assert "4 job(s)" in init
    assert re.search(r"^site-demo-forum\s+15 \*/6 \* \* \*\s+next ", schedule, re.M)
