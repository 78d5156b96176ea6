"""The values a seed and the vocabulary are read into: paragraphs, documents, concepts, and
the lines of the build report."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, TypeVar

ENTITY_KINDS: tuple[str, ...] = ("people", "organizations", "places", "treaties")
"""Vocabulary sections whose concepts are named things (each gets `/<kind>/<id>/` pages)."""

SECTIONS: tuple[str, ...] = ("topics",) + ENTITY_KINDS + ("kinds", "phrases")
"""Every top-level key a vocabulary file may hold."""


T = TypeVar("T")


def _unpickled_fast(cls: type[T]) -> type[T]:
    """Give a frozen, slotted dataclass a `__setstate__` that sets each field by name, one
    statement per field. The small records (spans, hits, passages: millions in a large
    corpus) are slotted, without a `__dict__` each, to save memory; dataclasses' own
    `__setstate__` looks the fields up again for every object, and a loop over the slots is
    slower than one statement per field when every build loads the cached annotations
    (figures in BENCHMARKS.md)."""
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
    """The lone date line taken off the top ("2022-03-06, Geneva" as a site writes it), as written: annotation
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
    patterns: tuple[str, ...] = ()
    """Kinds only: regular expressions over a sentence's text that show the kind as its aliases
    do, where the words' form matters ("visiting" before a name, "a four-day visit")."""
    body: bool = False
    """Kinds only: with no kind in the headline or lead, this kind's names count anywhere in the
    text (a wire story names the trip far down: "arrived on Sunday for a four-day visit")."""
    headline: bool = False
    """Kinds only: named by the headline or a label line, this kind is the document's (the page
    is the briefing's transcript or the speech, whatever encounter its words recount)."""
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
    parties: tuple[str, ...] = ()
    """Topics only: the places a bilateral topic is between; it holds in a document only where
    the document has each of them in view (`Vocabulary.party_words`), so a greeting to a third
    country is not the greeting between the two."""
    parties_in: str = "document"
    """Topics only: where `parties` must be in view: the "document", or the "paragraph" (named
    in it or in the one before it, or both at once: "the two countries"), for cooperation
    between the two that a call on the whole world is not."""
    demonyms: tuple[str, ...] = ()
    """Places only: words for the country's people and things ("Ruritanian"). Not a mention of
    the country (a "Ruritanian president" is a person), but they put it in view for `parties`."""

    @property
    def names(self) -> tuple[str, ...]:
        """Label first, then aliases: every surface form that alone means this concept."""
        return (self.label,) + self.aliases


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
