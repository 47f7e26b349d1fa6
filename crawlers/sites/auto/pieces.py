"""The text of a page as measured: a block's lines, and the page's text pieces each with its element,
set-aside parts left out."""
from __future__ import annotations

from pipelines.extraction.visible import BLOCK_TAGS, is_hidden

from .chrome import AWAY


def block_text(block, set_aside: dict) -> str:
    """The visible text of ``block`` without what the measure set aside: one line per block element."""
    pieces: list[str] = []
    stack: list = [(block, True)]
    while stack:   # an explicit stack: hostile pages nest elements thousands deep
        entry = stack.pop()
        if isinstance(entry, str):
            pieces.append(entry)
            continue
        node, is_root = entry
        reason = None if is_root or not isinstance(node.tag, str) else set_aside.get(node)
        if node.tail and not is_root and reason != "chrome":
            stack.append(node.tail)
        if not isinstance(node.tag, str) or reason:
            continue
        is_block = node.tag.lower() in BLOCK_TAGS
        if is_block:
            stack.append("\n")
        stack.extend((child, False) for child in reversed(node))
        if node.text:
            stack.append(node.text)
        if is_block:
            stack.append("\n")
    lines = (" ".join(line.split()) for line in "".join(pieces).split("\n"))
    return "\n".join(line for line in lines if line)


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
