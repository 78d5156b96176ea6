"""Passages: what a concept's page quotes of the documents that discuss or name it.

A topic's passage is its paragraph with the topic's evidence marked; an entity's is the words
around its name, not the whole paragraph, so an entity named in every document does not make
its page a copy of the corpus. Each passage links to its paragraph on the document's page.
Made in Python rather than in the template: a big site has hundreds of thousands of them.
"""
from __future__ import annotations

from typing import Iterable

from markupsafe import Markup

from kb.model import Annotated, Paragraph, Passage, Statement
from kb.pages.context import PageContext
from kb.pages.escape import esc
from kb.pages.paragraph import Focus, paragraph_html, spans_of
from kb.pages.years import date_text, year_anchor, year_of

CONTEXT_CHARS = 160
"""Characters of context on each side of an entity's mention on its page."""
LONG_PASSAGE = 2000
"""A topic's passage longer than this (a transcript scraped onto one line) is shown on the
topic's page as the words around its evidence, not whole: a page shows what it is about, and
one long seed must not put a copy of itself on every concept page it names."""
CLUSTER_GAP = 1000
"""Evidence or mentions closer than this share one window of a passage."""
MAX_WINDOWS = 3
"""Windows of one passage at most (the paragraph link shows the rest)."""


def by_document(ctx: PageContext, passages: Iterable[Passage]) -> list[tuple[Annotated, list[Paragraph]]]:
    """Passages grouped by document, in the corpus order (newest first)."""
    by_slug = ctx.corpus.by_slug
    grouped: dict[str, list[Paragraph]] = {}
    for p in passages:
        grouped.setdefault(p.doc, []).append(by_slug[p.doc].doc.paragraphs[p.paragraph - 1])
    return [(by_slug[slug], paras) for slug, paras in grouped.items()]


def passage_groups(ctx: PageContext, here: str, groups: Iterable[tuple[Annotated, list[Paragraph]]], section: str,
                   cid: str) -> Markup:
    """`passage_group` for each document, a line each; before the first document of each year,
    that year's anchor (`years.year_anchor`), where the topics-by-year grid lands."""
    out, seen = [], set()
    for doc, paras in groups:
        year = year_of(doc)
        if year not in seen:
            seen.add(year)
            out.append(f'<div class="kb-anchor" id="{year_anchor(year)}"></div>\n')
        out.append(f"{passage_group(ctx, here, doc, paras, section, cid)}\n")
    return Markup("".join(out))


def passage_group(ctx: PageContext, here: str, doc: Annotated, paras: list[Paragraph], section: str,
                  cid: str) -> Markup:
    """A document's passages on a concept's page: the topic's evidence or the words around the
    entity's name, each with a link to its paragraph."""
    muted = f"{date_text(doc.sort_date)} · " \
            f"{esc(ctx.vocab.concepts[doc.kind].label)}" + (f" · {esc(doc.publisher)}" if doc.publisher else "")
    out = ['<div class="kb-passage-group" data-search-exclude>\n'
           f'<p class="kb-passage-doc">{ctx.doc_link(here, doc.slug)} <span class="kb-muted">{muted}</span></p>\n']
    href = ctx.doc_href(here, doc.slug)  # for the paragraphs' links below, as doc_link makes them
    for para in paras:
        text = topic_passage(ctx, here, doc, para, cid) if section == "topics" \
            else mention_context(ctx, here, doc, para, cid)
        out.append(f'<blockquote class="kb-passage"><p>{text} '
                   f'<a href="{href}{esc("#" + doc.anchor(para.index))}">¶{doc.anchor_number(para.index)}</a>'
                   '</p></blockquote>\n')
    out.append("</div>")
    return Markup("".join(out))


def statement_items(ctx: PageContext, here: str, items: Iterable[tuple[Annotated, Statement]]) -> Markup:
    """Statements as list items: the verb, the sentence, and links to the document and the
    paragraph. (A person's or a topic's year page lists hundreds.)"""
    return Markup("".join(
        f'<li><em>{esc(st.verb)}</em>: {esc(st.sentence.text)} <span class="kb-muted">— '
        f'{ctx.doc_link(here, doc.slug)}, {date_text(doc.sort_date)},</span> '
        f'{ctx.doc_link(here, doc.slug, doc.anchor(st.paragraph), f"¶{doc.anchor_number(st.paragraph)}")}</li>\n'
        for doc, st in items))


def mention_context(ctx: PageContext, here: str, doc: Annotated, para: Paragraph, cid: str) -> Markup:
    """The words around an entity's mentions in a paragraph (not the whole paragraph, so an
    entity named in every document does not make its page a copy of the corpus)."""
    spans = [(sp.start, sp.end) for sp, _ in spans_of(ctx, doc, para.index).mentions.get(cid, ())]
    return _windows(ctx, here, doc, para, spans, Focus(entity=cid, links=False))


def topic_passage(ctx: PageContext, here: str, doc: Annotated, para: Paragraph, topic: str) -> Markup:
    """A topic's passage on its page: the paragraph with the topic's evidence marked, or for a
    long paragraph the words around that evidence (LONG_PASSAGE)."""
    focus = Focus(topic=topic, links=False)
    if len(para.text) <= LONG_PASSAGE:
        return paragraph_html(ctx, here, doc, para, focus)
    spans = [(sp.start, sp.end) for sp, _ in spans_of(ctx, doc, para.index).evidence.get(topic, ())]
    return _windows(ctx, here, doc, para, spans, focus)


def _windows(ctx: PageContext, here: str, doc: Annotated, para: Paragraph, spans: list[tuple[int, int]],
             focus: Focus) -> Markup:
    """The words around `spans` (sorted by start): spans closer than CLUSTER_GAP share a window
    of CONTEXT_CHARS on each side, cut at word boundaries and never inside a span; the first
    MAX_WINDOWS windows, joined by an ellipsis."""
    text = para.text
    clusters: list[list[int]] = []
    for start, end in spans:
        if clusters and start - clusters[-1][1] <= CLUSTER_GAP:
            clusters[-1][1] = max(clusters[-1][1], end)
        elif len(clusters) == MAX_WINDOWS:
            break
        else:
            clusters.append([start, end])
    out: list[str] = []
    shown = 0
    for first, last in clusters:  # apart by more than both contexts: windows never touch
        start, end = max(0, first - CONTEXT_CHARS), min(len(text), last + CONTEXT_CHARS)
        if start > 0:  # cut at word boundaries, never inside a span
            space = text.find(" ", start, first)
            start = space + 1 if space >= 0 else first
        if end < len(text):
            space = text.rfind(" ", last, end)
            end = space if space >= 0 else last
        if start > 0:
            out.append(" … " if out else "… ")
        out.append(paragraph_html(ctx, here, doc, para, focus, window=(start, end)))
        shown = end
    if shown < len(text):
        out.append(" …")
    return Markup("".join(out))
