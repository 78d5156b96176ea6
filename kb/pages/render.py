"""Render: the corpus to `{relative path: Markdown text}` through one Jinja template per page kind.

Seed text and vocabulary labels are data, never markup. Every value a template prints is
escaped by the environment's `finalize` (HTML-escaped, and Markdown's punctuation turned into
character references), so forgetting a filter cannot inject anything; the few pieces of HTML we
build ourselves are `Markup` and pass as they are. Seed text always lands inside raw HTML blocks,
which Python-Markdown and its extensions leave alone.
"""
from __future__ import annotations

import bisect
import csv
import datetime as dt
import hashlib
import io
import html
import json
import posixpath
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable, Collection, Iterable, Iterator, Mapping, Protocol

import yaml
from jinja2 import BytecodeCache, Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from kb.pages.exports import annotations
from kb.model import ENTITY_KINDS, KEEP, Annotated, Corpus, Event, Paragraph, Passage, Span, Statement, TopicHit
from kb.output.parallel import pimap
from kb.rules.vocabulary import Vocabulary

SECTION_TITLES = {"topics": "Topics", "people": "People", "organizations": "Organisations",
                  "places": "Places", "treaties": "Treaties"}
SECTION_SINGULAR = {"topics": "Topic", "people": "Person", "organizations": "Organisation",
                    "places": "Place", "treaties": "Treaty"}
LATEST_ON_HOME = 10
HOME_MATRIX_ROWS = 15
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
TOPIC_MAP_MAX = 30
SEARCH_BOOST = {"topics": 4, "people": 4, "organizations": 4, "places": 3, "treaties": 3}

_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
"""libyaml's emitter where PyYAML has it: the pure-Python one spent a quarter of rendering
quoting front matter."""

_ESCAPES = str.maketrans({**{c: f"&#{ord(c)};" for c in "\\`*_{}[]#!|~^=$"},
                          "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"})
"""HTML's five, plus every character Markdown or a pymdownx extension could read as syntax."""
_NEEDS_ESCAPE = re.compile("[" + re.escape("".join(map(chr, _ESCAPES))) + "]")
"""Any of those: most stretches of text have none, and a search finds that four times faster
than `translate` copies them."""


def _escape_text(text: str) -> str:
    return text if _NEEDS_ESCAPE.search(text) is None else text.translate(_ESCAPES)


def esc(value: Any) -> Markup:
    """Text to something safe in HTML and in Markdown alike."""
    if type(value) is str:  # most calls: a title, a label, a sentence
        return _esc_str(value)
    if isinstance(value, Markup):
        return value
    return _esc_str("" if value is None else str(value))


@lru_cache(maxsize=1 << 15)
def _esc_str(text: str) -> Markup:
    # Labels, titles and URLs recur on thousands of pages: escape each once.
    return Markup(_escape_text(text))


def _marked(text: str, evidence: list[tuple[int, int, str]], title: str) -> Markup | None:
    """The text with each evidence span marked, where the spans are apart from each other (a
    topic's passage on its page: one topic, a few spans), as `Renderer.paragraph_html` marks
    them; None where spans overlap, for the general way. (A big site has hundreds of thousands
    of such passages.)"""
    spans = sorted((start, end) for start, end, _ in evidence)
    out: list[str] = []
    pos = 0
    for start, end in spans:
        if start < pos or end <= start:
            return None
        if start > pos:
            out.append(_escape_text(text[pos:start]))
        out.append(f'<mark class="kb-ev" title="{title}">{_escape_text(text[start:end])}</mark>')
        pos = end
    if pos < len(text):
        out.append(_escape_text(text[pos:]))
    return Markup("".join(out))


def _finalize(value: Any) -> Any:
    return esc(value)


def date_text(day: dt.date | None) -> str:
    """A date as shown: ISO, "not stated" for a missing one, "undated" for the sort date of a
    document that has none (dt.date.min)."""
    if day is None:
        return "not stated"
    return "undated" if day == dt.date.min else day.isoformat()


def url_of(path: str) -> str:
    """Site URL (from the root, no leading slash) of a generated Markdown file."""
    if not path.endswith(".md"):
        return path
    stem = path[:-3]
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[:-len("index")]
    return stem + "/"


@lru_cache(maxsize=1 << 14)
def _relative_from_dir(base: str, to_url: str) -> str:
    # posixpath.relpath, less its normalising: our URLs have no "." or ".." parts.
    b = base.strip("/").split("/") if base.strip("/") else []
    t = to_url.strip("/").split("/") if to_url.strip("/") else []
    i = 0
    while i < len(b) and i < len(t) and b[i] == t[i]:
        i += 1
    rel = "/".join([".."] * (len(b) - i) + t[i:]) or "."
    if to_url.endswith("/") or to_url == "":
        rel = rel.rstrip("/") + "/"
    return "./" if rel in ("./", "/") else rel


def relative(from_url: str, to_url: str) -> str:
    """Link from one page URL to another, relative, so the site works under any sub-path.
    (Cached by folder, for the links a page repeats; a small cache: pages keep their own
    document and entity links, and a cache sized for the whole site held 65 MB in each render
    process at 10,000 documents for few hits.)"""
    base = "/" + from_url
    if not base.endswith("/"):
        base = posixpath.dirname(base) + "/"
    return _relative_from_dir(base, to_url)


def doc_path(slug: str) -> str:
    return f"documents/{slug}.md"


def concept_path(section: str, cid: str) -> str:
    return f"{section}/{cid}.md"


def concept_year_path(section: str, cid: str, year: str) -> str:
    return f"{section}/{cid}/{year}.md"


UNDATED = "undated"
PAGE_DOCUMENTS = 20
"""Documents whose passages a concept's main page shows (the newest). A concept found in more
documents than that also has one page per year holding all its passages of the year."""


def spread_over_years(documents: int) -> bool:
    """Whether a concept found in this many documents also has year pages: only when its main
    page cannot show them all (the renderer and page_keys both ask)."""
    return documents > PAGE_DOCUMENTS


def year_of(doc: Annotated) -> str:
    return str(doc.sort_date.year) if doc.sort_date != dt.date.min else UNDATED


Spans = list[tuple[Span, str]]
"""Spans sorted by start, each with its topic or entity."""


@dataclass(frozen=True)
class _ParaSpans:
    """A paragraph's evidence and mentions, sorted by start, whole and by topic or entity."""

    evidence: dict[str | None, Spans]
    """Topic (None: every topic) -> its evidence."""
    mentions: dict[str | None, Spans]
    """Entity (None: every entity) -> its mentions."""
    longest: int
    """The longest span's length: a span reaching into a window starts at most this far before it."""

    @classmethod
    def of(cls, doc: Annotated, index: int) -> "_ParaSpans":
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


class Renderer:
    """Holds the vocabulary and corpus; each method renders one page kind."""

    def __init__(self, corpus: Corpus, vocab: Vocabulary, site_url: str = "", lunr: bool = True,
                 bytecode: BytecodeCache | None = None):
        self.corpus = corpus
        self.vocab = vocab
        self.lunr = lunr
        """Whether Material's lunr index serves search; with Pagefind, no page goes into it."""
        self.site_url = site_url.rstrip("/") + "/" if site_url else ""
        self.env = Environment(loader=PackageLoader("kb.pages", "templates"), undefined=StrictUndefined,
                               finalize=_finalize, autoescape=False, trim_blocks=True,
                               lstrip_blocks=True, keep_trailing_newline=True, bytecode_cache=bytecode)
        self.env.filters["date"] = date_text
        self._by_year: dict[tuple[str, str], dict[str, tuple[Passage, ...]]] = {}
        self._year: dict[str, str] | None = None
        self._years: dict[tuple[str, str], list[tuple[str, int]]] = {}
        self._titles: dict[tuple[str, ...], str] = {}
        self._doc_hrefs: dict[tuple[str, str], str] = {}
        self._entity_tags: dict[tuple[str, str, bool], str] = {}  # (page URL, entity, focus) -> <a ...>
        self._concept_links: dict[tuple[str, str], Markup] = {}  # (page, concept) -> <a ...>
        self._para_spans: dict[tuple[str, int], _ParaSpans] = {}
        self.annotation_site = annotations.Site(self.absolute, doc_path, concept_path)

    # -- shared pieces ----------------------------------------------------------------------

    def href(self, here: str, to_path: str) -> str:
        """Relative URL from the page at `here` (a Markdown path) to another generated file."""
        return relative(url_of(here), url_of(to_path))

    def link(self, here: str, to_path: str, text: Any, cls: str = "") -> Markup:
        """An <a> from the page at `here` to another generated file."""
        href = self.href(here, to_path)
        klass = f' class="{cls}"' if cls else ""
        return Markup(f'<a href="{esc(href)}"{klass}>{esc(text)}</a>')

    def concept_file(self, c: Any) -> str:
        return concept_path(c.section, c.id)

    def concept_year_file(self, c: Any, year: str) -> str:
        return concept_year_path(c.section, c.id, year)

    def concept_link(self, here: str, cid: str) -> Markup:
        key = (here, cid)
        tag = self._concept_links.get(key)
        if tag is None:  # a document page links a topic from its chips and from each paragraph
            c = self.vocab.concepts[cid]
            tag = self._concept_links[key] = self.link(here, concept_path(c.section, cid), c.label,
                                                       f"kb-chip kb-{c.section}")
        return tag

    def concept_chips(self, here: str, cids: Iterable[str]) -> Markup:
        """Links to concepts, each followed by a space."""
        return Markup("".join(f"{self.concept_link(here, cid)} " for cid in cids))

    def _doc_href(self, here: str, slug: str) -> str:
        """The escaped relative URL of a document's page from the page at `here`."""
        key = (here, slug)
        href = self._doc_hrefs.get(key)
        if href is None:  # a page links a document and its paragraphs: the same href, many times
            href = self._doc_hrefs[key] = esc(relative(url_of(here), url_of(doc_path(slug))))
        return href

    def doc_link(self, here: str, slug: str, anchor: str = "", text: Any = None) -> Markup:
        href = self._doc_href(here, slug)
        title = esc(self.corpus.by_slug[slug].title if text is None else text)
        if anchor:  # "#" escaped like the rest ("&#35;"): Markdown must not read it
            return Markup(f'<a href="{href}{esc("#" + anchor)}">{title}</a>')
        return Markup(f'<a href="{href}">{title}</a>')

    def passage_group(self, here: str, doc: Annotated, paras: list[Paragraph], section: str, cid: str) -> Markup:
        """A document's passages on a concept's page: the topic's evidence or the words around
        the entity's name, each with a link to its paragraph. (Made here rather than in the
        template: a big site has hundreds of thousands of them, and Jinja's per-tag cost was
        most of rendering a concept page.)"""
        muted = f"{date_text(doc.sort_date)} · " \
                f"{esc(self.vocab.concepts[doc.kind].label)}" + (f" · {esc(doc.publisher)}" if doc.publisher else "")
        out = ['<div class="kb-passage-group" data-search-exclude>\n'
               f'<p class="kb-passage-doc">{self.doc_link(here, doc.slug)} <span class="kb-muted">{muted}</span></p>\n']
        href = self._doc_href(here, doc.slug)  # for the paragraphs' links below, as doc_link makes them
        for para in paras:
            text = self.topic_passage(here, doc, para, cid) if section == "topics" \
                else self.mention_context(here, doc, para, cid)
            out.append(f'<blockquote class="kb-passage"><p>{text} '
                       f'<a href="{href}{esc("#" + doc.anchor(para.index))}">¶{doc.anchor_number(para.index)}</a>'
                       '</p></blockquote>\n')
        out.append("</div>")
        return Markup("".join(out))

    def text_html(self, here: str, doc: Annotated, para_topics: Mapping[int, list[TopicHit]]) -> Markup:
        """A document page's text: each paragraph with its anchor, link and citation buttons,
        and the topics it shows with their evidence. (Made here rather than in the template,
        like `passage_group`: Jinja's cost per tag and call was most of rendering a document
        page, and a page has a few hundred of them.)"""
        out = []
        retired = doc.retired_at
        for para in doc.doc.paragraphs:
            anchor, index = esc(doc.anchor(para.index)), doc.anchor_number(para.index)
            out.append(f'<div class="kb-para" id="{anchor}">\n')
            # Anchors of paragraphs that are gone (chrome or title now) land on this one.
            out.extend(f'<span class="kb-anchor" id="{esc(old)}"></span>\n' for old in retired.get(para.index, ()))
            out.append(
                f'<a class="kb-pnum" data-search-exclude href="#{anchor}" title="Link to paragraph {index}">{index}</a>\n'
                f'<p>{self.paragraph_html(here, doc, para)}</p>\n'
                f'<p class="kb-pactions" data-search-exclude><button type="button" class="kb-copy-link md-button" '
                f'data-anchor="{anchor}" aria-label="Copy link to paragraph {index}">Copy link</button> '
                f'<button type="button" class="kb-cite-para md-button" data-anchor="{anchor}" data-para="{index}" '
                f'aria-label="Copy a citation of paragraph {index}">Cite ¶{index}</button></p>\n')
            hits = para_topics.get(para.index)
            if hits:
                out.append(f'<p class="kb-ptopics" data-search-exclude>{self.topic_evidence(here, hits)}</p>\n')
            out.append("</div>\n")
        return Markup("".join(out))

    def topic_evidence(self, here: str, hits: Iterable[TopicHit]) -> Markup:
        """Topics with the words that show them: "Energy “gas pipeline” · Trade “trade”"."""
        return Markup(" · ".join(f'{self.concept_link(here, hit.topic)} <span class="kb-evidence">'
                                 + ", ".join(f"“{esc(s.text)}”" for s in hit.evidence) + "</span>" for hit in hits))

    def related_html(self, here: str, related: Iterable[tuple[str, tuple[str, ...]]]) -> Markup:
        """The related documents' list items: each with its date and what it shares."""
        concepts, by_slug = self.vocab.concepts, self.corpus.by_slug
        return Markup("".join(
            f'<li>{self.doc_link(here, slug)} <span class="kb-muted">({date_text(by_slug[slug].sort_date)}) shares: '
            + ", ".join(esc(concepts[cid].label) for cid in shared) + "</span></li>\n"
            for slug, shared in related))

    def passage_groups(self, here: str, groups: Iterable[tuple[Annotated, list[Paragraph]]], section: str,
                       cid: str) -> Markup:
        """`passage_group` for each document, a line each."""
        return Markup("".join(f"{self.passage_group(here, doc, paras, section, cid)}\n" for doc, paras in groups))

    def statement_items(self, here: str, items: Iterable[tuple[Annotated, Statement]]) -> Markup:
        """Statements as list items: the verb, the sentence, and links to the document and the
        paragraph. (A person's or a topic's year page lists hundreds.)"""
        return Markup("".join(
            f'<li><em>{esc(st.verb)}</em>: {esc(st.sentence.text)} <span class="kb-muted">— '
            f'{self.doc_link(here, doc.slug)}, {date_text(doc.sort_date)},</span> '
            f'{self.doc_link(here, doc.slug, doc.anchor(st.paragraph), f"¶{doc.anchor_number(st.paragraph)}")}</li>\n'
            for doc, st in items))

    def mention_context(self, here: str, doc: Annotated, para: Paragraph, cid: str) -> Markup:
        """The words around an entity's mentions in a paragraph (not the whole paragraph, so an
        entity named in every document does not make its page a copy of the corpus)."""
        spans = [(sp.start, sp.end) for sp, _ in self._spans(doc, para.index).mentions.get(cid, ())]
        return self._windows(here, doc, para, spans, only_entity=cid)

    def topic_passage(self, here: str, doc: Annotated, para: Paragraph, topic: str) -> Markup:
        """A topic's passage on its page: the paragraph with the topic's evidence marked, or
        for a long paragraph the words around that evidence (LONG_PASSAGE)."""
        if len(para.text) <= LONG_PASSAGE:
            return self.paragraph_html(here, doc, para, only_topic=topic, links=False)
        spans = [(sp.start, sp.end) for sp, _ in self._spans(doc, para.index).evidence.get(topic, ())]
        return self._windows(here, doc, para, spans, only_topic=topic)

    def _windows(self, here: str, doc: Annotated, para: Paragraph, spans: list[tuple[int, int]],
                 only_topic: str | None = None, only_entity: str | None = None) -> Markup:
        """The words around `spans` (sorted by start): spans closer than CLUSTER_GAP share a
        window of CONTEXT_CHARS on each side, cut at word boundaries and never inside a
        span; the first MAX_WINDOWS windows, joined by an ellipsis."""
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
            out.append(self.paragraph_html(here, doc, para, only_topic=only_topic, only_entity=only_entity,
                                           window=(start, end), links=False))
            shown = end
        if shown < len(text):
            out.append(" …")
        return Markup("".join(out))

    def _spans(self, doc: Annotated, index: int) -> "_ParaSpans":
        """A paragraph's evidence and mentions sorted by start, by topic and by entity, for
        the windows of its passages: made once per paragraph, not once per concept page that
        shows it (a few paragraphs kept: a page's passages come paragraph by paragraph)."""
        key = (doc.slug, index)
        found = self._para_spans.get(key)
        if found is None:
            if len(self._para_spans) >= 64:
                self._para_spans.clear()
            found = self._para_spans[key] = _ParaSpans.of(doc, index)
        return found

    def paragraph_html(self, here: str, doc: Annotated, para: Paragraph, only_topic: str | None = None,
                       only_entity: str | None = None, window: tuple[int, int] | None = None,
                       links: bool = True) -> Markup:
        """Paragraph text (or the `window` of it) with evidence marked and entity names linked,
        all text escaped.

        Passages on concept pages (`links=False`) mark the evidence of their own topic, or
        their own entity's name, and link nothing else: the document page has every link, and
        every tag here is a tag MkDocs parses again on each page a passage appears on (the
        largest share of a big site's build)."""
        text = para.text
        lo, hi = window or (0, len(text))
        if window is None:
            evidence = [(s.start, s.end, h.topic) for h in doc.topics_at[para.index] if only_topic in (None, h.topic)
                        for s in h.evidence]
            mentions = [(m.span.start, m.span.end, m.concept) for m in doc.mentions_at[para.index]
                        if links or m.concept == only_entity]
        else:
            # Only what reaches into the window can mark it, found by its start (an entity's
            # passage is a few words of a paragraph whose every topic has evidence).
            spans = self._spans(doc, para.index)
            evidence = spans.within(spans.evidence, only_topic, lo, hi)
            mentions = spans.within(spans.mentions, None, lo, hi) if links else \
                spans.within(spans.mentions, only_entity, lo, hi) if only_entity is not None else []
        if not evidence and not mentions:
            return Markup(_escape_text(text[lo:hi]))
        if not mentions and window is None and only_topic is not None:
            marked = _marked(text, evidence, self._evidence_title((only_topic,)))
            if marked is not None:
                return marked
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
            piece = _escape_text(text[a:b])
            topics = tuple(sorted(open_topics))
            if topics:
                piece = f'<mark class="kb-ev" title="{self._evidence_title(topics)}">{piece}</mark>'
            mention = mentions[min(open_names)][2] if open_names else None
            if mention is not None and not links:
                piece = f'<strong class="kb-focus">{piece}</strong>'
            elif mention is not None:
                piece = f'{self._entity_open(base, mention, mention == only_entity)}{piece}</a>'
            out.append(piece)
        return Markup("".join(out))

    def _evidence_title(self, topics: tuple[str, ...]) -> str:
        """The escaped title of evidence marked for these topics (in any order, repeats too)."""
        title = self._titles.get(topics)
        if title is None:
            title = self._titles[topics] = esc(
                "Evidence: " + ", ".join(self.vocab.concepts[t].label for t in sorted(set(topics))))
        return title

    def _entity_open(self, base: str, cid: str, focus: bool) -> str:
        """The opening tag of a linked entity name on the page at URL `base`."""
        key = (base, cid, focus)
        tag = self._entity_tags.get(key)
        if tag is None:
            concept = self.vocab.concepts[cid]
            href = relative(base, url_of(concept_path(concept.section, concept.id)))
            tag = self._entity_tags[key] = (
                f'<a class="kb-ent kb-{concept.section}{" kb-focus" if focus else ""}" href="{esc(href)}" '
                f'title="{esc(concept.label)}">')
        return tag

    def page(self, template: str, path: str, front: dict[str, Any], **context: Any) -> str:
        """Render one page: YAML front matter (safe-dumped) and the template body."""
        # The links kept by page URL serve one page: kept across all, they grew with the site
        # (a render worker held hundreds of MB of them at 3,000 documents).
        self._doc_hrefs.clear()
        self._entity_tags.clear()
        self._concept_links.clear()
        if not self.lunr:  # Pagefind indexes the built HTML; Material's plugin need not parse it
            front = {**front, "search": {"exclude": True}}
        matter = yaml.dump(front, Dumper=_Dumper, sort_keys=True, allow_unicode=True, width=10_000).strip()
        body = self.env.get_template(template).render(here=path, r=self, **context)
        return f"---\n{matter}\n---\n\n{body}"

    def absolute(self, path: str) -> str:
        """Absolute URL of a generated file (site_url + path), or its path from the root."""
        return self.site_url + url_of(path) if self.site_url else "/" + url_of(path)

    def citation(self, doc: Annotated) -> dict[str, str]:
        """Plain-text, BibTeX and CSL-JSON citations of a document (accessed date left blank)."""
        url = self.absolute(doc_path(doc.slug))
        date = doc.published or doc.event_date
        publisher = doc.publisher or "Unknown publisher"
        plain = f"{publisher}. “{doc.title}.” {date.isoformat() if date else 'Undated'}. {url}. Accessed ________."
        fields = [("title", "{" + _bibtex(doc.title) + "}"), ("author", "{" + _bibtex(publisher) + "}")]
        if date:
            fields += [("year", str(date.year)), ("month", date.strftime("%b").lower()), ("date", date.isoformat())]
        fields += [("url", url), ("note", "Accessed: ")]
        bibtex = f"@misc{{{doc.slug},\n" + ",\n".join(f"  {k} = {{{v}}}" for k, v in fields) + "\n}\n"
        csl: dict[str, Any] = {"id": doc.slug, "type": "article-newspaper" if doc.kind == "news-report" else "report",
                               "title": doc.title, "publisher": publisher, "URL": url}
        if date:
            csl["issued"] = {"date-parts": [[date.year, date.month, date.day]]}
        return {"plain": plain, "bibtex": bibtex, "csl": json.dumps([csl], ensure_ascii=False, indent=1) + "\n"}

    def json_ld(self, doc: Annotated) -> str:
        """schema.org metadata of a document page, safe inside a <script> element.

        It goes in the page's <head> (front matter `kb_jsonld`, written out by overrides/main.html):
        Material's instant navigation re-creates scripts of the content without their `type`,
        which would run JSON as JavaScript."""
        kinds = {"people": "Person", "organizations": "Organization", "places": "Place", "treaties": "Legislation"}
        data: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "NewsArticle" if doc.kind == "news-report" else "Report",
            "headline": doc.title,
            "url": self.absolute(doc_path(doc.slug)),
            "inLanguage": "en",
            "isBasedOn": self.absolute(f"originals/{doc.slug}.txt"),
            "about": [{"@type": "Thing", "name": self.vocab.concepts[t].label,
                       "url": self.absolute(concept_path("topics", t))} for t in doc.topic_ids()],
            "mentions": [{"@type": kinds[self.vocab.section_of(e)], "name": self.vocab.concepts[e].label,
                          "url": self.absolute(concept_path(self.vocab.section_of(e), e))}
                         for e in doc.entity_ids()],
        }
        if doc.published:
            data["datePublished"] = doc.published.isoformat()
        if doc.event_date:
            data["contentReferenceTime"] = doc.event_date.isoformat()
        if doc.publisher:
            data["publisher"] = {"@type": "Organization", "name": doc.publisher}
        text = json.dumps(data, ensure_ascii=False, sort_keys=True)
        # "</script>" or "<!--" in seed text must not end the element: escape every "<", ">", "&".
        return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")

    # -- page kinds -------------------------------------------------------------------------

    def document(self, doc: Annotated) -> str:
        path = doc_path(doc.slug)
        by_section: dict[str, list[str]] = defaultdict(list)
        for cid in doc.entity_ids():
            by_section[self.vocab.section_of(cid)].append(cid)
        para_topics = defaultdict(list)
        for hit in doc.topics:
            para_topics[hit.paragraph].append(hit)
        summary = doc.doc.paragraphs[0].text
        return self.page("document.md.j2", path, {
            "title": html.escape(doc.title),
            "description": html.escape(summary[:200]),
            "kb_jsonld": self.json_ld(doc),
        }, doc=doc, kind=self.vocab.concepts[doc.kind], topics=doc.topic_ids(),
            entities=[(s, by_section[s]) for s in ENTITY_KINDS if by_section[s]],
            para_topics=para_topics, related=self.corpus.related_docs.get(doc.slug, ()),
            original=f"originals/{doc.slug}.txt", cite=self.citation(doc),
            cite_files=(f"cite/{doc.slug}.bib", f"cite/{doc.slug}.json"),
            annotation_file=annotations.page_path(doc.slug) if annotations.count(doc) else None,
            canonical=self.absolute(doc_path(doc.slug)))

    def moved(self, old: str, new: str) -> str:
        """The page left at a renamed document's old URL: a link, and kb.js follows it with the
        paragraph anchor kept (`old/#p3` lands on `new/#p3`)."""
        path = doc_path(old)
        return self.page("moved.md.j2", path, {"title": html.escape(self.corpus.by_slug[new].title),
                                                "search": {"exclude": True}},
                         target=self.href(path, doc_path(new)), doc=self.corpus.by_slug[new])

    def withdrawn(self, slug: str, title: str, source: str) -> str:
        """The page left at a removed document's URL, so a cited link says what happened."""
        return self.page("withdrawn.md.j2", doc_path(slug), {"title": html.escape(title or slug),
                                                             "search": {"exclude": True}},
                         title=title or slug, source=source)

    def _passages(self, passages: Iterable[Passage]) -> list[tuple[Annotated, list[Paragraph]]]:
        """Passages grouped by document, in the corpus order (newest first)."""
        grouped: dict[str, list[Paragraph]] = {}
        for p in passages:
            doc = self.corpus.by_slug[p.doc]
            grouped.setdefault(p.doc, []).append(doc.doc.paragraphs[p.paragraph - 1])
        return [(self.corpus.by_slug[slug], paras) for slug, paras in grouped.items()]

    def concept_passages(self, section: str, cid: str) -> tuple[Passage, ...]:
        return tuple((self.corpus.topic_passages if section == "topics" else self.corpus.entity_passages).get(cid, ()))

    def has_year_pages(self, section: str, cid: str) -> bool:
        """Whether the concept's passages are spread over year pages: only when its main page
        cannot show them all (most concepts of a small corpus need none)."""
        return spread_over_years(len({p.doc for p in self.concept_passages(section, cid)}))

    def passages_by_year(self, section: str, cid: str) -> dict[str, tuple[Passage, ...]]:
        """A concept's passages by year, each year's in their order. Kept per concept: its main
        page and each of its year pages ask, and sorting every passage again for each of them
        made a concept's pages cost its passages times its years."""
        key = (section, cid)
        if key not in self._by_year:
            if self._year is None:  # each document's year, once: concepts share documents
                self._year = {d.slug: year_of(d) for d in self.corpus.documents}
            years: dict[str, list[Passage]] = defaultdict(list)
            for p in self.concept_passages(section, cid):
                years[self._year[p.doc]].append(p)
            self._by_year[key] = {y: tuple(ps) for y, ps in years.items()}
        return self._by_year[key]

    def concept_years(self, section: str, cid: str) -> list[tuple[str, int]]:
        """(year, documents) of a concept's passages, newest first; "undated" last (kept per
        concept, like `passages_by_year`)."""
        key = (section, cid)
        if key not in self._years:
            self._years[key] = _years_newest_first((y, len({p.doc for p in ps}))
                                                   for y, ps in self.passages_by_year(section, cid).items())
        return self._years[key]

    def concept(self, section: str, cid: str, year: str | None = None) -> str:
        """A concept's page: everything on it, or (with `year`) its passages of one year.

        The main page shows the passages of the newest PAGE_DOCUMENTS documents and, when there
        are more, links to one page per year holding them all, so no page grows with the whole
        corpus; a concept with year pages has one for every year with a passage, so their URLs
        stay as documents are added."""
        c = self.vocab.concepts[cid]
        path = concept_year_path(section, cid, year) if year else concept_path(section, cid)
        narrower = [x.id for x in self.vocab.sections[section] if cid in x.broader]
        all_passages = self.concept_passages(section, cid)
        passages = all_passages
        if year is not None:
            passages = self.passages_by_year(section, cid).get(year, ())
        groups = self._passages(passages)
        shown = groups if year is not None else groups[:PAGE_DOCUMENTS]
        shown_docs = {doc.slug for doc, _ in shown}
        statements = [(self.corpus.by_slug[slug], st)
                      for slug, st in self.corpus.statements_by_speaker.get(cid, ()) if slug in shown_docs]
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
                doc = self.corpus.by_slug[p.doc]
                for st in doc.statements_at[p.paragraph]:
                    speakers[st.speaker].append((doc, st))
        speaker_groups = sorted(speakers.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        years = self.concept_years(section, cid)
        if year is not None:
            return self.page("concept.md.j2", path, {
                "title": html.escape(f"{c.label}: {year}"),
                "description": html.escape(f"{SECTION_SINGULAR[section]} {c.label}: passages of {year}"),
                "search": {"exclude": True},  # the same passages as the documents: no rival hits
            }, c=c, section=section, singular=SECTION_SINGULAR[section], narrower=narrower,
                groups=shown, all_groups=len(groups), passage_count=len(passages), year=year, years=years,
                year_pages=True, cooccurring=(), statement_groups=statement_groups, speaker_groups=speaker_groups)
        return self.page("concept.md.j2", path, {
            "title": html.escape(c.label),
            "description": html.escape(c.definition or f"{SECTION_SINGULAR[section]}: {c.label}"),
            # A search for a topic or a name should land on its page before passing mentions.
            "search": {"boost": SEARCH_BOOST[section]},
            # Material's search weighs page tags far above text: the concept's own names as
            # tags make a search by any alias ("EAEU") land on the concept page first.
            # (Short names only: a long formal title would outweigh a short exact name.)
            # Escaped as the title is: Material's search shows a result's tags as HTML.
            "tags": [html.escape(t, quote=False) for t in (c.label, *(a for a in c.aliases if len(a.split()) <= 4))],
        }, c=c, section=section, singular=SECTION_SINGULAR[section], narrower=narrower,
            groups=shown, all_groups=len(groups), passage_count=len(passages), year=None, years=years,
            year_pages=spread_over_years(len(groups)),
            cooccurring=self.corpus.cooccurring.get(cid, ()) if section == "topics" else (),
            statement_groups=statement_groups, speaker_groups=speaker_groups)

    def section_index(self, section: str) -> str:
        path = f"{section}/index.md"
        rows = []
        for c in self.vocab.sections[section]:
            passages = (self.corpus.topic_passages if section == "topics" else self.corpus.entity_passages).get(c.id, ())
            rows.append((c, len(passages), len({p.doc for p in passages})))
        rows.sort(key=lambda r: (-r[2], -r[1], r[0].label.casefold(), r[0].id))
        return self.page("section_index.md.j2", path, {"title": SECTION_TITLES[section]},
                         section=section, title=SECTION_TITLES[section], rows=rows,
                         singular=SECTION_SINGULAR[section])

    def event(self, ev: Event) -> str:
        """One encounter, its accounts side by side, and what only one of them mentions."""
        path = event_path(ev.id)
        docs = [self.corpus.by_slug[s] for s in ev.documents]
        topics = {d.slug: d.topic_ids() for d in docs}
        entities = {d.slug: d.entity_ids() for d in docs}
        said: dict[str, list] = {}
        for d in docs:
            groups: dict[str, list] = defaultdict(list)
            for st in d.statements:
                groups[st.speaker].append(st)
            said[d.slug] = sorted(groups.items(), key=lambda kv: kv[0])
        only = []
        if len(docs) > 1:
            for d in docs:
                others_t = set().union(*(set(topics[o.slug]) for o in docs if o is not d))
                others_e = set().union(*(set(entities[o.slug]) for o in docs if o is not d))
                only.append((d, [t for t in topics[d.slug] if t not in others_t],
                             [e for e in entities[d.slug] if e not in others_e]))
        kind = self.vocab.concepts[ev.kind].label
        names = " and ".join(self.vocab.concepts[p].label for p in ev.participants)
        return self.page("event.md.j2", path, {"title": html.escape(f"{kind}: {names}, {ev.date.isoformat()}")},
                         ev=ev, docs=docs, topics=topics, said=said, only=only, kind=kind)

    def events_index(self) -> str:
        return self.page("events_index.md.j2", "events/index.md", {"title": "Events"},
                         events=self.corpus.events)

    def timeline(self) -> str:
        """Documents by event date, and the dates and years they refer to, by year."""
        years: dict[str, dict[str, list]] = {}
        for doc in self.corpus.documents:
            key = str(doc.sort_date.year) if doc.sort_date != dt.date.min else "Undated"
            years.setdefault(key, {"docs": [], "refs": []})["docs"].append(doc)
        for year, text, passage in self.corpus.references:
            years.setdefault(str(year), {"docs": [], "refs": []})["refs"].append((text, passage))
        ordered = sorted(years.items(), key=lambda kv: (kv[0] == "Undated", -int(kv[0]) if kv[0].isdigit() else 0))
        return self.page("timeline.md.j2", "timeline.md", {"title": "Timeline"}, years=ordered)

    def topic_map(self) -> str:
        """Which topics occur together: a heatmap drawn at build time as SVG (no script)."""
        counts = {t: len(ps) for t, ps in self.corpus.topic_passages.items()}
        topics = sorted(counts, key=lambda t: (-counts[t], t))[:TOPIC_MAP_MAX]
        pair = {(a, b): n for a in topics for b, n in self.corpus.cooccurring.get(a, ()) if b in topics}
        return self.page("topic_map.md.j2", "topic-map.md", {"title": "Topic map"},
                         svg=self.heatmap_svg("topic-map.md", topics, pair, counts), topics=topics,
                         matrix=self.doc_topic_matrix("topic-map.md", self.corpus.documents))

    def heatmap_svg(self, here: str, topics: list[str], pair: dict, counts: dict) -> Markup:
        cell, label_w = 22, 230
        width, height = label_w + cell * len(topics) + 150, label_w + cell * len(topics) + 10
        top = max((pair.values()), default=1) or 1
        # Links use xlink:href: Material's instant navigation assigns `el.href = ...` to every
        # [href] element, which throws on SVG links (their href is read-only).
        out = [f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" class="kb-heatmap" role="img" '
               f'aria-label="Topic co-occurrence map" viewBox="0 0 {width} {height}" width="{width}" height="{height}">']
        for i, t in enumerate(topics):
            label = esc(self.vocab.concepts[t].label)
            href = esc(self.href(here, concept_path("topics", t)))
            y = label_w + i * cell + cell * 0.7
            out.append(f'<a xlink:href="{href}"><text x="{label_w - 6}" y="{y:.1f}" text-anchor="end">{label}</text></a>')
            x = label_w + i * cell + cell * 0.7
            out.append(f'<a xlink:href="{href}"><text transform="translate({x:.1f},{label_w - 6}) rotate(-60)">{label}</text></a>')
            for j, u in enumerate(topics):
                n = counts[t] if t == u else pair.get((t, u), 0)
                opacity = 0.08 if n == 0 else 0.25 + 0.75 * min(1.0, n / top)
                title = esc(f"{self.vocab.concepts[t].label} + {self.vocab.concepts[u].label}: {n} paragraph{'s' if n != 1 else ''}")
                klass = "kb-cell kb-diag" if t == u else "kb-cell"
                out.append(f'<rect class="{klass}" x="{label_w + j * cell}" y="{label_w + i * cell}" width="{cell - 2}" '
                           f'height="{cell - 2}" fill-opacity="{opacity:.2f}"><title>{title}</title></rect>')
        out.append("</svg>")
        return Markup("".join(out))

    def doc_topic_matrix(self, here: str, docs: Iterable[Annotated], limit: int = 30) -> dict[str, Any]:
        """Documents (newest first) against the topics they discuss: paragraphs per cell."""
        rows = list(docs)[:limit]
        counts = {d.slug: {t: sum(1 for h in d.headline_topics + d.topics if h.topic == t) for t in d.topic_ids()}
                  for d in rows}
        totals: dict[str, int] = defaultdict(int)
        for c in counts.values():
            for t in c:
                totals[t] += 1
        topics = sorted(totals, key=lambda t: (-totals[t], t))
        return {"rows": rows, "topics": topics, "counts": counts}

    def phrases(self) -> str:
        """Set phrases over time: first and last use, by whom, how often per year."""
        uses: dict[str, list] = defaultdict(list)
        for doc in sorted(self.corpus.documents, key=lambda d: (d.sort_date, d.slug)):
            for m in doc.phrases:
                speaker = next((st.speaker for st in doc.statements_at[m.paragraph]
                                if st.sentence.start <= m.span.start < st.sentence.end), None)
                uses[m.concept].append((doc, m, speaker))
        rows = []
        for c in self.vocab.sections.get("phrases", []):
            found = uses.get(c.id, [])
            per_year: dict[str, int] = defaultdict(int)
            by_whom: dict[str, int] = defaultdict(int)
            for doc, m, speaker in found:
                per_year[str(doc.sort_date.year) if doc.sort_date != dt.date.min else "undated"] += 1
                who = self.vocab.concepts[speaker].label if speaker else (doc.publisher or "not attributed")
                by_whom[who] += 1
            rows.append((c, found, sorted(per_year.items()), sorted(by_whom.items(), key=lambda kv: (-kv[1], kv[0]))))
        return self.page("phrases.md.j2", "phrases.md", {"title": "Set phrases"}, rows=rows)

    def gaps(self) -> str:
        """Where the vocabulary falls short: paragraphs with no topic, names it does not know."""
        uncovered = [(self.corpus.by_slug[p.doc], self.corpus.by_slug[p.doc].doc.paragraphs[p.paragraph - 1])
                     for p in self.corpus.uncovered]
        names = [(name, n, self.corpus.by_slug[p.doc], p.paragraph) for name, n, p in self.corpus.unknown_names]
        return self.page("gaps.md.j2", "gaps.md", {"title": "Vocabulary gaps", "search": {"exclude": True}},
                         uncovered=uncovered, names=names,
                         total=sum(len(d.doc.paragraphs) for d in self.corpus.documents))

    def documents_index(self) -> str:
        years: dict[str, list[Annotated]] = defaultdict(list)
        for doc in self.corpus.documents:
            years[str(doc.sort_date.year) if doc.sort_date != dt.date.min else "Undated"].append(doc)
        return self.page("documents_index.md.j2", "documents/index.md", {"title": "Documents"},
                         years=list(years.items()), kinds=self.vocab.concepts)

    def home(self) -> str:
        topic_rows = []
        for c in self.vocab.sections["topics"]:
            passages = self.corpus.topic_passages.get(c.id, ())
            if passages:
                topic_rows.append((c, len({p.doc for p in passages}), len(passages)))
        topic_rows.sort(key=lambda r: (-r[1], -r[2], r[0].label.casefold()))
        counts = [(s, SECTION_TITLES[s], sum(1 for c in self.vocab.sections[s]
                                             if self.corpus.entity_passages.get(c.id)))
                  for s in ENTITY_KINDS]
        dated = [d.sort_date for d in self.corpus.documents if d.sort_date != dt.date.min]
        return self.page("home.md.j2", "index.md", {"title": "Home"},
                         corpus=self.corpus, topic_rows=topic_rows, counts=counts,
                         latest=self.corpus.documents[:LATEST_ON_HOME],
                         first=min(dated) if dated else None, last=max(dated) if dated else None,
                         kinds=self.vocab.concepts,
                         matrix=self.doc_topic_matrix("index.md", self.corpus.documents, HOME_MATRIX_ROWS))


class Memo(Protocol):
    """What the renderer keeps between builds (cache.RenderCache): each document's parts of
    the corpus-wide files, so a build after one seed changed encodes one document's part and
    not the whole corpus's, and the compiled templates."""

    bytecode: BytecodeCache | None

    def get(self, key: str) -> str | None: ...

    def has(self, key: str) -> bool: ...

    def put(self, key: str, value: str) -> None: ...


def record_key(doc: Annotated, event: str | None) -> str:
    """What a document's parts of kb.json and passages.csv depend on besides the vocabulary,
    the code and the site URL (the memo's own fingerprint): its text, its slug, its event, its
    paragraph anchors."""
    return hashlib.sha256(repr((doc.doc.source, doc.doc.sha256, doc.doc.encoding, doc.slug, event, doc.anchors))
                          .encode("utf-8")).hexdigest()[:40]


def _memoised(memo: Memo | None, key: str, make: Callable[[], str]) -> str:
    if memo is None:
        return make()
    value = memo.get(key)
    if value is None:
        value = make()
        memo.put(key, value)
    return value


def _document_record(doc: Annotated, event: str | None, vocab: Vocabulary) -> str:
    """A document's line of kb.json."""
    paragraphs = []
    retired = doc.retired_at
    for para in doc.doc.paragraphs:
        hits = doc.topics_at[para.index]
        paragraphs.append({
            "anchor": doc.anchor(para.index),
            "text": para.text,
            "topics": [h.topic for h in hits],
            "evidence": [{"topic": h.topic, "start": s.start, "end": s.end, "text": s.text}
                         for h in hits for s in h.evidence],
            "mentions": [{"id": m.concept, "type": vocab.section_of(m.concept), "start": m.span.start,
                          "end": m.span.end, "text": m.span.text}
                         for m in doc.mentions_at[para.index]],
            "statements": [{"speaker": st.speaker, "verb": st.verb, "start": st.sentence.start,
                            "end": st.sentence.end, "text": st.sentence.text,
                            "via_pronoun": st.via_pronoun}
                           for st in doc.statements_at[para.index]],
            # Only where there are some, so a site whose anchors never moved keeps its bytes.
            **({"retired_anchors": list(retired[para.index])} if para.index in retired else {}),
        })
    return _json_line({
        "id": doc.slug, "url": url_of(doc_path(doc.slug)), "source": doc.doc.source,
        "title": doc.title, "published": doc.published.isoformat() if doc.published else None,
        "event_date": doc.event_date.isoformat() if doc.event_date else None,
        "publisher": doc.publisher, "kind": doc.kind, "topics": doc.topic_ids(),
        "entities": doc.entity_ids(), "original": f"originals/{doc.slug}.txt",
        "event": event, "participants": list(doc.participants),
        "paragraphs": paragraphs,
        **({"headline": _headline_record(doc)} if doc.doc.headline else {}),
    })


def _headline_record(doc: Annotated) -> dict[str, Any]:
    """kb.json's `headline` of a document: its text and topics with their evidence, the shape
    of a paragraph's without an anchor (the headline is not a paragraph of the text)."""
    hits = doc.headline_topics
    return {"text": doc.doc.headline, "topics": [h.topic for h in hits],
            "evidence": [{"topic": h.topic, "start": s.start, "end": s.end, "text": s.text}
                         for h in hits for s in h.evidence]}


def kb_json(corpus: Corpus, vocab: Vocabulary, memo: Memo | None = None) -> str:
    """`data/kb.json`: the public, documented shape other tools read (ARCHITECTURE.md). One record
    per line: readable and diffable line by line, and encoded by the C encoder (an indented
    dump goes through the pure-Python one, seconds per thousand documents)."""
    def concept_record(c, url_section: str, count: int) -> dict[str, Any]:
        return {"id": c.id, "url": url_of(concept_path(url_section, c.id)), "label": c.label,
                "aliases": list(c.aliases), "definition": c.definition,
                "broader": list(c.broader), "related": list(c.related), "passages": count}

    def documents() -> Iterator[str]:
        for doc in corpus.documents:
            event = corpus.event_of.get(doc.slug)
            yield _memoised(memo, _record_keys(corpus, doc)[0], lambda: _document_record(doc, event, vocab))

    lists: dict[str, Iterable[str]] = {
        "documents": documents(),
        "topics": (_json_line(concept_record(c, "topics", len(corpus.topic_passages.get(c.id, ()))))
                   for c in vocab.sections["topics"]),
        "entities": (_json_line(dict(concept_record(c, s, len(corpus.entity_passages.get(c.id, ()))), type=s))
                     for s in ENTITY_KINDS for c in vocab.sections[s]),
        "kinds": (_json_line({"id": c.id, "label": c.label}) for c in vocab.sections["kinds"]),
        "events": (_json_line({"id": e.id, "url": url_of(f"events/{e.id}.md"), "date": e.date.isoformat(),
                               "kind": e.kind, "participants": list(e.participants),
                               "documents": list(e.documents)})
                   for e in corpus.events),
    }
    parts = ['"version":1']
    for key, lines in lists.items():
        inner = ",\n".join(lines)
        parts.append(f'"{key}":[\n{inner}\n]' if inner else f'"{key}":[]')
    return "{\n" + ",\n".join(parts) + "\n}\n"


def _json_line(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def concepts_json(corpus: Corpus, vocab: Vocabulary) -> str:
    """`data/concepts.json`: each topic and entity found in the corpus (label, aliases, kind,
    URL, number of documents), a few hundred records whatever the corpus size. The Pagefind
    search field (kb-pagefind.js) matches a query against it at once, so a topic's or a
    name's page is offered while Pagefind still searches the documents: on a large site a word
    found in thousands of them keeps its engine busy for a second or more."""
    records = []
    for section in ("topics",) + ENTITY_KINDS:
        passages = corpus.topic_passages if section == "topics" else corpus.entity_passages
        for c in vocab.sections[section]:
            documents = len({p.doc for p in passages.get(c.id, ())})
            if documents:
                records.append({"label": c.label, "aliases": list(c.aliases), "kind": SECTION_SINGULAR[section],
                                "url": url_of(concept_path(section, c.id)), "documents": documents})
    return json.dumps(records, ensure_ascii=False, separators=(",", ":")) + "\n"


def _bibtex(text: str) -> str:
    """BibTeX's special characters escaped, so a title cannot break the entry."""
    table = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "$": r"\$",
             "#": r"\#", "_": r"\_", "^": r"\^{}", "~": r"\~{}"}
    return "".join(table.get(c, c) for c in " ".join(text.split()))


FEED_ENTRIES = 50
"""How many documents the Atom feed carries (newest first)."""


def atom_feed(r: Renderer) -> str:
    """`feed.xml`: the newest documents; ElementTree does the XML escaping."""
    from xml.etree import ElementTree as ET

    ns = "http://www.w3.org/2005/Atom"
    ET.register_namespace("", ns)
    feed = ET.Element(f"{{{ns}}}feed")
    ET.SubElement(feed, f"{{{ns}}}title").text = "Documents knowledge base: latest documents"
    ET.SubElement(feed, f"{{{ns}}}id").text = r.absolute("index.md")
    ET.SubElement(feed, f"{{{ns}}}link", href=r.absolute("index.md"))
    ET.SubElement(feed, f"{{{ns}}}link", rel="self", href=r.absolute("feed.xml"))
    dates = [d.sort_date for d in r.corpus.documents if d.sort_date != dt.date.min]
    ET.SubElement(feed, f"{{{ns}}}updated").text = f"{max(dates) if dates else dt.date(1970, 1, 1)}T00:00:00Z"
    ET.SubElement(ET.SubElement(feed, f"{{{ns}}}author"), f"{{{ns}}}name").text = "Documents knowledge base"
    for doc in r.corpus.documents[:FEED_ENTRIES]:
        entry = ET.SubElement(feed, f"{{{ns}}}entry")
        ET.SubElement(entry, f"{{{ns}}}title").text = doc.title
        ET.SubElement(entry, f"{{{ns}}}id").text = r.absolute(doc_path(doc.slug))
        ET.SubElement(entry, f"{{{ns}}}link", href=r.absolute(doc_path(doc.slug)))
        day = doc.published or doc.event_date or dt.date(1970, 1, 1)
        ET.SubElement(entry, f"{{{ns}}}updated").text = f"{day.isoformat()}T00:00:00Z"
        if doc.publisher:
            ET.SubElement(ET.SubElement(entry, f"{{{ns}}}author"), f"{{{ns}}}name").text = doc.publisher
        ET.SubElement(entry, f"{{{ns}}}summary").text = doc.doc.paragraphs[0].text[:500]
        for t in doc.topic_ids():
            ET.SubElement(entry, f"{{{ns}}}category", term=t, label=r.vocab.concepts[t].label)
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def _cell(value: str) -> str:
    """A spreadsheet cell that cannot run as a formula (=, +, -, @ at the start)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


PASSAGES_CSV_HEADER = ("document", "title", "date", "paragraph_url", "paragraph", "topic", "topic_label",
                       "evidence")


def _csv_rows(r: Renderer, doc: Annotated) -> str:
    """A document's rows of passages.csv."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    date = doc.sort_date.isoformat() if doc.sort_date != dt.date.min else ""
    url = r.absolute(doc_path(doc.slug))
    for hit in doc.topics:
        writer.writerow([_cell(x) for x in (
            doc.slug, doc.title, date, f"{url}#{doc.anchor(hit.paragraph)}", str(doc.anchor_number(hit.paragraph)),
            hit.topic,
            r.vocab.concepts[hit.topic].label, " | ".join(s.text for s in hit.evidence))])
    return out.getvalue()


def _record_keys(corpus: Corpus, doc: Annotated) -> tuple[str, str]:
    """The memo keys of a document's parts of kb.json and passages.csv."""
    return "json:" + record_key(doc, corpus.event_of.get(doc.slug)), "csv:" + record_key(doc, None)


def _document_records(r: Renderer, doc: Annotated) -> tuple[tuple[str, str], tuple[str, str]]:
    """A document's parts of kb.json and passages.csv, each as (memo key, text)."""
    json_key, csv_key = _record_keys(r.corpus, doc)
    return ((json_key, _document_record(doc, r.corpus.event_of.get(doc.slug), r.vocab)),
            (csv_key, _csv_rows(r, doc)))


def passages_csv(r: Renderer, memo: Memo | None = None) -> str:
    """`data/passages.csv`: one row per topic passage, for spreadsheets."""
    return ",".join(PASSAGES_CSV_HEADER) + "\n" + "".join(
        _memoised(memo, _record_keys(r.corpus, doc)[1], lambda: _csv_rows(r, doc)) for doc in r.corpus.documents)


def page_keys(corpus: Corpus, vocab: Vocabulary, fingerprint: str) -> dict[str, str]:
    """A digest of everything each document, concept, concept-year and event page (and each
    original, citation file and annotation page) shows, cheap to compute: equal keys mean equal pages, so an
    incremental build renders only the pages whose key changed. It mirrors what
    `Renderer.document`, `.concept` and `.event` read: keep them in step
    (tests/test_incremental.py compares kept pages with fresh ones).

    `fingerprint` covers the vocabulary, the code, the templates and the site URL. A document
    is its source name, text digest, encoding (its annotation is a function of those) and
    paragraph anchors (the ledger's); a
    page that shows only some of it (a related document's title, a concept's passages) keys
    on those parts alone, so editing one paragraph re-renders the pages of what that
    paragraph discusses, not of everything its document mentions."""
    # Each document's parts as text once (a repr: control characters come out escaped), so a
    # page's key hashes strings joined, not a nested tuple turned to text again for every page
    # that shows the document (that was most of the time of an incremental build's keys).
    digest = {d.slug: repr((d.doc.source, d.doc.sha256, d.doc.encoding, d.anchors)) for d in corpus.documents}
    header = {d.slug: repr((d.slug, d.title, d.sort_date, d.kind, d.publisher)) for d in corpus.documents}
    year = {d.slug: year_of(d) for d in corpus.documents}
    said: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    for speaker, items in corpus.statements_by_speaker.items():
        for slug, st in items:
            said[speaker][slug].add(st.paragraph)

    def key(*parts: str) -> str:
        # Every part is a repr or made of reprs and hex digests: none holds the separator.
        return hashlib.sha256("\x1f".join((fingerprint, *parts)).encode("utf-8")).hexdigest()[:40]

    keys: dict[str, str] = {}
    for d in corpus.documents:
        related = "".join(header[o] + repr(shared) for o, shared in corpus.related_docs.get(d.slug, ()))
        keys[doc_path(d.slug)] = key(repr(("document", d.slug, corpus.event_of.get(d.slug))), digest[d.slug], related)
        for path in _document_files(d.slug):
            keys[path] = key(repr(path), digest[d.slug])
    # A document's annotation page shows its own findings and links to its neighbours' pages.
    for slug, neighbour in annotations.neighbours(annotations.sequence(corpus)).items():
        path = annotations.page_path(slug)
        keys[path] = key(repr((path, neighbour)), digest[slug])
    for ev in corpus.events:
        keys[event_path(ev.id)] = key(repr(("event", ev)), *(digest[s] for s in ev.documents))
    for section in ("topics",) + ENTITY_KINDS:
        index = corpus.topic_passages if section == "topics" else corpus.entity_passages
        for c in vocab.sections[section]:
            passages = index.get(c.id, ())
            shown: dict[str, list[int]] = {}  # passages come grouped by document, newest first
            by_year: dict[str, list[str]] = defaultdict(list)
            for p in passages:
                if p.doc not in shown:
                    shown[p.doc] = []
                    by_year[year[p.doc]].append(p.doc)
                shown[p.doc].append(p.paragraph)
            spoken = said.get(c.id, {})

            def seen(slugs: Iterable[str]) -> str:
                return "".join(header[s] + ",".join(f"{d.paragraph_keys[i - 1]}#{d.anchor_number(i)}"  # i is 1-based
                                                    for i in sorted(set(shown[s]) | spoken.get(s, set())))
                               for s in slugs for d in (corpus.by_slug[s],))

            years = _years_newest_first((y, len(s)) for y, s in by_year.items())
            cooccurring = corpus.cooccurring.get(c.id, ()) if section == "topics" else ()
            keys[concept_path(section, c.id)] = key(
                repr(("concept", section, c.id, len(passages), len(shown), years, cooccurring)),
                seen(list(shown)[:PAGE_DOCUMENTS]))
            for y, slugs in by_year.items() if spread_over_years(len(shown)) else ():
                keys[concept_year_path(section, c.id, y)] = key(repr(("year", section, c.id, y, years)), seen(slugs))
    return keys


def _document_files(slug: str) -> tuple[str, str, str]:
    """The original text and the two citation files of a document."""
    return f"originals/{slug}.txt", f"cite/{slug}.bib", f"cite/{slug}.json"


def event_path(eid: str) -> str:
    return f"events/{eid}.md"


def _years_newest_first(years: Iterable[tuple[str, int]]) -> list[tuple[str, int]]:
    return sorted(years, key=lambda yd: (yd[0] != UNDATED, yd[0]), reverse=True)


_CORPUS_PAGES: dict[str, Callable[[Renderer], str]] = {
    "index.md": Renderer.home,
    "documents/index.md": Renderer.documents_index,
    "events/index.md": Renderer.events_index,
    "timeline.md": Renderer.timeline,
    "topic-map.md": Renderer.topic_map,
    "phrases.md": Renderer.phrases,
    "gaps.md": Renderer.gaps,
    "feed.xml": atom_feed,
    "data/concepts.json": lambda r: concepts_json(r.corpus, r.vocab),
    annotations.COLLECTION_PATH: lambda r: annotations.collection(r.corpus, r.annotation_site),
    **{f"{section}/index.md": (lambda r, s=section: r.section_index(s)) for section in ("topics",) + ENTITY_KINDS},
}
"""Pages drawn from the whole corpus, made on every build (each shows something of every document)."""


def render_site(corpus: Corpus, vocab: Vocabulary, ledger: Iterable[Any] = (),
                site_url: str = "", progress: Callable[[Iterable[Any]], Iterable[Any]] | None = None,
                keep: Collection[str] | Callable[[], Collection[str]] = frozenset(), lunr: bool = True,
                memo: Memo | None = None) -> dict[str, Any]:
    """Every generated page and data file, by path relative to the docs folder (`iter_site`,
    all at once)."""
    return dict(iter_site(corpus, vocab, ledger, site_url, progress, keep, lunr, memo))


def iter_site(corpus: Corpus, vocab: Vocabulary, ledger: Iterable[Any] = (),
              site_url: str = "", progress: Callable[[Iterable[Any]], Iterable[Any]] | None = None,
              keep: Collection[str] | Callable[[], Collection[str]] = frozenset(), lunr: bool = True,
              memo: Memo | None = None) -> Iterator[tuple[str, Any]]:
    """Every generated page and data file, (path relative to the docs folder, text or bytes),
    one at a time as rendered, so a large build writes each away rather than hold them all.

    `ledger` entries whose document is gone get a withdrawn page, and every earlier slug of a
    renamed document a page that forwards to the new one: no link given out ever 404s.
    Pages are independent of each other, so the many document, concept, event and annotation pages (and
    each rendered document's parts of kb.json and passages.csv) are rendered on all cores
    (kb.output.parallel); the order of the result never depends on it. Document and
    concept pages, event pages, originals, citation files and annotation pages named in `keep` (their
    `page_keys` unchanged since the files in the docs folder were written) are not rendered
    again: their value is KEEP. `keep` may be a function, asked once the pages drawn from the
    whole corpus (never kept) are made: the build works the keys out on the other core
    meanwhile. `lunr=False` (Pagefind serves search) keeps every page out of
    Material's lunr index, which would otherwise parse every page for nothing. `memo` keeps
    each document's part of kb.json and passages.csv, and the compiled templates, between
    builds.
    """
    r = Renderer(corpus, vocab, site_url, lunr, memo.bytecode if memo else None)
    for path, make in _CORPUS_PAGES.items():
        yield path, make(r).encode("utf-8")
    if callable(keep):
        keep = keep()
    jobs: list[tuple[str, str, str]] = []
    for doc in corpus.documents:
        jobs.append((doc_path(doc.slug), "document", doc.slug))
    for section in ("topics",) + ENTITY_KINDS:
        for c in vocab.sections[section]:
            jobs.append((concept_path(section, c.id), section, c.id))
            if r.has_year_pages(section, c.id):
                for year, _ in r.concept_years(section, c.id):
                    jobs.append((concept_year_path(section, c.id, year), section, f"{c.id}/{year}"))
    events = {ev.id: ev for ev in corpus.events}
    jobs.extend((event_path(ev_id), "event", ev_id) for ev_id in events)
    neighbours = annotations.neighbours(annotations.sequence(corpus))
    jobs.extend((annotations.page_path(slug), "annotations", slug) for slug in neighbours)
    for path, _, _ in jobs:
        if path in keep:
            yield path, KEEP
    jobs = [job for job in jobs if job[0] not in keep]

    # A rendered document's parts of the corpus-wide files, where the memo lacks them, are
    # made with its page, on every core, and memoised as they arrive (only this process may
    # write the memo): made at the end, on their own, they kept one core idle for seconds.
    unrecorded = set() if memo is None else {
        job[2] for job in jobs if job[1] == "document"
        and not all(memo.has(k) for k in _record_keys(corpus, corpus.by_slug[job[2]]))}

    def one(job: tuple[str, str, str]) -> Any:
        # UTF-8 straight away: as str, a page with one curly quote takes two bytes a character
        # (held all at once, these pages were 3.5 GB of a 5 GB peak at 10,000 documents).
        _, kind, key = job
        if kind == "document":
            doc = corpus.by_slug[key]
            page = r.document(doc).encode("utf-8")
            return (page, _document_records(r, doc)) if key in unrecorded else page
        if kind == "event":
            return r.event(events[key]).encode("utf-8")
        if kind == "annotations":
            return annotations.annotation_page(corpus.by_slug[key], vocab, r.annotation_site,
                                               neighbours[key]).encode("utf-8")
        cid, _, year = key.partition("/")
        return r.concept(kind, cid, year or None).encode("utf-8")

    for (path, kind, key), value in zip(jobs, pimap(one, jobs, progress)):
        if kind == "document" and key in unrecorded and memo is not None:
            value, records = value
            for memo_key, text in records:
                memo.put(memo_key, text)
        yield path, value
    for doc in corpus.documents:
        original, bib, csl = _document_files(doc.slug)
        if original in keep and bib in keep and csl in keep:
            yield from ((original, KEEP), (bib, KEEP), (csl, KEEP))
            continue
        cite = r.citation(doc)
        yield from ((original, doc.doc.raw_text + "\n"), (bib, cite["bibtex"]), (csl, cite["csl"]))
    for entry in ledger:
        if entry.slug in corpus.by_slug:
            for old in entry.previous:
                yield doc_path(old), r.moved(old, entry.slug)
        else:
            yield doc_path(entry.slug), r.withdrawn(entry.slug, entry.title, entry.source)
            for old in entry.previous:
                yield doc_path(old), r.withdrawn(old, entry.title, entry.source)
    # These two read and fill the memo, which only this process may touch.
    yield "data/passages.csv", passages_csv(r, memo).encode("utf-8")
    yield "data/kb.json", kb_json(corpus, vocab, memo).encode("utf-8")
