"""The topic map: which topics occur together, as a heat map drawn at build time as SVG (no
script), and the newest documents against the topics they discuss (a matrix the home page
shows too)."""
from __future__ import annotations

from collections import defaultdict
from typing import Any, Iterable

from markupsafe import Markup

from kb.model import Annotated
from kb.pages.context import PageContext
from kb.pages.escape import esc
from kb.pages.urls import concept_path

PATH = "topic-map.md"
TOPIC_MAP_MAX = 30
"""Topics on the map at most (the most discussed): a larger grid is unreadable."""
MATRIX_ROWS = 30
"""Documents in the topic map's matrix (the newest)."""


def topic_map_page(ctx: PageContext) -> str:
    """Which topics occur together: a heatmap drawn at build time as SVG (no script)."""
    corpus = ctx.corpus
    counts = {t: len(ps) for t, ps in corpus.topic_passages.items()}
    topics = sorted(counts, key=lambda t: (-counts[t], t))[:TOPIC_MAP_MAX]
    pair = {(a, b): n for a in topics for b, n in corpus.cooccurring.get(a, ()) if b in topics}
    return ctx.page("topic_map.md.j2", PATH, {"title": "Topic map"},
                    svg=heatmap_svg(ctx, PATH, topics, pair, counts), topics=topics,
                    matrix=doc_topic_matrix(corpus.documents, MATRIX_ROWS))


def heatmap_svg(ctx: PageContext, here: str, topics: list[str], pair: dict, counts: dict) -> Markup:
    """The co-occurrence grid of `topics`: each cell's shade by its paragraphs, each label a link."""
    concepts = ctx.vocab.concepts
    cell, label_w = 22, 230
    width, height = label_w + cell * len(topics) + 150, label_w + cell * len(topics) + 10
    top = max((pair.values()), default=1) or 1
    # Links use xlink:href: Material's instant navigation assigns `el.href = ...` to every
    # [href] element, which throws on SVG links (their href is read-only).
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" class="kb-heatmap" role="img" '
           f'aria-label="Topic co-occurrence map" viewBox="0 0 {width} {height}" width="{width}" height="{height}">']
    for i, t in enumerate(topics):
        label = esc(concepts[t].label)
        href = esc(ctx.href(here, concept_path("topics", t)))
        y = label_w + i * cell + cell * 0.7
        out.append(f'<a xlink:href="{href}"><text x="{label_w - 6}" y="{y:.1f}" text-anchor="end">{label}</text></a>')
        x = label_w + i * cell + cell * 0.7
        out.append(f'<a xlink:href="{href}"><text transform="translate({x:.1f},{label_w - 6}) rotate(-60)">{label}</text></a>')
        for j, u in enumerate(topics):
            n = counts[t] if t == u else pair.get((t, u), 0)
            opacity = 0.08 if n == 0 else 0.25 + 0.75 * min(1.0, n / top)
            title = esc(f"{concepts[t].label} + {concepts[u].label}: {n} paragraph{'s' if n != 1 else ''}")
            klass = "kb-cell kb-diag" if t == u else "kb-cell"
            out.append(f'<rect class="{klass}" x="{label_w + j * cell}" y="{label_w + i * cell}" width="{cell - 2}" '
                       f'height="{cell - 2}" fill-opacity="{opacity:.2f}"><title>{title}</title></rect>')
    out.append("</svg>")
    return Markup("".join(out))


def doc_topic_matrix(docs: Iterable[Annotated], limit: int) -> dict[str, Any]:
    """Documents (newest first, `limit` of them) against the topics they discuss: paragraphs
    per cell (matrix.md.j2 draws it)."""
    rows = list(docs)[:limit]
    counts = {d.slug: {t: sum(1 for h in d.headline_topics + d.topics if h.topic == t) for t in d.topic_ids()}
              for d in rows}
    totals: dict[str, int] = defaultdict(int)
    for c in counts.values():
        for t in c:
            totals[t] += 1
    topics = sorted(totals, key=lambda t: (-totals[t], t))
    return {"rows": rows, "topics": topics, "counts": counts}
