"""Second stage: extraction and masking, so nothing unmasked goes further down the pipeline."""
from __future__ import annotations

import logging

from leakscout.config import load_settings
from leakscout.watchlist import load_watchlist
from pipelines.document import build_document
from pipelines.extraction import EXTRACTOR_VERSION, build_extractor, mask_text
from pipelines.extraction.dates import find_posted_at
from pipelines.extraction.normalize import normalize

log = logging.getLogger(__name__)


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
        title = mask_text(listing["title"], salt=self._salt)
        body = mask_text(listing["body"], salt=self._salt)
        samples = {s["hash"]: s for s in [*title.samples, *body.samples]}
        document = build_document(listing, extraction, title.text, body.text, list(samples.values()),
                                  EXTRACTOR_VERSION)
        document["id"] = listing["id"]
        return document


class ExtractPipeline:
    def open_spider(self):
        settings = load_settings()
        watchlist = load_watchlist(settings.watchlist)
        self.analyzer = ListingAnalyzer(watchlist.brands, salt=settings.salt())

    def process_item(self, item):
        return self.analyzer.analyze(item)
