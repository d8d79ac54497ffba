"""Parsing spread over the machine's cores by forked worker processes, for
very large sites; small ones, and processes that run other threads
(`serve`), parse in one process. Rendering always runs in one process.

Only roadmapgen.parsing uses this; it goes with the fork paths there."""

from __future__ import annotations

import os
import threading
from typing import Callable, Sequence

CHUNKS_PER_WORKER = 4


def usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def can_fork() -> bool:
    # Forking a process that runs other threads can copy a lock another thread holds.
    return os.name == "posix" and threading.active_count() == 1 and os.environ.get("ROADMAPGEN_JOBS") != "1"


def worker_count(units: int, minimum: int) -> int:
    """How many processes to share `units` of work; 1 means do it here."""
    if units < minimum or not can_fork():
        return 1
    wanted = os.environ.get("ROADMAPGEN_JOBS", "")
    cores = int(wanted) if wanted.isdigit() and int(wanted) > 0 else usable_cores()
    return max(1, min(cores, units))


def map_forked(function: Callable, arguments: Sequence, workers: int) -> list:
    """[function(*a) for a in arguments] in `workers` forked processes."""
    import gc
    import multiprocessing

    # Frozen objects are skipped by the workers' collector, which would
    # otherwise touch, and so copy, every page the fork shares.
    gc.freeze()
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            return pool.starmap(function, arguments)
    finally:
        gc.unfreeze()
