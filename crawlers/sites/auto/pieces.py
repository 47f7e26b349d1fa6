"""The text of a page as measured: a block's lines, and the page's text pieces each with its element,
set-aside parts left out."""
from __future__ import annotations

from pipelines.extraction.visible import ELEMENT, ELEMENT_AND_TAIL, is_hidden, lines_of, visible_pieces

from .chrome import AWAY


def block_text(block, set_aside: dict) -> str:
    """The visible text of ``block`` without what the measure set aside: one line per block element.
    Chrome goes with the text after it; other set-aside parts leave that text (it is the parent's)."""
    def left_out(node, tag):
        reason = None if node is block else set_aside.get(node)
        if not reason:
            return None
        return ELEMENT_AND_TAIL if reason == "chrome" else ELEMENT

    return lines_of(visible_pieces(block, newline_blocks=True, left_out=left_out))


def owned_pieces(root, flags: dict, spans: dict | None = None) -> list[tuple[str, object]]:
    """The visible text nodes under ``root``, stripped, each with the element it is the text of;
    hidden elements and those flagged AWAY left out. With ``spans``, each element's pieces (its
    text and its descendants', not its tail) are recorded there as a (start, end) range."""
    pieces: list[tuple[str, object]] = []
    stack: list = [(root, True)]
    while stack:
        entry = stack.pop()
        if isinstance(entry[0], str):
            text = entry[0].strip()
            if text:
                pieces.append((text, entry[1]))
            continue
        node, is_root = entry
        if is_root is None:   # the end of ``node``'s own pieces
            spans[node] = (spans[node], len(pieces))
            continue
        if node.tail and not is_root:
            stack.append((node.tail, node.getparent()))
        if not isinstance(node.tag, str):
            continue
        if is_root or not flags:   # no measure (or the root, never set aside): look at the element
            if is_hidden(node, node.tag.lower()):
                continue
        elif flags.get(node, 0) & AWAY:   # hidden or a list of links, as measured
            continue
        if spans is not None:
            spans[node] = len(pieces)
            stack.append((node, None))
        stack.extend((child, False) for child in reversed(node))
        if node.text:
            stack.append((node.text, node))
    return pieces
