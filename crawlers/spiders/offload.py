"""Big pages are parsed off the reactor thread.

Parsing is linear in a page's size, but a page near DOWNLOAD_MAXSIZE still takes seconds to
parse, and in the reactor thread that would stop every download meanwhile. A spider's callback
is written as a plain generator (``index_results``, ``listing_results``); the Scrapy callback
runs it here for an ordinary page and in the parser thread for a big one. One thread: one big
page at a time is enough, parsing is CPU work the GIL serialises anyway.
"""
from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from typing import AsyncIterator, Iterator

from scrapy.http import Response

BIG_PAGE_BYTES = 256 * 1024
_PARSER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="leakscout-page-parser")


async def off_reactor(response: Response, results: Iterator) -> AsyncIterator:
    """Yields what the generator `results` (a callback over `response`) yields."""
    if len(response.body) < BIG_PAGE_BYTES:
        produced = list(results)
    else:
        produced = await asyncio.get_running_loop().run_in_executor(_PARSER, list, results)
    for result in produced:
        yield result


class OffReactorCallbacks:
    """A spider's two callbacks over its plain generators `index_results` and `listing_results`, each
    run off the reactor when the page is big. Listed before scrapy.Spider among the bases."""

    async def parse(self, response: Response):
        async for result in off_reactor(response, self.index_results(response)):
            yield result

    async def parse_listing(self, response: Response):
        async for result in off_reactor(response, self.listing_results(response)):
            yield result
