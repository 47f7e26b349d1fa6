"""The page measure: one pass up the tree (text sizes, lists of links to other pages set aside), one
pass down (chrome and logo flags, a thread's first post); the body block."""
from __future__ import annotations

import re
from functools import cached_property

from .chrome import AWAY, CHROME, CRUMBS, LOGO, LOGO_NAMES, is_crumbs, set_aside_reason
from .pieces import owned_pieces
from .text import class_and_id, solid_chars

DESCEND_SHARE = 0.75  # a child holding this much of its parent's text is the better block

# A list of links to other pages: at least LINK_LIST_BLOCKS sibling blocks of one kind, two thirds of
# them small (LINK_ITEM_MAX_CHARS) with their longest link LINK_ITEM_SHARE of their text or more.
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
# Class tokens that differ between blocks of one kind: alternating rows (bg1/bg2, odd/even), ids in
# classes (js-threadListItem-88120), read state.
_VARYING_TOKEN = re.compile(r"\d|^(odd|even|alt|first|last|active|current|new|unread|read|online|offline)$",
                            re.IGNORECASE)
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
        self.first_post = None
        self._post_groups_weighed = 0
        self._measure_up()
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
            if element is not self.root:
                reason = set_aside_reason(element)
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
            linking = [m for m in members
                       if self.solid[m] <= LINK_ITEM_MAX_CHARS and self.top_link[m] >= LINK_ITEM_SHARE * self.solid[m]]
            if 3 * len(linking) >= 2 * len(members):
                items.extend(linking)
        return items

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
                self.first_post = self._first_post(element, page_size)

    def _first_post(self, element, page_size: int):
        groups: dict[str, list] = {}
        for child in element:
            if isinstance(child.tag, str) and child not in self.set_aside and self.text_size(child) > 0:
                groups.setdefault(block_signature(child), []).append(child)
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
                return members[0]
        return None

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

    def body_block(self):
        """From the first post (or the whole page) down into the child holding most of the text."""
        block = self.first_post if self.first_post is not None else self._start()
        while True:
            total = self.text_size(block)
            children = [child for child in block if isinstance(child.tag, str) and child not in self.set_aside]
            if not children or total == 0:
                return block
            richest = max(children, key=self.text_size)
            if self.text_size(richest) < DESCEND_SHARE * total:
                return block
            block = richest

    def _start(self):
        if self.root.tag == "html":
            body = self.root.find("body")
            if body is not None:
                return body
        return self.root


def _is_post(element) -> bool:
    return bool(_POST_NAMES.search(class_and_id(element)))


def block_signature(element) -> str:
    """The kind of a block: its tag and classes, without the class words that differ between
    blocks of one kind (alternating rows, ids, read state)."""
    classes = " ".join(sorted(token for token in (element.get("class") or "").split()
                              if not _VARYING_TOKEN.search(token)))
    return f"{element.tag}.{classes}"
