"""Page object for Hydrant Market's listing pages (the demo market's ``jsmarket/`` layout), as
its script renders them: ``<h1 class="item-title">``, a specs table (Vendor, Category, Listed,
Price) and a description.

A page object is the way to add a site whose pages selectors alone do not describe well: a
class with ``fields(page, url)`` returning ListingItem fields, named in the site config as
``page_object: crawlers.pages.hydrant_market:HydrantItemPage``. Here the specs table has no
classes, only labels, so the fields are read by label.
"""
from __future__ import annotations

from parsel import Selector

from crawlers.sites.selectors import clean, clean_lines, match_text


class HydrantItemPage:
    SPEC_FIELDS = {"vendor": "seller", "category": "category", "listed": "posted_at", "price": "price_text"}

    def fields(self, page: Selector, url: str) -> dict[str, str | None]:
        item = page.css("article.item")
        if not item:
            return {}  # not rendered (no JavaScript ran) or not a listing page
        fields: dict[str, str | None] = {
            "listing_key": clean(item.attrib.get("data-item-id")),
            "title": clean(item.css("h1.item-title").xpath("string()").get()),
            "body": clean_lines("\n".join(filter(None, (match_text(p) for p in item.css("div.item-description p"))))),
        }
        fields.update(dict.fromkeys(self.SPEC_FIELDS.values()))
        for row in item.css("table.specs tr"):
            label = (clean(row.css("th").xpath("string()").get()) or "").lower()
            if label in self.SPEC_FIELDS:
                fields[self.SPEC_FIELDS[label]] = clean(row.css("td").xpath("string()").get())
        return fields
