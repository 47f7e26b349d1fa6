"""Visible text of an HTML page (scripts, styles, templates and CSS-hidden elements dropped;
nothing is executed). Parsed by lxml, in linear time: html.parser takes quadratic time on
runs of "<!--"."""
from __future__ import annotations

from charset_normalizer import from_bytes
from lxml import etree
from parsel import Selector
from w3lib.encoding import html_to_unicode

# Elements whose content a reader does not see as text.
_NOT_TEXT = ("head", "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas")
# Discuz! inserts random characters in <font class="jammer"> (hidden by CSS) against copying.
_HIDDEN_CLASSES = frozenset({"jammer"})
_BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "footer", "h1", "h2", "h3",
    "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "tbody",
    "td", "th", "tr", "ul",
})


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
    """The page's title, then its visible text: one line per block, spaces collapsed."""
    if isinstance(html, bytes):
        html = decode_bytes(html)
    page = Selector(text=html)
    root = page.root
    if not isinstance(root, etree._Element):
        return ""
    title = page.css("title::text").get() or ""
    etree.strip_elements(root, etree.Comment, etree.ProcessingInstruction, *_NOT_TEXT, with_tail=False)
    for element in [element for element in root.iter() if _css_hidden(element)]:
        element.clear(keep_tail=True)   # its text and children go; the text after it stays
    for element in root.iter(*_BLOCKS):
        element.text = "\n" + (element.text or "")
        element.tail = "\n" + (element.tail or "")
    lines = (" ".join(line.split()) for line in (title + "\n" + "".join(root.itertext())).split("\n"))
    return "\n".join(line for line in lines if line)


def _css_hidden(element) -> bool:
    if element.get("hidden") is not None or _HIDDEN_CLASSES.intersection((element.get("class") or "").split()):
        return True
    style = (element.get("style") or "").replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style
