"""What annotation finds in a document: spans, mentions, topic hits, statements, paragraph
anchors, and the annotated document that carries them to linking and rendering."""
from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any

from kb.model.documents import Document, _unpickled_fast

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
    """A sentence that reports someone's words: the speaker and the verb that reports them."""

    speaker: str
    """Person id."""
    paragraph: int
    """Paragraph index."""
    sentence: Span
    """The sentence that carries the statement."""
    verb: str
    """The reporting verb as written (one of the language file's `reporting_verbs`)."""
    via_pronoun: bool
    """True when the speaker was named earlier and this sentence stands a pronoun for them."""


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
class Lead:
    """Where a preview of the document starts: the paragraph a title is made from (the first
    prose paragraph of the report, no caption, byline or stamp), after its wire dateline."""

    paragraph: int = 0
    """Its index (1...); 0 where annotation named none (then the first paragraph)."""
    start: int = 0
    """Where its text starts after the dateline, in the paragraph's text."""
    sentence_ends: tuple[int, ...] = ()
    """Where its sentences end, as the annotator split them (abbreviations known), so a preview
    is cut at a sentence and never after "Mr."."""


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
    """The words the event date was read from (a weekday, a written date)."""
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
    lead: Lead = Lead()
    """The paragraph previews (meta description, feed summary) are cut from."""

    @property
    def lead_text(self) -> tuple[str, tuple[int, ...]]:
        """The lead's text after its dateline, and its sentence ends counted in that text."""
        index = self.lead.paragraph or 1
        text = self.doc.paragraphs[index - 1].text if self.doc.paragraphs else ""
        start = self.lead.start if self.lead.paragraph else 0
        start += len(text[start:]) - len(text[start:].lstrip())
        return text[start:].rstrip(), tuple(e - start for e in self.lead.sentence_ends if e > start)

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
        return _by_paragraph(self.topics)

    @cached_property
    def mentions_at(self) -> dict[int, list[Mention]]:
        """Mentions by paragraph index."""
        return _by_paragraph(self.mentions)

    @cached_property
    def statements_at(self) -> dict[int, list[Statement]]:
        """Statements by paragraph index."""
        return _by_paragraph(self.statements)

    @property
    def shown_date(self) -> dt.date | None:
        """The date a document is shown and syndicated under: its publication's, else its
        event's; None where the text gives neither (the feed then leaves it out)."""
        return self.published or self.event_date

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


def _by_paragraph(items: Iterable[Any]) -> dict[int, list[Any]]:
    """Items (each with a `paragraph` index) grouped by paragraph, in their order; a missing
    paragraph gives an empty list."""
    out: dict[int, list[Any]] = defaultdict(list)
    for item in items:
        out[item.paragraph].append(item)
    return out
