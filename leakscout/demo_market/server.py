"""Serves the bundled demo market pages over HTTP on loopback.

The page sources under ``pages/`` are all UTF-8 so they stay readable in git. Each page is
served in the charset its own ``<meta>`` tag declares (GB18030, Big5, UTF-8), re-encoded on
the fly, the way a legacy Chinese forum would send it.

URL layout (``/`` is a small portal linking both sites):

* ``/zh/forum-data-1.html`` …  demo-zh, a Discuz!-style Chinese forum, threads ``/zh/thread-<tid>-1-1.html``
* ``/en/market/page-1.html`` … demo-en, an English market, listings ``/en/listing/<id>.html``

Run in the foreground with ``python -m leakscout.demo_market [--port 8808]``.
"""
from __future__ import annotations

import argparse
import re
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from crawlers.pages.demo_market import SITE_ENTRY_PATHS  # the first index page of each demo site

PAGES_DIR = Path(__file__).resolve().parent / "pages"

# Served with a bare "text/html" Content-Type: clients must find the charset in the page's
# <meta> tag, as with many old forums.
PAGES_WITH_CHARSET_ONLY_IN_META = frozenset({"zh/thread-47731-1-1.html"})

# Matches both <meta charset="gb18030"> and <meta http-equiv="Content-Type" content="text/html; charset=big5">.
_META_CHARSET = re.compile(r"<meta\b[^>]*?charset=[\"']?([A-Za-z0-9_-]+)", re.IGNORECASE)


class PageNotFound(LookupError):
    pass


def page_source_path(url_path: str) -> Path:
    """Map a URL path (query string ignored) to a page file, or raise PageNotFound."""
    path = unquote(urlsplit(url_path).path)
    if path in ("", "/"):
        path = "/index.html"
    parts = PurePosixPath(path).parts[1:]
    if not parts or not parts[-1].endswith(".html") or any(part in ("..", ".") for part in parts):
        raise PageNotFound(path)
    source = PAGES_DIR.joinpath(*parts).resolve()
    if PAGES_DIR not in source.parents or not source.is_file():
        raise PageNotFound(path)
    return source


def declared_charset(page_text: str) -> str:
    """The charset a page declares in its <meta> tag; UTF-8 when it declares none."""
    match = _META_CHARSET.search(page_text[:2048])
    return match.group(1).lower() if match else "utf-8"


def render_page(url_path: str) -> tuple[bytes, str]:
    """The bytes and Content-Type header the server sends for ``url_path``."""
    source = page_source_path(url_path)
    text = source.read_text(encoding="utf-8")
    charset = declared_charset(text)
    body = text.encode(charset)  # strict: a character the charset lacks is a bug in the page
    relative = source.relative_to(PAGES_DIR).as_posix()
    if relative in PAGES_WITH_CHARSET_ONLY_IN_META:
        return body, "text/html"
    return body, f"text/html; charset={charset}"


class _DemoMarketHTTPServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address, handler_class, log_requests: bool):
        super().__init__(address, handler_class)
        self.log_requests = log_requests
        self.requested_paths: list[str] = []
        self._requested_paths_lock = threading.Lock()

    def record_request(self, path: str) -> None:
        with self._requested_paths_lock:
            self.requested_paths.append(path)


class _DemoMarketRequestHandler(BaseHTTPRequestHandler):
    server: _DemoMarketHTTPServer

    def do_GET(self) -> None:
        self._respond(send_body=True)

    def do_HEAD(self) -> None:
        self._respond(send_body=False)

    def _respond(self, send_body: bool) -> None:
        self.server.record_request(self.path)
        try:
            body, content_type = render_page(self.path)
            status = 200
        except PageNotFound:
            body = b"<!DOCTYPE html><html><head><title>404 Not Found</title></head><body><h1>404 Not Found</h1></body></html>"
            content_type = "text/html; charset=utf-8"
            status = 404
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:
        if self.server.log_requests:
            super().log_message(format, *args)


@dataclass
class DemoMarketHandle:
    """A running demo market: ``url`` is its base URL without trailing slash."""

    url: str
    _server: _DemoMarketHTTPServer
    _thread: threading.Thread

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    @property
    def requested_paths(self) -> list[str]:
        """Every request path (with query string) served so far, in arrival order."""
        with self._server._requested_paths_lock:
            return list(self._server.requested_paths)

    def site_url(self, site: str) -> str:
        """The first index page of a demo site ("demo-zh" or "demo-en")."""
        return self.url + SITE_ENTRY_PATHS[site]

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> "DemoMarketHandle":
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()


def serve_demo_market(host: str = "127.0.0.1", port: int = 0, log_requests: bool = False) -> DemoMarketHandle:
    """Start the demo market in a background thread; ``port=0`` picks a free port."""
    server = _DemoMarketHTTPServer((host, port), _DemoMarketRequestHandler, log_requests)
    thread = threading.Thread(target=server.serve_forever, name="demo-market-http", daemon=True)
    thread.start()
    bound_host, bound_port = server.server_address[:2]
    return DemoMarketHandle(url=f"http://{_url_host(bound_host)}:{bound_port}", _server=server, _thread=thread)


def run_demo_market_forever(host: str = "127.0.0.1", port: int = 8808) -> None:
    """Serve the demo market in the foreground until Ctrl-C."""
    server = _DemoMarketHTTPServer((host, port), _DemoMarketRequestHandler, log_requests=True)
    base_url = f"http://{_url_host(server.server_address[0])}:{server.server_address[1]}"
    print(f"Demo market at {base_url}/")
    for site, entry_path in SITE_ENTRY_PATHS.items():
        print(f"  {site}: {base_url}{entry_path}")
    print(f"Crawl it: scrapy crawl demo_market -a base_url={base_url} -O listings.jsonl")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Serve the bundled demo underground market.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8808)
    args = parser.parse_args(argv)
    run_demo_market_forever(args.host, args.port)


if __name__ == "__main__":
    main()
