"""A durable hand-off for documents the search cluster could not take.

Each failed bulk chunk becomes one segment file: written whole to a `.part` file, fsync'd,
renamed, and the directory fsync'd — so a segment is either complete or absent, whatever
instant the process dies. Segments are replayed in order and removed only once indexed.
Documents the mapping refuses are not retried: they go to `rejected/` with their error.
"""
from __future__ import annotations

import json
import os
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from leakscout.core.private_files import open_private


@dataclass(frozen=True)
class Segment:
    path: Path
    seen_at: str
    reason: str
    documents: list[dict]


def _write_durably(folder: Path, name: str, lines: list[dict]) -> Path:
    partial = folder / f".{name}.part"
    with os.fdopen(open_private(partial), "w", encoding="utf-8") as handle:
        for line in lines:
            handle.write(json.dumps(line, ensure_ascii=False) + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    final = folder / name
    partial.rename(final)
    directory = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
    return final


def _segment_name() -> str:
    # Sortable by time, unique across processes.
    return f"{time.time_ns():020d}-{os.getpid()}-{uuid.uuid4().hex[:8]}.jsonl"


class Spool:
    def __init__(self, home: Path):
        self.folder = Path(home) / "spool"
        self.rejected_folder = Path(home) / "rejected"

    def append(self, documents: list[dict], seen_at: str, reason: str) -> Path:
        header = {"seen_at": seen_at, "reason": reason[:500]}
        return _write_durably(self.folder, _segment_name(), [header, *documents])

    def reject(self, document: dict, error, seen_at: str) -> Path:
        """A document the cluster refused for good (e.g. a mapping error), kept with its error."""
        return _write_durably(self.rejected_folder, _segment_name(),
                              [{"seen_at": seen_at, "error": error, "document": document}])

    def segments(self) -> list[Segment]:
        found = []
        for path in sorted(self.folder.glob("*.jsonl")):
            with open(path, encoding="utf-8") as handle:
                lines = [json.loads(line) for line in handle if line.strip()]
            if lines:
                found.append(Segment(path, lines[0]["seen_at"], lines[0].get("reason", ""), lines[1:]))
        return found

    def remove(self, segment: Segment) -> None:
        segment.path.unlink(missing_ok=True)

    def replace(self, segment: Segment, remaining: list[dict]) -> None:
        """Keep only the documents still not indexed (written before the old file goes)."""
        if remaining:
            _write_durably(self.folder, segment.path.name + ".rest", [
                {"seen_at": segment.seen_at, "reason": segment.reason}, *remaining])
            (self.folder / (segment.path.name + ".rest")).rename(segment.path)
        else:
            self.remove(segment)

    def pending_documents(self) -> int:
        return sum(len(segment.documents) for segment in self.segments())

    def rejected_documents(self) -> int:
        return len(list(self.rejected_folder.glob("*.jsonl")))
