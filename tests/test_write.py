"""Writing: unchanged files untouched, stale generated files removed, others left alone."""
from __future__ import annotations

import shutil

import pytest

from kb.output.write import write_pages


def test_write_is_incremental_and_removes_only_its_own_stale_files(tmp_path):
    (tmp_path / "mine.md").write_text("hand-written", encoding="utf-8")
    first = write_pages(tmp_path, {"a.md": "A", "sub/b.md": "B"})
    assert (first.written, first.unchanged, first.removed) == (2, 0, 0)
    stamp = (tmp_path / "a.md").stat().st_mtime_ns
    second = write_pages(tmp_path, {"a.md": "A"})
    assert (second.written, second.unchanged, second.removed) == (0, 1, 1)
    assert (tmp_path / "a.md").stat().st_mtime_ns == stamp
    assert not (tmp_path / "sub").exists()
    assert (tmp_path / "mine.md").read_text(encoding="utf-8") == "hand-written"


@pytest.mark.parametrize("pages", [{"../x.md": "x"}, {"/etc/x.md": "x"}, {"A.md": "1", "a.md": "2"}])
def test_refuses_paths_outside_and_two_pages_on_one_path(tmp_path, pages):
    with pytest.raises(ValueError):
        write_pages(tmp_path / "docs", pages)
    assert not (tmp_path / "docs").exists()


def test_a_failure_half_way_leaves_the_previous_docs_whole(tmp_path, monkeypatch):
    import kb.output.write as write

    docs = tmp_path / "docs"
    write_pages(docs, {"a.md": "A1", "b.md": "B1", "c.md": "C1"})
    before = {p.name: p.read_text(encoding="utf-8") for p in docs.iterdir()}
    calls = []
    real = write._put

    def failing(path, data, made):
        calls.append(path)
        if len(calls) == 2:
            raise OSError("disk full")
        real(path, data, made)

    monkeypatch.setattr(write, "_put", failing)
    with pytest.raises(OSError):
        write_pages(docs, {"a.md": "A2", "b.md": "B2", "d.md": "D2"})
    assert {p.name: p.read_text(encoding="utf-8") for p in docs.iterdir()} == before
    assert [p.name for p in tmp_path.iterdir()] == ["docs"]  # no staging folder left behind


def test_pages_streamed_as_rendered_are_written_alike_and_a_failure_mid_stream_loses_nothing(tmp_path):
    """build_site.py hands write_pages a generator that renders each page as it is asked for."""
    pages = {"a.md": "A", "sub/b.md": b"B", "c.md": "C"}
    write_pages(tmp_path / "as-dict", pages)
    stats = write_pages(tmp_path / "as-stream", iter(pages.items()))
    assert stats.written == 3
    for rel in pages:
        assert (tmp_path / "as-stream" / rel).read_bytes() == (tmp_path / "as-dict" / rel).read_bytes()
    assert (tmp_path / "as-stream" / ".kb-manifest.json").read_bytes() == \
        (tmp_path / "as-dict" / ".kb-manifest.json").read_bytes()

    def failing():
        yield "a.md", "A2"
        yield "d.md", "D"
        raise RuntimeError("a template failed")

    with pytest.raises(RuntimeError):
        write_pages(tmp_path / "as-stream", failing())
    assert (tmp_path / "as-stream" / "a.md").read_text(encoding="utf-8") == "A"
    assert not (tmp_path / "as-stream" / "d.md").exists()
    with pytest.raises(ValueError, match="two pages on one path"):
        write_pages(tmp_path / "as-stream", iter([("x.md", "1"), ("X.md", "2")]))
    assert not (tmp_path / "as-stream" / "x.md").exists()


def test_an_interrupted_swap_is_recovered(tmp_path):
    docs = tmp_path / "docs"
    write_pages(docs, {"a.md": "A1"})
    docs.rename(tmp_path / "docs.old")  # killed between the two renames
    stats = write_pages(docs, {"a.md": "A1"})
    assert stats.unchanged == 1 and (docs / "a.md").read_text(encoding="utf-8") == "A1"


def test_a_stage_linked_in_the_background_writes_alike_and_through_no_link(tmp_path):
    """The build starts the stage first (write.Stage.start): the current files are linked into
    it by another process while it renders. A changed page must become a new file: written
    through its link, it would change the old docs before the swap."""
    from kb.output.write import Stage

    docs = tmp_path / "docs"
    write_pages(docs, {"a.md": "A", "sub/b.md": "B", "c.md": "C"})
    (docs / "mine.md").write_text("hand-written", encoding="utf-8")
    (docs / "empty").mkdir()
    inode = (docs / "a.md").stat().st_ino
    stage = Stage.start(docs)
    old_c = (docs / "c.md").stat().st_ino
    stats = write_pages(docs, {"a.md": "A", "c.md": "C2", "d.md": "D"}, stage=stage)
    assert (stats.written, stats.unchanged, stats.removed) == (2, 1, 1)
    assert (docs / "a.md").stat().st_ino == inode  # unchanged: the same file
    assert (docs / "c.md").read_text(encoding="utf-8") == "C2" and (docs / "c.md").stat().st_ino != old_c
    assert (docs / "mine.md").read_text(encoding="utf-8") == "hand-written"
    assert not (docs / "sub").exists() and not (docs / "empty").exists()

    assert stats.set_aside is not None and (stats.set_aside / "c.md").read_text(encoding="utf-8") == "C"
    shutil.rmtree(stats.set_aside)  # the caller's to remove: its stage held the old tree
    assert sorted(p.name for p in tmp_path.iterdir()) == ["docs"]

    stage = Stage.start(docs)
    with pytest.raises(RuntimeError):
        write_pages(docs, _failing_after({"c.md": "C3"}), stage=stage)
    assert (docs / "c.md").read_text(encoding="utf-8") == "C2"  # the old tree, untouched
    assert sorted(p.name for p in tmp_path.iterdir()) == ["docs"]


def _failing_after(pages):
    yield from pages.items()
    raise RuntimeError("a template failed")


def test_kept_pages_and_keys_and_an_older_manifest(tmp_path):
    import json

    from kb.model import KEEP
    from kb.output.write import MANIFEST, kept_keys

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "old.md").write_text("from an older build", encoding="utf-8")
    (docs / "a.md").write_text("A", encoding="utf-8")
    (docs / MANIFEST).write_text(json.dumps(["old.md", "a.md"]), encoding="utf-8")  # list-shaped, no keys
    assert kept_keys(docs) == {}
    write_pages(docs, {"a.md": "A", "b.md": "B"}, keys={"a.md": "k1", "b.md": "k2"})
    assert not (docs / "old.md").exists()  # generated before, by the older manifest
    assert kept_keys(docs) == {"a.md": "k1", "b.md": "k2"}
    stamp = (docs / "a.md").stat().st_mtime_ns
    stats = write_pages(docs, {"a.md": KEEP, "b.md": "B2"}, keys={"a.md": "k1", "b.md": "k3"})
    assert (stats.written, stats.unchanged) == (1, 1)
    assert (docs / "a.md").read_text(encoding="utf-8") == "A" and (docs / "a.md").stat().st_mtime_ns == stamp
    (docs / "b.md").unlink()
    assert kept_keys(docs) == {"a.md": "k1"}  # a file gone has no key: it is rendered again
    (docs / "a.md").unlink()
    with pytest.raises(FileNotFoundError):
        write_pages(docs, {"a.md": KEEP})


@pytest.mark.integration
def test_sweep_removes_only_what_a_process_now_gone_left(tmp_path):
    import os
    import subprocess
    import sys

    from kb.output.write import scratch_folder, sweep

    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True, check=True)
    dead = int(gone.stdout)  # ended, and reaped: no process has its ID (until the system reuses it)
    (tmp_path / f".site.{dead}-abc").mkdir()
    (tmp_path / f".site.{dead}-abc" / "index.html").write_text("x", encoding="utf-8")
    (tmp_path / f".site.{dead}-abc.log").write_text("x", encoding="utf-8")
    mine = scratch_folder(tmp_path, ".site.")
    assert mine.name.startswith(f".site.{os.getpid()}-")
    for name in (".site.old-abc", ".site.abc", f".docs.new-{dead}-abc", "site"):  # not ours, or another prefix
        (tmp_path / name).mkdir()
    assert sweep(tmp_path, ".site.") == [f".site.{dead}-abc", f".site.{dead}-abc.log"]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [mine.name, ".site.old-abc", ".site.abc", f".docs.new-{dead}-abc", "site"])


@pytest.fixture
def umask_022():
    import os

    old = os.umask(0o022)
    yield
    os.umask(old)


def test_what_the_build_writes_has_the_modes_a_web_server_can_read(tmp_path, umask_022):
    """Under umask 022 the docs folder, its folders, pages and manifest are 0755 and 0644 (not
    mkdtemp's and mkstemp's 0700 and 0600, which another user's web server cannot read)."""
    import os
    import stat

    from kb.output.write import MANIFEST, atomic_write

    write_pages(tmp_path / "docs", {"a.md": "A", "sub/b.md": "B"})
    write_pages(tmp_path / "docs", {"a.md": "A2", "sub/b.md": "B", "new/c.md": "C"})  # swapped in again
    modes = {p.relative_to(tmp_path).as_posix(): stat.S_IMODE(p.stat().st_mode)
             for p in [tmp_path / "docs", *(tmp_path / "docs").rglob("*")]}
    assert modes == {"docs": 0o755, "docs/a.md": 0o644, "docs/sub": 0o755, "docs/sub/b.md": 0o644,
                     "docs/new": 0o755, "docs/new/c.md": 0o644, f"docs/{MANIFEST}": 0o644}
    atomic_write(tmp_path / "new.txt", b"x")
    assert stat.S_IMODE(os.stat(tmp_path / "new.txt").st_mode) == 0o644


@pytest.mark.parametrize("mode", [0o644, 0o664, 0o600])
def test_a_replaced_file_keeps_its_mode(tmp_path, mode):
    import stat

    from kb.output.write import atomic_write

    path = tmp_path / "ledger.yml"
    path.write_bytes(b"old")
    path.chmod(mode)
    atomic_write(path, b"new")
    assert path.read_bytes() == b"new" and stat.S_IMODE(path.stat().st_mode) == mode


def test_a_read_only_file_is_not_replaced(tmp_path):
    """0444 says "do not write", also to a build run as root, which could replace it."""
    from kb.output.write import atomic_write

    path = tmp_path / "ledger.yml"
    path.write_bytes(b"old")
    path.chmod(0o444)
    with pytest.raises(PermissionError) as info:
        atomic_write(path, b"new")
    assert info.value.strerror == "Permission denied (the file is read-only)"
    assert path.read_bytes() == b"old" and sorted(p.name for p in tmp_path.iterdir()) == ["ledger.yml"]


def test_an_old_site_that_cannot_be_removed_is_named(tmp_path, monkeypatch):
    import errno

    from kb.renderers.mkdocs import site

    (tmp_path / ".site.old-7").mkdir()
    (tmp_path / ".site.old-8").mkdir()

    def stuck(path, onerror):  # what rmtree does where a folder cannot be removed
        if path.name.endswith("7"):
            onerror(None, str(path), (PermissionError, PermissionError(errno.EACCES, "Permission denied"), None))
        else:
            path.rmdir()

    monkeypatch.setattr(site.shutil, "rmtree", stuck)
    assert site.remove_old_sites(tmp_path / "site") == [(".site.old-7", "Permission denied")]
    assert [p.name for p in tmp_path.iterdir()] == [".site.old-7"]
