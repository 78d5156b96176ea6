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
    """1-based position in the document body as read (a better reader may change it; the
    paragraph's anchor on its page does not: see `Annotated.anchor`)."""
    text: str
    """The paragraph as read, line breaks inside it folded to spaces."""
    line: int
    """1-based line of the seed file where the paragraph starts (for error messages)."""

    @property
    def anchor(self) -> str:
        """The anchor a paragraph of a document new to the ledger gets (`p3`). Pages and data
        files use `Annotated.anchor`, which the ledger keeps across builds."""
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
    date_line: str | None = None
    """The lone date line taken off the top ("March 6, 2022, Sochi"), as written: annotation
    reads the event's day from it when it names a place."""


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
    encounter: str = ""
    """Kinds only: the encounter group ("talks", "messages") of kinds that report an encounter
    other documents may report too; accounts of kinds of one group are grouped into events
    ("" for kinds that are not encounters)."""
    lead_sentence: bool = False
    """Kinds only: shown only by the lead sentence, not by later paragraphs of the lead."""
    includes: tuple[str, ...] = ()
    """Kinds only: kinds this one takes in (an exchange of messages takes in one side's
    message): shown in the lead, it outranks the lead sentence's kind when that is one of them."""
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


def text_digest(text: str) -> str:
    """A paragraph's text, digested short (8 hex digits) for the ledger: a document has tens of
    paragraphs, and a digest only ever tells one of its own from the others."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=4).hexdigest()


@dataclass(frozen=True)
class Anchors:
    """Which anchor names each paragraph of a document page, kept across builds by the ledger
    (ledger.assign_anchors): a `#p3` cited in a report lands on the same text after the
    reader improves."""

    numbers: tuple[int, ...]
    """Per paragraph (by index - 1), the N of its anchor `pN`."""
    retired: tuple[tuple[int, int], ...] = ()
    """(N, paragraph index) of each anchor whose paragraph is gone (it became chrome or title,
    or was cut from the seed): the anchor stays on the page, at that paragraph, the nearest
    kept one. Sorted."""


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
    event_date_note: str = ""
    """Why the event has no date ("the lead names “Monday”, and the text shows no publication
    date to count from"), or what a date stands on when no day is named; shown on the page."""
    event_date_inferred: bool = False
    """The event date stands on the publication or filing date, no day being named."""
    headline_topics: tuple[TopicHit, ...] = ()
    """Topics of the headline (`doc.headline`), annotated like a paragraph; their `paragraph` is
    0, since the headline is not a paragraph and has no anchor."""
    paragraph_keys: tuple[str, ...] = ()
    """Per paragraph, a digest of its text and of everything found in it: a page that shows a
    passage changes when, and only when, this does (render.page_keys). Made once, at
    annotation, so an incremental build does not pay for it again."""
    text_digests: tuple[str, ...] = ()
    """Per paragraph, the short digest of its text the ledger records beside its anchor
    (`text_digest`), made with `paragraph_keys` so a build does not hash every text again."""
    anchors: Anchors | None = None
    """Paragraph anchors from the ledger (set beside the slug); None: `p1`, `p2`... by position."""

    def anchor(self, index: int) -> str:
        """The fragment id of paragraph `index` on the document's page (`p3`)."""
        return f"p{self.anchor_number(index)}"

    def anchor_number(self, index: int) -> int:
        """The N of paragraph `index`'s anchor `pN`: the number a reader sees and cites (¶N)."""
        return self.anchors.numbers[index - 1] if self.anchors is not None else index

    @cached_property
    def retired_at(self) -> dict[int, tuple[str, ...]]:
        """Paragraph index -> anchors of gone paragraphs that land on it (`retired`)."""
        out: dict[int, list[str]] = defaultdict(list)
        for number, index in self.anchors.retired if self.anchors is not None else ():
            out[index].append(f"p{number}")
        return {index: tuple(ids) for index, ids in out.items()}

    def with_paragraph_keys(self) -> "Annotated":
        """This annotation with its paragraph digests filled in."""
        keys = tuple(hashlib.blake2b(repr((p.text, self.topics_at.get(p.index), self.mentions_at.get(p.index),
                                           self.statements_at.get(p.index))).encode("utf-8"),
                                     digest_size=12).hexdigest()
                     for p in self.doc.paragraphs)
        return replace(self, paragraph_keys=keys, text_digests=tuple(text_digest(p.text) for p in self.doc.paragraphs))

    def paragraph_digests(self) -> tuple[str, ...]:
        """`text_digests`, made now where annotation did not."""
        return self.text_digests or tuple(text_digest(p.text) for p in self.doc.paragraphs)

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
        """One line for a terminal: a file name's newline cannot forge another entry, an
        escape sequence reach the terminal or a bidi control reorder what follows."""
        where = f"{self.source}:{self.line}" if self.line else self.source
        return printable(f"{self.level}: {where}: {self.reason}")


_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str) -> str:
    """`text` with every character Python does not call printable (controls, format and bidi
    characters, line and paragraph separators, lone surrogates of an undecodable file name,
    spaces other than the space) written as its escape: `\\n`, `\\x1b`, `\\u202e`."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else _ESCAPES.get(c) or (
        f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}" if ord(c) < 0x10000 else f"\\U{ord(c):08x}")
        for c in text)


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
    """The earliest day its accounts name (a date standing on a publication date only when
    none names one)."""
    kind: str
    """The first of its accounts' kinds in vocabulary order (its accounts' kinds share an
    encounter group: a visit, its talks and its joint statement)."""
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
