"""Which watched brands a listing document should alert for. Pure functions."""
from __future__ import annotations

import hashlib

from leakscout.watchlist import Watchlist, WatchedBrand


def alert_id(listing_id: str, brand: str, kind: str = "new") -> str:
    """Deterministic: the same listing × brand never alerts twice, across restarts and re-crawls."""
    digest = hashlib.sha1(f"{listing_id}\x1f{brand}\x1f{kind}".encode("utf-8")).hexdigest()
    return f"{kind}-{digest}"


def matching_brands(document: dict, watchlist: Watchlist) -> list[WatchedBrand]:
    claimed = set(document.get("brands") or [])
    text = f"{document.get('title', '')}\n{document.get('body', '')}".casefold()
    matches = []
    for brand in watchlist.brands:
        if brand.name not in claimed:
            continue
        if any(term.casefold() in text for term in brand.exclude):
            continue
        matches.append(brand)
    return matches
