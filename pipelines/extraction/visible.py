"""The text a reader sees in an lxml element: hidden elements left out, blocks on their own lines."""
from __future__ import annotations

# Elements whose text is not visible on the rendered page.
INVISIBLE_TAGS = frozenset({"script", "style", "noscript", "template", "head", "title",
                            "iframe", "object", "embed", "svg", "canvas"})
# Discuz! inserts random characters in <font class="jammer"> (hidden by CSS) against copying.
INVISIBLE_CLASSES = frozenset({"jammer"})
BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "footer",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p",
    "pre", "section", "table", "tbody", "td", "th", "tr", "ul",
})


def is_hidden(node, tag: str) -> bool:
    if tag in INVISIBLE_TAGS or node.get("hidden") is not None:
        return True
    if INVISIBLE_CLASSES.intersection((node.get("class") or "").split()):
        return True
    style = (node.get("style") or "").replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style


# What a ``left_out`` rule may answer for an element (None: keep it).
ELEMENT = "element"                 # leave out the element; the text after its end tag stays
ELEMENT_AND_TAIL = "element and tail"


def hidden_elements(node, tag: str) -> str | None:
    """The default rule of ``visible_pieces``: elements the browser does not show are left out."""
    return ELEMENT if is_hidden(node, tag) else None


def visible_pieces(root, newline_blocks: bool = False, left_out=hidden_elements) -> list[str]:
    """Text nodes under `root` in document order; with newline_blocks, "\\n" around block elements.
    ``left_out(element, tag)`` says which elements (``ELEMENT``), or elements and the text after them
    (``ELEMENT_AND_TAIL``), are not read."""
    pieces: list[str] = []
    # An explicit stack, not recursion: hostile pages nest elements thousands deep, past
    # Python's recursion limit. The stack holds text still to emit and (element, is_root) pairs.
    stack: list = [(root, True)]
    while stack:
        entry = stack.pop()
        if isinstance(entry, str):
            pieces.append(entry)
            continue
        node, is_root = entry
        tag = node.tag.lower() if isinstance(node.tag, str) else None  # None: comment or PI
        rule = None if tag is None else left_out(node, tag)
        # The tail is text after this element's end tag: it belongs to the parent, so it is
        # visible even when the element is not. The root's tail lies outside the element.
        if node.tail and not is_root and rule != ELEMENT_AND_TAIL:
            stack.append(node.tail)
        if tag is None or rule:
            continue
        is_block = newline_blocks and tag in BLOCK_TAGS
        if is_block:
            stack.append("\n")
        stack.extend((child, False) for child in reversed(node))
        if node.text:
            stack.append(node.text)
        if is_block:
            stack.append("\n")
    return pieces


def lines_of(pieces: list[str]) -> str:
    """Pieces with block breaks as text: one line per block, spaces collapsed, no empty lines."""
    lines = (" ".join(line.split()) for line in "".join(pieces).split("\n"))
    return "\n".join(line for line in lines if line)


def visible_text(element) -> str:
    """The text a reader sees in a parsel ``element``: one line per block (paragraph, <br>, list
    item, table row …), spaces collapsed inside lines, hidden elements left out."""
    return lines_of(visible_pieces(element.root, newline_blocks=True))
