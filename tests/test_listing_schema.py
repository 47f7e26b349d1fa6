"""One listing schema (leakscout/core/listing.py): item, normalised listing, document and index
mapping all name the same fields."""
import json
from importlib import resources

from crawlers.items import ListingItem
from leakscout.core.listing import DOCUMENT_FIELDS, PAGE_FIELDS
from pipelines.document import build_document
from pipelines.index import UPSERT_SCRIPT
from pipelines.lifecycle import add_fingerprint
from pipelines.normalize import normalize_item

SET_LATER = {"upsert", "life cycle", "removal sweep", "analysis budget", "exposure check"}


def _page() -> dict:
    return {name: f"{name} value" for name in PAGE_FIELDS}


def test_the_item_has_the_page_fields():
    assert set(ListingItem.fields) == set(PAGE_FIELDS)


def test_the_normalised_listing_keeps_every_page_field():
    assert set(normalize_item(_page())) == set(PAGE_FIELDS) | {"id"}


def test_the_document_and_the_mapping_have_the_document_fields():
    document = build_document(normalize_item(_page()), {}, {"title": "t", "body": "b"}, [], "v1")
    add_fingerprint(document)
    later = {name for name, stage in DOCUMENT_FIELDS.items() if stage in SET_LATER}
    assert set(document) | later == set(DOCUMENT_FIELDS)
    for name in ("first_seen", "last_seen", "history"):
        assert f"src.{name}" in UPSERT_SCRIPT
    mapping = json.loads(resources.files("index_config").joinpath("listings.json").read_text(encoding="utf-8"))
    properties = mapping.get("template", mapping)["mappings"]["properties"]
    assert set(properties) == set(DOCUMENT_FIELDS)
