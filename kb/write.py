"""Write: generated pages into the docs folder, and the built site into place, atomically.

Pages are written only when their bytes change (so `mkdocs serve` and file watchers see real
changes only), each through a temporary file and `os.replace`; files that a previous build
generated and this one did not are removed, using a manifest, so no stale page of a removed
seed survives. The site folder is swapped whole: a failed MkDocs build leaves the old one.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

MANIFEST = ".kb-manifest.json"
"""Lists the files the last build generated in the docs folder."""


@dataclass(frozen=True)
class WriteStats:
    """What a write did, for the build summary."""

    written: int
    unchanged: int
    removed: int


def atomic_write(path: Path, data: bytes) -> None:
    """Write through a temporary file in the same folder, then rename over the target."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _check_paths(pages: dict[str, str | bytes]) -> None:
    """Refuse paths that leave the folder, and two pages on one path (case-insensitive file
    systems would merge them)."""
    folded: dict[str, str] = {}
    for rel in pages:
        parts = Path(rel).parts
        if Path(rel).is_absolute() or ".." in parts or rel == MANIFEST:
            raise ValueError(f"refusing to write outside the docs folder: {rel!r}")
        other = folded.setdefault(rel.casefold(), rel)
        if other != rel:
            raise ValueError(f"two pages on one path: {other!r} and {rel!r}")


def write_pages(docs_dir: Path, pages: dict[str, str | bytes]) -> WriteStats:
    """Make `docs_dir` hold exactly `pages` among generated files; leave other files alone."""
    _check_paths(pages)
    docs_dir.mkdir(parents=True, exist_ok=True)
    manifest_path = docs_dir / MANIFEST
    try:
        previous = set(json.loads(manifest_path.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        previous = set()
    written = unchanged = removed = 0
    for rel in sorted(pages):
        content = pages[rel]
        data = content.encode("utf-8") if isinstance(content, str) else content
        target = docs_dir / rel
        try:
            if target.read_bytes() == data:
                unchanged += 1
                continue
        except OSError:
            pass
        atomic_write(target, data)
        written += 1
    for rel in sorted(previous - set(pages)):
        target = docs_dir / rel
        if target.is_file():
            target.unlink()
            removed += 1
            parent = target.parent
            while parent != docs_dir and parent.is_dir() and not any(parent.iterdir()):
                parent.rmdir()
                parent = parent.parent
    atomic_write(manifest_path, (json.dumps(sorted(pages), indent=0) + "\n").encode("utf-8"))
    return WriteStats(written, unchanged, removed)


def swap_in(new_site: Path, site_dir: Path) -> None:
    """Put a freshly built site in place of the old one with two renames."""
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    old = site_dir.with_name(site_dir.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if site_dir.exists():
        os.replace(site_dir, old)
    os.replace(new_site, site_dir)
    if old.exists():
        shutil.rmtree(old)
