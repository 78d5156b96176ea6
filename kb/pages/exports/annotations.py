"""Annotations other tools can read: a W3C Web Annotation export (JSON-LD).

Each document's topic evidence, entity mentions and statements become the `Annotation`s of one
`AnnotationPage`, `data/annotations/<slug>.jsonld`, and `data/annotations.jsonld` is the
`AnnotationCollection` of those pages: what kb.json holds in a shape only this project reads,
in the one Hypothesis, Recogito, IIIF readers and a researcher's own scripts speak.

Each annotation targets the document page's URL: a `FragmentSelector` picks the paragraph by
its permanent anchor (`p3`, the ledger's), refined by a `TextQuoteSelector` and a
`TextPositionSelector` over the paragraph's text, two alternatives that select the same words
(the model's refinedBy with more than one selector). Ids are made of what was found and where
(document, paragraph anchor, offsets, concept), never of a position in a list, so an
annotation keeps its id when other documents or other findings come and go.

Plain JSON, every value encoded by the json module: the build needs no JSON-LD processor (the
tests expand every file against the W3C context with one). Pure functions of the annotated
documents; the renderer writes their text like any other page.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Sequence

from kb import __version__
from kb.model import Annotated, Corpus
from kb.rules.vocabulary import Vocabulary

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
    """Where the things the annotations point at are (the page context's absolute URLs and
    kb/pages/urls.py's paths, passed in so this module knows no site URL)."""

    absolute: Callable[[str], str]
    """Absolute URL of a generated file (with the site URL the build is given)."""
    document_page: Callable[[str], str]
    """Generated file of a document's page, by slug."""
    concept_page: Callable[[str, str], str]
    """Generated file of a concept's page, by section and id."""


@dataclass(frozen=True)
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
    """Statements only: the sentence names the speaker "he" or "she"."""


def found(doc: Annotated) -> list[Found]:
    """Everything found in the document's paragraphs, by paragraph, position and kind (the
    headline's topics are left out: it is no paragraph and has no anchor to target)."""
    out = [Found(h.paragraph, s.start, s.end, 0, h.topic) for h in doc.topics for s in h.evidence]
    out += [Found(m.paragraph, m.span.start, m.span.end, 1, m.concept) for m in doc.mentions]
    out += [Found(st.paragraph, st.sentence.start, st.sentence.end, 2, st.speaker, st.verb, st.via_pronoun)
            for st in doc.statements]
    return sorted(out, key=lambda f: (f.paragraph, f.start, f.end, f.kind, f.concept))  # tuples compare in C


def count(doc: Annotated) -> int:
    """How many annotations the document's page holds (`found`, without making them: the
    collection's total sums every document's on every build)."""
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
    (the project, with its version), described once, in the collection, under the ids every
    annotation names them by (`agent_ids`)."""
    creator_id, generator_id = agent_ids(site)
    creator = {"id": creator_id, "type": "Software", "name": CREATOR_NAME, "homepage": site.absolute("index.md")}
    # The W3C context has no term for a version; its `schema` prefix gives schema.org's.
    generator = {"id": generator_id, "type": "Software", "name": GENERATOR_NAME,
                 "schema:softwareVersion": __version__}
    return creator, generator


def agent_ids(site: Site) -> tuple[str, str]:
    """The IRIs of the creator and the generator. Each annotation names its agents by IRI, as
    the model allows, not by a copy of their description: the copies were a fifth of every
    annotation (BENCHMARKS.md, "Site size per document"), the same bytes tens of thousands of times."""
    collection = site.absolute(COLLECTION_PATH)
    return f"{collection}#creator", f"{collection}#generator"


def annotation_id(page_url: str, anchor: str, item: Found) -> str:
    """`<page URL>#p3-topic-trade-10-15`: the paragraph's anchor, what was found and where.
    Concept ids and anchors are lower-case letters, digits and hyphens, so it is a valid IRI."""
    return f"{page_url}#{anchor}-{KINDS[item.kind]}-{item.concept}-{item.start}-{item.end}"


_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))
"""Made once: `json.dumps` with these options makes an encoder on every call, and a page
encodes a few strings per annotation."""


def _dumps(value: Any) -> str:
    # Sorted keys: the same annotations give the same bytes whatever order a dict was built in.
    return _ENCODER.encode(value)


def _body(concept_label: str, concept_url: str, described: str | None) -> str:
    """The body of an annotation, as JSON: a tagging label (or for a statement, a describing
    "speaker verb") and the concept's page."""
    text = {"type": "TextualBody", "purpose": "tagging" if described is None else "describing",
            "value": concept_label if described is None else described, "format": "text/plain", "language": "en"}
    return _dumps([text, {"type": "SpecificResource", "purpose": "tagging", "source": concept_url}])


def _slot(name: str) -> str:
    return f"\0{name}\0"


_SHAPE = {
    "id": _slot("id"),
    "type": "Annotation",
    "motivation": _slot("motivation"),
    "creator": _slot("creator"),
    "generator": _slot("generator"),
    "body": _slot("body"),
    "target": {
        "source": _slot("source"),
        "selector": {
            "type": "FragmentSelector", "conformsTo": FRAGMENT_SPEC, "value": _slot("anchor"),
            "refinedBy": [{"type": "TextQuoteSelector", "exact": _slot("exact"), "prefix": _slot("prefix"),
                           "suffix": _slot("suffix")},
                          {"type": "TextPositionSelector", "start": _slot("start"), "end": _slot("end")}],
        },
    },
}
"""An annotation, its values left as slots: encoded once (`_TEMPLATE`), so an annotation is
its values encoded and joined into the text around them, several times faster than encoding
a dict per annotation (tens of thousands to a large corpus's build)."""


def _template(shape: dict[str, Any]) -> str:
    """The JSON text of `shape` as a `str.format_map` template, a field `{name}` at each slot
    (the JSON's own braces doubled)."""
    text = _dumps(shape).replace("{", "{{").replace("}", "}}")
    opening, closing = '"\\u0000', '\\u0000"'  # how JSON writes a slot's "\0name\0"
    return text.replace(opening, "{").replace(closing, "}")


_TEMPLATE = _template(_SHAPE)


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
    creator, generator = agent_ids(site)
    common = {"creator": _dumps(creator), "generator": _dumps(generator),
              "source": _dumps(site.absolute(site.document_page(doc.slug)))}
    bodies: dict[tuple[str, str | None], str] = {}  # a concept recurs in a document
    items = []
    for item in found(doc):
        text = doc.doc.paragraphs[item.paragraph - 1].text
        anchor = doc.anchor(item.paragraph)
        concept = vocab.concepts[item.concept]
        described = None
        if KINDS[item.kind] == "statement":
            described = f"{concept.label} {item.verb}" + (" (“he/she” in the text)" if item.via_pronoun else "")
        body = bodies.get((item.concept, described))
        if body is None:
            body = bodies[item.concept, described] = _body(
                concept.label, site.absolute(site.concept_page(concept.section, concept.id)), described)
        items.append(_TEMPLATE.format_map({
            **common, "id": _dumps(annotation_id(url, anchor, item)), "body": body,
            "motivation": '"tagging"' if described is None else '"describing"', "anchor": _dumps(anchor),
            "exact": _dumps(text[item.start:item.end]),
            "prefix": _dumps(text[max(0, item.start - QUOTE_CONTEXT):item.start]),
            "suffix": _dumps(text[item.end:item.end + QUOTE_CONTEXT]),
            "start": str(item.start), "end": str(item.end)}))
    return _with_items(head, items)


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
