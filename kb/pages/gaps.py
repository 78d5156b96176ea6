"""Where the vocabulary falls short: paragraphs with no topic, and capitalised names it does not
know, so whoever keeps the vocabulary sees what to add."""
from __future__ import annotations

from kb.pages.context import PageContext

PATH = "gaps.md"


def gaps_page(ctx: PageContext) -> str:
    """Paragraphs with no topic, names the vocabulary does not know."""
    by_slug = ctx.corpus.by_slug
    uncovered = [(by_slug[p.doc], by_slug[p.doc].doc.paragraphs[p.paragraph - 1]) for p in ctx.corpus.uncovered]
    names = [(name, n, by_slug[p.doc], p.paragraph) for name, n, p in ctx.corpus.unknown_names]
    return ctx.page("gaps.md.j2", PATH, {"title": "Vocabulary gaps", "search": {"exclude": True}},
                    uncovered=uncovered, names=names,
                    total=sum(len(d.doc.paragraphs) for d in ctx.corpus.documents))
