"""Phrase matching on word tokens: patterns compiled once, applied to many texts.

Shaped after spaCy's PhraseMatcher: names are tokenized with the same tokenizer as the text,
indexed by their words, found, and only then are overlaps resolved by one named function.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable

from rapidfuzz.distance import DamerauLevenshtein

from kb.text.tokens import Token, fold, is_acronym, tokenize

FUZZY_MIN_LENGTH = 6
"""A word must be this long before a one-letter slip in it is forgiven."""


@dataclass(frozen=True)
class Pattern:
    """One name, tokenized."""

    tag: str
    """What a match means (a concept id, or a rule term)."""
    keys: tuple[str, ...]
    """Stemmed, folded words."""
    words: tuple[str, ...]
    """Folded, unstemmed words (for the spelling-slip check)."""
    exact: str | None
    """For acronyms: the only spelling accepted."""


@dataclass(frozen=True)
class Match:
    """A pattern found at tokens [start, end)."""

    tag: str
    start: int
    end: int
    fuzzy: bool = False


class PhraseMatcher:
    """Finds every (tag, name) pair's name in a token list. `stopwords` (the language's,
    `Language.stopwords`) are too common to anchor a search on; they still have to match."""

    def __init__(self, entries: Iterable[tuple[str, str]], stopwords: frozenset[str]):
        seen: set[tuple[str, tuple[str, ...], str | None]] = set()
        patterns: list[Pattern] = []
        for tag, name in entries:
            tokens = tokenize(name)
            if not tokens:
                continue
            exact = "".join(t.text for t in tokens) if is_acronym(name) else None
            pattern = Pattern(tag, tuple(t.key for t in tokens), tuple(fold(t.text) for t in tokens), exact)
            if (tag, pattern.keys, exact) in seen:
                continue
            seen.add((tag, pattern.keys, exact))
            patterns.append(pattern)
        usage: dict[str, int] = defaultdict(int)
        for pattern in patterns:
            for k in set(pattern.keys):
                usage[k] += 1
        tables: dict[str, dict[tuple[int, int, int], dict[tuple[str, ...], list[Pattern]]]] = defaultdict(dict)

        def index(anchor: int, pattern: Pattern, slip: int) -> None:
            # Under the anchor's word: the pattern's other words (all of them, or all but the
            # one where a slip is looked for) as the key of a table of one shape.
            shape = (anchor, len(pattern.keys), slip)
            rest = pattern.keys if slip < 0 else pattern.keys[:slip] + pattern.keys[slip + 1:]
            tables[pattern.keys[anchor]].setdefault(shape, {}).setdefault(rest, []).append(pattern)

        for pattern in patterns:
            # A pattern is found from its rarest content word, written exactly: the rest of
            # the window is then looked up whole, or with one word left out where a slip in
            # that word may be forgiven. A slip in the rarest word itself is found from the
            # next rarest. Every match is one look-up per shape away (not one comparison per
            # pattern sharing the word: "cooperation" ends a hundred topic names), and the
            # spelling is compared only where everything else already matched.
            content = [j for j, k in enumerate(pattern.keys) if k not in stopwords] or [0]
            first, *others = sorted(content, key=lambda j: (usage[pattern.keys[j]], j))
            index(first, pattern, -1)
            for slip in range(len(pattern.keys)):
                if slip != first and _forgivable(pattern, slip, stopwords):
                    index(first, pattern, slip)
            if others and _forgivable(pattern, first, stopwords):
                index(others[0], pattern, first)
        self._index = {key: [(*shape, table) for shape, table in sorted(shapes.items())]
                       for key, shapes in tables.items()}

    def find(self, tokens: list[Token]) -> list[Match]:
        """All matches, overlapping ones included, sorted by position then tag."""
        keys = tuple(t.key for t in tokens)
        n = len(keys)
        found: dict[tuple[str, int, int], Match] = {}
        index = self._index
        for i, key in enumerate(keys):
            shapes = index.get(key)
            if shapes is None:
                continue
            for anchor, size, slip, table in shapes:
                start = i - anchor
                end = start + size
                if start < 0 or end > n:
                    continue
                window = keys[start:end]
                if slip < 0:
                    for pattern in table.get(window, ()):
                        # "U.S." is two tokens: an acronym's letters are compared as written
                        if pattern.exact is None or "".join(t.text for t in tokens[start:end]) == pattern.exact:
                            found[(pattern.tag, start, end)] = Match(pattern.tag, start, end)
                    continue
                candidates = table.get(window[:slip] + window[slip + 1:])
                if candidates is None:
                    continue
                word = fold(tokens[start + slip].text)
                for pattern in candidates:
                    at = (pattern.tag, start, end)
                    if at not in found and DamerauLevenshtein.distance(pattern.words[slip], word, score_cutoff=1) <= 1:
                        found[at] = Match(pattern.tag, start, end, True)  # an exact match replaces it
        return sorted(found.values(), key=lambda m: (m.start, m.end, m.tag))


def _forgivable(pattern: Pattern, i: int, stopwords: frozenset[str]) -> bool:
    """Whether a one-letter slip in word `i` may be forgiven: only in a long word of a name of
    two words or more, never in an acronym, and not when nothing but filler would be left
    matching exactly (too weak)."""
    return (pattern.exact is None and len(pattern.keys) >= 2 and len(pattern.words[i]) >= FUZZY_MIN_LENGTH
            and not all(k in stopwords for j, k in enumerate(pattern.keys) if j != i))


def resolve_overlaps(matches: Iterable[Match]) -> list[Match]:
    """Keep the longest of overlapping matches (then the exact one, the earliest, the first tag).

    Longest-wins is what a reader expects: "Russian President Vladimir Putin" is one name, not
    a place and a person.
    """
    chosen: list[Match] = []
    taken: set[int] = set()
    for m in sorted(matches, key=lambda m: (-(m.end - m.start), m.fuzzy, m.start, m.tag)):
        if taken.isdisjoint(range(m.start, m.end)):
            chosen.append(m)
            taken.update(range(m.start, m.end))
    return sorted(chosen, key=lambda m: (m.start, m.tag))
