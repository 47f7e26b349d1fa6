"""Second stage: extraction and masking, so nothing unmasked goes further down the pipeline.

`ListingAnalyzer` analyses one listing; the worker functions below run it in worker processes
(crawlers/item_pipelines.py feeds them from a crawl)."""
from __future__ import annotations

import logging

from pipelines.budget import OverBudget, time_budget
from pipelines.document import build_document
from pipelines.extraction import EXTRACTOR_VERSION, build_extractor, mask_text
from pipelines.extraction.dates import find_posted_at
from pipelines.extraction.normalize import normalize
from pipelines.lifecycle import add_fingerprint

log = logging.getLogger(__name__)
# Every free-text field a page gives; a seller name or a date line can carry a phone number too.
MASKED_FIELDS = ("title", "body", "seller", "category", "posted_at")
BUDGET_SECONDS = 20.0      # a listing's analysis, in a worker process; a normal one takes milliseconds
CUT_CHARS = 20_000         # what is analysed of a listing over its budget
TITLE_ONLY_CHARS = 300     # what is kept of a listing over budget twice


class ListingAnalyzer:
    """Extraction + masking for one listing; built once per crawl (the brand automaton is costly).

    A listing gets `budget_seconds` (pipelines/budget.py). Over it, the analysis starts again on
    the first CUT_CHARS characters of each text field, then, over budget again, keeps a short
    masked title and nothing else; either way the document says `extraction_incomplete: "time
    budget"`. What is indexed is always masked: a listing is never kept with text masking has
    not been through.
    """

    def __init__(self, watchlist_brands=(), salt: str = "", budget_seconds: float | None = BUDGET_SECONDS):
        self._extractor = build_extractor(watchlist_brands=watchlist_brands)
        self._salt = salt
        self._budget = budget_seconds

    def analyze(self, listing: dict) -> dict:
        try:
            with time_budget(self._budget):
                return self._analyze(listing)
        except OverBudget:
            pass
        log.warning("listing %s: analysis over its %s s budget; analysing its first %d characters",
                    listing.get("id"), self._budget, CUT_CHARS)
        try:
            with time_budget(self._budget):
                document = self._analyze(_cut(listing, CUT_CHARS))
        except OverBudget:
            log.warning("listing %s: over budget again; kept with its title only", listing.get("id"))
            document = self._analyze({**_cut(listing, TITLE_ONLY_CHARS), "body": ""}, extract=False)
        document["extraction_incomplete"] = "time budget"
        return document

    def _analyze(self, listing: dict, extract: bool = True) -> dict:
        masked, samples = {}, {}
        for field in MASKED_FIELDS:
            value = listing[field] if field in ("title", "body") else listing.get(field)   # a normalized listing has both
            if value is None:
                masked[field] = None
                continue
            result = mask_text(str(value), salt=self._salt)
            masked[field] = result.text
            samples.update((sample["hash"], sample) for sample in result.samples)
        # Extraction reads the masked text: a figure it reports (a record count, a price, a claimed
        # source) can then never be a phone or card number of the samples.
        text = f"{masked['title'] or ''}\n{masked['body'] or ''}"
        extraction = self._extractor.extract(text, url=listing.get("url")) if extract else {}
        if not extraction.get("posted_at") and masked.get("posted_at"):
            extraction["posted_at"] = find_posted_at(normalize(masked["posted_at"]))
        document = build_document(listing, extraction, masked, list(samples.values()), EXTRACTOR_VERSION)
        document["id"] = listing["id"]
        add_fingerprint(document)
        return document


def _cut(listing: dict, chars: int) -> dict:
    return {**listing, **{field: str(listing[field])[:chars] for field in MASKED_FIELDS
                          if listing.get(field) is not None}}


_worker_analyzer: ListingAnalyzer | None = None


def start_worker(brands, salt: str, budget_seconds: float | None = BUDGET_SECONDS) -> None:
    global _worker_analyzer
    _worker_analyzer = ListingAnalyzer(brands, salt=salt, budget_seconds=budget_seconds)


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
