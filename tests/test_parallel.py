"""Annotating and rendering on several cores gives exactly what one core gives."""
from __future__ import annotations

import os

import pytest

from conftest import FIXTURES

import kb.output.parallel
import kb.stages.read
from kb.build import BuildSettings, generate


def test_parallel_pages_are_byte_identical_to_serial(tmp_path, monkeypatch):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for f in (FIXTURES / "analyst").glob("*.txt"):
        (seeds / f.name).write_bytes(f.read_bytes())
    vocab = FIXTURES / "vocab"
    monkeypatch.setenv("KB_WORKERS", "1")
    serial = generate(BuildSettings(seeds, vocab, site_url="https://example.org/kb/", show_progress=False))

    monkeypatch.setattr(kb.output.parallel, "MIN_ITEMS", 1)
    monkeypatch.setenv("KB_WORKERS", "2")
    seen: list[int] = []
    real_shared = kb.output.parallel._shared

    def counting(task, chunks, forks):  # prove the parallel path really ran
        seen.append(forks)
        return real_shared(task, chunks, forks)

    monkeypatch.setattr(kb.output.parallel, "_shared", counting)
    parallel = generate(BuildSettings(seeds, vocab, site_url="https://example.org/kb/", show_progress=False))
    assert list(parallel.pages) == list(serial.pages)
    assert parallel.pages == serial.pages
    assert seen == [1, 1, 1]  # read, annotate and render each ran in a worker beside this process


def test_seeds_parsed_on_two_cores_give_the_same_documents_and_report_in_order(tmp_path, monkeypatch):
    """Decoding and parsing run in workers; reading the bytes and asking `known` (the
    annotation cache, which keeps what it was asked) stay in this process; a seed that is not
    a document comes back as its reason, in its place in the report."""
    from kb.rules.language import load_language
    from kb.stages.read import read_all

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for i in range(12):
        (seeds / f"{i:02d}-good.txt").write_text(f"date 2021-03-0{i % 9 + 1}\nHeadline {i}\n\nBody {i}.\n",
                                                  encoding="utf-8")
    (seeds / "03-empty.txt").write_text("  \n\n", encoding="utf-8")
    (seeds / "05-binary.txt").write_bytes(b"\x00\x01\x02binary\xff" * 20)
    (seeds / "07-copy.txt").write_bytes((seeds / "01-good.txt").read_bytes())
    lang = load_language()
    asked: list[str] = []

    def known(source, data):
        asked.append(source)
        return None

    monkeypatch.setenv("KB_WORKERS", "1")
    serial = read_all(seeds, lang, known)
    monkeypatch.setattr(kb.output.parallel, "MIN_ITEMS", 1)
    monkeypatch.setenv("KB_WORKERS", "2")
    pids: list[int] = []
    real_parse = kb.stages.read._parse_or_reason
    both = _BothSides()

    def parse(loaded, lang):
        both.meet()  # this process and the worker each parse one before either goes on
        return real_parse(loaded, lang), os.getpid()

    monkeypatch.setattr(kb.stages.read, "_parse_or_reason", lambda loaded, lang: parse(loaded, lang))
    monkeypatch.setattr(kb.stages.read, "pmap", lambda task, items: [
        r for r, pid in kb.output.parallel.pmap(task, items) if not pids.append(pid)])
    parallel = read_all(seeds, lang, known)
    assert parallel == serial
    assert [e.reason for e in parallel[1]][:3] == ["no text (whitespace only)", serial[1][1].reason,
                                                  "same text as 01-good.txt (duplicate)"]
    assert os.getpid() in pids and len(set(pids)) == 2  # parsed here and in a worker
    assert sorted(asked) == sorted([p.name for p in seeds.iterdir()] * 2)  # every file, here


class _BothSides:
    """Makes the first task this process runs and the first task a worker runs wait for each
    other (two events, set before waiting: neither can wait for ever on the other), so both
    surely take a share however the machine schedules them. A side whose partner never comes
    goes on after WAIT seconds, and the test's assertion on who ran the tasks fails."""

    WAIT = 60

    def __init__(self) -> None:
        import multiprocessing

        ctx = multiprocessing.get_context("fork")
        self.parent = os.getpid()
        self.here, self.worker = ctx.Event(), ctx.Event()

    def meet(self) -> None:
        mine, other = (self.here, self.worker) if os.getpid() == self.parent else (self.worker, self.here)
        if not mine.is_set():
            mine.set()
            other.wait(self.WAIT)


def test_pmap_keeps_order_and_runs_in_workers(monkeypatch):
    monkeypatch.setattr(kb.output.parallel, "MIN_ITEMS", 1)
    monkeypatch.setenv("KB_WORKERS", "2")
    items = list(range(500))
    both = _BothSides()
    pids = kb.output.parallel.pmap(lambda i: (both.meet(), i * i, os.getpid())[1:], items)
    assert [p[0] for p in pids] == [i * i for i in items]
    assert len({p[1] for p in pids}) == 2 and os.getpid() in {p[1] for p in pids}  # this process and one worker


def _square(i):
    return i * i


def test_pmap_balances_and_raises_a_workers_error(monkeypatch):
    import pytest

    monkeypatch.setattr(kb.output.parallel, "MIN_ITEMS", 1)
    monkeypatch.setenv("KB_WORKERS", "3")
    assert kb.output.parallel.pmap(_square, list(range(300))) == [i * i for i in range(300)]

    parent = os.getpid()
    both = _BothSides()

    def fails_in_a_worker(i):
        both.meet()  # a worker surely takes a chunk
        if os.getpid() != parent:
            raise ValueError(f"bad item {i}")
        return _square(i)

    monkeypatch.setenv("KB_WORKERS", "2")
    with pytest.raises(ValueError, match="bad item"):
        kb.output.parallel.pmap(fails_in_a_worker, list(range(300)))


def _pid_and_heap(n):
    heap = [str(i) * 10 for i in range(n)]  # what the child builds stays in the child
    return os.getpid(), len(heap)


def _fails():
    from kb.rules.yamlfile import ConfigError

    raise ConfigError(["v.yml:3: topics: a: no label", "v.yml:9: duplicate id 'b'"])


def test_in_child_returns_the_result_from_another_process_and_raises_its_errors():
    import pytest

    from kb.rules.yamlfile import ConfigError

    pid, size = kb.output.parallel.in_child(_pid_and_heap, 1000)
    assert size == 1000 and pid != os.getpid()
    with pytest.raises(ConfigError) as err:
        kb.output.parallel.in_child(_fails)
    assert err.value.problems == ["v.yml:3: topics: a: no label", "v.yml:9: duplicate id 'b'"]


def _released(released, started) -> bool:
    """Whether this process was let go (rather than given up waiting) once it had started."""
    started.set()
    return released.wait(_BothSides.WAIT)


def test_a_background_task_runs_beside_this_process_and_can_be_cancelled(tmp_path):
    import multiprocessing

    import pytest

    from kb.rules.yamlfile import ConfigError

    ctx = multiprocessing.get_context("fork")
    released, started = ctx.Event(), ctx.Event()
    job = kb.output.parallel.Background(_released, released, started)
    released.set()  # only once the constructor is back: had it waited for the task, the task gave up
    assert job.result() is True
    pid, size = kb.output.parallel.Background(_pid_and_heap, 1000).result()
    assert size == 1000 and pid != os.getpid()
    with pytest.raises(ConfigError):
        kb.output.parallel.Background(_fails).result()
    never, started = ctx.Event(), ctx.Event()
    slow = kb.output.parallel.Background(_released, never, started)
    assert started.wait(_BothSides.WAIT)
    slow.cancel()
    assert slow._child.exitcode == -9  # killed (SIGKILL), not left to finish


@pytest.mark.integration
def test_a_background_result_never_asked_for_does_not_hold_up_the_exit(tmp_path):
    """Its process blocks handing over a result larger than a pipe holds; as a daemon it is
    stopped when the parent ends, which must not wait for it."""
    import subprocess
    import sys

    script = (
        "import sys\n"
        f"sys.path.insert(0, {str(FIXTURES.parent.parent)!r})\n"
        "import kb.output.parallel\n"
        "job = kb.output.parallel.Background(lambda: 'x' * 10_000_000)\n")
    subprocess.run([sys.executable, "-c", script], timeout=30, check=True)


@pytest.mark.integration
def test_a_child_dies_with_its_parent(tmp_path):
    """A build killed outright leaves no child writing on behind it. The child holds the write
    end of a pipe (its standard output): the pipe ends when the last process holding it ends,
    so reading it to the end waits exactly for the child's death."""
    import select
    import signal
    import subprocess
    import sys

    script = (
        "import os, sys, time\n"
        f"sys.path.insert(0, {str(FIXTURES.parent.parent)!r})\n"
        "import kb.output.parallel\n"
        "def task():\n"
        "    print(os.getpid(), flush=True)\n"
        "    time.sleep(600)\n"
        "kb.output.parallel.in_child(task)\n")
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE)
    child = int(parent.stdout.readline())
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    ready, _, _ = select.select([parent.stdout], [], [], 60)
    if not (ready and parent.stdout.read() == b""):
        os.kill(child, signal.SIGKILL)
        raise AssertionError("the child outlived its parent")
