"""Span look-ups by bisection answer what the pass over every pair answered (kb/text/spans.py)."""
from __future__ import annotations

from hypothesis import given, strategies as st

from kb.text.spans import Intervals, nested, sentence_of
from kb.text.tokens import MAX_SENTENCE_CHARS, split_sentences

spans = st.lists(st.tuples(st.integers(0, 60), st.integers(1, 20)).map(lambda t: (t[0], t[0] + t[1])), max_size=25)
ranges = st.tuples(st.integers(0, 70), st.integers(1, 20)).map(lambda t: (t[0], t[0] + t[1]))


@given(spans, ranges)
def test_intervals_agree_with_every_pair(found, query):
    a, b = query
    index = Intervals(found)
    assert index.overlaps(a, b) == any(s < b and a < e for s, e in found)
    assert index.crosses(a, b) == any(s < b and a < e and not (a <= s and e <= b) for s, e in found)
    assert index.covers(a, b) == any(s <= a and b <= e for s, e in found)


@given(spans)
def test_nested_agrees_with_every_pair(found):
    assert nested(found) == [any(o != s and o[0] <= s[0] and s[1] <= o[1] for o in found) for s in found]


def test_sentence_of():
    sentences = [(0, 10), (11, 30), (31, 40)]
    starts = [a for a, _ in sentences]
    assert sentence_of(sentences, starts, 12, 20) == 1
    assert sentence_of(sentences, starts, 8, 12) is None  # across two sentences
    assert sentence_of(sentences, starts, 0, 10) == 0


def test_a_paragraph_with_no_sentence_end_is_cut_into_windows():
    text = " ".join(["the ministers talked about the railway and the port"] * 100)
    windows = split_sentences(text, frozenset())
    assert len(windows) > 1
    assert all(e - s <= MAX_SENTENCE_CHARS for s, e in windows)
    assert windows[0][0] == 0 and windows[-1][1] == len(text)
    assert all(text[e] == " " and s2 == e + 1 for (_, e), (s2, _) in zip(windows, windows[1:]))  # cut at spaces


def test_sentences_are_found_as_before_the_windows():
    text = "Mr. Li met U.S. envoys on Jan. 5. They agreed. the end was near! Then came rain."
    assert [text[s:e] for s, e in split_sentences(text, frozenset({"mr.", "jan."}))] == [
        "Mr. Li met U.S. envoys on Jan. 5.", "They agreed. the end was near!", "Then came rain."]
