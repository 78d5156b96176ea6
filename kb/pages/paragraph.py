"""A paragraph's text as HTML: evidence marked, entity names linked or in bold, all text escaped.

A document page shows each paragraph whole, with every topic's evidence and every name linked;
a concept page shows passages (`passages.py`), which mark only their own topic or name and link
nothing. Made in Python rather than in a template: a big site has hundreds of thousands of
paragraphs on its pages, and Jinja's cost per tag was most of rendering them.
"""
from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass

from markupsafe import Markup

from kb.model import Annotated, Paragraph, Span
from kb.pages.context import PageContext
from kb.pages.escape import esc, escape_text, marked
from kb.pages.urls import concept_path, relative, url_of

Spans = list[tuple[Span, str]]
"""Spans sorted by start, each with its topic or entity."""

KEPT_SPANS = 64
"""Paragraphs whose sorted spans a context keeps: a page's passages come paragraph by paragraph."""


@dataclass(frozen=True)
class Focus:
    """What a paragraph shows of its findings."""

    topic: str | None = None
    """Only this topic's evidence is marked (None: every topic's)."""
    entity: str | None = None
    """This entity's name is the page's own: in bold in a passage, marked as the focus in a link."""
    links: bool = True
    """Whether entity names are links (a document page) or only the focus is in bold (a passage:
    the document page has every link, and every tag is one MkDocs parses again on each page
    the passage appears on)."""


EVERYTHING = Focus()
"""A document page's paragraph: every topic marked, every name linked."""


@dataclass(frozen=True)
class ParaSpans:
    """A paragraph's evidence and mentions, sorted by start, whole and by topic or entity."""

    evidence: dict[str | None, Spans]
    """Topic (None: every topic) -> its evidence."""
    mentions: dict[str | None, Spans]
    """Entity (None: every entity) -> its mentions."""
    longest: int
    """The longest span's length: a span reaching into a window starts at most this far before it."""

    @classmethod
    def of(cls, doc: Annotated, index: int) -> "ParaSpans":
        evidence: dict[str | None, Spans] = {None: []}
        mentions: dict[str | None, Spans] = {None: []}
        for h in doc.topics_at[index]:
            for sp in h.evidence:
                evidence[None].append((sp, h.topic))
                evidence.setdefault(h.topic, []).append((sp, h.topic))
        for m in doc.mentions_at[index]:
            mentions[None].append((m.span, m.concept))
            mentions.setdefault(m.concept, []).append((m.span, m.concept))
        for table in (evidence, mentions):
            for spans in table.values():
                spans.sort(key=lambda item: (item[0].start, item[0].end))
        longest = max((sp.end - sp.start for sp, _ in evidence[None] + mentions[None]), default=0)
        return cls(evidence, mentions, longest)

    def within(self, table: dict[str | None, Spans], which: str | None, lo: int, hi: int) -> list[tuple[int, int, str]]:
        """The spans of `which` (all with None) that reach into [lo, hi), in start order."""
        spans = table.get(which, ())
        first = bisect.bisect_left(spans, lo - self.longest, key=lambda item: item[0].start)
        out = []
        for sp, tag in spans[first:]:
            if sp.start >= hi:
                break
            if lo < sp.end:
                out.append((sp.start, sp.end, tag))
        return out


def spans_of(ctx: PageContext, doc: Annotated, index: int) -> ParaSpans:
    """A paragraph's evidence and mentions sorted by start, by topic and by entity, for the
    windows of its passages: made once per paragraph, not once per concept page that shows it."""
    kept = ctx.kept.para_spans
    key = (doc.slug, index)
    found = kept.get(key)
    if found is None:
        if len(kept) >= KEPT_SPANS:
            kept.clear()
        found = kept[key] = ParaSpans.of(doc, index)
    return found


def paragraph_html(ctx: PageContext, here: str, doc: Annotated, para: Paragraph, focus: Focus = EVERYTHING,
                   window: tuple[int, int] | None = None) -> Markup:
    """Paragraph text (or the `window` of it) with evidence marked and entity names linked as
    `focus` asks, all text escaped."""
    text = para.text
    lo, hi = window or (0, len(text))
    only_topic, only_entity, links = focus.topic, focus.entity, focus.links
    if window is None:
        evidence = [(s.start, s.end, h.topic) for h in doc.topics_at[para.index] if only_topic in (None, h.topic)
                    for s in h.evidence]
        mentions = [(m.span.start, m.span.end, m.concept) for m in doc.mentions_at[para.index]
                    if links or m.concept == only_entity]
    else:
        # Only what reaches into the window can mark it, found by its start (an entity's
        # passage is a few words of a paragraph whose every topic has evidence).
        spans = spans_of(ctx, doc, para.index)
        evidence = spans.within(spans.evidence, only_topic, lo, hi)
        mentions = spans.within(spans.mentions, None, lo, hi) if links else \
            spans.within(spans.mentions, only_entity, lo, hi) if only_entity is not None else []
    if not evidence and not mentions:
        return Markup(escape_text(text[lo:hi]))
    if not mentions and window is None and only_topic is not None:
        quick = marked(text, evidence, evidence_title(ctx, (only_topic,)))
        if quick is not None:
            return quick
    cuts = {lo, hi}
    for start, end, _ in evidence:
        cuts.add(start)
        cuts.add(end)
    for start, end, _ in mentions:
        cuts.add(start)
        cuts.add(end)
    points = sorted(c for c in cuts if lo <= c <= hi)
    base = url_of(here)
    out: list[str] = []
    # One sweep over the cut points: each span opens where it starts and closes where it
    # ends (clipped to the window), so a piece's topics and name come from the spans open
    # over it, not from a look at every span (a long paragraph has thousands of pieces).
    changes: dict[int, list[tuple[int, int]]] = {}
    for i, (start, end, _) in enumerate(evidence):
        changes.setdefault(max(start, lo), []).append((1, i))
        changes.setdefault(min(end, hi), []).append((-1, i))
    for i, (start, end, _) in enumerate(mentions):
        changes.setdefault(max(start, lo), []).append((2, i))
        changes.setdefault(min(end, hi), []).append((-2, i))
    open_topics: Counter[str] = Counter()
    open_names: set[int] = set()
    for a, b in zip(points, points[1:]):
        for change, i in changes.get(a, ()):
            if change == 1:
                open_topics[evidence[i][2]] += 1
            elif change == -1:
                open_topics[evidence[i][2]] -= 1
                if not open_topics[evidence[i][2]]:
                    del open_topics[evidence[i][2]]
            elif change == 2:
                open_names.add(i)
            else:
                open_names.discard(i)
        piece = escape_text(text[a:b])
        topics = tuple(sorted(open_topics))
        if topics:
            piece = f'<mark class="kb-ev" title="{evidence_title(ctx, topics)}">{piece}</mark>'
        mention = mentions[min(open_names)][2] if open_names else None
        if mention is not None and not links:
            piece = f'<strong class="kb-focus">{piece}</strong>'
        elif mention is not None:
            piece = f'{_entity_open(ctx, base, mention, mention == only_entity)}{piece}</a>'
        out.append(piece)
    return Markup("".join(out))


def evidence_title(ctx: PageContext, topics: tuple[str, ...]) -> str:
    """The escaped title of evidence marked for these topics (in any order, repeats too)."""
    kept = ctx.kept.evidence_titles
    title = kept.get(topics)
    if title is None:
        title = kept[topics] = esc(
            "Evidence: " + ", ".join(ctx.vocab.concepts[t].label for t in sorted(set(topics))))
    return title


def _entity_open(ctx: PageContext, base: str, cid: str, focus: bool) -> str:
    """The opening tag of a linked entity name on the page at URL `base`."""
    kept = ctx.kept.entity_tags
    key = (base, cid, focus)
    tag = kept.get(key)
    if tag is None:
        concept = ctx.vocab.concepts[cid]
        href = relative(base, url_of(concept_path(concept.section, concept.id)))
        tag = kept[key] = (
            f'<a class="kb-ent kb-{concept.section}{" kb-focus" if focus else ""}" href="{esc(href)}" '
            f'title="{esc(concept.label)}">')
    return tag
