"""Words and sentences: the one tokenizer every matcher and rule uses.

Matching happens on word tokens rather than on raw characters, so hyphens, dashes, quotes and
spacing between words never matter, and every word is compared in a stemmed, case-folded form
("anniversaries" == "anniversary"). Keeping one tokenizer for vocabulary names and document text
is what makes the two comparable.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

import snowballstemmer

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_STEMMER = snowballstemmer.stemmer("english")  # PyStemmer's C build when installed: the same stems


class Token(NamedTuple):
    """A word of a text with where it stands (a named tuple: a document makes tens of thousands,
    and a frozen dataclass costs three times as much to create)."""

    start: int
    """Character offset of the word."""
    end: int
    """Offset one past the word."""
    text: str
    """The word as written."""
    key: str
    """Stemmed, case-folded, accent-free form used for comparison."""


@lru_cache(maxsize=200_000)
def fold(word: str) -> str:
    """Case-fold and strip accents, so "Medvédev" and "MEDVEDEV" compare equal."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=200_000)
def word_key(word: str) -> str:
    """The comparison form of one word: folded and stemmed (English Snowball)."""
    folded = fold(word)
    if not folded.isascii() or not folded.isalpha():
        return folded
    return _STEMMER.stemWord(folded)


def tokenize(text: str) -> list[Token]:
    """Split text into word tokens; punctuation and spacing are separators, never tokens."""
    return [Token(m.start(), m.end(), m.group(), word_key(m.group())) for m in _WORD.finditer(text)]


def is_acronym(name: str) -> bool:
    """A name of up to five capitals (UN, SCO, BRICS) is matched only as written in capitals."""
    letters = [c for c in name if c.isalpha()]
    return 0 < len(letters) <= 5 and all(c.isupper() for c in letters) and " " not in name.strip()


_SENTENCE_END = re.compile(r"[.!?]+[\"”’')\]]*(?=\s+|$)")


MAX_SENTENCE_CHARS = 1000
"""A "sentence" longer than this (a paragraph that lost its full stops, a transcript on one
line) is cut into windows of about this size at spaces, so that a rule's "in one sentence"
still means words near each other, and no pass over a sentence grows with the paragraph."""
_SPACE = re.compile(r"\s*")
_LAST_WORD = re.compile(r"(\S+)\s*$")


def split_sentences(text: str, abbreviations: frozenset[str]) -> list[tuple[int, int]]:
    """Sentence spans of a paragraph.

    A full stop ends a sentence unless it closes a known abbreviation ("Mr.", "U.S.", the language file's `abbreviations`)
    or a single capital (an initial), or the next word starts in lower case. A sentence
    longer than MAX_SENTENCE_CHARS is cut into windows (`_windows`).
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        end = m.end()
        # the word before the mark: looked for in the few characters before it, not in the
        # whole sentence so far (a long one would be copied at every full stop)
        word = _LAST_WORD.search(text, max(start, m.start() - 60), m.start())
        last_word = word.group(1) if word else ""
        rest = _SPACE.match(text, end).end()
        if m.group().startswith("."):
            bare = last_word.lstrip("(\"“'‘")
            if bare.casefold() + "." in abbreviations or (len(bare) == 1 and bare.isupper()):
                continue
            if re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", bare):  # U.S / U.N before the last dot
                continue
        if rest < len(text) and text[rest].islower():
            continue
        spans.extend(_windows(text, start, end))
        start = rest
    if text[start:].strip():
        spans.extend(_windows(text, start, len(text.rstrip())))
    return spans


def _windows(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """[start, end) as one span, or cut at spaces into spans of at most MAX_SENTENCE_CHARS
    (a word longer than that is a window of its own)."""
    out = []
    while end - start > MAX_SENTENCE_CHARS:
        cut = text.rfind(" ", start + 1, start + MAX_SENTENCE_CHARS)
        if cut < 0:
            cut = text.find(" ", start + MAX_SENTENCE_CHARS, end)
            if cut < 0:
                break
        out.append((start, cut))
        start = cut + 1
    out.append((start, end))
    return out
