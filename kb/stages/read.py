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

from kb.text.dates import explicit_dates
from kb.rules.language import Language
from kb.text.match import STOPWORDS
from kb.model import Document, Paragraph, ReportEntry
from kb.output.parallel import pmap
from kb.text.tokens import tokenize

LEDGER_NAME = "ledger.yml"
"""The slug ledger lives in the seeds folder and is not a seed."""
MAX_SEED_BYTES = 20_000_000
"""The default size limit of a seed (20 MB; the command line's --max-seed-mb, KB_MAX_SEED_MB).
A larger file is a dump, not a document: it is reported, not built (a page a reader cannot
load helps nobody)."""

_DATE_HEADER = re.compile(r"\A[ \t]*date\s*[:\s]\s*(\d{4})-(\d{1,2})-(\d{1,2})\b[ \t]*", re.IGNORECASE)
_SENTENCE_END = ('.', '!', '?', '"', '”', '’', "'", ')', ':', ';')


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


@dataclass(frozen=True)
class _Line:
    number: int
    text: str
    block: int


def _lines(text: str) -> list[_Line]:
    """Non-blank lines with their 1-based number and the blank-line-separated block they are in."""
    out: list[_Line] = []
    block = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            block += 1
            continue
        out.append(_Line(number, line.strip(), block))
    return out


def _split_footer(lines: list[_Line], lang: Language) -> tuple[list[_Line], list[_Line]]:
    """Take the trailing footer off: contact and rights lines, and short name lines among them."""
    cut = len(lines)
    seen_footer = False
    while cut > 0:
        line = lines[cut - 1]
        if lang.is_footer(line.text):
            seen_footer = True
        elif not (seen_footer and len(line.text) <= 150 and not line.text.endswith(".")
                  and line.block == lines[cut].block):
            break
        cut -= 1
    if not seen_footer:
        return lines, []
    return lines[:cut], lines[cut:]


def _paragraphs(lines: list[_Line]) -> list[tuple[int, str]]:
    """Group lines into paragraphs: a line ending a sentence closes its paragraph even inside a
    block (sources that keep one paragraph a line); other lines are wrapped prose and join."""
    out: list[tuple[int, str]] = []
    current: list[_Line] = []
    for line in lines:
        if current and (line.block != current[-1].block
                        or (current[-1].text.endswith(_SENTENCE_END) and not line.text[:1].islower())):
            out.append((current[0].number, " ".join(x.text for x in current)))
            current = []
        current.append(line)
    if current:
        out.append((current[0].number, " ".join(x.text for x in current)))
    return out


def _looks_like_headline(text: str) -> bool:
    words = text.split()
    return (2 <= len(words) <= 30 and len(text) <= 200 and not text.endswith((".", ",", ";", ":"))
            and (text[0].isupper() or text[0].isdigit() or text[0] in "\"“‘'"))


TOP_LINES = 12
"""How far down a page its headline may stand: masthead, breadcrumbs, section labels, date and
byline lines come first on scraped pages, but never more than a dozen of them."""
PROSE_WORDS = 4
"""A line of this many words that ends a sentence is text: the headline stands above it."""
RESIDUE_WORDS = 6
"""Between the headline and the lead, a shorter line with no sentence end and no date is a
byline, an agency or section name or a widget's caption, not text."""
HEADLINE_OVERLAP = 0.5
"""A headline sums up its lead, so at least half its words recur there; a site's name, an
advertising banner or a section label does not (their words are the site's, not the story's)."""


def _is_prose(text: str) -> bool:
    """Where the page's top ends: a line that ends a sentence (or is too long for a headline).
    Shorter than `_is_sentence`, which ends the search for date lines: a short sentence ends
    the top, while a date line may still follow a dateline such as "MOSCOW, June 5."."""
    words = len(text.split())
    return words > 40 or (words >= PROSE_WORDS and text.rstrip("\"”’' )").endswith((".", "!", "?")))


def _wrapped(lines: list[_Line], i: int) -> bool:
    """A line that the next line of its block continues in lower case is wrapped prose."""
    return i + 1 < len(lines) and lines[i + 1].block == lines[i].block and lines[i + 1].text[:1].islower()


def _keys(text: str) -> set[str]:
    return {t.key for t in tokenize(text) if t.key not in _STOP and not t.key.isdigit()}


_STOP = STOPWORDS | frozenset("from as is are was were be has have had its it this that their his her s".split())
"""Words that say nothing of what a line is about (the matcher's stopwords and a few more)."""


def _take_headline(lines: list[_Line]) -> tuple[str | None, list[_Line]]:
    """The headline among the lines above the lead, and the lines left once the page's top is
    read: what stands above the headline is the site's masthead (name, logo, breadcrumbs,
    section labels, banners) and goes; under it, repeats of the headline, bylines and labels
    go, while standfirsts, captions and date lines stay for the stages after this one.

    Of the lines that look like a headline, the one whose words recur most in the lead wins
    (a page that repeats its headline says which line it is; a breadcrumb glued to the
    headline is the longer repeat and goes). None when no line sums up the lead: a seed that
    starts with its text has no headline. A line glued to the `date` header may be the
    headline, as scraped pages put it there."""
    top = 0
    while top < min(len(lines), TOP_LINES) and not (_is_prose(lines[top].text) or _wrapped(lines, top)):
        top += 1
    if not lines:
        return None, lines
    if top == len(lines):  # no line reads as text (a short seed): only the first may head it
        top = 1
    if top == 0 or top == len(lines):
        return None, lines
    lead = _keys(" ".join(ln.text for ln in lines[top:top + 3]))
    zone = lines[:top]
    texts = [ln.text for ln in zone]
    best, best_score = None, 0.0
    for i, line in enumerate(zone):
        if not _looks_like_headline(line.text):
            continue
        # "Home Politics <headline>" above "<headline>": the breadcrumb's line is not the headline
        if any(j != i and len(other) < len(line.text) and line.text.endswith(other) for j, other in enumerate(texts)
               if _looks_like_headline(other)):
            continue
        keys = _keys(line.text)
        if not keys:
            continue
        score = len(keys & lead) / len(keys)
        if texts.count(line.text) > 1 or any(o != line.text and o.endswith(line.text) for o in texts):
            score += 0.5
        if score > best_score:
            best, best_score = i, score
    if best is None or best_score < HEADLINE_OVERLAP:
        # No line sums the lead up: a first line that reads as a headline still is one (a
        # short readout's headline may share few words with a short lead).
        if not (_looks_like_headline(texts[0]) and _keys(texts[0])):
            return None, lines
        best = 0
    headline = zone[best].text
    kept = [ln for ln in zone[best + 1:]
            if not (ln.text == headline or ln.text.endswith(headline)
                    or (len(ln.text.split()) < RESIDUE_WORDS and not ln.text.endswith(_SENTENCE_END)
                        and not explicit_dates(ln.text, None) and not _LOOSE_DATE.search(ln.text)))]
    return headline, kept + lines[top:]


_LOOSE_DATE = re.compile(r"\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}:\d{2}\b")


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
    lines = [ln for ln in _lines(body) if not lang.is_chrome(ln.text)]
    lines, footer = _split_footer(lines, lang)
    lines, date_header, date_line = _take_date_line(lines, date_header, lang)
    headline, lines = _take_headline(lines)
    lines, date_header, below = _take_date_line(lines, date_header, lang)
    date_line = date_line or below
    paragraphs = tuple(Paragraph(i, re.sub(r"\s+", " ", t).strip(), n)
                       for i, (n, t) in enumerate(_paragraphs(lines), start=1))
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


DATE_LINE_WINDOW = 5
"""How many lines at the top may hold a lone date line: scraped pages put a site name, a
section, the headline and a byline or a counter before it ("Home", "Documents", the headline,
"March 6, 2022, Sochi")."""


def _is_sentence(text: str) -> bool:
    """A line of the text proper: no date line stands below one."""
    return len(text.split()) >= 8 and text.endswith((".", "!", "?", ".”", '."'))


def _take_date_line(lines: list[_Line], date: dt.date | None,
                    lang: Language) -> tuple[list[_Line], dt.date | None, str | None]:
    """Lone date lines among the top lines, above the first sentence ("2021-01-02 15:30",
    "(Xinhua) 08:05, March 3, 2022", "March 6, 2022, Sochi"), are metadata, not content:
    the first gives the publication date when there is no header. Returns the lines left, the
    date, and the first date line taken, as written."""
    taken: list[int] = []
    for i, line in enumerate(lines[:DATE_LINE_WINDOW]):
        if _is_sentence(line.text):
            break
        if lang.date_line.match(line.text):
            taken.append(i)
    if not taken:
        return lines, date, None
    for i in taken:
        date = date or _parse_loose_date(lines[i].text)
    return [ln for i, ln in enumerate(lines) if i not in taken], date, lines[taken[0]].text


def _parse_loose_date(text: str) -> dt.date | None:
    """The date of a lone date line (ISO, y/m/d, "Jan 2, 2021", "2 January 2021", after a
    source stamp or a time: "(Xinhua) 08:05, March 3, 2022"); None when it has no year."""
    m = re.search(r"\b(\d{4})[-/](\d{1,2})[-/](\d{1,2})\b", text)
    try:
        if m:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None
    found = explicit_dates(text, None)
    return found[0].date if found else None


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
"""What a seed's name ends with (in any case): the seeds folder may hold notes, pictures and
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


def last_paragraphs(kb_files: list[Path], slugs: set[str]) -> dict[str, tuple[tuple[str, str, tuple[str, ...]], ...]]:
    """(anchor, text, retired anchors landing on it) of each paragraph of the documents
    `slugs`, as the last build's kb.json shows them: the first of `kb_files` that has a
    document wins. The ledger's anchors are matched against these texts (ledger.assign_anchors).
    Only the lines of those documents are parsed (kb.json is one record per line); a missing
    or unreadable file gives nothing, and costs only anchors a changed paragraph could keep."""
    out: dict[str, tuple[tuple[str, str, tuple[str, ...]], ...]] = {}
    for path in kb_files:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        for record in _document_records(text, slugs - out.keys()):
            try:
                out.setdefault(record["id"], tuple(
                    (str(p["anchor"]), str(p["text"]), tuple(map(str, p.get("retired_anchors", ()))))
                    for p in record["paragraphs"]))
            except (KeyError, TypeError, AttributeError):
                continue
    return out


def _document_records(text: str, slugs: set[str]) -> list[dict]:
    """The records of `slugs` in the text of a kb.json: by line where it is written one
    record a line, else (an older, indented file) parsed whole."""
    prefix = '{"id":"'
    found: list[dict] = []
    by_line = False
    for line in text.split("\n"):
        if not line.startswith(prefix):
            continue
        by_line = True
        end = line.find('"', len(prefix))
        if line[len(prefix):end] in slugs:
            try:
                found.append(json.loads(line.rstrip(",")))
            except ValueError:
                continue
    if by_line:
        return found
    try:
        documents = json.loads(text).get("documents", [])
    except (ValueError, AttributeError):
        return []
    return [d for d in documents if isinstance(d, dict) and d.get("id") in slugs]
