"""A build killed at any moment (a real SIGKILL) leaves the previous docs and site whole."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import FIXTURES, ROOT, build

VOCAB = ("--vocabulary", str(FIXTURES / "vocab"))


def corpus(seeds: Path, version: str, n: int = 80) -> None:
    seeds.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (seeds / f"doc{i:03}.txt").write_text(
            f"date 2021-03-{1 + i % 28:02}\nTalks Number {i} Version {version}\n\n"
            f"Xi Jinping said on Monday that trade and economic cooperation grew ({version}).\n\n"
            "They promoted the alignment of the Belt and Road Initiative with the EAEU, Putin said.",
            encoding="utf-8")


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_sigkill_at_any_moment_leaves_old_or_new_whole(tmp_path):
    old_ws, new_ws = tmp_path / "old", tmp_path / "new"
    corpus(old_ws / "seeds", "one")
    assert build(old_ws, old_ws / "seeds", *VOCAB) == 0
    shutil.copytree(old_ws, new_ws)
    corpus(new_ws / "seeds", "two")
    assert build(new_ws, new_ws / "seeds", *VOCAB) == 0
    old = {"docs": tree(old_ws / "docs"), "site": tree(old_ws / "site")}
    new = {"docs": tree(new_ws / "docs"), "site": tree(new_ws / "site")}

    start = time.perf_counter()
    assert build(tmp_path / "timing", new_ws / "seeds", *VOCAB) == 0
    duration = time.perf_counter() - start
    work = tmp_path / "work"
    shutil.copytree(old_ws, work)
    corpus(work / "seeds", "two")
    outcomes = set()
    for step in range(8):
        delay = duration * (0.05 + 0.15 * step)
        proc = subprocess.Popen(
            [sys.executable, str(ROOT / "build_site.py"), "--seeds", str(work / "seeds"),
             "--docs-dir", str(work / "docs"), "--site-dir", str(work / "site"),
             "--cache-dir", str(work / "cache"), *VOCAB],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        for part in ("docs", "site"):
            now = tree(work / part)
            assert now in (old[part], new[part]), f"{part} mixed after a kill at {delay:.2f} s"
            outcomes.add((part, now == new[part]))
        leftovers = [p.name for p in work.iterdir() if p.name.startswith(".")]
        for name in leftovers:  # a killed build may leave its staging folder; the next one is unaffected
            shutil.rmtree(work / name)
        if (work / "site").exists() and tree(work / "site") == new["site"]:
            break
    assert ("docs", False) in outcomes  # some kills landed before the new docs were in place
    assert build(work, work / "seeds", *VOCAB) == 0
    assert tree(work / "docs") == new["docs"] and tree(work / "site") == new["site"]
