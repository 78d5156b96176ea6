"""An event's page: one encounter, its accounts side by side, and what only one of them mentions."""
from __future__ import annotations

import html
from collections import defaultdict

from kb.model import Event
from kb.pages.context import PageContext
from kb.pages.urls import event_path


def event_page(ctx: PageContext, ev: Event) -> str:
    """One encounter, its accounts side by side, and what only one of them mentions."""
    docs = [ctx.corpus.by_slug[s] for s in ev.documents]
    topics = {d.slug: d.topic_ids() for d in docs}
    entities = {d.slug: d.entity_ids() for d in docs}
    statements: dict[str, list] = {}
    for d in docs:
        groups: dict[str, list] = defaultdict(list)
        for st in d.statements:
            groups[st.speaker].append(st)
        statements[d.slug] = sorted(groups.items(), key=lambda kv: kv[0])
    only = []
    if len(docs) > 1:
        for d in docs:
            others_t = set().union(*(set(topics[o.slug]) for o in docs if o is not d))
            others_e = set().union(*(set(entities[o.slug]) for o in docs if o is not d))
            only.append((d, [t for t in topics[d.slug] if t not in others_t],
                         [e for e in entities[d.slug] if e not in others_e]))
    kind = ctx.vocab.concepts[ev.kind].label
    names = " and ".join(ctx.vocab.concepts[p].label for p in ev.participants)
    return ctx.page("event.md.j2", event_path(ev.id), {"title": html.escape(f"{kind}: {names}, {ev.date.isoformat()}")},
                    ev=ev, docs=docs, topics=topics, statements=statements, only=only, kind=kind)
