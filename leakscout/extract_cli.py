"""`leakscout extract`: JSON Lines of listings in, one extraction record per line out, in order."""
from __future__ import annotations

import json
import sys
from typing import IO, Iterable, Iterator

from pipelines.extraction import build_extractor


def extraction_records(lines: Iterable[str], watchlist_brands=()) -> Iterator[tuple[dict, str | None]]:
    """Yields (record, error) per input line; a bad line yields an error record and the reason."""
    extractor = build_extractor(watchlist_brands=watchlist_brands)
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            listing = json.loads(line)
        except ValueError as exc:
            reason = f"line {number}: not JSON ({exc.msg})"
            yield {"id": None, "line": number, "error": reason}, reason
            continue
        if not isinstance(listing, dict) or "id" not in listing:
            reason = f"line {number}: expected an object with `id` and `text` or `html`"
            yield {"id": listing.get("id") if isinstance(listing, dict) else None, "line": number,
                   "error": reason}, reason
            continue
        text, html = listing.get("text"), listing.get("html")
        if not isinstance(text, str) and not isinstance(html, str):
            reason = f"line {number}: object {listing['id']!r} has neither `text` nor `html` as a string"
            yield {"id": listing["id"], "line": number, "error": reason}, reason
            continue
        record = extractor.extract(text if isinstance(text, str) else None,
                                   html=html if isinstance(html, str) else None, url=listing.get("url"))
        yield {"id": listing["id"], **record}, None


def run_extract(source: IO[str], sink: IO[str], watchlist_brands=()) -> list[str]:
    errors = []
    for record, error in extraction_records(source, watchlist_brands):
        sink.write(json.dumps(record, ensure_ascii=False) + "\n")
        if error:
            errors.append(error)
    sink.flush()
    return errors


def open_input(path: str | None) -> IO[str]:
    if path in (None, "-"):
        return sys.stdin
    return open(path, encoding="utf-8")
