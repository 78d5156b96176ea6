"""An event's page: one encounter, its accounts side by side, and what only one of them mentions.

An encounter with one account has no page of its own: side by side with nothing, it would be
the document's page again, in a whole page of chrome (a thousand of them in a site of a thousand
documents; BENCHMARKS.md, "Site size per document"). Its URL still answers, as the page it
becomes when a second account comes (the event's id does not change), so a link given out to
it keeps working: a few hundred bytes that send the reader on to the one account.
"""
from __future__ import annotations

import html
from collections import defaultdict

from kb.model import Event
from kb.pages.context import PageContext
from kb.pages.stub import forward_page
from kb.pages.urls import doc_path, event_path, event_stub_path


def has_page(ev: Event) -> bool:
    """Whether the event has a page of its own: more than one account to set side by side."""
    return len(ev.documents) > 1


def accounts_of(ctx: PageContext, slug: str) -> int:
    """How many accounts the document's event has (0 for a document in no event): its page
    links the event's page only when there is one."""
    eid = ctx.corpus.event_of.get(slug)
    if eid is None:
        return 0
    if not ctx.kept.event_accounts:
        ctx.kept.event_accounts.update((ev.id, len(ev.documents)) for ev in ctx.corpus.events)
    return ctx.kept.event_accounts[eid]


def event_file(ev: Event) -> str:
    """The file written at the event's URL: its page, or the stub of an event of one account."""
    return event_path(ev.id) if has_page(ev) else event_stub_path(ev.id)


def event_stub(ctx: PageContext, ev: Event) -> str:
    """The file at the URL of an event of one account (`stub.forward_page`): it forwards to the
    document."""
    doc = ctx.corpus.by_slug[ev.documents[0]]
    # The stub is served at the page's URL: its links are relative to it.
    return forward_page(doc.title, ctx.href(event_path(ev.id), doc_path(doc.slug)), ctx.absolute(doc_path(doc.slug)),
                        "This encounter has one account so far:", doc.title)


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
