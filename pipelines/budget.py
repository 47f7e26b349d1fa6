"""A wall-clock budget for work on one page's bytes, so a page built to stall a parser or a
regular expression costs at most its budget.

    with time_budget(5.0):
        analyse(listing)        # raises OverBudget after 5 s

SIGALRM interrupts Python code, the regex engine included (it checks for signals while it
matches), so it works in the main thread only: worker processes run their tasks there. In any
other thread the budget is not enforced.
"""
from __future__ import annotations

import signal
import threading
from contextlib import contextmanager


class OverBudget(BaseException):
    """Not an Exception: an `except Exception` in the interrupted code must not swallow it."""


def _expire(_signum, _frame):
    raise OverBudget


@contextmanager
def time_budget(seconds: float | None):
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGALRM, _expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
