"""Read seeds: bytes in, `Document` (or a report entry saying why not) out.

Seeds arrive as scraped or pasted plain text in any of a few encodings, with or without a
`date` header, a headline, site chrome and a footer. This stage decides what is body text, so
that nothing downstream ever annotates a footer or a breadcrumb.
"""
from __future__ import annotations

import codecs
import datetime as dt
import errno
import functools
import hashlib
import json
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from kb.model import Document, Paragraph, ReportEntry
from kb.output.parallel import pmap
from kb.rules.language import Language
from kb.stages.last_build import last_paragraphs  # noqa: F401 - the command line reads it from here
from kb.stages.layout import group_paragraphs, lines_of, split_footer, take_date_line, take_headline, take_stamp

LEDGER_NAME = "ledger.yml"
"""The slug ledger lives in the seeds folder and is not a seed."""
MAX_SEED_BYTES = 20_000_000
"""The default size limit of a seed (20 MB; the command line's --max-seed-mb, KB_MAX_SEED_MB).
A larger file is a dump, not a document: it is reported, not built (a page a reader cannot
load helps nobody)."""

_DATE_HEADER = re.compile(r"\A[ \t]*date\s*[:\s]\s*(\d{4})-(\d{1,2})-(\d{1,2})\b[ \t]*", re.IGNORECASE)


class ReadError(Exception):
    """A seed that cannot become a document; the message is the reason for the report."""

    def __init__(self, reason: str, line: int | None = None):
        super().__init__(reason)
        self.reason = reason
        self.line = line


_BINARY_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
"""Unicode's control characters (category Cc) but the whitespace ones: many mean binary."""


SIGNATURES = ((b"%PDF-", "a PDF document"), (b"\x89PNG\r\n\x1a\n", "a PNG image"), (b"GIF87a", "a GIF image"),
              (b"GIF89a", "a GIF image"), (b"PK\x03\x04", "a ZIP archive"), (b"PK\x05\x06", "a ZIP archive"),
              (b"\xff\xd8\xff", "a JPEG image"))
"""The first bytes of the formats most often saved under a wrong name: a PDF's may all be
ASCII, so no count of control characters tells it from text."""


def decode(data: bytes) -> tuple[str, str]:
    """Bytes to text, trying BOMs, then UTF-8, then cp1252; binary and garbage are refused."""
    if not data:
        raise ReadError("empty file")
    for signature, kind in SIGNATURES:
        if data.startswith(signature):
            raise ReadError(f"binary file ({kind}, by its first bytes)", 1)
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                      (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(name), name
            except UnicodeDecodeError as exc:
                start = exc.start + (len(bom) if name == "utf-8-sig" else 0)  # it counts from after its mark
                raise ReadError(f"not valid {name} after its byte-order mark: {exc.reason}",
                                data[:start].count(b"\n") + 1) from exc
    if b"\x00" in data:
        raise ReadError("binary file (contains NUL bytes)", data[:data.index(b"\x00")].count(b"\n") + 1)
    try:
        text, encoding = data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        try:
            text, encoding = data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError as exc:
            line = data[:utf8_error.start].count(b"\n") + 1
            raise ReadError(f"cannot be decoded as UTF-8 or cp1252 (byte 0x{data[exc.start]:02x})",
                            line) from exc
    controls = len(_BINARY_CONTROLS.findall(text))
    if controls > max(2, len(text) // 100):
        raise ReadError(f"binary file ({controls} control characters)")
    return text, encoding


_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def normalise(text: str) -> str:
    """LF line ends, no BOM, no control characters, no trailing spaces: the form that is
    hashed and shown (control characters are not text, and HTML cannot carry them)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    text = _CONTROLS.sub("", text.replace("\f", "\n").replace("\v", "\n"))
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")


def parse(source: str, text: str, lang: Language, encoding: str = "utf-8") -> Document:
    """Split normalised seed text into header, headline, paragraphs and footer."""
    text = normalise(text)
    warnings: list[str] = []
    date_header: dt.date | None = None
    body = text
    header = _DATE_HEADER.match(text)
    if header:
        try:
            date_header = dt.date(*(int(g) for g in header.groups()))
        except ValueError:
            warnings.append(f"line 1: impossible date in header {header.group(0).strip()!r}; ignored")
        # Keep line numbers true: blank out the header instead of cutting it.
        body = " " * header.end() + text[header.end():]
    lines = [ln for ln in lines_of(body) if not lang.is_chrome(ln.text)]
    lines, footer = split_footer(lines, lang)
    lines, date_header, date_line = take_date_line(lines, date_header, lang)
    headline, lines = take_headline(lines, lang)
    lines, date_header, below = take_date_line(lines, date_header, lang)
    date_line = date_line or below
    lines, date_header = take_stamp(lines, date_header, lang)
    paragraphs = tuple(Paragraph(i, re.sub(r"\s+", " ", t).strip(), n)
                       for i, (n, t) in enumerate(group_paragraphs(lines), start=1))
    if not paragraphs:
        raise ReadError("no text left after removing header, chrome and footer")
    return Document(
        source=source,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        raw_text=text,
        encoding=encoding,
        date_header=date_header,
        headline=headline,
        paragraphs=paragraphs,
        footer=tuple(f.text for f in footer),
        warnings=tuple(warnings),
        date_line=date_line,
    )


Known = Callable[[str, bytes], "Document | None"]
"""Documents already read: (source, the file's bytes) -> the Document `parse` made of exactly
those bytes last time, or None. The annotation cache answers it, so an unchanged seed is not
parsed again: parsing depends on nothing else (its code and language rules are part of the
cache's fingerprint, and nothing in it depends on the day; see `dated_warnings`)."""


def read_seed(path: Path, root: Path, lang: Language, known: Known | None = None,
              max_bytes: int = MAX_SEED_BYTES) -> Document:
    """Read one seed file; raises ReadError with the reason when it cannot be a document."""
    loaded = _load(path, root, known, max_bytes)
    return loaded if isinstance(loaded, Document) else _parse_bytes(loaded, lang)


def _load(path: Path, root: Path, known: Known | None, max_bytes: int) -> Document | tuple[str, bytes]:
    """A seed's (source name, bytes), or the document `known` already has for them. A seed over
    `max_bytes` is never read whole (not even one growing while it is read). The file is opened
    without following a symbolic link and read only when it is a regular file, so a seed
    swapped for a link (or a pipe) after the folder was listed is still refused."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise ReadError(SYMLINK) from exc
        raise ReadError(f"cannot be read: {exc.strerror}") from exc
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            os.close(fd)
            raise ReadError(NOT_REGULAR)
        with os.fdopen(fd, "rb") as handle:
            size = info.st_size
            if size <= max_bytes:
                data = handle.read(max_bytes + 1)
                size = max(size, len(data))
    except OSError as exc:
        raise ReadError(f"cannot be read: {exc.strerror}") from exc
    if size > max_bytes:
        raise ReadError(f"too large to be one document ({size / 1e6:,.2f} MB, {size:,} bytes; the limit is "
                        f"{max_bytes / 1e6:g} MB, set by --max-seed-mb or KB_MAX_SEED_MB): split it into documents")
    source = path.relative_to(root).as_posix()
    doc = known(source, data) if known else None
    return (source, data) if doc is None else doc


def _parse_bytes(loaded: tuple[str, bytes], lang: Language) -> Document:
    source, data = loaded
    text, encoding = decode(data)
    if not text.strip():
        raise ReadError("no text (whitespace only)")
    return parse(source, text, lang, encoding)


def _parse_or_reason(loaded: tuple[str, bytes], lang: Language) -> Document | ReadError:
    """`_parse_bytes` as a task on another core: why a seed is not a document comes back as a
    value for the report (raised there, it would stop the build)."""
    try:
        return _parse_bytes(loaded, lang)
    except ReadError as exc:
        return exc


def dated_warnings(doc: Document, today: dt.date | None = None) -> tuple[str, ...]:
    """Warnings that depend on the day of the build, which a parsed document must not carry
    (it is kept between builds): a date header in the future."""
    if doc.date_header and doc.date_header > (today or dt.date.today()):
        return (f"line 1: date header {doc.date_header.isoformat()} is in the future",)
    return ()


SEED_SUFFIX = ".txt"
"""What a seed's name ends with (in any case): the seeds folder may hold a memo, pictures and
the ledger beside the seeds, and none of them is a document."""
SYMLINK = "symbolic link (not followed)"
NOT_REGULAR = "not a regular file"


def _not_a_seed(entry: os.DirEntry) -> str | None:
    """Why an entry of the seeds folder is not a seed, or None when it is one: a seed is a
    regular file named `*.txt` directly in the folder, not hidden and not a symbolic link (a
    link would publish a file from outside the folder, a secret as well as a document)."""
    name = entry.name
    if entry.is_symlink():
        return SYMLINK
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # bytes the file system's encoding could not decode
        return "name is not valid UTF-8 (not read: rename the file)"
    folder = entry.is_dir(follow_symlinks=False)
    if name.startswith("."):
        return "hidden folder (name starts with a dot; not read)" if folder else "hidden file (name starts with a dot)"
    if folder:
        return f"folder (not read: seeds are the {SEED_SUFFIX} files directly in the seeds folder)"
    if not entry.is_file(follow_symlinks=False):
        return NOT_REGULAR
    if not name.lower().endswith(SEED_SUFFIX):
        return f"not a {SEED_SUFFIX} file (not read)"
    return None


def list_seeds(root: Path) -> tuple[list[Path], list[ReportEntry]]:
    """The seeds of the seeds folder, sorted by name, and a report entry for every other file
    or folder in it (`_not_a_seed`), but the ledger: nothing there is passed over in silence.
    Sub-folders are not entered."""
    seeds: list[Path] = []
    report: list[ReportEntry] = []
    with os.scandir(root) as entries:
        listed = sorted(entries, key=lambda e: e.name)
    for entry in listed:
        if entry.name == LEDGER_NAME:  # read by the ledger stage, never a seed
            continue
        reason = _not_a_seed(entry)
        if reason is None:
            seeds.append(root / entry.name)
        else:
            report.append(ReportEntry(entry.name, "skipped", reason))
    return seeds, report


def read_all(root: Path, lang: Language, known: Known | None = None,
             max_bytes: int = MAX_SEED_BYTES) -> tuple[list[Document], list[ReportEntry]]:
    """Read every seed; unreadable ones, those over `max_bytes` and exact duplicates go to the
    report with the reason. Seeds `known` answers for are not parsed again."""
    if not root.is_dir():
        raise FileNotFoundError(f"seeds folder not found: {root}")
    paths, report = list_seeds(root)
    # Files are read, and checked against `known`, here (it keeps what it was asked); the
    # rest, decoding and parsing, on every core (kb.output.parallel).
    loaded: list[tuple[str, Document | tuple[str, bytes] | ReadError]] = []
    for path in paths:
        rel = path.relative_to(root).as_posix()
        try:
            loaded.append((rel, _load(path, root, known, max_bytes)))
        except ReadError as exc:
            loaded.append((rel, exc))
    parsed = iter(pmap(functools.partial(_parse_or_reason, lang=lang),
                       [item for _, item in loaded if isinstance(item, tuple)]))
    documents: list[Document] = []
    seen: dict[str, str] = {}
    for rel, item in loaded:
        doc = next(parsed) if isinstance(item, tuple) else item
        if isinstance(doc, ReadError):
            report.append(ReportEntry(rel, "skipped", doc.reason, doc.line))
            continue
        if doc.sha256 in seen:
            report.append(ReportEntry(rel, "skipped", f"same text as {seen[doc.sha256]} (duplicate)"))
            continue
        seen[doc.sha256] = rel
        for warning in doc.warnings + dated_warnings(doc):
            report.append(ReportEntry(rel, "warning", warning))
        documents.append(doc)
    return documents, report
