#!/usr/bin/env python
"""Growth of every stage a crawled page goes through, on pages written to stall them.

usage: python bench/bench_hostile.py [--size BYTES] [--limit SECONDS] [--shape NAME ...]

For each hostile shape the page is built at n, 2n and 10n (n ≈ --size bytes) and each stage is
timed on it (best of a few runs for fast stages):

- attention: the login-wall/CAPTCHA check every response goes through
  (crawlers/middlewares/attention.py);
- generic: the generic spider's page parsing: the best block group of an index page, the next
  page link, and the listing fields (crawlers/sites/generic.py);
- site: the demo page object, a site config's selectors and the forum "offers data?" check
  (crawlers/pages, crawlers/sites/extract.py, crawlers/sites/offers.py);
- html→text: `leakscout extract` with html input (pipelines/extraction/html_text.py);
- analysis: the crawl's extraction + masking of the page's text as a listing body (pipelines/extract.py).

Linear growth prints ratios near 2 (2n) and 10 (10n); quadratic growth would print 4 and 100.
Times under a few milliseconds are noisy: their ratios are printed but mean little. A stage
still running after --limit seconds is stopped (SIGALRM) and shown as ">limit".
"""
from __future__ import annotations

import argparse
import os
import signal
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

from crawlers.middlewares.attention import attention_reason  # noqa: E402
from crawlers.pages.demo_market import parse_index, parse_listing  # noqa: E402
from crawlers.sites.config import load_site_config  # noqa: E402
from crawlers.sites.extract import page_listings  # noqa: E402
from crawlers.sites.offers import offers_data  # noqa: E402
from crawlers.sites.generic import best_block_group, find_next_page, generic_listing  # noqa: E402
from pipelines.extract import ListingAnalyzer  # noqa: E402
from pipelines.extraction.html_text import visible_text  # noqa: E402

URL = "http://127.0.0.1:8808/en/listing/1.html"
INDEX_URL = "http://127.0.0.1:8808/en/market/page-1.html"


def _repeat(unit: str, size: int) -> str:
    return unit * max(1, size // len(unit))


def _page(body: str) -> str:
    return ('<!DOCTYPE html><html><head><meta charset="utf-8"><title>t</title></head><body>'
            '<article class="listing"><h1 class="listing-title">京东用户数据 1万条</h1>'
            f'<div class="listing-description">{body}</div></article></body></html>')


def _nested_index(size: int) -> str:
    block = '<div class="card"><a href="/en/listing/{0}.html">listing {0} 5 BTC 1万条</a><span>$5</span>'
    count = max(1, size // len(block.format(10000)))
    return _page("".join(block.format(i) for i in range(count)) + "</div>" * count)


# name → page of about `size` characters
SHAPES = {
    "<input runs": lambda size: _page(_repeat("<input ", size)),
    "<input type=password": lambda size: _page("login password " + _repeat("<input type=password ", size)),
    "<script runs": lambda size: _page(_repeat("<script", size)),
    "<style runs": lambda size: _page(_repeat("<style x ", size)),
    "< without >": lambda size: _page(_repeat("<a ", size)),
    "nested index page": _nested_index,
    "<!-- runs": lambda size: _page(_repeat("<!--", size)),
    "attribute soup": lambda size: _page('<div ' + _repeat('a="1" b=\'2\' c=3 d ', size) + ">x</div>"),
    "huge single line": lambda size: _page(_repeat("京东用户数据 价格 $5 1万条 qq:12345 ", size)),
    "deep nesting": lambda size: _page(_repeat("<div>", size // 2) + "趣店 text" + _repeat("</div>", size // 2)),
    "nested links": lambda size: _page(_repeat('<a href="/next">next ', size)),
    "digit runs": lambda size: _page("sell " + _repeat("1", size // 2) + " " + _repeat("1,", size // 4)),
    "table rows": lambda size: _page("<table>" + _repeat("<tr><td><a href='/x'>t</a></td><td>1</td></tr>", size)
                                     + "</table>"),
}

_SITE = load_site_config("demo-en")
_ANALYZER = ListingAnalyzer(salt="bench")


def _site(html: str) -> None:
    parse_listing(html, URL)
    parse_index(html, INDEX_URL)
    page_listings(_SITE, html, URL)
    offers_data(html)   # a forum post: does it offer data?


def _generic(html: str) -> None:
    best_block_group(html, INDEX_URL)
    find_next_page(html, INDEX_URL)
    generic_listing(html, URL, "bench")


def _analysis(html: str) -> None:
    _ANALYZER.analyze({"id": "bench:1", "site": "bench", "listing_key": "1", "url": URL,
                       "title": "京东用户数据", "body": html})


STAGES = {
    "attention": lambda html: attention_reason(200, URL, html),
    "generic": _generic,
    "site": _site,
    "html→text": visible_text,
    "analysis": _analysis,
}


class Overrun(Exception):
    pass


def _expire(_signum, _frame):
    raise Overrun


def timed(stage, html: str, limit: float) -> float | None:
    """Best of up to three runs (fewer when a run is slow); None if one run exceeds `limit`."""
    best = None
    for _ in range(3):
        signal.setitimer(signal.ITIMER_REAL, limit)
        start = time.perf_counter()
        try:
            stage(html)
        except Overrun:
            return None
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
        if elapsed > 0.5:
            break
    return best


def _cell(seconds: float | None) -> str:
    return ">limit" if seconds is None else f"{seconds * 1000:9.1f}"


def _ratio(small: float | None, big: float | None) -> str:
    if small is None or big is None:
        return "  -  "
    return f"{big / max(small, 1e-6):5.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=40_000, help="n: the smallest page, in characters")
    parser.add_argument("--limit", type=float, default=60.0, help="seconds before a stage run is stopped")
    parser.add_argument("--shape", action="append", choices=sorted(SHAPES), help="only these shapes")
    parser.add_argument("--stage", action="append", choices=sorted(STAGES), help="only these stages")
    options = parser.parse_args()
    signal.signal(signal.SIGALRM, _expire)
    print(f"n = {options.size:,} characters; times in ms; ratios t(2n)/t(n) and t(10n)/t(n)")
    print(f"{'shape':22} {'stage':10} {'n':>9} {'2n':>9} {'10n':>9}  {'×2':>5} {'×10':>5}")
    for shape in options.shape or SHAPES:
        pages = [SHAPES[shape](options.size * factor) for factor in (1, 2, 10)]
        for stage in options.stage or STAGES:
            small, double, tenfold = (timed(STAGES[stage], page, options.limit) for page in pages)
            print(f"{shape:22} {stage:10} {_cell(small)} {_cell(double)} {_cell(tenfold)}  "
                  f"{_ratio(small, double)} {_ratio(small, tenfold)}", flush=True)


if __name__ == "__main__":
    main()
