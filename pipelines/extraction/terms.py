"""One Aho-Corasick pass for several dictionaries (brands, regions, data-kind words).

Walking the text costs about as much per character as the matching itself, so the extractor
merges the automata once and walks each listing once. Every dictionary keeps its own hits: a
key found in several dictionaries carries one payload per dictionary (None where it is absent).
"""
from __future__ import annotations

import ahocorasick


class TermScan:
    def __init__(self, *automata: ahocorasick.Automaton):
        payloads: dict[str, list] = {}
        for i, auto in enumerate(automata):
            for key, value in auto.items():
                payloads.setdefault(key, [None] * len(automata))[i] = value
        merged = ahocorasick.Automaton()
        for key, values in payloads.items():
            # only the dictionaries holding the key: the scan loop then never looks at an absent one
            merged.add_word(key, tuple((i, v) for i, v in enumerate(values) if v is not None))
        merged.make_automaton()
        self._auto = merged
        self._n = len(automata)

    def scan(self, norm: str) -> list[list[tuple[int, object]]]:
        """Per dictionary, (end index, payload) of every hit, as that dictionary's own automaton.iter gives them."""
        out: list[list[tuple[int, object]]] = [[] for _ in range(self._n)]
        for end_idx, values in self._auto.iter(norm):
            for i, value in values:
                out[i].append((end_idx, value))
        return out
