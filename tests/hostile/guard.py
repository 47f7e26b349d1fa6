"""A wall-clock guard for inputs that could make a regex or a parser run away.

    with time_limit(60):
        extractor.extract(evil)

Not a timing assertion: the limit is far above any sane run, and exists so that a catastrophic
regular expression fails the test (``RunawayInput``) instead of hanging CI. Python's regex engine
checks for signals while it backtracks, so SIGALRM interrupts it.
"""
from __future__ import annotations

import signal
import threading
from contextlib import contextmanager

GENEROUS_SECONDS = 60


class RunawayInput(AssertionError):
    pass


@contextmanager
def time_limit(seconds: int = GENEROUS_SECONDS, what: str = "input"):
    if threading.current_thread() is not threading.main_thread():
        raise RuntimeError("time_limit needs the main thread (it uses SIGALRM)")

    def expire(_signum, _frame):
        raise RunawayInput(f"{what} still running after {seconds} s: catastrophic backtracking or a runaway loop")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
