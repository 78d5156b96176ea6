"""When an account that gives no day of its encounter joins a dated event, loaded from the
`accounts:` section of `vocabulary/kinds.yml` and validated with file and line.

A report often leaves the day out ("the two presidents held talks", a wire with no dateline)
while another account of the same encounter dates it. The team's rule: such an account joins
an event only when exactly one event fits, by parties, kind, time and content; otherwise it
stays alone. The kinds that may report another group's encounter, the time window and how much
content must agree are data, so a reader of another field changes them without touching code.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from kb.rules.checks import section_keys, share, whole_number
from kb.rules.yamlfile import LineDict, LineList, line_of


@dataclass(frozen=True)
class AccountRules:
    """How an undated account is matched to a dated event (`accounts:`; joining is off when the
    section is absent)."""

    reports: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Kind -> encounter groups it can be an account of besides its own (a press conference
    given after talks, a news report of a visit)."""
    published_within_days: int = 0
    """An account with a publication date is of an event at most this many days before it."""
    years_before: int = 0
    """An account that names years is of an event in the latest year it names, or up to this
    many years before (a message for the coming year names the next one)."""
    rare_share: float = 0.0
    """A phrase is distinctive when at most this share of the accounts compared holds it (and
    never fewer than two: the account and one other)."""
    shared_phrases: int = 0
    """Distinctive phrases (two words running, or a number) the account must share with an
    event's accounts for the event to fit; 0: undated accounts never join."""
    runner_up_share: float = 1.0
    """An event fits by content only when it shares at least this share of what the best event
    shares: two that share about as much are two encounters the account could be of."""


_KEYS = {"reports", "published_within_days", "years_before", "rare_share", "shared_phrases", "runner_up_share"}


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
                        shared_phrases=whole_number(data, "shared_phrases", at("shared_phrases"), problems),
                        runner_up_share=runner_up)
