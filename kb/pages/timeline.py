"""The timeline: documents by event date, and the dates and years they refer to, by year."""
from __future__ import annotations

import datetime as dt

from kb.pages.context import PageContext

PATH = "timeline.md"


def timeline_page(ctx: PageContext) -> str:
    """Documents by event date, and the dates and years they refer to, by year."""
    years: dict[str, dict[str, list]] = {}
    for doc in ctx.corpus.documents:
        key = str(doc.sort_date.year) if doc.sort_date != dt.date.min else "Undated"
        years.setdefault(key, {"docs": [], "refs": []})["docs"].append(doc)
    for year, text, passage in ctx.corpus.references:
        years.setdefault(str(year), {"docs": [], "refs": []})["refs"].append((text, passage))
    ordered = sorted(years.items(), key=lambda kv: (kv[0] == "Undated", -int(kv[0]) if kv[0].isdigit() else 0))
    return ctx.page("timeline.md.j2", PATH, {"title": "Timeline"}, years=ordered)
