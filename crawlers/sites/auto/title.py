"""The title finder: the page's title-like elements scored, the one agreeing with ``og:title``/``<title>``
first; else that document title without the site's name (og:site_name, the logo, the link home)."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from pipelines.extraction.visible import BLOCK_TAGS, visible_pieces
from crawlers.sites.selectors import clean

from .chrome import AWAY, CHROME, CRUMBS, LOGO
from .labels import LABEL_PATTERNS, is_bare_label, is_label
from .measure import Measure
from .pieces import block_text
from .text import HAS_DIGIT, HAS_LETTER, class_and_id, solid_chars

_TITLE_NAMES = re.compile(r"title|subject|headline|product[-_]?name|item[-_]?name|listing[-_]?name", re.IGNORECASE)
_NOT_TITLE_NAMES = re.compile(
    r"subtitle|(site|blog|widget|block|section|box|panel|modal|menu|nav|footer|header|comments?|sidebar)[-_]*title",
    re.IGNORECASE)
_TITLE_ITEM_TYPES = re.compile(r"(Product|Offer|Article|Posting|CreativeWork|Dataset|Question|Thing)$", re.IGNORECASE)
# "Qudian students 1M | DarkMarket", "DarkMarket - Qudian students 1M", "Site :: Listing"
_TITLE_PARTS = re.compile(r"\s+[|·•–—-]\s+|\s+::\s+|\s+[»›]\s+")
MAX_TITLE_CHARS = 300       # an element with more text is a block, not a title
MAX_H1_CHARS = 1_000_000    # an <h1> is a heading whatever its length
MAX_TITLE_CANDIDATES = 200  # title-like elements read per page (a page may name every block "title")
# Base scores of title candidates; agreeing with the page's <title>/og:title adds AGREES (EQUALS if equal).
_SCORES = {"label": 5, "h1": 4, "named": 4, "microdata": 4, "crumb": 3, "chrome-h1": 2, "h2": 1, "h3": 0.5}
STRONG = 3
AGREES, EQUALS = 10, 11
SHORT_PENALTY = 2           # a one-word heading ("Description", "Seller") is rarely a listing's title
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
# A forum's word before the subject in its heading: "Thread: …" (vBulletin 4), "Topic: …", "主题：…".
_HEADING_LABEL = re.compile(r"^(?:thread|topic|subject|title|主题|主題|标题|標題)\s*[:：]\s*(?=\S)", re.IGNORECASE)
# "Name:" names the listing only as a field's key (<dt>, <th>): elsewhere it is a person's name.
_NAME_KEY = re.compile(r"^(?:name|item|名称|名稱)\s*[:：]?$", re.IGNORECASE)
MAX_SECTION_NAMES = 200     # link texts of the menus and breadcrumbs kept per page


class _Candidate:
    def __init__(self, text: str, element, kind: str, order: int):
        self.text, self.element, self.order = text, element, order
        self.score = _SCORES[kind] - (SHORT_PENALTY if _word_count(text) < 2 else 0)
        self.agreement = 0

    @property
    def total(self) -> float:
        return self.score + self.agreement


class TitleFinder:
    """The page's title candidates (scored), its document titles and the site's names, in one pass."""

    def __init__(self, measure: Measure):
        self.measure = measure
        self.root = measure.root
        self.candidates: list[_Candidate] = []
        self.site_names: set[str] = set()
        self.section_names: set[str] = set()   # the menus' and breadcrumbs' links: "Databases", "資料交易"
        self.chrome_h1s: list[_Candidate] = []
        self._read_elements()
        self._read_labels()
        self._read_site_metas()
        head_titles = self._head_titles()
        self._sort_chrome_h1s(head_titles)
        self.site_names = {name.casefold() for name in self.site_names if name}
        self.documents = [self._without_site_name(title) for title in head_titles]

    def choose(self) -> tuple[str | None, object]:
        kept = [c for c in self.candidates if c.text.casefold() not in self.site_names and not is_bare_label(c.text)]
        for candidate in kept:
            candidate.agreement = self._agreement(_normal(candidate.text))
        best = max(kept, key=lambda c: (c.total, -c.order), default=None)
        document = next((title for title, _ in self.documents if _is_informative(title)), None)
        # A heading that agrees with no document title and says nothing ("Other auctions") is no
        # listing's title when og:title or <title> says something.
        if best is not None and (best.agreement or best.total >= STRONG and (_is_informative(best.text) or not document)):
            return best.text, best.element
        if document:
            return document, self._element_reading(document)
        if best is not None:
            return best.text, best.element
        document = next((title for title, _ in self.documents if title), None)
        if document:
            return document, None
        return (self.site_h1s[0], None) if self.site_h1s else (None, None)

    def _read_elements(self) -> None:
        order = 0
        for element in self.root.iter():
            if not isinstance(element.tag, str):
                continue
            flags = self.measure.flags.get(element, 0)
            if flags & AWAY:
                continue
            tag = element.tag.lower()
            if not element.attrib and tag not in ("h1", "h2", "h3", "li") and not flags & LOGO:
                continue   # nothing names it a title, a crumb or the site
            kind = self._kind(element, tag, flags)
            if kind == "site" and self.measure.is_small(element, MAX_TITLE_CHARS):
                self.site_names.add(_text_or_alt(element))
            elif kind and len(self.candidates) < MAX_TITLE_CANDIDATES:
                text = self._text(element, _title_chars(tag))
                text = _HEADING_LABEL.sub("", text) if text else text
                if text:
                    candidate = _Candidate(text, element, kind, order)
                    (self.chrome_h1s if kind == "chrome-h1" else self.candidates).append(candidate)
                    order += 1
            if tag == "a" and _is_home_link(element.get("href")) and self.measure.is_small(element, MAX_TITLE_CHARS):
                self.site_names.add(_text_or_alt(element))
            elif (tag == "a" and flags & (CHROME | CRUMBS) and len(self.section_names) < MAX_SECTION_NAMES
                  and self.measure.is_small(element, MAX_TITLE_CHARS)):
                self.section_names.add(_text_or_alt(element).casefold())

    def _kind(self, element, tag: str, flags: int) -> str | None:
        """What kind of title candidate ``element`` is; "site" for the site's own name."""
        if flags & LOGO or _only_a_home_link(element):
            return "site" if tag in ("h1", "h2") or flags & LOGO else None
        if not self.measure.is_small(element, _title_chars(tag)):
            return None
        if flags & CRUMBS:
            return "crumb" if self._is_last_crumb(element, tag) else None
        if flags & CHROME:
            return "chrome-h1" if tag == "h1" else None
        itemprop = (element.get("itemprop") or "").lower()
        if itemprop == "headline" or (itemprop == "name" and _names_a_listing(element)):
            return "microdata"
        if tag in ("h1", "h2", "h3"):
            return tag
        names = class_and_id(element)
        if _TITLE_NAMES.search(names) and not _NOT_TITLE_NAMES.search(names) and not _holds_blocks(element):
            return "named"
        return None

    def _is_last_crumb(self, element, tag: str) -> bool:
        """The breadcrumb's last item when it is not a link: the page itself."""
        if element.get("aria-current") == "page":
            return True
        if tag != "li" or self.measure.linked.get(element, 0) or _previous_element(element) is None:
            return False
        return _next_element(element) is None

    def _read_site_metas(self) -> None:
        for element in self.root.iter("meta"):
            key = (element.get("property") or element.get("name") or "").lower()
            if key in ("og:site_name", "application-name"):
                self.site_names.add(clean(element.get("content")) or "")

    def _read_labels(self) -> None:
        """A "Product: …" field names the listing (written as a field: with a colon, or in a cell)."""
        flags = self.measure.flags
        pieces = [(piece, owner) for piece, owner in self.measure.pieces() if not flags.get(owner, 0) & CHROME]
        pattern = LABEL_PATTERNS["title"]
        for index, (piece, owner) in enumerate(pieces):
            match = pattern.match(piece)
            if match:
                value = match.group("inline") or match.group("dated")
                is_field = piece.rstrip().endswith((":", "：")) or getattr(owner, "tag", None) in ("dt", "th", "td")
            elif _NAME_KEY.match(piece) and getattr(owner, "tag", None) in ("dt", "th"):
                value, is_field = None, True
            else:
                continue
            if not value and is_field and index + 1 < len(pieces) and not is_label(pieces[index + 1][0]):
                value, owner = pieces[index + 1]
            value = clean(value)
            if value and _is_informative(value) and len(value) <= MAX_TITLE_CHARS:
                self.candidates.append(_Candidate(value, owner, "label", -1))
                return

    def _head_titles(self) -> list[str]:
        """og:title, twitter:title, the headline's meta and <title>, as written."""
        texts = []
        for element in self.root.iter("meta"):
            key = (element.get("property") or element.get("name") or element.get("itemprop") or "").lower()
            if key in ("og:title", "twitter:title", "headline"):
                texts.append(element.get("content"))
        texts.extend(element.text for element in self.root.iter("title"))
        return [text for text in map(clean, texts) if text]

    def _sort_chrome_h1s(self, head_titles: list[str]) -> None:
        """A header's h1 is the site's name when <title> pairs it with a part that says something
        ("Acme users 1M | DarkMart"); else (a post's or a paste's header: "nginx.conf - GhostPaste")
        it may be the listing's title."""
        self.site_h1s = [candidate.text for candidate in self.chrome_h1s]
        paired = set()
        for title in head_titles:
            parts = [_normal(part) for part in _TITLE_PARTS.split(title) if part.strip()]
            for part in parts:
                if any(_is_informative(other) for other in parts if other != part):
                    paired.add(part)
        for candidate in self.chrome_h1s:
            if not _is_informative(candidate.text) and _normal(candidate.text) in paired:
                self.site_names.add(candidate.text)
            else:
                self.candidates.append(candidate)

    def _without_site_name(self, title: str) -> tuple[str, list[str]]:
        """The document title without the site's name, and without the section's ("X - Databases -
        Site") when what is left says something."""
        parts = [part for part in _TITLE_PARTS.split(title) if part.strip()]
        kept = [part for part in parts
                if part.casefold() not in self.site_names and not part.casefold().startswith("powered by")]
        listing_parts = [part for part in kept if part.strip().casefold() not in self.section_names]
        if any(map(_is_informative, listing_parts)):
            kept = listing_parts
        text = " - ".join(kept) if kept and len(kept) < len(parts) else (title if kept else "")
        return text, [_normal(part) for part in kept]

    def _agreement(self, candidate: str) -> int:
        agreement = 0
        for text, parts in self.documents:
            for part in (_normal(text), *parts):
                if not part or not _is_informative(part):
                    continue
                if candidate == part:
                    return EQUALS
                shorter, longer = sorted((candidate, part), key=len)
                if shorter in longer and len(shorter) >= 0.6 * len(longer):
                    # "[出售] subject" holding the subject is the whole title; a piece of it is less.
                    agreement = max(agreement, EQUALS if longer == candidate else AGREES)
        return agreement

    def _element_reading(self, title: str):
        """The element whose text is the title (for where the listing is on the page), if one is."""
        wanted, size = _normal(title), solid_chars(title)
        tried = 0
        for element in self.root.iter():
            if not isinstance(element.tag, str) or self.measure.solid.get(element) != size:
                continue
            if not self.measure.is_small(element, MAX_TITLE_CHARS):
                continue
            if self.measure.flags.get(element, 0) & (AWAY | CHROME) or element.tag in ("title", "head", "html"):
                continue
            if _normal(self._text(element) or "") == wanted:
                return element
            tried += 1
            if tried >= MAX_TITLE_CANDIDATES:
                return None
        return None

    def _text(self, element, chars: int = MAX_TITLE_CHARS) -> str | None:
        text = clean(block_text(element, self.measure.set_aside))
        return text if text and len(text) <= chars else None


def _title_chars(tag: str) -> int:
    """An <h1> is a heading whatever its length; an element only named like a title is a block
    when it holds more than MAX_TITLE_CHARS."""
    return MAX_H1_CHARS if tag == "h1" else MAX_TITLE_CHARS


def _holds_blocks(element) -> bool:
    """A container (``div#topic-title`` holding the h1 and the category) is not itself a title."""
    return any(isinstance(child.tag, str) and child.tag.lower() in BLOCK_TAGS and child.tag.lower() != "br"
               for child in element)


def _names_a_listing(element) -> bool:
    """``itemprop="name"`` of the nearest item that is a product, an offer or a posting (not a person,
    an organization or a breadcrumb)."""
    for _ in range(40):
        if element is None or not isinstance(element.tag, str):
            return False
        if element.get("itemscope") is not None:
            return bool(_TITLE_ITEM_TYPES.search((element.get("itemtype") or "").rstrip("/")))
        element = element.getparent()
    return False


def _is_home_link(href: str | None) -> bool:
    if not href:
        return False
    parts = urlsplit(href.strip())
    path = parts.path.lower()
    return not parts.query and (path in ("", "/", "./", ".") or re.fullmatch(r"\.?/?index\.\w+", path) is not None)


def _only_a_home_link(element) -> bool:
    children = [child for child in element if isinstance(child.tag, str)]
    return (len(children) == 1 and children[0].tag == "a" and _is_home_link(children[0].get("href"))
            and not (element.text or "").strip())


def _next_element(element):
    sibling = element.getnext()
    while sibling is not None and not isinstance(sibling.tag, str):
        sibling = sibling.getnext()
    return sibling


def _previous_element(element):
    sibling = element.getprevious()
    while sibling is not None and not isinstance(sibling.tag, str):
        sibling = sibling.getprevious()
    return sibling


def _text_or_alt(element) -> str:
    text = clean(" ".join(visible_pieces(element)))
    if text:
        return text
    image = element.find(".//img")
    return clean(image.get("alt")) or "" if image is not None else ""


def _normal(text: str) -> str:
    return " ".join(text.casefold().split())


def _word_count(text: str) -> int:
    """Words with a letter or a digit ("-" and "|" are none); two CJK characters count as a word."""
    return sum(1 for word in text.split() if HAS_LETTER.search(word) or HAS_DIGIT.search(word)) \
        + len(_CJK.findall(text)) // 2


def _is_informative(title: str) -> bool:
    """A title that says something: a figure in it, or three words ("Marketplace", "ABYSS" are names)."""
    return bool(HAS_DIGIT.search(title)) or _word_count(title) >= 3
