"""Annotate one document: metadata, entity mentions, topics with evidence, statements.

Pure: a `Document`, the vocabulary and the language rules in, an `Annotated` out. Everything
field-specific lives in the YAML data; this module only knows how documents are shaped. Each
finding has a module of its own: `paragraphs` (prepared once, the lead), `topics`,
`statements`, `kind`, `event_date`; here they are put together, with the publisher, the
title, the participants and the dates referred to.
"""
from __future__ import annotations

import datetime as dt
import re

from kb.model import Annotated, Document, Lead, Mention, Paragraph
from kb.rules.language import Language
from kb.rules.vocabulary import Vocabulary
from kb.stages.event_date import event_date
from kb.stages.kind import KIND_LEAD_PARAGRAPHS, kind_of, lead_sentence_of
from kb.stages.publisher import publisher_of
from kb.stages.paragraphs import LEAD_PARAGRAPHS, Prepared, lead as lead_of, prepare, span_of
from kb.stages.statements import statements
from kb.stages.topics import document_topics
from kb.text.dates import explicit_dates
from kb.text.match import resolve_overlaps
from kb.text.spans import Intervals


def _title_lead(paras: list[Prepared], lang: Language, headline: str | None) -> Prepared:
    """The paragraph a title is made from: the first of the lead (`_lead`) that is a sentence
    of the report, not an introduction to a quotation ("The message reads:"), a quotation or a
    short credit line."""
    for p in lead_of(paras, lang, LEAD_PARAGRAPHS + 1, headline):
        text = p.para.text
        if len(text.split()) >= TITLE_LEAD_WORDS and not text.rstrip().endswith(":") and text[:1] not in "\"“‘'«":
            return p
    return paras[0]


def _lead(paras: list[Prepared], lang: Language, headline: str | None) -> Lead:
    """Where previews start: the paragraph a title is made from, after its dateline."""
    if not paras:
        return Lead()
    first = _title_lead(paras, lang, headline)
    dateline = lang.lead_dateline(first.para.text)
    return Lead(first.para.index, dateline.end() if dateline else 0, tuple(e for _, e in first.sentences))


TITLE_LEAD_WORDS = 6
"""A shorter paragraph is a credit, a label or an introduction, not the lead."""


_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
"""Unicode's bidi embeddings, overrides and isolates: in a title they reorder what stands
beside it on every page it lands on (`<title>`, indexes, the timeline, the feed), an unclosed
one even the site's own labels. Marks (U+200E, U+200F) stay: they reorder nothing but their
neighbour."""


def _title(doc: Document, paras: list[Prepared], kind: str, vocab: Vocabulary,
           lang: Language, participants: tuple[str, ...]) -> tuple[str, str]:
    """`_made_title` without bidi controls, or "untitled" when nothing else is left."""
    title, source = _made_title(doc, paras, kind, vocab, lang, participants)
    if not _BIDI_CONTROLS.search(title):
        return title, source
    return re.sub(r"\s+", " ", _BIDI_CONTROLS.sub("", title)).strip() or "untitled", source


def _made_title(doc: Document, paras: list[Prepared], kind: str, vocab: Vocabulary,
                lang: Language, participants: tuple[str, ...]) -> tuple[str, str]:
    """The headline; else a headline made from the kind's template (none when `kind` is "")
    and the people of the lead sentence (or of the lead, when its first sentence names nobody); else the lead's first
    clause after its dateline, cut at a word boundary. Never a whole sentence."""
    if doc.headline:
        return doc.headline, "headline"
    first = _title_lead(paras, lang, doc.headline)
    text = first.para.text
    dateline = lang.lead_dateline(text)
    body_start = dateline.end() if dateline else 0
    sentence_end = next((e for s, e in first.sentences if e > body_start + 1), len(text))
    people = [m.concept for m in first.mentions
              if vocab.section_of(m.concept) == "people" and body_start <= m.span.start < sentence_end]
    people = list(dict.fromkeys(people))[:2] or list(participants[:2])
    template = vocab.concepts[kind].title_template if kind else ""
    if template and people:
        occasion = ""
        for p in paras[:LEAD_PARAGRAPHS]:
            found = vocab.occasion_names.find(p.tokens)
            if found:
                occasion = found[0].tag + " "
                break
        names = f" {lang.name_joiner} ".join(vocab.concepts[pid].label for pid in people)
        title = template.replace("{participants}", names).replace("{occasion}", occasion)
        title = re.sub(r"\s+", " ", title).strip()
        return title[:1].upper() + title[1:], "lead"
    clause = re.split(r"[,;:]\s|\s[–—-]\s", text[body_start:sentence_end].strip(), maxsplit=1)[0]
    clause = clause.strip().rstrip(".!?")
    words = clause.split()
    if len(words) > 12:
        clause = " ".join(words[:12]) + "…"
    return clause or doc.source, "lead"


def annotate(doc: Document, vocab: Vocabulary, lang: Language) -> Annotated:
    """Everything the knowledge base knows about one document (slug assigned later)."""
    paras = [prepare(p, vocab, lang) for p in doc.paragraphs]
    published = doc.date_header
    event = event_date(doc, paras, published, lang)
    # The headline is prepared like a paragraph (index 0: it has no anchor), once: its names
    # serve the kind and the participants, and its topics are read before the paragraphs'.
    head = [prepare(Paragraph(0, doc.headline, 1), vocab, lang)] if doc.headline else []
    headline = Prepared(head[0].para, head[0].tokens, [(0, len(doc.headline))], head[0].mentions) if head else None
    lead = lead_of(paras, lang, KIND_LEAD_PARAGRAPHS, doc.headline)
    lead_sentence = lead_sentence_of(lead, lang)
    decision = kind_of(headline, paras, lead, lead_sentence, vocab, lang)
    kind = decision.kind
    last = max([p.para.index for p in lead[:LEAD_PARAGRAPHS]] + [event.paragraph]
               + ([lead[lead_sentence[0]].para.index] if lead_sentence else []))
    participants = _participants(headline, [p for p in lead_of(paras, lang, len(paras), doc.headline)
                                            if p.para.index <= last], vocab)
    # A kind known by an analysis's voice makes no title from its template ("Article by ..."
    # would name as authors people who only figure in the text).
    title, title_source = _title(doc, paras, kind if decision.by_words else "", vocab, lang, participants)
    unit_topics = document_topics(head + paras, vocab, lang, heads=len(head))
    return Annotated(
        lead=_lead(paras, lang, doc.headline),
        doc=doc, slug="", title=title, title_source=title_source,
        published=published, event_date=event.date, event_date_evidence=event.evidence,
        event_date_note=event.note, event_date_inferred=event.inferred,
        publisher=publisher_of(doc, paras, lang), kind=kind, participants=participants,
        mentions=tuple(m for p in paras for m in p.mentions),
        topics=tuple(h for p, hits in zip(paras, unit_topics[len(head):]) if not lang.tag_line.match(p.para.text)
                     for h in hits),
        headline_topics=tuple(h for hits in unit_topics[:len(head)] for h in hits),
        statements=tuple(statements(paras, vocab, lang)),
        phrases=tuple(Mention(m.tag, p.para.index, span_of(p.para.text, p.tokens, m))
                      for p in paras for m in resolve_overlaps(vocab.phrase_names.find(p.tokens))),
        references=_references(doc, published, event.date, lang),
        unknown_names=_unknown_names(doc, [m for p in paras for m in p.mentions], lang),
    ).with_paragraph_keys()


def _participants(headline: Prepared | None,
                  lead: list[Prepared], vocab: Vocabulary) -> tuple[str, ...]:
    """People named in the headline and the lead, in order: who the encounter was between.
    The lead here runs through the first two prose paragraphs, the lead sentence's and the one
    that named the day (captions and bylines left out; aides quoted further down are not
    participants)."""
    mentions = (headline.mentions if headline else []) + [m for p in lead for m in p.mentions]
    return tuple(dict.fromkeys(m.concept for m in mentions if vocab.section_of(m.concept) == "people"))


_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b(?!-\d)")


def _references(doc: Document, published: dt.date | None,
                event_date: dt.date | None, lang: Language) -> tuple[tuple[int, str, int], ...]:
    """Dates and bare years the text refers to, besides the event date itself. Not a photo
    caption's: its dates are when a picture was taken or made (an archive photo's year), not
    what the text tells of."""
    out: set[tuple[int, str, int]] = set()
    for para in doc.paragraphs:
        if lang.is_caption(para.text):
            continue
        spans = []
        for found in explicit_dates(para.text, published, lang.dates):
            spans.append((found.start, found.start + len(found.evidence)))
            if found.date != event_date:
                out.add((found.date.year, found.date.isoformat(), para.index))
        dated = Intervals(spans)
        for m in _YEAR.finditer(para.text):
            if not dated.overlaps(m.start(), m.start() + 1):
                out.add((int(m.group()), m.group(), para.index))
    return tuple(sorted(out))


def _unknown_names(doc: Document, mentions: list[Mention], lang: Language) -> tuple[tuple[str, int], ...]:
    """Capitalised names (two words or more) that no mention covers."""
    spans: dict[int, list[tuple[int, int]]] = {}
    for m in mentions:
        spans.setdefault(m.paragraph, []).append((m.span.start, m.span.end))
    out = []
    for para in doc.paragraphs:
        known = Intervals(spans.get(para.index, ()))
        out.extend((m.group(), para.index) for m in lang.unknown_name.finditer(para.text) if not known.overlaps(m.start(), m.end()))
    return tuple(out)
