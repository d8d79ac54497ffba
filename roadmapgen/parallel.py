"""Work spread over the machine's cores by forked worker processes, for the
two steps that grow with the site: parsing and rendering. Small sites, and
processes that run other threads (`serve`), do the work in one process."""

from __future__ import annotations

import os
import threading
from typing import Callable, Sequence

# Below these, starting workers costs more than it saves.
MIN_PARALLEL_JOBS = 250
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


# The renderer and its jobs, for the forked workers to find: a job is a
# closure, which pickle cannot send, but a fork copies.
_RENDERING: tuple[object, Sequence[Callable[[], None]]] | None = None


def run_jobs(renderer, jobs: Sequence[Callable[[], None]]) -> dict[str, bytes]:
    """Run render jobs, each of which adds pages to `renderer.files`; returns
    the pages made in other processes (those made here are already there)."""
    global _RENDERING
    if renderer.page_memo:
        jobs = _jobs_not_in_memo(renderer, jobs)
    workers = worker_count(len(jobs), MIN_PARALLEL_JOBS)
    if workers > 1:
        _RENDERING = (renderer, jobs)
        try:
            renderer.load_templates()  # once, here, rather than once in every worker
            chunks = [(list(range(start, len(jobs), workers * CHUNKS_PER_WORKER)),)
                      for start in range(workers * CHUNKS_PER_WORKER)]
            made = map_forked(_render_chunk, chunks, workers)
        except Exception:  # noqa: BLE001 - rendered again below, where the error shows with its template line
            made = None
        finally:
            _RENDERING = None
        if made is not None:
            for _, memo_used in made:
                renderer.memo_used.update(memo_used)
            return {path: page for files, _ in made for path, page in files.items()}
    for job in jobs:
        job()
    return {}


def _jobs_not_in_memo(renderer, jobs: Sequence[Callable[[], None]]) -> list[Callable[[], None]]:
    """Runs every job whose pages all come from the page memo, here, and
    returns the others. After an edit most pages are in the memo: taking them
    costs less than starting workers that would send them back."""
    from roadmapgen.render import NeedsRendering

    left = []
    renderer.memo_only = True
    try:
        for job in jobs:
            try:
                job()
            except NeedsRendering:
                left.append(job)  # run again whole: its pages taken so far are taken again
    finally:
        renderer.memo_only = False
    return left


def _render_chunk(indices: list[int]) -> tuple[dict[str, bytes], dict[bytes, bytes]]:
    """The pages made, and the page memo entries used (roadmapgen.render)."""
    renderer, jobs = _RENDERING
    # Only this chunk's: a worker runs several, and what an earlier one
    # returned would be sent (and held by the parent) again.
    renderer.files, renderer.memo_used = {}, {}
    for index in indices:
        jobs[index]()
    return renderer.files, renderer.memo_used
