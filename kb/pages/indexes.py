"""The index pages readers browse from: each section's concepts, the documents by year, the
events. Documents are reached through these, never one navigation entry each, so pages stay
small as the corpus grows.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict

from kb.model import Annotated
from kb.pages.context import PageContext
from kb.pages.event import has_page
from kb.pages.sections import SECTION_SINGULAR, SECTION_TITLES, passages_of

DOCUMENTS_INDEX = "documents/index.md"
EVENTS_INDEX = "events/index.md"


def section_index_path(section: str) -> str:
    """The index page of a section (`topics/index.md`), its URL the section's folder."""
    return f"{section}/index.md"


def section_index(ctx: PageContext, section: str) -> str:
    """A section's concepts that a document mentions, those found in the most documents first."""
    rows = []
    for c in ctx.vocab.sections[section]:
        passages = passages_of(ctx.corpus, section).get(c.id, ())
        if not passages:  # its page exists, telling only that no document mentions it yet
            continue
        rows.append((c, len(passages), len({p.doc for p in passages})))
    rows.sort(key=lambda r: (-r[2], -r[1], r[0].label.casefold(), r[0].id))
    return ctx.page("section_index.md.j2", section_index_path(section), {"title": SECTION_TITLES[section]},
                    section=section, title=SECTION_TITLES[section], rows=rows,
                    singular=SECTION_SINGULAR[section])


def documents_index(ctx: PageContext) -> str:
    """Every document by year, newest first."""
    years: dict[str, list[Annotated]] = defaultdict(list)
    for doc in ctx.corpus.documents:
        years[str(doc.sort_date.year) if doc.sort_date != dt.date.min else "Undated"].append(doc)
    return ctx.page("documents_index.md.j2", DOCUMENTS_INDEX, {"title": "Documents"},
                    years=list(years.items()), kinds=ctx.vocab.concepts)


def events_index(ctx: PageContext) -> str:
    """Every encounter: those with more than one account first, each with its accounts listed under it
    (publisher, date, kind), then those with one, a line each (newest first in both)."""
    events = ctx.corpus.events
    return ctx.page("events_index.md.j2", EVENTS_INDEX, {"title": "Events"}, events=events,
                    several=[ev for ev in events if has_page(ev)], once=[ev for ev in events if not has_page(ev)])
