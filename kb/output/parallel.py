"""Both cores for the two heavy stages (annotate, render) once a corpus is large enough to pay
for starting workers.

Workers are forked, so they inherit the vocabulary, rules and corpus already in memory rather
than receiving them pickled; only the items and results cross process boundaries. Results come
back in input order, so output stays byte-identical to a serial run. A `Background` task uses
the other core for one piece of work the build does not need yet (staging the docs folder,
the pages' keys, removing the old docs tree).
"""
from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import time
from pathlib import Path
from typing import Any, Callable, Generic, Iterable, Iterator, Sequence, TypeVar

ROOT = Path(__file__).resolve().parents[2]

T = TypeVar("T")
R = TypeVar("R")

MIN_ITEMS = 200
"""Below this many items a serial loop is faster than forking workers."""

CHUNK_MAX = 16
"""The most items a process takes at once. A chunk's results are held whole (and pickled whole,
by a worker) until they are handed over, and a topic's year page of a large corpus is
megabytes: larger chunks raise the build's peak memory (BENCHMARKS.md). Each chunk more costs
a lock and one write to a pipe."""


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
    each away rather than hold them all.

    With n processes this one forks n - 1 workers and works beside them: each takes the next
    chunk from a shared counter, so the load balances itself (this process also does what the
    caller does with each result, such as writing it). Every fork ends up copying most of the
    heap it inherits (touching an object writes its reference count): a pool of n workers
    beside an idle parent held one copy of the corpus more."""
    wrap = progress or (lambda it: it)
    n = workers()
    if n < 2 or len(items) < MIN_ITEMS or "fork" not in multiprocessing.get_all_start_methods():
        yield from wrap(task(i) for i in items)
        return
    size = max(1, min(CHUNK_MAX, len(items) // (n * 8)))
    chunks = [items[i:i + size] for i in range(0, len(items), size)]
    yield from wrap(_shared(task, chunks, n - 1))


def _shared(task: Callable[[T], R], chunks: list[Sequence[T]], forks: int) -> Iterator[R]:
    ctx = multiprocessing.get_context("fork")
    counter = ctx.Value("i", 0)
    results = ctx.SimpleQueue()

    def take() -> int:
        with counter.get_lock():
            j = counter.value
            counter.value += 1
        return j

    parent = os.getpid()

    def work() -> None:
        die_with_parent(parent)
        while (j := take()) < len(chunks):
            try:
                results.put((j, True, [task(i) for i in chunks[j]]))
            except BaseException as exc:  # handed to the parent, which raises it
                results.put((j, False, exc))
                return

    done: dict[int, list[R]] = {}

    def receive() -> None:
        k, ok, value = results.get()
        if not ok:
            raise value
        done[k] = value

    procs = [ctx.Process(target=work, daemon=True) for _ in range(forks)]
    for proc in procs:
        proc.start()
    try:
        for j in range(len(chunks)):
            while j not in done:
                if not results.empty():
                    receive()
                elif (mine := take()) < len(chunks):
                    out = []
                    for item in chunks[mine]:
                        out.append(task(item))
                        # A pipe holds 64 KB: a worker putting its chunk's results waits until
                        # they are read, so they are read between this process's own items, not
                        # after its whole chunk (else the workers stall on a full pipe).
                        while not results.empty():
                            receive()
                    done[mine] = out
                elif not any(proc.is_alive() for proc in procs) and results.empty():
                    raise RuntimeError(f"a worker process died (exit code {[p.exitcode for p in procs]})")
                else:
                    time.sleep(0.001)
            yield from done.pop(j)
    finally:
        with counter.get_lock():
            counter.value = len(chunks)  # no worker takes another chunk
        for proc in procs:
            proc.join(timeout=1)
            if proc.is_alive():
                proc.kill()
                proc.join()


def die_with_parent(parent: int | None = None) -> None:
    """Ask Linux to kill this process when its parent dies (prctl PR_SET_PDEATHSIG), so a
    build killed outright leaves no orphan writing on. `parent`: the PID this process was
    started by; if that one already died (before the request was made), end at once."""
    if not sys.platform.startswith("linux"):
        return
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if parent is not None and os.getppid() != parent:
        os._exit(1)


def python_command(code: str, *args: str) -> tuple[list[str], dict[str, str]]:
    """The command line and environment of a fresh interpreter running `code` with `args`
    (the `kb` package importable), which dies with this process: a MkDocs shard or Pagefind
    left running by a killed build would go on writing into a folder the next build removes.
    (A fresh interpreter rather than a fork: a fork starts with whatever this process holds,
    which reference counting copies page by page as the child touches it.)"""
    prelude = f"from kb.output.parallel import die_with_parent; die_with_parent({os.getpid()}); "
    path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    return [sys.executable, "-c", prelude + code, *args], {**os.environ, "PYTHONPATH": path}


def release_freed_memory() -> None:
    """Hand the memory of freed objects back to the system (glibc's malloc_trim). glibc keeps
    freed blocks for reuse, and the pages stay resident, in this process and in every worker
    forked from it later; after reading and annotating (file bytes, pickled annotations) they
    would be carried into rendering, the build's peak."""
    if not sys.platform.startswith("linux"):
        return
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):  # not glibc
        pass


class Background(Generic[R]):
    """`task(*args)` running in a forked process while this one goes on; `result()` waits for
    it and hands back its value (or raises its exception). Where fork does not exist the task
    runs at once, here.

    A `daemon` task is stopped when this process ends without asking for its result (a
    strict build that found report entries never renders, so never asks for the keys): else
    its process, blocked handing over a result nobody reads, would hold up this one's exit
    for ever. A task that forks processes of its own cannot be a daemon."""

    def __init__(self, task: Callable[..., R], *args: Any, daemon: bool = True):
        self._outcome: tuple[bool, Any] | None = None
        self._child: Any = None
        if "fork" not in multiprocessing.get_all_start_methods():
            self._outcome = _outcome(task, args)
            return
        ctx = multiprocessing.get_context("fork")
        self._receive, send = ctx.Pipe(duplex=False)
        parent = os.getpid()

        def run() -> None:
            die_with_parent(parent)
            send.send(_outcome(task, args))

        self._child = ctx.Process(target=run, daemon=daemon)
        self._child.start()
        send.close()

    def result(self) -> R:
        if self._outcome is None:
            try:
                self._outcome = self._receive.recv()
            except EOFError:
                self._child.join()
                raise RuntimeError(f"a worker process ended without a result (exit code {self._child.exitcode})") from None
            self._child.join()
        ok, value = self._outcome
        if not ok:
            raise value
        return value

    def cancel(self) -> None:
        """Stop the task if it still runs (its result is not wanted)."""
        if self._outcome is None and self._child is not None and self._child.is_alive():
            self._child.kill()
        if self._child is not None:
            self._child.join()


def _outcome(task: Callable[..., R], args: tuple[Any, ...]) -> tuple[bool, Any]:
    try:
        return True, task(*args)
    except BaseException as exc:  # handed to the parent, which raises it
        return False, exc


def in_child(task: Callable[..., R], *args: Any) -> R:
    """`task(*args)` in a forked process, its result (or its exception) sent back pickled.

    For a stage that builds a large heap and then hands over to other processes: the memory
    the child held is the system's again when it ends, where the build process, once done
    with it, would have kept most of it to the end (freed Python objects rarely give whole
    pages back). Where fork does not exist the task runs here."""
    return Background(task, *args, daemon=False).result()  # it forks workers of its own
