"""The page measure: one pass up the tree (text sizes, lists of links to other pages set aside), one
pass down (chrome and logo flags, a thread's first post); the body block."""
from __future__ import annotations

import re
from functools import cached_property

from pipelines.extraction.visible import visible_pieces

from .chrome import AWAY, CHROME, CRUMBS, LOGO, LOGO_NAMES, is_crumbs, set_aside_reason
from .pieces import owned_pieces
from .text import PRICE_OR_COUNT, class_and_id, solid_chars

DESCEND_SHARE = 0.75  # a child holding this much of its parent's text is the better block
TITLE_COLUMN_SHARE = 0.5  # or this much, when it holds the title too

# A list of links to other pages: at least LINK_LIST_BLOCKS sibling blocks of one kind, two thirds of
# them small (LINK_ITEM_MAX_CHARS) with their longest link LINK_ITEM_SHARE of their text or more, or
# cards of other listings (a link, however short: "view", "open"; and a price or a count). Posts are
# never such items.
LINK_LIST_BLOCKS = 3
LINK_ITEM_SHARE = 0.3
LINK_ITEM_MAX_CHARS = 400
# Posts of a thread: sibling blocks of one kind named like posts (a container "posts" is none), holding
# POSTS_SHARE of the page's text, with at most POSTS_LEAD_CHARS before the first (a title, a thread's
# meta line) or less than the first post itself. A product description followed by questions and
# answers is no thread: its description comes first.
POSTS_SHARE = 0.3
POSTS_LEAD_CHARS = 100
MAX_POST_GROUPS = 20        # groups of post-like blocks weighed per page
_POST_NAMES = re.compile(r"(^|[^a-z])(post|postbit|message|msg|reply|entry)([^a-z]|$)", re.IGNORECASE)
# Class tokens that differ between blocks of one kind: read and row state (odd/even, unread,
# ipsDataItem_unread), and words with a number (bg1/bg2, js-threadListItem-88120).
_STATE_TOKEN = re.compile(r"(^|[_-])(odd|even|alt|first|last|active|current|new|old|unread|read|online|offline)$",
                          re.IGNORECASE)
_DIGITS = re.compile(r"\d+")
SMALL_ELEMENT_COUNT = 60    # elements in a name, a date, a price or a title: read only such small ones


class Measure:
    """One pass up the tree (children before parents: text sizes, lists of links), one pass down
    (flags inherited from ancestors, the thread's posts)."""

    def __init__(self, root):
        self.root = root
        self.set_aside: dict = {}   # element -> "chrome" | "hidden" | "links"
        self.solid: dict = {}       # element -> characters of its visible text (not whitespace), set-aside parts left out
        self.linked: dict = {}      # element -> of which inside links
        self.top_link: dict = {}    # element -> characters of its longest link
        self.count: dict = {}       # element -> elements in its subtree (itself included)
        self.flags: dict = {}
        self.holds_posts: set = set()   # elements holding a group of post-like blocks
        self.first_post = None
        self.posts: list = []       # the thread's posts (first_post is the first)
        self._post_groups_weighed = 0
        self._measure_up()
        self._include_noscript()
        self._flag_down()

    @cached_property
    def _pieces_and_spans(self) -> tuple[list, dict]:
        spans: dict = {}
        return owned_pieces(self.root, self.flags, spans), spans

    def pieces(self, scope=None) -> list[tuple[str, object]]:
        """The page's text pieces (each with its element), or those of ``scope``: read once."""
        pieces, spans = self._pieces_and_spans
        if scope is None or scope is self.root:
            return pieces
        span = spans.get(scope)
        if not isinstance(span, tuple):   # set aside (hidden, a link list): read on its own
            return owned_pieces(scope, self.flags)
        return pieces[span[0]:span[1]]

    def text_size(self, element) -> int:
        """Characters of text outside links: link lists (menus, tag clouds) are not content."""
        return max(self.solid.get(element, 0) - self.linked.get(element, 0), 0)

    def _measure_up(self) -> None:
        for element in reversed(list(self.root.iter())):
            if not isinstance(element.tag, str):
                continue
            if _has_post_group(element) or any(child in self.holds_posts for child in element):
                self.holds_posts.add(element)
            if element is not self.root:
                reason = set_aside_reason(element)
                if reason == "container":
                    reason = None if element in self.holds_posts else "chrome"
                if reason:
                    self.set_aside[element] = reason
            kept = [child for child in element if isinstance(child.tag, str) and child not in self.set_aside]
            for child in self._link_items(kept):
                self.set_aside[child] = "links"
            solid, linked, top, count = solid_chars(element.text), 0, 0, 1
            for child in element:
                count += self.count.get(child, 1)
                reason = self.set_aside.get(child) if isinstance(child.tag, str) else None
                if reason is None and isinstance(child.tag, str):
                    solid += self.solid[child]
                    linked += self.linked[child]
                    top = max(top, self.top_link[child])
                if reason != "chrome":   # text after chrome is part of the chrome's line (e.g. "| Home")
                    solid += solid_chars(child.tail)
            if element.tag == "a":
                linked = top = solid
            self.solid[element], self.linked[element], self.top_link[element] = solid, linked, top
            self.count[element] = count

    def _include_noscript(self) -> None:
        """A <noscript> holding more text than the rest of the page is the page (a JS shell's
        server-rendered fallback: Flarum, single-page markets); others stay set aside."""
        noscripts = [element for element, reason in self.set_aside.items() if reason == "noscript"]
        biggest = max(noscripts, key=self.text_size, default=None)
        if biggest is None or self.text_size(biggest) <= self.text_size(self.root):
            return
        ancestors = []
        element = biggest.getparent()
        while element is not None:
            if element in self.set_aside:
                return
            ancestors.append(element)
            if element is self.root:
                break
            element = element.getparent()
        del self.set_aside[biggest]
        for element in ancestors:
            self.solid[element] += self.solid[biggest]
            self.linked[element] += self.linked[biggest]
            self.top_link[element] = max(self.top_link[element], self.top_link[biggest])

    def is_small(self, element, chars: int) -> bool:
        """At most ``chars`` characters of text in a few elements: cheap to read whole."""
        return self.solid.get(element, 0) <= chars and self.count.get(element, 1) <= SMALL_ELEMENT_COUNT

    def _link_items(self, children: list) -> list:
        groups: dict[str, list] = {}
        for child in children:
            if child.tag != "a" and self.solid[child] > 0:
                groups.setdefault(block_signature(child), []).append(child)
        items = []
        for members in groups.values():
            if len(members) < LINK_LIST_BLOCKS:
                continue
            if _is_post(members[0]):
                continue
            linking = [m for m in members if self._links_away(m)]
            if 3 * len(linking) >= 2 * len(members):
                items.extend(linking)
        return items

    def _links_away(self, member) -> bool:
        if self.solid[member] > LINK_ITEM_MAX_CHARS:
            return False
        if self.top_link[member] >= LINK_ITEM_SHARE * self.solid[member]:
            return True
        if not self.top_link[member] or self.count.get(member, 1) > SMALL_ELEMENT_COUNT:
            return False
        return bool(PRICE_OR_COUNT.search(" ".join(visible_pieces(member))))

    def _flag_down(self) -> None:
        page_size = self.text_size(self.root)
        for element in self.root.iter():
            if not isinstance(element.tag, str):
                continue
            flags = 0
            if element is not self.root:
                flags = self.flags.get(element.getparent(), 0)
                reason = self.set_aside.get(element)
                if reason == "chrome":
                    flags |= CHROME
                elif reason:
                    flags |= AWAY
                if element.attrib and LOGO_NAMES.search(class_and_id(element)):
                    flags |= LOGO
            if element.attrib and is_crumbs(element):
                flags |= CRUMBS
            self.flags[element] = flags
            if self.first_post is None and not flags & (CHROME | AWAY) and self._post_groups_weighed < MAX_POST_GROUPS:
                self.posts = self._posts(element, page_size)
                self.first_post = self.posts[0] if self.posts else None

    def _posts(self, element, page_size: int) -> list:
        groups: dict[str, list] = {}
        for child in element:
            if isinstance(child.tag, str) and child not in self.set_aside and self.text_size(child) > 0:
                groups.setdefault(post_signature(child), []).append(child)
        for signature, members in groups.items():
            if len(members) < 2 or not _is_post(members[0]):
                continue
            # Blocks without a class are of one kind only when all are named like posts (div#post_12, div#post_13).
            if signature.endswith(".") and not all(map(_is_post, members)):
                continue
            self._post_groups_weighed += 1
            if sum(map(self.text_size, members)) < POSTS_SHARE * page_size:
                continue
            if self._text_before(members[0]) <= max(POSTS_LEAD_CHARS, self.text_size(members[0])):
                return members
        return []

    def _text_before(self, element) -> int:
        """Characters of text outside links before ``element`` in the page (set-aside parts left out)."""
        before = 0
        while element is not self.root and element.getparent() is not None:
            parent = element.getparent()
            before += solid_chars(parent.text)
            for sibling in parent:
                if sibling is element:
                    break
                if isinstance(sibling.tag, str) and sibling not in self.set_aside:
                    before += self.text_size(sibling)
                if self.set_aside.get(sibling) != "chrome":
                    before += solid_chars(sibling.tail)
            element = parent
        return before

    def body_block(self, title_element=None):
        """From the first post (or the whole page) down into the child holding most of the text (3/4 of
        it; half of it when that child also holds the title: the listing's column beside columns of
        other things)."""
        block = self.first_post if self.first_post is not None else self._start()
        title_line = self._ancestors(title_element)
        while True:
            total = self.text_size(block)
            children = [child for child in block if isinstance(child.tag, str) and child not in self.set_aside]
            if not children or total == 0:
                return block
            richest = max(children, key=self.text_size)
            share = TITLE_COLUMN_SHARE if richest in title_line and richest is not title_element else DESCEND_SHARE
            if self.text_size(richest) < share * total:
                return block
            block = richest

    def _ancestors(self, element) -> set:
        """``element`` and its ancestors (none without an element)."""
        line = set()
        while element is not None and element is not self.root:
            line.add(element)
            element = element.getparent()
        return line

    def _start(self):
        if self.root.tag == "html":
            body = self.root.find("body")
            if body is not None:
                return body
        return self.root


def _is_post(element) -> bool:
    """Named like a post, an <article>, or the wrapper of one post (vBulletin 3's div#edit123 around
    table#post123, SMF's div.windowbg around div.post_wrapper)."""
    if element.tag == "article" or _POST_NAMES.search(class_and_id(element)):
        return True
    return any(isinstance(child.tag, str) and child.attrib and _POST_NAMES.search(class_and_id(child))
               for child in element)


def _has_post_group(element) -> bool:
    """Two or more children of one kind, the first post-like."""
    seen: set[str] = set()
    for child in element:
        if not isinstance(child.tag, str):
            continue
        signature = post_signature(child)
        if signature in seen:
            return True
        if _is_post(child):   # only a post-like first block starts a group
            seen.add(signature)
    return False


def block_signature(element) -> str:
    """The kind of a block: its tag and classes, without the class words that differ between
    blocks of one kind (read and row state; words with a number: bg1/bg2, js-threadListItem-88120)."""
    tokens = (token for token in (element.get("class") or "").split()
              if not _STATE_TOKEN.search(token) and not _DIGITS.search(token))
    return f"{element.tag}.{' '.join(sorted(tokens))}"


def post_signature(element) -> str:
    """The kind of a post: as ``block_signature``, but a word with a number counts without it
    (SMF's posts alternate div.windowbg and div.windowbg2)."""
    tokens = (_DIGITS.sub("", token) for token in (element.get("class") or "").split()
              if not _STATE_TOKEN.search(token))
    return f"{element.tag}.{' '.join(sorted(token for token in tokens if token))}"
