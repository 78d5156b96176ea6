"""Citations of a document: plain text (the page's "Cite" button), BibTeX, CSL-JSON and RIS (the
files `cite/<slug>.bib`, `.json` and `.ris`, which reference managers import: RIS is what
Zotero, EndNote and Mendeley all read).

The date cited is the publication date, never the event date: a record with none has none
(the event date goes in a note, so a reader still sees when it happened). No access date is
written: the build's date would change the output every day, and an empty one is noise. A news
item names its outlet as the CSL's `container-title`; one whose outlet the text does not name
is cited as a web page, since a newspaper article with no newspaper renders as nonsense in
Chicago's style.
"""
from __future__ import annotations

import json
from typing import Any

from kb.model import Annotated
from kb.pages.context import PageContext
from kb.pages.escape import bibtex_text, ris_text
from kb.pages.urls import doc_path

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
"""BibTeX's month macros, written bare (`month = aug`) so that every style prints its own name."""


def csl_type(doc: Annotated) -> str:
    """The CSL type: a news item with a named outlet is a newspaper article; one without, a web
    page; an official text, a report."""
    if doc.kind != "news-report":
        return "report"
    return "article-newspaper" if doc.publisher else "webpage"


def citation(ctx: PageContext, doc: Annotated) -> dict[str, str]:
    """Plain-text, BibTeX and CSL-JSON citations of a document (accessed date left blank)."""
    url = ctx.absolute(doc_path(doc.slug))
    date = doc.published
    note = f"Event date: {doc.event_date.isoformat()}" if doc.event_date and doc.event_date != date else ""
    by = f"{doc.publisher}. " if doc.publisher else ""  # no publisher named: none is made up
    plain = f"{by}“{doc.title}.” {date.isoformat() if date else 'Undated'}. {url}. Accessed ________."
    fields = [("title", "{{" + bibtex_text(doc.title) + "}}")]
    if doc.publisher:
        fields.append(("author", "{{" + bibtex_text(doc.publisher) + "}}"))
    if date:
        fields += [("year", f"{{{date.year}}}"), ("month", MONTHS[date.month - 1]), ("date", f"{{{date.isoformat()}}}")]
    fields.append(("url", f"{{{url}}}"))
    if note:
        fields.append(("note", "{" + bibtex_text(note) + "}"))
    bibtex = f"@misc{{{doc.slug},\n" + ",\n".join(f"  {k} = {v}" for k, v in fields) + "\n}\n"
    kind = csl_type(doc)
    csl: dict[str, Any] = {"id": doc.slug, "type": kind, "title": doc.title,
                           **({"publisher": doc.publisher} if doc.publisher else {}), "URL": url}
    if kind == "article-newspaper":
        csl["container-title"] = doc.publisher
    if date:
        csl["issued"] = {"date-parts": [[date.year, date.month, date.day]]}
    if note:
        csl["note"] = note
    return {"plain": plain, "bibtex": bibtex, "csl": json.dumps([csl], ensure_ascii=False, indent=1) + "\n",
            "ris": ris(doc, url, note)}


def ris(doc: Annotated, url: str, note: str) -> str:
    """The RIS record: a news item (NEWS, its outlet as T2, the newspaper's title) or a report
    (RPRT); publisher and dates only where the text gives them."""
    news = doc.kind == "news-report"
    tags = [("TY", "NEWS" if news else "RPRT"), ("TI", doc.title)]
    if doc.publisher:
        tags += [("T2", doc.publisher)] if news else []
        tags.append(("PB", doc.publisher))
    if doc.published:
        tags += [("PY", str(doc.published.year)), ("DA", doc.published.strftime("%Y/%m/%d/"))]
    tags.append(("UR", url))
    if note:
        tags.append(("N1", note))
    return "".join(f"{tag}  - {ris_text(value)}\n" for tag, value in tags) + "ER  - \n"
