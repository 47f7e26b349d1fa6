"""The listing extractor: text (or HTML) in, the §2 contract record out. Pure function of its inputs."""
from __future__ import annotations

from typing import Iterable

from .brands import ACCENTED, BrandEntry, BrandMatcher, title_span, unnamed_source
from .context import sentence_start
from .counts import LEAD as COUNT_LEAD, CountCandidate, choose_count, find_counts, outside
from .data_types import AUTOMATON as KEYWORDS, find_data_types, keyword_hits, outside_names as kinds_outside_names
from .dates import find_posted_at
from .formats import find_file_format
from .html_text import decode_bytes, visible_text
from .lang import detect_lang
from .normalize import cap, normalize, original_span
from .quantities import number_tokens
from .prices import SCAN as PRICE_SCAN, PriceCandidate, choose_headline, find_prices, offer_dict, trailing_bare_price
from .rates import load_rates, to_usd
from .regions import AUTOMATON as PLACES, RegionHit, codes_in_order, find_regions, in_window, is_subnational, outside_names
from .severity import legal_tier, severity_score
from .terms import TermScan

RECORD_KEYS = ("brands", "claimed_source", "price", "offers", "record_count", "data_types", "regions",
               "file_format", "lang", "posted_at", "severity", "legal_tier")
_NUMBER_LEAD = COUNT_LEAD | PRICE_SCAN.lead
_INHERIT_GAP = 10  # chars between a province's count and its price ("江苏省51289条，3000元")


def _codes(hits: list[RegionHit]) -> list[str]:
    out: list[str] = []
    for h in hits:
        if h.code not in out:
            out.append(h.code)
    return out


class Extractor:
    def __init__(self, watchlist_brands: Iterable = (), dictionary: list[BrandEntry] | None = None,
                 rates_table: dict | None = None):
        self.matcher = BrandMatcher(watchlist_brands, dictionary)
        # accented letters are looked for only to read watched names without accents ("Nestlé" for "Nestle")
        self.terms = TermScan(self.matcher.automaton, PLACES, KEYWORDS, *([ACCENTED] if self.matcher.watch_order else []))
        self.rates = rates_table or load_rates()

    def _usd(self, amount, currency):
        return to_usd(amount, currency, self.rates)

    def extract(self, text: str | bytes | None, html: str | bytes | None = None, url: str | None = None) -> dict:
        """`url` is accepted for provenance only; extraction reads the text (or the HTML's visible text)."""
        if isinstance(text, bytes):
            text = decode_bytes(text)
        if not (text and text.strip()) and html:
            text = visible_text(html)
        text = cap(text or "")
        norm = normalize(text)
        lang = detect_lang(norm)

        brand_found, place_found, kind_found, *accented = self.terms.scan(norm)
        all_regions = find_regions(norm, text, place_found)
        kind_hits = keyword_hits(norm, kind_found)
        aligned = text if len(text) == len(norm) else None  # the original, where its offsets are those of norm
        title_end = title_span(norm)
        tokens = number_tokens(norm, _NUMBER_LEAD)  # one pass over the text for both scans
        all_counts = find_counts(norm, tokens, title_end)
        brand_hits = self.matcher.find(norm, field_spans=[(s, e) for s, e, k in kind_hits if k],
                                       places=[(r.start, r.end) for r in all_regions], found=brand_found, text=aligned,
                                       figures=[c.start for c in all_counts if c.kind != "bare"], title_end=title_end,
                                       accented=bool(accented and accented[0]))
        sources = self.matcher.sources(brand_hits)
        name_spans = [(b.start, b.end) for b in brand_hits]
        # a place inside an organisation's name ("北京银行", "卡塔尔国家银行") is where its customers are, so a region
        # of the data, but it scopes no figure: "北京银行26万条" is the whole offer, not Beijing's part of it
        scoping_regions = outside_names(all_regions, name_spans)

        claimed = None
        if sources:
            claimed = original_span(text, sources[0].start, sources[0].end)
        else:  # a source no dictionary knows: "某省教育厅", "889.bet", "the stock photo site Name"
            g = unnamed_source(norm, aligned, title_end, names=name_spans)
            if g:
                claimed = original_span(text, *g)

        prices = find_prices(norm, lang, tokens)
        # a number in an organisation's name ("12306", "58同城") or read as a price ("每省1万") is not a count
        counts = outside(all_counts, name_spans + [(p.start, p.end) for p in prices if not p.equivalent])
        if lang == "zh" and choose_headline(prices) is None:
            tail = trailing_bare_price(norm)
            if tail and not any(p.start <= tail.start < p.end for p in prices):
                others = [c for c in counts if c.end <= tail.start]
                if others:  # the size is stated elsewhere, so the last figure is the price
                    counts = [c for c in counts if c.start < tail.start]
                    prices.append(tail)
        self._scope(norm, prices, counts, scoping_regions)
        record_count = choose_count(counts, title_end)
        headline = choose_headline(prices)

        data_types = find_data_types(norm, kinds_outside_names(norm, kind_hits, name_spans))
        brands = [h.name for h in sources]
        return {
            "brands": brands,
            "claimed_source": claimed,
            "price": None if headline is None else {
                "amount": offer_dict(headline, self._usd)["amount"],
                "currency": headline.currency,
                "amount_usd": self._usd(headline.amount, headline.currency),
            },
            "offers": [offer_dict(c, self._usd) for c in prices if c is not headline and not c.equivalent],
            "record_count": record_count,
            "data_types": data_types,
            "regions": codes_in_order(all_regions),
            "file_format": find_file_format(norm),
            "lang": lang,
            "posted_at": find_posted_at(norm),
            "severity": severity_score(data_types, record_count, bool(brands)),
            "legal_tier": legal_tier(data_types, record_count),
        }

    @staticmethod
    def _scope(norm: str, prices: list[PriceCandidate], counts: list[CountCandidate], regions: list[RegionHit]) -> None:
        """Attach provinces named just before a figure: such a figure covers part of the offer."""
        figures = sorted([c for c in prices if not c.equivalent] + counts, key=lambda c: c.start)
        prev = None
        starts = [r.start for r in regions]
        for fig in figures:
            lo = sentence_start(norm, fig.start)
            if prev is not None:
                lo = max(lo, prev.end)
            scoped = _codes([r for r in in_window(regions, starts, lo, fig.start) if is_subnational(r.code)])
            if isinstance(fig, CountCandidate):
                if scoped and not fig.total:
                    fig.part, fig.regions = True, scoped
            else:
                if scoped:
                    fig.regions = scoped
                elif (isinstance(prev, CountCandidate) and prev.part and prev.regions
                      and len(norm[prev.end:fig.start]) <= _INHERIT_GAP and fig.unit in ("offer", "region")):
                    fig.regions, fig.record_count = list(prev.regions), prev.value
            prev = fig
        # a regional figure is the whole offer when nothing else is offered ("江苏快递数据，售价3000元")
        whole_prices = [p for p in prices if p.unit == "offer" and not p.regions and not p.equivalent]
        scoped_prices = [p for p in prices if p.unit == "offer" and p.regions and not p.equivalent]
        if not whole_prices and scoped_prices and len({tuple(p.regions) for p in scoped_prices}) == 1 and len(scoped_prices) == 1:
            scoped_prices[0].regions, scoped_prices[0].record_count = [], None
