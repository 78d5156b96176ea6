"""Vocabulary validation: every mistake is reported with file, line and key, all at once."""
from __future__ import annotations

import pytest

from kb.rules.vocabulary import load_vocabulary
from kb.rules.yamlfile import ConfigError

KINDS = "kinds:\n  - id: news-report\n    label: News report\n"


def problems(tmp_path, text: str) -> list[str]:
    (tmp_path / "v.yml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_vocabulary(tmp_path)
    return info.value.problems


def test_the_shipped_vocabulary_loads_and_is_rich_enough(vocab):
    topics = {c.id for c in vocab.sections["topics"]}
    assert len(topics) >= 15
    assert {"treaty-anniversary", "bri-eaeu-alignment", "covid-cooperation"} <= topics
    for section in ("people", "organizations", "places", "treaties"):
        assert vocab.sections[section], section


@pytest.mark.parametrize("text, expected", [
    ("topics:\n  - id: a\n    label: A\n    colour: red\n" + KINDS, ["v.yml:4: colour: unknown key"]),
    ("topics:\n  - id: a\n    label: A\n  - id: a\n    label: B\n" + KINDS, ["v.yml:4: id: duplicate id 'a'"]),
    ("topics:\n  - id: a\n    label: A\n    broader: [nowhere]\n" + KINDS, ["v.yml:2: broader: a: no topics concept 'nowhere'"]),
    ("topics:\n  - id: a\n    label: A\n    related: [nowhere]\n" + KINDS, ["v.yml:2: related: a: no concept 'nowhere'"]),
    ("people:\n  - id: a\n    label: Xi\n  - id: b\n    label: B\n    aliases: [x-i, xi]\n" + KINDS,
     ["v.yml:4: aliases: b: name 'xi' is also claimed by 'a'"]),
    ("people:\n  - id: a\n    label: ''\n" + KINDS, ["v.yml:3: label: a: must be a non-empty name"]),
    ("people:\n  - id: Bad Id\n    label: A\n" + KINDS, ["v.yml:2: id: must be lowercase"]),
    ("topics:\n  - id: a\n    label: A\n    rules: [[['@ghost']]]\n" + KINDS, ["v.yml:2: rules: a: '@ghost' names no concept"]),
    ("topics: [\n" + KINDS, ["v.yml:3: did not find expected node content"]),
    ("people:\n  - id: a\n    label: A\n    label: B\n" + KINDS, ["v.yml:4: duplicate key 'label'"]),
    ("gadgets:\n  - id: a\n    label: A\n" + KINDS, ["v.yml:1: gadgets: unknown section"]),
    # The fields of document context: implications name topics, descriptions are not names.
    ("organizations:\n  - id: a\n    label: A\n    implies: [nowhere]\n" + KINDS,
     ["v.yml:2: implies: a: no topic 'nowhere'"]),
    ("organizations:\n  - id: a\n    label: A\n  - id: b\n    label: B\n    implies: [a]\n" + KINDS,
     ["v.yml:4: implies: b: no topic 'a'"]),
    ("organizations:\n  - id: a\n    label: A\n    implies: topic\n" + KINDS,
     ["v.yml:4: implies: a: must be a list of non-empty strings"]),
    ("topics:\n  - id: a\n    label: A\n    implies: [a]\n" + KINDS, ["v.yml:4: implies: unknown key"]),
    ("treaties:\n  - id: a\n    label: The Pact\n  - id: b\n    label: B\n    descriptions: [the pact]\n" + KINDS,
     ["v.yml:4: descriptions: b: 'the pact' is a name of 'a'"]),
    ("treaties:\n  - id: a\n    label: A\n    descriptions: ['--']\n" + KINDS,
     ["v.yml:4: descriptions: a: '--' has no words"]),
    ("topics:\n  - id: a\n    label: A\n    paragraph_rules: [[]]\n" + KINDS,
     ["v.yml:4: paragraph_rules: a: must be a list of rules"]),
    ("topics:\n  - id: a\n    label: A\n    paragraph_rules: [[['@ghost']]]\n" + KINDS,
     ["v.yml:2: rules: a: '@ghost' names no concept"]),
    ("field:\n  section_labels: [ruritania]\n  colours: [red]\n" + KINDS, ["v.yml:3: colours: unknown key"]),
    ("field:\n  photo_credits: ruritania news\n" + KINDS, ["v.yml:2: photo_credits: must be a list of words"]),
    ("field: [ruritania]\n" + KINDS, ["v.yml:1: field: must be a mapping"]),
])
def test_errors_name_file_line_and_key(tmp_path, text, expected):
    found = problems(tmp_path, text)
    for want in expected:
        assert any(want in p for p in found), (want, found)


def test_all_problems_are_reported_at_once(tmp_path):
    found = problems(tmp_path, "topics:\n  - id: a\n    label: A\n    colour: red\n  - id: a\n    label: B\n" + KINDS)
    assert len(found) == 2


@pytest.mark.parametrize("extra, expected", [
    ("    encounter: Talks Group\n", "v.yml:4: encounter: a: must be true, false or an encounter group name"),
    ("    encounter: 3\n", "v.yml:4: encounter: a: must be true, false or an encounter group name"),
    ("    lead_sentence: sometimes\n", "v.yml:4: lead_sentence: a: must be true or false"),
])
def test_kind_encounter_groups_and_lead_sentence_are_checked(tmp_path, extra, expected):
    found = problems(tmp_path, "kinds:\n  - id: a\n    label: A\n" + extra + "  - id: news-report\n    label: News report\n")
    assert any(expected in p for p in found), found


def test_encounter_groups_say_which_kinds_are_one_encounter(tmp_path, vocab):
    (tmp_path / "v.yml").write_text("kinds:\n  - id: call\n    label: Call\n    encounter: talks\n"
                                    "  - id: visit\n    label: Visit\n    encounter: talks\n"
                                    "  - id: note\n    label: Note\n    encounter: true\n"
                                    "  - id: news-report\n    label: News report\n", encoding="utf-8")
    kinds = {k.id: k.encounter for k in load_vocabulary(tmp_path).sections["kinds"]}
    assert kinds == {"call": "talks", "visit": "talks", "note": "note", "news-report": ""}
    shipped = {k.id: k.encounter for k in vocab.sections["kinds"]}
    assert shipped["visit"] == shipped["joint-statement"] == shipped["video-meeting"] == "talks"
    assert shipped["phone-call"] != shipped["message"]


def test_a_kind_includes_only_kinds_of_its_encounter_group(tmp_path):
    found = problems(tmp_path, "kinds:\n  - id: a\n    label: A\n    encounter: talks\n    includes: [b, ghost]\n"
                               "  - id: b\n    label: B\n    encounter: messages\n  - id: news-report\n    label: News report\n")
    assert any("includes: a: 'b' is of another encounter group (messages)" in p for p in found), found
    assert any("includes: a: no kind 'ghost'" in p for p in found), found


def test_the_field_words_are_joined_into_the_language(tmp_path, lang):
    """A field's countries name sections, its peoples stand in subjects, its agencies credit
    photos: from the vocabulary, not from the language file."""
    from kb.rules.language import load_language
    (tmp_path / "v.yml").write_text("field:\n  section_labels: [Ruritania]\n  subject_words: [ruritanian]\n"
                                    "  photo_credits: [ruritania news]\n" + KINDS, encoding="utf-8")
    rules = load_language()
    field = load_vocabulary(tmp_path, rules).field_words
    assert field.section_labels == ("ruritania",) and field.photo_credits == ("ruritania news",)
    assert not rules.is_chrome("Ruritania / World") and not rules.is_caption("The port at dawn. (Ruritania News)")
    joined = rules.with_field(field)
    assert joined.is_chrome("Ruritania / World") and joined.is_chrome("World")
    assert not joined.is_chrome("Ruritania Signs a Treaty")
    assert joined.is_caption("The port at dawn. (Ruritania News)")
    assert "ruritanian" in joined.subject_words and "ruritanian" not in rules.subject_words


BOMB = """topics:
  - id: trade
    label: Trade
    aliases: &a [trade, goods, tariffs, exports, imports, markets, duties, quotas]
    rules:
      - &b [*a, *a, *a, *a, *a, *a, *a, *a]
      - &c [*b, *b, *b, *b, *b, *b, *b, *b]
      - &d [*c, *c, *c, *c, *c, *c, *c, *c]
      - [*d, *d, *d, *d, *d, *d, *d, *d]
"""
"""A billion laughs shaped as valid vocabulary: a few hundred bytes standing for millions of terms."""


def test_yaml_aliases_are_refused_at_once_with_file_and_line(tmp_path):
    import time

    (tmp_path / "topics.yml").write_text(BOMB, encoding="utf-8")
    started = time.perf_counter()
    with pytest.raises(ConfigError) as info:
        load_vocabulary(tmp_path)
    assert time.perf_counter() - started < 5  # a hang guard, not a speed figure
    assert info.value.problems[0] == (f"{tmp_path / 'topics.yml'}:4: YAML anchors and aliases (&name, *name, <<: *name) "
                                   "are not accepted: the value anchored here is used again; write it out where it "
                                   "is used")
    (tmp_path / "topics.yml").write_text("base: &b {id: x}\ntopics:\n  - <<: *b\n    label: X\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"topics\.yml:1: YAML anchors and aliases"):
        load_vocabulary(tmp_path)
