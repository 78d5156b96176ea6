"""A build killed at any moment (a real SIGKILL) leaves the previous docs and site whole."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, build, leftovers

pytestmark = pytest.mark.integration  # real builds, MkDocs, processes (tests/markers.py)

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
        assert wait_for_no_process_naming(work) == []  # every process of the build died with it
        if (work / "site").exists() and tree(work / "site") == new["site"]:
            break
    assert ("docs", False) in outcomes  # some kills landed before the new docs were in place
    assert build(work, work / "seeds", *VOCAB) == 0
    assert tree(work / "docs") == new["docs"] and tree(work / "site") == new["site"]
    assert leftovers(work) == []  # what the killed builds left, the next one removed


def processes_naming(text: str) -> dict[int, str]:
    """{pid: command line} of the live processes whose command line holds `text` (a zombie's
    is empty)."""
    found = {}
    for name in os.listdir("/proc"):
        if name.isdigit() and int(name) != os.getpid():
            try:
                cmdline = Path(f"/proc/{name}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            if text in cmdline:
                found[int(name)] = cmdline
    return found


def wait_for_no_process_naming(folder: Path, seconds: float = 10) -> list[str]:
    deadline = time.monotonic() + seconds
    while (alive := processes_naming(str(folder))) and time.monotonic() < deadline:
        time.sleep(0.05)
    for pid in alive:
        os.kill(pid, signal.SIGKILL)
    return sorted(alive.values())


def _shard_started(work: Path, cmdline: str) -> bool:
    """A shard past its first line (it has asked to die with the build): its log exists."""
    return "shard_main" in cmdline and any(p.suffix == ".log" for p in work.glob(".site.*"))


def _pagefind_started(work: Path, cmdline: str) -> bool:
    """Pagefind itself, which our interpreter becomes once it has asked to die with the build."""
    return "--output-path" in cmdline and "die_with_parent" not in cmdline


@pytest.mark.parametrize("started", [_shard_started, _pagefind_started], ids=["in a MkDocs shard", "in Pagefind"])
def test_a_build_killed_in_a_subprocess_leaves_no_process_and_its_folders_go(tmp_path, started):
    """The processes a build starts (MkDocs shards, Pagefind) die with it: else they would
    go on writing into folders beside the site. Their folders are removed by the next build.
    The subprocess is stopped (SIGSTOP) before the build is killed, so it cannot end on its
    own: only being killed with the build ends it."""
    work = tmp_path / "work"
    args = ["--seeds", str(work / "seeds"), "--docs-dir", str(work / "docs"), "--site-dir", str(work / "site"),
            "--cache-dir", str(work / "cache"), "--search", "pagefind", *VOCAB]
    code = ("import sys; import kb.renderers.mkdocs.site; kb.renderers.mkdocs.site.SHARD_FROM = 1; "  # shards even for a small site
            "from kb.cli import main; sys.exit(main(sys.argv[1:]))")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "KB_WORKERS": "2"}
    target = None
    for attempt in range(5):  # the subprocess may come and go between two looks
        corpus(work / "seeds", f"attempt {attempt}", n=30)  # every page changed: nothing kept
        proc = subprocess.Popen([sys.executable, "-c", code, *args], cwd=ROOT, env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while proc.poll() is None and target is None:
            target = next((pid for pid, cmd in processes_naming(str(work)).items() if started(work, cmd)), None)
        if target is not None:
            break
    assert target is not None, "the subprocess was not seen in five builds"
    os.kill(target, signal.SIGSTOP)
    proc.kill()
    proc.wait()
    try:
        assert wait_for_no_process_naming(work, seconds=5) == []
    finally:
        try:
            os.kill(target, signal.SIGKILL)
        except ProcessLookupError:
            pass
    assert any(name.startswith(".site.") for name in leftovers(work))  # the killed build's working folders
    assert build(work, work / "seeds", *VOCAB, "--search", "pagefind") == 0
    assert leftovers(work) == []
    assert (work / "site" / "pagefind").is_dir()
