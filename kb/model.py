"""The values that travel between pipeline stages.

Every stage takes and returns these frozen dataclasses, never loose dicts, so a stage can be
tested on its own and a field's meaning is written down once, here.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any, TypeVar

ENTITY_KINDS: tuple[str, ...] = ("people", "organizations", "places", "treaties")
"""Vocabulary sections whose concepts are named things (each gets `/<kind>/<id>/` pages)."""

SECTIONS: tuple[str, ...] = ("topics",) + ENTITY_KINDS + ("kinds", "phrases")
"""Every top-level key a vocabulary file may hold."""


T = TypeVar("T")


def _unpickled_fast(cls: type[T]) -> type[T]:
    """Give a frozen, slotted dataclass a `__setstate__` that sets each field by name, one
    statement per field. The small records (spans, hits, passages: millions at 10,000
    documents) are slotted, without a `__dict__` each (generating the docs folder of 3,000
    documents: 873 -> 709 MB); dataclasses' own `__setstate__` looked the fields up again for
    every object, and a loop over the slots still cost a third more than this when loading
    the annotations of 1,000 documents (0.157 -> 0.117 s), which every build does."""
    assignments = "".join(f"\n    _set(self, {name!r}, state[{i}])" for i, name in enumerate(cls.__slots__))
    namespace: dict[str, Any] = {}
    exec(f"def __setstate__(self, state):{assignments}", {"_set": object.__setattr__}, namespace)  # noqa: S102
    cls.__setstate__ = namespace["__setstate__"]  # type: ignore[attr-defined]
    return cls


@_unpickled_fast
@dataclass(frozen=True, slots=True)
class Paragraph:
    index: int
    """1-based position in the document body; the anchor is derived from it and never changes."""
    text: str
    """The paragraph as read, line breaks inside it folded to spaces."""
    line: int
    """1-based line of the seed file where the paragraph starts (for error messages)."""

    @property
    def anchor(self) -> str:
        """The fragment id of the paragraph on its document page (`p3`)."""
        return f"p{self.index}"


@dataclass(frozen=True)
class Document:
    """A seed as read: text split into header fields, body paragraphs and footer."""

    source: str
    """The seed's file name (relative to the seeds folder)."""
    sha256: str
    """Digest of the normalised text: the identity that survives a renamed file."""
    raw_text: str
    """The decoded text, line endings normalised to LF; shown as the original."""
    encoding: str
    """The encoding the bytes were read with."""
    date_header: dt.date | None
    """The `date YYYY-MM-DD` header, when the seed has one."""
    headline: str | None
    """The first line when it reads as a headline."""
    paragraphs: tuple[Paragraph, ...]
    """Body paragraphs, chrome and footer removed."""
    footer: tuple[str, ...]
    """Site footer lines (address, contacts, rights) split off the body."""
    warnings: tuple[str, ...] = ()
    """Things a reader should know (an impossible date header...), reported by the build."""


@dataclass(frozen=True)
class Concept:
    """One entry of the controlled vocabulary (a SKOS concept)."""

    id: str
    """Permanent id; also the last part of the concept's URL."""
    section: str
    """Which vocabulary section it belongs to (topics, people, ...)."""
    label: str
    """Preferred label."""
    aliases: tuple[str, ...]
    """Alternative labels: spellings, abbreviations, titled forms."""
    definition: str
    """Scope note shown on the concept's page."""
    broader: tuple[str, ...]
    """Ids of broader concepts."""
    related: tuple[str, ...]
    """Ids of related concepts in any section."""
    rules: tuple[tuple[tuple[str, ...], ...], ...] = ()
    """Each rule: groups of terms that must all occur in one sentence (`@id` = a concept's names)."""
    title_template: str = ""
    """Kinds only: headline template for documents without a headline."""
    encounter: bool = False
    """Kinds only: documents of this kind report an encounter (a call, a meeting...) that
    other documents may report too; they are grouped into events."""
    source: str = ""
    """`file:line` where the concept is defined, for messages."""
    paragraph_rules: tuple[tuple[tuple[str, ...], ...], ...] = ()
    """Topics only: rules whose groups must all match inside one paragraph (not one sentence)."""
    implies: tuple[str, ...] = ()
    """Entities only: topic ids a paragraph shows where it names this entity ("the SCO" is a
    multilateral framework), unless the name stands inside a longer topic name."""
    descriptions: tuple[str, ...] = ()
    """Definite descriptions ("the treaty", "the pipeline") that, once a document has named this
    concept, refer back to it: there they stand for its name (a topic's shows the topic; an
    entity's counts for the rule term `@id` and for what the entity `implies`)."""

    @property
    def names(self) -> tuple[str, ...]:
        """Label first, then aliases: every surface form that alone means this concept."""
        return (self.label,) + self.aliases


@_unpickled_fast
@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of a paragraph's text."""

    start: int
    """Offset of the first character in the paragraph text."""
    end: int
    """Offset one past the last character."""
    text: str
    """The characters themselves, as they appear in the seed."""


@_unpickled_fast
@dataclass(frozen=True, slots=True)
class Mention:
    """A name in the text resolved to a vocabulary entity."""

    concept: str
    """Entity id."""
    paragraph: int
    """Paragraph index."""
    span: Span
    """Where the name stands."""


@_unpickled_fast
@dataclass(frozen=True, slots=True)
class TopicHit:
    """A paragraph discusses a topic; the evidence is the words that show it."""

    topic: str
    """Topic id."""
    paragraph: int
    """Paragraph index."""
    evidence: tuple[Span, ...]
    """Every span that made the topic match, sorted by position."""


@_unpickled_fast
@dataclass(frozen=True, slots=True)
class Statement:
    """Someone is reported to have said something in one sentence."""

    speaker: str
    """Person id."""
    paragraph: int
    """Paragraph index."""
    sentence: Span
    """The sentence that carries the statement."""
    verb: str
    """The reporting verb as written ("stressed", "pointed out")."""
    via_pronoun: bool
    """True when the speaker was named earlier and this sentence says "he" or "she"."""


@dataclass(frozen=True)
class Annotated:
    """A document with everything the annotate stage found in it."""

    doc: Document
    slug: str
    """Permanent page slug (from the ledger)."""
    title: str
    """Headline, or a short title made from the lead."""
    title_source: str
    """"headline" or "lead": where the title came from."""
    published: dt.date | None
    """Publication date (the date header)."""
    event_date: dt.date | None
    """Date of the event reported, from explicit dates or weekdays resolved against `published`."""
    event_date_evidence: str
    """The words the event date was read from ("on Thursday", "December 28, 2020")."""
    publisher: str | None
    """From the footer or a wire dateline."""
    kind: str
    """Kind id from the vocabulary (phone-call, exchange-of-messages, news-report...)."""
    participants: tuple[str, ...]
    """People named in the headline and lead: who the reported encounter was between."""
    mentions: tuple[Mention, ...]
    topics: tuple[TopicHit, ...]
    statements: tuple[Statement, ...]
    phrases: tuple[Mention, ...] = ()
    """Uses of the vocabulary's set phrases ("community with a shared future for mankind")."""
    references: tuple[tuple[int, str, int], ...] = ()
    """(year, the date or year as written, paragraph) of dates the text refers to besides
    the event date: the 2001 signing, 1945, a year ahead (for the timeline)."""
    unknown_names: tuple[tuple[str, int], ...] = ()
    """(name, paragraph) of capitalised names no vocabulary entry matched (vocabulary gaps)."""
    headline_topics: tuple[TopicHit, ...] = ()
    """Topics of the headline (`doc.headline`), annotated like a paragraph; their `paragraph` is
    0, since the headline is not a paragraph and has no anchor."""
    paragraph_keys: tuple[str, ...] = ()
    """Per paragraph, a digest of its text and of everything found in it: a page that shows a
    passage changes when, and only when, this does (render.page_keys). Made once, at
    annotation, so an incremental build does not pay for it again."""

    def with_paragraph_keys(self) -> "Annotated":
        """This annotation with its paragraph digests filled in."""
        keys = tuple(hashlib.blake2b(repr((p.text, self.topics_at.get(p.index), self.mentions_at.get(p.index),
                                           self.statements_at.get(p.index))).encode("utf-8"),
                                     digest_size=12).hexdigest()
                     for p in self.doc.paragraphs)
        return replace(self, paragraph_keys=keys)

    @cached_property
    def topics_at(self) -> dict[int, list[TopicHit]]:
        """Topic hits by paragraph index (computed once: pages ask for them per paragraph)."""
        out: dict[int, list[TopicHit]] = defaultdict(list)
        for hit in self.topics:
            out[hit.paragraph].append(hit)
        return out

    @cached_property
    def mentions_at(self) -> dict[int, list[Mention]]:
        """Mentions by paragraph index."""
        out: dict[int, list[Mention]] = defaultdict(list)
        for m in self.mentions:
            out[m.paragraph].append(m)
        return out

    @cached_property
    def statements_at(self) -> dict[int, list[Statement]]:
        """Statements by paragraph index."""
        out: dict[int, list[Statement]] = defaultdict(list)
        for st in self.statements:
            out[st.paragraph].append(st)
        return out

    @property
    def sort_date(self) -> dt.date:
        """The date the document is filed under: event date, else publication date."""
        return self.event_date or self.published or dt.date.min

    def topic_ids(self) -> list[str]:
        """Topics of the whole document (its headline's among them), most paragraphs first,
        then by id."""
        counts: dict[str, int] = {}
        for hit in self.headline_topics + self.topics:
            counts[hit.topic] = counts.get(hit.topic, 0) + 1
        return sorted(counts, key=lambda t: (-counts[t], t))

    def entity_ids(self) -> list[str]:
        """Entities of the whole document, most mentions first, then by id."""
        counts: dict[str, int] = {}
        for m in self.mentions:
            counts[m.concept] = counts.get(m.concept, 0) + 1
        return sorted(counts, key=lambda t: (-counts[t], t))


@dataclass(frozen=True)
class ReportEntry:
    """One line of the build report: a seed not built, or built with a caveat."""

    source: str
    """Seed file name (or vocabulary file)."""
    level: str
    """"skipped" (no page) or "warning" (page built, something to check)."""
    reason: str
    """Plain words for the user."""
    line: int | None = None
    """1-based line in the file the reason points at, when there is one."""

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source
        return f"{self.level}: {where}: {self.reason}"


@_unpickled_fast
@dataclass(frozen=True, slots=True)
class Passage:
    """A paragraph seen from a topic or entity page."""

    doc: str
    """Document slug."""
    paragraph: int
    """Paragraph index."""


@dataclass(frozen=True)
class Event:
    """One encounter (a call, a meeting, an exchange of messages) and every account of it."""

    id: str
    """`<date>-<kind>-<participants>`: permanent as long as its accounts are."""
    date: dt.date
    """The earliest event date among its accounts."""
    kind: str
    """Kind id shared by its accounts."""
    participants: tuple[str, ...]
    """People ids, sorted."""
    documents: tuple[str, ...]
    """Slugs of its accounts, by date then slug."""


@dataclass(frozen=True)
class Corpus:
    """Every annotated document plus the indexes the pages are rendered from."""

    documents: tuple[Annotated, ...]
    """Newest first (by sort date), then by slug."""
    by_slug: dict[str, Annotated] = field(hash=False)
    topic_passages: dict[str, tuple[Passage, ...]] = field(hash=False)
    """Topic id -> passages, newest document first."""
    entity_passages: dict[str, tuple[Passage, ...]] = field(hash=False)
    """Entity id -> passages that mention it, newest document first."""
    cooccurring: dict[str, tuple[tuple[str, int], ...]] = field(hash=False)
    """Topic id -> (other topic, paragraphs they share), most first."""
    related_docs: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = field(hash=False)
    """Slug -> (other slug, shared topic and entity ids), best first."""
    statements_by_speaker: dict[str, tuple[tuple[str, Statement], ...]] = field(hash=False)
    """Person id -> (document slug, statement), newest first."""
    events: tuple[Event, ...] = ()
    """Encounters, newest first."""
    event_of: dict[str, str] = field(default_factory=dict, hash=False)
    """Document slug -> event id."""
    uncovered: tuple[Passage, ...] = ()
    """Paragraphs no topic covers (where the vocabulary falls short)."""
    unknown_names: tuple[tuple[str, int, Passage], ...] = ()
    """Capitalised names the vocabulary does not know: (name, occurrences, first passage)."""
    references: tuple[tuple[int, str, Passage], ...] = ()
    """(year, the date or year as read, passage) for every date a text refers to, newest first."""


class _Keep:
    """Stands for a page whose inputs did not change: the file already in the docs folder stays."""

    def __repr__(self) -> str:
        return "KEEP"


KEEP: Any = _Keep()
"""The value of such a page in the pages a render returns (see render.page_keys)."""
