"""Annotation on made-up texts with the small test vocabulary."""
from __future__ import annotations

import datetime as dt


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
    assert b.title == "Xi said things"  # the dateline is no part of a title made from the lead


def test_a_tag_line_shows_no_topic_but_stays_text(annotate_text):
    a = annotate_text("The two sides agreed to expand trade on Monday, officials said.\n\ntrade\n\neconomy")
    assert [p.text for p in a.doc.paragraphs][1:] == ["trade", "economy"]
    assert {h.paragraph for h in a.topics} <= {1}


def test_title_from_the_lead_skips_quotation_introductions_and_datelines(annotate_text):
    a = annotate_text("The message reads:\n\nBEIJING, Jan. 1 (ExampleWire) -- The two foreign ministries "
                      "opened a joint hotline on Friday, officials said.")
    assert a.title == "The two foreign ministries opened a joint hotline on Friday"
    assert a.publisher == "ExampleWire"


# --- event dates ------------------------------------------------------------------------

def test_a_weekday_counts_from_the_wire_dateline_the_same_day_included(annotate_text):
    # Published the next day; the dateline's Friday 1 March 2024 is the "Friday".
    a = annotate_text("date 2024-03-02 Xi Meets Putin\n\nBEIJING, March 1 (Xinhua) -- Xi Jinping on Friday "
                      "held talks with Vladimir Putin in Beijing.")
    assert (a.event_date.isoformat(), a.event_date_evidence, a.event_date_note) == ("2024-03-01", "Friday", "")


def test_a_weekday_in_brackets_after_this_afternoon(annotate_text):
    a = annotate_text("date 2023-05-10 Putin this morning (Wednesday) spoke by telephone with Xi about grain.")
    assert a.event_date.isoformat() == "2023-05-10"


def test_an_announcement_is_dated_to_the_coming_event(annotate_text):
    a = annotate_text("date 2023-11-20 The two presidents will open the new bridge on December 4, officials said.")
    assert a.event_date.isoformat() == "2023-12-04"


def test_a_weekday_with_no_publication_date_stays_undated_and_says_why(annotate_text):
    a = annotate_text("Leaders Talk\n\nThe two presidents met by video link on Tuesday to discuss trade.")
    assert a.event_date is None
    assert a.event_date_note == "the lead names “Tuesday”, and the text shows no publication date to count from"
    b = annotate_text("Leaders Talk\n\nThe ministers signed the plan late on October 9 in the capital.")
    assert b.event_date is None and "“October 9”" in b.event_date_note
    c = annotate_text("Leaders Talk\n\nAstana, May 6 (IANS) The two ministers opened the fair on Monday.")
    assert c.event_date is None and "its dateline gives no year" in c.event_date_note


def test_a_photo_caption_never_dates_the_event(annotate_text):
    a = annotate_text("date 2022-04-06 Leaders Talk\n\nPhoto taken on March 3, 2020 shows cranes at a container terminal. (Xinhua)\n\n"
                      "BEIJING, April 5 (Xinhua) -- Xi Jinping said Tuesday that trade would grow.")
    assert a.event_date.isoformat() == "2022-04-05"
    b = annotate_text("Leaders Talk\n\nThis file photo taken on May 2, 2019 shows the two presidents. (AFP)\n\n"
                      "Xi Jinping and Vladimir Putin talked by phone.")
    assert b.event_date is None and b.event_date_note == "the text gives no date for the event"


def test_a_dated_caption_showing_the_event_dates_it_when_the_text_names_no_day(annotate_text):
    lead = "The presidents of Aria and Belo have opened a new grain terminal on the river by video link."
    shown = annotate_text("Presidents Open Grain Terminal\n\nThe president of Aria opens the grain terminal by video link "
                          "in Velden on May 4, 2030. (Photo by ZNEWS)\n\n" + lead)
    assert (shown.event_date, shown.event_date_evidence) == (dt.date(2030, 5, 4), "May 4, 2030")
    # A file photo, a caption of something else, or a photo older than a few days before the
    # publication date is not the event's.
    filed = annotate_text("Presidents Open Grain Terminal\n\nFile picture of the president of Aria opening the grain "
                          "terminal by video link, May 4, 2030. (Photo by ZNEWS)\n\n" + lead)
    other = annotate_text("Presidents Open Grain Terminal\n\nCranes unload ships at a harbour on May 4, 2030. "
                          "(Photo by ZNEWS)\n\n" + lead)
    older = annotate_text("date 2030-06-10 Presidents Open Grain Terminal\n\nThe president of Aria opens the grain "
                          "terminal by video link in Velden on May 4, 2030. (Photo by ZNEWS)\n\n" + lead)
    assert filed.event_date is None and other.event_date is None and older.event_date is None


def test_the_day_someone_spoke_gives_way_to_the_day_of_what_was_done(annotate_text):
    # Published Friday 6 December 2024: the spokesman spoke Friday of what was signed Thursday.
    a = annotate_text("date 2024-12-06 The new agreement shows the depth of mutual trust, a ministry spokesman said Friday.\n\n"
                      "The two governments on Thursday signed the agreement in Beijing.")
    assert (a.event_date.isoformat(), a.event_date_evidence) == ("2024-12-05", "Thursday")
    b = annotate_text("date 2024-12-06 The new agreement shows the depth of mutual trust, a ministry spokesman said Friday.\n\n"
                      "It will help trade, he added.")
    assert b.event_date.isoformat() == "2024-12-06"


def test_with_no_day_named_the_place_date_line_dates_it_but_never_the_publication_date(annotate_text):
    a = annotate_text("Talks With the President\nMarch 6, 2022, Sochi\n\nXi Jinping and Vladimir Putin held talks.")
    assert (a.event_date.isoformat(), a.event_date_inferred) == ("2022-03-06", False)
    # The day a report came out is not the day of what it reports: undated, with the reason.
    b = annotate_text("date 2022-03-07 Talks in Sochi\n\nXi Jinping and Vladimir Putin held talks in the resort city.")
    assert b.event_date is None and b.published == dt.date(2022, 3, 7)
    assert b.event_date_note == "the lead names no day of the encounter (the report's own date is not it)"


def test_a_wire_dateline_dates_the_statement_its_lead_reports_and_nothing_else(annotate_text):
    said = annotate_text("date 2022-03-08 VELDEN, March 7. /AGENCY/. The port will reopen in May, "
                         "the harbour master told reporters.")
    assert (said.event_date, said.event_date_inferred) == (dt.date(2022, 3, 7), True)
    given = annotate_text("date 2022-03-08 VELDEN, March 7. /AGENCY/. The harbour master has given an "
                          "interview to a local paper ahead of the season.")
    assert given.event_date is None


def test_a_written_date_fixes_the_day_that_today_beside_it_points_at(annotate_text):
    a = annotate_text("24.03.2030\n\nThe minister said this today, March 23, after talks in Velden.")
    assert (a.published, a.event_date) == (dt.date(2030, 3, 24), dt.date(2030, 3, 23))


def test_a_lead_announcing_a_coming_event_without_its_day_is_not_dated(annotate_text):
    a = annotate_text("date 2022-03-07 The two ministers will sign the fisheries accord in the spring, "
                      "a ministry official told reporters on Monday.")
    assert a.event_date is None
    assert a.event_date_note == "the lead announces a coming event and names no day for it"


def test_a_lead_giving_a_coming_day_and_the_day_it_was_told_is_dated_to_the_telling(annotate_text):
    # Published Thursday 20 June 2030: the aide spoke on Wednesday of an opening on the 25th.
    a = annotate_text("date 2030-06-20 VELDEN. ZNEWS - The two ministers will open the grain exchange on June 25 "
                      "in Velden, a ministry aide said on Wednesday.\n\nThe exchange will trade wheat and barley.")
    assert (a.event_date, a.event_date_evidence) == (dt.date(2030, 6, 19), "Wednesday")


def test_a_day_without_its_year_takes_the_year_the_text_fixes(annotate_text):
    said = annotate_text("Leaders Talk\n\nThe two presidents spoke by telephone on the evening of March 4.\n\n"
                         "The minister said that 2030 is a year of new ports for both countries.")
    assert said.event_date == dt.date(2030, 3, 4)
    coming = annotate_text("Leaders Talk\n\nThe two presidents exchanged greetings on December 31 by telegram.\n\n"
                           "Trade between the two ports will grow further in 2031, the premier said.")
    assert coming.event_date == dt.date(2030, 12, 31)
    # Years named of the past alone do not fix the year the text was written in.
    past = annotate_text("Leaders Talk\n\nThe two presidents opened the fair on November 2.\n\n"
                         "The first fair was held in 2028 in the capital.")
    assert past.event_date is None and "“November 2”" in past.event_date_note


def test_a_day_named_by_a_phrase_dates_the_event(annotate_text):
    a = annotate_text("Leaders Talk\n\nThe two presidents exchanged messages on the last day of 2030, "
                      "according to the ministry.")
    assert a.event_date == dt.date(2030, 12, 31)


# --- kinds ------------------------------------------------------------------------------

def kind(vocab, annotate_text, text: str) -> str:
    return annotate_text(text, vocab=vocab).kind


def test_the_lead_sentence_frames_the_kind(vocab, annotate_text):
    # A spokesman speaking of a joint statement: the report is of his briefing.
    assert kind(vocab, annotate_text, "The accord reached by the two sides helps regional peace, a foreign ministry "
                "spokesman said on Friday.\n\nThe two premiers on Thursday signed a joint communique.") == "press-conference"
    # One side "sent greetings" in the lead, the exchange comes next: an exchange.
    assert kind(vocab, annotate_text, "Vladimir Putin has sent greetings to Xi Jinping on his birthday, the Kremlin said.\n\n"
                "The two leaders have exchanged birthday messages every year since 2013.\n\n"
                "They also spoke by video link in the spring.") == "exchange-of-messages"


def test_a_briefing_quoted_further_down_is_not_the_kind(vocab, annotate_text):
    assert kind(vocab, annotate_text, "The two premiers will talk by video link next week to review the rail project.\n\n"
                "The project is on schedule, a spokeswoman said at a regular press briefing.") == "video-meeting"
    assert kind(vocab, annotate_text, "The two presidents met in the capital, an aide told reporters.") == "press-conference"


def test_kinds_worded_as_agencies_word_them(vocab, annotate_text):
    assert kind(vocab, annotate_text, "The premier discussed grain exports with his Kazakh counterpart during a call on Tuesday.") == "phone-call"
    assert kind(vocab, annotate_text, "Energy ties have a bright future, the premier wrote in an article published in "
                "two national dailies.") == "article"
    assert kind(vocab, annotate_text, "The president praised the engineers in a letter conveying her congratulations "
                "on the launch.") == "message"
    assert kind(vocab, annotate_text, "The two ministers then met the press together and praised the new rail "
                "link.") == "press-conference"


def test_a_kind_label_alone_shows_nothing(vocab, annotate_text):
    # "message" and "visit" as plain words: no account of a message or a visit.
    assert kind(vocab, annotate_text, "The vote sent a strong message to the markets, and the figures "
                "merit a visit.") == "news-report"


def test_a_paragraph_that_lost_its_full_stops_is_read_for_the_kind_from_its_opening(vocab, annotate_text):
    from kb.stages.kind import KIND_LEAD_CHARS
    filler = "the delegates reviewed the figures of the harvest and the rail freight " * 60
    assert len(filler) > KIND_LEAD_CHARS
    # A call named in the opening frames the report, however long the paragraph runs on.
    assert kind(vocab, annotate_text, "The two premiers talked by telephone on Monday " + filler) == "phone-call"
    # A press briefing named only far beyond the opening does not.
    assert kind(vocab, annotate_text, "The two premiers talked by telephone on Monday " + filler
                + " at a regular press briefing a spokeswoman said") == "phone-call"
    assert kind(vocab, annotate_text, filler + " the two premiers talked by telephone on Monday") == "news-report"
    # With full stops the same words are sentences, each starting within the opening or not.
    assert kind(vocab, annotate_text, "The harvest grew. " * 20 + "The two premiers talked by telephone.") == "phone-call"


def test_participants_come_from_the_lead_not_a_caption(vocab, annotate_text):
    a = annotate_text("Talks in the Capital\n\nXi Jinping waves in a file photo. (Photo by AFP)\n\n"
                      "Vladimir Putin held talks in the capital.", vocab=vocab)
    assert a.participants == ("vladimir-putin",)


def test_a_transcript_is_dated_by_its_headline_when_the_lead_names_no_day(annotate_text):
    a = annotate_text("Foreign Ministry Spokesperson's Regular Press Conference on March 21, 2023\n\n"
                      "Q: What is your comment on the visit?\n\nA: The visit is a success for both sides.")
    assert (a.event_date.isoformat(), a.event_date_evidence) == ("2023-03-21", "March 21, 2023")
    b = annotate_text("Xi and Putin Meet on March 21, 2023\n\nOn March 20, 2023, the two leaders held talks.")
    assert b.event_date.isoformat() == "2023-03-20"


def test_a_later_kind_that_takes_in_the_lead_sentence_kind_outranks_it(vocab, annotate_text):
    # A joint statement adopted after a video conversation: the report is of the conversation.
    assert kind(vocab, annotate_text, "The two prime ministers held a videoconference on the grain corridor.\n\n"
                "They reviewed the harvest.\n\nAfterwards the sides issued a joint statement on food security.") == "video-meeting"
    # "The meeting" reported during a state visit: the visit, which takes in its talks.
    assert kind(vocab, annotate_text, "The Kazakh president is in the capital on a state visit\n\nRail freight will "
                "double, the president said after the meeting with his host.") == "visit"
    # "Talked with" in the lead, "on the phone" in the headline: a call of the same encounter group.
    assert kind(vocab, annotate_text, "Premiers Talk Grain Exports by Telephone\n\n"
                "The two premiers talked with each other on Monday evening.") == "phone-call"


def test_the_dateline_ends_the_search_for_a_day_one_paragraph_on(annotate_text):
    a = annotate_text("date 2024-09-12 Ministers Agree on Rail Link\n\nMINSK, Sept. 11. /TASS/. The two countries will "
                      "build a new rail link by 2030, the transport minister said after the talks.\n\n"
                      "\"The work starts soon,\" he said.\n\nOn September 13, the minister will visit a depot.")
    assert (a.event_date.isoformat(), a.event_date_inferred) == ("2024-09-11", True)


def test_bidi_controls_never_reach_a_title(annotate_text):
    """An override in a headline (or in the lead a title is made from) would reorder what
    stands beside the title on every page, an unclosed one the site's own labels: the title
    loses it. The headline and the text keep what they hold."""
    a = annotate_text("Ministers \u202eMeet\u202c at the \u2067Port\u2069\n\nThe ministers meet at the port today.")
    assert a.title == "Ministers Meet at the Port"
    assert a.doc.headline == "Ministers \u202eMeet\u202c at the \u2067Port\u2069"
    b = annotate_text("\u202e\u2066\n\nThe \u202eministers\u202c met at the port to discuss the grain trade.")
    assert "\u202e" not in b.title and "\u2066" not in b.title and b.title
