"""How often does a SIGKILL in the middle of mailing still cost a duplicate mail? A measurement, not a test.

    python bench/bench_kill_window.py [--kills 100] [--seed 1]

Needs the search node (`leakscout es up`). Makes pending alerts (Qudian listings indexed with no
channel configured), then again and again starts `leakscout alerts send` against a slow SMTP sink
(100 ms per recipient), waits for its first mail and SIGKILLs it a random 0–500 ms later. After each
kill it classifies what the killed sender left:

- journaled, not stored: the mail's journal record is on disk, the alert document does not say
  sent. Before the journal this was a duplicate; now the next run marks it sent.
- unrecorded: the sink has the mail, neither the document nor the journal records it (killed
  between the server's 250 and the journal's fsync). The next run sends it again.

At the end one sender runs to completion and the duplicates are counted; they must equal the
unrecorded hits.
"""
from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the tests' mail sink helpers


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--kills", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        os.environ.update(LEAKSCOUT_HOME=str(Path(folder) / "home"), LEAKSCOUT_HASH_SALT="bench",
                          LEAKSCOUT_INDEX_PREFIX=f"bench-{uuid.uuid4().hex[:8]}",
                          LEAKSCOUT_WATCHLIST=str(Path(folder) / "watchlist.yaml"))
        os.environ.pop("LEAKSCOUT_SMTP_URL", None)
        (Path(folder) / "watchlist.yaml").write_text(
            "brands:\n  - name: Qudian\n    aliases: [趣店]\n    notify: [soc@example.com]\n", encoding="utf-8")
        from leakscout.core.config import load_settings
        from leakscout.storage.search import open_store

        settings = load_settings()
        store = open_store(settings)
        try:
            run(store, settings, Path(folder), args.kills, random.Random(args.seed))
        finally:
            store.request("DELETE", f"/{settings.index_prefix}-*", ok=(404,))
            for name in ("listings", "alerts", "watches"):
                store.request("DELETE", f"/_index_template/{settings.index_prefix}-{name}", ok=(404,))


def run(store, settings, folder: Path, kills: int, rng: random.Random) -> None:
    from leakscout.alerts.journal import DeliveryJournal
    from leakscout.core.timeutil import utc_now
    from pipelines.extract import ListingAnalyzer
    from pipelines.index import ChunkIndexer
    from pipelines.normalize import normalize_item
    from tests.alerts.helpers import zh_listing
    from tests.faults.helpers import all_docs, alert_mails, check_mails, slow_mail_sink, unrecorded_mails

    analyzer = ListingAnalyzer(salt="bench")
    chunks = ChunkIndexer(store, settings)
    chunks.open()
    count = kills * 8   # about 5 mails go out before each kill
    for start in range(0, count, 200):
        documents = [analyzer.analyze(normalize_item(zh_listing(listing_key=str(100000 + i))))
                     for i in range(start, min(start + 200, count))]
        chunks.index_chunk(documents, utc_now())
    pending = set(all_docs(store, settings.alerts_alias))
    journal = DeliveryJournal.for_settings(settings)

    with slow_mail_sink(folder / "mail", seconds=0.1) as sink:
        env = dict(os.environ, LEAKSCOUT_SMTP_URL=sink.url)
        mid_mailing = 0
        journaled_not_stored: set[str] = set()
        unrecorded: set[tuple[str, int]] = set()
        started = time.monotonic()
        for _ in range(kills):
            before = len(sink.messages())
            sender = subprocess.Popen(["leakscout", "alerts", "send"], env=env, stdout=subprocess.DEVNULL,
                                      stderr=subprocess.DEVNULL)
            while len(sink.messages()) == before and sender.poll() is None:
                time.sleep(0.005)
            time.sleep(rng.uniform(0, 0.5))
            sender.send_signal(signal.SIGKILL)
            sender.wait()
            mid_mailing += sender.returncode == -signal.SIGKILL
            documents = all_docs(store, settings.alerts_alias)
            journaled_not_stored |= {
                alert for alert, channels in journal.by_alert().items()
                if "email" in channels and "email" not in (documents.get(alert, {}).get("sent_channels") or [])}
            unrecorded |= unrecorded_mails(sink, store, settings)
        final = subprocess.run(["leakscout", "alerts", "send"], env=env, capture_output=True, text=True)
        assert final.returncode == 0, final.stdout + final.stderr
        duplicates = check_mails(sink, pending)
        mails = len(alert_mails(sink))
    print(f"{kills} senders killed mid-mailing ({mid_mailing} still running when killed), {len(pending)} alerts, "
          f"{mails} mails, {time.monotonic() - started:.0f} s")
    print(f"killed after the journal, before the index update (a duplicate before the journal): "
          f"{len(journaled_not_stored)}")
    print(f"killed between 250 and the journal's fsync (unrecorded, resent): {len(unrecorded)}")
    print(f"duplicate mails: {sum(duplicates.values())}")
    assert sum(duplicates.values()) == len(unrecorded), (duplicates, unrecorded)


if __name__ == "__main__":
    main()
