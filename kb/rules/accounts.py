"""When an account that gives no day of its encounter joins a dated event, loaded from the
`accounts:` section of `vocabulary/kinds.yml` and validated with file and line.

A report often leaves the day out ("the two presidents held talks", a wire with no dateline)
while another account of the same encounter dates it. The team's rule: such an account joins
an event only when exactly one event fits, by parties, kind, time and content; otherwise it
stays alone. The kinds that may report another group's encounter, the time window and how much
content must agree are data, so a reader of another field changes them without touching code;
the weekdays an account names are the language's (`DateWords`), joined in when the vocabulary
loads.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping

from kb.rules.checks import number, section_keys, share, whole_number
from kb.rules.yamlfile import LineDict, LineList, line_of
from kb.text.dates import DateWords


@dataclass(frozen=True)
class AccountRules:
    """How an undated account is matched to a dated event (`accounts:`; joining is off when the
    section is absent)."""

    reports: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Kind -> encounter groups it can be an account of besides its own (a press conference
    given after talks, a news report of a visit)."""
    published_within_days: int = 0
    """An account with a publication date is of an event on that day or at most this many
    days before it (an account with none must name the event's weekday, or its year)."""
    years_before: int = 0
    """An account that names neither its publication date nor a weekday, but years, is of an
    event in the latest year it names or up to this many years before (a message for the
    coming year names the next one)."""
    rare_share: float = 0.0
    """A word, pair of words, number or quotation is distinctive when at most this share of the
    corpus's documents holds it (or `rare_documents`; never fewer than two: the account and
    one other)."""
    rare_documents: int = 0
    """... or at most this many documents: in a small corpus the share would be under two."""
    shared_weight: Mapping[str, float] = field(default_factory=dict)
    """Evidence of time (`TIME_EVIDENCE`) -> how much distinctive content the account must
    share with an event's accounts for the event to fit: each shared feature weighs its
    inverse document frequency scaled to the corpus (nearly 1 for one held by two documents
    of many). The looser the time, the more: a weekday recurs every week. Absent or 0: an
    account with that evidence never joins."""
    runner_up_share: float = 1.0
    """An event fits by content only when it shares at least this share of what the best event
    shares: two that share about as much are two encounters the account could be of."""
    dates: DateWords | None = None
    """The language's words of dates (its weekdays), joined in by the vocabulary's loader."""
    stopwords: frozenset[str] = frozenset()
    """The language's stopwords, never content an account shares (joined in too)."""


TIME_EVIDENCE = ("dated", "weekday", "years")
"""What places an account in time, first found first: a date (its publication date, or its
event date for a report of another kind), a weekday its text names, the years it names."""
_KEYS = {"reports", "published_within_days", "years_before", "rare_share", "rare_documents", "shared_weight",
         "runner_up_share"}


def parse_accounts(data: Any, path: Path, line: int, groups: Mapping[str, str], problems: list[str]) -> AccountRules:
    """The `accounts:` mapping as `AccountRules`, every problem appended with file and line.
    `groups` maps each kind to its encounter group ("" for none)."""
    at = section_keys(data, path, line, "accounts", _KEYS, problems)
    if at is None:
        return AccountRules()
    known_groups = {g for g in groups.values() if g}
    reports: dict[str, tuple[str, ...]] = {}
    raw = data.get("reports", LineDict())
    if not isinstance(raw, LineDict):
        problems.append(f"{at('reports')}: reports: must map kinds to lists of encounter groups")
        raw = LineDict()
    for kind, named in raw.items():
        where = f"{path}:{line_of(raw, kind)}"
        if kind not in groups:
            problems.append(f"{where}: reports: no kind {kind!r}")
            continue
        if not isinstance(named, LineList) or not all(isinstance(g, str) for g in named):
            problems.append(f"{where}: reports: {kind}: must be a list of encounter groups, got {named!r}")
            continue
        for g in named:
            if g not in known_groups:
                problems.append(f"{where}: reports: {kind}: no encounter group {g!r} (known: {', '.join(sorted(known_groups))})")
        reports[kind] = tuple(g for g in named if g in known_groups)
    rare = share(data, "rare_share", 0.0, at("rare_share"), problems)
    runner_up = share(data, "runner_up_share", 1.0, at("runner_up_share"), problems)
    return AccountRules(reports=reports,
                        published_within_days=whole_number(data, "published_within_days", at("published_within_days"), problems),
                        years_before=whole_number(data, "years_before", at("years_before"), problems),
                        rare_share=rare,
                        rare_documents=whole_number(data, "rare_documents", at("rare_documents"), problems),
                        shared_weight=_shared_weight(data, path, at, problems),
                        runner_up_share=runner_up)


def _shared_weight(data: LineDict, path: Path, at: Callable[[str], str], problems: list[str]) -> dict[str, float]:
    """`shared_weight:` as evidence of time -> a number of 0 or more."""
    raw = data.get("shared_weight", LineDict())
    if not isinstance(raw, LineDict):
        problems.append(f"{at('shared_weight')}: shared_weight: must map evidence of time "
                        f"({', '.join(TIME_EVIDENCE)}) to numbers")
        return {}
    out = {}
    for evidence in raw:
        if evidence not in TIME_EVIDENCE:
            problems.append(f"{path}:{line_of(raw, evidence)}: shared_weight: unknown evidence of time "
                            f"{evidence!r} (known: {', '.join(TIME_EVIDENCE)})")
            continue
        out[evidence] = number(raw, evidence, f"{path}:{line_of(raw, evidence)}", problems)
    return out
