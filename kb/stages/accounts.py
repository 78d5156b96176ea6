"""Accounts that give no day of their encounter, joined to the one dated event that fits.

Many reports leave the day out ("the presidents held talks"; a wire's dateline cut off) while
another account of the same encounter dates it. An undated account joins an event only when
exactly one event fits (`AccountRules` from kinds.yml's `accounts:`); otherwise it stays alone,
since a wrong join merges two encounters on one page. An event fits when:

- its parties and the account's agree (one side's inside the other's, at least two shared);
- its kind is of the account's encounter group, or of a group the account's kind reports on
  (a press conference after talks, a news report of a visit);
- its time agrees, by the first evidence the account gives: it is published on the event's
  day or within the window after it; or, with no publication date, the weekday it names is
  the event's ("on Monday"); or, naming none, the event is in the latest year it names or a
  year or so before (a message for the coming year names the next); an account that gives
  no time at all fits no event;
- its content agrees: the account and the event's accounts share distinctive words and pairs
  of words (rare in the whole corpus, each weighed by how rare), numbers and quotations, the
  more the looser its time (a weekday recurs every week, a publication date pins a few
  days), and no other event that fits by parties, kind and time shares nearly as much.

Two dated accounts of kinds of one encounter group are never joined here: the day each names
decides (`link.group_events`). A dated report of a kind that reports another group's encounter
(a press conference after talks) joins the one event of its day that fits, by the same rules.

Cost: every document's words are read once (document frequencies, counted for the accounts'
words only); events are indexed by party and day, and by party and weekday, so an account is
compared only with the events it can be an account of, and its content only through the
postings of its rare words.
"""
from __future__ import annotations

import bisect
import datetime as dt
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence

from kb.model import Annotated, Event
from kb.rules.accounts import AccountRules
from kb.text.dates import DateWords

_WORD = re.compile(r"[^\W_]+(?:[-.,][^\W_]+)*")
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")
_QUOTE = re.compile(r"[\"“«„]([^\"“”«»„]{12,400})[\"”»“]")
"""A quotation between quotation marks (the marks of the languages our sources write)."""
QUOTE_WORDS = 4
"""A quotation of at least this many words is a feature of its own: two accounts that quote
the same sentence word for word report the same words spoken."""


def features(doc: Annotated, stopwords: frozenset[str]) -> frozenset[str]:
    """What an account can share with another of one encounter: the words of its paragraphs
    (lower case; numbers kept whole, "3.2", "1937-45"), two words running (a place's two-word
    name, "state broadcaster"), and its longer quotations. A stopword is none, nor a pair that
    holds one: "of the" tells nothing of an encounter, however rare a corpus makes it."""
    out: set[str] = set()
    for para in doc.doc.paragraphs:
        words = _WORD.findall(para.text.lower())
        out.update(w for w in words if w not in stopwords)
        out.update(f"{a} {b}" for a, b in zip(words, words[1:]) if a not in stopwords and b not in stopwords)
        for quote in _QUOTE.findall(para.text):
            quoted = _WORD.findall(quote.lower())
            if len(quoted) >= QUOTE_WORDS:
                out.add("“" + " ".join(quoted))
    return frozenset(out)


def named_weekday(doc: Annotated, dates: DateWords | None) -> int | None:
    """The first weekday the text names for a day (Monday 0), or None. A weekday that heads
    a written date (a page's stamp: a weekday, a comma, a day and month) names the date, not the day of
    the encounter; one turned to the coming week ("next Monday") is not a day reported."""
    if dates is None:
        return None
    for para in doc.doc.paragraphs:
        for m in dates.weekday.finditer(para.text):
            rest = para.text[m.end():].lstrip(" ,")
            if dates.mdy.match(rest) or dates.dmy.match(rest):
                continue
            if m.group("mod") and dates.modifiers.get(m.group("mod").lower()) == "ahead":
                continue
            return dates.weekdays.index(m.group("weekday").lower())
    return None


def years_named(doc: Annotated) -> list[int]:
    """The years the document's paragraphs name (four digits standing alone)."""
    return [int(y) for para in doc.doc.paragraphs for y in _YEAR.findall(para.text)]


def _parties_agree(mine: set[str], theirs: set[str]) -> bool:
    return (mine <= theirs or theirs <= mine) and len(mine & theirs) >= min(2, len(mine))


class _EventIndex:
    """Events by party and day, and by party and weekday: the events an account can be of."""

    def __init__(self, events: Sequence[Event]) -> None:
        self.events = events
        self.by_day: dict[str, list[tuple[int, int]]] = defaultdict(list)
        self.by_weekday: dict[tuple[str, int], list[int]] = defaultdict(list)
        for i, e in enumerate(events):
            for p in e.participants:
                self.by_day[p].append((e.date.toordinal(), i))
                self.by_weekday[(p, e.date.weekday())].append(i)
        for days in self.by_day.values():
            days.sort()

    def between(self, parties: Iterable[str], first: int, last: int) -> set[int]:
        """Events of any of the parties from day `first` to day `last` (ordinals)."""
        out: set[int] = set()
        for p in parties:
            days = self.by_day.get(p, [])
            lo = bisect.bisect_left(days, (first, -1))
            hi = bisect.bisect_right(days, (last, len(self.events)))
            out.update(i for _, i in days[lo:hi])
        return out

    def on_weekday(self, parties: Iterable[str], weekday: int) -> set[int]:
        return {i for p in parties for i in self.by_weekday.get((p, weekday), ())}


def _in_time(doc: Annotated, index: _EventIndex, rules: AccountRules) -> tuple[str, set[int]]:
    """The evidence of time the account gives first (see the module), and the events whose
    day it allows; ("", nothing) when it gives none."""
    mine = set(doc.participants)
    if doc.event_date is not None:  # a dated report of another kind: the same day or nothing
        return "dated", index.between(mine, doc.event_date.toordinal(), doc.event_date.toordinal())
    if doc.published is not None:
        last = doc.published.toordinal()
        return "dated", index.between(mine, last - rules.published_within_days, last)
    weekday = named_weekday(doc, rules.dates)
    if weekday is not None:
        return "weekday", index.on_weekday(mine, weekday)
    years = years_named(doc)
    if not years:
        return "", set()
    return "years", index.between(mine, dt.date(max(years) - rules.years_before, 1, 1).toordinal(),
                                  dt.date(max(years), 12, 31).toordinal())


def _weights(df: Mapping[str, int], n: int, rules: AccountRules) -> dict[str, float]:
    """Each distinctive feature's weight: held by few of the corpus's `n` documents (at most
    `rare_share` of them or `rare_documents`, two at least), weighed by its inverse document
    frequency scaled to the corpus (a feature of two documents out of many weighs nearly 1)."""
    cap = max(2.0, rules.rare_documents, rules.rare_share * n)
    scale = math.log(max(n, 3))
    return {f: math.log(n / c) / scale for f, c in df.items() if 2 <= c <= cap}


def _candidates(docs: Sequence[Annotated], events: Sequence[Event], held_by_event: Mapping[str, str],
                groups_of: Mapping[str, str], rules: AccountRules) -> dict[str, tuple[str, set[int]]]:
    """Each account no event holds -> its evidence of time and the events that fit it by
    parties, kind and time (those with any), found through the index, never by a pass over
    all events."""
    index = _EventIndex(events)
    out: dict[str, tuple[str, set[int]]] = {}
    for doc in docs:
        if doc.slug in held_by_event or not doc.participants:
            continue
        if not (doc.kind in rules.reports or (doc.event_date is None and doc.kind in groups_of)):
            continue
        groups = {groups_of.get(doc.kind, "")} | set(rules.reports.get(doc.kind, ()))
        mine = set(doc.participants)
        evidence, in_time = _in_time(doc, index, rules)
        fits = {i for i in in_time
                if groups_of.get(events[i].kind) in groups and _parties_agree(mine, set(events[i].participants))}
        if fits and rules.shared_weight.get(evidence):
            out[doc.slug] = (evidence, fits)
    return out


def _postings(docs: Sequence[Annotated], accounts: Mapping[str, frozenset[str]], event_of: Mapping[str, int],
              rules: AccountRules) -> tuple[dict[str, float], dict[str, set[int]]]:
    """The weight of each distinctive feature the accounts hold, and the events whose accounts
    hold it. Every document is read once; only the accounts' features are counted, and a
    feature's events only while it is rare enough to weigh (a corpus's every pair of words,
    or every event a common word is in, would not fit in memory)."""
    wanted = set().union(*accounts.values())
    cap = max(2.0, rules.rare_documents, rules.rare_share * len(docs))
    df: Counter[str] = Counter()
    postings: dict[str, set[int]] = defaultdict(set)
    for d in docs:
        held = wanted.intersection(accounts.get(d.slug) or features(d, rules.stopwords))
        df.update(held)
        event = event_of.get(d.slug)
        if event is None:
            continue
        for f in held:
            if df[f] <= cap:  # past it the feature weighs nothing: its events stop here
                postings[f].add(event)
    return _weights(df, len(docs), rules), postings


def join_undated(docs: Sequence[Annotated], events: Sequence[Event], groups_of: Mapping[str, str],
                 rules: AccountRules) -> dict[str, str]:
    """Account's slug -> the id of the one event that fits it (see the module), for the
    accounts no event holds: the undated ones, and dated reports of a kind that reports
    another group's encounter (a press conference after the day's talks)."""
    if not rules.shared_weight or not events:
        return {}
    held_by_event = {s: i for i, e in enumerate(events) for s in e.documents}
    candidates = _candidates(docs, events, held_by_event, groups_of, rules)
    if not candidates:
        return {}
    by_slug = {d.slug: d for d in docs}
    accounts = {slug: features(by_slug[slug], rules.stopwords) for slug in sorted(candidates)}
    fitting = {i for _, fits in candidates.values() for i in fits}
    weight, postings = _postings(docs, accounts, {s: i for s, i in held_by_event.items() if i in fitting}, rules)
    joined: dict[str, str] = {}
    for slug, (evidence, fits) in sorted(candidates.items()):
        shares: dict[int, list[float]] = defaultdict(list)
        for f in accounts[slug]:
            if f in weight:
                for i in postings[f] & fits:
                    shares[i].append(weight[f])
        # fsum: the same total in whatever order a set gives the features, so a score at the
        # threshold decides alike in every run.
        score = {i: math.fsum(ws) for i, ws in shares.items()}
        best = max(score.values(), default=0.0)
        floor = max(rules.shared_weight[evidence], rules.runner_up_share * best)
        agreeing = [i for i in fits if score.get(i, 0.0) >= floor]
        if len(agreeing) == 1:
            joined[slug] = events[agreeing[0]].id
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
