"""The delivery journal: a local, append-only, fsync'd record of "channel X accepted alert Y".

Written right after a channel accepts an alert (SMTP 250 after DATA, webhook 2xx) and before the
alert document is updated, so a process killed between the two leaves a trace on local disk: the
next dispatcher marks such alerts sent in the index without sending them again (dispatcher.py).

One file per alerts index under `$LEAKSCOUT_HOME/alerts/`, one JSON record per line. Each record is
written with a leading newline, in one write(): a record torn by a crash (SIGKILL can cut a write
that crosses a page boundary; a power cut can lose the tail) is then a line of its own that does
not parse, and is ignored without swallowing the next record. A torn record counts as not written.

Appends take a shared lock and compaction an exclusive one (flock on a separate lock file), so a
compaction never drops a record another process appended meanwhile. The kernel releases flocks of
a killed process.
"""
from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from leakscout.core.timeutil import utc_now
from leakscout.core.private_files import open_private

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Entry:
    alert: str
    channel: str
    reference: str | None


class DeliveryJournal:
    def __init__(self, folder: Path, alerts_alias: str):
        self.folder = Path(folder)
        self.path = self.folder / f"delivered-{alerts_alias}.jsonl"
        self._lock_path = self.folder / f"delivered-{alerts_alias}.lock"

    @classmethod
    def for_settings(cls, settings) -> "DeliveryJournal":
        return cls(settings.home / "alerts", settings.alerts_alias)

    def append(self, alert: str, channel: str, reference: str | None) -> None:
        """Record one acceptance; returns once the record is on disk (fsync)."""
        line = "\n" + json.dumps({"alert": alert, "channel": channel, "ref": reference, "at": utc_now()},
                                 ensure_ascii=False) + "\n"
        with self._locked(fcntl.LOCK_SH):
            created = not self.path.exists()
            fd = open_private(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
            try:
                os.write(fd, line.encode("utf-8"))
                os.fsync(fd)
            finally:
                os.close(fd)
            if created:
                _fsync_dir(self.folder)  # the new file's name must survive a crash too

    def record(self, alert: str, channel: str, reference: str | None) -> None:
        """`append`, for senders: a journal that cannot be written is logged, not raised, because the
        document update that follows still records the delivery a moment later."""
        try:
            self.append(alert, channel, reference)
        except OSError as exc:
            log.error("delivery journal %s not written (%s): a crash before %s is stored as sent "
                      "would send it again", self.path, exc, alert)

    def entries(self) -> list[Entry]:
        try:
            text = self.path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return []
        return [entry for entry in map(_parse, text.splitlines()) if entry is not None]

    def by_alert(self, alert_ids=None) -> dict[str, dict[str, str | None]]:
        """alert id → {channel: reference} of what the journal says was accepted."""
        wanted = None if alert_ids is None else set(alert_ids)
        accepted: dict[str, dict[str, str | None]] = {}
        for entry in self.entries():
            if wanted is None or entry.alert in wanted:
                accepted.setdefault(entry.alert, {})[entry.channel] = entry.reference
        return accepted

    def size(self) -> int:
        try:
            return self.path.stat().st_size
        except FileNotFoundError:
            return 0

    def compact(self, reflected: set[tuple[str, str]]) -> int:
        """Drop the records whose (alert, channel) the index already shows; returns how many are kept."""
        with self._locked(fcntl.LOCK_EX):
            kept = [entry for entry in self.entries() if (entry.alert, entry.channel) not in reflected]
            if not kept:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(self.path)
                return 0
            partial = self.path.with_suffix(".compacting")
            fd = open_private(partial)
            try:
                os.write(fd, "".join("\n" + json.dumps({"alert": e.alert, "channel": e.channel, "ref": e.reference},
                                                       ensure_ascii=False) + "\n" for e in kept).encode("utf-8"))
                os.fsync(fd)
            finally:
                os.close(fd)
            os.replace(partial, self.path)
            _fsync_dir(self.folder)
            return len(kept)

    @contextlib.contextmanager
    def _locked(self, mode: int):
        fd = open_private(self._lock_path, os.O_RDWR | os.O_CREAT)
        try:
            fcntl.flock(fd, mode)
            yield
        finally:
            os.close(fd)  # releases the lock


def _parse(line: str) -> Entry | None:
    if not line.strip():
        return None
    try:
        record = json.loads(line)
        return Entry(str(record["alert"]), str(record["channel"]), record.get("ref"))
    except (ValueError, KeyError, TypeError):
        return None  # a torn record: its append never completed


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
