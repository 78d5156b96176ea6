"""Write: generated pages into the docs folder, and the built site into place, atomically.

Only pages whose bytes changed are written (unchanged ones keep their inode and mtime, so
watchers see real changes only); files that a previous build generated and this one did not
are removed, using a manifest, so no stale page of a removed seed survives. Both the docs and
the site folder are staged beside the old one and swapped in whole: a build that fails or is
killed half-way leaves the previous ones as they were. The docs folder's stage holds, from the
start of the build, a hard link to every current file (`Stage`), so writing only replaces
what changed.
"""
from __future__ import annotations

import ctypes
import errno
import json
import os
import shutil
import stat
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping

from kb.model import KEEP
from kb.output.parallel import Background

MANIFEST = ".kb-manifest.json"
"""The files the last build generated in the docs folder, each with the key of its inputs
(render.page_keys; empty for pages rendered every time)."""


@dataclass(frozen=True)
class WriteStats:
    """What a write did, for the build summary."""

    written: int
    unchanged: int
    removed: int
    set_aside: Path | None = None
    """The previous docs tree, when the caller's stage was swapped in: the caller removes it
    (the build does so while MkDocs runs; on 10,000 documents it is tens of thousands of files)."""


def atomic_write(path: Path, data: bytes) -> None:
    """Write through a temporary file in the same folder, then rename over the target. A new
    file gets the mode any program's file gets (0666 less the umask), so a web server running
    as another user reads it; a file replaced keeps its own mode (a ledger shared with a group
    stays so). A file its user cannot write, or whose mode gives no one the right to (0444),
    is not replaced: PermissionError, as writing it in place would."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        mode = None
    if mode is not None and not (mode & 0o222 and os.access(path, os.W_OK)):
        raise PermissionError(errno.EACCES, "Permission denied (the file is read-only)", str(path))
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, 0o666 & ~umask() if mode is None else mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def umask() -> int:
    """The process's umask, read without changing it (Linux shows it in /proc; elsewhere it is
    set and set back, which no thread of the build could notice)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _check_path(rel: str, folded: dict[str, str]) -> None:
    """Refuse a path that leaves the folder, and two pages on one path (case-insensitive file
    systems would merge them); `folded` holds the paths seen so far."""
    if rel.startswith("/") or ".." in rel.split("/") or rel == MANIFEST:
        raise ValueError(f"refusing to write outside the docs folder: {rel!r}")
    if rel.casefold() in folded:
        raise ValueError(f"two pages on one path: {folded[rel.casefold()]!r} and {rel!r}")
    folded[rel.casefold()] = rel


def _make_folder(target: str, made: set[str]) -> None:
    """The folder of `target`, made once per build (thousands of files share a few folders)."""
    parent = os.path.dirname(target)
    if parent not in made:
        os.makedirs(parent, exist_ok=True)
        made.add(parent)


def link_or_copy(source: str, target: str) -> None:
    """A hard link at `target` to `source`: its bytes, inode and mtime stay, so watchers see
    it as untouched, and nothing is copied; a copy where the file system has no hard links.
    Raises FileNotFoundError when `source` is gone."""
    try:
        os.link(source, target)
    except FileNotFoundError:
        raise
    except OSError:
        shutil.copy2(source, target)


def link_files(source: Path, target: Path, rels: Iterable[str], missing_ok: bool = True) -> list[str]:
    """Link (`link_or_copy`) each file `rels` names under `source` to the same place under
    `target`, folders made once. The files linked; one removed meanwhile is passed over as if
    it had never been there, or with `missing_ok` false raises FileNotFoundError. (Plain
    string paths: at tens of thousands of files, pathlib's objects cost more than the links.)"""
    base, into = str(source), str(target)
    linked: list[str] = []
    made: set[str] = set()
    for rel in rels:
        _make_folder(f"{into}/{rel}", made)
        try:
            link_or_copy(f"{base}/{rel}", f"{into}/{rel}")
        except FileNotFoundError:
            if not missing_ok:
                raise
            continue
        linked.append(rel)
    return linked


def _link_tree(source: Path, target: Path) -> list[str]:
    """Every file under `source` but the manifest, linked to the same place under `target`."""
    return link_files(source, target, [rel for rel in files_under(source) if rel != MANIFEST])


class Stage:
    """The next docs tree, staged beside the docs folder, holding to begin with every file of
    the current one (hard links, `_link_tree`). `Stage.start` links them in a process of its
    own while the build reads, annotates and renders, rather than one by one as the build
    writes, on the critical path."""

    def __init__(self, path: Path, linking: Background[list[str]] | list[str]):
        self.path, self._linking = path, linking

    @classmethod
    def start(cls, docs_dir: Path, background: bool = True) -> "Stage":
        recover(docs_dir)
        parent, prefix = _parent(docs_dir), f".{docs_dir.name}.new-"
        sweep(parent, prefix)
        path = scratch_folder(parent, prefix)
        if not docs_dir.is_dir():
            return cls(path, [])
        return cls(path, Background(_link_tree, docs_dir, path) if background else _link_tree(docs_dir, path))

    def linked(self) -> list[str]:
        """The files of the docs folder now in the stage (waits for the linking)."""
        if isinstance(self._linking, Background):
            self._linking = self._linking.result()
        return self._linking

    def discard(self) -> None:
        """Remove the stage (after a failure, or once swapped in it holds the old tree)."""
        if isinstance(self._linking, Background):
            self._linking.cancel()
        if self.path.exists():
            shutil.rmtree(self.path)


def _put(target: str, data: bytes, made: set[str]) -> None:
    """Write a new file into the staged tree."""
    _make_folder(target, made)
    with open(target, "wb") as handle:
        handle.write(data)


def _manifest(docs_dir: Path) -> dict[str, str]:
    """{path: key} of the last build's files (an older list-shaped manifest has no keys)."""
    try:
        data = json.loads((docs_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if isinstance(data, dict):
        return {str(k): str(v) for k, v in data.items()}
    return {str(k): "" for k in data} if isinstance(data, list) else {}


def generated_files(docs_dir: Path) -> set[str]:
    """The files of `docs_dir` the last build generated (the rest are someone else's)."""
    return set(_manifest(docs_dir))


def kept_keys(docs_dir: Path) -> dict[str, str]:
    """The keys of the generated pages still in `docs_dir`, for an incremental render: a page
    whose file is gone has no key, so it is rendered again."""
    recover(docs_dir)
    base = str(docs_dir)
    return {rel: key for rel, key in _manifest(docs_dir).items() if key and os.path.isfile(f"{base}/{rel}")}


def write_pages(docs_dir: Path, pages: Mapping[str, Any] | Iterable[tuple[str, Any]], in_place: bool = False,
                keys: Mapping[str, str] | None = None, stage: Stage | None = None) -> WriteStats:
    """Make `docs_dir` hold exactly `pages` among generated files; leave other files alone.

    `pages` maps paths to content, or yields (path, content) pairs as they are rendered: each
    is written, or found unchanged, as it comes, so no more than one need be in memory.
    A page whose value is KEEP is the file already there (its inputs did not change). `keys`
    (render.page_keys) go into the manifest for the next build to compare with.
    The new tree is staged beside the old one (`stage`, started early by the caller, or here)
    and swapped in with two renames, so a build that fails or is killed half-way leaves the
    previous docs whole; the old tree of a caller's stage is left to the caller (`set_aside`).
    `in_place` writes file by file instead (for `mkdocs serve`, whose watcher follows the
    folder it started on).
    """
    folded: dict[str, str] = {}
    if isinstance(pages, Mapping):
        for rel in pages:  # all checked before anything is written
            _check_path(rel, folded)
        items: Iterable[tuple[str, Any]] = sorted(pages.items())
        folded = {}
    else:
        items = pages
    recover(docs_dir)
    previous = set(_manifest(docs_dir))
    keys = {} if keys is None else keys  # the same mapping: a streamed build fills it as it renders
    if in_place and stage is not None:
        stage.discard()
        stage = None
    owned = stage is None
    if not in_place and stage is None:
        stage = Stage.start(docs_dir, background=False)
    set_aside = None
    written = unchanged = removed = 0
    made: set[str] = set()
    base = str(docs_dir)
    try:
        # Files of the docs folder already in the stage: a page found unchanged needs nothing
        # more; a changed one replaces its link (writing through it would change the old file).
        present = set(stage.linked()) if stage is not None else set()
        staged = str(stage.path) if stage is not None else ""
        for rel, content in items:
            _check_path(rel, folded)
            if content is KEEP:
                if not (rel in present if stage is not None else os.path.isfile(f"{base}/{rel}")):
                    raise FileNotFoundError(f"{docs_dir / rel}: removed during the build; build again")
                unchanged += 1
                continue
            data = content.encode("utf-8") if isinstance(content, str) else content
            try:
                same = (docs_dir / rel).read_bytes() == data
            except OSError:
                same = False
            if same and (stage is None or rel in present):
                unchanged += 1
                continue
            if stage is None:
                atomic_write(docs_dir / rel, data)
            else:  # the staged tree is swapped in whole: its files need no rename of their own
                if rel in present:
                    os.unlink(f"{staged}/{rel}")
                _put(f"{staged}/{rel}", data, made)
            written += 1
        seen = set(folded.values())
        if stage is None:
            for rel in files_under(docs_dir):
                old = docs_dir / rel
                if rel not in seen and rel != MANIFEST and rel in previous and old.is_file():
                    removed += 1
                    old.unlink()
                    _prune(old.parent, docs_dir)
        else:  # what the last build generated and this one did not goes; files not ours stay
            for rel in sorted(present - seen):
                if rel in previous:
                    removed += 1
                    os.unlink(f"{staged}/{rel}")
                    _prune((stage.path / rel).parent, stage.path)
        manifest = {rel: keys.get(rel, "") for rel in sorted(seen)}
        atomic_write((stage.path if stage is not None else docs_dir) / MANIFEST,
                     (json.dumps(manifest, indent=0) + "\n").encode("utf-8"))
        if stage is not None:
            set_aside = swap_in(stage.path, docs_dir, keep_old=not owned)
    finally:
        if stage is not None and (owned or set_aside is None):
            stage.discard()
    return WriteStats(written, unchanged, removed, set_aside)


def files_under(folder: Path) -> list[str]:
    """Every file under `folder`, as sorted POSIX paths relative to it (os.walk: pathlib's
    per-file objects cost more than the walk at thousands of files)."""
    base = str(folder)
    out = []
    for root, _, names in os.walk(base):
        prefix = root[len(base) + 1:].replace(os.sep, "/")
        out.extend(f"{prefix}/{n}" if prefix else n for n in names)
    return sorted(out)


def scratch_folder(parent: Path, prefix: str) -> Path:
    """A new hidden working folder in `parent`, named `prefix`, this process's ID and a random
    part: a later build can then tell one a killed build left (`sweep`) from one a build
    running beside it still uses."""
    path = Path(tempfile.mkdtemp(prefix=scratch_prefix(prefix), dir=parent))
    # mkdtemp makes it 0700: swapped in as the docs or site folder, a web server running as
    # another user could not enter it. A folder's usual mode instead (0777 less the umask).
    os.chmod(path, 0o777 & ~umask())
    return path


def scratch_prefix(prefix: str) -> str:
    """`prefix` and this process's ID: the start of a working file's or folder's name that
    `sweep` removes once the process is gone."""
    return f"{prefix}{os.getpid()}-"


def sweep(parent: Path, prefix: str) -> list[str]:
    """Remove the working folders (and their files, such as a shard's log) under `prefix` in
    `parent` whose process is gone: a build killed outright cleans nothing up, and at 10,000
    documents a stage is 50,000 links and a site's shard folders gigabytes. The names removed."""
    if os.name != "posix" or not parent.is_dir():
        return []
    removed = []
    for entry in sorted(parent.iterdir()):
        pid, sep, _ = entry.name[len(prefix):].partition("-") if entry.name.startswith(prefix) else ("", "", "")
        if not (sep and pid.isdigit()) or _alive(int(pid)):
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)
        removed.append(entry.name)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # no signal: only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's
        return True
    return True


def _parent(folder: Path) -> Path:
    parent = folder.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    return parent


def _prune(folder: Path, root: Path) -> None:
    while folder != root and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def recover(folder: Path) -> None:
    """Finish a swap that was interrupted between its two renames: the old tree comes back."""
    old = folder.with_name(folder.name + ".old")
    if old.is_dir() and not folder.exists():
        os.replace(old, folder)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one atomic step (Linux renameat2 RENAME_EXCHANGE); False if the
    system cannot, and the caller falls back to two renames."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def swap_in(new_tree: Path, folder: Path, keep_old: bool = False) -> Path | None:
    """Put a freshly built tree in place of the old one: one atomic exchange where the system
    allows it, else two renames (an interruption between them is undone by `recover`).
    With `keep_old`, an exchanged old tree is left where the new one was, and its path
    returned, for the caller to remove while it does other work."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    recover(folder)
    old = folder.with_name(folder.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if folder.exists() and _exchange(new_tree, folder):
        if keep_old:
            return new_tree
        shutil.rmtree(new_tree)  # now holds the old tree
        return None
    if folder.exists():
        os.replace(folder, old)
    os.replace(new_tree, folder)
    if old.exists():
        shutil.rmtree(old)
    return None
