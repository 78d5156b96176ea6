"""Dates in text: explicit dates, weekdays against the publication date, ordinals ignored."""
from __future__ import annotations

import datetime as dt

from kb.rules.language import load_language
from kb.text.dates import explicit_dates as _explicit, needs_reference as _needs, relative_dates as _relative, writing_year

WORDS = load_language().dates


def explicit_dates(text, reference, is_future=None):
    return _explicit(text, reference, WORDS, is_future)


def relative_dates(sentence, reference, is_future):
    return _relative(sentence, reference, WORDS, is_future)


def needs_reference(sentence):
    return _needs(sentence, WORDS)

SAT = dt.date(2021, 1, 2)


def FUTURE(words: str) -> bool:
    return "will" in words.split()


def test_weekday_in_the_past_tense_is_the_one_before():
    assert relative_dates("They vowed on Thursday to...", SAT, FUTURE)[0].date == dt.date(2020, 12, 31)


def test_the_verb_before_the_weekday_decides_not_a_later_clause():
    found = relative_dates("They said on Thursday that they will meet.", SAT, FUTURE)
    assert found[0].date == dt.date(2020, 12, 31)


def test_weekday_in_the_future_is_the_one_after():
    assert relative_dates("They will meet on Thursday.", SAT, FUTURE)[0].date == dt.date(2021, 1, 7)
    assert relative_dates("They met last Saturday, and will meet again.", SAT, FUTURE)[0].date == SAT


def test_yesterday_today_tomorrow():
    assert [f.date.day for f in relative_dates("yesterday, today and tomorrow", SAT, FUTURE)] == [1, 2, 3]


def test_explicit_dates_and_not_ordinals():
    text = "On the evening of December 28, 2020, marking the 20th anniversary, and 16 July 2001."
    assert [f.date for f in explicit_dates(text, None)] == [dt.date(2020, 12, 28), dt.date(2001, 7, 16)]


def test_a_date_without_year_takes_the_year_before_the_reference():
    assert explicit_dates("on Dec. 28 they spoke", SAT)[0].date == dt.date(2020, 12, 28)
    assert explicit_dates("on January 1 they spoke", SAT)[0].date == dt.date(2021, 1, 1)


def test_a_stay_of_several_days_starts_on_its_first_day():
    found = explicit_dates("The delegation toured the region from 14 to 16 May 2024.", None)
    assert [(f.date, f.evidence) for f in found] == [(dt.date(2024, 5, 14), "14 to 16 May 2024")]
    assert explicit_dates("He will be in the capital from October 3-5.", SAT, FUTURE)[0].date == dt.date(2021, 10, 3)


def test_a_coming_date_without_year_is_the_next_such_day():
    # Published on 2 January: "will open on December 20" is this year's, not the one before.
    assert explicit_dates("The bridge will open on December 20.", SAT, FUTURE)[0].date == dt.date(2021, 12, 20)
    assert explicit_dates("The bridge opened on December 20.", SAT, FUTURE)[0].date == dt.date(2020, 12, 20)


def test_what_needs_a_reference_to_be_a_day():
    assert needs_reference("The ministers spoke on Tuesday and met again on 4 March.") == ["Tuesday", "4 March"]
    assert needs_reference("They met on the evening of October 9.") == ["October 9"]
    assert needs_reference("They met on October 9, 2019, in Dushanbe.") == []


def test_a_date_up_to_31_days_after_the_reference_keeps_the_references_year():
    # A report may be dated a little before what it tells of (an agenda, a date header set late).
    assert explicit_dates("on January 20 they spoke", SAT)[0].date == dt.date(2021, 1, 20)
    assert explicit_dates("on February 2 they spoke", SAT)[0].date == dt.date(2021, 2, 2)   # 31 days
    assert explicit_dates("on February 3 they spoke", SAT)[0].date == dt.date(2020, 2, 3)   # 32 days
    assert explicit_dates("on January 2 they spoke", SAT)[0].date == SAT


def test_a_coming_weekday_named_on_that_weekday_is_a_week_on():
    # Published on Saturday: "will meet on Saturday" is next week's, "met on Saturday" today's.
    assert relative_dates("They will meet on Saturday.", SAT, FUTURE)[0].date == dt.date(2021, 1, 9)
    assert relative_dates("They meet next Saturday.", SAT, FUTURE)[0].date == dt.date(2021, 1, 9)
    assert relative_dates("They met on Saturday.", SAT, FUTURE)[0].date == SAT
    assert relative_dates("They will meet on Sunday.", SAT, FUTURE)[0].date == dt.date(2021, 1, 3)
    # Six days back is the weekday of tomorrow too: left unresolved, unless "last" says which.
    assert relative_dates("They met on Sunday.", SAT, FUTURE) == []
    assert relative_dates("They met last Sunday.", SAT, FUTURE)[0].date == dt.date(2020, 12, 27)
    assert relative_dates("They met on Monday.", SAT, FUTURE)[0].date == dt.date(2020, 12, 28)


def test_iso_dates_and_dates_after_one_that_is_skipped_are_read():
    text = "Signed 2021-03-04. From 14 to 16 May 2024, and 20 June 2024. On May 5 and on June 6, 2021."
    assert [(f.date, f.evidence) for f in explicit_dates(text, None)] == [
        (dt.date(2021, 3, 4), "2021-03-04"), (dt.date(2024, 5, 14), "14 to 16 May 2024"),
        (dt.date(2024, 6, 20), "20 June 2024"), (dt.date(2021, 6, 6), "June 6, 2021")]
    # an impossible day is passed over, not the dates after it
    assert [f.date for f in explicit_dates("On February 30, 2021 and on March 3, 2021.", None)] == [dt.date(2021, 3, 3)]


def test_a_coming_date_already_past_this_year_is_next_years():
    june = dt.date(2021, 6, 15)
    assert explicit_dates("They will meet on March 3.", june, FUTURE)[0].date == dt.date(2022, 3, 3)
    assert explicit_dates("They will meet on June 15.", june, FUTURE)[0].date == june  # the day itself
    assert explicit_dates("They met on March 3.", june, FUTURE)[0].date == dt.date(2021, 3, 3)


def test_coming_and_last_and_past_outweigh_the_verb():
    assert relative_dates("They met on the coming Sunday.", SAT, FUTURE)[0].date == dt.date(2021, 1, 3)
    assert relative_dates("They will recall last Thursday.", SAT, FUTURE)[0].date == dt.date(2020, 12, 31)
    assert relative_dates("They will recall the past Thursday.", SAT, FUTURE)[0].date == dt.date(2020, 12, 31)


def test_a_relative_dates_evidence_and_place_are_the_words_read():
    found = relative_dates("On last Saturday, and yesterday, they met.", SAT, FUTURE)
    assert [(f.date, f.evidence, f.start) for f in found] == [
        (dt.date(2021, 1, 2), "last Saturday", 3), (dt.date(2021, 1, 1), "yesterday", 22)]


def test_the_clause_of_a_weekday_decides_its_tense():
    from kb.text.dates import tense_window

    assert tense_window("Putin, who will visit next month, met Xi on") == "met Xi on"
    assert tense_window("one two three four five six seven eight nine ten") == "three four five six seven eight nine ten"
    assert relative_dates("He will travel; he met Xi on Thursday.", SAT, FUTURE)[0].date == dt.date(2020, 12, 31)


def test_weekdays_and_relative_days_past_the_calendar_ends_are_left_unresolved():
    """A seed dated on the calendar's first or last day: "on Tuesday" before 0001-01-01 or
    "tomorrow" after 9999-12-31 has no date; the sentence's other words still resolve."""
    never = lambda words: False  # noqa: E731
    coming = lambda words: True  # noqa: E731
    first, last = dt.date(1, 1, 1), dt.date(9999, 12, 31)  # a Monday and a Friday
    assert relative_dates("They met on Tuesday.", first, never) == []
    assert [f.date for f in relative_dates("They met on Monday and today.", first, never)] == [first, first]
    assert relative_dates("They will meet on Tuesday, then tomorrow.", last, coming) == []
    assert [f.evidence for f in relative_dates("They met yesterday.", last, never)] == ["yesterday"]
    assert explicit_dates("They met on December 30.", last)[0].date == dt.date(9999, 12, 30)
    assert explicit_dates("They will meet on January 2.", last, coming) == []


# --- issue 29: days named by a phrase, the year a text fixes, deadlines ---------------------

LANG = load_language()


def test_a_day_named_by_a_phrase_with_its_year():
    assert [f.date for f in explicit_dates("They spoke on the last day of 2030.", None)] == [dt.date(2030, 12, 31)]
    assert [f.date for f in explicit_dates("Greetings came on New Year's Day, 2031.", None)] == [dt.date(2031, 1, 1)]
    # Without a year the phrase names no day of the calendar.
    assert explicit_dates("They toured the port on the last day of the visit.", SAT) == []


def _year(*sentences: str) -> int | None:
    return writing_year(list(sentences), WORDS, LANG.is_future)


def test_the_year_a_text_says_it_speaks_in():
    assert _year("The minister said that 2030 is a year of new ports.") == 2030
    assert _year("This year, 2030, marks a decade of the ferry line.") == 2030


def test_only_coming_years_named_put_the_text_in_the_year_before():
    assert _year("Trade will grow further in 2031, he said.") == 2030
    # An invitation speaks of a coming trip, however far its verb stands from the year.
    assert _year("The premier invited his colleague to visit the new port in the spring of 2031.") == 2030
    # A year after "by" or "until" is a deadline.
    assert _year("The two lines should be linked by 2031.") == 2030


def test_past_years_alone_or_a_year_naming_a_thing_fix_no_year():
    assert _year("The ferry line opened in 2029.") is None               # written any year since
    assert _year("The ministers will adopt a 2031 Plan for the ports.") is None
    assert _year("The line opened in 2032.", "It will grow in 2031.") is None  # the years disagree


def test_by_or_until_before_a_day_make_it_a_deadline_ahead():
    # Published on Saturday 2 January: "by Friday" is the coming Friday.
    assert relative_dates("Replies are due by Friday.", SAT, LANG.is_future)[0].date == dt.date(2021, 1, 8)
    assert relative_dates("The fair stays open until Friday.", SAT, LANG.is_future)[0].date == dt.date(2021, 1, 8)
    assert relative_dates("The deal was signed by the ministers on Friday.", SAT, LANG.is_future)[0].date == dt.date(2021, 1, 1)
