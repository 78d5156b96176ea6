"""The sections of concepts a site has pages for (topics, then each kind of entity): their
names as pages show them, and where the corpus keeps each one's passages.

Written once for the concept pages, their indexes, the home page, the page keys and the exports.
"""
from __future__ import annotations

from typing import Mapping, Sequence

from kb.model import ENTITY_KINDS, Annotated, Corpus, Passage

CONCEPT_SECTIONS = ("topics",) + ENTITY_KINDS
"""Every section with concept pages, in the order the site lists them."""
SECTION_TITLES = {"topics": "Topics", "people": "People", "organizations": "Organisations",
                  "places": "Places", "treaties": "Treaties"}
SECTION_SINGULAR = {"topics": "Topic", "people": "Person", "organizations": "Organisation",
                    "places": "Place", "treaties": "Treaty"}


def passages_of(corpus: Corpus, section: str) -> Mapping[str, Sequence[Passage]]:
    """Concept -> its passages: a topic's paragraphs, or the paragraphs naming an entity."""
    return corpus.topic_passages if section == "topics" else corpus.entity_passages


def concept_documents(corpus: Corpus, section: str, cid: str) -> list[Annotated]:
    """The documents that discuss or name a concept, in the corpus's order (newest first)."""
    slugs = {p.doc for p in passages_of(corpus, section).get(cid, ())}
    return [d for d in corpus.documents if d.slug in slugs]
