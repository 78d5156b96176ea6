"""`feed.xml`: an Atom feed of the newest documents, for feed readers. ElementTree does the XML
escaping."""
from __future__ import annotations

import datetime as dt
from xml.etree import ElementTree as ET

from kb.pages.context import PageContext
from kb.pages.home import PATH as HOME
from kb.pages.urls import doc_path

PATH = "feed.xml"
FEED_ENTRIES = 50
"""How many documents the Atom feed carries (newest first)."""
ATOM = "http://www.w3.org/2005/Atom"


def atom_feed(ctx: PageContext) -> str:
    """`feed.xml`: the newest documents."""
    ns = ATOM
    ET.register_namespace("", ns)
    feed = ET.Element(f"{{{ns}}}feed")
    ET.SubElement(feed, f"{{{ns}}}title").text = "Documents knowledge base: latest documents"
    ET.SubElement(feed, f"{{{ns}}}id").text = ctx.absolute(HOME)
    ET.SubElement(feed, f"{{{ns}}}link", href=ctx.absolute(HOME))
    ET.SubElement(feed, f"{{{ns}}}link", rel="self", href=ctx.absolute(PATH))
    dates = [d.sort_date for d in ctx.corpus.documents if d.sort_date != dt.date.min]
    ET.SubElement(feed, f"{{{ns}}}updated").text = f"{max(dates) if dates else dt.date(1970, 1, 1)}T00:00:00Z"
    ET.SubElement(ET.SubElement(feed, f"{{{ns}}}author"), f"{{{ns}}}name").text = "Documents knowledge base"
    for doc in ctx.corpus.documents[:FEED_ENTRIES]:
        entry = ET.SubElement(feed, f"{{{ns}}}entry")
        ET.SubElement(entry, f"{{{ns}}}title").text = doc.title
        ET.SubElement(entry, f"{{{ns}}}id").text = ctx.absolute(doc_path(doc.slug))
        ET.SubElement(entry, f"{{{ns}}}link", href=ctx.absolute(doc_path(doc.slug)))
        day = doc.published or doc.event_date or dt.date(1970, 1, 1)
        ET.SubElement(entry, f"{{{ns}}}updated").text = f"{day.isoformat()}T00:00:00Z"
        if doc.publisher:
            ET.SubElement(ET.SubElement(entry, f"{{{ns}}}author"), f"{{{ns}}}name").text = doc.publisher
        ET.SubElement(entry, f"{{{ns}}}summary").text = doc.doc.paragraphs[0].text[:500]
        for t in doc.topic_ids():
            ET.SubElement(entry, f"{{{ns}}}category", term=t, label=ctx.vocab.concepts[t].label)
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"
