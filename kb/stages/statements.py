"""Statements: who spoke in which sentence, with the reporting verb, found on sentences where
each person's name is masked (`_mask`) so the language's patterns see a speaker as one mark."""
from __future__ import annotations

import bisect
import re

from kb.model import Mention, Span, Statement
from kb.rules.language import SPEAKER, Language
from kb.rules.vocabulary import Vocabulary
from kb.stages.paragraphs import Prepared

_PAREN = re.compile(rf"({SPEAKER})\s*,[^,§]{{1,160}},\s*$")
"""A speaker followed by an apposition between commas: the speaker stands for the whole."""
_OPENER = re.compile(rf"\s*((?:[\w.-]+\s+){{0,4}}?)§(\d+)§")
"""A sentence opening on a speaker, after at most four words."""


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


def statements(paras: list[Prepared], vocab: Vocabulary, lang: Language) -> list[Statement]:
    """Who spoke: a named person (or a pronoun standing for the last one named as the subject)
    as the subject of a reporting verb, or a sentence ending on a reporting verb and its
    speaker after a comma. A sentence with no clear speaker gives no statement."""
    verb_re, tail_re, lead_re = lang.reporting_verb, lang.reporting_tail, lang.statement_opener
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
                    pre = _PAREN.sub(r"\1 ", pre)
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
                # A sentence opening on one person makes that person the one a later pronoun
                # stands for; two people make the pronoun ambiguous.
                opener = _OPENER.match(masked)
                if opener and all(w.casefold() in lang.subject_words for w in opener.group(1).split()):
                    joint = lang.joint_subject.match(masked[opener.end():])
                    last_subject = None if joint else ids[int(opener.group(2))]
    return out
