"""Annotations other tools can read: a W3C Web Annotation export (JSON-LD).

Each document's topic evidence, entity mentions and statements become the `Annotation`s of one
`AnnotationPage`, `data/annotations/<slug>.jsonld`, and `data/annotations.jsonld` is the
`AnnotationCollection` of those pages, so Hypothesis, Recogito, IIIF readers and a
researcher's own scripts read what kb.json holds in a shape only this project reads.

Each annotation targets the document page's URL: a `FragmentSelector` picks the paragraph by
its permanent anchor (`p3`, the ledger's), refined by a `TextQuoteSelector` and a
`TextPositionSelector` over the paragraph's text, two alternatives that select the same words
(the model's refinedBy with more than one selector). Ids are made of what was found and where
(document, paragraph anchor, offsets, concept), never of a position in a list, so an
annotation keeps its id when other documents or other findings come and go.

Plain JSON, written with `json.dumps`: the build needs no JSON-LD processor (the tests expand
every file against the W3C context with one). Pure functions of the annotated documents; the
renderer writes their text like any other page.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Sequence

from . import __version__
from .model import Annotated, Corpus
from .vocabulary import Vocabulary

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
"""The Web Annotation JSON-LD context, which every page and the collection name."""
COLLECTION_PATH = "data/annotations.jsonld"
QUOTE_CONTEXT = 32
"""Characters of the paragraph on each side of the exact words (`prefix`, `suffix`): what
Hypothesis records, enough to tell one "trade" of a paragraph from another."""
FRAGMENT_SPEC = "http://tools.ietf.org/rfc/rfc3986"
"""What a `FragmentSelector` on an HTML page conforms to (the model's table of fragment specs)."""
CREATOR_NAME = "Documents knowledge base build"
"""The build that made the annotations (`creator`): machine annotation against the vocabulary."""
GENERATOR_NAME = "kb"
"""The project (`generator`, with `__version__`): the package that wrote the export."""
KINDS = ("topic", "mention", "statement")
"""What an annotation records, in the order annotations at the same words come."""


def page_path(slug: str) -> str:
    """The annotation page of a document, relative to the docs folder."""
    return f"data/annotations/{slug}.jsonld"


@dataclass(frozen=True)
class Site:
    """Where the things the annotations point at are (render.py keeps the paths; it imports
    this module, so they are passed in rather than imported)."""

    absolute: Callable[[str], str]
    """Absolute URL of a generated file (with the site URL the build is given)."""
    document_page: Callable[[str], str]
    """Generated file of a document's page, by slug."""
    concept_page: Callable[[str, str], str]
    """Generated file of a concept's page, by section and id."""


@dataclass(frozen=True, order=True)
class Found:
    """One thing the annotate stage found at some words of a paragraph: an annotation to be."""

    paragraph: int
    """Paragraph index."""
    start: int
    """Offset of the first character in the paragraph's text."""
    end: int
    """Offset one past the last character."""
    kind: int
    """Index in KINDS: topic evidence, entity mention or statement."""
    concept: str
    """Topic, entity or speaker id."""
    verb: str = ""
    """Statements only: the reporting verb as written."""
    via_pronoun: bool = False
    """Statements only: the sentence says "he" or "she" for the speaker."""


def found(doc: Annotated) -> list[Found]:
    """Everything found in the document's paragraphs, by paragraph, position and kind (the
    headline's topics are left out: it is no paragraph and has no anchor to target)."""
    out = [Found(h.paragraph, s.start, s.end, 0, h.topic) for h in doc.topics for s in h.evidence]
    out += [Found(m.paragraph, m.span.start, m.span.end, 1, m.concept) for m in doc.mentions]
    out += [Found(st.paragraph, st.sentence.start, st.sentence.end, 2, st.speaker, st.verb, st.via_pronoun)
            for st in doc.statements]
    return sorted(out)


def count(doc: Annotated) -> int:
    """How many annotations the document's page holds (`found`, without making them: the
    collection's total adds up every document's on every build)."""
    return sum(len(h.evidence) for h in doc.topics) + len(doc.mentions) + len(doc.statements)


def sequence(corpus: Corpus) -> list[str]:
    """Slugs of the documents that have an annotation page, in the collection's order (by slug:
    a date read anew does not reorder it). A document where nothing was found has none, since
    a page must hold one annotation or more."""
    return sorted(d.slug for d in corpus.documents if count(d))


def neighbours(slugs: Sequence[str]) -> dict[str, tuple[str | None, str | None]]:
    """Slug -> (previous, next) page of the collection, which a page links to."""
    return {s: (slugs[i - 1] if i else None, slugs[i + 1] if i + 1 < len(slugs) else None)
            for i, s in enumerate(slugs)}


def _agents(site: Site) -> tuple[dict[str, Any], dict[str, Any]]:
    """The annotations' creator (the build that found them, on the site it made) and generator
    (the project, with its version)."""
    creator = {"type": "Software", "name": CREATOR_NAME, "homepage": site.absolute("index.md")}
    generator = {"type": "Software", "name": GENERATOR_NAME, "schema:softwareVersion": __version__}
    return creator, generator


def annotation_id(page_url: str, anchor: str, item: Found) -> str:
    """`<page URL>#p3-topic-trade-10-15`: the paragraph's anchor, what was found and where.
    Concept ids and anchors are lower-case letters, digits and hyphens, so it is a valid IRI."""
    return f"{page_url}#{anchor}-{KINDS[item.kind]}-{item.concept}-{item.start}-{item.end}"


def _annotation(doc: Annotated, vocab: Vocabulary, site: Site, page_url: str, item: Found,
                agents: tuple[dict[str, Any], dict[str, Any]]) -> dict[str, Any]:
    text = doc.doc.paragraphs[item.paragraph - 1].text
    anchor = doc.anchor(item.paragraph)
    concept = vocab.concepts[item.concept]
    link = {"type": "SpecificResource", "purpose": "tagging",
            "source": site.absolute(site.concept_page(concept.section, concept.id))}
    if KINDS[item.kind] == "statement":
        said = f"{concept.label} {item.verb}" + (" (“he/she” in the text)" if item.via_pronoun else "")
        motivation, body = "describing", [
            {"type": "TextualBody", "purpose": "describing", "value": said, "format": "text/plain", "language": "en"},
            link]
    else:
        motivation, body = "tagging", [
            {"type": "TextualBody", "purpose": "tagging", "value": concept.label, "format": "text/plain",
             "language": "en"},
            link]
    quote = {"type": "TextQuoteSelector", "exact": text[item.start:item.end]}
    if item.start:
        quote["prefix"] = text[max(0, item.start - QUOTE_CONTEXT):item.start]
    if item.end < len(text):
        quote["suffix"] = text[item.end:item.end + QUOTE_CONTEXT]
    return {
        "id": annotation_id(page_url, anchor, item),
        "type": "Annotation",
        "motivation": motivation,
        "creator": agents[0],
        "generator": agents[1],
        "body": body,
        "target": {
            "source": site.absolute(site.document_page(doc.slug)),
            "selector": {
                "type": "FragmentSelector", "conformsTo": FRAGMENT_SPEC, "value": anchor,
                "refinedBy": [quote, {"type": "TextPositionSelector", "start": item.start, "end": item.end}],
            },
        },
    }


def _dumps(value: Any) -> str:
    # Sorted keys: the same annotations give the same bytes whatever order a dict was built in.
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _with_items(head: dict[str, Any], items: Iterable[str]) -> str:
    """`head` as a JSON object with `items` (JSON texts) last, one to a line: readable and
    diffable line by line, as kb.json is, and made by the C encoder (an indented dump is the
    pure-Python one)."""
    return _dumps(head)[:-1] + ',"items":[\n' + ",\n".join(items) + "\n]}\n"


def annotation_page(doc: Annotated, vocab: Vocabulary, site: Site,
                    neighbour: tuple[str | None, str | None]) -> str:
    """`data/annotations/<slug>.jsonld`: the document's `AnnotationPage` (its `neighbour`
    pages, by slug, are its prev and next). No `startIndex` (a SHOULD of the model): it would
    tie every page to the count of all before it, so one new document would rewrite them all."""
    url = site.absolute(page_path(doc.slug))
    head: dict[str, Any] = {"@context": CONTEXT, "id": url, "type": "AnnotationPage",
                            "partOf": site.absolute(COLLECTION_PATH)}
    prev, next_ = neighbour
    if prev is not None:
        head["prev"] = site.absolute(page_path(prev))
    if next_ is not None:
        head["next"] = site.absolute(page_path(next_))
    agents = _agents(site)
    return _with_items(head, (_dumps(_annotation(doc, vocab, site, url, item, agents)) for item in found(doc)))


def collection(corpus: Corpus, site: Site) -> str:
    """`data/annotations.jsonld`: the `AnnotationCollection` of the documents' pages, its first
    and last page and the total of annotations in them (first and last only where there are
    some, as the model asks)."""
    slugs = sequence(corpus)
    head: dict[str, Any] = {"@context": CONTEXT, "id": site.absolute(COLLECTION_PATH),
                            "type": "AnnotationCollection",
                            "label": "Topics, names and statements found in the documents",
                            "total": sum(count(corpus.by_slug[s]) for s in slugs)}
    if slugs:
        head["first"] = site.absolute(page_path(slugs[0]))
        head["last"] = site.absolute(page_path(slugs[-1]))
    head["creator"], head["generator"] = _agents(site)
    return _dumps(head) + "\n"
