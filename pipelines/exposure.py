"""Is it really ours? Each listing's sample hashes checked against the brands' customer hashes.

Before a chunk is stored, its listings' sample hashes (masking keeps a keyed hash of each masked
value) are looked up in the exposure index in one query. A listing then carries, per brand whose
customers could be among its samples, how many sample identifiers were checked and how many are
that brand's customers (`exposure`), the brands with a confirmed match (`exposure_brands`, which a
watch matches too), and a severity raised by the confirmed matches (`exposure_bonus` says by how
much, so a re-check starts again from the extracted severity).
"""
from __future__ import annotations

import time

from leakscout.storage.exposure import ExposureStore
from leakscout.storage.search import SearchRequestError

# Severity added for confirmed customers among the samples: a first match, then each further one.
FIRST_MATCH_BONUS = 15
MORE_MATCH_BONUS = 5
MAX_BONUS = 30
SUMMARY_SECONDS = 60.0   # how long the brands' kinds are trusted before being asked again


def severity_bonus(matched: int) -> int:
    return 0 if matched <= 0 else min(MAX_BONUS, FIRST_MATCH_BONUS + MORE_MATCH_BONUS * (matched - 1))


class ExposureMatcher:
    def __init__(self, exposure: ExposureStore):
        self.exposure = exposure
        self._kinds: dict[str, set[str]] = {}
        self._kinds_at = float("-inf")

    def brand_kinds(self) -> dict[str, set[str]]:
        """brand → the kinds of identifier it imported (cached: one aggregation a minute at most)."""
        if time.monotonic() - self._kinds_at > SUMMARY_SECONDS:
            try:
                summary = self.exposure.summary()
            except SearchRequestError as exc:
                if exc.status != 404:
                    raise
                summary = {}
            self._kinds = {brand: set(kinds) for brand, kinds in summary.items()}
            self._kinds_at = time.monotonic()
        return self._kinds

    def forget_kinds(self) -> None:
        self._kinds_at = float("-inf")

    def annotate(self, documents: list[dict]) -> int:
        """Set exposure, exposure_brands, exposure_bonus and severity on `documents`; returns how many
        listings have a confirmed customer. No query at all while no brand has imported customers."""
        brand_kinds = self.brand_kinds()
        if not brand_kinds:
            return 0
        hashes = {sample["hash"] for document in documents for sample in document.get("samples") or ()
                  if sample.get("hash")}
        customers: dict[str, set[str]] = {}
        for brand, _kind, hashed in self.exposure.lookup(hashes) if hashes else ():
            customers.setdefault(hashed, set()).add(brand)
        confirmed = 0
        for document in documents:
            entries = exposure_entries(document, brand_kinds, customers)
            _apply(document, entries)
            confirmed += bool(document["exposure_brands"])
        return confirmed


def exposure_entries(document: dict, brand_kinds: dict[str, set[str]],
                     customers: dict[str, set[str]]) -> list[dict]:
    """Per brand whose customers the samples could hold: checked and matched, in all and per kind.

    A brand is listed when a sample is its customer, or when the listing names it as its source and
    holds samples of a kind the brand imported."""
    by_kind: dict[str, set[str]] = {}
    for sample in document.get("samples") or ():
        if sample.get("hash") and sample.get("kind"):
            by_kind.setdefault(sample["kind"], set()).add(sample["hash"])
    matched_brands = {brand for hashes in by_kind.values() for h in hashes for brand in customers.get(h, ())}
    candidates = matched_brands | {b for b in document.get("brands") or () if b in brand_kinds}
    entries = []
    for brand in sorted(candidates):
        kinds = []
        for kind in sorted(by_kind.keys() & brand_kinds.get(brand, set())):
            hashes = by_kind[kind]
            hits = sum(1 for h in hashes if brand in customers.get(h, ()))
            kinds.append({"kind": kind, "checked": len(hashes), "matched": hits})
        if kinds:
            entries.append({"brand": brand, "checked": sum(k["checked"] for k in kinds),
                            "matched": sum(k["matched"] for k in kinds), "kinds": kinds})
    return entries


def _apply(document: dict, entries: list[dict]) -> None:
    base = (document.get("severity") or 0) - (document.get("exposure_bonus") or 0)
    bonus = severity_bonus(max((entry["matched"] for entry in entries), default=0))
    document["exposure"] = entries
    document["exposure_brands"] = [entry["brand"] for entry in entries if entry["matched"]]
    document["exposure_bonus"] = bonus
    document["severity"] = min(100, base + bonus)
