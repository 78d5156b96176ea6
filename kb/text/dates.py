"""Dates in running text: explicit dates read, weekdays resolved against the publication date.

Reports say "on Thursday" and mean the Thursday before (or after, if the verb is in the future)
the day they were published; readouts say "On the evening of December 28, 2020". Ordinals such
as "the 20th anniversary" are not dates.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Callable

MONTHS = {name: i for i, names in enumerate(
    [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
     ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
     ("october", "oct"), ("november", "nov"), ("december", "dec")], start=1) for name in names}
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_MDY = re.compile(r"\b" + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?(?!\d)(?:,?\s+(?P<year>\d{4}))?\b", re.I)
_DMY = re.compile(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r"(?:,?\s+(?P<year>\d{4}))?\b", re.I)
_RANGE = re.compile(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s*(?:-|–|to|and)\s*\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?"
                    + _MONTH + r"(?:,?\s+(?P<year>\d{4}))?\b", re.I)
""""from 5 to 7 June 2019", "5-7 June": a stay of several days starts on its first day (the
day of arrival, of the talks); "March 20-22" is read by _MDY as March 20 already."""
_ISO = re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b")
_WEEKDAY = re.compile(r"\b(?:(?P<mod>last|this|next|coming|past)\s+)?(?P<weekday>" + "|".join(WEEKDAYS) + r")\b", re.I)
_RELATIVE = re.compile(r"\b(?P<word>yesterday|today|tomorrow)\b", re.I)


TENSE_WINDOW = 8
"""Words before a date that decide whether it is past or coming ("vowed on", "will meet on"):
at most this many, and none before a comma, semicolon or colon ("Putin, who will visit next
month, met Xi on Monday": the clause of the date decides)."""


def tense_window(text: str) -> str:
    """The words before a date that decide its tense: its clause's last TENSE_WINDOW words."""
    clause = re.split(r"[,;:]", text)[-1]
    return " ".join(clause.split()[-TENSE_WINDOW:])


@dataclass(frozen=True)
class FoundDate:
    """A date read from text, and the words it was read from."""

    date: dt.date
    evidence: str
    start: int


def explicit_dates(text: str, reference: dt.date | None,
                   is_future: Callable[[str], bool] | None = None) -> list[FoundDate]:
    """Calendar dates written out in `text`; a date without a year takes the year that puts it
    closest before the reference (a report mostly speaks of the recent past), or, when the words
    just before it speak of what is coming (`is_future`: "will launch the pipeline on December
    2"), the first such day on or after the reference."""
    found: dict[int, FoundDate] = {}
    for pattern in (_ISO, _RANGE, _MDY, _DMY):
        for m in pattern.finditer(text):
            if any(m.start() < f.start + len(f.evidence) and f.start < m.end() for f in found.values()):
                continue
            month_text = m.group("month")
            month = int(month_text) if month_text.isdigit() else MONTHS[month_text.lower().rstrip(".")]
            day = int(m.group("day"))
            year_text = m.group("year")
            try:
                if year_text:
                    date = dt.date(int(year_text), month, day)
                elif reference is not None:
                    date = dt.date(reference.year, month, day)
                    window = tense_window(text[:m.start()])
                    if is_future is not None and is_future(window):
                        if date < reference:
                            date = dt.date(reference.year + 1, month, day)
                    elif (date - reference).days > 31:  # (reference + 31 days overflows in 9999)
                        date = dt.date(reference.year - 1, month, day)
                else:
                    continue
            except ValueError:
                continue
            found[m.start()] = FoundDate(date, m.group(0), m.start())
    return [found[k] for k in sorted(found)]


def relative_dates(sentence: str, reference: dt.date,
                   is_future: Callable[[str], bool]) -> list[FoundDate]:
    """Weekdays and yesterday/today/tomorrow in one sentence, resolved against `reference`.

    A weekday names the closest such day on or before the reference, or after it when the
    words just before it speak of what is coming (`is_future` of those words) or say "next".
    """
    found: list[FoundDate] = []
    for m in _WEEKDAY.finditer(sentence):
        target = WEEKDAYS.index(m.group("weekday").lower())
        mod = (m.group("mod") or "").lower()
        window = tense_window(sentence[:m.start()])
        ahead = mod in ("next", "coming") or (is_future(window) and mod not in ("last", "past"))
        if ahead:
            days = (target - reference.weekday()) % 7 or 7
        else:
            days = -((reference.weekday() - target) % 7)
        date = _shifted(reference, days)
        if date is not None:
            found.append(FoundDate(date, m.group(0), m.start()))
    for m in _RELATIVE.finditer(sentence):
        date = _shifted(reference, {"yesterday": -1, "today": 0, "tomorrow": 1}[m.group("word").lower()])
        if date is not None:
            found.append(FoundDate(date, m.group(0), m.start()))
    return sorted(found, key=lambda f: f.start)


def _shifted(day: dt.date, days: int) -> dt.date | None:
    """`day` moved by `days`, or None past the calendar's ends (a seed dated 9999-12-31 that
    says "tomorrow", or 0001-01-01 "on Tuesday"): the word is then left unresolved."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return None


_YEARLESS = re.compile(r"\b(?:" + _MONTH + r"\s+\d{1,2}(?:st|nd|rd|th)?(?!\d)(?!,?\s+\d{4})"
                       r"|\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH.replace("?P<month>", "?:")
                       + r"(?!,?\s+\d{4}))\b", re.I)


def needs_reference(sentence: str) -> list[str]:
    """The words of `sentence` that name a day only against a date the reader must know: a
    weekday, yesterday/today/tomorrow, a day and month without a year ("on December 28").
    With no publication date they date nothing, and the document says so."""
    spans = [m for m in _WEEKDAY.finditer(sentence)] + [m for m in _RELATIVE.finditer(sentence)]
    spans += list(_YEARLESS.finditer(sentence))
    return [m.group(0) for m in sorted(spans, key=lambda m: m.start())]
