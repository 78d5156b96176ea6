"""The topic map: which topics occur together, as a table of shaded cells with their counts, and
the topics against the years they are discussed in (a grid the home page shows too), each cell
a link to the topic's passages of that year.

Both are HTML tables, not pictures: their labels and counts are text at the page's own size, so
a phone reads them as well as a wide screen (a picture scaled to a phone's width shrank its
labels to a few pixels), and the reader scrolls them sideways with the labels kept in view.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from markupsafe import Markup

from kb.pages.concept import concept_years, has_year_pages
from kb.pages.context import PageContext
from kb.pages.escape import esc
from kb.pages.urls import concept_path, concept_year_path
from kb.pages.years import UNDATED, year_anchor

PATH = "topic-map.md"
TOPIC_MAP_MAX = 30
"""Topics on the co-occurrence table at most (the most discussed): a larger one is unreadable."""
YEAR_COLUMNS = 12
"""Years of the topics-by-year grid at most (the newest, and "undated"): so it fits a laptop's
screen beside the theme's navigation; a topic's page lists all its years."""
SHADES = 4
"""Shades of a cell, from a little to the most of the table (class kb-h1 ... kb-h4)."""


def topic_map_page(ctx: PageContext) -> str:
    """Which topics occur together, and the topics by year."""
    corpus = ctx.corpus
    counts = {t: len(ps) for t, ps in corpus.topic_passages.items()}
    topics = sorted(counts, key=lambda t: (-counts[t], t))[:TOPIC_MAP_MAX]
    pair = {(a, b): n for a in topics for b, n in corpus.cooccurring.get(a, ()) if b in topics}
    return ctx.page("topic_map.md.j2", PATH, {"title": "Topic map", "hide": ["toc"]},
                    table=cooccurrence_table(ctx, PATH, topics, pair, counts),
                    grid=topic_year_grid(ctx, PATH, None))


def shade(n: int, top: int) -> str:
    """The class of a cell counting `n` where the table's largest count is `top`: "" for none,
    else kb-h1 (a little) to kb-h4 (the most)."""
    if n <= 0:
        return ""
    return f"kb-h{min(SHADES, 1 + (SHADES * n - 1) // max(top, 1))}"


def cooccurrence_table(ctx: PageContext, here: str, topics: list[str], pair: dict[tuple[str, str], int],
                       counts: dict[str, int]) -> Markup:
    """The co-occurrence table of `topics`: a row per topic (its name a link), a column per topic
    by its row's number, each cell the paragraphs the two share (the diagonal: the topic's own)."""
    concepts = ctx.vocab.concepts
    top = max(pair.values(), default=1)
    head = "".join(f'<th scope="col" title="{esc(concepts[t].label)}">{i}</th>' for i, t in enumerate(topics, 1))
    out = ['<table class="kb-heat">\n<thead><tr><th scope="col">Topic</th>', head, "</tr></thead>\n<tbody>\n"]
    for i, t in enumerate(topics, 1):
        link = ctx.link(here, concept_path("topics", t), concepts[t].label)
        out.append(f'<tr><th scope="row"><span class="kb-num">{i}</span> {link}</th>')
        for u in topics:
            if t == u:
                out.append(f'<td class="kb-hd" title="{esc(concepts[t].label)}: {_paragraphs(counts[t])}">'
                           f'{counts[t]}</td>')
                continue
            n = pair.get((t, u), 0)
            if not n:
                out.append("<td></td>")
                continue
            title = esc(f"{concepts[t].label} + {concepts[u].label}: {_paragraphs(n)}")
            out.append(f'<td class="{shade(n, top)}" title="{title}">{n}</td>')
        out.append("</tr>\n")
    out.append("</tbody>\n</table>")
    return Markup("".join(out))


def _paragraphs(n: int) -> str:
    return f"{n} paragraph{'' if n == 1 else 's'}"


@dataclass(frozen=True)
class Grid:
    """Topics (rows) against years (columns): each cell the documents of the topic that year,
    and where its passages of the year are."""

    years: list[str]
    """Oldest first, "undated" last."""
    rows: list[tuple[str, list[tuple[int, str, str]]]]
    """(topic, a cell per year: (documents, shade class, link to the passages or ""))."""
    earlier: bool
    """Whether older years than the grid's have documents (the topic's page lists them)."""


def topic_year_grid(ctx: PageContext, here: str, limit: int | None) -> Grid:
    """The topics discussed (the `limit` most discussed, or all), against the newest
    `YEAR_COLUMNS` years; a cell links to the topic's page of that year where it has year
    pages, else to that year's passages on its main page (which then shows them all)."""
    corpus = ctx.corpus
    docs = {t: len({p.doc for p in ps}) for t, ps in corpus.topic_passages.items() if ps}
    topics = sorted(docs, key=lambda t: (-docs[t], t))[:limit]
    by_topic = {t: dict(concept_years(ctx, "topics", t)) for t in topics}
    every = {y for years in by_topic.values() for y in years}
    dated = sorted(y for y in every if y != UNDATED)
    years = dated[-YEAR_COLUMNS:] + ([UNDATED] if UNDATED in every else [])
    top = max((n for years_of in by_topic.values() for n in years_of.values()), default=1)
    rows = []
    for t in topics:
        spread = has_year_pages(ctx, "topics", t)
        cells = []
        for y in years:
            n = by_topic[t].get(y, 0)
            href = "" if not n else ctx.href(here, concept_year_path("topics", t, y)) if spread \
                else ctx.href(here, concept_path("topics", t)) + "#" + year_anchor(y)
            cells.append((n, shade(n, top), href))
        rows.append((t, cells))
    return Grid(years, rows, len(dated) > YEAR_COLUMNS)


def grid_links(grid: Grid) -> Iterable[str]:
    """Every link of the grid's cells (what a test follows)."""
    return (href for _, cells in grid.rows for _, _, href in cells if href)
