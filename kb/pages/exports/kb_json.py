"""`data/kb.json`: the public contract other tools read (ARCHITECTURE.md, kb/schema/).

One record per line: readable and diffable line by line, and encoded by the C encoder (an
indented dump goes through the pure-Python one, far slower). Each document's line is kept in
the memo between builds.
"""
from __future__ import annotations

import json
from typing import Any, Iterable, Iterator

from kb.model import ENTITY_KINDS, Annotated, Corpus
from kb.pages.exports.memo import Memo, memoised, record_keys
from kb.pages.urls import concept_path, doc_path, event_path, original_path, url_of
from kb.rules.vocabulary import Vocabulary


def kb_json(corpus: Corpus, vocab: Vocabulary, memo: Memo | None = None) -> str:
    """`data/kb.json`: the public, documented shape other tools read, one record per line."""
    def concept_record(c, url_section: str, count: int) -> dict[str, Any]:
        return {"id": c.id, "url": url_of(concept_path(url_section, c.id)), "label": c.label,
                "aliases": list(c.aliases), "definition": c.definition,
                "broader": list(c.broader), "related": list(c.related), "passages": count}

    def documents() -> Iterator[str]:
        for doc in corpus.documents:
            event = corpus.event_of.get(doc.slug)
            yield memoised(memo, record_keys(corpus, doc)[0], lambda: document_record(doc, event, vocab))

    lists: dict[str, Iterable[str]] = {
        "documents": documents(),
        "topics": (json_line(concept_record(c, "topics", len(corpus.topic_passages.get(c.id, ()))))
                   for c in vocab.sections["topics"]),
        "entities": (json_line(dict(concept_record(c, s, len(corpus.entity_passages.get(c.id, ()))), type=s))
                     for s in ENTITY_KINDS for c in vocab.sections[s]),
        "kinds": (json_line({"id": c.id, "label": c.label}) for c in vocab.sections["kinds"]),
        "events": (json_line({"id": e.id, "url": url_of(event_path(e.id)), "date": e.date.isoformat(),
                              "kind": e.kind, "participants": list(e.participants),
                              "documents": list(e.documents)})
                   for e in corpus.events),
    }
    parts = ['"version":1']
    for key, lines in lists.items():
        inner = ",\n".join(lines)
        parts.append(f'"{key}":[\n{inner}\n]' if inner else f'"{key}":[]')
    return "{\n" + ",\n".join(parts) + "\n}\n"


def document_record(doc: Annotated, event: str | None, vocab: Vocabulary) -> str:
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
    return json_line({
        "id": doc.slug, "url": url_of(doc_path(doc.slug)), "source": doc.doc.source,
        "title": doc.title, "published": doc.published.isoformat() if doc.published else None,
        "event_date": doc.event_date.isoformat() if doc.event_date else None,
        "publisher": doc.publisher, "kind": doc.kind, "topics": doc.topic_ids(),
        "entities": doc.entity_ids(), "original": original_path(doc.slug),
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


def json_line(value: Any) -> str:
    """One record of kb.json: compact, non-ASCII as it is."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
