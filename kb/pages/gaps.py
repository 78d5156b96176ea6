"""Where the vocabulary falls short: paragraphs with no topic, and capitalised names it does not
know, so whoever keeps the vocabulary sees what to add."""
from __future__ import annotations

from kb.pages.context import PageContext

PATH = "gaps.md"
UNCOVERED_SHOWN = 500
"""Paragraphs no topic covers that the page lists, of the newest documents: the list is for
finding what the vocabulary misses, which a few hundred show, and listing all of them made one
page of 11 MB at 10,000 documents. kb.json gives every paragraph with its topics: the rest are
those with none."""


def gaps_page(ctx: PageContext) -> str:
    """Paragraphs with no topic, names the vocabulary does not know."""
    by_slug = ctx.corpus.by_slug
    uncovered = [(by_slug[p.doc], by_slug[p.doc].doc.paragraphs[p.paragraph - 1])
                 for p in ctx.corpus.uncovered[:UNCOVERED_SHOWN]]
    names = [(name, n, by_slug[p.doc], p.paragraph) for name, n, p in ctx.corpus.unknown_names]
    return ctx.page("gaps.md.j2", PATH, {"title": "Vocabulary gaps", "search": {"exclude": True}},
                    uncovered=uncovered, uncovered_all=len(ctx.corpus.uncovered), names=names,
                    total=sum(len(d.doc.paragraphs) for d in ctx.corpus.documents))
