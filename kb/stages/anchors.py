"""Paragraph anchors that never move: which old anchor each paragraph of a new reading keeps.

A passage link (`documents/<slug>/#p3`) cited in a report must land on the same text after the
reader improves: taking a breadcrumb or a logo line off the top of a document shifts every
paragraph's position, and cutting a glued date header or a trailing credit off a paragraph
changes its text. The ledger records, per document, each anchor with a digest of the text it
named (in page order); `assign` matches those records to the paragraphs as read now. Pure:
ledger.assign_anchors feeds it, with the old texts the last build's kb.json gives.
"""
from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass
from typing import Callable, Sequence

from kb.model import Anchors, text_digest as digest

NEAR = 0.6
"""Word overlap (Dice: shared words over the mean length) above which a paragraph whose text
changed keeps its anchor: a glued dateline or a cut credit changes a few words in thirty."""
CONTAINED_WORDS = 3
"""A paragraph whose words stand whole inside the other's keeps the anchor whatever the
overlap (a caption or chrome cut from a long line), when the shorter has this many words: a
lone "Xinhua" inside a lead is no evidence."""
CANDIDATES = 24
"""Old paragraphs each changed paragraph is compared with, nearest its place first: the gaps
between exactly matched paragraphs are small, and this bounds a document rewritten whole."""
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Named:
    """One anchor as the last build left it."""

    number: int
    """The N of `pN`."""
    digest: str
    """Digest of the text it named (model.text_digest)."""
    text: str | None = None
    """That text, where the last build's kb.json still has it: for a paragraph whose text changed."""


@dataclass(frozen=True)
class _Words:
    words: tuple[str, ...]
    joined: str
    counts: Counter

    @classmethod
    def of(cls, text: str) -> "_Words":
        words = tuple(_WORD.findall(text.casefold()))
        return cls(words, f" {' '.join(words)} ", Counter(words))


def likeness(old: str, new: str) -> float:
    """How surely `new` is the paragraph `old` became: the word overlap (Dice), when it is at
    least NEAR or one text's words stand whole inside the other's; else 0."""
    return _likeness(_Words.of(old), _Words.of(new))


def _likeness(a: _Words, b: _Words) -> float:
    if not a.words or not b.words:
        return 0.0
    dice = 2 * sum((a.counts & b.counts).values()) / (len(a.words) + len(b.words))
    short, long_ = (a, b) if len(a.words) <= len(b.words) else (b, a)
    if dice >= NEAR or (len(short.words) >= CONTAINED_WORDS and short.joined in long_.joined):
        return dice
    return 0.0


def assign(old: Sequence[Named], texts: Sequence[str],
           digests: Sequence[str] | None = None) -> tuple[Anchors, tuple[Named, ...]]:
    """The anchors of paragraphs `texts` (in page order) given the anchors `old` named (in
    page order), and the record to keep for next time (in page order, retired anchors beside
    the paragraph they land at; texts left out). `digests`: the texts' own, when known.

    Same text first (a digest: a paragraph that moved keeps its anchor); then, between two
    paragraphs so matched, a changed paragraph takes the old one it is most like (`likeness`),
    in order. An old anchor left over is retired: it lands at the nearest paragraph that kept
    its anchor (the following one on a tie: a chrome line above a paragraph lands on it). A
    paragraph left over gets a number above every number the document ever used."""
    digests = list(digests) if digests is not None else [digest(t) for t in texts]
    of_new: list[int | None] = [None] * len(texts)
    of_old: list[int | None] = [None] * len(old)
    by_digest: dict[str, list[int]] = {}
    for i in range(len(old) - 1, -1, -1):  # popped from the end: the first in page order first
        by_digest.setdefault(old[i].digest, []).append(i)
    for j, d in enumerate(digests):
        free = by_digest.get(d)
        if free:
            i = free.pop()
            of_new[j], of_old[i] = i, j
    _near(old, texts, of_new, of_old)

    last = max((o.number for o in old), default=0)
    numbers: list[int] = []
    for j, i in enumerate(of_new):
        if i is None:
            last += 1
            numbers.append(last)
        else:
            numbers.append(old[i].number)
    landing = _landing(of_old)
    retired = tuple(sorted((old[i].number, j + 1) for i, (j, _) in landing.items()))
    # The record: each kept paragraph in page order, a retired anchor just before the
    # paragraph it lands on (just after, when that is the one before it), so it lands there
    # again next time.
    before: dict[int, list[int]] = {}
    after: dict[int, list[int]] = {}
    for i, (j, forward) in landing.items():
        (before if forward else after).setdefault(j, []).append(i)
    record: list[Named] = []
    for j in range(len(texts)):
        record.extend(Named(old[i].number, old[i].digest) for i in before.get(j, ()))
        record.append(Named(numbers[j], digests[j]))
        record.extend(Named(old[i].number, old[i].digest) for i in after.get(j, ()))
    return Anchors(tuple(numbers), retired), tuple(record)


def _near(old: Sequence[Named], texts: Sequence[str], of_new: list[int | None], of_old: list[int | None]) -> None:
    """Pair changed paragraphs with old ones of known text, in each gap between paragraphs
    that kept their text (pairs filled into `of_new` and `of_old`)."""
    free_old = [i for i, j in enumerate(of_old) if j is None and old[i].text]
    if not free_old:
        return
    words: dict[int, _Words] = {}

    def old_words(i: int) -> _Words:
        # worked out once a paragraph, for the gaps that compare it
        if i not in words:
            words[i] = _Words.of(old[i].text or "")
        return words[i]

    j = 0
    while j < len(texts):
        if of_new[j] is not None:
            j += 1
            continue
        start = j
        while j < len(texts) and of_new[j] is None:
            j += 1
        lo = of_new[start - 1] if start > 0 else -1
        hi = of_new[j] if j < len(texts) else len(old)
        assert lo is not None and hi is not None
        olds = free_old[bisect.bisect_right(free_old, lo):bisect.bisect_left(free_old, hi)]
        if olds:
            _pair_gap(texts, list(range(start, j)), olds, of_new, of_old, old_words)


def _pair_gap(texts: Sequence[str], news: list[int], olds: list[int], of_new: list[int | None],
              of_old: list[int | None], old_words: Callable[[int], _Words]) -> None:
    """Best pairs first, none crossing another (page order holds), each paragraph once
    (`old_words`: an old paragraph's words, by position)."""
    pairs: list[tuple[float, int, int]] = []
    for k, j in enumerate(news):
        near = round(k * len(olds) / len(news))  # where j's old paragraph would stand
        lo = max(0, near - CANDIDATES // 2)
        new_words = _Words.of(texts[j])
        for i in olds[lo:lo + CANDIDATES]:
            score = _likeness(old_words(i), new_words)
            if score > 0:
                pairs.append((-score, j, i))
    # The pairs taken never cross, so sorted by old position their new positions are sorted
    # too: a pair crosses none when it fits between its neighbours there.
    taken_old: list[int] = []
    taken_new: list[int] = []
    for _, j, i in sorted(pairs):
        if of_new[j] is not None or of_old[i] is not None:
            continue
        at = bisect.bisect_left(taken_old, i)
        if (at == 0 or taken_new[at - 1] < j) and (at == len(taken_old) or j < taken_new[at]):
            of_new[j], of_old[i] = i, j
            taken_old.insert(at, i)
            taken_new.insert(at, j)


def _landing(of_old: list[int | None]) -> dict[int, tuple[int, bool]]:
    """Old position of each anchor left over -> (new position it lands at, whether it stands
    before that paragraph): the nearest kept paragraph, the following one on a tie; the first
    paragraph when none was kept. Not a new paragraph that took its place: an anchor retired
    last time stands beside the kept paragraph it lands on, and must land there again
    whatever is inserted beside it."""
    out: dict[int, tuple[int, bool]] = {}
    previous: list[int | None] = []
    seen: int | None = None
    for i, j in enumerate(of_old):
        previous.append(seen)
        if j is not None:
            seen = i
    following: int | None = None
    for i in range(len(of_old) - 1, -1, -1):
        if of_old[i] is not None:
            following = i
            continue
        back = previous[i]
        if following is not None and (back is None or following - i <= i - back):
            out[i] = (of_old[following], True)  # type: ignore[assignment]
        elif back is not None:
            out[i] = (of_old[back], False)  # type: ignore[assignment]
        else:
            out[i] = (0, True)
    return dict(sorted(out.items()))
