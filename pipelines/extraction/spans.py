"""Is a position inside one of many (possibly overlapping) spans? One sort, then a bisect per question."""
from __future__ import annotations

from bisect import bisect_right
from typing import Callable


def furthest_end(spans: list[tuple[int, int]]) -> Callable[[int], int]:
    """f(pos): the furthest end among the spans that start at or before `pos` (-1 when none does)."""
    ordered = sorted(spans)
    starts = [start for start, _ in ordered]
    reach, far = [], -1
    for _, end in ordered:
        far = max(far, end)
        reach.append(far)

    def at(pos: int) -> int:
        i = bisect_right(starts, pos) - 1
        return reach[i] if i >= 0 else -1

    return at
