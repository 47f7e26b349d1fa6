"""What a page holds besides its content: chrome (nav, header, footer, sidebars, forms, scripts),
hidden elements, logos and breadcrumbs; the flags that mark an element as inside them."""
from __future__ import annotations

import re

from pipelines.extraction.visible import is_hidden

from .text import class_and_id

# Flags of an element (inherited from its ancestors, within the measured root).
CHROME, AWAY, LOGO, CRUMBS = 1, 2, 4, 8    # AWAY: hidden, or in a list of links to other pages

_CHROME_TAGS = ("nav", "header", "footer", "aside", "script", "style", "template",
                "iframe", "button", "select", "textarea")
_CHROME_NAMES = re.compile(
    r"(^|[\s_-])(nav|navbar|menu|header|masthead|footer|sidebar|breadcrumbs?|share|social|"
    r"ads?|advert|banner|cookie|pagination|pager|pagenav|related|widget-area)($|[\s_-])",
    re.IGNORECASE,
)
# A blog's comments section and a page's forms (search, sign-in, reply) are chrome; a forum engine's
# thread may sit in such a container (Invision's div#comments, SMF's moderation <form>): the measure
# keeps the container when it holds a thread's posts. One "comment" (Invision's posts are) is content.
_COMMENTS_NAMES = re.compile(r"(^|[\s_-])comments($|[\s_-])", re.IGNORECASE)
# A quoted earlier post (SMF's bbc_standard_quote and quoteheader, Discuz!'s div.quote, vBulletin's
# bbcode_quote, XenForo's bbCodeBlock--quote, Invision's ipsQuote; phpBB's <blockquote><cite>): someone
# else's words, not the listing's.
_QUOTE_NAMES = re.compile(r"(^|[\s_-])(ips|bbcode)?quote(header|content|footer|d)?($|[\s_-])", re.IGNORECASE)
LOGO_NAMES = re.compile(r"(^|[\s_-])(logo|site-?title|site-?name|brand(?:ing)?|wordmark)($|[\s_-])", re.IGNORECASE)
_CRUMB_NAMES = re.compile(r"breadcrumb|crumbs", re.IGNORECASE)


def set_aside_reason(element) -> str | None:
    """Why the measure leaves ``element`` out of the content: "hidden", "chrome", "quote"; or, for the
    measure to decide, "noscript" (content when it holds the page) and "container" (a form or
    comments: chrome unless it holds a thread's posts); None."""
    tag = element.tag.lower()
    if tag == "noscript":
        return "noscript"
    # <head> itself is not set aside: its title, scripts and styles are by their tags, and the parser
    # puts there what a page without <body> writes before its first paragraph (<header><h1>…).
    if tag != "head" and is_hidden(element, tag):
        return "hidden"
    if _is_chrome(element):
        return "chrome"
    if _is_quote(element, tag):
        return "quote"
    if tag == "form" or element.attrib and _COMMENTS_NAMES.search(f"{class_and_id(element)} {element.get('role') or ''}"):
        return "container"
    return None


def _is_chrome(element) -> bool:
    if element.tag.lower() in _CHROME_TAGS:
        return True
    if not element.attrib:
        return False
    names = f"{class_and_id(element)} {element.get('role') or ''}"
    return bool(_CHROME_NAMES.search(names))


def _is_quote(element, tag: str) -> bool:
    if element.attrib and _QUOTE_NAMES.search(class_and_id(element)):
        return True
    if tag != "blockquote":
        return False
    first = next((child for child in element if isinstance(child.tag, str)), None)
    return first is not None and first.tag == "cite"


def is_crumbs(element) -> bool:
    if _CRUMB_NAMES.search(f"{class_and_id(element)} {element.get('aria-label') or ''}"):
        return True
    return (element.get("itemtype") or "").endswith("BreadcrumbList")
