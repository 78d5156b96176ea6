"""Annotations kept between builds, so a rebuild after one seed changes annotates one seed.

An annotation depends on the seed's text, the vocabulary, the language rules, the code that
reads and annotates and the packages it uses (the stemmer decides every stem). The cache is
keyed by a fingerprint of all of those, then by the parsed document itself: any change to any
of them makes the entry miss, never serve a stale result. It is a disposable file (delete it at
will); a cache that cannot be read is ignored.
"""
from __future__ import annotations

import dataclasses
import hashlib
import os
import pickle
import sqlite3
import tempfile
from pathlib import Path
from typing import Iterable, Iterator

from jinja2 import FileSystemBytecodeCache

from kb.output import environment
from kb.model import Annotated, Document
from kb.output.write import scratch_prefix, sweep

CACHE_NAME = "annotations.pickle"
SCRATCH = ".annotations."
"""Prefix of the file a save writes before it replaces the cache."""


def _digest(items: list[str], files: list[tuple[str, Path]]) -> str:
    """Digest of `items`, then of files' names and contents."""
    h = hashlib.sha256()
    for item in items:
        h.update(item.encode("utf-8") + b"\0")
    for name, path in files:
        h.update(name.encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def fingerprint(vocab_dir: Path) -> str:
    """Digest of everything an annotation depends on besides the seed itself: every file of
    the `kb/` package (its code, language rules and templates; derived, not listed, so a new
    module or one a loader starts to import is covered), the vocabulary, the installed
    distributions and Python (kb/output/environment.py). A page depends on all of them too, so this
    is also the base of `render_fingerprint`. It runs on every build: most of its cost is
    reading the distributions' metadata headers."""
    package = environment.PACKAGE
    return _digest(environment.installed(),
                   [(p.relative_to(package).as_posix(), p) for p in environment.package_files(package)]
                   + [("vocabulary/" + p.name, p) for p in sorted(vocab_dir.glob("*.yml"))])


def render_fingerprint(annotation_fingerprint: str, site_url: str) -> str:
    """Digest of everything a page depends on besides the documents it shows: what the
    annotation depends on (which holds the linking and rendering code and the templates) and
    the site URL."""
    return _digest([annotation_fingerprint, site_url], [])


class AnnotationCache:
    """Annotated documents by (source, digest of the seed file's bytes), valid for one
    fingerprint. An entry is kept pickled until it is asked for and saved again as the same
    bytes, so a build pickles only the documents it annotated."""

    def __init__(self, folder: Path | None, fingerprint: str):
        self.path = folder / CACHE_NAME if folder else None
        self.fingerprint = fingerprint
        self.entries: dict[tuple[str, str], bytes] = {}
        self.hits = 0
        self._raw: dict[str, str] = {}  # source -> digest of its bytes, for every seed asked about
        # source -> (pickled bytes, annotation): served from the file, or made this build
        self._found: dict[str, tuple[bytes, Annotated]] = {}
        if self.path is None:
            return
        try:
            with self.path.open("rb") as handle:
                stored = pickle.load(handle)
            if stored.get("fingerprint") == fingerprint:
                self.entries = stored["entries"]
        except Exception:  # missing, truncated, from another version: start empty
            self.entries = {}

    def document(self, source: str, data: bytes) -> Document | None:
        """The document read from exactly these bytes last time (read.Known), else None."""
        digest = hashlib.sha256(data).hexdigest()
        self._raw[source] = digest
        blob = self.entries.get((source, digest))
        if blob is None:
            return None
        try:
            found: Annotated = pickle.loads(blob)
        except Exception:  # an entry from another version of the code: read the seed again
            return None
        self._found[source] = (blob, found)
        return found.doc

    def get(self, doc: Document) -> Annotated | None:
        """The cached annotation of `doc`, when `document` served it."""
        entry = self._found.get(doc.source)
        if entry is None or entry[1].doc is not doc:
            return None
        self.hits += 1
        return entry[1]

    def unpickled(self, blobs: Iterable[bytes]) -> Iterator[Annotated]:
        """Annotations pickled where they were made, each kept as those bytes for `save`: a
        worker pickles its results for the way back anyway, and the build process then need
        not pickle them again (a second pass over the whole corpus on one core)."""
        for blob in blobs:
            made: Annotated = pickle.loads(blob)
            self._found[made.doc.source] = (blob, made)  # its document is a copy: `get` won't serve it
            yield made

    def save(self, annotated: list[Annotated]) -> None:
        """Keep exactly the current corpus (removed seeds drop out); written atomically."""
        if self.path is None:
            return
        entries = {}
        for a in annotated:
            source = a.doc.source
            if source not in self._raw:
                continue  # not read through `document`: its bytes are unknown
            known = self._found.get(source)
            entries[(source, self._raw[source])] = known[0] if known and known[1].doc is a.doc else \
                pickle.dumps(dataclasses.replace(a, slug=""), protocol=pickle.HIGHEST_PROTOCOL)
        tmp = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            sweep(self.path.parent, SCRATCH)  # a save killed half-way: a large file of nothing
            fd, tmp = tempfile.mkstemp(prefix=scratch_prefix(SCRATCH), dir=self.path.parent)
            with os.fdopen(fd, "wb") as handle:
                pickle.dump({"fingerprint": self.fingerprint, "entries": entries}, handle,
                            protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self.path)
            tmp = None
        except OSError:
            pass  # a cache is an optimisation: a read-only disk only costs time
        finally:  # the bytes are on disk (or not wanted): held on, they weigh on the build's peak
            self.entries, self._found = {}, {}
            if tmp is not None:
                Path(tmp).unlink(missing_ok=True)


RECORDS_NAME = "records.sqlite3"
TEMPLATES_NAME = "templates"


class RenderCache:
    """What the renderer keeps between builds (render.Memo). Each document's part of the
    corpus-wide files, valid for one render fingerprint: in SQLite, so neither a build nor the
    next holds all of them in memory (kb.json alone grows with the whole corpus);
    entries are written as they are made and `close` drops those this build did not use. And
    Jinja's compiled templates (its own cache, which checks each template's source)."""

    def __init__(self, folder: Path | None, fingerprint: str):
        self.bytecode: FileSystemBytecodeCache | None = None
        self._db: sqlite3.Connection | None = None
        self._used: set[str] = set()
        if folder is None:
            return
        try:
            folder.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(folder / RECORDS_NAME, isolation_level=None, timeout=5)
            db.execute("BEGIN IMMEDIATE")
            db.execute("CREATE TABLE IF NOT EXISTS meta (fingerprint TEXT)")
            db.execute("CREATE TABLE IF NOT EXISTS records (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            if db.execute("SELECT fingerprint FROM meta").fetchall() != [(fingerprint,)]:
                db.execute("DELETE FROM records")
                db.execute("DELETE FROM meta")
                db.execute("INSERT INTO meta VALUES (?)", (fingerprint,))
            self._db = db
            (folder / TEMPLATES_NAME).mkdir(exist_ok=True)
            self.bytecode = FileSystemBytecodeCache(str(folder / TEMPLATES_NAME))
        except (OSError, sqlite3.Error):  # unreadable, locked by another build, not a database
            self._db = None

    def get(self, key: str) -> str | None:
        if self._db is None:
            return None
        try:
            row = self._db.execute("SELECT value FROM records WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error:
            return None
        if row is not None:
            self._used.add(key)
        return row[0] if row else None

    def has(self, key: str) -> bool:
        if self._db is None:
            return False
        try:
            return self._db.execute("SELECT 1 FROM records WHERE key = ?", (key,)).fetchone() is not None
        except sqlite3.Error:
            return False

    def put(self, key: str, value: str) -> None:
        if self._db is None:
            return
        try:
            self._db.execute("INSERT OR REPLACE INTO records VALUES (?, ?)", (key, value))
            self._used.add(key)
        except sqlite3.Error:
            pass

    def close(self) -> None:
        """Keep exactly this build's entries; the transaction commits only here, so a build
        that stops half way leaves the last complete one's."""
        if self._db is None:
            return
        try:
            self._db.execute("CREATE TEMP TABLE used (key TEXT PRIMARY KEY)")
            self._db.executemany("INSERT INTO used VALUES (?)", ((k,) for k in self._used))
            self._db.execute("DELETE FROM records WHERE key NOT IN (SELECT key FROM used)")
            self._db.execute("COMMIT")
        except sqlite3.Error:
            pass
        finally:
            self._db.close()
            self._db = None
