"""Link: the corpus-wide indexes every page is rendered from.

Runs once all documents are annotated (nothing is written before it), so a topic page sees
every passage of every document. Everything is sorted here, so rendering needs no logic and
builds are byte-for-byte repeatable.
"""
from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from itertools import combinations

import datetime as dt

from kb.model import Annotated, Corpus, Event, Passage, Statement
from kb.rules.accounts import AccountRules
from kb.stages.accounts import join_undated, with_joined

RELATED_MAX = 8
"""How many related documents a document page lists."""
EVENT_WINDOW = dt.timedelta(days=1)
"""Accounts of one encounter give event dates at most this far apart (time zones, late reports)."""
UNKNOWN_NAMES_MAX = 100
"""How many unknown names the gaps page lists."""


RELATED_CANDIDATES = 400
"""Documents compared in full with each document: those sharing its rarest features first."""


def related_documents(docs: tuple[Annotated, ...]) -> dict[str, tuple[tuple[str, tuple[str, ...]], ...]]:
    """For each document, the others that share most with it (a topic counts twice, an entity
    once), with what they share; ties go to the newer. Candidates come from the postings of
    each document's rarest topics and entities, so the cost stays near-linear when every
    document names China."""
    ranked = sorted(docs, key=_newest_first)  # a document is its rank from here on
    n = len(ranked)
    features = [(d.topic_ids(), d.entity_ids()) for d in ranked]
    # Features as bit masks, a topic two bits and an entity one: what two documents share
    # scores as one AND and one bit count.
    # (Concept ids are unique across the vocabulary's sections.)
    bit: dict[str, int] = {}
    for f in sorted({t for t, _ in features for t in t}):
        bit[f] = 3 << (2 * len(bit))
    offset = 2 * len(bit)
    for i, f in enumerate(sorted({e for _, e in features for e in e})):
        bit[f] = 1 << (offset + i)
    masks = [sum(bit[f] for f in set(t) | set(e)) for t, e in features]
    postings: dict[str, list[int]] = defaultdict(list)
    for i, (t, e) in enumerate(features):
        for f in set(t) | set(e):
            postings[f].append(i)
    related = {}
    for i, doc in enumerate(ranked):
        topics, entities = features[i]
        candidates: set[int] = set()
        for f in sorted(set(topics) | set(entities), key=lambda f: (len(postings[f]), f)):
            candidates.update(postings[f])
            if len(candidates) > RELATED_CANDIDATES:
                break
        candidates.discard(i)
        mine = masks[i]
        # One integer per candidate, smallest best: most shared first, then the newest.
        best = heapq.nsmallest(RELATED_MAX, [o - n * (mine & masks[o]).bit_count() for o in candidates])
        shown = []
        for score in best:
            o = score % n
            shown.append((ranked[o].slug, tuple([f for f in (*topics, *entities) if bit[f] & masks[o]])))
        related[doc.slug] = tuple(shown)
    return related


def group_events(docs: list[Annotated], encounter_kinds: Mapping[str, str] | Iterable[str],
                 priority: Sequence[str] = ()) -> tuple[tuple[Event, ...], dict[str, str]]:
    """Documents that report the same encounter: kinds of one encounter group (a state visit,
    its talks and its joint statement; a video meeting one source calls talks), the same
    participants (or one account's inside the other's), and the same day, or a day apart when
    one account's date stands on its publication date (a report published the next day).
    `encounter_kinds` maps each encounter kind to its group (a bare collection of kinds: each
    its own group). The event takes the first of its accounts' kinds in `priority` (the
    vocabulary's order). Every account of an encounter gets an event, a single one too."""
    groups_of = (dict(encounter_kinds) if isinstance(encounter_kinds, Mapping)
                 else {k: k for k in encounter_kinds})
    candidates = sorted((d for d in docs if d.kind in groups_of and d.event_date and d.participants),
                        key=lambda d: (d.event_date, d.slug))
    groups: list[list[Annotated]] = []
    open_groups: list[list[Annotated]] = []  # groups whose last account is within the window
    for doc in candidates:
        people = set(doc.participants)
        open_groups = [g for g in open_groups if doc.event_date - g[-1].event_date <= EVENT_WINDOW]
        for group in open_groups:
            group_people = set().union(*(set(g.participants) for g in group))
            if (groups_of[group[0].kind] == groups_of[doc.kind]
                    and all(_same_day(doc, g) for g in group)
                    and (people <= group_people or group_people <= people)
                    and len(people & group_people) >= min(2, len(people))):
                group.append(doc)
                break
        else:
            groups.append([doc])
            open_groups.append(groups[-1])
    rank = {k: i for i, k in enumerate(priority)}
    events, event_of = [], {}
    for group in groups:
        exact = [d.event_date for d in group if not d.event_date_inferred]
        date = min(exact or [d.event_date for d in group])
        people = tuple(sorted(set().union(*(set(d.participants) for d in group))))
        kind = min((d.kind for d in group), key=lambda k: (rank.get(k, len(rank)), k))
        eid = "-".join([date.isoformat(), kind, *people])[:120].rstrip("-")
        events.append(Event(eid, date, kind, people, tuple(d.slug for d in group)))
        for d in group:
            event_of[d.slug] = eid
    events.sort(key=lambda e: (-e.date.toordinal(), e.id))
    return tuple(events), event_of


def _same_day(a: Annotated, b: Annotated) -> bool:
    """Accounts of one encounter: the same day, or a day apart when either date stands on a
    publication date rather than a day the text names. Encounters of different days named
    outright are never one."""
    gap = abs(a.event_date - b.event_date)
    return gap == dt.timedelta(0) or (gap <= EVENT_WINDOW and (a.event_date_inferred or b.event_date_inferred))


def references(docs: tuple[Annotated, ...]) -> tuple[tuple[int, str, Passage], ...]:
    """Dates and years the texts refer to, each with the words it was read from, newest first
    (each document's own were found when it was annotated)."""
    out = {(year, text, Passage(doc.slug, para)) for doc in docs for year, text, para in doc.references}
    return tuple(sorted(out, key=lambda r: (-r[0], r[1], r[2].doc, r[2].paragraph)))


def vocabulary_gaps(docs: tuple[Annotated, ...]) -> tuple[tuple[Passage, ...], tuple[tuple[str, int, Passage], ...]]:
    """Paragraphs no topic covers, and the capitalised names no vocabulary entry matched that
    come up most often."""
    uncovered = []
    names: dict[str, list[Passage]] = defaultdict(list)
    for doc in docs:
        covered = {h.paragraph for h in doc.topics}
        uncovered.extend(Passage(doc.slug, p.index) for p in doc.doc.paragraphs if p.index not in covered)
        for name, para in doc.unknown_names:
            names[name].append(Passage(doc.slug, para))
    ranked = sorted(names.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:UNKNOWN_NAMES_MAX]
    return tuple(uncovered), tuple((name, len(ps), ps[0]) for name, ps in ranked)


def _newest_first(doc: Annotated) -> tuple:
    return (-doc.sort_date.toordinal(), doc.slug)


def link(documents: list[Annotated], encounter_kinds: Mapping[str, str] | Iterable[str] = frozenset(),
         priority: Sequence[str] = (), accounts: AccountRules = AccountRules()) -> Corpus:
    """Build topic, entity, co-occurrence, related-document and speaker indexes, and events
    (`encounter_kinds` and `priority` as in `group_events`; undated accounts joined to the one
    event that fits them by `accounts`, kb/stages/accounts.py)."""
    docs = tuple(sorted(documents, key=_newest_first))
    topic_passages: dict[str, list[Passage]] = defaultdict(list)
    entity_passages: dict[str, list[Passage]] = defaultdict(list)
    pair_counts: Counter[tuple[str, str]] = Counter()
    speakers: dict[str, list[tuple[str, Statement]]] = defaultdict(list)
    for doc in docs:
        slug = doc.slug
        by_para: dict[int, list[str]] = defaultdict(list)
        for hit in doc.topics:
            topic_passages[hit.topic].append(Passage(slug, hit.paragraph))
            by_para[hit.paragraph].append(hit.topic)
        for topics in by_para.values():
            pair_counts.update(combinations(sorted(set(topics)), 2))
        # Each (entity, paragraph) once, in the order first named.
        for concept, paragraph in dict.fromkeys((m.concept, m.paragraph) for m in doc.mentions):
            entity_passages[concept].append(Passage(slug, paragraph))
        for st in doc.statements:
            speakers[st.speaker].append((slug, st))

    cooccurring: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for (a, b), n in pair_counts.items():
        cooccurring[a].append((b, n))
        cooccurring[b].append((a, n))

    related = related_documents(docs)

    events, event_of = group_events(list(docs), encounter_kinds, priority)
    groups_of = (dict(encounter_kinds) if isinstance(encounter_kinds, Mapping) else {k: k for k in encounter_kinds})
    events, event_of = with_joined(events, event_of, join_undated(docs, events, groups_of, accounts))
    uncovered, unknown = vocabulary_gaps(docs)
    return Corpus(
        events=events, event_of=event_of, uncovered=uncovered, unknown_names=unknown,
        references=references(docs),
        documents=docs,
        by_slug={d.slug: d for d in docs},
        topic_passages={k: tuple(v) for k, v in topic_passages.items()},
        entity_passages={k: tuple(v) for k, v in entity_passages.items()},
        cooccurring={k: tuple(sorted(v, key=lambda x: (-x[1], x[0]))) for k, v in cooccurring.items()},
        related_docs=related,
        statements_by_speaker={k: tuple(v) for k, v in speakers.items()},
    )
