"""Writing: unchanged files untouched, stale generated files removed, others left alone."""
from __future__ import annotations

import pytest

from kb.write import write_pages


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
