"""One build at a time per project folder.

Two builds that write the same docs/ and site/ (a `./run site` while `./run serve` rebuilds)
would each swap in their own tree and remove the other's working folders half way. So every
build holds a lock while it runs: `fcntl.flock` on a file, `LOCK_NAME`, in each folder that
holds what it writes (the folders of docs/ and site/; the cache folder would not do: two builds
with different caches still write the same docs). The lock is on the open file, not on the
file's existence, so the kernel releases it when its process ends however it ends: a build
killed outright never blocks the next one, and the file itself stays (removing it would let a
third build lock a new file while a second still holds the old one). The file holds the ID of
the process that last took the lock, for the message of the one that waits.
"""
from __future__ import annotations

import dataclasses
import fcntl
import os
import sys
from pathlib import Path
from typing import Callable, Iterable

LOCK_NAME = ".kb-build.lock"


class Busy(Exception):
    """Another build holds the lock of `folder`, and the caller would not wait."""

    def __init__(self, folder: Path, pid: int | None):
        super().__init__(f"another build is running in this folder{_pid(pid)}: {folder}")
        self.folder = folder
        self.pid = pid


def _pid(pid: int | None) -> str:
    return f" (pid {pid})" if pid else ""


def _say(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def folders_of(*outputs: Path) -> list[Path]:
    """The folders whose locks a build writing `outputs` (folders such as docs/ and site/)
    takes: the folder each lies in, each once, sorted, so that two builds take them in the
    same order and never each hold one the other waits for."""
    return sorted({out.resolve().parent for out in outputs})


@dataclasses.dataclass
class BuildLock:
    """The locks a build holds: open lock files, each locked (flock) by this process."""

    fds: list[int] = dataclasses.field(default_factory=list)

    @classmethod
    def take(cls, folders: Iterable[Path], wait: bool = True, say: Callable[[str], None] = _say) -> BuildLock:
        """Lock every folder, in order. When another build holds one: with `wait`, say so in
        one line and wait for it; else raise Busy (holding nothing). OSError when a lock file
        cannot be made."""
        lock = cls()
        try:
            for folder in folders:
                folder.mkdir(parents=True, exist_ok=True)
                fd = os.open(folder / LOCK_NAME, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
                lock.fds.append(fd)
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    if not wait:
                        raise Busy(folder, _holder(fd)) from None
                    say(f"waiting for another build in this folder{_pid(_holder(fd))} ... ({folder})")
                    fcntl.flock(fd, fcntl.LOCK_EX)
                os.ftruncate(fd, 0)
                os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        except BaseException:
            lock.release()
            raise
        return lock

    def release(self) -> None:
        """Unlock and close every lock file (closing alone would do: it is explicit here)."""
        for fd in reversed(self.fds):
            try:
                fcntl.flock(fd, fcntl.LOCK_UN)
            finally:
                os.close(fd)
        self.fds = []

    def __enter__(self) -> BuildLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def _holder(fd: int) -> int | None:
    """The process ID the lock's holder wrote, if it did yet."""
    try:
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None
