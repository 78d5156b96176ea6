"""A paragraph's topics: names, rules over the words of one sentence, definite descriptions
resolved to what the document named before them, and the topics entities imply."""
from __future__ import annotations

from kb.model import Mention, Span, TopicHit
from kb.rules.language import Language
from kb.rules.vocabulary import RuleIndex, Vocabulary
from kb.stages.paragraphs import Prepared, span_of
from kb.text.match import Match, resolve_overlaps
from kb.text.spans import Intervals, nested, sentence_of


def rule_hits(unit: Prepared, section: str, vocab: Vocabulary, names: list[Match],
              references: list[Mention] = ()) -> dict[str, list[Span]]:
    """Which concepts of `section` (topics or kinds) a paragraph (or the headline, or a
    paragraph's opening) shows, with evidence: a name alone, or a rule whose every group
    matches inside one sentence. Words inside an entity's name do not count, neither as a
    name nor as a rule word ("Cooperation" in "Shanghai Cooperation Organisation" is not
    cooperation). A definite description resolved to a concept (`references`, see
    `_resolve`) matches the rule term `@id` of that concept, as its name would."""
    text, tokens, sentences, mentions = unit.para.text, unit.tokens, unit.sentences, unit.mentions
    hits: dict[str, list[Span]] = {}
    entity_spans = Intervals((mn.span.start, mn.span.end) for mn in mentions)
    for m in names:
        span = span_of(text, tokens, m)
        # "Trade" inside "World Trade Organization" is not the topic trade; a name that is the
        # whole entity name (or more) still counts.
        if entity_spans.crosses(span.start, span.end):
            continue
        hits.setdefault(m.tag, []).append(span)
    scopes = [(vocab.rule_index[section], sentences)]
    if section == "topics" and vocab.rule_index["topics-paragraph"].rules:
        scopes.append((vocab.rule_index["topics-paragraph"], [(0, len(text))]))
    if not any(index.rules for index, _ in scopes):
        return hits
    term_spans: dict[str, list[Span]] = {}
    for m in vocab.terms.find(tokens):
        span = span_of(text, tokens, m)
        if not m.tag.startswith("@") and entity_spans.overlaps(span.start, span.end):
            continue
        term_spans.setdefault(m.tag, []).append(span)
    for ref in references:
        term_spans.setdefault("@" + ref.concept, []).append(ref.span)
    if not term_spans:
        return hits
    for index, spans in scopes:
        _apply_rules(index, spans, term_spans, hits)
    return hits


def _apply_rules(index: RuleIndex, sentences: list[tuple[int, int]], term_spans: dict[str, list[Span]],
                 hits: dict[str, list[Span]]) -> None:
    """Add to `hits` the concepts whose rule holds inside one of `sentences` (sentence or
    paragraph spans), with every matching word as evidence."""
    rules, first = index.rules, index.first
    # Each rule word into the sentence that holds it, found by bisection (a long paragraph has
    # thousands of both).
    starts = [a for a, _ in sentences]
    by_sentence: dict[int, dict[str, list[Span]]] = {}
    for term, spans in term_spans.items():
        for sp in spans:
            i = sentence_of(sentences, starts, sp.start, sp.end)
            if i is not None:
                by_sentence.setdefault(i, {}).setdefault(term, []).append(sp)
    for i in sorted(by_sentence):
        # The rule words of this sentence, looked up by every rule below.
        here = by_sentence[i]
        # Only rules whose first group has a word here can hold; tried in vocabulary order.
        for r in sorted({r for term in here for r in first.get(term, ())}):
            concept_id, rule = rules[r]
            evidence: list[Span] = []
            for group in rule:
                found = [s for term in group for s in here.get(term, ())]
                if group[0].startswith("!"):  # a group of words the sentence must not hold
                    if found:
                        break
                    continue
                if not found:
                    break
                evidence.extend(found)
            else:
                hits.setdefault(concept_id, []).extend(evidence)


def _outermost(matches: list[Match]) -> list[Match]:
    """Drop names nested inside a longer name ("export" in "export controls"), but keep names
    that merely overlap: "alignment of the Belt and Road Initiative" shows both the alignment
    and the initiative."""
    held = nested([(m.start, m.end) for m in matches])
    return [m for m, inside in zip(matches, held) if not inside]


def _resolve(p: Prepared, order: int, vocab: Vocabulary, names: list[Match],
             last: dict[str, tuple[int, int]], lang: Language) -> list[Mention]:
    """The definite descriptions of a paragraph ("the treaty", "the pipeline") resolved to the
    concept each refers back to, as a pronoun to its antecedent: of the concepts that list the
    description, the one the document named last before it (an entity's name, a topic's
    name, or a description already resolved to it). A description with no antecedent, or
    inside a longer name ("the Treaty on ..."), refers to nothing. `last` (concept -> (order
    of the paragraph, offset) of its latest naming) is carried from paragraph to paragraph."""
    text, tokens = p.para.text, p.tokens
    namings = [(m.span.start, m.span.end, m.concept) for m in p.mentions]
    namings += [(sp.start, sp.end, n.tag) for n in names for sp in (span_of(text, tokens, n),)]
    found = vocab.descriptions.find(tokens)
    candidates: dict[tuple[int, int], list[str]] = {}
    for m in found:
        candidates.setdefault((m.start, m.end), []).append(m.tag)
    # In offset order: (offset, 0, (concept,), None) names a concept; (offset, 1, the concepts
    # listing the description, its span) is a description to resolve.
    items: list[tuple[int, int, tuple[str, ...], Span | None]] = [
        (start, 0, (concept,), None) for start, _, concept in namings]
    named = Intervals((s, e) for s, e, _ in namings)
    for m in resolve_overlaps(found):
        span = span_of(text, tokens, m)
        if not named.overlaps(span.start, span.end):
            items.append((span.start, 1, tuple(candidates[(m.start, m.end)]), span))
    out: list[Mention] = []
    for start, _, concepts, span in sorted(items, key=lambda i: i[:3]):
        if span is None:
            last[concepts[0]] = (order, start)
            continue
        named = sorted(((last[c], c) for c in concepts if c in last), reverse=True)
        # a plural description refers to the two concepts listing it that were named last
        for _, referent in named[:2 if lang.plural_description.match(span.text) else 1]:
            out.append(Mention(referent, p.para.index, span))
            last[referent] = (order, start)
    return out


def _topics(p: Prepared, vocab: Vocabulary, names: list[Match], references: list[Mention]) -> list[TopicHit]:
    """A paragraph's topics: names and rules (`rule_hits`), the topics its descriptions refer
    back to, and the topics the entities it names (or refers back to) imply, unless that name
    stands inside a longer topic name ("the UN" in "the anniversary of the UN" is the
    anniversary)."""
    hits = rule_hits(p, "topics", vocab, names, references)
    name_spans = Intervals((sp.start, sp.end) for n in names for sp in (span_of(p.para.text, p.tokens, n),))
    for ref in references:  # a topic's description stands for its name
        if vocab.section_of(ref.concept) == "topics":
            hits.setdefault(ref.concept, []).append(ref.span)
    for m in list(p.mentions) + references:
        implied = vocab.concepts[m.concept].implies
        if implied and not name_spans.covers(m.span.start, m.span.end):
            for topic in implied:
                hits.setdefault(topic, []).append(m.span)
    out = []
    for topic, spans in sorted(hits.items()):
        unique = sorted(set(spans), key=lambda s: (s.start, -s.end))
        # "Belt and Road" inside "Belt and Road Initiative" is the same evidence once.
        held = nested([(sp.start, sp.end) for sp in unique])
        unique = [sp for sp, inside in zip(unique, held) if not inside]
        out.append(TopicHit(topic, p.para.index, tuple(unique)))
    return out


def document_topics(units: list[Prepared], vocab: Vocabulary, lang: Language, heads: int = 0) -> list[list[TopicHit]]:
    """Topics of each unit of a document (its headline, then its paragraphs), read in order
    so that a definite description refers back to what the document named before it, or
    showed by a rule ("exchanged New Year messages ... best wishes"). A topic between parties
    holds only where the document has every one of them in view (`_between_parties`). The
    first `heads` units are the headline."""
    last: dict[str, tuple[int, int]] = {}
    out = []
    near = []
    for order, p in enumerate(units):
        names = _outermost(vocab.topic_names.find(p.tokens))
        references = _resolve(p, order, vocab, names, last, lang)
        hits = _topics(p, vocab, names, references)
        for h in hits:  # a topic a rule showed is named as much as by its name
            last[h.topic] = max(last.get(h.topic, (order, -1)), (order, h.evidence[0].start))
        out.append(hits)
        near.append(_in_view(p, references, vocab, lang))
    return _between_parties(out, near, vocab, heads)


def _between_parties(out: list[list[TopicHit]], near: list[set[str]], vocab: Vocabulary,
                     heads: int) -> list[list[TopicHit]]:
    """Each unit's topics less those between parties not in view: in the document, or for a
    topic with `parties_in: paragraph`, in the unit or the paragraph before it (a report goes
    on about what its last paragraph set up; the headline is a summary, not that paragraph),
    or in words that have both in view."""
    in_doc = set().union(*near) - {BOTH} if near else set()
    kept = []
    for i, hits in enumerate(out):
        here = near[i] | (near[i - 1] if i > heads else set())
        here = in_doc if BOTH in here else here & in_doc
        kept.append([h for h in hits if (here if vocab.concepts[h.topic].parties_in == "paragraph" else in_doc)
                     .issuperset(vocab.concepts[h.topic].parties)])
    return kept


BOTH = ""
"""Stands in a unit's parties for words that have every party in view ("the two countries")."""


def _in_view(p: Prepared, references: list[Mention], vocab: Vocabulary, lang: Language) -> set[str]:
    """The parties (places) a unit has in view: those it names, or names a place under or a
    person or body of ("Moscow", "the Kremlin", a foreign minister), or calls by a demonym ("the
    Ruritanian side"); `BOTH` where its words have both in view. A holiday message to a third
    country names one party only."""
    found = {party for m in list(p.mentions) + references for party in vocab.party_of.get(m.concept, ())}
    found.update(m.tag for m in vocab.party_words.find(p.tokens))
    if lang.both_parties.search(p.para.text):
        found.add(BOTH)
    return found
