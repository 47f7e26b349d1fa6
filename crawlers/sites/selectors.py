"""Selectors as site configs write them: CSS by default, XPath when the text starts like a path.

``h1.title``, ``a.next::attr(href)``, ``span.price::text`` are CSS (parsel's ``::attr``/``::text``
extensions included); ``//h1``, ``./td[2]``, ``(//a)[1]``, ``@data-id`` are XPath. On a sub-selector (a post
inside a thread page) CSS and ``./`` XPath search inside the element; ``//`` XPath searches the
whole page, as XPath means it to.
"""
from __future__ import annotations

from parsel import Selector, SelectorList

from pipelines.extraction.visible import visible_text

_XPATH_STARTS = ("/", "./", "(", "..", "@", "string(", "normalize-space(")


def is_xpath(spec: str) -> bool:
    return spec.lstrip().startswith(_XPATH_STARTS)


def select(scope: Selector, spec: str) -> SelectorList:
    return scope.xpath(spec) if is_xpath(spec) else scope.css(spec)


def selector_error(spec: str) -> str | None:
    """Why ``spec`` is not a usable selector, or None if it is."""
    if not spec.strip():
        return "empty selector"
    try:
        select(Selector(text="<html><body></body></html>"), spec)
    except Exception as exc:  # cssselect and lxml raise several unrelated types
        kind = "XPath" if is_xpath(spec) else "CSS"
        return f"bad {kind} selector {spec!r}: {exc}"
    return None


def match_text(match: Selector) -> str | None:
    """The text of one match: an attribute/text result as is, an element as its visible text."""
    if isinstance(match.root, str):
        return clean(match.root)
    return clean_lines(visible_text(match))


def first_text(scope: Selector, spec: str) -> str | None:
    """The text of the first match that has any."""
    for match in select(scope, spec):
        text = match_text(match)
        if text:
            return text
    return None


def all_text(scope: Selector, spec: str) -> str | None:
    """The text of every match, one block per match."""
    texts = [text for text in (match_text(match) for match in select(scope, spec)) if text]
    return "\n".join(texts) or None


def clean(text: str | None) -> str | None:
    """Collapse whitespace; None for missing or blank text."""
    if text is None:
        return None
    collapsed = " ".join(text.split())
    return collapsed or None


def clean_lines(text: str | None) -> str | None:
    """Like ``clean`` but keeps line breaks."""
    if text is None:
        return None
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line) or None
