"""One Aho-Corasick pass for several dictionaries (brands, regions, data-kind words).

Walking the text costs about as much per character as the matching itself, so the extractor
merges the dictionaries once and walks each listing once. Every dictionary keeps its own hits: a
key found in several dictionaries carries one payload per dictionary (None where it is absent).

The dictionaries are pyahocorasick automata (key -> payload); the merged walk uses ahocorasick-rs,
which finds the same overlapping hits about seven times faster on market pages
(bench/bench_extraction_throughput.py).
"""
from __future__ import annotations

import re

import ahocorasick
import ahocorasick_rs


class TermScan:
    def __init__(self, *automata: ahocorasick.Automaton):
        payloads: dict[str, list] = {}
        for i, auto in enumerate(automata):
            for key, value in auto.items():
                payloads.setdefault(key, [None] * len(automata))[i] = value
        # per key, only the dictionaries holding it: the scan loop then never looks at an absent one
        self._values = [tuple((i, v) for i, v in enumerate(values) if v is not None) for values in payloads.values()]
        self._matcher = ahocorasick_rs.AhoCorasick(list(payloads))  # standard match kind: every overlapping hit
        self._n = len(automata)

    def scan(self, norm: str) -> list[list[tuple[int, object]]]:
        """Per dictionary, (end index, payload) of every hit, as that dictionary's own automaton.iter gives them."""
        out: list[list[tuple[int, object]]] = [[] for _ in range(self._n)]
        values = self._values
        for index, _start, end in self._matcher.find_matches_as_indexes(norm, overlapping=True):
            for i, value in values[index]:
                out[i].append((end - 1, value))
        return out


def alternation(words) -> str:
    """A non-capturing regex matching any of `words` (literal), built as a trie: at each position the regex
    engine follows one branch per character instead of trying every word, and a longer word is tried before
    its prefix ("total records" before "total")."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _branches(trie)


def _branches(node: dict) -> str:
    alternatives = [re.escape(ch) + _branches(child) for ch, child in sorted(node.items()) if ch]
    if not alternatives:
        return ""
    body = alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"
    if "" in node:  # a word ends here; a longer one may go on
        return "(?:" + body + ")?" if len(alternatives) == 1 else body + "?"
    return body
