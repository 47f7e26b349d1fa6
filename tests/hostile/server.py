"""A loopback site serving the hostile corpus in the demo-en layout, recording every request.

* ``/en/market/page-N.html``: index pages; page 1 links every hostile listing, and every page
  links a next page (page N+1), for ever;
* ``/endless/page-N.html``: index pages with no listings and a next link, for ever;
* ``/en/listing/<name>.html``: the hostile listings of ``LISTINGS``.
"""
from __future__ import annotations

import re
import threading
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.hostile import corpus

HTML_UTF8 = "text/html; charset=utf-8"


@lru_cache(maxsize=None)
def listing_response(name: str) -> tuple[dict[str, str], bytes, bool]:
    """(headers, body, send Content-Length) of one hostile listing."""
    if name in corpus.STALLING_SHAPES:
        return {"Content-Type": HTML_UTF8}, corpus.stalling_page(name).encode(), True
    if name in PLAIN:
        return {"Content-Type": HTML_UTF8}, corpus.plain_page(name).encode(), True
    if name == "injection":
        return {"Content-Type": HTML_UTF8}, corpus.corpus_file("injection.html").encode(), True
    if name == "malformed":
        return {"Content-Type": HTML_UTF8}, corpus.corpus_file("malformed.html").encode(), True
    if name == "zero-width":
        return {"Content-Type": HTML_UTF8}, corpus.zero_width_page().encode(), True
    if name == "giant-numbers":
        return {"Content-Type": HTML_UTF8}, corpus.giant_numbers_page().encode(), True
    if name == "nested":
        return {"Content-Type": HTML_UTF8}, corpus.nested_page().encode(), True
    if name == "redos":
        return {"Content-Type": HTML_UTF8}, corpus.redos_page().encode(), True
    if name == "gb-lying":
        return {"Content-Type": HTML_UTF8}, corpus.gb18030_behind_utf8_header(), True
    if name == "big5-meta":
        return {"Content-Type": "text/html"}, corpus.utf8_behind_big5_meta(), True
    if name == "no-key":
        return {"Content-Type": HTML_UTF8}, corpus.no_key_page().encode(), True
    if name == "big":       # under DOWNLOAD_MAXSIZE: read, and capped later
        return {"Content-Type": HTML_UTF8}, corpus.big_page(corpus.DOWNLOAD_MAXSIZE - corpus.MIB), True
    if name == "huge":      # over DOWNLOAD_MAXSIZE, announced in Content-Length
        return {"Content-Type": HTML_UTF8}, corpus.big_page(corpus.DOWNLOAD_MAXSIZE + corpus.MIB), True
    if name == "huge-unannounced":   # over DOWNLOAD_MAXSIZE, no Content-Length: ends when the connection closes
        return {"Content-Type": HTML_UTF8}, corpus.big_page(corpus.DOWNLOAD_MAXSIZE + corpus.MIB), False
    if name == "gzip-bomb":
        return {"Content-Type": HTML_UTF8, "Content-Encoding": "gzip"}, corpus.gzip_bomb(), True
    if name == "png":
        return {"Content-Type": HTML_UTF8}, corpus.png_bytes(), True
    if name == "zip":
        return {"Content-Type": "text/html"}, corpus.zip_bytes(), True
    raise KeyError(name)


# Listings that become documents, the one the pipeline drops, and those dropped before parsing.
PARSED = ("injection", "malformed", "zero-width", "giant-numbers", "nested", "redos", "gb-lying", "big5-meta", "big")
DROPPED_BY_PIPELINE = ("no-key",)
DROPPED = ("huge", "huge-unannounced", "gzip-bomb", "png", "zip")
LISTINGS = PARSED + DROPPED_BY_PIPELINE + DROPPED
# /en/stalls/index.html: plain listings around pages built to stall a stage.
PLAIN = ("plain-1", "plain-2", "plain-3")
STALLS = ("plain-1", *corpus.STALLING_SHAPES, "plain-2", "plain-3")

_INDEX = re.compile(r"^/(en/market|endless)/page-(\d+)\.html$")
_LISTING = re.compile(r"^/en/listing/([\w-]+)\.html$")


class HostileSite:
    def __init__(self):
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._server.daemon_threads = True
        self._server.paths = []
        self._server.lock = threading.Lock()
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    @property
    def requested_paths(self) -> list[str]:
        with self._server.lock:
            return list(self._server.paths)

    def __enter__(self) -> "HostileSite":
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._server.shutdown()
        self._server.server_close()


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        with self.server.lock:
            self.server.paths.append(self.path)
        headers, body, announce = {"Content-Type": HTML_UTF8}, b"<h1>404</h1>", True
        status = 404
        if match := _INDEX.match(self.path):
            listings = [f"/en/listing/{name}.html" for name in LISTINGS] if match[1] == "en/market" and match[2] == "1" else []
            status, body = 200, corpus.index_page(int(match[2]), listings).encode()
        elif self.path == "/en/stalls/index.html":
            status, body = 200, corpus.stalls_index_page([f"/en/listing/{name}.html" for name in STALLS]).encode()
        elif (match := _LISTING.match(self.path)) and (match[1] in LISTINGS or match[1] in STALLS):
            status = 200
            headers, body, announce = listing_response(match[1])
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        if announce:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the crawler hung up: what the size caps are for

    def log_message(self, format, *args) -> None:
        pass
