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


def visible_pieces(root, newline_blocks: bool = False) -> list[str]:
    """Text nodes under `root` in document order; with newline_blocks, "\\n" around block elements."""
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
        # The tail is text after this element's end tag: it belongs to the parent, so it is
        # visible even when the element is not. The root's tail lies outside the element.
        if node.tail and not is_root:
            stack.append(node.tail)
        tag = node.tag.lower() if isinstance(node.tag, str) else None  # None: comment or PI
        if tag is None or is_hidden(node, tag):
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


def visible_text(element) -> str:
    """The text a reader sees in a parsel ``element``: one line per block (paragraph, <br>, list
    item, table row …), spaces collapsed inside lines, hidden elements left out."""
    pieces = visible_pieces(element.root, newline_blocks=True)
    lines = (" ".join(line.split()) for line in "".join(pieces).split("\n"))
    return "\n".join(line for line in lines if line)
