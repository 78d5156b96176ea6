"""Citations of a document: plain text (the page's "Cite" buttons), BibTeX, CSL-JSON and RIS (the
files `cite/<slug>.bib`, `.json` and `.ris`, which reference managers import: RIS is what
Zotero, EndNote and Mendeley all read), all written from one `Record`, so the formats, the
page's <head> (kb/pages/preview.py) and its JSON-LD never disagree.

A record holds what the text gives, never a placeholder: the author is the person or body the
text names (`author_of`), the publisher the outlet the reader found (kb/stages/publisher.py),
`issued` the publication date; a field the text does not give is absent. The event date is no
publication date: it goes in a note, so a reader still sees when it happened. No access date is
written: the build's date would change the output every day, and an empty one is noise. A news
item names its outlet as the CSL's `container-title`; one whose outlet the text does not name
is cited as a web page, since a newspaper article with no newspaper renders as nonsense in
Chicago's style.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any, Iterable, Iterator

from kb.model import Annotated
from kb.pages.context import PageContext
from kb.pages.escape import bibtex_text, ris_text
from kb.pages.sections import CONCEPT_SECTIONS, concept_documents, passages_of
from kb.pages.urls import doc_path, ris_path
from kb.rules.language import ACRONYM

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
"""BibTeX's month macros, written bare (`month = aug`) so that every style prints its own name."""
SPOKEN_KINDS = ("speech", "interview", "article")
"""Kinds whose author is the person who speaks in them: the speaker, the interviewee, the
writer of a signed article."""
NEWS_KINDS = ("news-report",)
"""Kinds an outlet publishes as its own item: the outlet is the container."""


@dataclass(frozen=True)
class Record:
    """One document as a reference: every format is written from this."""

    id: str
    """The permanent slug (BibTeX key, CSL id, RIS ID)."""
    type: str
    """CSL type: `article-newspaper` (an outlet's item), `report` (an official text) or
    `webpage` (a news item whose outlet is not named)."""
    title: str
    authors: tuple[str, ...]
    """Names as written (a person or a body); empty where the text gives none."""
    publisher: str | None
    container: str | None
    """The outlet a newspaper or wire item appeared in (`container-title`)."""
    issued: dt.date | None
    """The publication date, or None: never the event's."""
    event_date: dt.date | None
    """The date of the event reported, kept for the note."""
    url: str
    person: bool = False
    """Whether the author is a person (a speaker) rather than a body."""

    @property
    def note(self) -> str | None:
        """The event's date where it is not the publication date."""
        if self.event_date is None or self.event_date == self.issued:
            return None
        return f"Event date: {self.event_date.isoformat()}"


def _key(name: str) -> str:
    return " ".join(name.replace("-", " ").split()).casefold()


def _is_among(name: str, words: Iterable[str]) -> bool:
    """Whether `name` is one of `words` or opens with one ("Agency News Agency"), as the
    reader names an outlet (kb/stages/publisher.py)."""
    key = _key(name)
    return any(key == w or key.startswith(w + " ") for w in map(_key, words))


def _is_outlet(ctx: PageContext, name: str) -> bool:
    """Whether a publisher is a news outlet (one the field knows, or capitals), not an issuing body."""
    return _is_among(name, ctx.vocab.field_words.outlets) or bool(ACRONYM.match(name))


def author_of(ctx: PageContext, doc: Annotated) -> tuple[tuple[str, ...], bool]:
    """Who the text gives as its author, and whether that is a person: the one who speaks in a
    speech, an interview or a signed article (of the people it is about, the one with most
    statements); else a wire agency that credits the item (the field's `wires`); else, for an
    official text, the body that issued it, where its publisher is such a body (an embassy, a
    ministry) rather than a news outlet. Nobody otherwise."""
    if doc.kind in SPOKEN_KINDS:
        spoken: dict[str, int] = {}
        for st in doc.statements:
            if st.speaker in doc.participants:
                spoken[st.speaker] = spoken.get(st.speaker, 0) + 1
        if spoken:
            best = min(spoken, key=lambda s: (-spoken[s], s))
            return (ctx.vocab.concepts[best].label,), True
    words = ctx.vocab.field_words
    if doc.publisher and _is_among(doc.publisher, words.wires):
        return (doc.publisher,), False
    if doc.kind not in NEWS_KINDS and doc.publisher and not _is_outlet(ctx, doc.publisher):
        return (doc.publisher,), False
    return (), False


def record(ctx: PageContext, doc: Annotated) -> Record:
    """The document as a reference."""
    outlet = doc.publisher is not None and _is_outlet(ctx, doc.publisher)
    if doc.publisher and (doc.kind in NEWS_KINDS or outlet):
        kind, container = "article-newspaper", doc.publisher
    else:
        kind, container = ("webpage" if doc.kind in NEWS_KINDS else "report"), None
    authors, person = author_of(ctx, doc)
    return Record(doc.slug, kind, ris_text(doc.title), tuple(ris_text(a) for a in authors),
                  ris_text(doc.publisher) if doc.publisher else None, ris_text(container) if container else None,
                  doc.published, doc.event_date, ctx.absolute(doc_path(doc.slug)), person)


def csl(rec: Record) -> dict[str, Any]:
    """The record as a CSL-JSON item; a name as a `literal` (a body is not split into given and
    family names, and a person is named as the text names them)."""
    item: dict[str, Any] = {"id": rec.id, "type": rec.type, "title": rec.title, "URL": rec.url}
    if rec.authors:
        item["author"] = [{"literal": a} for a in rec.authors]
    if rec.publisher:
        item["publisher"] = rec.publisher
    if rec.container:
        item["container-title"] = rec.container
    if rec.issued:
        item["issued"] = {"date-parts": [[rec.issued.year, rec.issued.month, rec.issued.day]]}
    if rec.note:
        item["note"] = rec.note
    return item


def csl_json(records: Iterable[Record]) -> str:
    """CSL-JSON: a list of items."""
    return json.dumps([csl(r) for r in records], ensure_ascii=False, indent=1) + "\n"


def bibtex(rec: Record) -> str:
    """The record as a BibTeX entry: every value escaped (`bibtex_text`), each author in
    double braces (a body is not split into given and family names), the month as its macro."""
    fields = [("title", "{{" + bibtex_text(rec.title) + "}}")]
    if rec.authors:
        fields.append(("author", "{" + " and ".join("{" + bibtex_text(a) + "}" for a in rec.authors) + "}"))
    if rec.container:
        fields.append(("journal", "{" + bibtex_text(rec.container) + "}"))
    if rec.publisher:
        fields.append(("publisher", "{" + bibtex_text(rec.publisher) + "}"))
    if rec.issued:
        day = rec.issued
        fields += [("year", f"{{{day.year}}}"), ("month", MONTHS[day.month - 1]), ("date", f"{{{day.isoformat()}}}")]
    fields.append(("url", f"{{{rec.url}}}"))
    if rec.note:
        fields.append(("note", "{" + bibtex_text(rec.note) + "}"))
    return f"@misc{{{rec.id},\n" + ",\n".join(f"  {k} = {v}" for k, v in fields) + "\n}\n"


RIS_TYPES = {"article-newspaper": "NEWS", "report": "RPRT", "webpage": "ELEC"}
"""RIS's reference type of each CSL type."""


def ris(records: Iterable[Record]) -> str:
    """RIS: one reference per record, its outlet as T2 (the newspaper's title), publisher,
    authors and dates only where the text gives them. Every value on one line (`ris_text`), so
    no text can start a tag of its own."""
    out = []
    for rec in records:
        tags = [("TY", RIS_TYPES[rec.type]), ("ID", rec.id), ("TI", rec.title)]
        tags += [("AU", a) for a in rec.authors]
        if rec.container:
            tags.append(("T2", rec.container))
        if rec.publisher:
            tags.append(("PB", rec.publisher))
        if rec.issued:
            tags += [("PY", str(rec.issued.year)), ("DA", rec.issued.strftime("%Y/%m/%d/"))]
        tags.append(("UR", rec.url))
        if rec.note:
            tags.append(("N1", rec.note))
        out.append("".join(f"{tag}  - {ris_text(value)}\n" for tag, value in tags) + "ER  - \n")
    return "\n".join(out)


def plain(rec: Record) -> str:
    """The plain-text citation the page's buttons copy, in APA's order (author, date, title,
    outlet or publisher, URL), made of the CSL item's fields (tested against citeproc-py's APA).
    A record with no author leads with its title, as APA does."""
    date = f"{rec.issued.year}, {_month_name(rec.issued)} {rec.issued.day}" if rec.issued else "n.d."
    where = rec.container or (rec.publisher if rec.publisher not in rec.authors else None)
    if rec.authors:
        head = f"{_list(rec.authors)} ({date}). {_stop(rec.title)}"
    else:
        head = f"{_stop(rec.title)} ({date})."
    return f"{head} {_stop(where) + ' ' if where else ''}{rec.url}"


def _month_name(day: dt.date) -> str:
    # strftime's %B is the locale's name; the C locale's is the English one APA prints.
    return day.strftime("%B")


def _list(authors: tuple[str, ...]) -> str:
    """Authors as APA lists them: "A.", "A, & B.", "A, B, & C."."""
    if len(authors) == 1:
        return _stop(authors[0])
    return ", ".join(authors[:-1]) + ", & " + _stop(authors[-1])


def _stop(text: str) -> str:
    """Text ending in one full stop, whatever punctuation it ends with."""
    return text if text[-1:] in ".?!" else text + "."


def texts(rec: Record) -> dict[str, str]:
    """A record's citations: plain text, BibTeX, CSL-JSON, RIS."""
    return {"plain": plain(rec), "bibtex": bibtex(rec), "csl": csl_json([rec]), "ris": ris([rec])}


def citation(ctx: PageContext, doc: Annotated) -> dict[str, str]:
    """A document's citations: plain text, BibTeX, CSL-JSON, RIS."""
    return texts(record(ctx, doc))


CONCEPT_RECORDS = 200
"""At most this many documents, the newest, in a concept's RIS file: there is one per concept,
and a subject named in every document would otherwise copy the whole corpus's citations once
more (BENCHMARKS.md, "Feeds and citations per concept")."""


def concept_citations(ctx: PageContext) -> Iterator[tuple[str, str]]:
    """(path, RIS) of the documents of every concept some document discusses or names: one file
    a reference manager imports a subject's documents from, newest first."""
    records: dict[str, Record] = {}  # each document's record made once, however many concepts name it
    for section in CONCEPT_SECTIONS:
        index = passages_of(ctx.corpus, section)
        for c in ctx.vocab.sections[section]:
            if index.get(c.id):
                docs = concept_documents(ctx.corpus, section, c.id)[:CONCEPT_RECORDS]
                for d in docs:
                    if d.slug not in records:
                        records[d.slug] = record(ctx, d)
                yield ris_path(section, c.id), ris(records[d.slug] for d in docs)
