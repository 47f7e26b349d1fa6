"""Small test sites served on loopback: a JavaScript-rendered listing, pages whose charset
headers lie, a login wall, a CAPTCHA, a file download. Records every request (path and
whether the imported session cookie came with it)."""
from __future__ import annotations

import base64
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LISTING_TEXT = "Selling Qudian student records, 50,000 rows, price 8000 CNY"
SCRIPT_TEXT = "Rendered by script: Qudian loan records, 120,000 rows"
GB_TEXT = "出售趣店学生数据，共五万条，价格八千元，包含姓名电话地址。"
BIG5_TEXT = "出售台灣某銀行客戶資料，包含姓名、電話、地址，共三萬筆，價格面議。"
SESSION_COOKIE = ("forum_session", "analyst-imported-token")


def _page(title: str, body: str) -> str:
    return f"<!DOCTYPE html><html><head><title>{title}</title></head><body>{body}</body></html>"


PAGES: dict[str, tuple[int, dict[str, str], bytes]] = {
    "/listing.html": (200, {"Content-Type": "text/html; charset=utf-8"},
                      _page("Listing 1", f"<h1>Listing 1</h1><p>{LISTING_TEXT}</p>").encode()),
    "/js.html": (200, {"Content-Type": "text/html; charset=utf-8"}, _page(
        "JS listing",
        "<div id='listing'>loading…</div>"
        # base64, so that the text is nowhere in the HTML a plain HTTP client receives
        f"<script>document.getElementById('listing').textContent = new TextDecoder().decode("
        f"Uint8Array.from(atob('{base64.b64encode(SCRIPT_TEXT.encode()).decode()}'), c => c.charCodeAt(0)));"
        "fetch('/beacon', {method: 'POST', body: 'x'}).catch(() => {});</script>").encode()),
    "/gb-lying.html": (200, {"Content-Type": "text/html; charset=utf-8"},
                       f"<html><head><title>gb</title></head><body><p>{GB_TEXT}</p></body></html>".encode("gb18030")),
    "/big5-bare.html": (200, {"Content-Type": "text/html"},
                        f"<html><head><title>big5</title></head><body><p>{BIG5_TEXT}</p></body></html>".encode("big5")),
    "/member/login.html": (200, {"Content-Type": "text/html; charset=utf-8"}, _page(
        "Sign in", "<form method='post' action='/member/login'><input name='username'>"
                   "<input type='password' name='password'><button>Log in</button></form>").encode()),
    "/private.html": (302, {"Location": "/member/login.html", "Content-Type": "text/html"}, b""),
    "/captcha.html": (200, {"Content-Type": "text/html; charset=utf-8"}, _page(
        "Checking your browser", "<div class='g-recaptcha' data-sitekey='x'></div>").encode()),
    "/dump.zip": (200, {"Content-Type": "application/zip"}, b"PK\x03\x04" + b"\x00" * 64),
    "/members-only.html": (200, {"Content-Type": "text/html; charset=utf-8"},
                           _page("Thread", f"<p>{LISTING_TEXT}</p>").encode()),
}


def _pages_pointing_at(path: str) -> tuple[int, dict[str, str], bytes] | None:
    """Pages that lead elsewhere: ``/redirect-to/<port>``, ``/refresh-to/<port>`` and
    ``/reach/<port>`` (a script page whose img, css, iframe, fetch, XHR, WebSocket and popup all
    ask 127.0.0.1:<port>)."""
    kind, _, port = path.strip("/").partition("/")
    if not port.isdigit():
        return None
    target = f"http://127.0.0.1:{port}"
    html = {"Content-Type": "text/html; charset=utf-8"}
    if kind == "redirect-to":
        return 302, {"Location": f"{target}/listing.html", "Content-Type": "text/html"}, b""
    if kind == "refresh-to":
        return 200, html, _page("Moved", f"<meta http-equiv='refresh' content='0; url={target}/listing.html'>"
                                         "<p>moved</p>").encode()
    if kind == "reach":
        return 200, html, _page("Reach", (
            f"<p>{LISTING_TEXT}</p><img src='{target}/img.png'><link rel='stylesheet' href='{target}/s.css'>"
            f"<iframe src='{target}/internal.html'></iframe>"
            f"<script>fetch('{target}/fetch').catch(() => {{}});"
            f"const x = new XMLHttpRequest(); x.open('GET', '{target}/xhr'); x.send();"
            f"new WebSocket('ws://127.0.0.1:{port}/ws');"
            f"window.open('{target}/popup.html');</script>")).encode()
    return None


class LocalSites:
    def __init__(self):
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._server.daemon_threads = True
        self._server.requests = []
        self._server.lock = threading.Lock()
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def requests(self) -> list[tuple[str, str, bool]]:
        """(method, path, session cookie sent) for every request so far."""
        with self._server.lock:
            return list(self._server.requests)

    def __enter__(self) -> "LocalSites":
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._server.shutdown()
        self._server.server_close()


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self._answer()

    def do_POST(self) -> None:
        self._answer()

    def _answer(self) -> None:
        name, value = SESSION_COOKIE
        with_session = f"{name}={value}" in (self.headers.get("Cookie") or "")
        with self.server.lock:
            self.server.requests.append((self.command, self.path, with_session))
        status, headers, body = PAGES.get(self.path) or _pages_pointing_at(self.path) or (
            404, {"Content-Type": "text/html"}, b"<h1>404</h1>")
        if self.path == "/members-only.html" and not with_session:
            status, headers, body = PAGES["/private.html"]
        self.send_response(status)
        for header, header_value in headers.items():
            self.send_header(header, header_value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args) -> None:
        pass
