"""Helpers: crawls of the bundled demo market by the site and generic spiders, in a subprocess through
`leakscout crawl` (the Twisted reactor cannot be restarted inside the test process), with item
pipelines off and the items written to a JSON Lines feed."""
from __future__ import annotations

import json
import re
import subprocess
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path

from leakscout.demo_market.server import render_page
from tests.conftest import subprocess_env


@dataclass
class Crawl:
    items: list[dict]
    log: str
    requested_paths: list[str]

    def keys(self) -> list[str]:
        return sorted(item["listing_key"] for item in self.items)


def run_crawl(tmp_path: Path, market, spider: str, *spider_args: str) -> Crawl:
    """One crawl of the running demo market; the paths it requested are those recorded meanwhile."""
    feed = tmp_path / f"items-{uuid.uuid4().hex[:8]}.jsonl"
    before = len(market.requested_paths)
    command = [
        sys.executable, "-m", "leakscout.cli", "crawl", spider,
        *[part for arg in spider_args for part in ("-a", arg)],
        "-s", "ITEM_PIPELINES={}",
        "-s", "EXTENSIONS={}",                       # no listing life-cycle sweep: nothing is indexed
        "-s", "AUTOTHROTTLE_ENABLED=False",
        "-s", "FEEDS=" + json.dumps({feed.as_uri(): {"format": "jsonlines", "encoding": "utf-8"}}),
    ]
    env = subprocess_env(LEAKSCOUT_HOME=str(tmp_path / "home"), LEAKSCOUT_INDEX_PREFIX=f"test-{uuid.uuid4().hex[:10]}")
    result = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-5000:]
    assert " ERROR: " not in result.stderr and "Traceback" not in result.stderr, result.stderr[-5000:]
    items = [json.loads(line) for line in feed.read_text(encoding="utf-8").splitlines() if line.strip()] \
        if feed.exists() else []
    return Crawl(items, result.stderr, market.requested_paths[before:])


def page_text(path: str) -> str:
    """A bundled page as a client decodes it: by the HTTP charset, else the <meta> one."""
    body, content_type = render_page(path)
    charset = content_type.partition("charset=")[2] or re.search(rb"charset=([\w-]+)", body).group(1).decode()
    return body.decode(charset)
