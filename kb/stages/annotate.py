"""Annotate one document: metadata, entity mentions, topics with evidence, statements.

Pure: a `Document`, the vocabulary and the language rules in, an `Annotated` out. Everything
field-specific lives in the YAML data; this module only knows how documents are shaped.
"""
from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass

from kb.text.dates import FoundDate, explicit_dates, needs_reference, relative_dates
from kb.rules.language import Language
from kb.text.match import Match, resolve_overlaps
from kb.model import Annotated, Document, Mention, Paragraph, Span, Statement, TopicHit
from kb.text.spans import Intervals, nested, sentence_of
from kb.text.tokens import Token, split_sentences, tokenize
from kb.rules.vocabulary import RuleIndex, Vocabulary

LEAD_PARAGRAPHS = 2
"""How many opening paragraphs count as the lead (kind, event date, title)."""


@dataclass(frozen=True)
class _Para:
    """Per-paragraph working data shared by the annotators below."""

    para: Paragraph
    tokens: list[Token]
    sentences: list[tuple[int, int]]
    mentions: list[Mention]


def _span(text: str, tokens: list[Token], match: Match) -> Span:
    start, end = tokens[match.start].start, tokens[match.end - 1].end
    return Span(start, end, text[start:end])


def _prepare(para: Paragraph, vocab: Vocabulary, lang: Language) -> _Para:
    tokens = tokenize(para.text)
    mentions = [Mention(m.tag, para.index, _span(para.text, tokens, m))
                for m in resolve_overlaps(vocab.entities.find(tokens))]
    return _Para(para, tokens, split_sentences(para.text, lang.abbreviations), mentions)


def rule_hits(text: str, tokens: list[Token], sentences: list[tuple[int, int]],
              section: str, vocab: Vocabulary, names: list[Match],
              mentions: list[Mention], references: list[Mention] = ()) -> dict[str, list[Span]]:
    """Which concepts of `section` (topics or kinds) the text shows, with evidence: a name
    alone, or a rule whose every group matches inside one sentence. Words inside an entity's name do not count, neither as a
    name nor as a rule word ("Cooperation" in "Shanghai Cooperation Organisation" is not
    cooperation). A definite description resolved to a concept (`references`, see
    `_resolve`) matches the rule term `@id` of that concept, as its name would."""
    hits: dict[str, list[Span]] = {}
    entity_spans = Intervals((mn.span.start, mn.span.end) for mn in mentions)
    for m in names:
        span = _span(text, tokens, m)
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
        span = _span(text, tokens, m)
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


_PLURAL = re.compile(r"(?i)(?:both|the\s+two)\b")
"""A description that starts so ("both initiatives", "the two initiatives") refers to two
concepts at once (vocabulary/FORMAT.md)."""


def _resolve(p: _Para, order: int, vocab: Vocabulary, names: list[Match],
             last: dict[str, tuple[int, int]]) -> list[Mention]:
    """The definite descriptions of a paragraph ("the treaty", "the pipeline") resolved to the
    concept each refers back to, as a pronoun to its antecedent: of the concepts that list the
    description, the one the document named last before it (an entity's name, a topic's
    name, or a description already resolved to it). A description with no antecedent, or
    inside a longer name ("the Treaty on ..."), refers to nothing. `last` (concept -> (order
    of the paragraph, offset) of its latest naming) is carried from paragraph to paragraph."""
    text, tokens = p.para.text, p.tokens
    namings = [(m.span.start, m.span.end, m.concept) for m in p.mentions]
    namings += [(sp.start, sp.end, n.tag) for n in names for sp in (_span(text, tokens, n),)]
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
        span = _span(text, tokens, m)
        if not named.overlaps(span.start, span.end):
            items.append((span.start, 1, tuple(candidates[(m.start, m.end)]), span))
    out: list[Mention] = []
    for start, _, concepts, span in sorted(items, key=lambda i: i[:3]):
        if span is None:
            last[concepts[0]] = (order, start)
            continue
        named = sorted(((last[c], c) for c in concepts if c in last), reverse=True)
        # "the two initiatives" refers to the two concepts listing it that were named last.
        for _, referent in named[:2 if _PLURAL.match(span.text) else 1]:
            out.append(Mention(referent, p.para.index, span))
            last[referent] = (order, start)
    return out


def _topics(p: _Para, vocab: Vocabulary, names: list[Match], references: list[Mention]) -> list[TopicHit]:
    """A paragraph's topics: names and rules (`rule_hits`), the topics its descriptions refer
    back to, and the topics the entities it names (or refers back to) imply, unless that name
    stands inside a longer topic name ("the UN" in "the anniversary of the UN" is the
    anniversary)."""
    hits = rule_hits(p.para.text, p.tokens, p.sentences, "topics", vocab, names, p.mentions, references)
    name_spans = Intervals((sp.start, sp.end) for n in names for sp in (_span(p.para.text, p.tokens, n),))
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


def _document_topics(units: list[_Para], vocab: Vocabulary) -> list[list[TopicHit]]:
    """Topics of each unit of a document (its headline, then its paragraphs), read in order
    so that a definite description refers back to what the document named before it."""
    last: dict[str, tuple[int, int]] = {}
    out = []
    for order, p in enumerate(units):
        names = _outermost(vocab.topic_names.find(p.tokens))
        references = _resolve(p, order, vocab, names, last)
        out.append(_topics(p, vocab, names, references))
    return out


# --- statements -------------------------------------------------------------------------

def _mask(sentence: str, offset: int, people: list[Mention]) -> tuple[str, list[str]]:
    """The sentence with each person's name replaced by a placeholder `§n§`."""
    out, ids, pos = [], [], offset
    for m in people:
        out.append(sentence[pos - offset:m.span.start - offset])
        out.append(f" §{len(ids)}§ ")
        ids.append(m.concept)
        pos = m.span.end
    out.append(sentence[pos - offset:])
    return "".join(out), ids


def _statements(paras: list[_Para], vocab: Vocabulary, lang: Language) -> list[Statement]:
    """Who said what: a named person (or "he"/"she" standing for the last one named as the
    subject) as the subject of a reporting verb, or a sentence ending ", X said". A sentence
    with no clear speaker gives no statement."""
    verbs = "|".join(re.escape(v).replace(r"\ ", r"\s+") for v in lang.reporting_verbs)
    pron = "|".join(sorted(lang.pronouns))
    verb_re = re.compile(rf"\b(?P<verb>{verbs})\b", re.I)
    tail_re = re.compile(rf",\s*(?:(?P<subj>§\d+§|\b(?:{pron})\b)\s+(?P<verb>{verbs})|(?P<verb2>{verbs})\s+(?P<subj2>§\d+§))"
                         r"\s*[.!?]*[\"”’']*\s*$", re.I)
    paren_re = re.compile(r"(§\d+§)\s*,[^,§]{1,160},\s*$")
    lead_re = re.compile(r"^\s*(?:(?:also|meanwhile|however|moreover|later|then|in addition|"
                         r"on the other hand|for (?:his|her) part|in response)\s*,?\s*)+", re.I)
    out: list[Statement] = []
    last_subject: str | None = None
    for p in paras:
        people = sorted((m for m in p.mentions if vocab.section_of(m.concept) == "people"),
                        key=lambda m: m.span.start)
        people_starts = [m.span.start for m in people]
        for start, end in p.sentences:
            sentence = p.para.text[start:end]
            # the people named in this sentence: those starting in it, by bisection
            first = bisect.bisect_left(people_starts, start)
            inside = [m for m in people[first:bisect.bisect_left(people_starts, end)] if m.span.end <= end]
            masked, ids = _mask(sentence, start, inside)
            speakers: list[str] = []
            verb = ""
            pronoun = False
            tail = tail_re.search(masked)
            if tail:
                subj = tail.group("subj") or tail.group("subj2")
                verb = tail.group("verb") or tail.group("verb2")
                if subj.startswith("§"):
                    speakers = [ids[int(subj.strip("§"))]]
                elif last_subject:
                    speakers, pronoun = [last_subject], True
            else:
                m = verb_re.search(masked)
                if m:
                    pre = lead_re.sub("", masked[:m.start()])
                    pre = paren_re.sub(r"\1 ", pre)
                    words = [w for w in re.split(r"[\s,]+", pre) if w]
                    if len(words) == 1 and words[0].casefold() in lang.pronouns:
                        if last_subject:
                            speakers, pronoun = [last_subject], True
                    elif words and all(w.startswith("§") or w.casefold() in lang.subject_words for w in words):
                        speakers = [ids[int(w.strip("§"))] for w in words if w.startswith("§")]
                    verb = m.group("verb")
            speakers = list(dict.fromkeys(speakers))
            if speakers:
                for speaker in speakers:
                    out.append(Statement(speaker, p.para.index, Span(start, end, sentence),
                                         re.sub(r"\s+", " ", verb), pronoun))
                last_subject = speakers[0] if len(speakers) == 1 else None
            else:
                # "Putin arrived ... . He said ..." : a sentence opening on one person makes
                # that person the one "he" stands for; two people make "he" ambiguous.
                opener = re.match(r"\s*((?:[\w.-]+\s+){0,4}?)§(\d+)§", masked)
                if opener and all(w.casefold() in lang.subject_words for w in opener.group(1).split()):
                    joint = re.match(r"\s*,?\s*(?:and|,)\s+(?:[\w-]+,?\s+){0,4}?§\d+§", masked[opener.end():])
                    last_subject = None if joint else ids[int(opener.group(2))]
    return out


# --- metadata ---------------------------------------------------------------------------

PROSE_MIN_WORDS = 5
"""A lead paragraph has at least this many words of letters, or is a sentence of three or
more: shorter blocks at the top of a scraped page are counters, bylines, stamps and tags ("by
the Agency", "10432"), not the lead."""
DATE_LEAD_PARAGRAPHS = 4
"""Prose paragraphs searched for the event's day when the first ones name none (a joint
statement's text names the visit's days after its title and preamble)."""
KIND_LEAD_PARAGRAPHS = 3
"""Prose paragraphs read for the kind: a report's frame ("arrived on a state visit") often
comes after two paragraphs of what was said."""
KIND_LEAD_CHARS = 2000
"""Of each of those paragraphs, the sentences that start within this many characters are read
for the kind: a lead paragraph frames the encounter in its first sentences (a news lead runs
to a few hundred characters), and a paragraph that lost its full stops (a transcript on one
line) is not read whole a second time for what its opening says."""


@dataclass(frozen=True)
class EventDate:
    """The event's day as the text gives it, the words it was read from, and a note for the
    reader: why there is no date, or what a date stands on when no day is named."""

    date: dt.date | None
    evidence: str = ""
    note: str = ""
    inferred: bool = False
    """True when the date stands on the publication or filing date, no day being named: an
    account published the next day may then be one day off."""
    paragraph: int = 0
    """Index of the paragraph that named the day (0: none did)."""


_LETTERS = re.compile(r"[^\W\d_]{2,}")
_SENTENCE_END = re.compile(r"[.!?][\"”’']*\s*$")


def _is_prose(p: _Para, lang: Language) -> bool:
    words = len(_LETTERS.findall(p.para.text))
    return ((words >= PROSE_MIN_WORDS or (words >= 3 and _SENTENCE_END.search(p.para.text) is not None))
            and not lang.is_caption(p.para.text))


def _lead(paras: list[_Para], lang: Language, n: int, headline: str | None = None) -> list[_Para]:
    """The first `n` prose paragraphs: photo captions, stamps and bylines left out, and the
    headline repeated (scraped pages print it twice or three times)."""
    seen = {headline.casefold()} if headline else set()
    out = []
    for p in paras:
        key = p.para.text.casefold()
        if key not in seen and _is_prose(p, lang):
            out.append(p)
            if len(out) == n:
                break
        seen.add(key)
    return out


TELLING_WINDOW = 5
"""Words before a date searched for a verb of telling."""


def _telling(before: str, lang: Language) -> bool:
    """True when the words just before a date are a verb of telling ("said Wednesday", "told
    reporters on Monday"): the day someone spoke of the event, not always the event's."""
    words = " ".join(before.split()[-TELLING_WINDOW:])
    return bool(lang.telling.search(words))


def _dateline(lead: list[_Para], published: dt.date | None,
              lang: Language) -> tuple[int, int, FoundDate | None]:
    """The wire dateline opening the body: the position in `lead` of the first paragraph that
    opens with one (scraped lines may come before it), where it ends, and its date (its year
    from the publication date when it gives none; None when neither does). (0, 0, None) when
    no paragraph of the lead opens with a dateline."""
    for i, p in enumerate(lead):
        m = lang.lead_dateline(p.para.text)
        if m:
            found = explicit_dates(m.group("date"), published) if m.group("date") else []
            return i, m.end(), (FoundDate(found[0].date, m.group(0).strip(), 0) if found else None)
    return 0, 0, None


def _event_date(doc: Document, paras: list[_Para], published: dt.date | None,
                lang: Language) -> EventDate:
    """The day of the encounter, as a careful reader works it out from the text alone.

    The lead is searched paragraph by paragraph for a day tied to what it reports: a written
    date ("On December 28, 2020"), a weekday or "yesterday" resolved against the wire dateline's
    date or else the publication date, a coming day when the words before it speak of the
    future ("will open the bridge on May 12"). A day given by a verb of telling ("said
    Thursday") gives way to a day of what was done in the next paragraph ("on Wednesday
    signed"). A day the text gives no reference for (a weekday with no publication date, a
    date without its year) leaves the event undated, with the reason. Captions never count.
    When the lead names no day: the date line's when it names a place ("March 6, 2022,
    Sochi"), else the dateline's, else the publication date, unless the lead announces a
    coming event. A written date in the headline comes before these."""
    lead = _lead(paras, lang, DATE_LEAD_PARAGRAPHS, doc.headline)
    dateline_at, dateline_end, dateline = _dateline(lead, published, lang)
    reference = dateline.date if dateline else published
    telling: FoundDate | None = None
    telling_at = telling_para = 0
    coming = False
    if lead and lead[dateline_at].sentences:
        opening = lead[dateline_at]
        first = next((opening.para.text[max(a, dateline_end):b] for a, b in opening.sentences if b > dateline_end), "")
        coming = lang.is_future(first) and not _telling_first(first, lang)
    for i, p in enumerate(lead):
        # A day of the telling, or the dateline, ends the search one paragraph on: later
        # paragraphs tell of other days ("On May 14, she will tour the port").
        if (telling is not None and i > telling_at + 1) or (dateline_end and i > dateline_at + 1):
            break
        skip = dateline_end if i == dateline_at else 0
        action: list[FoundDate] = []
        unresolved: list[str] = []
        for start, end in p.sentences:
            if end <= skip:
                continue
            offset = max(start, skip)
            sentence = p.para.text[offset:end]
            found = explicit_dates(sentence, reference, lang.is_future)
            if reference is not None:
                found += [f for f in relative_dates(sentence, reference, lang.is_future)
                          if not any(g.start <= f.start < g.start + len(g.evidence) for g in found)]
            else:
                unresolved += needs_reference(sentence)
            for f in sorted(found, key=lambda f: f.start):
                if published is not None and (f.date - published).days > 366:
                    continue
                before = sentence[:f.start]
                at = FoundDate(f.date, f.evidence, f.start + offset)
                if not _telling(before, lang):
                    action.append(at)
                elif lang.is_future(before):
                    # "the ministers will sign it by video, an official told the press on Friday": the day of the
                    # telling is not the day of the coming event it tells of.
                    coming = True
                elif telling is None:
                    telling, telling_at, telling_para = at, i, p.para.index
        if action:
            return EventDate(action[0].date, action[0].evidence, paragraph=p.para.index)
        if unresolved and telling is None:
            what = ", ".join(f"“{w}”" for w in dict.fromkeys(unresolved))
            why = ("its dateline gives no year" if dateline_end and published is None
                   else "the text shows no publication date to count from")
            return EventDate(None, "", f"the lead names {what}, and {why}")
    if telling is not None:
        return EventDate(telling.date, telling.evidence, paragraph=telling_para)
    # A briefing's transcript or a readout titled "... on March 21, 2023": the headline's day.
    if doc.headline:
        found = explicit_dates(doc.headline, reference, lang.is_future)
        if found:
            return EventDate(found[0].date, found[0].evidence)
    if doc.date_line and lang.event_date_line.match(doc.date_line):
        found = explicit_dates(doc.date_line, None)
        if found:
            return EventDate(found[0].date, doc.date_line.strip())
    if dateline is not None:
        return EventDate(dateline.date, dateline.evidence,
                         "the lead names no other day: the dateline's date stands for it", inferred=True)
    if coming:
        return EventDate(None, "", "the lead announces a coming event and names no day for it")
    if published is not None:
        return EventDate(published, "", "the lead names no day: the publication date stands for it",
                         inferred=True)
    return EventDate(None, "", "the text gives no date for the event")


def _telling_first(sentence: str, lang: Language) -> bool:
    """True when a verb of telling comes before the sentence's first future marker ("Xi said
    that China will ..."): the future is what was said, not the event reported."""
    tell = lang.telling.search(sentence)
    future = [m.start() for rx in lang.future_markers for m in rx.finditer(sentence)]
    return bool(tell) and bool(future) and tell.start() < min(future)


_RIGHTS = re.compile(r"(?i)(copyright|all rights reserved|\(c\)|©|\b\d{4}(?:\s*[-–]\s*\d{4})?\b)")


def _publisher(doc: Document, paras: list[_Para], lang: Language) -> str | None:
    """Who published the seed: the name in its footer, else the agency of a wire dateline."""
    contact = re.compile(r"(?i)^\s*(add|address|tel|telephone|phone|fax|e-?mail|postcode|website|web)\s*[:：]")
    for line in doc.footer:
        if contact.match(line) or re.match(r"(?i)^\s*(https?://|www\.)", line):
            continue
        name = _RIGHTS.sub(" ", line)
        name = re.sub(r"\s+", " ", name).strip(" .,;:-|")
        if name:
            return name
    for p in paras[:LEAD_PARAGRAPHS + 1]:  # a credit or caption line may stand above the lead
        m = lang.lead_dateline(p.para.text)
        agency = m and (m.group("agency") or m.group("agency2"))
        if agency:
            return re.split(r"\s[/|]\s|\s-\s", agency)[0].strip()
    return None


def _lead_sentence(lead: list[_Para], lang: Language) -> tuple[int, int, int] | None:
    """(position in `lead`, start, end) of the lead sentence: the first sentence, after any
    wire dateline, of the first lead paragraph that is written as sentences (a subheading with
    no full stop is not the lead)."""
    for i, p in enumerate(lead):
        if not _SENTENCE_END.search(p.para.text):
            continue
        m = lang.lead_dateline(p.para.text)
        skip = m.end() if m else 0
        for start, end in p.sentences:
            if end > skip and _LETTERS.search(p.para.text[max(start, skip):end]):
                return i, max(start, skip), end
    return None


def _opening(p: _Para, chars: int) -> tuple[str, list[Token], list[tuple[int, int]], list[Mention]]:
    """The paragraph cut after its last sentence that starts within `chars` characters: its
    text, tokens, sentences and mentions (offsets unchanged: the text is the paragraph's)."""
    sentences = p.sentences[:bisect.bisect_left(p.sentences, (chars,))] or p.sentences[:1]
    if len(sentences) == len(p.sentences):
        return p.para.text, p.tokens, p.sentences, p.mentions
    end = sentences[-1][1]
    tokens = p.tokens[:bisect.bisect_right(p.tokens, end, key=lambda t: t.end)]
    return p.para.text, tokens, sentences, [m for m in p.mentions if m.span.end <= end]


def _kind(headline: tuple[str, list[Token], list[tuple[int, int]], list[Mention]] | None,
          lead: list[_Para], lead_sentence: tuple[int, int, int] | None, vocab: Vocabulary) -> str:
    """The kind of encounter the headline and lead report, weighting how the lead sentence
    words it: the lead sentence's first kind in vocabulary order, or a kind shown in the lead
    that `includes` it (a leader "has sent greetings", then the two "exchanged telegrams": an
    exchange; "the meeting" within "a state visit": a visit), or a kind of its encounter group
    the headline shows ("talked with" in the lead, "on the phone" in the headline: a call); a
    joint statement mentioned after a lead sentence reporting a video conversation leaves it a
    video meeting. With no kind in the lead sentence, the first kind shown. A kind marked
    `lead_sentence` counts only there or in the headline (spokespeople are quoted from their
    briefings in reports of every kind). Else the last kind."""
    kinds = vocab.sections["kinds"]
    concepts = vocab.concepts
    texts = ([headline] if headline else []) + [_opening(p, KIND_LEAD_CHARS) for p in lead]
    shown: set[str] = set()
    in_sentence: set[str] = set()
    in_headline: set[str] = set()
    for n, (text, tokens, sentences, mentions) in enumerate(texts):
        hits = rule_hits(text, tokens, sentences, "kinds", vocab, vocab.kind_names.find(tokens), mentions)
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


def _title_lead(paras: list[_Para], lang: Language, headline: str | None) -> _Para:
    """The paragraph a title is made from: the first of the lead (`_lead`) that is a sentence
    of the report, not an introduction to a quotation ("The message reads:"), a quotation or a
    short credit line."""
    for p in _lead(paras, lang, LEAD_PARAGRAPHS + 1, headline):
        text = p.para.text
        if len(text.split()) >= TITLE_LEAD_WORDS and not text.rstrip().endswith(":") and text[:1] not in "\"“‘'«":
            return p
    return paras[0]


TITLE_LEAD_WORDS = 6
"""A shorter paragraph is a credit, a label or an introduction, not the lead."""


_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
"""Unicode's bidi embeddings, overrides and isolates: in a title they reorder what stands
beside it on every page it lands on (`<title>`, indexes, the timeline, the feed), an unclosed
one even the site's own labels. Marks (U+200E, U+200F) stay: they reorder nothing but their
neighbour."""


def _title(doc: Document, paras: list[_Para], kind: str, vocab: Vocabulary,
           lang: Language, participants: tuple[str, ...]) -> tuple[str, str]:
    """`_made_title` without bidi controls, or the file name when nothing else is left."""
    title, source = _made_title(doc, paras, kind, vocab, lang, participants)
    if not _BIDI_CONTROLS.search(title):
        return title, source
    return re.sub(r"\s+", " ", _BIDI_CONTROLS.sub("", title)).strip() or "untitled", source


def _made_title(doc: Document, paras: list[_Para], kind: str, vocab: Vocabulary,
                lang: Language, participants: tuple[str, ...]) -> tuple[str, str]:
    """The headline; else a headline made from the kind's template and the people of the lead
    sentence (or of the lead, when its first sentence names nobody); else the lead's first
    clause after its dateline, cut at a word boundary. Never a whole sentence."""
    if doc.headline:
        return doc.headline, "headline"
    first = _title_lead(paras, lang, doc.headline)
    text = first.para.text
    dateline = lang.lead_dateline(text)
    body_start = dateline.end() if dateline else 0
    sentence_end = next((e for s, e in first.sentences if e > body_start + 1), len(text))
    people = [m.concept for m in first.mentions
              if vocab.section_of(m.concept) == "people" and body_start <= m.span.start < sentence_end]
    people = list(dict.fromkeys(people))[:2] or list(participants[:2])
    template = vocab.concepts[kind].title_template
    if template and people:
        occasion = ""
        for p in paras[:LEAD_PARAGRAPHS]:
            found = vocab.occasion_names.find(p.tokens)
            if found:
                occasion = found[0].tag + " "
                break
        names = " and ".join(vocab.concepts[pid].label for pid in people)
        title = template.replace("{participants}", names).replace("{occasion}", occasion)
        title = re.sub(r"\s+", " ", title).strip()
        return title[:1].upper() + title[1:], "lead"
    clause = re.split(r"[,;:]\s|\s[–—-]\s", text[body_start:sentence_end].strip(), maxsplit=1)[0]
    clause = clause.strip().rstrip(".!?")
    words = clause.split()
    if len(words) > 12:
        clause = " ".join(words[:12]) + "…"
    return clause or doc.source, "lead"


def annotate(doc: Document, vocab: Vocabulary, lang: Language) -> Annotated:
    """Everything the knowledge base knows about one document (slug assigned later)."""
    paras = [_prepare(p, vocab, lang) for p in doc.paragraphs]
    published = doc.date_header
    event = _event_date(doc, paras, published, lang)
    # The headline is prepared like a paragraph (index 0: it has no anchor), once: its names
    # serve the kind and the participants, and its topics are read before the paragraphs'.
    head = [_prepare(Paragraph(0, doc.headline, 1), vocab, lang)] if doc.headline else []
    headline = (doc.headline, head[0].tokens, [(0, len(doc.headline))], head[0].mentions) if head else None
    lead = _lead(paras, lang, KIND_LEAD_PARAGRAPHS, doc.headline)
    lead_sentence = _lead_sentence(lead, lang)
    kind = _kind(headline, lead, lead_sentence, vocab)
    last = max([p.para.index for p in lead[:LEAD_PARAGRAPHS]] + [event.paragraph]
               + ([lead[lead_sentence[0]].para.index] if lead_sentence else []))
    participants = _participants(headline, [p for p in _lead(paras, lang, len(paras), doc.headline)
                                            if p.para.index <= last], vocab)
    title, title_source = _title(doc, paras, kind, vocab, lang, participants)
    unit_topics = _document_topics(head + paras, vocab)
    return Annotated(
        doc=doc, slug="", title=title, title_source=title_source,
        published=published, event_date=event.date, event_date_evidence=event.evidence,
        event_date_note=event.note, event_date_inferred=event.inferred,
        publisher=_publisher(doc, paras, lang), kind=kind, participants=participants,
        mentions=tuple(m for p in paras for m in p.mentions),
        topics=tuple(h for p, hits in zip(paras, unit_topics[len(head):]) if not lang.tag_line.match(p.para.text)
                     for h in hits),
        headline_topics=tuple(h for hits in unit_topics[:len(head)] for h in hits),
        statements=tuple(_statements(paras, vocab, lang)),
        phrases=tuple(Mention(m.tag, p.para.index, _span(p.para.text, p.tokens, m))
                      for p in paras for m in resolve_overlaps(vocab.phrase_names.find(p.tokens))),
        references=_references(doc, published, event.date),
        unknown_names=_unknown_names(doc, [m for p in paras for m in p.mentions]),
    ).with_paragraph_keys()


def _participants(headline: tuple[str, list[Token], list[tuple[int, int]], list[Mention]] | None,
                  lead: list[_Para], vocab: Vocabulary) -> tuple[str, ...]:
    """People named in the headline and the lead, in order: who the encounter was between.
    The lead here runs through the first two prose paragraphs, the lead sentence's and the one
    that named the day (captions and bylines left out; aides quoted further down are not
    participants)."""
    mentions = (headline[3] if headline else []) + [m for p in lead for m in p.mentions]
    return tuple(dict.fromkeys(m.concept for m in mentions if vocab.section_of(m.concept) == "people"))


_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b(?!-\d)")
_NAME = re.compile(r"\b(?:[A-Z][a-z]+|[A-Z]{2,})(?:[ -](?:of|the|and|for|de|[A-Z][a-z]+|[A-Z]{2,}))*[ -](?:[A-Z][a-z]+|[A-Z]{2,})\b")


def _references(doc: Document, published: dt.date | None,
                event_date: dt.date | None) -> tuple[tuple[int, str, int], ...]:
    """Dates and bare years the text refers to, besides the event date itself."""
    out: set[tuple[int, str, int]] = set()
    for para in doc.paragraphs:
        spans = []
        for found in explicit_dates(para.text, published):
            spans.append((found.start, found.start + len(found.evidence)))
            if found.date != event_date:
                out.add((found.date.year, found.date.isoformat(), para.index))
        dated = Intervals(spans)
        for m in _YEAR.finditer(para.text):
            if not dated.overlaps(m.start(), m.start() + 1):
                out.add((int(m.group()), m.group(), para.index))
    return tuple(sorted(out))


def _unknown_names(doc: Document, mentions: list[Mention]) -> tuple[tuple[str, int], ...]:
    """Capitalised names (two words or more) that no mention covers."""
    spans: dict[int, list[tuple[int, int]]] = {}
    for m in mentions:
        spans.setdefault(m.paragraph, []).append((m.span.start, m.span.end))
    out = []
    for para in doc.paragraphs:
        known = Intervals(spans.get(para.index, ()))
        out.extend((m.group(), para.index) for m in _NAME.finditer(para.text) if not known.overlaps(m.start(), m.end()))
    return tuple(out)
