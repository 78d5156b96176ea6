"""Citations of a document: plain text (the page's "Cite" button), BibTeX and CSL-JSON (the
files `cite/<slug>.bib` and `.json`, which reference managers import).

The accessed date is left blank: the page is cited when it is read, not when it was built.
"""
from __future__ import annotations

import json
from typing import Any

from kb.model import Annotated
from kb.pages.context import PageContext
from kb.pages.escape import bibtex_text
from kb.pages.urls import doc_path


def citation(ctx: PageContext, doc: Annotated) -> dict[str, str]:
    """Plain-text, BibTeX and CSL-JSON citations of a document (accessed date left blank)."""
    url = ctx.absolute(doc_path(doc.slug))
    date = doc.published or doc.event_date
    by = f"{doc.publisher}. " if doc.publisher else ""  # no publisher named: none is made up
    plain = f"{by}“{doc.title}.” {date.isoformat() if date else 'Undated'}. {url}. Accessed ________."
    fields = [("title", "{" + bibtex_text(doc.title) + "}")]
    if doc.publisher:
        fields.append(("author", "{" + bibtex_text(doc.publisher) + "}"))
    if date:
        fields += [("year", str(date.year)), ("month", date.strftime("%b").lower()), ("date", date.isoformat())]
    fields += [("url", url), ("note", "Accessed: ")]
    bibtex = f"@misc{{{doc.slug},\n" + ",\n".join(f"  {k} = {{{v}}}" for k, v in fields) + "\n}\n"
    csl: dict[str, Any] = {"id": doc.slug, "type": "article-newspaper" if doc.kind == "news-report" else "report",
                           "title": doc.title, **({"publisher": doc.publisher} if doc.publisher else {}), "URL": url}
    if date:
        csl["issued"] = {"date-parts": [[date.year, date.month, date.day]]}
    return {"plain": plain, "bibtex": bibtex, "csl": json.dumps([csl], ensure_ascii=False, indent=1) + "\n"}
