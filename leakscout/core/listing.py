"""The listing record in one place (docs/contracts.md): what a page shows and what the index holds.

tests/test_listing_schema.py checks the spider's item (crawlers/items.py), the normalised listing
(pipelines/normalize.py), the document (pipelines/document.py, the upsert script in
pipelines/index.py, the life cycle in pipelines/lifecycle.py) and the index mapping
(index_config/listings.json) against these two tables. A new field goes here first.
"""

# What a listing page shows, before any extraction: the fields of crawlers.items.ListingItem.
PAGE_FIELDS = {
    "site": "site key from the site config, e.g. demo-zh",
    "listing_key": "the site's own id for the listing (thread id, item id, ...)",
    "url": "the listing page",
    "title": "as shown; unmasked until the extract stage",
    "body": "visible text of the listing; unmasked until the extract stage",
    "seller": "as shown",
    "posted_at": "as written on the page; parsed by extraction",
    "price_text": "the page's own price field, if it has one",
    "category": "as shown",
    "lang_hint": "the page's declared language, if any",
    "encoding": "the encoding the page was decoded with",
    "fetched_at": "ISO 8601 UTC",
    "screenshot": "path of the page's screenshot (JavaScript pages), under LEAKSCOUT_HOME/evidence",
}

# The document in <prefix>-listings, field -> the stage that sets it.
DOCUMENT_FIELDS = {
    # from the page, free text masked (pipelines/document.py)
    "site": "page", "listing_key": "page", "url": "page", "title": "page, masked", "body": "page, masked",
    "seller": "page, masked", "category": "page, masked", "posted_at_text": "page, masked",
    "encoding": "page", "screenshot": "page",
    # from extraction (pipelines/document.py)
    "posted_at": "extraction", "brands": "extraction", "claimed_source": "extraction", "price": "extraction",
    "offers": "extraction", "record_count": "extraction", "data_types": "extraction", "regions": "extraction",
    "file_format": "extraction", "lang": "extraction", "severity": "extraction", "legal_tier": "extraction",
    "samples": "extraction (masked samples, salted hashes)", "content_hash": "document",
    "extractor_version": "document", "status": "document; upsert; removal sweep",
    # set on upsert (pipelines/index.py)
    "first_seen": "upsert", "last_seen": "upsert", "history": "upsert",
    # life cycle (pipelines/lifecycle.py)
    "minhash": "life cycle", "minhash_bands": "life cycle", "duplicate_of": "life cycle",
    "offer_group": "life cycle", "removed_at": "removal sweep",
    # analysis over its time budget (pipelines/extract.py)
    "extraction_incomplete": "analysis budget",
    # customer exposure, before upsert (pipelines/exposure.py)
    "exposure": "exposure check", "exposure_brands": "exposure check", "exposure_bonus": "exposure check",
}
