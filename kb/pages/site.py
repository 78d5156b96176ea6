"""The site: every page and data file, in the order the build writes them.

Pages drawn from the whole corpus come first, on every build; then the pages per item
(document, concept, concept-year, event, annotation page), rendered on every core, those whose
key is unchanged given as KEEP; then originals and citations, the pages at old URLs, and the
two files assembled from each document's memoised part (passages.csv, kb.json).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Collection, Iterable, Iterator

from kb.model import KEEP, Annotated, Corpus
from kb.output.parallel import pimap
from kb.pages import (concept, document, event, gaps, home, indexes, moved, phrases, preview_image, search_page,
                      timeline, topic_map)
from kb.pages.context import PageContext
from kb.pages.exports import annotations, concepts_json, feed, kb_json, passages_csv
from kb.pages.exports.citations import citation, concept_citations
from kb.pages.exports.memo import Memo, record_keys
from kb.pages.sections import CONCEPT_SECTIONS
from kb.pages.templating import page_context
from kb.pages.urls import concept_path, concept_year_path, concept_year_stub_path, doc_path, document_files
from kb.pages.years import spread_over_years, years_answered
from kb.rules.vocabulary import Vocabulary

CORPUS_PAGES: dict[str, Callable[[PageContext], str]] = {
    home.PATH: home.home_page,
    indexes.DOCUMENTS_INDEX: indexes.documents_index,
    indexes.EVENTS_INDEX: indexes.events_index,
    timeline.PATH: timeline.timeline_page,
    topic_map.PATH: topic_map.topic_map_page,
    phrases.PATH: phrases.phrases_page,
    gaps.PATH: gaps.gaps_page,
    search_page.PATH: search_page.search_page,
    feed.PATH: feed.atom_feed,
    concepts_json.PATH: lambda ctx: concepts_json.concepts_json(ctx.corpus, ctx.vocab),
    annotations.COLLECTION_PATH: lambda ctx: annotations.collection(ctx.corpus, ctx.annotation_site),
    **{indexes.section_index_path(section): (lambda ctx, s=section: indexes.section_index(ctx, s))
       for section in CONCEPT_SECTIONS},
}
"""Pages drawn from the whole corpus, made on every build (each shows something of every document)."""


@dataclass(frozen=True)
class RenderOptions:
    """How the build wants its pages: what changes every page but no page's content."""

    site_url: str = ""
    """The site's URL, for absolute links (canonical, citations, feed); "" for paths from the root."""
    lunr: bool = True
    """Whether Material's lunr index serves search: `False` (Pagefind serves it) keeps every page
    out of lunr's index, which would otherwise parse every page for nothing."""
    progress: Callable[[Iterable[Any]], Iterable[Any]] | None = None
    """Wraps the per-item pages as they are rendered (a progress bar)."""
    memo: Memo | None = None
    """Each document's part of kb.json and passages.csv, and the compiled templates, kept
    between builds."""
    site_name: str = "Documents knowledge base"
    """The configured name, which the site's one preview image shows."""


def render_site(corpus: Corpus, vocab: Vocabulary, ledger: Iterable[Any] = (),
                options: RenderOptions = RenderOptions(),
                keep: Collection[str] | Callable[[], Collection[str]] = frozenset()) -> dict[str, Any]:
    """Every generated page and data file, by path relative to the docs folder (`iter_site`,
    all at once)."""
    return dict(iter_site(corpus, vocab, ledger, options, keep))


def iter_site(corpus: Corpus, vocab: Vocabulary, ledger: Iterable[Any] = (),
              options: RenderOptions = RenderOptions(),
              keep: Collection[str] | Callable[[], Collection[str]] = frozenset()) -> Iterator[tuple[str, Any]]:
    """Every generated page and data file, (path relative to the docs folder, text or bytes),
    one at a time as rendered, so a large build writes each away rather than hold them all.

    `ledger` entries whose document is gone get a withdrawn page, and every earlier slug of a
    renamed document a page that forwards to the new one: no link given out ever 404s.
    Pages are independent of each other, so the many document, concept, event and annotation
    pages (and each rendered document's parts of kb.json and passages.csv) are rendered on all
    cores (kb.output.parallel); the order of the result never depends on it. Document and
    concept pages, event pages, originals, citation files and annotation pages named in `keep`
    (their `page_keys` unchanged since the files in the docs folder were written) are not
    rendered again: their value is KEEP. `keep` may be a function, asked once the pages drawn
    from the whole corpus (never kept) are made: the build works the keys out on the other core
    meanwhile.
    """
    memo = options.memo
    ctx = page_context(corpus, vocab, options.site_url, options.lunr, memo.bytecode if memo else None,
                       options.site_name)
    for path, make in CORPUS_PAGES.items():
        yield path, make(ctx).encode("utf-8")
    yield preview_image.PATH, preview_image.preview_png(options.site_name)
    # A feed and a RIS file per concept some document names: each shows its newest documents.
    for path, text in (*feed.concept_feeds(ctx), *concept_citations(ctx)):
        yield path, text.encode("utf-8")
    if callable(keep):
        keep = keep()
    jobs = _jobs(ctx)
    for path, _, _ in jobs:
        if path in keep:
            yield path, KEEP
    jobs = [job for job in jobs if job[0] not in keep]

    # A rendered document's parts of the corpus-wide files, where the memo lacks them, are
    # made with its page, on every core, and memoised as they arrive (only this process may
    # write the memo): made at the end, on their own, they kept one core idle.
    unrecorded = set() if memo is None else {
        job[2] for job in jobs if job[1] == "document"
        and not all(memo.has(k) for k in record_keys(corpus, corpus.by_slug[job[2]]))}
    events = {ev.id: ev for ev in corpus.events}
    neighbours = annotations.neighbours(annotations.sequence(corpus))

    def one(job: tuple[str, str, str]) -> Any:
        # UTF-8 straight away: as str, a page with one curly quote takes two bytes a character
        # (held all at once, these pages were most of a large build's peak memory).
        _, kind, key = job
        if kind == "document":
            doc = corpus.by_slug[key]
            page = document.document_page(ctx, doc).encode("utf-8")
            return (page, document_parts(ctx, doc)) if key in unrecorded else page
        if kind == "event":
            ev = events[key]
            return (event.event_page(ctx, ev) if event.has_page(ev) else event.event_stub(ctx, ev)).encode("utf-8")
        if kind == "year stub":
            return concept.year_stub(ctx, *key.split("/")).encode("utf-8")
        if kind == "annotations":
            return annotations.annotation_page(corpus.by_slug[key], vocab, ctx.annotation_site,
                                               neighbours[key]).encode("utf-8")
        cid, _, year = key.partition("/")
        return concept.concept_page(ctx, kind, cid, year or None).encode("utf-8")

    for (path, kind, key), value in zip(jobs, pimap(one, jobs, options.progress)):
        if kind == "document" and key in unrecorded and memo is not None:
            value, records = value
            for memo_key, text in records:
                memo.put(memo_key, text)
        yield path, value
    yield from _document_files(ctx, keep)
    yield from _old_urls(ctx, ledger)
    # These two read and fill the memo, which only this process may touch.
    yield "data/passages.csv", passages_csv.passages_csv(ctx, memo).encode("utf-8")
    yield "data/kb.json", kb_json.kb_json(corpus, vocab, memo).encode("utf-8")


def _jobs(ctx: PageContext) -> list[tuple[str, str, str]]:
    """The per-item pages, each as (path, kind, key): a document's slug, a concept's id (with
    "/year" for a year page), an event's id, an annotation page's slug."""
    corpus = ctx.corpus
    jobs = [(doc_path(doc.slug), "document", doc.slug) for doc in corpus.documents]
    for section in CONCEPT_SECTIONS:
        for c in ctx.vocab.sections[section]:
            jobs.append((concept_path(section, c.id), section, c.id))
            documents = concept.concept_documents(ctx, section, c.id)
            if spread_over_years(documents):
                for year, _ in concept.concept_years(ctx, section, c.id):
                    jobs.append((concept_year_path(section, c.id, year), section, f"{c.id}/{year}"))
            elif years_answered(documents):  # the year URLs it once had forward to its main page
                for year, _ in concept.concept_years(ctx, section, c.id):
                    jobs.append((concept_year_stub_path(section, c.id, year), "year stub", f"{section}/{c.id}/{year}"))
    jobs.extend((event.event_file(ev), "event", ev.id) for ev in corpus.events)
    neighbours = annotations.neighbours(annotations.sequence(corpus))
    jobs.extend((annotations.page_path(slug), "annotations", slug) for slug in neighbours)
    return jobs


def document_parts(ctx: PageContext, doc: Annotated) -> tuple[tuple[str, str], tuple[str, str]]:
    """A document's parts of kb.json and passages.csv, each as (memo key, text)."""
    json_key, csv_key = record_keys(ctx.corpus, doc)
    return ((json_key, kb_json.document_record(doc, ctx.corpus.event_of.get(doc.slug), ctx.vocab)),
            (csv_key, passages_csv.csv_rows(ctx, doc)))


def _document_files(ctx: PageContext, keep: Collection[str]) -> Iterator[tuple[str, Any]]:
    """Each document's original text and citation files, KEEP where all of them are kept."""
    for doc in ctx.corpus.documents:
        files = document_files(doc.slug)
        if all(path in keep for path in files):
            yield from ((path, KEEP) for path in files)
            continue
        cite = citation(ctx, doc)
        yield from zip(files, (doc.doc.raw_text + "\n", cite["bibtex"], cite["csl"], cite["ris"]))


def _old_urls(ctx: PageContext, ledger: Iterable[Any]) -> Iterator[tuple[str, str]]:
    """The pages at a renamed document's earlier slugs, and at a removed document's slugs."""
    for entry in ledger:
        if entry.slug in ctx.corpus.by_slug:
            for old in entry.previous:
                yield doc_path(old), moved.moved_page(ctx, old, entry.slug)
        else:
            yield doc_path(entry.slug), moved.withdrawn_page(ctx, entry.slug, entry.title, entry.source)
            for old in entry.previous:
                yield doc_path(old), moved.withdrawn_page(ctx, old, entry.title, entry.source)
