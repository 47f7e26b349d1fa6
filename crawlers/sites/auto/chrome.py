"""What a page holds besides its content: chrome (nav, header, footer, sidebars, forms, scripts),
hidden elements, logos and breadcrumbs; the flags that mark an element as inside them."""
from __future__ import annotations

import re

from pipelines.extraction.visible import is_hidden

from .text import class_and_id

# Flags of an element (inherited from its ancestors, within the measured root).
CHROME, AWAY, LOGO, CRUMBS = 1, 2, 4, 8    # AWAY: hidden, or in a list of links to other pages

_CHROME_TAGS = ("nav", "header", "footer", "aside", "form", "script", "style", "noscript", "template",
                "iframe", "button", "select", "textarea")
_CHROME_NAMES = re.compile(
    r"(^|[\s_-])(nav|navbar|menu|header|masthead|footer|sidebar|breadcrumbs?|comments?|share|social|"
    r"ads?|advert|banner|cookie|pagination|pager|pagenav|related|widget-area)($|[\s_-])",
    re.IGNORECASE,
)
LOGO_NAMES = re.compile(r"(^|[\s_-])(logo|site-?title|site-?name|brand(?:ing)?|wordmark)($|[\s_-])", re.IGNORECASE)
_CRUMB_NAMES = re.compile(r"breadcrumb|crumbs", re.IGNORECASE)


def set_aside_reason(element) -> str | None:
    """"hidden", "chrome" or None: why the measure leaves ``element`` out of the content."""
    tag = element.tag.lower()
    # <head> itself is not set aside: its title, scripts and styles are by their tags, and the parser
    # puts there what a page without <body> writes before its first paragraph (<header><h1>…).
    if tag != "head" and is_hidden(element, tag):
        return "hidden"
    if _is_chrome(element):
        return "chrome"
    return None


def _is_chrome(element) -> bool:
    if element.tag.lower() in _CHROME_TAGS:
        return True
    if not element.attrib:
        return False
    names = f"{class_and_id(element)} {element.get('role') or ''}"
    return bool(_CHROME_NAMES.search(names))


def is_crumbs(element) -> bool:
    if _CRUMB_NAMES.search(f"{class_and_id(element)} {element.get('aria-label') or ''}"):
        return True
    return (element.get("itemtype") or "").endswith("BreadcrumbList")
