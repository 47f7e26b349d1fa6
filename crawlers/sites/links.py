"""Which links a crawler may follow: never one that acts (buy, download, sign in, post, reply)."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

# Buying, downloading, signing in or writing: side effects, legal exposure, and nothing to index.
_ACTION_WORDS = re.compile(
    r"(?<![a-z])("
    r"buy|carts?|checkout|purchase|escrow|orders?|payments?|downloads?|attachments?|raw|dl|files?|"
    r"login|logging|signin|sign-in|signup|sign-up|register|logout|"
    r"post-thread|newthread|newreply|add-reply|reply|compose|submit"
    r")(?![a-z])",
    re.IGNORECASE,
)


# "order=desc" sorts a list (vBulletin's forumdisplay.php?f=12&order=desc&page=2): no order is placed.
_SORT_ORDER = re.compile(r"(?:^|(?<=[&;]))order=(?:asc|desc)(?=$|[&;])", re.IGNORECASE)


def is_action_url(url: str) -> bool:
    """True for links that act rather than show a page; a crawler must never request them."""
    parts = urlsplit(url)
    return bool(_ACTION_WORDS.search(parts.path) or _ACTION_WORDS.search(_SORT_ORDER.sub("", parts.query)))


def same_site(url: str, other: str) -> bool:
    """Same scheme-less host and port: the generic spider never leaves its start host."""
    return urlsplit(url).netloc.lower() == urlsplit(other).netloc.lower()


def is_web_url(url: str) -> bool:
    return urlsplit(url).scheme in ("http", "https")
