"""Visible text of an HTML page (scripts, styles and templates dropped; nothing is executed)."""
from __future__ import annotations

from bs4 import BeautifulSoup, Comment
from charset_normalizer import from_bytes
from w3lib.encoding import html_to_unicode



def _guess(data: bytes) -> str | None:
    best = from_bytes(data[:65536]).best()
    return best.encoding if best is not None else None


def decode_bytes(data: bytes, content_type: str | None = None) -> str:
    """Decode page bytes: BOM, HTTP header, <meta charset> (w3lib), then charset-normalizer's guess.

    w3lib maps gb2312/gbk declarations to gb18030, which is what Chinese pages really use.
    """
    _, text = html_to_unicode(content_type, data, auto_detect_fun=_guess)
    return text


def visible_text(html: str | bytes) -> str:
    if isinstance(html, bytes):
        html = decode_bytes(html)
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas"]):
        tag.decompose()
    for c in soup.find_all(string=lambda s: isinstance(s, Comment)):
        c.extract()
    text = soup.get_text("\n")
    lines = [ln.strip() for ln in text.splitlines()]
    return "\n".join(ln for ln in lines if ln)
