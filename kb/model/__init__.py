"""The values that travel between pipeline stages.

Every stage takes and returns these frozen dataclasses, never loose dicts, so a stage can be
tested on its own and a field's meaning is written down once. One module per part of the
pipeline: `documents` (a seed and the vocabulary as read, the report), `annotations` (what
annotation finds), `corpus` (the indexes of linking); every name is imported from here.
"""
from kb.model.annotations import Anchors, Annotated, Lead, Mention, Span, Statement, TopicHit, text_digest
from kb.model.corpus import KEEP, Corpus, Event, Passage
from kb.model.documents import ENTITY_KINDS, SECTIONS, Concept, Document, Paragraph, ReportEntry, printable

__all__ = ["ENTITY_KINDS", "KEEP", "SECTIONS", "Anchors", "Annotated", "Lead", "Concept", "Corpus", "Document", "Event",
           "Mention", "Paragraph", "Passage", "ReportEntry", "Span", "printable", "Statement", "TopicHit", "text_digest"]
