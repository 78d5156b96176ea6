"""The checks of a language file: each key's type, each pattern compiled, with file:line.

Apart from `language.py` so that the rules (`Language`) and the checking of their file stay
each a page long; the problems are collected, and raised all at once by `check_unknown`.
"""
from __future__ import annotations

import calendar
import re
from pathlib import Path

from kb.rules.yamlfile import ConfigError, LineDict, line_of
from kb.text.dates import AHEAD, BACK, TENSE, DateWords

KEYS = frozenset({
    "abbreviations", "footer_lines", "chrome_lines", "reporting_verbs", "subject_words", "pronouns",
    "future_markers", "caption_lines", "telling_verbs", "date_line", "dateline", "tag_line",
    "event_date_line", "months", "weekdays", "weekday_modifiers", "relative_days", "ordinal_suffixes",
    "date_range_words", "day_of_words", "stopwords", "headline_stopwords", "slug_trailing_words",
    "statement_openers", "name_joiner", "plural_description", "name_connectors", "contact_line", "rights",
    "section_label_line", "section_words", "caption_credit_line", "credit_lines", "credit_marks",
    "source_phrase", "both_parties", "weekday_reach_back", "numeric_date_orders", "date_stamp",
    "named_days", "year_mention", "present_year", "other_day_caption",
})
"""Every key a language file has: each is required, and any other is a mistake."""

_NEVER = re.compile(r"(?!)")


class Loader:
    """Reads the keys of one language file, recording every problem with its line."""

    def __init__(self, path: Path, data: LineDict):
        self.path, self.data = path, data
        self.problems: list[str] = []

    def _where(self, key: str, index: int | None = None) -> str:
        value = self.data.get(key)
        if index is not None and isinstance(value, list):
            return f"{self.path}:{line_of(value, index)}"
        return f"{self.path}:{line_of(self.data, key)}"

    def _problem(self, key: str, message: str, index: int | None = None) -> None:
        self.problems.append(f"{self._where(key, index)}: {key!r}{message}")

    def strings(self, key: str) -> list[str]:
        """A list of non-empty strings."""
        value = self.data.get(key)
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            self._problem(key, " must be a list of strings")
            return []
        return list(value)

    def string(self, key: str) -> str:
        """One non-empty string."""
        value = self.data.get(key)
        if not isinstance(value, str) or not value:
            self._problem(key, " must be a string")
            return ""
        return value

    def _compile(self, key: str, source: str, flags: int, index: int | None = None) -> re.Pattern[str]:
        try:
            return re.compile(source, flags)
        except re.error as exc:
            self._problem(key, f": bad pattern {source!r}: {exc}", index)
            return _NEVER

    def patterns(self, key: str) -> tuple[re.Pattern[str], ...]:
        """A list of patterns, matched ignoring case."""
        return tuple(self._compile(key, p, re.IGNORECASE, i) for i, p in enumerate(self.strings(key)))

    def named_patterns(self, key: str, group: str) -> tuple[re.Pattern[str], ...]:
        """A list of patterns matched as written (capitals count), each with the named `group`."""
        out = []
        for i, p in enumerate(self.strings(key)):
            compiled = self._compile(key, p, 0, i)
            if compiled is not _NEVER and group not in compiled.groupindex:
                self._problem(key, f": pattern {p!r} has no group (?P<{group}>...)", i)
            out.append(compiled)
        return tuple(out)

    def pattern(self, key: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
        """One pattern."""
        value = self.data.get(key)
        if not isinstance(value, str):
            self._problem(key, " must be a pattern string")
            return _NEVER
        return self._compile(key, value, flags)

    def template(self, key: str, slot: str) -> str:
        """A pattern with a `slot` the field's words fill: checked with a word in it."""
        value = self.string(key)
        if value and slot not in value:
            self._problem(key, f" must hold {slot}")
        elif value:
            self._compile(key, value.replace(slot, "x"), re.IGNORECASE)
        return value

    def _mapping(self, key: str) -> dict[str, object]:
        value = self.data.get(key)
        if not isinstance(value, dict) or not value or not all(isinstance(k, str) for k in value):
            self._problem(key, " must be a mapping of words")
            return {}
        return {k.casefold(): v for k, v in value.items()}

    def date_words(self) -> DateWords:
        """The words of dates: 12 months (each a list: the name, then its short forms), 7
        weekdays, the modifiers of a weekday, the days named by their distance."""
        months: dict[str, int] = {}
        value = self.data.get("months")
        if not isinstance(value, list) or len(value) != 12:
            self._problem("months", " must be a list of the 12 months, each a list of names")
            value = []
        for number, names in enumerate(value, start=1):
            if not isinstance(names, list) or not names or not all(isinstance(n, str) and n for n in names):
                self._problem("months", f": month {number} must be a list of names", number - 1)
                continue
            months.update((n.casefold(), number) for n in names)
        weekdays = tuple(w.casefold() for w in self.strings("weekdays"))
        if len(weekdays) != 7:
            self._problem("weekdays", " must list the 7 weekdays, Monday first")
        modifiers = self._mapping("weekday_modifiers")
        for word, effect in modifiers.items():
            if effect not in (AHEAD, BACK, TENSE):
                self._problem("weekday_modifiers", f": {word!r} must be {AHEAD}, {BACK} or {TENSE}, not {effect!r}")
        reach = self.data.get("weekday_reach_back")
        if not isinstance(reach, int) or isinstance(reach, bool) or not 0 <= reach <= 6:
            self._problem("weekday_reach_back", " must be a number of days from 0 to 6")
            reach = 6
        orders = self._mapping("numeric_date_orders")
        for sep, order in orders.items():
            if len(sep) != 1 or sep.isalnum() or order not in ("dmy", "mdy"):
                self._problem("numeric_date_orders", f": {sep!r} must be one separator and dmy or mdy, not {order!r}")
        relative = self._mapping("relative_days")
        for word, shift in relative.items():
            if not isinstance(shift, int) or isinstance(shift, bool):
                self._problem("relative_days", f": {word!r} must be a number of days, not {shift!r}")
        return DateWords(
            named_days=self._named_days(), months=months, weekdays=weekdays,
            year_mention=self._year_patterns("year_mention")[0],
            present_year=self._year_patterns("present_year"),
            modifiers={w: str(e) for w, e in modifiers.items()},
            relative={w: s for w, s in relative.items() if isinstance(s, int)},
            ordinals=tuple(self.strings("ordinal_suffixes")),
            range_words=tuple(self.strings("date_range_words")),
            of_words=tuple(self.strings("day_of_words")),
            reach_back=reach, numeric_orders={s: str(o) for s, o in orders.items() if o in ("dmy", "mdy")})

    def _year_patterns(self, key: str) -> tuple[re.Pattern[str], ...]:
        """A pattern, or a list of them, each with a group `year` of four digits."""
        value = self.data.get(key)
        sources = [value] if isinstance(value, str) else value
        if not isinstance(sources, list) or not sources or not all(isinstance(v, str) and v for v in sources):
            self._problem(key, " must be a pattern or a list of patterns")
            return (_NEVER,)
        out = []
        for i, source in enumerate(sources):
            compiled = self._compile(key, source, re.IGNORECASE, i if isinstance(value, list) else None)
            if compiled is not _NEVER and "year" not in compiled.groupindex:
                self._problem(key, f": pattern {source!r} has no group (?P<year>...)", i if isinstance(value, list) else None)
                compiled = _NEVER
            out.append(compiled)
        return tuple(out)

    def _named_days(self) -> tuple[tuple[re.Pattern[str], int, int], ...]:
        """Days a phrase names: each a list of a pattern (its group `year` optional), a month
        and a day that exists in a leap year."""
        value = self.data.get("named_days")
        if not isinstance(value, list):
            self._problem("named_days", " must be a list of [pattern, month, day]")
            return ()
        out = []
        for i, entry in enumerate(value):
            ok = (isinstance(entry, list) and len(entry) == 3 and isinstance(entry[0], str) and entry[0]
                  and all(isinstance(n, int) and not isinstance(n, bool) for n in entry[1:]))
            if not ok or not 1 <= entry[1] <= 12 or not 1 <= entry[2] <= calendar.monthrange(2000, entry[1])[1]:
                self._problem("named_days", f": entry {i + 1} must be [pattern, month, day] naming a day of the "
                              f"calendar, not {entry!r}", i)
                continue
            compiled = self._compile("named_days", r"\b(?:" + entry[0] + r")\b", re.IGNORECASE, i)
            if compiled is not _NEVER:
                out.append((compiled, entry[1], entry[2]))
        return tuple(out)

    def check_unknown(self) -> None:
        """Report unknown and missing keys, then raise every problem found, if any."""
        for key in self.data:
            if key not in KEYS:
                self.problems.append(f"{self.path}:{line_of(self.data, key)}: unknown key {key!r}")
        for key in sorted(KEYS - self.data.keys()):
            self.problems.append(f"{self.path}:1: missing key {key!r}")
        if self.problems:
            raise ConfigError(self.problems)
