"""A document's page: under the title one line of date · publisher · kind, then the text with an
anchor on every paragraph and the topics each shows with their evidence, and the statements by
speaker; beside the text on a wide screen, below it on a narrow one, a panel of its dates,
topics, names, related documents and citations; the original text last; schema.org metadata in
the page's head.

The panel is laid out by kb.css alone (a container query on `.kb-doc`), so either renderer
draws it and a phone reaches the text first: the text comes first in the page's order.
"""
from __future__ import annotations

import html
import json
from collections import defaultdict
from typing import Any, Iterable, Mapping

from markupsafe import Markup

from kb.model import ENTITY_KINDS, Annotated, TopicHit
from kb.pages.context import PageContext
from kb.pages.escape import esc, script_json
from kb.pages.event import accounts_of
from kb.pages.exports import annotations
from kb.pages.exports.citations import Record, record, texts
from kb.pages.home import PATH as HOME
from kb.pages.paragraph import paragraph_html
from kb.pages.preview import description, meta_tags
from kb.pages.preview_image import PATH as IMAGE
from kb.pages.search_index import DOCUMENT_WEIGHTS, document_filters, paragraph_names
from kb.pages.urls import concept_path, doc_path, document_files, original_path
from kb.pages.years import date_text

SCHEMA_TYPES = {"people": "Person", "organizations": "Organization", "places": "Place", "treaties": "Legislation"}
"""schema.org's type of an entity of each section, as the page's JSON-LD `mentions` it."""


def document_page(ctx: PageContext, doc: Annotated) -> str:
    """A document's page (what `keys.page_keys` keys it on: its text, anchors, event, related)."""
    path = doc_path(doc.slug)
    by_section: dict[str, list[str]] = defaultdict(list)
    for cid in doc.entity_ids():
        by_section[ctx.vocab.section_of(cid)].append(cid)
    para_topics = defaultdict(list)
    for hit in doc.topics:
        para_topics[hit.paragraph].append(hit)
    rec = record(ctx, doc)
    return ctx.page("document.md.j2", path, {
        "title": html.escape(doc.title),
        "description": html.escape(description(doc)),
        "kb_jsonld": json_ld(ctx, doc, rec),
        "kb_preview": meta_tags(ctx, doc, rec),
        # The panel beside the text takes the place of the theme's table of contents, which
        # on a document page listed only the panel's own headings.
        "hide": ["toc"],
    }, doc=doc, kind=ctx.vocab.concepts[doc.kind], topics=doc.topic_ids(),
        entities=[(s, by_section[s]) for s in ENTITY_KINDS if by_section[s]],
        para_topics=para_topics, related=ctx.corpus.related_docs.get(doc.slug, ()),
        original=original_path(doc.slug), cite=texts(rec),
        cite_files=document_files(doc.slug)[1:],
        annotation_file=annotations.page_path(doc.slug) if annotations.count(doc) else None,
        canonical=ctx.absolute(doc_path(doc.slug)), accounts=accounts_of(ctx, doc.slug),
        search_weights=DOCUMENT_WEIGHTS, search_filters=document_filters(ctx.vocab, doc))


def json_ld(ctx: PageContext, doc: Annotated, rec: Record) -> str:
    """schema.org metadata of a document page, safe inside a <script> element: a `Report` for an
    official text, else a `NewsArticle`; its author, publisher and date the citation's (`rec`),
    its topics (`about`) and names (`mentions`) with their pages' URLs, the site it is part of.

    It goes in the page's <head> (front matter `kb_jsonld`, written out by overrides/main.html):
    Material's instant navigation re-creates scripts of the content without their `type`,
    which would run JSON as JavaScript."""
    concepts, section_of = ctx.vocab.concepts, ctx.vocab.section_of
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Report" if rec.type == "report" else "NewsArticle",
        "headline": doc.title,
        "description": description(doc),
        "url": ctx.absolute(doc_path(doc.slug)),
        "image": ctx.absolute(IMAGE),
        "isPartOf": {"@type": "WebSite", "url": ctx.absolute(HOME), **({"name": ctx.site_name} if ctx.site_name else {})},
        "inLanguage": "en",
        "isBasedOn": ctx.absolute(original_path(doc.slug)),
        "about": [{"@type": "Thing", "name": concepts[t].label,
                   "url": ctx.absolute(concept_path("topics", t))} for t in doc.topic_ids()],
        "mentions": [{"@type": SCHEMA_TYPES[section_of(e)], "name": concepts[e].label,
                      "url": ctx.absolute(concept_path(section_of(e), e))}
                     for e in doc.entity_ids()],
    }
    if doc.published:
        data["datePublished"] = doc.published.isoformat()
    if doc.event_date:
        data["contentReferenceTime"] = doc.event_date.isoformat()
    if rec.publisher:
        data["publisher"] = {"@type": "Organization", "name": rec.publisher}
    if rec.authors:
        data["author"] = [{"@type": "Person" if rec.person else "Organization", "name": a} for a in rec.authors]
    return script_json(json.dumps(data, ensure_ascii=False, sort_keys=True))


def text_html(ctx: PageContext, here: str, doc: Annotated, para_topics: Mapping[int, list[TopicHit]]) -> Markup:
    """A document page's text: each paragraph with its anchor, link and citation buttons, and
    the topics it shows with their evidence. (Made here rather than in the template, like the
    passages: Jinja's cost per tag and call was most of rendering a document page, and a page
    has a few hundred of them.)"""
    out = []
    retired = doc.retired_at
    mentions = defaultdict(list)
    for m in doc.mentions:
        mentions[m.paragraph].append(m.concept)
    lead = f' data-pagefind-weight="{DOCUMENT_WEIGHTS["lead"]}"'
    for para in doc.doc.paragraphs:
        anchor, index = esc(doc.anchor(para.index)), doc.anchor_number(para.index)
        # The paragraph's text comes first in its element, nothing before it: a Web Annotation's
        # positions, counted in that text, land on the same words in the page (the number is
        # placed beside it by the style sheet).
        out.append(f'<div class="kb-para" id="{anchor}"><p{lead if para.index == doc.doc.paragraphs[0].index else ""}>'
                   f'{paragraph_html(ctx, here, doc, para)}</p>\n')
        # Right after the paragraph's words, where kb-pagefind.js looks for them (`pN-n`): the
        # other names of what it mentions, for the search index only.
        out.append(paragraph_names(ctx.vocab, anchor, para.text,
                                   [h.topic for h in para_topics.get(para.index, ())] + mentions[para.index]))
        # Anchors of paragraphs that are gone (chrome or title now) land on this one.
        out.extend(f'<span class="kb-anchor" id="{esc(old)}"></span>\n' for old in retired.get(para.index, ()))
        # The number links the paragraph; kb.js puts its "Copy link" and "Cite" buttons after it.
        out.append(
            f'<a class="kb-pnum" data-search-exclude href="#{anchor}" title="Link to paragraph {index}">{index}</a>\n')
        hits = para_topics.get(para.index)
        if hits:
            out.append(f'<p class="kb-ptopics" data-search-exclude>{topic_evidence(ctx, here, hits)}</p>\n')
        out.append("</div>\n")
    return Markup("".join(out))


def topic_evidence(ctx: PageContext, here: str, hits: Iterable[TopicHit]) -> Markup:
    """Topics with the words that show them: "Energy “gas pipeline” · Trade “trade”"."""
    return Markup(" · ".join(f'{ctx.concept_link(here, hit.topic)} <span class="kb-evidence">'
                             + ", ".join(f"“{esc(s.text)}”" for s in hit.evidence) + "</span>" for hit in hits))


SHARED_SHOWN = 4
"""Topics and names a related document is shown to share, the first in the document's own order
(its topics, then its names), then how many more: a line a reader takes in at a glance, where the whole
list ran to twenty names on each of eight documents, kilobytes of every page."""


def related_html(ctx: PageContext, here: str, related: Iterable[tuple[str, tuple[str, ...]]]) -> Markup:
    """The related documents' list items: each with its date and what it shares."""
    concepts, by_slug = ctx.vocab.concepts, ctx.corpus.by_slug

    def shares(shared: tuple[str, ...]) -> str:
        text = ", ".join(esc(concepts[cid].label) for cid in shared[:SHARED_SHOWN])
        more = len(shared) - SHARED_SHOWN
        return text + (f" and {more} more" if more > 0 else "")

    return Markup("".join(
        f'<li>{ctx.doc_link(here, slug)} <span class="kb-muted">({date_text(by_slug[slug].sort_date)}) shares: '
        f"{shares(shared)}</span></li>\n" for slug, shared in related))
