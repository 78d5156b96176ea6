"""Spans of a text looked up by position: sort once, then answer each question by bisection.

A paragraph scraped onto one line holds thousands of names, rule words and mentions; asking of
each one whether it overlaps, or lies inside, any of the others is a pass over every pair, and
its cost grows with the square of the paragraph. These structures answer the same questions in
logarithmic time each, so annotation stays linear in the text.
"""
from __future__ import annotations

import bisect
from typing import Iterable, Sequence


class Intervals:
    """Half-open spans (start, end), sorted by start once, with the furthest end reached by
    the spans up to each one: whether any span reaches past a point is then one bisection."""

    def __init__(self, spans: Iterable[tuple[int, int]]):
        ordered = sorted(spans)
        self._starts = [s for s, _ in ordered]
        self._reach: list[int] = []
        furthest = -1
        for _, end in ordered:
            furthest = max(furthest, end)
            self._reach.append(furthest)

    def _reach_before(self, point: int, inclusive: bool = False) -> int:
        """The furthest end of the spans starting before `point` (or at it, `inclusive`)."""
        i = (bisect.bisect_right if inclusive else bisect.bisect_left)(self._starts, point)
        return self._reach[i - 1] if i else -1

    def overlaps(self, start: int, end: int) -> bool:
        """Whether any span shares a character with [start, end)."""
        return self._reach_before(end) > start

    def crosses(self, start: int, end: int) -> bool:
        """Whether any span overlaps [start, end) without lying inside it: one that starts
        before it and reaches into it, or starts inside it and reaches past its end."""
        return self._reach_before(start) > start or self._reach_before(end) > end

    def covers(self, start: int, end: int) -> bool:
        """Whether any span holds the whole of [start, end)."""
        return self._reach_before(start, inclusive=True) >= end


def nested(spans: Sequence[tuple[int, int]]) -> list[bool]:
    """For each span, whether another, different span holds it ("Belt and Road" inside "Belt
    and Road Initiative"); equal spans do not hold each other. One sort and one sweep: in
    (start, longest first) order, the spans before one either start earlier or start with it
    and end later, so the one is held exactly when the furthest end before it reaches its end."""
    order = sorted(set(spans), key=lambda s: (s[0], -s[1]))
    held: dict[tuple[int, int], bool] = {}
    furthest = -1
    for span in order:
        held[span] = furthest >= span[1]
        furthest = max(furthest, span[1])
    return [held[s] for s in spans]


def sentence_of(sentences: Sequence[tuple[int, int]], starts: Sequence[int], start: int, end: int) -> int | None:
    """The index of the sentence (sorted, apart) that holds [start, end), if one does;
    `starts` are the sentences' starts."""
    i = bisect.bisect_right(starts, start) - 1
    if i >= 0 and end <= sentences[i][1]:
        return i
    return None
