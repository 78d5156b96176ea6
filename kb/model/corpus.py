"""The corpus-wide indexes linking makes (passages, events, co-occurrence...) and `KEEP`,
a page's value when its file stays as it is."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from kb.model.annotations import Annotated, Statement
from kb.model.documents import _unpickled_fast

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
