"""Link: the corpus-wide indexes every page is rendered from.

Runs once all documents are annotated (nothing is written before it), so a topic page sees
every passage of every document. Everything is sorted here, so rendering needs no logic and
builds are byte-for-byte repeatable.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from itertools import combinations

from .model import Annotated, Corpus, Passage, Statement

RELATED_MAX = 8
"""How many related documents a document page lists."""


def _newest_first(doc: Annotated) -> tuple:
    return (-doc.sort_date.toordinal(), doc.slug)


def link(documents: list[Annotated]) -> Corpus:
    """Build topic, entity, co-occurrence, related-document and speaker indexes."""
    docs = tuple(sorted(documents, key=_newest_first))
    topic_passages: dict[str, list[Passage]] = defaultdict(list)
    entity_passages: dict[str, list[Passage]] = defaultdict(list)
    pair_counts: Counter[tuple[str, str]] = Counter()
    speakers: dict[str, list[tuple[str, Statement]]] = defaultdict(list)
    for doc in docs:
        by_para: dict[int, list[str]] = defaultdict(list)
        for hit in doc.topics:
            topic_passages[hit.topic].append(Passage(doc.slug, hit.paragraph))
            by_para[hit.paragraph].append(hit.topic)
        for topics in by_para.values():
            for a, b in combinations(sorted(set(topics)), 2):
                pair_counts[(a, b)] += 1
        seen: set[tuple[str, int]] = set()
        for m in doc.mentions:
            if (m.concept, m.paragraph) not in seen:
                seen.add((m.concept, m.paragraph))
                entity_passages[m.concept].append(Passage(doc.slug, m.paragraph))
        for st in doc.statements:
            speakers[st.speaker].append((doc.slug, st))

    cooccurring: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for (a, b), n in pair_counts.items():
        cooccurring[a].append((b, n))
        cooccurring[b].append((a, n))

    related: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {}
    features = {d.slug: set(d.topic_ids()) | set(d.entity_ids()) for d in docs}
    for doc in docs:
        scored = []
        for other in docs:
            if other.slug == doc.slug:
                continue
            shared = features[doc.slug] & features[other.slug]
            shared_topics = [t for t in doc.topic_ids() if t in shared]
            shared_entities = [e for e in doc.entity_ids() if e in shared]
            if shared_topics or shared_entities:
                score = 2 * len(shared_topics) + len(shared_entities)
                scored.append((-score, _newest_first(other), other.slug, tuple(shared_topics + shared_entities)))
        scored.sort()
        related[doc.slug] = tuple((slug, shared) for _, _, slug, shared in scored[:RELATED_MAX])

    return Corpus(
        documents=docs,
        by_slug={d.slug: d for d in docs},
        topic_passages={k: tuple(v) for k, v in topic_passages.items()},
        entity_passages={k: tuple(v) for k, v in entity_passages.items()},
        cooccurring={k: tuple(sorted(v, key=lambda x: (-x[1], x[0]))) for k, v in cooccurring.items()},
        related_docs=related,
        statements_by_speaker={k: tuple(v) for k, v in speakers.items()},
    )
