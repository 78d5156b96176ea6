"""Dates in running text: explicit dates read, weekdays resolved against the publication date.

Reports name a weekday and mean the one before the day they were published (or after, if the
verb is in the future); readouts give a day, a month and a year. Ordinals such as "the 20th
anniversary" are not dates. The words (months, weekdays, "yesterday", ordinal endings) are the
language's (`kb/rules/lang/*.yml`): `DateWords` holds them with the patterns built from them.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Callable, Mapping

AHEAD, BACK, TENSE = "ahead", "back", "tense"
"""What a word before a weekday does: turn it to the coming one, to the past one, or leave it
to the tense of the words before it."""


def _alternation(words: object) -> str:
    """Words as a regular-expression alternation, longest first (a short form never takes the
    place of its long one), spaces matching any spacing."""
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=lambda w: (-len(w), w)))


@dataclass(frozen=True)
class DateWords:
    """A language's words for dates, and the patterns built from them once, when loaded."""

    months: Mapping[str, int]
    """Each month's name and short forms, lower case -> its number."""
    weekdays: tuple[str, ...]
    """The weekdays, lower case, Monday first."""
    modifiers: Mapping[str, str]
    """Words before a weekday -> AHEAD, BACK or TENSE."""
    relative: Mapping[str, int]
    """Words naming a day by its distance from the reference ("yesterday" -> -1)."""
    ordinals: tuple[str, ...]
    """Endings of an ordinal day ("th")."""
    range_words: tuple[str, ...]
    """Words between the two days of a stay ("to")."""
    of_words: tuple[str, ...]
    """Words between a day and its month ("of")."""
    reach_back: int = 6
    """How many days back a weekday named in the past may lie (six: the whole last week)."""
    numeric_orders: Mapping[str, str] = field(default_factory=dict)
    """Separator of an all-number date with the year last -> the order of its day and month
    ("dmy" or "mdy"): "24.03.2021" and "07/16/2001" as the pages that write them mean them."""
    year_mention: re.Pattern[str] = re.compile(r"(?!)")
    """A year named as a time ("in 2030", "since the spring of 2029"), group `year`."""
    present_year: tuple[re.Pattern[str], ...] = ()
    """The year a text puts itself in ("2030 is", "this year, 2030"), group `year`."""
    named_days: tuple[tuple[re.Pattern[str], int, int], ...] = ()
    """Days named by a phrase (a pattern, maybe with a group `year`), with their month and day:
    "the last day of 2030" is the 31st of the 12th month."""
    mdy: re.Pattern[str] = field(init=False, repr=False, compare=False)
    dmy: re.Pattern[str] = field(init=False, repr=False, compare=False)
    range_: re.Pattern[str] = field(init=False, repr=False, compare=False)
    """A stay of several days given by day, day and month: it starts on its first day (the day
    of arrival, of the talks); a month, day and day is read by `mdy` as its first day already."""
    weekday: re.Pattern[str] = field(init=False, repr=False, compare=False)
    relative_: re.Pattern[str] = field(init=False, repr=False, compare=False)
    yearless: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        month = r"(?P<month>" + _alternation(self.months) + r")\.?"
        ordinal = r"(?:" + _alternation(self.ordinals) + r")?"
        of = r"(?:(?:" + _alternation(self.of_words) + r")\s+)?"
        year = r"(?:,?\s+(?P<year>\d{4}))?\b"
        compiled = {
            "mdy": r"\b" + month + r"\s+(?P<day>\d{1,2})" + ordinal + r"(?!\d)" + year,
            "dmy": r"\b(?P<day>\d{1,2})" + ordinal + r"\s+" + of + month + year,
            "range_": (r"\b(?P<day>\d{1,2})" + ordinal + r"\s*(?:-|–|" + _alternation(self.range_words) + r")\s*\d{1,2}"
                       + ordinal + r"\s+" + of + month + year),
            "weekday": (r"\b(?:(?P<mod>" + _alternation(self.modifiers) + r")\s+)?(?P<weekday>"
                        + _alternation(self.weekdays) + r")\b"),
            "relative_": r"\b(?P<word>" + _alternation(self.relative) + r")\b",
            "yearless": (r"\b(?:" + month + r"\s+\d{1,2}" + ordinal + r"(?!\d)(?!,?\s+\d{4})"
                         r"|\d{1,2}" + ordinal + r"\s+" + of + month.replace("?P<month>", "?:")
                         + r"(?!,?\s+\d{4}))\b"),
        }
        for name, source in compiled.items():
            object.__setattr__(self, name, re.compile(source, re.I))


TENSE_WINDOW = 8
"""Words before a date that decide whether it is past or coming: at most this many, and none
before a comma, semicolon or colon (in a sentence where a subordinate clause speaks of a coming
month and the main verb of a past day, the clause of the date decides)."""


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


def explicit_dates(text: str, reference: dt.date | None, words: DateWords,
                   is_future: Callable[[str], bool] | None = None) -> list[FoundDate]:
    """Calendar dates written out in `text`; a date without a year takes the year that puts it
    closest before the reference (a report mostly speaks of the recent past), or, when the words
    just before it speak of what is coming (`is_future`: a pipeline that "will" open on a day),
    the first such day on or after the reference."""
    found: dict[int, FoundDate] = {}
    for pattern in (_ISO, words.range_, words.mdy, words.dmy):
        for m in pattern.finditer(text):
            if any(m.start() < f.start + len(f.evidence) and f.start < m.end() for f in found.values()):
                continue
            month_text = m.group("month")
            month = int(month_text) if month_text.isdigit() else words.months[month_text.lower().rstrip(".")]
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
    for pattern, month, day in words.named_days:
        for m in pattern.finditer(text):
            year = m.groupdict().get("year")
            date = _on_day(int(year), month, day) if year else None
            if date is not None and not any(m.start() < f.start + len(f.evidence) and f.start < m.end()
                                            for f in found.values()):
                found[m.start()] = FoundDate(date, m.group(0), m.start())
    return [found[k] for k in sorted(found)]


def _on_day(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


_ISO = re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b")


def writing_year(sentences: list[str], words: DateWords, is_future: Callable[[str], bool]) -> int | None:
    """The year a text that shows no date of its own was written in, where its words fix it:
    the year it puts itself in ("2030 is a year of ..."); else, when every year it names as
    a time lies ahead ("will grow in 2031", "invited him to visit in the spring of 2031"), the
    year before the first (a writer's own year is "this year"), unless a year named of the past
    is later. A year is ahead when its sentence speaks of the future before it (the whole
    sentence: an invitation's verb may stand far from its year). None otherwise: a text that
    names only past years may have been written any year after them."""
    for sentence in sentences:
        for pattern in words.present_year:
            m = pattern.search(sentence)
            if m:
                return int(m.group("year"))
    done: list[int] = []
    coming: list[int] = []
    for sentence in sentences:
        for m in words.year_mention.finditer(sentence):
            (coming if is_future(sentence[:m.start("year")]) else done).append(int(m.group("year")))
    if not coming or (done and max(done) >= min(coming)):
        return None
    return min(coming) - 1


def relative_dates(sentence: str, reference: dt.date, words: DateWords,
                   is_future: Callable[[str], bool]) -> list[FoundDate]:
    """Weekdays and days named by their distance ("yesterday") in one sentence, resolved
    against `reference`.

    A weekday names the closest such day on or before the reference, or after it when the
    words just before it speak of what is coming (`is_future` of those words) or a modifier
    turns it ahead.
    """
    found: list[FoundDate] = []
    for m in words.weekday.finditer(sentence):
        target = words.weekdays.index(m.group("weekday").lower())
        mod = words.modifiers.get((m.group("mod") or "").lower(), TENSE)
        window = tense_window(sentence[:m.start()])
        ahead = mod == AHEAD or (is_future(window) and mod != BACK)
        if ahead:
            days = (target - reference.weekday()) % 7 or 7
        else:
            days = -((reference.weekday() - target) % 7)
            if mod == TENSE and -days > words.reach_back:
                continue  # as far back as the weekday of tomorrow: which one, the text does not say
        date = _shifted(reference, days)
        if date is not None:
            found.append(FoundDate(date, m.group(0), m.start()))
    for m in words.relative_.finditer(sentence):
        date = _shifted(reference, words.relative[m.group("word").lower()])
        if date is not None:
            found.append(FoundDate(date, m.group(0), m.start()))
    return sorted(found, key=lambda f: f.start)


def _shifted(day: dt.date, days: int) -> dt.date | None:
    """`day` moved by `days`, or None past the calendar's ends (a seed dated 9999-12-31 that
    names the next day, or 0001-01-01 a weekday before it): the word is then left unresolved."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return None


def needs_reference(sentence: str, words: DateWords) -> list[str]:
    """The words of `sentence` that name a day only against a date the reader must know: a
    weekday, a day named by its distance, a day and month without a year. With no
    publication date they date nothing, and the document tells why."""
    spans = list(words.weekday.finditer(sentence)) + list(words.relative_.finditer(sentence))
    spans += list(words.yearless.finditer(sentence))
    return [m.group(0) for m in sorted(spans, key=lambda m: m.start())]
