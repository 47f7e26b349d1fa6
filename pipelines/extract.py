"""Second stage: extraction and masking, so nothing unmasked goes further down the pipeline.

`ListingAnalyzer` analyses one listing; the worker functions below run it in worker processes
(crawlers/item_pipelines.py feeds them from a crawl)."""
from __future__ import annotations

import logging

from pipelines.document import build_document
from pipelines.extraction import EXTRACTOR_VERSION, build_extractor, mask_text
from pipelines.extraction.dates import find_posted_at
from pipelines.extraction.normalize import normalize
from pipelines.lifecycle import add_fingerprint

log = logging.getLogger(__name__)
# Every free-text field a page gives; a seller name or a date line can carry a phone number too.
MASKED_FIELDS = ("title", "body", "seller", "category", "posted_at")


class ListingAnalyzer:
    """Extraction + masking for one listing; built once per crawl (the brand automaton is costly)."""

    def __init__(self, watchlist_brands=(), salt: str = ""):
        self._extractor = build_extractor(watchlist_brands=watchlist_brands)
        self._salt = salt

    def analyze(self, listing: dict) -> dict:
        text = f"{listing['title']}\n{listing['body']}"
        extraction = self._extractor.extract(text, url=listing.get("url"))
        if not extraction.get("posted_at") and listing.get("posted_at"):
            extraction["posted_at"] = find_posted_at(normalize(str(listing["posted_at"])))
        masked, samples = {}, {}
        for field in MASKED_FIELDS:
            if listing.get(field) is None:
                masked[field] = None
                continue
            result = mask_text(str(listing[field]), salt=self._salt)
            masked[field] = result.text
            samples.update((sample["hash"], sample) for sample in result.samples)
        document = build_document(listing, extraction, masked, list(samples.values()), EXTRACTOR_VERSION)
        document["id"] = listing["id"]
        add_fingerprint(document)
        return document


_worker_analyzer: ListingAnalyzer | None = None


def start_worker(brands, salt: str) -> None:
    global _worker_analyzer
    _worker_analyzer = ListingAnalyzer(brands, salt=salt)


def worker_ready() -> bool:
    return _worker_analyzer is not None


def analyze_in_worker(listings: list[dict]) -> list:
    return [analyze_or_exception(_worker_analyzer, listing) for listing in listings]


def analyze_or_exception(analyzer: ListingAnalyzer, listing: dict):
    """The document, or the exception its analysis raised: one bad listing fails alone, not its batch."""
    try:
        return analyzer.analyze(listing)
    except Exception as exc:
        return exc
