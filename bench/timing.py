"""The one timing rule of the scaling benches: the best of a few runs (the machine is shared)."""
from __future__ import annotations

import time
from typing import Callable


def best_seconds(fn: Callable[[], object], repeat: int) -> float:
    """The shortest wall time of `repeat` calls of `fn`."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)
