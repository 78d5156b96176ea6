"""Annotation on made-up texts with the small test vocabulary."""
from __future__ import annotations


def statements(annotated):
    return [(s.speaker, s.paragraph, s.verb, s.via_pronoun) for s in annotated.statements]


def test_he_is_carried_to_the_speaker_named_before(annotate_text):
    a = annotate_text("date 2021-01-02 Xi said trade grew.\n\nThe economy grew, he said.\n\nHe added that more would come.")
    assert statements(a) == [("xi-jinping", 1, "said", False), ("xi-jinping", 2, "said", True),
                             ("xi-jinping", 3, "added", True)]


def test_he_after_two_people_is_no_statement(annotate_text):
    a = annotate_text("Xi and Putin met in Moscow.\n\nHe said the talks went well.")
    assert statements(a) == []


def test_he_after_a_new_subject_means_the_new_subject(annotate_text):
    a = annotate_text("Xi said one thing.\n\nPutin arrived in Beijing on Monday. He said the visit mattered.")
    assert statements(a) == [("xi-jinping", 1, "said", False), ("vladimir-putin", 2, "said", True)]


def test_joint_subject_and_titles(annotate_text):
    a = annotate_text("President Xi Jinping and his Russian counterpart, Vladimir Putin, vowed to cooperate.")
    assert statements(a) == [("xi-jinping", 1, "vowed", False), ("vladimir-putin", 1, "vowed", False)]


def test_participial_aside_and_sentence_final_attribution(annotate_text):
    a = annotate_text("Xi, calling 2020 an extraordinary year, said things.\n\nTrade grew fast, Putin noted.")
    assert statements(a) == [("xi-jinping", 1, "said", False), ("vladimir-putin", 2, "noted", False)]


def test_no_speaker_no_statement(annotate_text):
    a = annotate_text("The two sides agreed to cooperate. It was said that trade grew. Sources said so.")
    assert statements(a) == []


def test_topics_need_every_group_in_one_sentence(annotate_text):
    a = annotate_text("They promoted the alignment of the Belt and Road Initiative with the EAEU.\n\n"
                      "The Belt and Road Initiative grew. The EAEU saw alignment of tariffs.")
    by_para = {(h.paragraph, h.topic) for h in a.topics}
    assert (1, "bri-eaeu") in by_para
    assert (2, "bri-eaeu") not in by_para
    assert (2, "belt-and-road") in by_para
    evidence = [s.text for h in a.topics if h.topic == "bri-eaeu" for s in h.evidence]
    assert evidence == ["alignment", "Belt and Road Initiative", "EAEU"]


def test_rule_words_inside_names_do_not_count(annotate_text):
    a = annotate_text("The pandemic worsened near the Shanghai Cooperation Organisation offices.")
    assert {h.topic for h in a.topics} == set()
    b = annotate_text("They fought the pandemic through cooperation.")
    assert {h.topic for h in b.topics} == {"covid"}


def test_topic_names_inside_entity_names_do_not_count(annotate_text):
    a = annotate_text("Both joined the World Trade Organization long ago.")
    assert {h.topic for h in a.topics} == set()
    assert [m.concept for m in a.mentions] == ["world-trade-organization"]
    b = annotate_text("Trade grew, and the World Trade Organization welcomed it.")
    assert [s.text for h in b.topics for s in h.evidence] == ["Trade"]


def test_title_from_template_with_occasion_and_no_period(annotate_text):
    a = annotate_text("date 2021-01-02 President Xi Jinping and Vladimir Putin said on Thursday they would work together.\n\n"
                      "The two presidents made the pledge in their exchange of New Year messages.")
    assert a.title == "Xi Jinping and Vladimir Putin exchange New Year messages"
    assert a.kind == "exchange-of-messages"
    assert a.event_date.isoformat() == "2020-12-31"


def test_title_from_lead_clause_when_no_template_applies(annotate_text):
    a = annotate_text("Trade between the two countries grew by a fifth last year, customs data showed on Monday.")
    assert a.title == "Trade between the two countries grew by a fifth last year"
    assert a.kind == "news-report"
    assert not a.title.endswith(".")


def test_kind_follows_vocabulary_priority(annotate_text):
    a = annotate_text("Leaders Talk\n\nOn May 5, 2021, Xi had a phone conversation with Putin.\n\n"
                      "They exchanged greetings and messages.")
    assert a.kind == "phone-call"
    assert a.title == "Leaders Talk"
    assert a.event_date.isoformat() == "2021-05-05"


def test_publisher_from_footer_or_wire_dateline(annotate_text):
    a = annotate_text("Leaders Talk\n\nText.\n\nMinistry of Things\nTel: 123\nCopyright 2021 Ministry of Things. All Rights Reserved")
    assert a.publisher == "Ministry of Things"
    b = annotate_text("BEIJING, Jan. 1 (Xinhua) -- Xi said things.")
    assert b.publisher == "Xinhua"
    assert b.title.startswith("Xi said things") or b.title


def test_a_tag_line_shows_no_topic_but_stays_text(annotate_text):
    a = annotate_text("The two sides agreed to expand trade on Monday, officials said.\n\ntrade\n\neconomy")
    assert [p.text for p in a.doc.paragraphs][1:] == ["trade", "economy"]
    assert {h.paragraph for h in a.topics} <= {1}


def test_title_from_the_lead_skips_quotation_introductions_and_datelines(annotate_text):
    a = annotate_text("The message reads:\n\nBEIJING, Jan. 1 (ExampleWire) -- The two foreign ministries "
                      "opened a joint hotline on Friday, officials said.")
    assert a.title == "The two foreign ministries opened a joint hotline on Friday"
    assert a.publisher == "ExampleWire"
