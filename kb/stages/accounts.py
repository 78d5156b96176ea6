"""Accounts that give no day of their encounter, joined to the one dated event that fits.

Many reports leave the day out ("the presidents held talks"; a wire's dateline cut off) while
another account of the same encounter dates it. An undated account joins an event only when
exactly one event fits (`AccountRules` from kinds.yml's `accounts:`); otherwise it stays alone,
since a wrong join merges two encounters on one page. An event fits when:

- its parties and the account's agree (one side's inside the other's, at least two shared);
- its kind is of the account's encounter group, or of a group the account's kind reports on
  (a press conference after talks);
- its time agrees: within the window before the account's publication date, and in the latest
  year the account names or a year or so before;
- its content agrees: the account and the event's accounts share enough distinctive phrases
  (two words running, or numbers), distinctive among the accounts compared, and not much fewer
  than the best event shares (two events that share about as much leave the account alone).

Two dated accounts of kinds of one encounter group are never joined here: the day each names
decides (`link.group_events`). A dated report of a kind that reports another group's encounter
(a press conference after talks) joins the one event of its day that fits, by the same rules.
The phrases of an account are read once, and only accounts that can meet are compared, so the
cost grows with the candidates, not with every pair of documents.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence

from kb.model import Annotated, Event
from kb.rules.accounts import AccountRules

_WORD = re.compile(r"[^\W_]+")
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")


def phrases(doc: Annotated) -> frozenset[str]:
    """Two words running (lower case) and every number of the document's paragraphs."""
    out: set[str] = set()
    for para in doc.doc.paragraphs:
        words = [w.lower() for w in _WORD.findall(para.text)]
        out.update(f"{a} {b}" for a, b in zip(words, words[1:]))
        out.update(w for w in words if any(c.isdigit() for c in w) and len(w) > 1)
    return frozenset(out)


def years_named(doc: Annotated) -> list[int]:
    """The years the document's paragraphs name (four digits standing alone)."""
    return [int(y) for para in doc.doc.paragraphs for y in _YEAR.findall(para.text)]


def _parties_agree(mine: set[str], theirs: set[str]) -> bool:
    return (mine <= theirs or theirs <= mine) and len(mine & theirs) >= min(2, len(mine))


def _time_agrees(doc: Annotated, event: Event, rules: AccountRules) -> bool:
    if doc.event_date is not None:  # a dated report of another kind: the same day or nothing
        return doc.event_date == event.date
    if doc.published is not None:
        gap = (doc.published - event.date).days
        if not 0 <= gap <= rules.published_within_days:
            return False
    years = years_named(doc)
    return not years or max(years) - rules.years_before <= event.date.year <= max(years)


def join_undated(docs: Sequence[Annotated], events: Sequence[Event], groups_of: Mapping[str, str],
                 rules: AccountRules) -> dict[str, str]:
    """Account's slug -> the id of the one event that fits it (see the module), for the
    accounts no event holds: the undated ones, and dated reports of a kind that reports
    another group's encounter (a press conference after the day's talks)."""
    if not rules.shared_phrases or not events:
        return {}
    by_slug = {d.slug: d for d in docs}
    held_by_event = {s for e in events for s in e.documents}
    undated = [d for d in docs if d.slug not in held_by_event and d.participants
               and (d.kind in rules.reports or (d.event_date is None and d.kind in groups_of))]
    candidates: dict[str, list[Event]] = {}
    for doc in undated:
        groups = {groups_of.get(doc.kind, "")} | set(rules.reports.get(doc.kind, ()))
        mine = set(doc.participants)
        fits = [e for e in events if groups_of.get(e.kind) in groups and _parties_agree(mine, set(e.participants))
                and _time_agrees(doc, e, rules)]
        if fits:
            candidates[doc.slug] = fits
    if not candidates:
        return {}
    compared = sorted(set(candidates) | {s for fits in candidates.values() for e in fits for s in e.documents})
    held = {slug: phrases(by_slug[slug]) for slug in compared}
    df = Counter(p for ps in held.values() for p in ps)
    rare = max(2.0, rules.rare_share * len(compared))
    joined: dict[str, str] = {}
    for slug, fits in sorted(candidates.items()):
        mine = {p for p in held[slug] if df[p] <= rare}
        shared = [len(mine & set().union(*(held[s] for s in e.documents))) for e in fits]
        floor = max(rules.shared_phrases, rules.runner_up_share * max(shared))
        agreeing = [e for e, n in zip(fits, shared) if n >= floor]
        if len(agreeing) == 1:
            joined[slug] = agreeing[0].id
    return joined


def with_joined(events: Sequence[Event], event_of: Mapping[str, str],
                joined: Mapping[str, str]) -> tuple[tuple[Event, ...], dict[str, str]]:
    """The events with the joined accounts put after their dated ones (by slug), and the
    event of every account."""
    extra: dict[str, list[str]] = defaultdict(list)
    for slug, eid in joined.items():
        extra[eid].append(slug)
    out = tuple(Event(e.id, e.date, e.kind, e.participants, (*e.documents, *sorted(extra[e.id])))
                if e.id in extra else e for e in events)
    return out, {**event_of, **joined}
