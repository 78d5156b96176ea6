"""Tokens, stemming and the phrase matcher."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kb.rules.language import load_language
from kb.text.match import PhraseMatcher as _Matcher, resolve_overlaps

STOPWORDS = load_language().stopwords


def PhraseMatcher(entries):
    return _Matcher(entries, STOPWORDS)
from kb.text.tokens import split_sentences, tokenize


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


# --- the index against the rules it implements ---------------------------------------------

_NAME_WORDS = ["cooperation", "energy", "security", "regional", "strategic", "trade", "of", "the",
               "and", "Belt", "Road", "summit", "UN", "SCO", "partnership", "people", "trader"]


def _slipped(word: str, how: int) -> str:
    """`word` with one slip: a letter dropped, doubled, changed or two swapped."""
    i = how % max(1, len(word) - 1)
    return [word[:i] + word[i + 1:], word[:i] + word[i] + word[i:], word[:i] + "x" + word[i + 1:],
            word[:i] + word[i + 1:i + 2] + word[i] + word[i + 2:]][how % 4]


# The rules as the README states them, written out here rather than imported, so that the
# oracle cannot share a mistake with the code it checks: a name's words match in their stemmed
# form (the tokenizer's keys, the one input both share); an acronym (a single word of at most
# five letters, all capitals) only as written; one word of a name of two words or more may have
# one slip (a letter dropped, added, changed, or two neighbours swapped) when it is at least six
# letters long and the rest of the name is not only filler words; an exact match wins.
_FILLER = {"a", "an", "and", "the", "of", "for", "in", "on", "to", "at", "by", "with", "de"}


def _folded(word: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", word.casefold()) if not unicodedata.combining(c))


def _one_slip_at_most(a: str, b: str) -> bool:
    if a == b:
        return True
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long_ = sorted((a, b), key=len)
    return len(long_) == len(short) + 1 and any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def _reference(patterns: list[tuple[str, str]], tokens) -> set[tuple[str, int, int, bool]]:
    """Every (tag, start, end, fuzzy) the rules above allow, by trying every name at every
    position."""
    best: dict[tuple[str, int, int], bool] = {}
    keys = [t.key for t in tokens]
    for tag, name in patterns:
        words = tokenize(name)
        letters = [c for c in name if c.isalpha()]
        acronym = " " not in name.strip() and 0 < len(letters) <= 5 and all(c.isupper() for c in letters)
        name_keys = [t.key for t in words]
        for start in range(len(keys) - len(name_keys) + 1):
            at = (tag, start, start + len(name_keys))
            diff = [i for i, (a, b) in enumerate(zip(keys[start:at[2]], name_keys)) if a != b]
            if not diff:
                if not acronym or "".join(t.text for t in tokens[start:at[2]]) == "".join(t.text for t in words):
                    best[at] = False
                continue
            if len(diff) != 1 or acronym or len(words) < 2:
                continue
            i = diff[0]
            slipped = _folded(words[i].text)
            if (len(slipped) >= 6 and not all(k in _FILLER for j, k in enumerate(name_keys) if j != i)
                    and _one_slip_at_most(slipped, _folded(tokens[start + i].text))):
                best.setdefault(at, True)
    return {(*at, fuzzy) for at, fuzzy in best.items()}


@settings(max_examples=300, deadline=None)
@given(names=st.lists(st.lists(st.sampled_from(_NAME_WORDS), min_size=1, max_size=4), min_size=1, max_size=12),
       text=st.lists(st.tuples(st.integers(0, 16), st.integers(0, 5), st.integers(0, 3)), max_size=20))
def test_the_index_finds_exactly_what_trying_every_name_everywhere_finds(names, text):
    patterns = [(f"t{i % 5}", " ".join(words)) for i, words in enumerate(names)]
    # The text: names, about half with a slip in one of their words, between single words.
    words: list[str] = []
    for pick, slip, how in text:
        if pick < len(names):
            name = list(names[pick])
            if slip < len(name):
                name[slip] = _slipped(name[slip], how)
            words.extend(name)
        else:
            words.append(_NAME_WORDS[pick])
    tokens = tokenize(" ".join(words))
    expected = _reference(patterns, tokens)
    got = {(m.tag, m.start, m.end, m.fuzzy) for m in PhraseMatcher(patterns).find(tokens)}
    assert got == expected


def test_the_stemmer_in_use_stems_as_snowballs_own_python_code():
    """`snowballstemmer` hands over to PyStemmer (Snowball's C build) when it is installed, as
    it is from requirements.txt: an annotation must not depend on which one ran. Every word of
    the vocabulary, the seeds and the test fixtures, plus inflections, stems alike in both."""
    import re

    from snowballstemmer.english_stemmer import EnglishStemmer

    from conftest import FIXTURES, ROOT
    from kb.text.tokens import _STEMMER

    words: set[str] = set()
    for path in [*(ROOT / "vocabulary").glob("*.yml"), *(ROOT / "seeds").glob("*.txt"), *FIXTURES.rglob("*.txt")]:
        words.update(w.casefold() for w in re.findall(r"[A-Za-z]+", path.read_text(encoding="utf-8", errors="replace")))
    words |= {w + end for w in list(words) for end in ("s", "es", "ed", "ing", "ly", "ation", "ness", "ize", "ise")}
    assert len(words) > 10_000
    reference = EnglishStemmer()
    assert [w for w in sorted(words) if _STEMMER.stemWord(w) != reference.stemWord(w)] == []


def test_an_exact_name_outranks_a_fuzzy_match_of_the_same_length():
    from kb.text.match import Match

    fuzzy, exact = Match("a", 0, 2, True), Match("b", 1, 3, False)
    assert resolve_overlaps([fuzzy, exact]) == [exact]
    assert resolve_overlaps([exact, fuzzy]) == [exact]
    # the same through the matcher: "Eurasian Economik Union" slipped, "Union Treaty" exact
    m = PhraseMatcher([("eaeu", "Eurasian Economic Union"), ("treaty", "Economik Union Treaty")])
    assert found(m, "the Eurasian Economik Union Treaty") == [("treaty", "Economik Union Treaty")]
    # a longer fuzzy match still beats a shorter exact one
    m = PhraseMatcher([("eaeu", "Eurasian Economic Union"), ("union", "Union Treaty")])
    assert found(m, "the Eurasian Economik Union Treaty") == [("eaeu", "Eurasian Economik Union")]


def test_a_longer_match_takes_only_its_own_words_and_a_name_without_words_is_passed_over():
    m = PhraseMatcher([("putin", "Russian President Vladimir Putin"), ("xi", "Xi"), ("none", "--"), ("belt", "Belt")])
    assert found(m, "Xi met Russian President Vladimir Putin on the Belt") == [
        ("xi", "Xi"), ("putin", "Russian President Vladimir Putin"), ("belt", "Belt")]


def test_a_name_given_twice_is_kept_once_and_the_names_after_it_still_count():
    m = PhraseMatcher([("t", "Belt"), ("t", "belt"), ("r", "Road")])
    assert found(m, "the Belt and the Road") == [("t", "Belt"), ("r", "Road")]
