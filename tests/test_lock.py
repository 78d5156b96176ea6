"""One build at a time per project folder (kb/output/lock.py): a second build waits for the first, with
a line saying so, or with --no-wait exits 3 with a message; never a traceback. A lock left by a
killed build never blocks the next one. Builds are ordered with a lock the test holds, never by
sleeping."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, build
from sitecheck import broken_links

from kb.cli import BUSY
from kb.output.lock import LOCK_NAME, BuildLock, Busy, folders_of

pytestmark = pytest.mark.integration  # real builds, MkDocs, processes (tests/markers.py)

VOCAB = ("--vocabulary", str(FIXTURES / "vocab"))


def _seeds(tmp: Path) -> Path:
    seeds = tmp / "seeds"
    shutil.copytree(FIXTURES / "analyst", seeds)
    return seeds


def _start(tmp: Path, seeds: Path, *extra: str) -> subprocess.Popen:
    """A real build, as `./run site` runs it, writing docs, site and cache in `tmp`."""
    return subprocess.Popen(
        [sys.executable, str(ROOT / "build_site.py"), "--seeds", str(seeds), "--docs-dir", str(tmp / "docs"),
         "--site-dir", str(tmp / "site"), "--cache-dir", str(tmp / "cache"), *VOCAB, *extra],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _read_until(proc: subprocess.Popen, text: str) -> list[str]:
    """Lines of the build's stderr up to the one holding `text` (a build prints it before it
    blocks); fails if the build ends without printing it."""
    lines = []
    while True:
        line = proc.stderr.readline()
        assert line, f"the build ended without saying {text!r}: {lines}"
        lines.append(line)
        if text in line:
            return lines


def _site_is_whole(tmp: Path, documents: int) -> None:
    site = tmp / "site"
    assert broken_links(site) == []
    data = json.loads((site / "data" / "kb.json").read_text(encoding="utf-8"))
    assert len(data["documents"]) == documents


def test_two_builds_started_at_once_build_in_turn_and_the_last_site_is_whole(tmp_path):
    seeds = _seeds(tmp_path)
    n = len(list(seeds.glob("*.txt")))
    with BuildLock.take([tmp_path], say=pytest.fail):  # held here: both builds must wait for it
        builds = [_start(tmp_path, seeds) for _ in range(2)]
        waited = [_read_until(p, "waiting for another build in this folder") for p in builds]
    for lines in waited:
        assert f"waiting for another build in this folder (pid {os.getpid()}) ..." in lines[-1]
    for proc, lines in zip(builds, waited):
        out, rest = proc.communicate()
        err = "".join(lines) + rest
        assert proc.returncode == 0, err
        assert "Traceback" not in err and f"Built {n} documents" in out
    _site_is_whole(tmp_path, n)


def test_two_builds_started_at_once_with_nothing_to_order_them_both_succeed(tmp_path):
    seeds = _seeds(tmp_path)
    builds = [_start(tmp_path, seeds) for _ in range(2)]
    for proc in builds:
        out, err = proc.communicate()
        assert proc.returncode == 0, err
        assert "Traceback" not in err
    _site_is_whole(tmp_path, len(list(seeds.glob("*.txt"))))


def test_no_wait_exits_with_its_code_and_a_message_and_writes_nothing(tmp_path):
    seeds = _seeds(tmp_path)
    with BuildLock.take([tmp_path]):
        proc = _start(tmp_path, seeds, "--no-wait")
        out, err = proc.communicate()
    assert proc.returncode == BUSY == 3
    assert err == (f"error: another build is running in this folder (pid {os.getpid()}): {tmp_path.resolve()}; "
                   "nothing done (--no-wait)\n")
    assert not (tmp_path / "docs").exists() and not (tmp_path / "site").exists()
    assert build(tmp_path, seeds, *VOCAB, "--no-wait") == 0  # free again: it builds


def test_rename_takes_the_lock_too(tmp_path, capsys):
    seeds = _seeds(tmp_path)
    assert build(tmp_path, seeds, *VOCAB) == 0
    ledger = (seeds / "ledger.yml").read_text(encoding="utf-8")
    slug = json.loads((tmp_path / "site" / "data" / "kb.json").read_text(encoding="utf-8"))["documents"][0]["id"]
    with BuildLock.take([tmp_path]):
        assert build(tmp_path, seeds, "rename", slug, "a-new-slug", "--no-wait") == BUSY
    assert (seeds / "ledger.yml").read_text(encoding="utf-8") == ledger
    assert "another build is running in this folder" in capsys.readouterr().err


def test_a_lock_held_by_a_killed_process_does_not_block_the_next_build(tmp_path):
    seeds = _seeds(tmp_path)
    holder = subprocess.Popen(  # takes the lock, says so, then waits for input that never comes
        [sys.executable, "-c", "import sys; from pathlib import Path; from kb.output.lock import BuildLock; "
         "lock = BuildLock.take([Path(sys.argv[1])]); print('held', flush=True); sys.stdin.read()", str(tmp_path)],
        cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "held\n"
        with pytest.raises(Busy) as busy:
            BuildLock.take([tmp_path], wait=False)
        assert busy.value.pid == holder.pid
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    assert (tmp_path / LOCK_NAME).read_text(encoding="ascii") == f"{holder.pid}\n"  # the file stays
    assert build(tmp_path, seeds, *VOCAB, "--no-wait") == 0
    _site_is_whole(tmp_path, len(list(seeds.glob("*.txt"))))


def test_a_build_locks_the_folders_of_its_docs_and_site_in_one_order(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    assert folders_of(b / "docs", a / "site") == [a, b]
    assert folders_of(tmp_path / "docs", tmp_path / "site") == [tmp_path]
    with BuildLock.take(folders_of(b / "docs", a / "site")):  # the site's folder alone is enough to wait
        with pytest.raises(Busy):
            BuildLock.take(folders_of(tmp_path / "0" / "docs", a / "site"), wait=False)  # "0" first, then a
        BuildLock.take([tmp_path / "0"], wait=False).release()  # what it took before a busy one, it let go


def test_serve_holds_the_lock_through_each_rebuild(tmp_path, monkeypatch):
    import kb.renderers.mkdocs.hook as hook

    seeds = _seeds(tmp_path)
    from kb.build import BuildSettings, Rebuild

    monkeypatch.setattr(hook.plugin, "rebuild", Rebuild(BuildSettings(
        seeds, FIXTURES / "vocab", docs_dir=tmp_path / "docs", site_dir=tmp_path / "site", cache_dir=tmp_path / "cache",
        config=ROOT / "mkdocs.yml")))
    monkeypatch.setattr(hook.plugin, "command", "serve")
    for end in (lambda: hook.on_post_build(None), lambda: hook.on_build_error(RuntimeError("a page failed"))):
        hook.on_config(None)  # a build starts
        hook.on_pre_build(None)  # regenerates the docs folder, then MkDocs reads it: locked meanwhile
        assert (tmp_path / "docs" / "index.md").is_file()
        with pytest.raises(Busy):
            BuildLock.take([tmp_path], wait=False)
        end()
        BuildLock.take([tmp_path], wait=False).release()  # released when the rebuild ends, or fails
