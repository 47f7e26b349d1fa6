"""Small readings of text and elements that the other ``auto`` modules share."""
from __future__ import annotations

import re

HAS_DIGIT = re.compile(r"\d")
HAS_LETTER = re.compile(r"[^\W\d_]")


def class_and_id(element) -> str:
    """An element's class and id, the words a page names its parts with."""
    return f"{element.get('class') or ''} {element.get('id') or ''}"


def solid_chars(text: str | None) -> int:
    """Characters other than whitespace."""
    return sum(map(len, text.split())) if text else 0
