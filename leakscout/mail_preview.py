"""Render a mail's HTML part in headless Chromium the way a mail client shows it: no scripts, no
network. Used by the rendering tests and by the script that keeps the README's mail pictures.

Chromium is started as the crawls start it (leakscout/browser_sandbox.py: sandboxed, as the browser
user when run as root). Every request the page makes is recorded and refused, so a caller can
check that a mail loads nothing remote.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from crawlers.browser_sandbox import launch_options
from leakscout.core.errors import LeakscoutError


@dataclass
class Rendered:
    text: str                                        # what a reader sees (innerText of the body)
    requests: list[str] = field(default_factory=list)   # URLs the page tried to load
    png: bytes | None = None


def chromium_path() -> str:
    from leakscout.core.setup_hints import installed, missing_hint

    if not installed("browser"):
        raise LeakscoutError(missing_hint("browser").lstrip("; ") + " (or set LEAKSCOUT_CHROMIUM)")
    return os.environ.get("LEAKSCOUT_CHROMIUM", "/usr/bin/chromium")


def render(html: str, *, width: int = 760, screenshot: bool = False, dark: bool = False) -> Rendered:
    from playwright.sync_api import sync_playwright

    options = launch_options(chromium_path(), ["--disable-gpu", "--font-render-hinting=none"])
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**options)
        try:
            context = browser.new_context(java_script_enabled=False, offline=True,
                                          viewport={"width": width, "height": 600},
                                          color_scheme="dark" if dark else "light")
            page = context.new_page()
            requests: list[str] = []

            def refuse(route):
                requests.append(route.request.url)
                route.abort()

            page.route("**/*", refuse)
            page.set_content(html, wait_until="load")
            rendered = Rendered(page.inner_text("body"), requests)
            if screenshot:
                rendered.png = page.screenshot(full_page=True, type="png")
            return rendered
        finally:
            browser.close()


def save_png(html: str, path: Path, **options) -> Path:
    rendered = render(html, screenshot=True, **options)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(rendered.png or b"")
    return path
