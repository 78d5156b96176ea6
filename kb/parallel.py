"""Both cores for the two heavy stages (annotate, render) once a corpus is large enough to pay
for starting workers.

Workers are forked, so they inherit the vocabulary, rules and corpus already in memory rather
than receiving them pickled; only the items and results cross process boundaries. Results come
back in input order, so output stays byte-identical to a serial run.
"""
from __future__ import annotations

import multiprocessing
import os
from typing import Any, Callable, Iterable, Iterator, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")

MIN_ITEMS = 200
"""Below this many items a serial loop is faster than forking workers."""

_TASK: Callable[[Any], Any] | None = None


def _run(item: Any) -> Any:
    assert _TASK is not None
    return _TASK(item)


def workers() -> int:
    """How many processes to use: the cores this process may run on (KB_WORKERS overrides)."""
    if "KB_WORKERS" in os.environ:
        return max(1, int(os.environ["KB_WORKERS"]))
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def pmap(task: Callable[[T], R], items: Sequence[T], progress: Callable[[Iterable[R]], Iterable[R]] | None = None) -> list[R]:
    """`[task(i) for i in items]`, on all cores when there are enough items and fork exists.

    `progress` wraps the result iterator (a tqdm bar, say) so long work shows progress.
    """
    return list(pimap(task, items, progress))


def pimap(task: Callable[[T], R], items: Sequence[T], progress: Callable[[Iterable[R]], Iterable[R]] | None = None) -> Iterator[R]:
    """`pmap`, one result at a time as it comes (in input order), so that a caller can write
    each away rather than hold them all."""
    global _TASK
    wrap = progress or (lambda it: it)
    n = workers()
    if n < 2 or len(items) < MIN_ITEMS or "fork" not in multiprocessing.get_all_start_methods():
        yield from wrap(task(i) for i in items)
        return
    _TASK = task
    try:
        with multiprocessing.get_context("fork").Pool(n) as pool:
            chunk = max(1, min(64, len(items) // (n * 8)))
            yield from wrap(pool.imap(_run, items, chunksize=chunk))
    finally:
        _TASK = None
