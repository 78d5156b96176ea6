"""Atom feeds, for feed readers: `feed.xml` (the newest documents) and one per topic and name
(`topics/<id>/feed.xml`, `people/<id>/feed.xml`...), so a reader can follow one subject.
ElementTree does the XML escaping.

An entry's date is the one the text gives for it: its publication date, else the date of the
event it reports. A document with neither is left out: a made-up date (1970, or the build's)
would file it wrongly in every reader, and the build's date would make the output change from
day to day. The summary is the lead cut at a word (`preview.summary`), never chrome."""
from __future__ import annotations

import datetime as dt
from xml.etree import ElementTree as ET

from typing import Iterable, Iterator

from kb.model import Annotated
from kb.pages.context import PageContext
from kb.pages.home import PATH as HOME
from kb.pages.preview import summary
from kb.pages.sections import CONCEPT_SECTIONS, concept_documents, passages_of
from kb.pages.urls import concept_path, doc_path, feed_path

PATH = "feed.xml"
FEED_ENTRIES = 50
"""How many documents the Atom feed carries (newest first)."""
CONCEPT_FEED_ENTRIES = 20
"""How many a concept's feed carries: one per concept some document names, so the site's size
grows with the concepts times this (BENCHMARKS.md, "Feeds and citations per concept")."""
ATOM = "http://www.w3.org/2005/Atom"


def feed_documents(docs: Iterable[Annotated], limit: int = FEED_ENTRIES) -> list[Annotated]:
    """The newest dated documents, newest first (by slug within a day, so the order is stable)."""
    dated = [d for d in docs if d.shown_date is not None]
    dated.sort(key=lambda d: d.slug)
    dated.sort(key=lambda d: d.shown_date, reverse=True)
    return dated[:limit]


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def atom_feed(ctx: PageContext) -> str:
    """`feed.xml`: the newest documents."""
    return _feed(ctx, (PATH, HOME), "Documents knowledge base: latest documents", ctx.corpus.documents)


def concept_feeds(ctx: PageContext) -> Iterator[tuple[str, str]]:
    """(path, Atom) of the feed of every concept some document discusses or names: the newest
    of its documents, linked from its page (`concept.py`)."""
    for section in CONCEPT_SECTIONS:
        index = passages_of(ctx.corpus, section)
        for c in ctx.vocab.sections[section]:
            if index.get(c.id):
                docs = concept_documents(ctx.corpus, section, c.id)
                yield feed_path(section, c.id), _feed(ctx, (feed_path(section, c.id), concept_path(section, c.id)),
                                                      f"Documents knowledge base: {c.label}", docs, concept=True)


def _feed(ctx: PageContext, paths: tuple[str, str], title: str, documents: Iterable[Annotated],
          concept: bool = False) -> str:
    """An Atom feed (its own path, and the page it follows) of the newest dated `documents`; a
    concept's has fewer entries and no topic categories (the feed is one subject's), as there is
    one per concept."""
    path, page = paths
    ns = ATOM
    ET.register_namespace("", ns)
    feed = ET.Element(f"{{{ns}}}feed")
    ET.SubElement(feed, f"{{{ns}}}title").text = title
    ET.SubElement(feed, f"{{{ns}}}id").text = ctx.absolute(page)  # the page a feed follows names it, as ever
    ET.SubElement(feed, f"{{{ns}}}link", rel="alternate", type="text/html", href=ctx.absolute(page))
    ET.SubElement(feed, f"{{{ns}}}link", rel="self", href=ctx.absolute(path))
    docs = feed_documents(documents, CONCEPT_FEED_ENTRIES if concept else FEED_ENTRIES)
    if docs:  # a feed of no dated document has no date to give
        ET.SubElement(feed, f"{{{ns}}}updated").text = _stamp(max(d.shown_date for d in docs))
    ET.SubElement(ET.SubElement(feed, f"{{{ns}}}author"), f"{{{ns}}}name").text = "Documents knowledge base"
    for doc in docs:
        entry = ET.SubElement(feed, f"{{{ns}}}entry")
        ET.SubElement(entry, f"{{{ns}}}title").text = doc.title
        ET.SubElement(entry, f"{{{ns}}}id").text = ctx.absolute(doc_path(doc.slug))
        ET.SubElement(entry, f"{{{ns}}}link", rel="alternate", type="text/html", href=ctx.absolute(doc_path(doc.slug)))
        day = _stamp(doc.shown_date)
        ET.SubElement(entry, f"{{{ns}}}published").text = day
        ET.SubElement(entry, f"{{{ns}}}updated").text = day  # no revision date is known: the same
        if doc.publisher:
            ET.SubElement(ET.SubElement(entry, f"{{{ns}}}author"), f"{{{ns}}}name").text = doc.publisher
        ET.SubElement(entry, f"{{{ns}}}summary").text = summary(doc)
        for t in () if concept else doc.topic_ids():
            ET.SubElement(entry, f"{{{ns}}}category", term=t, label=ctx.vocab.concepts[t].label)
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"
