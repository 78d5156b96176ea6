"""The kind of encounter a document reports (a visit, talks, a call...): read from the
headline and the lead, the lead sentence's wording first."""
from __future__ import annotations

import bisect

from kb.rules.language import Language
from kb.rules.vocabulary import Vocabulary
from kb.stages.paragraphs import LETTERS, SENTENCE_END, Prepared
from kb.stages.topics import rule_hits

KIND_LEAD_PARAGRAPHS = 3
"""Prose paragraphs read for the kind: a report's frame ("arrived on a state visit") often
comes after two paragraphs of quotations."""
KIND_LEAD_CHARS = 2000
"""Of each of those paragraphs, the sentences that start within this many characters are read
for the kind: a lead paragraph frames the encounter in its first sentences (a news lead runs
to a few hundred characters), and a paragraph that lost its full stops (a transcript on one
line) is not read whole a second time for what its opening tells."""


def lead_sentence_of(lead: list[Prepared], lang: Language) -> tuple[int, int, int] | None:
    """(position in `lead`, start, end) of the lead sentence: the first sentence, after any
    wire dateline, of the first lead paragraph that is written as sentences (a subheading with
    no full stop is not the lead)."""
    for i, p in enumerate(lead):
        if not SENTENCE_END.search(p.para.text):
            continue
        m = lang.lead_dateline(p.para.text)
        skip = m.end() if m else 0
        for start, end in p.sentences:
            if end > skip and LETTERS.search(p.para.text[max(start, skip):end]):
                return i, max(start, skip), end
    return None


def _opening(p: Prepared, chars: int) -> Prepared:
    """The paragraph cut after its last sentence that starts within `chars` characters: its
    tokens, sentences and mentions (offsets unchanged: the text is the paragraph's)."""
    sentences = p.sentences[:bisect.bisect_left(p.sentences, (chars,))] or p.sentences[:1]
    if len(sentences) == len(p.sentences):
        return p
    end = sentences[-1][1]
    tokens = p.tokens[:bisect.bisect_right(p.tokens, end, key=lambda t: t.end)]
    return Prepared(p.para, tokens, sentences, [m for m in p.mentions if m.span.end <= end])


def kind_of(headline: Prepared | None, lead: list[Prepared], lead_sentence: tuple[int, int, int] | None,
            vocab: Vocabulary) -> str:
    """The kind of encounter the headline and lead report, weighting how the lead sentence
    words it: the lead sentence's first kind in vocabulary order, or a kind shown in the lead
    that `includes` it (a leader "has sent greetings", then the two "exchanged telegrams": an
    exchange; "the meeting" within "a state visit": a visit), or a kind of its encounter group
    the headline shows ("talked with" in the lead, "on the phone" in the headline: a call); a
    joint statement named after a lead sentence reporting a video conversation leaves it a
    video meeting. With no kind in the lead sentence, the first kind shown. A kind marked
    `lead_sentence` counts only there or in the headline (spokespeople are quoted from their
    briefings in reports of every kind). Else the last kind."""
    kinds = vocab.sections["kinds"]
    concepts = vocab.concepts
    texts = ([headline] if headline else []) + [_opening(p, KIND_LEAD_CHARS) for p in lead]
    shown: set[str] = set()
    in_sentence: set[str] = set()
    in_headline: set[str] = set()
    for n, unit in enumerate(texts):
        hits = rule_hits(unit, "kinds", vocab, vocab.kind_names.find(unit.tokens))
        here = n - (1 if headline else 0)
        for kind, spans in hits.items():
            if lead_sentence and here == lead_sentence[0] and any(
                    lead_sentence[1] <= sp.start and sp.end <= lead_sentence[2] for sp in spans):
                in_sentence.add(kind)
            elif here < 0 or not concepts[kind].lead_sentence:
                shown.add(kind)
                if here < 0:
                    in_headline.add(kind)
    shown |= in_sentence
    order = [k.id for k in kinds]
    if in_sentence:
        first = min(in_sentence, key=order.index)
        group = concepts[first].encounter
        shown = ({first} | {k for k in shown if first in concepts[k].includes}
                 | {k for k in in_headline if group and concepts[k].encounter == group})
    for kind in kinds:
        if kind.id in shown:
            return kind.id
    return kinds[-1].id
