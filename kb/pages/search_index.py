"""What a page tells the search index (Pagefind) beside its text: how much each part weighs,
the filters a reader narrows results by, and the vocabulary's names for what a paragraph
mentions.

Pagefind ranks a page by the words a query matches, each weighed by the element it stands in
(`data-pagefind-weight`; a heading weighs more than a paragraph by default). A document is
about what its headline, lead and topics say, so those weigh more than a name in passing; a
concept page is found by its name and aliases and by nothing else it lists (its related and
co-occurring concepts are other pages). The figures that back the weights are BENCHMARKS.md's
(search relevance).
"""
from __future__ import annotations

import re
from typing import Iterable

from markupsafe import Markup

from kb.model import Annotated
from kb.pages.escape import esc
from kb.pages.years import date_text
from kb.rules.vocabulary import Vocabulary

DOCUMENT_WEIGHTS = {"topics": 3.0, "names": 0.5, "lead": 2.0, "aliases": 0.5}
"""`data-pagefind-weight` of a document's parts (1 is ordinary text): its topics' names above
its text, the names it mentions below it (they are often in passing), the first paragraph above
the rest, and the vocabulary's other names for what a paragraph mentions below its own words."""
ALIAS_WEIGHT = 5.0
"""A concept page's aliases: nearly its name (a heading, which Pagefind weighs 7)."""
ALIAS_WORDS = 3
"""An organisation's or a treaty's aliases of at most this many words go beside a paragraph
that mentions it: the short names a reader types ("EAEU"), not long formal titles."""
NAMES_ONLY = ("people", "places")
"""Sections whose aliases are not set beside a paragraph (see `paragraph_names`)."""
_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")


def document_filters(vocab: Vocabulary, doc: Annotated) -> dict[str, object]:
    """The filter values of a document page: its topics' and people's labels, its year (of the
    event, else of publication) and its date for display; kind and publisher the template has."""
    values: dict[str, object] = {"topic": sorted({vocab.concepts[t].label for t in doc.topic_ids()}),
                                 "person": sorted({vocab.concepts[e].label for e in doc.entity_ids()
                                                   if vocab.section_of(e) == "people"})}
    day = doc.event_date or doc.published
    values["year"] = str(day.year) if day else ""
    values["date"] = date_text(day) if day else ""
    return values


def paragraph_names(vocab: Vocabulary, anchor: str, text: str, concepts: Iterable[str]) -> Markup:
    """The words of a paragraph's concepts' names that the paragraph does not spell, as an
    element the index reads and no reader sees (its id, the paragraph's anchor and `-n`, marks
    where the paragraph's own words end, for the passage shown in a result), so a search by
    another name (an alias, a misspelling's right form) finds the passages; "" for none.
    An organisation's or a treaty's aliases of at most `ALIAS_WORDS` words count ("EAEU"); a
    topic's are mostly the words that show it, so only its one-word ones (an abbreviation); a
    person's or a place's are titled forms ("President ..."), so only their label does."""
    seen = set(_words(text))
    words: list[str] = []
    for cid in dict.fromkeys(concepts):
        c = vocab.concepts[cid]
        most = 0 if c.section in NAMES_ONLY else 1 if c.section == "topics" else ALIAS_WORDS
        short = (a for a in c.aliases if len(a.split()) <= most)
        for name in (c.label, *short):
            for word in _words(name):
                if word not in seen:
                    seen.add(word)
                    words.append(word)
    if not words:
        return Markup("")
    return Markup(f'<span class="kb-names" id="{esc(anchor)}-n" hidden '
                  f'data-pagefind-weight="{DOCUMENT_WEIGHTS["aliases"]}">{esc(" ".join(words))}</span>\n')


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())
