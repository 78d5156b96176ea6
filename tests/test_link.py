"""Link: which documents a document page lists as related, and in what order."""
from __future__ import annotations

import dataclasses
import datetime as dt

from kb.link import RELATED_MAX, group_events, related_documents
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


def account(slug: str, day: int, kind: str, people: tuple[str, ...] = ("putin", "xi"), inferred: bool = False) -> Annotated:
    return dataclasses.replace(doc(slug, day), kind=kind, participants=people,
                               event_date=dt.date(2021, 6, day), event_date_inferred=inferred)


GROUPS = {"visit": "talks", "meeting": "talks", "joint-statement": "talks", "video-meeting": "talks",
          "phone-call": "talks", "message": "messages", "exchange-of-messages": "messages"}
ORDER = ["joint-statement", "phone-call", "video-meeting", "exchange-of-messages", "message", "visit", "meeting"]


def test_accounts_of_kinds_of_one_group_are_one_event():
    events, event_of = group_events([account("visit", 5, "visit"), account("statement", 5, "joint-statement"),
                                     account("talks", 5, "meeting", ("xi",))], GROUPS, ORDER)
    assert len(events) == 1 and len(set(event_of.values())) == 1
    assert events[0].kind == "joint-statement" and events[0].participants == ("putin", "xi")


def test_a_call_and_a_message_of_one_day_are_two():
    events, _ = group_events([account("call", 5, "phone-call"), account("letter", 5, "message")], GROUPS, ORDER)
    assert sorted(e.kind for e in events) == ["message", "phone-call"]


def test_encounters_of_different_days_named_outright_are_never_one():
    events, _ = group_events([account("monday", 7, "video-meeting"), account("tuesday", 8, "video-meeting")], GROUPS, ORDER)
    assert len(events) == 2


def test_a_date_standing_on_the_next_day_publication_joins_the_day_before():
    events, _ = group_events([account("named", 7, "video-meeting"), account("published", 8, "meeting", inferred=True)],
                             GROUPS, ORDER)
    assert [(e.date.day, e.documents) for e in events] == [(7, ("named", "published"))]


def test_other_participants_are_another_encounter():
    events, _ = group_events([account("a", 5, "phone-call"), account("b", 5, "phone-call", ("putin", "modi"))], GROUPS, ORDER)
    assert len(events) == 2


def test_a_bare_collection_of_kinds_groups_each_kind_alone():
    events, _ = group_events([account("a", 5, "phone-call"), account("b", 5, "video-meeting")], {"phone-call", "video-meeting"})
    assert len(events) == 2
