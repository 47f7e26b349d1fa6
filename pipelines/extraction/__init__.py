"""leakscout extraction library: who is the source, how much, how many, what kinds, where.

    from pipelines.extraction import build_extractor, mask_text
    extractor = build_extractor(watchlist_brands=())      # build once: holds the brand automaton
    record = extractor.extract(text, html=None, url=None)  # dict with the §2 contract keys
    masked = mask_text(text, salt="...")                   # .text, .samples [{kind, masked, hash}]

Documented choices
- price: the whole-offer asking price. Per-record / per-thousand / per-region prices and ranges go to
  `offers` (unit = offer | record | thousand | ten_thousand | region, plus regions, record_count,
  records_per_unit, amount_max). If only those are given, `price` is null: a per-record price times a
  claimed count is not what the seller asked.
- currency: from the text only. A bare number after a price word (打包价10万) in Chinese text is CNY;
  elsewhere an unlabelled price has currency null and amount_usd null.
- record_count: the total; a province's part loses to the total; samples and daily updates are ignored.
- regions: ISO 3166-1 / 3166-2 codes; Hong Kong, Macao, Taiwan use their 3166-1 codes (HK, MO, TW).
- Inputs over 200,000 characters are truncated before extraction.
- legal_tier.tier is "unknown" when the listing gives no record count.
"""
from __future__ import annotations

from typing import Iterable

from .data_types import VOCABULARY
from .extractor import RECORD_KEYS, Extractor
from .masking import MaskResult, mask_text
from .rates import load_rates, refresh_rates, to_usd

# Stored on every listing document; bump it when extraction rules change, so old documents can be found.
EXTRACTOR_VERSION = "1"

__all__ = ["EXTRACTOR_VERSION", "build_extractor", "mask_text", "Extractor", "MaskResult", "RECORD_KEYS", "VOCABULARY",
           "load_rates", "refresh_rates", "to_usd"]


def build_extractor(watchlist_brands: Iterable = (), **kwargs) -> Extractor:
    """Build once and reuse: compiling the brand automaton is the expensive part."""
    return Extractor(watchlist_brands, **kwargs)
