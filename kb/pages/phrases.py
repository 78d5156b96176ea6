"""Set phrases over time: when each fixed formulation was first and last used, by whom, and how
often per year."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict

from kb.pages.context import PageContext

PATH = "phrases.md"


def phrases_page(ctx: PageContext) -> str:
    """Set phrases over time: first and last use, by whom, how often per year."""
    uses: dict[str, list] = defaultdict(list)
    for doc in sorted(ctx.corpus.documents, key=lambda d: (d.sort_date, d.slug)):
        for m in doc.phrases:
            speaker = next((st.speaker for st in doc.statements_at[m.paragraph]
                            if st.sentence.start <= m.span.start < st.sentence.end), None)
            uses[m.concept].append((doc, m, speaker))
    rows = []
    for c in ctx.vocab.sections.get("phrases", []):
        found = uses.get(c.id, [])
        per_year: dict[str, int] = defaultdict(int)
        by_whom: dict[str, int] = defaultdict(int)
        for doc, m, speaker in found:
            per_year[str(doc.sort_date.year) if doc.sort_date != dt.date.min else "undated"] += 1
            who = ctx.vocab.concepts[speaker].label if speaker else (doc.publisher or "not attributed")
            by_whom[who] += 1
        rows.append((c, found, sorted(per_year.items()), sorted(by_whom.items(), key=lambda kv: (-kv[1], kv[0]))))
    return ctx.page("phrases.md.j2", PATH, {"title": "Set phrases"}, rows=rows)
