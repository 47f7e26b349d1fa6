"""Worker processes for CPU-heavy pipeline stages (extraction in pipelines/extract.py), so the
crawl's own process keeps its core for downloading and parsing pages.

Workers are spawned, not forked: the crawl process runs threads and an event loop that a fork
would copy mid-step. A worker exits when the crawl process is gone: it holds both ends of its
task pipe, so after a SIGKILL of the crawl it would otherwise wait for work forever.
"""
from __future__ import annotations

import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor


def worker_pool(workers: int, initializer=None, initargs: tuple = ()) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_start, initargs=(initializer, initargs))


def _start(initializer, initargs: tuple) -> None:
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()
    if initializer is not None:
        initializer(*initargs)


def _exit_with_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(0)
