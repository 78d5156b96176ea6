"""Annotating and rendering on several cores gives exactly what one core gives."""
from __future__ import annotations

import os

from conftest import FIXTURES

import kb.parallel
from kb.cli import generate


def test_parallel_pages_are_byte_identical_to_serial(tmp_path, monkeypatch):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for f in (FIXTURES / "analyst").glob("*.txt"):
        (seeds / f.name).write_bytes(f.read_bytes())
    vocab = FIXTURES / "vocab"
    monkeypatch.setenv("KB_WORKERS", "1")
    serial = generate(seeds, vocab, "https://example.org/kb/", show_progress=False)

    monkeypatch.setattr(kb.parallel, "MIN_ITEMS", 1)
    monkeypatch.setenv("KB_WORKERS", "2")
    seen: list[int] = []
    real_pool = kb.parallel.multiprocessing.get_context("fork").Pool

    def counting_pool(n):  # prove the parallel path really ran
        seen.append(n)
        return real_pool(n)

    monkeypatch.setattr(kb.parallel.multiprocessing.get_context("fork"), "Pool", counting_pool, raising=False)
    parallel = generate(seeds, vocab, "https://example.org/kb/", show_progress=False)
    assert list(parallel.pages) == list(serial.pages)
    assert parallel.pages == serial.pages
    assert seen == [2, 2]  # annotate and render both went through the pool


def test_pmap_keeps_order_and_runs_in_workers(monkeypatch):
    monkeypatch.setattr(kb.parallel, "MIN_ITEMS", 1)
    monkeypatch.setenv("KB_WORKERS", "2")
    items = list(range(500))
    pids = kb.parallel.pmap(lambda i: (i * i, os.getpid()), items)
    assert [p[0] for p in pids] == [i * i for i in items]
    assert os.getpid() not in {p[1] for p in pids}
