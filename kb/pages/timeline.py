"""The timeline: documents by event date, and the dates and years they refer to, by year.

It opens on the newest document's year: a year after it is one the texts only look ahead to
(a New Year message's coming years, a plan's target), which has no event yet, so it goes in a
section of its own at the end rather than above every dated event.
"""
from __future__ import annotations

import datetime as dt

from kb.pages.context import PageContext

PATH = "timeline.md"
AHEAD = "Looking ahead"
"""The heading of the years after the newest document's."""


def timeline_page(ctx: PageContext) -> str:
    """Documents by event date, and the dates and years they refer to, by year, from the newest
    document's year down; the years after it that the texts refer to, apart."""
    years: dict[str, dict[str, list]] = {}
    for doc in ctx.corpus.documents:
        key = str(doc.sort_date.year) if doc.sort_date != dt.date.min else "Undated"
        years.setdefault(key, {"docs": [], "refs": []})["docs"].append(doc)
    dated = [d.sort_date.year for d in ctx.corpus.documents if d.sort_date != dt.date.min]
    newest = max(dated) if dated else None
    ahead = []
    for year, text, passage in ctx.corpus.references:
        if newest is not None and year > newest:
            ahead.append((text, passage))
        else:
            years.setdefault(str(year), {"docs": [], "refs": []})["refs"].append((text, passage))
    ordered = sorted(years.items(), key=lambda kv: (kv[0] == "Undated", -int(kv[0]) if kv[0].isdigit() else 0))
    if ahead:
        ordered.append((AHEAD, {"docs": [], "refs": ahead}))
    return ctx.page("timeline.md.j2", PATH, {"title": "Timeline"}, years=ordered, ahead=AHEAD, newest=newest)
