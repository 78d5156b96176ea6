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


def split_sentences(text: str, abbreviations: frozenset[str]) -> list[tuple[int, int]]:
    """Sentence spans of a paragraph.

    A full stop ends a sentence unless it closes a known abbreviation ("Mr.", "Jan.", "U.S.")
    or a single capital (an initial), or the next word starts in lower case.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        end = m.end()
        before = text[start:m.start()].rstrip()
        last_word = before.rsplit(None, 1)[-1] if before else ""
        rest = text[end:].lstrip()
        if m.group().startswith("."):
            bare = last_word.lstrip("(\"“'‘")
            if bare.casefold() + "." in abbreviations or (len(bare) == 1 and bare.isupper()):
                continue
            if re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", bare):  # U.S / U.N before the last dot
                continue
        if rest and rest[0].islower():
            continue
        spans.append((start, end))
        start = end + (len(text[end:]) - len(rest))
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return spans
