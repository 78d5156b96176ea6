"""The kind of encounter from a document's shape and words (`kb/stages/kinds.py`, the
`shapes`, `patterns`, `body` and `headline` data of `vocabulary/kinds.yml`), and the titles
the reader takes. Every text here is written for the test."""
from __future__ import annotations

from pathlib import Path

import pytest

from kb.rules.vocabulary import load_vocabulary
from kb.rules.yamlfile import ConfigError


def kind(vocab, annotate_text, text: str) -> str:
    return annotate_text(text, vocab=vocab).kind


# --- words --------------------------------------------------------------------------------

def test_visiting_before_a_title_shows_a_visit(vocab, annotate_text):
    # The aliases cannot tell "visiting" from "visit" (names are stemmed): a pattern can.
    assert kind(vocab, annotate_text, "The harbour treaty was signed on Tuesday.\n\n"
                "The ministers signed it after talks between the premier and the visiting Kazakh President.") == "visit"
    # "visiting" with no name after it is not a visit's frame.
    assert kind(vocab, annotate_text, "The ministers kept visiting hours short.") == "news-report"


def test_a_trip_of_some_days_and_during_a_visit_show_a_visit(vocab, annotate_text):
    assert kind(vocab, annotate_text, "The grain deal was one of several signed during a visit by the premier "
                "to the capital.") == "visit"
    assert kind(vocab, annotate_text, "The premier opened the new depot on the first day of a three-day visit.") == "visit"


def test_a_guest_hosted_by_a_president_is_on_a_visit(vocab, annotate_text):
    assert kind(vocab, annotate_text, "The premier, hosted by President Tokayev, watched the harvest festival.") == "visit"


def test_a_visit_named_far_down_the_body_when_the_lead_names_no_kind(vocab, annotate_text):
    text = ("The two countries signed a new rail accord on Monday.\n\n"
            "\"The line will carry grain,\" the premier said.\n\nFreight has grown for years.\n\n"
            "Exports doubled last year, officials said.\n\nThe premier arrived on Sunday for a four-day visit.")
    assert kind(vocab, annotate_text, text) == "visit"
    # A visit the body names as something hoped for is no frame.
    hoped = text.replace("The premier arrived on Sunday for a four-day visit.",
                         "The premier hopes to pay a four-day visit next year.")
    assert kind(vocab, annotate_text, hoped) == "news-report"


def test_condolences_and_greetings_extended_are_a_message(vocab, annotate_text):
    assert kind(vocab, annotate_text, "President Tokayev extended condolences on Sunday to the premier over the "
                "floods in the south.") == "message"
    assert kind(vocab, annotate_text, "The president extended his greetings on the national holiday to the "
                "heads of three neighbouring states.") == "message"


def test_a_message_addressed_to_a_leader_is_no_speech(vocab, annotate_text):
    assert kind(vocab, annotate_text, "In his greetings addressed to the premier, the president praised the "
                "harvest.") == "news-report"
    assert kind(vocab, annotate_text, "In his address to the nation, the president praised the harvest.") == "speech"


# --- what someone said is not the frame ------------------------------------------------------

def test_a_visit_named_in_what_someone_said_does_not_make_talks_a_visit(vocab, annotate_text):
    assert kind(vocab, annotate_text, "The two foreign ministers held talks with each other in the port city.\n\n"
                "The minister said, this is your fifth visit to our country this year.") == "meeting"


def test_a_quotation_opening_the_sentence_shows_no_kind(vocab, annotate_text):
    assert kind(vocab, annotate_text, "The premiers will start work on a customs union in June.\n\n"
                "\"Negotiations on the customs code will begin soon,\" the aide said.") == "news-report"


def test_an_encounter_hoped_for_is_not_the_one_reported(vocab, annotate_text):
    # The lead sentence speaks of a hoped-for visit; the call in the next paragraph is the report.
    assert kind(vocab, annotate_text, "The premier told his counterpart he expects him to come for a state visit "
                "in the spring.\n\nThe remarks at the start of a video call on Friday were warm.") == "video-meeting"


def test_a_quotation_cited_mid_sentence_still_reports(vocab, annotate_text):
    assert kind(vocab, annotate_text, "Vladimir Putin has sent greetings to Xi Jinping on the holiday.\n\n"
                "According to the broadcaster, \u201cthe two leaders exchanged congratulatory telegrams\u201d on "
                "Friday.") == "exchange-of-messages"


# --- the frame sentence ------------------------------------------------------------------

def test_the_first_sentence_naming_a_kind_frames_a_lead_sentence_that_names_none(vocab, annotate_text):
    assert kind(vocab, annotate_text, "Vaccines must be shared by every nation.\n\n"
                "The minister said so at a joint press conference after talks with his counterpart.") == "press-conference"


def test_a_lead_announcing_a_coming_event_frames_nothing(vocab, annotate_text):
    # A spokesman quoted at a briefing below an announcement does not make it a briefing.
    assert kind(vocab, annotate_text, "The premiers will open the new pipeline next month.\n\n"
                "Work is on schedule. The deal matters, a ministry spokesman said at a news conference.") == "news-report"


# --- a title or label naming the genre -----------------------------------------------------

def test_a_briefing_titled_so_is_a_press_conference_whatever_it_is_asked(vocab, annotate_text):
    text = ("Spokesperson Ana Diaz's Regular Press Conference on May 4, 2023\n\n"
            "Radio Norte: The minister said in an interview that the rail link matters. Your comment?\n\n"
            "Ana Diaz: We welcome the remarks. Our two countries will keep working together.")
    a = annotate_text(text, vocab=vocab)
    assert a.kind == "press-conference"
    assert a.title == "Spokesperson Ana Diaz's Regular Press Conference on May 4, 2023"


def test_a_label_naming_remarks_makes_the_text_a_speech(vocab, annotate_text):
    assert kind(vocab, annotate_text, "The annual budget hearing is set for next week.\n\n"
                "Premier's opening remarks:\n\nGood morning, colleagues.\n\n"
                "Yesterday I met the visiting Kazakh President, who paid a state visit to our country.") == "speech"


# --- a transcript's shape ------------------------------------------------------------------

TURNS = ("Minister Ana Diaz: Friends, I am glad we meet today.\n\n"
         "We have just completed our negotiations, and I thank my colleague for them.\n\n"
         "We agreed on a new rail link and our trade will grow.")


def test_statements_to_the_press_after_talks(vocab, annotate_text):
    assert kind(vocab, annotate_text, TURNS) == "press-conference"


def test_remarks_with_no_cue_are_a_speech(vocab, annotate_text):
    assert kind(vocab, annotate_text, TURNS.replace("We have just completed our negotiations",
                                                    "We look at the harvest")) == "speech"


def test_questions_from_several_outlets_are_a_press_conference_from_one_an_interview(vocab, annotate_text):
    briefing = ("Radio Norte: Will the rail link open this year?\n\nAna Diaz: I believe it will, and we are ready.\n\n"
                "Daily Sur: What about the port?\n\nAna Diaz: We will build it with our partners.")
    assert kind(vocab, annotate_text, briefing) == "press-conference"
    interview = briefing.replace("Daily Sur:", "Radio Norte:")
    assert kind(vocab, annotate_text, interview) == "interview"


def test_a_report_quoting_turns_is_no_transcript(vocab, annotate_text):
    # The lead sentence is the narrator's: the words decide.
    assert kind(vocab, annotate_text, "The two premiers held a video call on Monday.\n\n"
                "Ana Diaz: I am glad to see you.\n\nLuis Mora: We are glad too.") == "video-meeting"


# --- an analysis's voice -------------------------------------------------------------------

ESSAY = ("Regional integration in the steppe has many forms, of which the rail corridor is the largest.\n\n"
         "The corridor links ports and farms across three borders.\n\n"
         "Judging from the figures, there is no contradiction between the two projects.\n\n"
         "Both serve trade, and both need the other to grow.")


def test_a_text_that_reports_no_speech_is_an_analysis(vocab, annotate_text):
    a = annotate_text(ESSAY, vocab=vocab)
    assert a.kind == "article"
    # Its title is not made from the signed article's template: nobody in it wrote it.
    assert not a.title.startswith("Article by")


def test_a_report_that_attributes_is_a_news_report(vocab, annotate_text):
    assert kind(vocab, annotate_text, ESSAY.replace("Both serve trade", "Both serve trade, an economist said,")) == "news-report"
    # Too short a text to tell an analysis from a brief.
    assert kind(vocab, annotate_text, "\n\n".join(ESSAY.split("\n\n")[:3])) == "news-report"


# --- titles --------------------------------------------------------------------------------

def test_a_photo_caption_is_never_the_headline(annotate_text):
    a = annotate_text("Premier opens grain port gateway\n\n"
                      "The premier opens the new grain port in the south on May 3, 2023. (Agency/Ana Diaz)\n\n"
                      "The premier opened the new grain port in the south on May 3, spokeswoman Ana Diaz said.")
    assert a.title == "Premier opens grain port gateway"


def test_the_headline_stands_above_the_caption_that_repeats_the_lead(annotate_text):
    a = annotate_text("Home > News\nTwo Premiers Seal Grain Port Pact\n\n"
                      "The premier shakes hands with the visiting premier after signing the accord on the grain port\n\n"
                      "On May 3, 2023, the premier and the visiting premier signed an accord on the grain port in the south.")
    assert a.title == "Two Premiers Seal Grain Port Pact"


# --- the loader ----------------------------------------------------------------------------

def _kinds_file(tmp_path: Path, extra: str, kind_extra: str = "") -> Path:
    folder = tmp_path / "vocab"
    folder.mkdir()
    (folder / "kinds.yml").write_text(
        "kinds:\n  - id: speech\n    label: Speech\n" + kind_extra + "  - id: news-report\n    label: News report\n"
        + extra, encoding="utf-8")
    return folder


@pytest.mark.parametrize("extra, kind_extra, expected", [
    ("shapes:\n  voiced: ['(unclosed']\n", "", "kinds.yml:7: voiced: bad pattern"),
    ("shapes:\n  remarks:\n    - kind: lecture\n", "", "kinds.yml:8: kind: no kind 'lecture'"),
    ("shapes:\n  first_person_share: 2\n", "", "kinds.yml:7: first_person_share: must be a number from 0 to 1"),
    ("shapes:\n  label_words: -1\n", "", "kinds.yml:7: label_words: must be a whole number"),
    ("shapes:\n  colour: red\n", "", "kinds.yml:7: shapes: unknown key 'colour'"),
    ("", "    patterns: ['[a-']\n", "kinds.yml:4: patterns (speech): bad pattern"),
    ("", "    body: yes please\n", "kinds.yml:4: body: speech: must be true or false"),
])
def test_the_loader_names_file_and_line_of_a_bad_shape(tmp_path, extra, kind_extra, expected):
    with pytest.raises(ConfigError) as err:
        load_vocabulary(_kinds_file(tmp_path, extra, kind_extra))
    assert any(expected in p for p in err.value.problems), err.value.problems


def test_the_shipped_shapes_load(vocab):
    shapes = vocab.kind_shapes
    assert shapes.remarks and shapes.remarks[-1].kind == "speech"
    assert shapes.analysis_kind == "article" and shapes.voiced
