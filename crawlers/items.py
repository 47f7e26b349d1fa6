"""The one item every spider yields: what a listing page shows, before any extraction.

Its fields are leakscout/core/listing.py's PAGE_FIELDS (tests/test_listing_schema.py checks them)."""
import scrapy


class ListingItem(scrapy.Item):
    site = scrapy.Field()          # site key from the site config, e.g. "demo-zh"
    listing_key = scrapy.Field()   # the site's own id for the listing (thread id, item id, …)
    url = scrapy.Field()
    title = scrapy.Field()
    body = scrapy.Field()          # visible text of the listing, unmasked: masked by the pipeline
    seller = scrapy.Field()
    posted_at = scrapy.Field()     # as written on the page; parsed by extraction
    price_text = scrapy.Field()    # the page's own price field, if it has one
    category = scrapy.Field()
    lang_hint = scrapy.Field()     # the page's declared language, if any
    encoding = scrapy.Field()      # the encoding the page was decoded with
    fetched_at = scrapy.Field()    # ISO 8601 UTC
    screenshot = scrapy.Field()    # path of the page's screenshot (JavaScript pages), under LEAKSCOUT_HOME/evidence
