"""The writing conventions of the field (`language.yml`), loaded and validated once."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from kb.rules.yamlfile import ConfigError, LineDict, load, line_of

DEFAULT_PATH = Path(__file__).resolve().parent / "lang" / "en.yml"


@dataclass(frozen=True)
class Language:
    """Compiled reader and annotator rules."""

    abbreviations: frozenset[str]
    footer_lines: tuple[re.Pattern[str], ...]
    chrome_lines: tuple[re.Pattern[str], ...]
    date_line: re.Pattern[str]
    dateline: re.Pattern[str]
    tag_line: re.Pattern[str]
    reporting_verbs: tuple[str, ...]
    subject_words: frozenset[str]
    pronouns: frozenset[str]
    future_markers: tuple[re.Pattern[str], ...]
    event_date_line: re.Pattern[str]
    """A date line naming a place ("March 6, 2022, Sochi"): the day of the encounter."""
    caption_lines: tuple[re.Pattern[str], ...]
    """Photo captions: their dates and words say nothing of the event reported."""
    telling: re.Pattern[str]
    """Any verb of telling ("said", "told"): the day after one is the day of the telling."""

    def is_footer(self, line: str) -> bool:
        """True for an address, contact or rights line of a site footer."""
        return any(p.search(line) for p in self.footer_lines)

    def lead_dateline(self, text: str) -> re.Match[str] | None:
        """The wire dateline that opens `text`, if any: a place in capitals followed by a date,
        an agency or a dash, or a place in title case followed by a date and an agency."""
        m = self.dateline.match(text)
        if m is None:
            return None
        agency = m.group("agency") or m.group("agency2")
        capitals = m.group("place").isupper() and len(m.group("place")) >= 3
        if (capitals and (m.group("date") or agency or m.group("dash"))) or (m.group("date") and agency):
            return m
        return None

    def is_chrome(self, line: str) -> bool:
        """True for scraped navigation, prompts and credits."""
        return any(p.search(line) for p in self.chrome_lines)

    def is_caption(self, paragraph: str) -> bool:
        """True for a photo caption ("Photo taken on ...", "... (Photo by AFP)")."""
        return any(p.search(paragraph) for p in self.caption_lines)

    def is_future(self, words: str) -> bool:
        """True when `words` (just before a date) speak of what is coming ("will meet on")."""
        return any(p.search(words) for p in self.future_markers)


_LISTS = ("abbreviations", "footer_lines", "chrome_lines", "reporting_verbs", "subject_words",
          "pronouns", "future_markers", "caption_lines", "telling_verbs")
_PATTERNS = ("date_line", "dateline", "tag_line", "event_date_line")


def load_language(path: Path = DEFAULT_PATH) -> Language:
    """Read and check the rules file; every problem is reported with its line, all at once."""
    data = load(path)
    problems: list[str] = []
    if not isinstance(data, LineDict):
        raise ConfigError([f"{path}:1: expected a mapping of rule names"])
    for key in data:
        if key not in _LISTS + _PATTERNS:
            problems.append(f"{path}:{line_of(data, key)}: unknown key {key!r}")

    def strings(key: str) -> list[str]:
        value = data.get(key)
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            problems.append(f"{path}:{line_of(data, key)}: {key!r} must be a list of strings")
            return []
        return list(value)

    def compile_(key: str, pattern: str, line: int) -> re.Pattern[str]:
        try:
            return re.compile(pattern, re.IGNORECASE)
        except re.error as exc:
            problems.append(f"{path}:{line}: {key!r}: bad pattern {pattern!r}: {exc}")
            return re.compile(r"(?!)")

    def patterns(key: str) -> tuple[re.Pattern[str], ...]:
        items = strings(key)
        lines = getattr(data.get(key), "item_lines", [line_of(data, key)] * len(items))
        return tuple(compile_(key, p, ln) for p, ln in zip(items, lines))

    def pattern(key: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
        value = data.get(key)
        if not isinstance(value, str):
            problems.append(f"{path}:{line_of(data, key)}: {key!r} must be a pattern string")
            return re.compile(r"(?!)")
        try:
            return re.compile(value, flags)
        except re.error as exc:
            problems.append(f"{path}:{line_of(data, key)}: {key!r}: bad pattern: {exc}")
            return re.compile(r"(?!)")

    lang = Language(
        abbreviations=frozenset(a.casefold() for a in strings("abbreviations")),
        footer_lines=patterns("footer_lines"),
        chrome_lines=patterns("chrome_lines"),
        date_line=pattern("date_line", 0),
        dateline=pattern("dateline", 0),
        tag_line=pattern("tag_line", 0),
        reporting_verbs=tuple(sorted(strings("reporting_verbs"), key=len, reverse=True)),
        subject_words=frozenset(w.casefold() for w in strings("subject_words")),
        pronouns=frozenset(w.casefold() for w in strings("pronouns")),
        future_markers=patterns("future_markers"),
        event_date_line=pattern("event_date_line", 0),
        caption_lines=patterns("caption_lines"),
        telling=re.compile("|".join(f"(?:{p.pattern})" for p in patterns("telling_verbs")) or r"(?!)",
                           re.IGNORECASE),
    )
    if problems:
        raise ConfigError(problems)
    return lang
