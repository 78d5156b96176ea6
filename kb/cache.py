"""Annotations kept between builds, so a rebuild after one seed changes annotates one seed.

An annotation depends on the seed's text, the vocabulary, the language rules and the code that
reads and annotates. The cache is keyed by a fingerprint of all of those, then by the parsed
document itself: any change to any of them makes the entry miss, never serve a stale result.
It is a disposable file (delete it at will); a cache that cannot be read is ignored.
"""
from __future__ import annotations

import dataclasses
import hashlib
import os
import pickle
import tempfile
from pathlib import Path

from .model import Annotated, Document

CACHE_NAME = "annotations.pickle"
_CODE = ("annotate.py", "dates.py", "language.py", "language.yml", "match.py", "model.py", "read.py",
         "text.py", "vocabulary.py")


_HERE = Path(__file__).resolve().parent


def _digest(paths: list[Path], prefix: bytes = b"") -> str:
    """Digest of files' names and contents, after `prefix`."""
    h = hashlib.sha256(prefix)
    for path in paths:
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def fingerprint(vocab_dir: Path) -> str:
    """Digest of everything an annotation depends on besides the seed itself."""
    return _digest([_HERE / name for name in _CODE] + sorted(vocab_dir.glob("*.yml")))


_RENDER_CODE = ("link.py", "render.py", "model.py")


def render_fingerprint(annotation_fingerprint: str, site_url: str) -> str:
    """Digest of everything a page depends on besides the documents it shows: what the
    annotation depends on, the linking and rendering code, the templates and the site URL."""
    return _digest([_HERE / name for name in _RENDER_CODE] + sorted((_HERE / "templates").glob("*")),
                   annotation_fingerprint.encode() + b"\0" + site_url.encode() + b"\0")


class AnnotationCache:
    """Annotated documents by (source, digest), valid for one fingerprint."""

    def __init__(self, folder: Path | None, fingerprint: str):
        self.path = folder / CACHE_NAME if folder else None
        self.fingerprint = fingerprint
        self.entries: dict[tuple[str, str], Annotated] = {}
        self.hits = 0
        if self.path is None:
            return
        try:
            with self.path.open("rb") as handle:
                stored = pickle.load(handle)
            if stored.get("fingerprint") == fingerprint:
                self.entries = stored["entries"]
        except Exception:  # missing, truncated, from another version: start empty
            self.entries = {}

    def get(self, doc: Document) -> Annotated | None:
        """The cached annotation of exactly this document, with today's reading of it."""
        found = self.entries.get((doc.source, doc.sha256))
        if found is None or dataclasses.replace(found.doc, warnings=doc.warnings) != doc:
            return None
        self.hits += 1
        return dataclasses.replace(found, doc=doc)

    def save(self, annotated: list[Annotated]) -> None:
        """Keep exactly the current corpus (removed seeds drop out); written atomically."""
        if self.path is None:
            return
        entries = {(a.doc.source, a.doc.sha256): dataclasses.replace(a, slug="") for a in annotated}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".annotations.", dir=self.path.parent)
            with os.fdopen(fd, "wb") as handle:
                pickle.dump({"fingerprint": self.fingerprint, "entries": entries}, handle,
                            protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self.path)
        except OSError:
            pass  # a cache is an optimisation: a read-only disk only costs time
