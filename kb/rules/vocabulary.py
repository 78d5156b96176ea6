"""Load the controlled vocabulary: every `*.yml` of a folder, validated, matchers compiled once.

The vocabulary is how the knowledge base grows, and people edit it by hand, so every mistake is
reported with file, line and key, all mistakes at once, before anything is written.
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kb.model import ENTITY_KINDS, SECTIONS, Concept
from kb.rules.language import FieldWords, Language, load_language
from kb.text.match import PhraseMatcher
from kb.text.tokens import is_acronym, tokenize
from kb.rules.accounts import AccountRules, parse_accounts
from kb.rules.kindshapes import KindShapes, compile_kind_patterns, parse_shapes
from kb.rules.yamlfile import ConfigError, LineDict, LineList, load, line_of

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_COMMON_KEYS = {"id", "label", "aliases", "definition", "broader", "related"}
_EXTRA_KEYS = {"topics": {"rules", "paragraph_rules", "descriptions", "parties", "parties_in"},
               "kinds": {"rules", "title_template", "encounter", "lead_sentence", "includes", "patterns", "body",
                         "headline"},
               **{kind: {"implies", "descriptions"} for kind in ENTITY_KINDS}}
_EXTRA_KEYS["places"] = _EXTRA_KEYS["places"] | {"demonyms"}
_FILE_KEYS = set(SECTIONS) | {"occasions", "field", "shapes", "accounts"}
_FIELD_KEYS = tuple(f.name for f in dataclasses.fields(FieldWords))


Rule = tuple[tuple[str, ...], ...]
"""Groups of rule words: a sentence shows the rule when it holds a word of every group."""


@dataclass(frozen=True)
class RuleIndex:
    """A section's rules in vocabulary order, and for each rule word the rules whose first
    group names it. Most sentences hold a rule word or two and most rules fail on their first
    group, so annotation tries only the rules a sentence's words can start."""

    rules: tuple[tuple[str, Rule], ...]
    """(concept id, rule), in vocabulary order."""
    first: dict[str, tuple[int, ...]]
    """Rule word -> positions in `rules` of the rules whose first group names it."""

    @classmethod
    def of(cls, concepts: list[Concept], paragraph: bool = False) -> RuleIndex:
        rules = tuple((c.id, rule) for c in concepts for rule in (c.paragraph_rules if paragraph else c.rules))
        first: dict[str, list[int]] = {}
        for r, (_, rule) in enumerate(rules):
            for term in dict.fromkeys(rule[0]):
                first.setdefault(term, []).append(r)
        return cls(rules, {term: tuple(rs) for term, rs in first.items()})


@dataclass
class Vocabulary:
    """All concepts, by id and by section, with the matchers built from their names."""

    concepts: dict[str, Concept]
    """Every concept by id."""
    sections: dict[str, list[Concept]]
    """Concepts of each section, in file order (kinds: priority order)."""
    occasions: tuple[str, ...] = ()
    """Occasion phrases headline templates may name (New Year, Victory Day...)."""
    field_words: FieldWords = FieldWords()
    """Words of the field the reading rules need besides names (`Language.with_field`)."""
    stopwords: frozenset[str] = frozenset()
    """The language's stopwords, which the matchers never anchor a search on."""
    kind_shapes: KindShapes = KindShapes()
    """The shapes of documents that show their kind (kinds.yml's `shapes:`)."""
    account_rules: AccountRules = AccountRules()
    """When an account that gives no day joins a dated event (kinds.yml's `accounts:`)."""
    entities: PhraseMatcher = field(init=False)
    """Names of people, organizations, places and treaties."""
    topic_names: PhraseMatcher = field(init=False)
    """Labels and aliases of topics."""
    kind_names: PhraseMatcher = field(init=False)
    """Aliases of kinds of document. Not their labels: a label names the kind on pages, and
    "Message", "Visit" or "Meeting" alone is a word of every report ("a strong message"); the
    aliases and rules say how a lead words the encounter."""
    terms: PhraseMatcher = field(init=False)
    """Every term used in a rule, tagged with the term itself ("@id" for concept references)."""
    occasion_names: PhraseMatcher = field(init=False)
    descriptions: PhraseMatcher = field(init=False)
    """Definite descriptions of topics and entities ("the treaty"), tagged with the concept id:
    one description may be listed by several concepts, the document decides which it means."""
    phrase_names: PhraseMatcher = field(init=False)
    """Names of the set phrases tracked over time."""
    kind_patterns: tuple[tuple[str, re.Pattern[str]], ...] = field(init=False)
    """(kind id, pattern) of every kind's `patterns`, in priority order."""
    rule_index: dict[str, RuleIndex] = field(init=False)
    """The rules of topics and of kinds, indexed by their first group's words; "topics-paragraph"
    holds the topics' paragraph rules."""
    party_of: dict[str, frozenset[str]] = field(init=False)
    """Entity id -> the topics' parties (places) naming it puts in view: the place itself, a
    place under it (a capital), or what relates to it (its leaders, its ministries)."""
    party_words: PhraseMatcher = field(init=False)
    """The demonyms of the topics' parties, tagged with the place ("Ruritanian")."""

    def __post_init__(self) -> None:
        self.entities = PhraseMatcher(
            ((c.id, name) for kind in ENTITY_KINDS for c in self.sections.get(kind, []) for name in c.names), self.stopwords)
        self.topic_names = PhraseMatcher(
            ((c.id, name) for c in self.sections.get("topics", []) for name in c.names), self.stopwords)
        self.kind_names = PhraseMatcher(
            ((c.id, name) for c in self.sections.get("kinds", []) for name in c.aliases), self.stopwords)
        terms: list[tuple[str, str]] = []
        for concept in self.sections.get("topics", []) + self.sections.get("kinds", []):
            for rule in concept.rules + concept.paragraph_rules:
                for group in rule:
                    for term in group:
                        if term.startswith("@"):
                            terms.extend((term, name) for name in self.concepts[term[1:]].names)
                        else:  # a "!" term is found as its words, tagged with the "!"
                            terms.append((term, term.removeprefix("!")))
        self.terms = PhraseMatcher(terms, self.stopwords)
        self.rule_index = {section: RuleIndex.of(self.sections.get(section, [])) for section in ("topics", "kinds")}
        self.rule_index["topics-paragraph"] = RuleIndex.of(self.sections.get("topics", []), paragraph=True)
        self.occasion_names = PhraseMatcher(((o, o) for o in self.occasions), self.stopwords)
        self.kind_patterns = tuple((c.id, re.compile(p, re.IGNORECASE))
                                   for c in self.sections.get("kinds", []) for p in c.patterns)
        self.descriptions = PhraseMatcher(
            ((c.id, d) for s in ("topics",) + ENTITY_KINDS for c in self.sections.get(s, []) for d in c.descriptions), self.stopwords)
        self.phrase_names = PhraseMatcher(
            ((c.id, name) for c in self.sections.get("phrases", []) for name in c.names), self.stopwords)
        parties = {p for c in self.sections.get("topics", []) for p in c.parties}
        self.party_of = {}
        for kind in ENTITY_KINDS:
            for c in self.sections.get(kind, []):
                found = self._places_above(c, parties)
                if found:
                    self.party_of[c.id] = found
        self.party_words = PhraseMatcher(
            ((c.id, d) for c in self.sections.get("places", []) if c.id in parties for d in c.demonyms),
            self.stopwords)

    def _places_above(self, concept: Concept, parties: set[str]) -> frozenset[str]:
        """The parties a concept belongs to: itself, the places it lists as broader or related,
        and the places above those (a city's region's country). Not further: a summit related
        to a place does not bring in everything related to the summit."""
        seen: set[str] = set()
        todo = [concept.id] if concept.section == "places" else []
        todo += [i for i in concept.broader + concept.related
                 if i in self.concepts and self.concepts[i].section == "places"]
        while todo:
            cid = todo.pop()
            if cid not in seen:
                seen.add(cid)
                todo.extend(self.concepts[cid].broader)
        return frozenset(seen & parties)

    def section_of(self, concept_id: str) -> str:
        """The section (topics, people...) a concept id belongs to."""
        return self.concepts[concept_id].section


def _problem(problems: list[str], path: Path, line: int, key: str, message: str) -> None:
    problems.append(f"{path}:{line}: {key}: {message}")


def _strings(value: Any, allow_empty_list: bool = True) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value) and (
        allow_empty_list or bool(value))


def _parse_concept(item: Any, section: str, path: Path, line: int,
                   problems: list[str]) -> Concept | None:
    if not isinstance(item, LineDict):
        _problem(problems, path, line, section, "each entry must be a mapping with id and label")
        return None
    allowed = _COMMON_KEYS | _EXTRA_KEYS.get(section, set())
    for key in item:
        if key not in allowed:
            _problem(problems, path, line_of(item, key), str(key),
                     f"unknown key (allowed in {section}: {', '.join(sorted(allowed))})")
    cid = item.get("id")
    if not isinstance(cid, str) or not _ID.match(cid):
        _problem(problems, path, line_of(item, "id"), "id",
                 f"must be lowercase letters, digits and single hyphens, got {cid!r}")
        return None
    label = item.get("label")
    if not isinstance(label, str) or not label.strip() or not tokenize(label):
        _problem(problems, path, line_of(item, "label"), "label", f"{cid}: must be a non-empty name")
        return None
    for key in ("aliases", "broader", "related", "includes", "implies", "descriptions", "parties", "demonyms"):
        if key in item and not _strings(item[key]):
            _problem(problems, path, line_of(item, key), key, f"{cid}: must be a list of non-empty strings")
    if item.get("parties_in", "document") not in ("document", "paragraph"):
        _problem(problems, path, line_of(item, "parties_in"), "parties_in", f"{cid}: must be document or paragraph")
    for key in ("definition", "title_template"):
        if key in item and not isinstance(item[key], str):
            _problem(problems, path, line_of(item, key), key, f"{cid}: must be a string")
    encounter = item.get("encounter", False)
    if not (isinstance(encounter, bool) or (isinstance(encounter, str) and _ID.match(encounter))):
        _problem(problems, path, line_of(item, "encounter"), "encounter",
                 f"{cid}: must be true, false or an encounter group name (lowercase id), got {encounter!r}")
    for key in ("lead_sentence", "body", "headline"):
        if key in item and not isinstance(item[key], bool):
            _problem(problems, path, line_of(item, key), key, f"{cid}: must be true or false")
    patterns = (compile_kind_patterns(item["patterns"], f"{path}:{line_of(item, 'patterns')}", cid, problems)
                if "patterns" in item else ())
    aliases = tuple(a.strip() for a in item.get("aliases") or [] if isinstance(a, str) and a.strip())
    for a in aliases:
        if not tokenize(a):
            _problem(problems, path, line_of(item, "aliases"), "aliases", f"{cid}: {a!r} has no words")
    descriptions = tuple(d.strip() for d in item.get("descriptions") or [] if isinstance(d, str) and d.strip())
    for d in descriptions:
        if not tokenize(d):
            _problem(problems, path, line_of(item, "descriptions"), "descriptions", f"{cid}: {d!r} has no words")
    parsed: dict[str, list[tuple[tuple[str, ...], ...]]] = {}
    for key in ("rules", "paragraph_rules"):
        parsed[key] = []
        raw_rules = item.get(key, [])
        if not isinstance(raw_rules, list) or not all(
                isinstance(r, list) and r and all(_strings(g, allow_empty_list=False) for g in r)
                for r in raw_rules):
            _problem(problems, path, line_of(item, key), key,
                     f"{cid}: must be a list of rules, each a list of groups, each a list of terms")
        else:
            parsed[key] = [tuple(tuple(t.strip() for t in g) for g in r) for r in raw_rules]
    rules = parsed["rules"]
    def ids(key: str) -> tuple[str, ...]:
        value = item.get(key) or []
        return tuple(v for v in value if isinstance(v, str)) if isinstance(value, list) else ()
    return Concept(
        id=cid, section=section, label=label.strip(), aliases=aliases,
        definition=(item.get("definition") or "").strip() if isinstance(item.get("definition"), str) else "",
        broader=ids("broader"), related=ids("related"), rules=tuple(rules), includes=ids("includes"),
        title_template=item.get("title_template", "") if isinstance(item.get("title_template"), str) else "",
        # `encounter: true` is a group of its own kind; a name is a group kinds share.
        encounter=(cid if encounter is True else encounter if isinstance(encounter, str) and _ID.match(encounter) else ""),
        lead_sentence=item.get("lead_sentence") is True,
        patterns=patterns, body=item.get("body") is True, headline=item.get("headline") is True,
        source=f"{path}:{item.line}",
        implies=ids("implies"), descriptions=descriptions, parties=ids("parties"),
        parties_in="paragraph" if item.get("parties_in") == "paragraph" else "document",
        demonyms=tuple(d.strip() for d in ids("demonyms") if d.strip()),
        paragraph_rules=tuple(parsed["paragraph_rules"]))


def _name_key(name: str) -> tuple[Any, ...]:
    return (is_acronym(name) and name.strip(),) + tuple(t.key for t in tokenize(name))


def _field(value: Any, path: Path, line: int, problems: list[str]) -> dict[str, list[str]]:
    """A file's `field:` mapping: each key a list of words (vocabulary/FORMAT.md)."""
    if not isinstance(value, LineDict):
        _problem(problems, path, line, "field", f"must be a mapping of {', '.join(_FIELD_KEYS)}")
        return {}
    out: dict[str, list[str]] = {}
    for key, words in value.items():
        if key not in _FIELD_KEYS:
            _problem(problems, path, line_of(value, key), str(key), f"unknown key (allowed in field: {', '.join(_FIELD_KEYS)})")
        elif not _strings(words):
            _problem(problems, path, line_of(value, key), key, "must be a list of words")
        else:
            out[key] = [w.strip().casefold() for w in words]
    return out


def load_vocabulary(folder: Path, lang: Language | None = None) -> Vocabulary:
    """Read every `*.yml` in `folder`; raise one ConfigError listing every problem found.
    `lang` gives the stopwords of the matchers and the weekdays undated accounts name (the
    default language file's when None)."""
    files = sorted(folder.glob("*.yml"))
    if not files:
        raise ConfigError([f"{folder}: no vocabulary files (*.yml) found"])
    problems: list[str] = []
    concepts: dict[str, Concept] = {}
    sections: dict[str, list[Concept]] = {s: [] for s in SECTIONS}
    occasions: list[str] = []
    field_words: dict[str, list[str]] = {key: [] for key in _FIELD_KEYS}
    shapes: tuple[object, Path, int] | None = None
    accounts: tuple[object, Path, int] | None = None
    where: dict[str, tuple[Path, int]] = {}
    for path in files:
        try:
            data = load(path)
        except ConfigError as exc:
            problems.extend(exc.problems)
            continue
        if data is None:
            continue
        if not isinstance(data, LineDict):
            problems.append(f"{path}:1: expected sections ({', '.join(SECTIONS)}) at the top level")
            continue
        for section, items in data.items():
            line = line_of(data, section)
            if section not in _FILE_KEYS:
                _problem(problems, path, line, str(section), f"unknown section (known: {', '.join(SECTIONS)})")
                continue
            if section == "field":
                for key, words in _field(items, path, line, problems).items():
                    field_words[key].extend(words)
                continue
            if section == "shapes":
                shapes = (items, path, line)  # read once every kind is known
                continue
            if section == "accounts":
                accounts = (items, path, line)  # read once every kind is known
                continue
            if section == "occasions":
                if _strings(items):
                    occasions.extend(items)
                else:
                    _problem(problems, path, line, section, "must be a list of phrases")
                continue
            if not isinstance(items, LineList):
                _problem(problems, path, line, str(section), "must be a list of concepts")
                continue
            for index, item in enumerate(items):
                concept = _parse_concept(item, section, path, line_of(items, index), problems)
                if concept is None:
                    continue
                if concept.id in concepts:
                    first = where[concept.id]
                    _problem(problems, path, line_of(item, "id"), "id",
                             f"duplicate id {concept.id!r} (first defined at {first[0]}:{first[1]})")
                    continue
                concepts[concept.id] = concept
                where[concept.id] = (path, line_of(item, "id"))
                sections[section].append(concept)

    # References and names, checked once every file is read.
    claimed: dict[tuple[str, tuple[Any, ...]], str] = {}
    for concept in concepts.values():
        path, line = where[concept.id]
        for b in concept.broader:
            if b not in concepts or concepts[b].section != concept.section:
                _problem(problems, path, line, "broader", f"{concept.id}: no {concept.section} concept {b!r}")
        for r in concept.related:
            if r not in concepts:
                _problem(problems, path, line, "related", f"{concept.id}: no concept {r!r}")
        for k in concept.includes:
            if k not in concepts or concepts[k].section != "kinds":
                _problem(problems, path, line, "includes", f"{concept.id}: no kind {k!r}")
            elif concepts[k].encounter != concept.encounter:
                _problem(problems, path, line, "includes",
                         f"{concept.id}: {k!r} is of another encounter group ({concepts[k].encounter or 'none'!s})")
        for t in concept.implies:
            if t not in concepts or concepts[t].section != "topics":
                _problem(problems, path, line, "implies", f"{concept.id}: no topic {t!r}")
        for t in concept.parties:
            if t not in concepts or concepts[t].section != "places":
                _problem(problems, path, line, "parties", f"{concept.id}: no place {t!r}")
        if len(set(concept.parties)) == 1:
            _problem(problems, path, line, "parties", f"{concept.id}: a topic is between two parties or more")
        for rule in concept.rules + concept.paragraph_rules:
            negative = [all(t.startswith("!") for t in group) for group in rule]
            if negative[0] or any(not n and any(t.startswith("!") for t in g) for g, n in zip(rule, negative)):
                _problem(problems, path, line, "rules", f"{concept.id}: a group is all \"!\" terms or none, "
                         "and the first is not")
            for group in rule:
                for term in group:
                    if term.startswith("@") and term[1:] not in concepts:
                        _problem(problems, path, line, "rules", f"{concept.id}: {term!r} names no concept")
                    elif not term.startswith("@") and not tokenize(term.removeprefix("!")):
                        _problem(problems, path, line, "rules", f"{concept.id}: term {term!r} has no words")
        scope = "entities" if concept.section in ENTITY_KINDS else concept.section
        for name in concept.names:
            key = (scope, _name_key(name))
            other = claimed.setdefault(key, concept.id)
            if other != concept.id:
                _problem(problems, path, line, "aliases",
                         f"{concept.id}: name {name!r} is also claimed by {other!r}")
    for concept in concepts.values():
        path, line = where[concept.id]
        for d in concept.descriptions:
            # A name wins over a description on the same words, which would then never refer.
            owner = claimed.get(("entities", _name_key(d))) or claimed.get(("topics", _name_key(d)))
            if owner:
                _problem(problems, path, line, "descriptions", f"{concept.id}: {d!r} is a name of {owner!r}")
    kind_shapes = (parse_shapes(shapes[0], shapes[1], shapes[2], {k.id for k in sections["kinds"]}, problems)
                   if shapes else KindShapes())
    lang = lang or load_language()
    account_rules = (parse_accounts(*accounts, {k.id: k.encounter for k in sections["kinds"]}, problems)
                     if accounts else AccountRules())
    account_rules = dataclasses.replace(account_rules, dates=lang.dates, stopwords=lang.stopwords)
    if not sections["kinds"]:
        problems.append(f"{folder}: kinds: at least one kind of document is needed (the last is the fallback)")
    if problems:
        raise ConfigError(problems)
    return Vocabulary(concepts=concepts, sections=sections, occasions=tuple(occasions),
                      field_words=FieldWords(**{k: tuple(dict.fromkeys(v)) for k, v in field_words.items()}),
                      stopwords=lang.stopwords, kind_shapes=kind_shapes,
                      account_rules=account_rules)
