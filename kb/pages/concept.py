"""A concept's page (a topic, person, organisation, place or treaty), and its year pages.

The main page shows the definition and aliases (so a search by alias finds it), the passages
of the newest documents (`years.PAGE_DOCUMENTS`), co-occurring topics and the statements on it; a
concept found in more documents than that also has one page per year holding every passage
of the year, so no page grows with the whole corpus, and a year page's URL stays as documents
come in.
"""
from __future__ import annotations

import html
from collections import defaultdict

from kb.model import Passage
from kb.pages import years as year_pages
from kb.pages.context import PageContext
from kb.pages.escape import esc
from kb.pages.passages import by_document
from kb.pages.search_index import ALIAS_WEIGHT
from kb.pages.sections import SECTION_SINGULAR, passages_of
from kb.pages.stub import forward_page
from kb.pages.urls import concept_path, concept_year_path, feed_path, ris_path
from kb.pages.years import spread_over_years, year_of, years_newest_first

UNLISTED = "kb_unlisted"
"""Front matter of a page that no index, sitemap or search lists and that asks search engines
not to index it (overrides/main.html): an empty concept's page, which only a link given out
before its concept lost its last passage, or a broader/related concept's page, reaches."""
SEARCH_BOOST = {"topics": 1.5, "people": 1.5, "organizations": 1.5, "places": 1.2, "treaties": 1.2}
"""How far Material's search lifts a concept's page above the documents that mention it: a
little, so a page named by the query comes early, but a document about the query is not
crowded out by the pages of every related name (BENCHMARKS.md, search). No tags either:
Material's lunr weighs tags a million times above text."""


def concept_passages(ctx: PageContext, section: str, cid: str) -> tuple[Passage, ...]:
    """Every passage of a concept, newest document first (the link stage's order)."""
    return tuple(passages_of(ctx.corpus, section).get(cid, ()))


def concept_documents(ctx: PageContext, section: str, cid: str) -> int:
    """How many documents the concept's passages are in: what decides its year pages."""
    return len({p.doc for p in concept_passages(ctx, section, cid)})


def has_year_pages(ctx: PageContext, section: str, cid: str) -> bool:
    """Whether the concept's passages are spread over year pages: only when its main page cannot
    show them all (most concepts of a small corpus need none)."""
    return spread_over_years(concept_documents(ctx, section, cid))


def year_stub(ctx: PageContext, section: str, cid: str, year: str) -> str:
    """The file at the URL of a concept's year whose passages are on its main page
    (`stub.forward_page`): it forwards to that year there."""
    c = ctx.vocab.concepts[cid]
    main = concept_path(section, cid)
    anchor = "#" + year_pages.year_anchor(year)
    return forward_page(f"{c.label}: {year}", ctx.href(concept_year_path(section, cid, year), main) + anchor,
                        ctx.absolute(main), f"The passages of {year} are on the page of {c.label}:",
                        f"{c.label}, {year}")


def passages_by_year(ctx: PageContext, section: str, cid: str) -> dict[str, tuple[Passage, ...]]:
    """A concept's passages by year, each year's in their order. Kept per concept: its main page
    and each of its year pages ask, and sorting every passage again for each of them made a
    concept's pages cost its passages times its years."""
    kept = ctx.kept
    key = (section, cid)
    if key not in kept.passages_by_year:
        if not kept.doc_years:  # each document's year, once: concepts share documents
            kept.doc_years.update((d.slug, year_of(d)) for d in ctx.corpus.documents)
        by_year: dict[str, list[Passage]] = defaultdict(list)
        for p in concept_passages(ctx, section, cid):
            by_year[kept.doc_years[p.doc]].append(p)
        kept.passages_by_year[key] = {y: tuple(ps) for y, ps in by_year.items()}
    return kept.passages_by_year[key]


def concept_years(ctx: PageContext, section: str, cid: str) -> list[tuple[str, int]]:
    """(year, documents) of a concept's passages, newest first; "undated" last (kept per
    concept, like `passages_by_year`)."""
    kept = ctx.kept.concept_years
    key = (section, cid)
    if key not in kept:
        kept[key] = years_newest_first((y, len({p.doc for p in ps}))
                                       for y, ps in passages_by_year(ctx, section, cid).items())
    return kept[key]


def concept_page(ctx: PageContext, section: str, cid: str, year: str | None = None) -> str:
    """A concept's page: everything on it, or (with `year`) its passages of one year."""
    corpus, c = ctx.corpus, ctx.vocab.concepts[cid]
    path = concept_year_path(section, cid, year) if year else concept_path(section, cid)
    narrower = [x.id for x in ctx.vocab.sections[section] if cid in x.broader]
    passages = concept_passages(ctx, section, cid)
    if year is not None:
        passages = passages_by_year(ctx, section, cid).get(year, ())
    groups = by_document(ctx, passages)
    shown = groups if year is not None else year_pages.on_main_page(groups)
    shown_docs = {doc.slug for doc, _ in shown}
    statements = [(corpus.by_slug[slug], st)
                  for slug, st in corpus.statements_by_speaker.get(cid, ()) if slug in shown_docs]
    by_topic: dict[str, list] = defaultdict(list)
    for doc, st in statements:
        topics = sorted({h.topic for h in doc.topics_at[st.paragraph]}) or [""]
        for t in topics:
            by_topic[t].append((doc, st))
    statement_groups = sorted(by_topic.items(), key=lambda kv: (kv[0] == "", -len(kv[1]), kv[0]))
    speakers: dict[str, list] = defaultdict(list)
    if section == "topics":
        for p in passages:
            if p.doc not in shown_docs:
                continue
            doc = corpus.by_slug[p.doc]
            for st in doc.statements_at[p.paragraph]:
                speakers[st.speaker].append((doc, st))
    speaker_groups = sorted(speakers.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    values = dict(c=c, section=section, singular=SECTION_SINGULAR[section], narrower=narrower,
                  groups=shown, all_groups=len(groups), passage_count=len(passages), year=year,
                  years=concept_years(ctx, section, cid), statement_groups=statement_groups,
                  speaker_groups=speaker_groups, year_anchor=year_pages.year_anchor,
                  files=(ctx.href(path, feed_path(section, cid)), ctx.href(path, ris_path(section, cid))))
    # A concept some document names has a feed and a RIS file of its documents; its pages name the
    # feed in their <head> (front matter `kb_preview`, written by overrides/main.html) for feed
    # readers, which look for the token "alternate". Its rel is not "alternate" alone: Material
    # fetches a sitemap.xml beside every link whose rel is exactly that (its language switcher),
    # and there is none in a concept's folder (a 404 on every concept page).
    follow = {"kb_preview": f'<link rel="alternate feed" type="application/atom+xml" title="{esc(c.label)}" '
                            f'href="{esc(values["files"][0])}">'} if passages else {}
    if year is not None:
        return ctx.page("concept.md.j2", path, {
            "title": html.escape(f"{c.label}: {year}"),
            "description": html.escape(f"{SECTION_SINGULAR[section]} {c.label}: passages of {year}"),
            "search": {"exclude": True},  # the same passages as the documents: no rival hits
            **follow,
        }, year_pages=True, cooccurring=(), alias_weight=ALIAS_WEIGHT, **values)
    front = {
        "title": html.escape(c.label),
        "description": html.escape(c.definition or f"{SECTION_SINGULAR[section]}: {c.label}"),
        # A search for a topic or a name should land on its page before passing mentions.
        "search": {"boost": SEARCH_BOOST[section]},
        **follow,
    }
    if not passages:
        # A concept no document mentions has a page, so that no link ever given out breaks, but
        # nothing sends a reader to it: no index, sitemap or search lists it (`UNLISTED`).
        front.update({"search": {"exclude": True}, UNLISTED: True})
    return ctx.page("concept.md.j2", path, front, year_pages=spread_over_years(len(groups)),
                    alias_weight=ALIAS_WEIGHT,
                    cooccurring=corpus.cooccurring.get(cid, ()) if section == "topics" else (), **values)
