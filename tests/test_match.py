"""Tokens, stemming and the phrase matcher."""
from __future__ import annotations

from kb.match import PhraseMatcher, resolve_overlaps
from kb.text import split_sentences, tokenize


def found(matcher: PhraseMatcher, text: str) -> list[tuple[str, str]]:
    tokens = tokenize(text)
    return [(m.tag, text[tokens[m.start].start:tokens[m.end - 1].end])
            for m in resolve_overlaps(matcher.find(tokens))]


def test_inflection_hyphens_dashes_and_case_do_not_matter():
    m = PhraseMatcher([("t", "Good-Neighbourliness anniversary")])
    assert found(m, "the good neighbourliness ANNIVERSARIES") == [("t", "good neighbourliness ANNIVERSARIES")]
    assert found(m, "Good–Neighbourliness anniversary") == [("t", "Good–Neighbourliness anniversary")]


def test_acronyms_match_only_in_capitals():
    m = PhraseMatcher([("us", "US"), ("un", "UN")])
    assert found(m, "Tell us about the US and the UN, un-noticed.") == [("us", "US"), ("un", "UN")]
    dotted = PhraseMatcher([("us", "U.S.")])
    assert found(dotted, "the U.S. side, not u.s. or U.s.") == [("us", "U.S")]


def test_one_slip_in_a_long_word_of_a_longer_name_is_forgiven():
    m = PhraseMatcher([("war", "World Anti-Fascist War"), ("sco", "Shanghai Cooperation Organisation")])
    assert found(m, "the World Anti-Facist War") == [("war", "World Anti-Facist War")]
    assert found(m, "the Shanghai Cooperation Organization") == [("sco", "Shanghai Cooperation Organization")]
    # never in a one-word name, and never two slips
    single = PhraseMatcher([("e", "election")])
    assert found(single, "a selection") == []
    assert found(m, "the World Anti-Facsit Wor") == []


def test_longest_name_wins_over_the_names_inside_it():
    m = PhraseMatcher([("putin", "Putin"), ("putin", "Russian President Vladimir Putin"), ("russia", "Russian Federation")])
    assert found(m, "Russian President Vladimir Putin said") == [("putin", "Russian President Vladimir Putin")]


def test_sentences_respect_abbreviations_and_initials():
    text = "Mr. Lavrov met U.S. officials on Jan. 5. They talked. J. Smith agreed."
    spans = split_sentences(text, frozenset({"mr.", "jan.", "u.s."}))
    assert [text[a:b] for a, b in spans] == ["Mr. Lavrov met U.S. officials on Jan. 5.", "They talked.", "J. Smith agreed."]
