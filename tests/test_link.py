"""Link: which documents a document page lists as related, and in what order."""
from __future__ import annotations

import dataclasses
import datetime as dt

from kb.stages.link import RELATED_MAX, group_events, related_documents
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


def test_an_events_id_date_kind_and_order_follow_its_accounts():
    people = ("p" * 94, "q" * 5)  # "2021-06-08-video-meeting-" and the first: 119 characters, then a dash
    events, event_of = group_events([
        account("late", 9, "video-meeting", people, inferred=True), account("named", 8, "visit", people),
        account("first", 3, "phone-call"), account("next", 5, "phone-call", ("xi",)),
        account("no-people", 5, "phone-call", ()), dataclasses.replace(account("undated", 5, "phone-call"), event_date=None),
        account("not-an-encounter", 5, "report")], GROUPS, ORDER)
    eid = "-".join(["2021-06-08", "video-meeting", *people])[:120].rstrip("-")
    assert len(eid) == 120 - 1 and not eid.endswith("-")  # cut at 120, the dash the cut left dropped
    assert [(e.id, e.date.day, e.kind, e.participants, e.documents) for e in events] == [
        (eid, 8, "video-meeting", people, ("named", "late")),   # the date named outright, the kind first in ORDER
        ("2021-06-05-phone-call-xi", 5, "phone-call", ("xi",), ("next",)),
        ("2021-06-03-phone-call-putin-xi", 3, "phone-call", ("putin", "xi"), ("first",)),
    ]
    assert event_of == {"late": eid, "named": eid, "next": "2021-06-05-phone-call-xi",
                        "first": "2021-06-03-phone-call-putin-xi"}
    # kinds missing from the order come after those in it, then by name
    events, _ = group_events([account("a", 5, "meeting"), account("b", 5, "visit")], GROUPS, ["visit"])
    assert events[0].kind == "visit"
    events, _ = group_events([account("a", 5, "visit"), account("b", 5, "meeting")], GROUPS, [])
    assert events[0].kind == "meeting"


def test_one_accounts_participants_inside_the_others_is_one_encounter_the_same_people_too():
    three = ("modi", "putin", "xi")
    for a, b, together in ((("putin", "xi"), ("putin", "xi"), True), (("putin", "xi"), three, True),
                           (three, ("putin", "xi"), True), (("putin", "xi"), ("xi",), True),
                           (("modi", "xi"), ("putin", "xi"), False), (("putin", "xi", "lula"), three, False)):
        events, _ = group_events([account("a", 5, "phone-call", a), account("b", 5, "phone-call", b)], GROUPS, ORDER)
        assert (len(events) == 1) == together, (a, b)


def test_related_documents_score_a_topic_twice_and_an_entity_once_and_compare_what_is_shared():
    docs = (doc("me", 10, ("trade",), ("china", "russia", "india")),
            doc("three-entities", 1, (), ("china", "russia", "india")),   # 3
            doc("topic-and-entity", 2, ("trade",), ("china",)),           # 3, newer
            doc("topic", 3, ("trade",)),                                  # 2
            doc("many-unshared", 4, ("a", "b", "c", "d"), ("e", "f", "g")))  # 0
    assert related_documents(docs)["me"] == (
        ("topic-and-entity", ("trade", "china")), ("three-entities", ("china", "india", "russia")),
        ("topic", ("trade",)))


def test_link_builds_every_index_from_the_documents():
    from kb.stages.link import link
    from kb.model import Passage, Statement

    span = Span(0, 1, "x")

    def annotated(slug, day, paras, topics, mentions, speakers, unknown, references):
        base = doc(slug, day)
        return dataclasses.replace(
            base, doc=dataclasses.replace(base.doc, paragraphs=tuple(Paragraph(i, "x", i) for i in range(1, paras + 1))),
            topics=tuple(TopicHit(t, p, (span,)) for t, p in topics),
            mentions=tuple(Mention(e, p, span) for e, p in mentions),
            statements=tuple(Statement(s, p, span, "said", False) for s, p in speakers),
            unknown_names=unknown, references=references)

    new = annotated("new", 10, 3, [("energy", 1), ("trade", 1), ("trade", 2), ("health", 3)],
                    [("china", 1), ("russia", 1), ("china", 1), ("china", 2)], [("putin", 2)],
                    (("Zorb", 1), ("Zorb", 3)), ((2019, "in 2019", 2),))
    old = annotated("old", 2, 2, [("energy", 1), ("trade", 1)], [("russia", 2)], [("xi", 1)],
                    (("Zorb", 1), ("Quux", 2)), ((2020, "last year", 1), (2019, "in 2019", 1)))
    corpus = link([old, new])
    assert corpus.documents == (new, old) and corpus.by_slug == {"new": new, "old": old}
    P = Passage
    assert corpus.topic_passages == {"energy": (P("new", 1), P("old", 1)), "trade": (P("new", 1), P("new", 2), P("old", 1)),
                                     "health": (P("new", 3),)}
    assert corpus.entity_passages == {"china": (P("new", 1), P("new", 2)), "russia": (P("new", 1), P("old", 2))}
    assert corpus.cooccurring == {"energy": (("trade", 2),), "trade": (("energy", 2),)}
    assert corpus.statements_by_speaker == {"putin": (("new", new.statements[0]),), "xi": (("old", old.statements[0]),)}
    assert corpus.uncovered == (P("old", 2),)
    assert corpus.unknown_names == (("Zorb", 3, P("new", 1)), ("Quux", 1, P("old", 2)))
    assert corpus.references == ((2020, "last year", P("old", 1)), (2019, "in 2019", P("new", 2)),
                                 (2019, "in 2019", P("old", 1)))
    assert corpus.related_docs == {"new": (("old", ("trade", "energy", "russia")),),
                                   "old": (("new", ("energy", "trade", "russia")),)}
    assert corpus.events == () and corpus.event_of == {}


def test_link_groups_events_and_orders_cooccurring_topics_and_unknown_names():
    from kb.stages.link import link
    from kb.model import Passage

    span = Span(0, 1, "x")
    call = dataclasses.replace(account("call", 5, "phone-call"), topics=tuple(
        TopicHit(t, 1, (span,)) for t in ("trade", "energy", "grain", "health")), unknown_names=(("Bbb", 1),))
    readout = dataclasses.replace(account("readout", 5, "meeting"), topics=tuple(
        TopicHit(t, 1, (span,)) for t in ("trade", "grain", "energy")), unknown_names=(("Aaa", 1),))
    corpus = link([call, readout], GROUPS, ORDER)
    assert [(e.kind, e.documents) for e in corpus.events] == [("phone-call", ("call", "readout"))]
    assert corpus.event_of == {"call": corpus.events[0].id, "readout": corpus.events[0].id}
    assert corpus.cooccurring["trade"] == (("energy", 2), ("grain", 2), ("health", 1))
    assert corpus.cooccurring["health"] == (("energy", 1), ("grain", 1), ("trade", 1))
    assert [name for name, _, _ in corpus.unknown_names] == ["Aaa", "Bbb"]  # a tie goes by the name
    assert corpus.unknown_names[0][2] == Passage("readout", 1)


def test_an_events_date_is_the_one_named_outright_before_one_read_from_a_publication_date():
    events, _ = group_events([account("named", 8, "video-meeting"), account("inferred", 7, "meeting", inferred=True)],
                             GROUPS, ORDER)
    assert [(e.date.day, e.documents) for e in events] == [(8, ("inferred", "named"))]


def test_related_candidates_come_from_the_rarest_features_first(monkeypatch):
    import kb.stages.link

    docs = (doc("me", 10, ("common", "rare")), *(doc(f"c{i}", 11 + i, ("common",)) for i in range(4)),
            doc("r1", 1, ("common", "rare")))
    monkeypatch.setattr(kb.stages.link, "RELATED_CANDIDATES", 1)  # the rare topic's documents already pass it
    assert related_documents(docs)["me"] == (("r1", ("common", "rare")),)
    monkeypatch.setattr(kb.stages.link, "RELATED_CANDIDATES", 2)  # they reach it, and the common topic's are added
    assert [slug for slug, _ in related_documents(docs)["me"]] == ["r1", "c3", "c2", "c1", "c0"]


def test_cooccurring_topics_most_shared_first_then_by_name():
    from kb.stages.link import link

    span = Span(0, 1, "x")
    base = doc("d", 5)
    d = dataclasses.replace(
        base, doc=dataclasses.replace(base.doc, paragraphs=tuple(Paragraph(i, "x", i) for i in (1, 2, 3))),
        topics=tuple(TopicHit(t, p, (span,)) for t, p in (("m", 1), ("z", 1), ("a", 2), ("m", 2), ("m", 3), ("z", 3))))
    assert link([d]).cooccurring["m"] == (("z", 2), ("a", 1))
    e = dataclasses.replace(d, topics=tuple(TopicHit(t, p, (span,)) for t, p in (("m", 1), ("z", 1), ("a", 2), ("m", 2))))
    assert link([e]).cooccurring["m"] == (("a", 1), ("z", 1))  # a tie goes by the name, not the order met
