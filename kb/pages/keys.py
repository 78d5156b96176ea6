"""Page keys: a digest of everything each per-item page shows, so an incremental build renders
only the pages whose key changed (the others stay in the docs folder as they are: KEEP).

Pages drawn from the whole corpus (home, indexes, timeline, topic map, feed) have no key: they
are made on every build.
"""
from __future__ import annotations

import hashlib
from collections import defaultdict
from typing import Callable, Iterable

from kb.model import Corpus
from kb.pages import years as year_pages
from kb.pages.event import event_file
from kb.pages.exports import annotations
from kb.pages.sections import CONCEPT_SECTIONS, passages_of
from kb.pages.urls import concept_path, concept_year_path, doc_path, document_files
from kb.pages.years import spread_over_years, year_of, years_newest_first
from kb.rules.vocabulary import Vocabulary


def page_keys(corpus: Corpus, vocab: Vocabulary, fingerprint: str) -> dict[str, str]:
    """A digest of everything each document, concept, concept-year and event page (and each
    original, citation file and annotation page) shows, cheap to compute: equal keys mean equal
    pages. It mirrors what `document.document_page`, `concept.concept_page` and
    `event.event_page` read: keep them in step (tests/test_incremental.py compares kept pages
    with fresh ones).

    `fingerprint` covers the vocabulary, the code, the templates and the site URL. A document
    is its source name, text digest, encoding (its annotation is a function of those) and
    paragraph anchors (the ledger's); a page that shows only some of it (a related document's
    title, a concept's passages) keys on those parts alone, so editing one paragraph re-renders
    the pages of what that paragraph discusses, not of everything its document mentions."""
    # Each document's parts as text once (a repr: control characters come out escaped), so a
    # page's key hashes strings joined, not a nested tuple turned to text again for every page
    # that shows the document (that was most of the time of an incremental build's keys).
    digest = {d.slug: repr((d.doc.source, d.doc.sha256, d.doc.encoding, d.anchors)) for d in corpus.documents}
    header = {d.slug: repr((d.slug, d.title, d.sort_date, d.kind, d.publisher)) for d in corpus.documents}

    def key(*parts: str) -> str:
        # Every part is a repr or made of reprs and hex digests: none holds the separator.
        return hashlib.sha256("\x1f".join((fingerprint, *parts)).encode("utf-8")).hexdigest()[:40]

    keys: dict[str, str] = {}
    accounts = {ev.id: len(ev.documents) for ev in corpus.events}  # a page links its event's only past one
    for d in corpus.documents:
        related = "".join(header[o] + repr(shared) for o, shared in corpus.related_docs.get(d.slug, ()))
        event = corpus.event_of.get(d.slug)
        keys[doc_path(d.slug)] = key(repr(("document", d.slug, event, accounts.get(event, 0))), digest[d.slug], related)
        for path in document_files(d.slug):
            keys[path] = key(repr(path), digest[d.slug])
    # A document's annotation page shows its own findings and links to its neighbours' pages.
    for slug, neighbour in annotations.neighbours(annotations.sequence(corpus)).items():
        path = annotations.page_path(slug)
        keys[path] = key(repr((path, neighbour)), digest[slug])
    for ev in corpus.events:
        keys[event_file(ev)] = key(repr(("event", ev)), *(digest[s] for s in ev.documents))
    keys.update(_concept_keys(corpus, vocab, header, key))
    return keys


def _concept_keys(corpus: Corpus, vocab: Vocabulary, header: dict[str, str],
                  key: Callable[..., str]) -> dict[str, str]:
    """The keys of every concept page and concept-year page: what `concept.concept_page` shows
    of each document (its header, and each quoted paragraph's digest and number)."""
    year = {d.slug: year_of(d) for d in corpus.documents}
    spoken_in: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    for speaker, items in corpus.statements_by_speaker.items():
        for slug, st in items:
            spoken_in[speaker][slug].add(st.paragraph)
    keys: dict[str, str] = {}
    for section in CONCEPT_SECTIONS:
        index = passages_of(corpus, section)
        for c in vocab.sections[section]:
            passages = index.get(c.id, ())
            shown: dict[str, list[int]] = {}  # passages come grouped by document, newest first
            by_year: dict[str, list[str]] = defaultdict(list)
            for p in passages:
                if p.doc not in shown:
                    shown[p.doc] = []
                    by_year[year[p.doc]].append(p.doc)
                shown[p.doc].append(p.paragraph)
            spoken = spoken_in.get(c.id, {})

            def seen(slugs: Iterable[str]) -> str:
                return "".join(header[s] + ",".join(f"{d.paragraph_keys[i - 1]}#{d.anchor_number(i)}"  # i is 1-based
                                                    for i in sorted(set(shown[s]) | spoken.get(s, set())))
                               for s in slugs for d in (corpus.by_slug[s],))

            years = years_newest_first((y, len(s)) for y, s in by_year.items())
            cooccurring = corpus.cooccurring.get(c.id, ()) if section == "topics" else ()
            keys[concept_path(section, c.id)] = key(
                repr(("concept", section, c.id, len(passages), len(shown), years, cooccurring)),
                seen(year_pages.on_main_page(list(shown))))
            for y, slugs in by_year.items() if spread_over_years(len(shown)) else ():
                keys[concept_year_path(section, c.id, y)] = key(repr(("year", section, c.id, y, years)), seen(slugs))
    return keys
