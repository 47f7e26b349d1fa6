"""A generated market for tests and benchmarks: any number of listings in the demo-en layout.

Same URLs and markup as the bundled demo-en site (index ``/en/market/page-N.html``, listings
``/en/listing/<id>.html``), so the ``demo_market`` spider crawls it with
``-a start_urls=<handle.entry_url>``. Listing texts are made from the listing id alone, so every
run serves the same site. A test can take listings down and put them back, post a listing again
with a few words changed, slow every response down, or make pages fail with HTTP 500.
"""
from __future__ import annotations

import random
import re
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from html import escape

FIRST_LISTING_ID = 100_000

_BRANDS = ["Meridian Trust Bank", "SwiftParcel", "CashSprout", "Qudian", "Northwind Air", "Lumen Telecom",
           "BrightCart", "Harbor Health", "Polar Insurance", "Vesta Hotels", "Orbit Games", "Kestrel Rail"]
_KINDS = ["full name", "phone", "email", "mailing address", "date of birth", "SSN", "card number",
          "loan amount", "overdue days", "password hash", "IP address", "order history", "hotel stays"]
_NOUNS = ["customers", "members", "borrowers", "passengers", "subscribers", "patients", "players", "guests"]
_TONE = ["Fresh dump, never sold before.", "Escrow accepted, verified vendor.", "Sample on request.",
         "Bulk discount for regulars.", "Contact me on the forum PM only.", "No refunds after delivery.",
         "Data checked last week, valid rate above 90%.", "Split by region on request."]
# Made-up words for the free text of each listing, so unrelated listings share few phrases.
_SYLLABLES = ["ka", "lo", "mi", "ren", "tas", "vo", "shi", "dun", "pel", "qua", "zor", "bex", "nim", "tur"]
_WORDS = [a + b + c for a in _SYLLABLES for b in _SYLLABLES for c in ("", "n", "s")]
_LISTING_PATH = re.compile(r"^/en/listing/(\d+)\.html$")
_INDEX_PATH = re.compile(r"^/en/market/page-(\d+)\.html$")


def listing_text(listing_id: int) -> tuple[str, str]:
    """Title and description of a generated listing: the same for the same id, different across ids."""
    rng = random.Random(listing_id)
    brand, noun = rng.choice(_BRANDS), rng.choice(_NOUNS)
    count = rng.randrange(5, 900) * 1000
    price = rng.randrange(2, 400) * 50
    kinds = ", ".join(rng.sample(_KINDS, 5))
    title = f"{brand} {noun} database, {count:,} rows, ${price:,} (lot {listing_id})"
    sentences = [
        f"Selling {count:,} records of {brand} {noun}, dumped {rng.choice(['January', 'March', 'June', 'October'])} "
        f"through a {rng.choice(['CRM vendor', 'misconfigured bucket', 'partner API', 'support portal'])}.",
        f"Fields: {kinds}.",
        *rng.sample(_TONE, 3),
        f"Price ${price:,} for the whole lot, lot number {listing_id}.",
        "Notes: " + " ".join(rng.choice(_WORDS) for _ in range(30)) + ".",
    ]
    return title, " ".join(sentences)


@dataclass
class _MarketState:
    listings: int
    per_page: int
    delay: float
    removed: set[int] = field(default_factory=set)
    reposts: dict[int, tuple[str, str]] = field(default_factory=dict)
    failing_paths: set[str] = field(default_factory=set)
    requested_paths: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def visible_ids(self) -> list[int]:
        ids = [FIRST_LISTING_ID + i for i in range(self.listings) if FIRST_LISTING_ID + i not in self.removed]
        return ids + sorted(i for i in self.reposts if i not in self.removed)

    def text_of(self, listing_id: int) -> tuple[str, str] | None:
        if listing_id in self.removed:
            return None
        if listing_id in self.reposts:
            return self.reposts[listing_id]
        if FIRST_LISTING_ID <= listing_id < FIRST_LISTING_ID + self.listings:
            return listing_text(listing_id)
        return None


class _Handler(BaseHTTPRequestHandler):
    server: "_MarketServer"

    def do_GET(self) -> None:
        state = self.server.state
        with state.lock:
            state.requested_paths.append(self.path)
        if state.delay:
            time.sleep(state.delay)
        status, body = self._render(state)
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _render(self, state: _MarketState) -> tuple[int, bytes]:
        if self.path in state.failing_paths:
            return 500, b"<html><body>Internal error</body></html>"
        if match := _INDEX_PATH.match(self.path):
            page = _index_page(state, int(match.group(1)))
            if page is not None:
                return 200, page.encode("utf-8")
        elif match := _LISTING_PATH.match(self.path):
            listing_id = int(match.group(1))
            text = state.text_of(listing_id)
            if text is not None:
                return 200, _listing_page(listing_id, *text).encode("utf-8")
        return 404, b"<html><body>404 Not Found</body></html>"

    def log_message(self, format: str, *args) -> None:
        pass


class _MarketServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def __init__(self, address, state: _MarketState):
        super().__init__(address, _Handler)
        self.state = state


def _index_page(state: _MarketState, page: int) -> str | None:
    with state.lock:
        ids = state.visible_ids()
    pages = max(1, -(-len(ids) // state.per_page))
    if not 1 <= page <= pages:
        return None
    cards = "\n".join(
        f'<div class="listing-card" data-listing-id="{i}"><a class="listing-link" href="/en/listing/{i}.html">'
        f"lot {i}</a></div>"
        for i in ids[(page - 1) * state.per_page:page * state.per_page])
    next_link = f'<a rel="next" class="next" href="/en/market/page-{page + 1}.html">Next</a>' if page < pages else ""
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Market page {page}</title></head>'
            f'<body><main><section class="listing-grid">\n{cards}\n</section>'
            f'<nav class="pagination">{next_link}</nav></main></body></html>')


def _listing_page(listing_id: int, title: str, body: str) -> str:
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title></head>'
            f'<body><main><article class="listing" data-listing-id="{listing_id}">'
            f'<h1 class="listing-title">{escape(title)}</h1><dl class="listing-meta">'
            f'<dt>Vendor</dt><dd class="vendor"><a href="/en/vendor/v{listing_id % 97}.html">vendor{listing_id % 97}</a></dd>'
            f'<dt>Category</dt><dd class="category">Databases</dd>'
            f'<dt>Listed</dt><dd class="listed"><time datetime="2024-03-01">Mar 1, 2024</time></dd></dl>'
            f'<div class="listing-description"><p>{escape(body)}</p></div></article></main></body></html>')


@dataclass
class GeneratedMarket:
    """A running generated market; ``url`` is its base URL without trailing slash."""

    url: str
    _server: _MarketServer
    _thread: threading.Thread

    @property
    def entry_url(self) -> str:
        return self.url + "/en/market/page-1.html"

    @property
    def state(self) -> _MarketState:
        return self._server.state

    def listing_ids(self) -> list[int]:
        with self.state.lock:
            return self.state.visible_ids()

    def listing_fetches(self) -> Counter:
        """How often each listing page was requested, by listing id."""
        with self.state.lock:
            paths = list(self.state.requested_paths)
        return Counter(int(m.group(1)) for p in paths if (m := _LISTING_PATH.match(p)))

    def index_fetches(self) -> int:
        with self.state.lock:
            return sum(1 for p in self.state.requested_paths if _INDEX_PATH.match(p))

    def remove(self, *listing_ids: int) -> None:
        with self.state.lock:
            self.state.removed.update(listing_ids)

    def restore(self, *listing_ids: int) -> None:
        with self.state.lock:
            self.state.removed.difference_update(listing_ids)

    def repost(self, new_id: int, of: int, replacements: dict[str, str]) -> None:
        """Post listing `of` again as `new_id`, with each key of `replacements` replaced by its value."""
        title, body = listing_text(of)
        for old, new in replacements.items():
            title, body = title.replace(old, new), body.replace(old, new)
        with self.state.lock:
            self.state.reposts[new_id] = (title, body)

    def fail(self, path: str) -> None:
        with self.state.lock:
            self.state.failing_paths.add(path)

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> "GeneratedMarket":
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()


def serve_generated_market(listings: int, per_page: int = 50, delay: float = 0.0,
                           host: str = "127.0.0.1", port: int = 0) -> GeneratedMarket:
    """Start a generated market of `listings` listings in a background thread (port 0: a free port)."""
    server = _MarketServer((host, port), _MarketState(listings, per_page, delay))
    thread = threading.Thread(target=server.serve_forever, name="generated-market-http", daemon=True)
    thread.start()
    return GeneratedMarket(f"http://{host}:{server.server_address[1]}", server, thread)
