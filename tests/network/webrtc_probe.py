"""A page that asks a STUN server for our address (WebRTC ICE gathering), and a probe that opens
it in Chromium launched with the crawl's own options:

    python -m tests.network.webrtc_probe 10.200.0.1:3478 [--without-webrtc-policy]

prints the ICE candidate types the page saw as JSON. ``--without-webrtc-policy`` drops the
``--*webrtc-ip-handling-policy`` flags and nothing else: the control that shows the STUN server
does hear a browser that is not held back.
"""
from __future__ import annotations

import asyncio
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.network.local_sites import LISTING_TEXT


def webrtc_page(stun: str, title: str = "Listing 1") -> str:
    """An HTML page whose script gathers ICE candidates with ``stun:<stun>``; its load event
    waits for /slow.png (served late), so a crawl keeps the page open while gathering runs."""
    return (
        f"<!DOCTYPE html><html><head><title>{title}</title></head><body>"
        f"<h1 class='title'>{title}</h1><div class='body'><p>{LISTING_TEXT}</p><p id='ice'>ice:</p></div>"
        "<a class='item' href='/item/1.html'>Listing 1</a><img src='/slow.png' alt=''>"
        "<script>window.candidates = [];"
        f"const pc = new RTCPeerConnection({{iceServers: [{{urls: 'stun:{stun}'}}]}});"
        "pc.createDataChannel('x');"
        "pc.onicecandidate = e => { if (e.candidate) { window.candidates.push(e.candidate.type);"
        " document.getElementById('ice').textContent += ' ' + e.candidate.type; } };"
        "pc.createOffer().then(offer => pc.setLocalDescription(offer));</script>"
        "</body></html>")


class WebRtcPages:
    """Serves ``webrtc_page`` at / and /item/1.html on loopback (an onion port points here)."""

    def __init__(self, stun: str):
        page = webrtc_page(stun).encode()

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                if self.path == "/slow.png":
                    time.sleep(2)   # the page's load event waits for it: ICE gathering has 2 s
                    status, body, kind = 404, b"", "image/png"
                elif self.path in ("/", "/index.html", "/item/1.html"):
                    status, body, kind = 200, page, "text/html; charset=utf-8"
                else:
                    status, body, kind = 404, b"", "text/html"
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format, *args):
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        self.port = self._server.server_address[1]

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


async def _probe(stun: str, without_policy: bool) -> list[str]:
    from playwright.async_api import async_playwright

    from crawlers import settings

    options = dict(settings.PLAYWRIGHT_LAUNCH_OPTIONS)
    if without_policy:
        options["args"] = [arg for arg in options["args"] if "webrtc-ip-handling-policy" not in arg]
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(**options)
        page = await browser.new_page()
        await page.set_content(webrtc_page(stun).replace("<img src='/slow.png' alt=''>", ""))
        await page.wait_for_timeout(3000)
        candidates = await page.evaluate("window.candidates")
        await browser.close()
    return candidates


if __name__ == "__main__":
    print(json.dumps(asyncio.run(_probe(sys.argv[1], "--without-webrtc-policy" in sys.argv[2:]))))
