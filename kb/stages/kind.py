"""The kind of encounter a document reports (a visit, talks, a call...), from its shape and
its words.

Pure. What the words of a kind are, and the thresholds of a shape, are data
(`vocabulary/kinds.yml`); this module only knows in which order a reader weighs them: a title
naming the text's genre, then a transcript's shape, then the lead's words (the lead sentence
most), then the body, then an analysis's voice.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from kb.model import Concept, Span
from kb.rules.kindshapes import KindShapes, RemarksRule
from kb.rules.language import Language
from kb.rules.vocabulary import Vocabulary
from kb.stages.paragraphs import LETTERS, SENTENCE_END, Prepared, lead as lead_of, span_of
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


@dataclass(frozen=True)
class Unit:
    """One text read for the kind (the headline, a label, a lead paragraph's opening, a body
    paragraph) and the kinds its words show, with their spans."""

    text: str
    sentences: tuple[tuple[int, int], ...]
    hits: dict[str, list[Span]]


@dataclass(frozen=True)
class KindReading:
    """What the annotator read for the kind."""

    headline: Unit | None
    labels: tuple[Unit, ...]
    """Short paragraphs ending in a colon near the top ("The premier's opening remarks:")."""
    lead: tuple[Unit, ...]
    """The lead's prose paragraphs, each cut to its opening."""
    body: tuple[Unit, ...]
    """Every prose paragraph, whole, in order (the lead's first)."""
    lead_sentence: tuple[int, int, int] | None
    """(position in `lead`, start, end) of the lead sentence."""


def pattern_hits(text: str, sentences: tuple[tuple[int, int], ...] | list[tuple[int, int]],
                 vocab: Vocabulary) -> dict[str, list[Span]]:
    """The kinds the kinds' `patterns` show in `text`, each match inside one sentence."""
    hits: dict[str, list[Span]] = {}
    for kind, pattern in vocab.kind_patterns:
        for start, end in sentences:
            for m in pattern.finditer(text, start, end):
                hits.setdefault(kind, []).append(Span(m.start(), m.end(), m.group()))
    return hits


def framing(unit: Unit, shapes: KindShapes) -> Unit:
    """The unit with the kind names dropped that stand in what someone voices or hopes for
    (see `KindShapes.voiced`): they are not the report's frame. A quotation cited mid-sentence
    ("according to the broadcaster, “the two exchanged telegrams”") still reports."""
    if not shapes.voiced:
        return unit
    kept: dict[str, list[Span]] = {}
    for kind, spans in unit.hits.items():
        for sp in spans:
            start = next((a for a, b in unit.sentences if a <= sp.start < b), 0)
            before = unit.text[start:sp.start]
            if any(p.search(before) for p in shapes.voiced):
                continue
            kept.setdefault(kind, []).append(sp)
    return Unit(unit.text, unit.sentences, kept)


def _first(kinds: set[str], concepts: list[Concept]) -> str | None:
    return next((k.id for k in concepts if k.id in kinds), None)


def _in(spans: list[Span], start: int, end: int) -> bool:
    return any(start <= sp.start and sp.end <= end for sp in spans)


def _frame(reading: KindReading, lang: Language) -> tuple[int, int, int] | None:
    """The sentence that frames the report: the lead sentence when it shows a kind, else the
    first later sentence of the lead that does ("Cooperation must grow. The minister made the
    point at a joint press conference after talks ...": the second). A lead sentence that announces a
    coming event frames nothing: what the lead goes on to tell is no frame of it."""
    ls = reading.lead_sentence
    if ls is None:
        return None
    unit = reading.lead[ls[0]]
    if any(_in(spans, ls[1], ls[2]) for spans in unit.hits.values()):
        return ls
    if lang.is_future(unit.text[ls[1]:ls[2]]):
        return None
    for pos in range(ls[0], len(reading.lead)):
        unit = reading.lead[pos]
        for start, end in unit.sentences:
            if (pos, start) > (ls[0], ls[1]) and any(_in(spans, start, end) for spans in unit.hits.values()):
                return pos, start, end
    return None


def _by_words(reading: KindReading, vocab: Vocabulary, lang: Language) -> str | None:
    """The kind the headline, labels and lead word, the frame sentence weighing most: its first
    kind in vocabulary order, or a kind shown in the lead that `includes` it, or a kind of its
    encounter group the headline shows; with no frame sentence, the first kind shown. A kind
    marked `lead_sentence` counts only in the frame sentence or a headline."""
    concepts = vocab.concepts
    titles = ([reading.headline] if reading.headline else []) + list(reading.labels)
    in_headline = {k for u in titles for k in u.hits}
    shown = set(in_headline)
    frame = _frame(reading, lang)
    in_sentence: set[str] = set()
    for pos, unit in enumerate(reading.lead):
        for kind, spans in unit.hits.items():
            if frame and pos == frame[0] and _in(spans, frame[1], frame[2]):
                in_sentence.add(kind)
            elif not concepts[kind].lead_sentence:
                shown.add(kind)
    kinds = vocab.sections["kinds"]
    if in_sentence:
        first = _first(in_sentence, kinds)
        group = concepts[first].encounter
        shown = ({first} | {k for k in shown if first in concepts[k].includes}
                 | {k for k in in_headline if group and concepts[k].encounter == group})
    return _first(shown, kinds)


def _first_person_share(units: tuple[Unit, ...], shapes: KindShapes) -> float:
    words = [w.casefold() for u in units for w in re.findall(r"[^\W\d_]+", u.text)]
    return sum(w in shapes.first_person for w in words) / max(1, len(words))


def _remarks_kind(reading: KindReading, shapes: KindShapes) -> str | None:
    """A transcript of remarks (the lead sentence opens with a speaker's turn, the lead speaks
    in the first person): the first `remarks` rule that holds. None for any other text."""
    ls = reading.lead_sentence
    if not shapes.remarks or shapes.speaker_label is None or ls is None:
        return None
    if not shapes.speaker_label.match(reading.lead[ls[0]].text):
        return None
    if _first_person_share(reading.lead, shapes) < shapes.first_person_share:
        return None
    askers = set()
    for unit in reading.body:
        turn = shapes.speaker_label.match(unit.text)
        if turn and "?" in unit.text:
            askers.add(unit.text[:turn.end()].split(":")[0].strip().casefold())
    lead = " ".join(u.text for u in reading.lead)
    for rule in shapes.remarks:
        if _holds(rule, len(askers), lead):
            return rule.kind
    return None


def _holds(rule: RemarksRule, askers: int, lead: str) -> bool:
    if askers < rule.askers:
        return False
    return not rule.cues or any(p.search(lead) for p in rule.cues)


def _is_analysis(reading: KindReading, shapes: KindShapes, lang: Language) -> bool:
    """A text that argues in its own voice: its first lead paragraphs (`analysis_paragraphs` of
    them at least) report no speech, neither a verb of telling nor a quotation mark."""
    n = shapes.analysis_paragraphs
    if not shapes.analysis_kind or not n or len(reading.body) < n:
        return False
    return not any(lang.telling.search(u.text) or re.search(r"[\"“”«»]", u.text) for u in reading.body[:n])


@dataclass(frozen=True)
class KindDecision:
    """The document's kind and what showed it."""

    kind: str
    by_words: bool
    """True when words named it (a title, a transcript, the lead or body); False for an
    analysis known by its voice and for the fallback: a title made from the kind's template
    ("Article by ...") would then name people as authors who only figure in the text."""


def decide_kind(reading: KindReading, vocab: Vocabulary, lang: Language) -> KindDecision:
    """The document's kind. In order: a kind marked `headline` that the headline or a label
    names (the page is that text: a briefing's transcript, a speech); a transcript's shape
    (`shapes.remarks`); the headline's and lead's words, names standing in what someone voices
    left out (`_by_words`); a kind marked `body` named anywhere; an analysis's voice
    (`shapes.analysis`); else the last kind."""
    shapes = vocab.kind_shapes
    kinds = vocab.sections["kinds"]
    titles = ([reading.headline] if reading.headline else []) + list(reading.labels)
    genre = _first({k for u in titles for k in u.hits if vocab.concepts[k].headline}, kinds)
    remarks = genre or _remarks_kind(reading, shapes)
    if remarks:
        return KindDecision(remarks, True)
    lead = tuple(framing(u, shapes) for u in reading.lead)
    words = _by_words(KindReading(reading.headline, reading.labels, lead, (), reading.lead_sentence), vocab, lang)
    if words:
        return KindDecision(words, True)
    body = _first({k for u in reading.body for k in framing(u, shapes).hits if vocab.concepts[k].body}, kinds)
    if body:
        return KindDecision(body, True)
    if _is_analysis(reading, shapes, lang):
        return KindDecision(shapes.analysis_kind, False)
    return KindDecision(kinds[-1].id, False)


def _unit(p: Prepared, vocab: Vocabulary) -> Unit:
    """A text with the kinds its names, rules and patterns show."""
    hits = rule_hits(p, "kinds", vocab, vocab.kind_names.find(p.tokens))
    for kind, spans in pattern_hits(p.para.text, p.sentences, vocab).items():
        hits.setdefault(kind, []).extend(spans)
    return Unit(p.para.text, tuple(p.sentences), hits)


def kind_of(headline: Prepared | None, paras: list[Prepared], lead: list[Prepared],
            lead_sentence: tuple[int, int, int] | None, vocab: Vocabulary, lang: Language) -> KindDecision:
    """The kind of encounter (`decide_kind`), from the headline, the label lines above or
    within the lead, the lead's openings and the body's prose paragraphs (of these, only the
    names and patterns of kinds marked `body` are read: the rules stay the lead's)."""
    shapes = vocab.kind_shapes
    last = lead[-1].para.index if lead else 0
    labels = tuple(_unit(p, vocab) for p in paras
                   if p.para.index <= last and p.para.text.rstrip().endswith(":")
                   and len(p.para.text.split()) <= shapes.label_words)
    body_kinds = {k.id for k in vocab.sections["kinds"] if k.body}
    body = []
    for p in lead_of(paras, lang, len(paras), headline.para.text if headline else None):
        hits = {m.tag: [span_of(p.para.text, p.tokens, m)] for m in vocab.kind_names.find(p.tokens)
                if m.tag in body_kinds}
        for kind, spans in pattern_hits(p.para.text, p.sentences, vocab).items():
            if kind in body_kinds:
                hits.setdefault(kind, []).extend(spans)
        body.append(Unit(p.para.text, tuple(p.sentences), hits))
    reading = KindReading(
        headline=_unit(headline, vocab) if headline else None, labels=labels,
        lead=tuple(_unit(_opening(p, KIND_LEAD_CHARS), vocab) for p in lead),
        body=tuple(body), lead_sentence=lead_sentence)
    return decide_kind(reading, vocab, lang)
