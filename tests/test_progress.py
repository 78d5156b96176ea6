"""Long work shows progress: on a terminal, the build draws progress bars for annotation,
rendering and MkDocs's two passes (and stays quiet when its output is a file or a pipe)."""
from __future__ import annotations

import fcntl
import os
import pty
import shutil
import struct
import subprocess
import sys
import termios

import pytest

from conftest import FIXTURES, ROOT


def _build_args(tmp) -> list[str]:
    return [sys.executable, str(ROOT / "build_site.py"), "--seeds", str(tmp / "seeds"), "--docs-dir",
            str(tmp / "docs"), "--site-dir", str(tmp / "site"), "--vocabulary", str(FIXTURES / "vocab"),
            "--cache-dir", str(tmp / "cache")]


def test_a_terminal_sees_progress_bars(tmp_path):
    shutil.copytree(FIXTURES / "analyst", tmp_path / "seeds")
    pid, fd = pty.fork()
    if pid == 0:  # the child: a terminal of 120 columns, as a reader's would be
        try:
            fcntl.ioctl(1, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
            os.execv(sys.executable, _build_args(tmp_path))
        finally:
            os._exit(127)  # never return into the test runner
    out = b""
    while True:
        try:
            data = os.read(fd, 65536)
        except OSError:
            break
        if not data:
            break
        out += data
    _, status = os.waitpid(pid, 0)
    text = out.decode("utf-8", "replace")
    assert os.waitstatus_to_exitcode(status) == 0, text[-2000:]
    for bar in ("annotate", "render", "mkdocs: convert", "mkdocs: write"):
        assert f"{bar}:" in text, (bar, text[-2000:])


@pytest.mark.integration
def test_a_pipe_gets_no_progress_bars(tmp_path):
    shutil.copytree(FIXTURES / "analyst", tmp_path / "seeds")
    done = subprocess.run(_build_args(tmp_path), capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "mkdocs: convert" not in done.stderr + done.stdout and "\r" not in done.stderr
