"""One page's (or one post's) ``auto`` fields, each read once: title, body, and seller, posted_at,
price, category looked for in the first post, then around the title and body, then in the whole page."""
from __future__ import annotations

from functools import cached_property

from lxml import etree
from parsel import Selector

from crawlers.sites.selectors import clean_lines

from .chrome import AWAY, CHROME
from .dates import written_date
from .labels import LISTING_FIELDS, labelled
from .marked import Marked, posted_at_from_time_element
from .measure import Measure
from .pieces import block_text, owned_pieces
from .title import TitleFinder


def auto_title(page: Selector) -> str | None:
    return AutoPage(page).title


def auto_body(scope: Selector) -> str | None:
    """The main text block of a page (or of an element: a post)."""
    return AutoPage(scope).body


def labelled_value(scope: Selector, field_name: str) -> str | None:
    """The value written after the first label for ``field_name`` (seller, posted_at, price, category)."""
    root = scope.root
    if not isinstance(root, etree._Element):
        return None
    return labelled(owned_pieces(root, {}), field_name)


class AutoPage:
    """The ``auto`` fields of one page (or of one element: a post), each read once and kept."""

    def __init__(self, scope: Selector):
        self.scope = scope
        root = scope.root
        self.root = root if isinstance(root, etree._Element) else None

    def field(self, name: str) -> str | None:
        """seller, posted_at, price or category."""
        return self._fields.get(name)

    @cached_property
    def _measure(self) -> Measure | None:
        return Measure(self.root) if self.root is not None else None

    @cached_property
    def _title_choice(self) -> tuple[str | None, object]:
        if self._measure is None:
            return None, None
        return TitleFinder(self._measure).choose()

    @property
    def title(self) -> str | None:
        return self._title_choice[0]

    @cached_property
    def _body_block(self):
        return self._measure.body_block(self._title_choice[1]) if self._measure is not None else None

    @cached_property
    def body(self) -> str | None:
        if self._body_block is None:
            return None
        return clean_lines(block_text(self._body_block, self._measure.set_aside))

    @cached_property
    def messages(self) -> list[tuple["AutoPage", str]]:
        """A channel's messages, each a listing, with its permalink (Telegram's t.me/s/ preview, a
        vendor's feed): the page's posts when each links to itself (the link around its <time>), all
        are by one author and no heading outside them names a thread. Empty for any other page."""
        measure = self._measure
        if measure is None or self.root.tag != "html" or len(measure.posts) < 2:
            return []
        if _heading_outside(measure):
            return []
        messages = []
        for post in measure.posts:
            permalink = _permalink(post)
            if not permalink:
                return []
            messages.append((AutoPage(Selector(root=post)), permalink))
        authors = {message.field("seller") for message, _ in messages}
        return messages if len(authors) == 1 and None not in authors else []

    @cached_property
    def _fields(self) -> dict[str, str | None]:
        if self._measure is None:
            return {}
        measure = self._measure
        if measure.root.tag != "html":   # a post read alone: its fields are in it
            scopes = [measure.root]
        else:
            scopes = [measure.first_post] if measure.first_post is not None else []
            around = _around(self._title_choice[1], self._body_block, measure)
            if around is not None:
                scopes.append(around)
        readings = [_ScopeReading(scope, measure) for scope in scopes]
        values: dict[str, str | None] = {}
        for name in LISTING_FIELDS:
            values[name] = next(filter(None, (reading.value(name) for reading in readings)), None)
            if not values[name]:   # labels anywhere on the page, as a last resort (the old rule)
                values[name] = labelled(measure.pieces(), name)
                if not values[name] and name == "posted_at":
                    values[name] = posted_at_from_time_element(self.scope)
        return values


MAX_HEADINGS_READ = 20


def _heading_outside(measure: Measure) -> bool:
    """An <h1> in the content but outside the posts: the subject of a thread."""
    posts = set(measure.posts)
    for index, heading in enumerate(measure.root.iter("h1")):
        if index >= MAX_HEADINGS_READ:
            return True
        if measure.flags.get(heading, 0) & (CHROME | AWAY):
            continue
        element = heading
        while element is not None and element not in posts:
            element = element.getparent()
        if element is None:
            return True
    return False


def _permalink(post) -> str | None:
    """The link around the post's first <time> (its date links to the post itself)."""
    time = next(post.iter("time"), None)
    element = time
    while element is not None and element is not post:
        if element.tag == "a" and element.get("href"):
            return element.get("href").strip()
        element = element.getparent()
    return None


def _around(title_element, body_block, measure: Measure):
    """The smallest element holding both the title and the body (a listing's head and text); without
    a title element, the body block's largest ancestor holding at most twice its text."""
    if body_block is None:
        return None
    ancestors = [body_block]
    while ancestors[-1] is not measure.root and ancestors[-1].getparent() is not None:
        ancestors.append(ancestors[-1].getparent())
    if title_element is None:
        limit = 2 * measure.text_size(body_block)
        return next((a for a in reversed(ancestors) if measure.text_size(a) <= limit), body_block)
    in_line = set(ancestors)
    element = title_element
    while element is not None and element not in in_line:
        element = element.getparent()
    return element if element is not None else body_block


class _ScopeReading:
    """The fields in one part of the page: a label's value first, else what the markup marks."""

    def __init__(self, scope, measure: Measure):
        self.scope, self.measure = scope, measure
        self.pieces = measure.pieces(scope)

    @cached_property
    def marked(self) -> Marked:
        return Marked(self.scope, self.measure)

    def value(self, name: str) -> str | None:
        value = labelled(self.pieces, name)
        if value or name == "category":
            return value
        value = getattr(self.marked, name)
        if not value and name == "posted_at":
            return written_date(self.pieces)
        return value
