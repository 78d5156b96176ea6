"""`data/concepts.json`: each topic and entity found in the corpus (label, aliases, kind, URL,
number of documents), a few hundred records whatever the corpus size.

The Pagefind search field (kb-pagefind.js) matches a query against it at once, so a topic's or
a name's page is offered while Pagefind still searches the documents: on a large site a word
found in thousands of them keeps its engine busy for a second or more.
"""
from __future__ import annotations

import json

from kb.model import Corpus
from kb.pages.sections import CONCEPT_SECTIONS, SECTION_SINGULAR, passages_of
from kb.pages.urls import concept_path, url_of
from kb.rules.vocabulary import Vocabulary

PATH = "data/concepts.json"


def concepts_json(corpus: Corpus, vocab: Vocabulary) -> str:
    """The concepts the corpus names, each with the number of documents naming it."""
    records = []
    for section in CONCEPT_SECTIONS:
        passages = passages_of(corpus, section)
        for c in vocab.sections[section]:
            documents = len({p.doc for p in passages.get(c.id, ())})
            if documents:
                records.append({"label": c.label, "aliases": list(c.aliases), "kind": SECTION_SINGULAR[section],
                                "url": url_of(concept_path(section, c.id)), "documents": documents})
    return json.dumps(records, ensure_ascii=False, separators=(",", ":")) + "\n"
