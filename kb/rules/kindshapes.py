"""The shapes of documents that decide their kind before or beside their words, loaded from the
`shapes:` section of `vocabulary/kinds.yml` and validated with file and line.

A transcript of remarks, a briefing's questions and answers, or an analysis in the writer's own
voice are known by how the text is laid out (speaker labels, first-person words, no speech
reported), not by a name of the encounter; the thresholds and cue words of these shapes are
data, so that a reader of another field changes them without touching code.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kb.rules.checks import section_keys, share, whole_number
from kb.rules.yamlfile import LineDict, LineList, line_of


@dataclass(frozen=True)
class RemarksRule:
    """One way a transcript of remarks shows its kind; the first rule that holds decides."""

    kind: str
    """The kind the transcript is when the rule holds."""
    askers: int = 0
    """At least this many different speaker labels open a turn that asks a question (a
    briefing takes questions from several outlets, an interview from one interviewer)."""
    cues: tuple[re.Pattern[str], ...] = ()
    """Patterns of which one must occur in the lead (none: the rule always holds)."""
    line: str = ""
    """`file:line` of the rule, for messages."""


@dataclass(frozen=True)
class KindShapes:
    """The shape rules of `kinds.yml` (all off when the section is absent)."""

    voiced: tuple[re.Pattern[str], ...] = ()
    """Matched against a sentence's words before a kind's name: the name is then part of what
    someone voices or hopes for (a readout's indirect quotation, "this is your third visit";
    "he expects a visit"), not the report's own frame."""
    label_words: int = 0
    """A paragraph of at most this many words ending in a colon is a label ("The minister's
    opening remarks:"): a kind it names counts as the headline's does (0: labels not read)."""
    speaker_label: re.Pattern[str] | None = None
    """A paragraph opening with a speaker's label ("Name: ..."): a turn of a transcript."""
    first_person: frozenset[str] = frozenset()
    """Words of the first person, lower case."""
    first_person_share: float = 0.0
    """A transcript's lead has at least this share of first-person words (a report quoting a
    sentence or two has fewer)."""
    remarks: tuple[RemarksRule, ...] = ()
    """How a transcript of remarks shows its kind, in order; empty: transcripts are read by
    their words like any report."""
    analysis_kind: str = ""
    """The kind of a text that argues in its own voice ("" : not read)."""
    analysis_paragraphs: int = 0
    """An analysis has at least this many lead paragraphs, none reporting speech."""


def _patterns(value: Any, where: str, key: str, problems: list[str], flags: int = 0) -> tuple[re.Pattern[str], ...]:
    items = value if isinstance(value, list) else [value]
    if not items or not all(isinstance(v, str) and v for v in items):
        problems.append(f"{where}: {key}: must be a pattern or a list of patterns, got {value!r}")
        return ()
    out = []
    for v in items:
        try:
            out.append(re.compile(v, flags))
        except re.error as exc:
            problems.append(f"{where}: {key}: bad pattern {v!r}: {exc}")
    return tuple(out)


_KEYS = {"voiced", "label_words", "speaker_label", "first_person", "first_person_share", "remarks", "analysis"}


def parse_shapes(data: Any, path: Path, line: int, kinds: set[str], problems: list[str]) -> KindShapes:
    """The `shapes:` mapping of kinds.yml as `KindShapes`; every problem appended with file and
    line. `kinds` are the ids the rules may name."""
    at = section_keys(data, path, line, "shapes", _KEYS, problems)
    if at is None:
        return KindShapes()

    def kind_of(value: Any, where: str) -> str:
        if value not in kinds:
            problems.append(f"{where}: kind: no kind {value!r}")
            return ""
        return value

    voiced = _patterns(data["voiced"], at("voiced"), "voiced", problems, re.IGNORECASE) if "voiced" in data else ()
    speaker = None
    if "speaker_label" in data:
        found = _patterns(data["speaker_label"], at("speaker_label"), "speaker_label", problems)
        speaker = found[0] if found else None
    words = data.get("first_person", [])
    if not isinstance(words, list) or not all(isinstance(w, str) and w.strip() for w in words):
        problems.append(f"{at('first_person')}: first_person: must be a list of words")
        words = []
    first_share = share(data, "first_person_share", 0.0, at("first_person_share"), problems)
    remarks = []
    raw = data.get("remarks", LineList())
    if not isinstance(raw, LineList):
        problems.append(f"{at('remarks')}: remarks: must be a list of rules")
        raw = LineList()
    for i, item in enumerate(raw):
        where = f"{path}:{line_of(raw, i)}"
        if not isinstance(item, LineDict) or set(item) - {"kind", "askers", "cues"}:
            problems.append(f"{where}: remarks: each rule is a mapping of kind, askers and cues, got {item!r}")
            continue
        cues = _patterns(item["cues"], where, "cues", problems, re.IGNORECASE) if "cues" in item else ()
        remarks.append(RemarksRule(kind_of(item.get("kind"), where), whole_number(item, "askers", where, problems), cues, where))
    analysis = data.get("analysis", LineDict())
    analysis_kind, paragraphs = "", 0
    if not isinstance(analysis, LineDict) or set(analysis) - {"kind", "paragraphs"}:
        problems.append(f"{at('analysis')}: analysis: must be a mapping of kind and paragraphs")
    elif analysis:
        analysis_kind = kind_of(analysis.get("kind"), at("analysis"))
        paragraphs = whole_number(analysis, "paragraphs", at("analysis"), problems)
    return KindShapes(
        voiced=voiced, label_words=whole_number(data, "label_words", at("label_words"), problems), speaker_label=speaker,
        first_person=frozenset(w.strip().casefold() for w in words), first_person_share=first_share,
        remarks=tuple(remarks), analysis_kind=analysis_kind, analysis_paragraphs=paragraphs)


def compile_kind_patterns(value: Any, where: str, cid: str, problems: list[str]) -> tuple[str, ...]:
    """A kind's `patterns:` (regular expressions over a sentence's text, case-insensitive),
    checked to compile; kept as strings on the concept, compiled by the vocabulary."""
    found = _patterns(value, where, f"patterns ({cid})", problems, re.IGNORECASE)
    return tuple(p.pattern for p in found)
