"""Worker processes: how many to use, how to start them, how to cut the work for them.

Extraction (:mod:`checker.pipeline`), re-extraction of stale stored claims
(:mod:`checker.store.reextract`) and corpus linking (:mod:`checker.link.corpus`) each run
a forked pool; they share these answers so that ``CHECKER_JOBS`` means the same to all and
a killed parent takes its workers with it everywhere.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:  # multiprocessing is imported when a pool is started, not before
    from multiprocessing.context import BaseContext

T = TypeVar("T")


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def wanted_cores() -> int:
    """``CHECKER_JOBS`` when it is a positive whole number, else the cores this process
    may run on (``CHECKER_JOBS=1`` runs everything in the calling process)."""
    wanted = os.environ.get("CHECKER_JOBS", "").strip()
    return int(wanted) if wanted.isdigit() and int(wanted) > 0 else available_cores()


def fork_context() -> BaseContext:
    """fork where the platform has it: the workers start with everything imported and the
    catalogues loaded; elsewhere the platform's default."""
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else None)


def die_with_parent() -> None:
    """On Linux, a worker gets SIGKILL when the process that started it dies (kill -9 of
    ``checker ingest``): otherwise it waits for work forever, holding the parent's pipes.
    Every pool's initializer calls it."""
    import ctypes
    import signal
    import sys

    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() == 1:  # the parent died before prctl took effect
        os._exit(1)


def chunks(items: Sequence[T], size: Callable[[T], int], target: int) -> list[list[T]]:
    """Consecutive runs of ``items`` of about ``target`` total size each (a run closes
    once it reaches it), in order; none empty."""
    runs: list[list[T]] = []
    current: list[T] = []
    total = 0
    for item in items:
        current.append(item)
        total += size(item)
        if total >= target:
            runs.append(current)
            current, total = [], 0
    if current:
        runs.append(current)
    return runs
