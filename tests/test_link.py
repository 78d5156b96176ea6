"""Link: which documents a document page lists as related, and in what order."""
from __future__ import annotations

import datetime as dt

from kb.link import RELATED_MAX, related_documents
from kb.model import Annotated, Document, Mention, Paragraph, Span, TopicHit


def doc(slug: str, day: int, topics: tuple[str, ...] = (), entities: tuple[str, ...] = ()) -> Annotated:
    span = Span(0, 1, "x")
    return Annotated(
        doc=Document(source=f"{slug}.txt", sha256=slug, raw_text="x", encoding="utf-8", date_header=None,
                     headline=None, paragraphs=(Paragraph(1, "x", 1),), footer=()),
        slug=slug, title=slug, title_source="headline", published=dt.date(2021, 1, day), event_date=None,
        event_date_evidence="", publisher=None, kind="report", participants=(),
        mentions=tuple(Mention(e, 1, span) for e in entities), topics=tuple(TopicHit(t, 1, (span,)) for t in topics),
        statements=())


def test_most_shared_first_a_topic_counting_twice_ties_to_the_newer():
    docs = (
        doc("me", 10, ("trade", "energy"), ("china", "russia")),
        doc("one-topic", 1, ("trade",)),                            # 2
        doc("two-entities-old", 2, (), ("china", "russia")),        # 2, older than the next
        doc("two-entities-new", 3, (), ("russia", "china")),        # 2
        doc("everything", 4, ("energy", "trade"), ("china",)),      # 5
        doc("nothing-shared", 5, ("health",), ("brazil",)),
    )
    related = related_documents(docs)
    assert related["me"] == (
        ("everything", ("energy", "trade", "china")),
        ("two-entities-new", ("china", "russia")),
        ("two-entities-old", ("china", "russia")),
        ("one-topic", ("trade",)),
    )
    assert related["nothing-shared"] == ()
    assert [slug for slug, _ in related["one-topic"]] == ["me", "everything"]  # both share trade: me is newer


def test_at_most_the_limit_and_never_itself():
    docs = tuple(doc(f"d{i:02}", 1 + i, ("trade",)) for i in range(RELATED_MAX + 5))
    related = related_documents(docs)
    for d in docs:
        slugs = [slug for slug, _ in related[d.slug]]
        assert len(slugs) == RELATED_MAX and d.slug not in slugs
        assert slugs == sorted(slugs, reverse=True)  # all share as much: newest first
