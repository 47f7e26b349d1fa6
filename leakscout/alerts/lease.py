"""Claims on alerts: only the process holding an alert's claim sends it.

A claim is two fields on the alert document, `claimed_by` (host:pid:process start:random) and
`claimed_until` (wall clock now + lease), set by an update conditional on the document's
`_seq_no`/`_primary_term` as last read: of two processes (on one machine or two, sharing one
cluster) trying to claim the same alert, one update succeeds and the other gets a version
conflict and leaves the alert alone.

A claim may be taken over when it has expired, or at once when it belongs to a process of this
host that is gone (its pid no longer runs with the same start time): a SIGKILLed sender's alerts go
out on the next run instead of after the lease. Claims of other hosts are only taken over after
`claimed_until`, by this host's clock: clocks must agree to well within the lease. A holder stops
starting new sends when less than SEND_MARGIN_SECONDS of its lease is left, so a takeover never
meets a send still in progress, as long as one send takes less than that margin.
"""
from __future__ import annotations

import os
import secrets
import socket
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

from leakscout.core.errors import LeakscoutError
from leakscout.storage.search import SearchStore

LEASE_SECONDS = 300.0
SEND_MARGIN_SECONDS = 60.0   # > the time one alert's sends can take (SMTP: 20 s per command at most)
RELEASE = {"claimed_by": None, "claimed_until": None}


@dataclass
class Lease:
    """The claims one request won: alert id → (seq_no, primary_term) right after claiming."""
    won: dict[str, tuple[int, int]] = field(default_factory=dict)
    started: float = field(default_factory=time.monotonic)
    seconds: float = LEASE_SECONDS

    def fresh(self) -> bool:
        """Enough of the lease is left to start sending one more alert."""
        return time.monotonic() - self.started < self.seconds - min(SEND_MARGIN_SECONDS, self.seconds / 2)


class Claims:
    def __init__(self, store: SearchStore, alias: str, lease_seconds: float = LEASE_SECONDS):
        self.store = store
        self.alias = alias
        self.lease_seconds = lease_seconds
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{_process_start(os.getpid()) or '-'}:{secrets.token_hex(4)}"

    def fields(self) -> dict:
        until = datetime.now(timezone.utc) + timedelta(seconds=self.lease_seconds)
        stamp = until.isoformat(timespec="milliseconds").replace("+00:00", "Z")
        return {"claimed_by": self.owner, "claimed_until": stamp}

    def available(self, source: dict) -> bool:
        """Whether this process may try to claim the alert whose stored fields are `source`."""
        holder, until = source.get("claimed_by"), source.get("claimed_until")
        if not holder or holder == self.owner or not until:
            return True
        if datetime.fromisoformat(until.replace("Z", "+00:00")) <= datetime.now(timezone.utc):
            return True
        return gone_from_this_host(holder)

    def claim(self, versions: dict[str, tuple[int, int]]) -> Lease:
        """Claim the alerts {id: (seq_no, primary_term) as read}; the lease holds those won."""
        lease = Lease(seconds=self.lease_seconds)
        if not versions:
            return lease
        claim = self.fields()
        actions = []
        for id_, (seq_no, primary_term) in versions.items():
            actions += [{"update": {"_index": self.alias, "_id": id_, "if_seq_no": seq_no,
                                    "if_primary_term": primary_term}}, {"doc": claim}]
        for item in self.store.bulk(actions)["items"]:
            result = item["update"]
            if result.get("status") == 200:
                lease.won[result["_id"]] = (result["_seq_no"], result["_primary_term"])
            elif result.get("status") not in (404, 409):   # 409: another process was first
                raise LeakscoutError(f"claiming alert {result['_id']} failed: {result.get('error')}")
        return lease


def gone_from_this_host(holder: str) -> bool:
    """True if `holder` names a process of this host that no longer runs."""
    try:
        host, pid, start, _ = holder.rsplit(":", 3)
        pid_number = int(pid)
    except ValueError:
        return False
    if host != socket.gethostname():
        return False
    if start == "-":   # no /proc when it claimed: only the pid to go by
        try:
            os.kill(pid_number, 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            return False
        return False
    return _process_start(pid_number) != start


def _process_start(pid: int) -> str | None:
    """The start time of a live process (clock ticks since boot, /proc/<pid>/stat); None if it is
    gone or a zombie. With the pid it names one process: pids are reused, start times are not."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()
    return None if fields[0] == "Z" else fields[19]
