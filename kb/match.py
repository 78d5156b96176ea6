"""Phrase matching on word tokens: patterns compiled once, applied to many texts.

Shaped after spaCy's PhraseMatcher: names are tokenized with the same tokenizer as the text,
indexed by their words, found, and only then are overlaps resolved by one named function.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from operator import ne
from typing import Iterable

from rapidfuzz.distance import DamerauLevenshtein

from .text import Token, fold, is_acronym, tokenize

STOPWORDS = frozenset("a an and the of for in on to at by with de".split())
"""Words too common to anchor a search on (they still have to match)."""

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
    """Finds every (tag, name) pair's name in a token list."""

    def __init__(self, entries: Iterable[tuple[str, str]]):
        self._anchors: dict[str, list[tuple[Pattern, int]]] = defaultdict(list)
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
        for pattern in patterns:
            # A single-word pattern is only ever found exactly. A longer one is found from its
            # rarest content word, and from the next rarest only when a slip in the first is
            # forgiven: with at most one slip, one of the two is always written exactly, every
            # other match is found from the first, and rare anchors keep candidate windows few.
            if len(pattern.keys) == 1:
                anchors = [0]
            else:
                content = [j for j, k in enumerate(pattern.keys) if k not in STOPWORDS] or [0]
                anchors = sorted(content, key=lambda j: (usage[pattern.keys[j]], j))[:2]
                if len(anchors) == 2 and not _forgivable(pattern, anchors[0]):
                    anchors = anchors[:1]
            for j in anchors:
                self._anchors[pattern.keys[j]].append((pattern, j))

    def find(self, tokens: list[Token]) -> list[Match]:
        """All matches, overlapping ones included, sorted by position then tag."""
        keys = tuple(t.key for t in tokens)
        n = len(keys)
        found: dict[tuple[str, int, int], Match] = {}
        anchors = self._anchors
        for i, key in enumerate(keys):
            candidates = anchors.get(key)
            if candidates is None:
                continue
            for pattern, j in candidates:
                start = i - j
                pkeys = pattern.keys
                end = start + len(pkeys)
                if start < 0 or end > n:
                    continue
                window = keys[start:end]
                same = window == pkeys
                # Most candidates differ in two words or more: told apart here, without a call.
                if not same and sum(map(ne, window, pkeys)) > 1:
                    continue
                at = (pattern.tag, start, end)
                earlier = found.get(at)
                if earlier is not None and not earlier.fuzzy:
                    continue
                fuzzy = False if same and pattern.exact is None else _compare(pattern, window, tokens, start)
                if fuzzy is None:
                    continue
                found[at] = Match(pattern.tag, start, end, fuzzy)
        return sorted(found.values(), key=lambda m: (m.start, m.end, m.tag))


def _compare(pattern: Pattern, window: tuple[str, ...], tokens: list[Token], start: int) -> bool | None:
    """None: no match; False: exact match; True: matched with one forgiven slip. `window` is
    the keys of tokens[start:start + len(pattern.keys)], which `find` has already found equal
    to the pattern's or different in one word only."""
    if window == pattern.keys:
        if pattern.exact is None:
            return False
        # "U.S." is two tokens: compare the letters as written
        return False if "".join(t.text for t in tokens[start:start + len(window)]) == pattern.exact else None
    i = next(k for k, (a, b) in enumerate(zip(window, pattern.keys)) if a != b)
    if not _forgivable(pattern, i) or DamerauLevenshtein.distance(
            pattern.words[i], fold(tokens[start + i].text), score_cutoff=1) > 1:
        return None
    return True


def _forgivable(pattern: Pattern, i: int) -> bool:
    """Whether a one-letter slip in word `i` may be forgiven: only in a long word of a name of
    two words or more, never in an acronym, and not when nothing but filler would be left
    matching exactly (too weak)."""
    return (pattern.exact is None and len(pattern.keys) >= 2 and len(pattern.words[i]) >= FUZZY_MIN_LENGTH
            and not all(k in STOPWORDS for j, k in enumerate(pattern.keys) if j != i))


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
