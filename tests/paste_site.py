"""A paste site the tests build: static pages in a folder, served on loopback, and its site config."""
from __future__ import annotations

import functools
import threading
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator

# An archive page linking one page per listing, each at /view/<key>.html.
SITE_CONFIG = """\
name: {name}
family: paste
start_urls:
  - {url}/archive.html
listing_links: "table.archive td a::attr(href)"
listing_key:
  url_regex: '/view/([^/]+)\\.html$'
fields:
  title: auto
  body: auto
  seller: auto
  posted_at: auto
  price: null
  category: null
max_pages: 1
"""


@contextmanager
def served(folder: Path, name: str) -> Iterator[Path]:
    """Serves `folder` on loopback while the block runs; yields the site config written for it."""
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(folder))
    handler.log_message = lambda *args: None
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        config = folder.parent / f"{name}.yaml"
        config.write_text(SITE_CONFIG.format(name=name, url=f"http://127.0.0.1:{server.server_address[1]}"),
                          encoding="utf-8")
        yield config
    finally:
        server.shutdown()
        server.server_close()
