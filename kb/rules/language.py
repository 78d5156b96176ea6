"""The writing conventions of a language (`kb/rules/lang/<language>.yml`), loaded and
validated once; every word of the language the code needs comes from there, so another
language is one more file. The field's own words (its countries, its agencies) come from the
vocabulary (`FieldWords`) and are joined in by `Language.with_field`."""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path

from kb.rules.language_load import Loader
from kb.rules.yamlfile import ConfigError, LineDict, load, line_of
from kb.text.dates import DateWords

DEFAULT_PATH = Path(__file__).resolve().parent / "lang" / "en.yml"

ACRONYM = re.compile(r"^[A-Z][A-Z&.-]{1,11}$")
"""A name in capitals alone ("TASS"): an agency's or an outlet's credit, never an issuing
body's (the reader's publisher, kb/stages/publisher.py; the citations' outlet, kb/pages/exports/citations.py)."""
SPEAKER = r"§\d+§"
"""How the annotator masks a person's name in a sentence before the statement patterns run."""


@dataclass(frozen=True)
class FieldWords:
    """Words of one field the reading rules need besides its concepts' names (the
    vocabulary's `field:` key, vocabulary/FORMAT.md)."""

    section_labels: tuple[str, ...] = ()
    """Words sites of the field name sections after (its countries and peoples)."""
    subject_words: tuple[str, ...] = ()
    """Words that may stand in a subject besides people's names (the peoples' adjectives)."""
    photo_credits: tuple[str, ...] = ()
    """Agencies whose name alone in brackets ends a photo caption."""
    outlets: tuple[str, ...] = ()
    """Wires and outlets the field's pages credit: a name a page gives in brackets or between
    dashes is taken for the publisher when it is one of these (or an agency's capitals)."""
    wires: tuple[str, ...] = ()
    """The news agencies among the outlets: an item a wire credits is the agency's own, so a
    citation names the agency as its author (a newspaper is named as the container only)."""


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
    """A date line naming a place after a full date: the day of the encounter."""
    caption_lines: tuple[re.Pattern[str], ...]
    """Photo captions: their dates and words say nothing of the event reported."""
    telling: re.Pattern[str]
    """Any verb of telling: the day after one is the day of the telling."""
    dates: DateWords
    """Month and weekday names and the patterns of dates in running text."""
    stopwords: frozenset[str]
    """Words too common to anchor a name's search on (kb.text.match)."""
    headline_stopwords: frozenset[str]
    """The stopwords and more: words that say nothing of what a line is about."""
    slug_trailing_words: frozenset[str]
    """Words a slug never ends with."""
    name_joiner: str
    """The word joining two names ("X and Y")."""
    plural_description: re.Pattern[str]
    """A description that refers to two concepts at once."""
    both_parties: re.Pattern[str]
    """Words that have both parties of a relationship in view at once ("the two countries")."""
    unknown_name: re.Pattern[str]
    """A capitalised name of two words or more (with its connectors)."""
    contact_line: re.Pattern[str]
    rights: re.Pattern[str]
    reporting_verb: re.Pattern[str]
    """Any reporting verb, as group `verb`."""
    reporting_tail: re.Pattern[str]
    """", <speaker> <verb>." or ", <verb> <speaker>." ending a sentence (groups subj, verb or
    verb2, subj2); a speaker is a masked name (`SPEAKER`) or a pronoun."""
    statement_opener: re.Pattern[str]
    """Words opening a sentence before its subject ("Meanwhile, ...")."""
    joint_subject: re.Pattern[str]
    """", and <a few words> <speaker>" right after a sentence's first speaker: two speakers."""
    section_label_line: str
    """`section_label_line` of the file, `{words}` not yet filled (see `with_field`)."""
    section_words: tuple[str, ...]
    caption_credit_line: str
    """`caption_credit_line` of the file, `{credits}` not yet filled."""
    credit_lines: tuple[re.Pattern[str], ...] = ()
    """Lines at a page's top that credit its outlet in words (a byline's desk or brackets):
    group `name` is the publisher as written."""
    credit_marks: tuple[re.Pattern[str], ...] = ()
    """Marks at a page's top that may credit an outlet (a name alone in brackets, between
    dashes, after a dateline's place): group `name` counts only when it is a known outlet or an
    agency's capitals."""
    date_stamp: re.Pattern[str] = re.compile(r"(?!)")
    """A date line set apart as a stamp (in brackets), which a page may print below its text."""
    other_day_caption: re.Pattern[str] = re.compile(r"(?!)")
    """A caption of a photo from another day (a file photo, a photo "taken on" a day)."""
    source_phrase_line: str = ""
    """`source_phrase` of the file, `{outlets}` not yet filled: how a text names the wire it
    draws on ("according to <outlet>")."""
    field: FieldWords = FieldWords()
    """The field's words joined in (`with_field`)."""
    section_label: re.Pattern[str] = re.compile(r"(?!)")
    caption_credit: re.Pattern[str] = re.compile(r"(?!)")
    source_phrase: re.Pattern[str] = re.compile(r"(?!)")
    outlet_prefix: re.Pattern[str] = re.compile(r"(?!)")
    """One of the field's outlets, at the start of a name and ending it or a word of it."""

    def __post_init__(self) -> None:
        words = "|".join(self.section_words + tuple(re.escape(w) for w in self.field.section_labels))
        credits = "|".join(re.escape(w) for w in self.field.photo_credits)
        object.__setattr__(self, "section_label", re.compile(
            self.section_label_line.replace("{words}", words), re.IGNORECASE) if words else re.compile(r"(?!)"))
        object.__setattr__(self, "caption_credit", re.compile(
            self.caption_credit_line.replace("{credits}", credits), re.IGNORECASE) if credits else re.compile(r"(?!)"))
        outlets = "|".join(re.escape(w).replace(r"\ ", r"[\s-]+") for w in sorted(self.field.outlets, key=len, reverse=True))
        object.__setattr__(self, "source_phrase", re.compile(
            self.source_phrase_line.replace("{outlets}", outlets), re.IGNORECASE)
            if outlets and self.source_phrase_line else re.compile(r"(?!)"))
        object.__setattr__(self, "outlet_prefix", re.compile(rf"(?:{outlets})(?=\s|$)", re.IGNORECASE)
                           if outlets else re.compile(r"(?!)"))

    def with_field(self, field: FieldWords) -> Language:
        """These rules with a field's words joined in (the section labels its sites use, the
        adjectives that stand in its subjects, its agencies' photo credits)."""
        return dataclasses.replace(self, field=field,
                                   subject_words=self.subject_words | {w.casefold() for w in field.subject_words})

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
        return any(p.search(line) for p in self.chrome_lines) or bool(self.section_label.search(line))

    def is_caption(self, paragraph: str) -> bool:
        """True for a photo caption (a photo's credit or its description)."""
        return any(p.search(paragraph) for p in self.caption_lines) or bool(self.caption_credit.search(paragraph))

    def is_future(self, words: str) -> bool:
        """True when `words` (just before a date) speak of what is coming."""
        return any(p.search(words) for p in self.future_markers)


def _alternation(words: tuple[str, ...]) -> str:
    """Words as an alternation, spaces matching any spacing (in the order given)."""
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)


def load_language(path: Path = DEFAULT_PATH) -> Language:
    """Read and check the rules file; every problem is reported with its line, all at once."""
    data = load(path)
    if not isinstance(data, LineDict):
        raise ConfigError([f"{path}:1: expected a mapping of rule names"])
    get = Loader(path, data)
    verbs = tuple(sorted(get.strings("reporting_verbs"), key=len, reverse=True))
    pronouns = frozenset(w.casefold() for w in get.strings("pronouns"))
    stopwords = frozenset(get.strings("stopwords"))
    joiner = get.string("name_joiner")
    verb_words = _alternation(verbs)
    pron = "|".join(sorted(pronouns))
    telling = get.patterns("telling_verbs")
    lang = Language(
        abbreviations=frozenset(a.casefold() for a in get.strings("abbreviations")),
        footer_lines=get.patterns("footer_lines"),
        chrome_lines=get.patterns("chrome_lines"),
        date_line=get.pattern("date_line", 0),
        dateline=get.pattern("dateline", 0),
        tag_line=get.pattern("tag_line", 0),
        reporting_verbs=verbs,
        subject_words=frozenset(w.casefold() for w in get.strings("subject_words")),
        pronouns=pronouns,
        future_markers=get.patterns("future_markers"),
        event_date_line=get.pattern("event_date_line", 0),
        caption_lines=get.patterns("caption_lines"),
        telling=re.compile("|".join(f"(?:{p.pattern})" for p in telling) or r"(?!)", re.IGNORECASE),
        dates=get.date_words(),
        stopwords=stopwords,
        headline_stopwords=stopwords | frozenset(get.strings("headline_stopwords")),
        slug_trailing_words=frozenset(get.strings("slug_trailing_words")),
        name_joiner=joiner,
        plural_description=get.pattern("plural_description"),
        both_parties=get.pattern("both_parties"),
        unknown_name=re.compile(r"\b(?:[A-Z][a-z]+|[A-Z]{2,})(?:[ -](?:" + _alternation(get.strings("name_connectors"))
                                + r"|[A-Z][a-z]+|[A-Z]{2,}))*[ -](?:[A-Z][a-z]+|[A-Z]{2,})\b"),
        contact_line=get.pattern("contact_line"),
        rights=get.pattern("rights"),
        reporting_verb=re.compile(rf"\b(?P<verb>{verb_words})\b", re.I),
        reporting_tail=re.compile(
            rf",\s*(?:(?P<subj>{SPEAKER}|\b(?:{pron})\b)\s+(?P<verb>{verb_words})|(?P<verb2>{verb_words})\s+(?P<subj2>{SPEAKER}))"
            r"\s*[.!?]*[\"”’']*\s*$", re.I),
        statement_opener=re.compile(r"^\s*(?:(?:" + "|".join(get.strings("statement_openers")) + r")\s*,?\s*)+", re.I),
        joint_subject=re.compile(rf"\s*,?\s*(?:{re.escape(joiner)}|,)\s+(?:[\w-]+,?\s+){{0,4}}?{SPEAKER}"),
        section_label_line=get.template("section_label_line", "{words}"),
        section_words=tuple(get.strings("section_words")),
        caption_credit_line=get.template("caption_credit_line", "{credits}"),
        date_stamp=get.pattern("date_stamp", 0),
        other_day_caption=get.pattern("other_day_caption"),
        credit_lines=get.named_patterns("credit_lines", "name"),
        credit_marks=get.named_patterns("credit_marks", "name"),
        source_phrase_line=get.template("source_phrase", "{outlets}"),
    )
    get.check_unknown()
    return lang
