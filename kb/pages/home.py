"""The home page: what the corpus holds (documents, dates, topics, entities), the latest
documents, and the most discussed topics by year."""
from __future__ import annotations

import datetime as dt

from kb.model import ENTITY_KINDS
from kb.pages.context import PageContext
from kb.pages.sections import SECTION_TITLES
from kb.pages.topic_map import topic_year_grid

PATH = "index.md"
LATEST_ON_HOME = 10
"""The newest documents listed on the home page."""
HOME_GRID_TOPICS = 15
"""Topics in the home page's topics-by-year grid (the most discussed; the topic map has all)."""


def home_page(ctx: PageContext) -> str:
    """The home page, drawn from the whole corpus (made on every build)."""
    corpus, vocab = ctx.corpus, ctx.vocab
    topic_rows = []
    for c in vocab.sections["topics"]:
        passages = corpus.topic_passages.get(c.id, ())
        if passages:
            topic_rows.append((c, len({p.doc for p in passages}), len(passages)))
    topic_rows.sort(key=lambda r: (-r[1], -r[2], r[0].label.casefold()))
    counts = [(s, SECTION_TITLES[s], sum(1 for c in vocab.sections[s] if corpus.entity_passages.get(c.id)))
              for s in ENTITY_KINDS]
    dated = [d.sort_date for d in corpus.documents if d.sort_date != dt.date.min]
    return ctx.page("home.md.j2", PATH, {"title": "Home"},
                    corpus=corpus, topic_rows=topic_rows, counts=counts,
                    latest=corpus.documents[:LATEST_ON_HOME],
                    first=min(dated) if dated else None, last=max(dated) if dated else None,
                    kinds=vocab.concepts, grid=topic_year_grid(ctx, PATH, HOME_GRID_TOPICS))
