"""Accounts that give no day of their encounter join the one dated event that fits them, and
only then (kb/stages/accounts.py, kinds.yml's `accounts:`): the same parties, a kind that can
report the encounter, a time that agrees (published within days after it, or its weekday named,
or its year) and distinctive content shared. Texts written for these tests."""
from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from kb.model import Annotated, Document, Paragraph
from kb.rules.accounts import AccountRules
from kb.rules.language import load_language
from kb.rules.yamlfile import ConfigError
from kb.rules.vocabulary import load_vocabulary
from kb.stages.accounts import features, named_weekday
from kb.stages.link import link

LANG = load_language()
GROUPS = {"meeting": "talks", "phone-call": "talks", "message": "messages"}
RULES = AccountRules(reports={"news-report": ("talks",)}, published_within_days=3, years_before=1,
                     rare_share=0.01, rare_documents=3, shared_weight={"dated": 2, "weekday": 4, "years": 4},
                     runner_up_share=0.5, dates=LANG.dates, stopwords=LANG.stopwords)
HARBOUR = ("The two ministers met at the harbour of Port Amsel and signed 14 protocols on grain storage, "
           "cold chains and river dredging worth 3.2 billion dollars.")
BRIDGE = ("The two ministers met in Velden and agreed to rebuild the old toll bridge over the Sarn with 600 "
          "engineers, opening a night ferry until the bridge reopens.")


def account(slug: str, text: str, kind: str = "meeting", day: dt.date | None = None,
            published: dt.date | None = None, people: tuple[str, ...] = ("ana-lind", "bo-kern")) -> Annotated:
    paragraphs = tuple(Paragraph(i, t, i + 1) for i, t in enumerate(text.split("\n\n")))
    return Annotated(
        doc=Document(source=f"{slug}.txt", sha256=slug, raw_text=text, encoding="utf-8", date_header=published,
                     headline=None, paragraphs=paragraphs, footer=()),
        slug=slug, title=slug, title_source="headline", published=published, event_date=day,
        event_date_evidence="", publisher=None, kind=kind, participants=people,
        mentions=(), topics=(), statements=())


def events_of(*docs: Annotated, rules: AccountRules = RULES) -> dict[str, str | None]:
    """Each account's event, among a bystander's account of another encounter: in a corpus of
    two documents, nothing the two share is rarer than anything else."""
    bystander = account("bystander", BRIDGE, day=dt.date(2022, 1, 3), people=("cy-moss", "di-ro"))
    corpus = link([*docs, bystander], GROUPS, list(GROUPS), rules)
    return {d.slug: corpus.event_of.get(d.slug) for d in docs}


def test_an_undated_account_joins_the_one_event_its_parties_kind_time_and_words_fit():
    dated = account("dated", HARBOUR, day=dt.date(2023, 5, 4), published=dt.date(2023, 5, 4))
    undated = account("undated", "Ana Lind and Bo Kern held talks. " + HARBOUR, published=dt.date(2023, 5, 5))
    other = account("other", BRIDGE, day=dt.date(2023, 2, 1))
    found = events_of(dated, undated, other)
    assert found["undated"] == found["dated"] != found["other"]
    corpus = link([dated, undated, other], GROUPS, list(GROUPS), RULES)
    event = next(e for e in corpus.events if e.id == found["dated"])
    assert event.documents == ("dated", "undated")  # the dated account first: the events page shows two


def test_an_undated_account_that_fits_two_events_stays_alone():
    # Two Thursdays, the same parties, the same protocols: which of the two the account
    # tells of, its words do not say.
    first = account("first", HARBOUR, day=dt.date(2023, 5, 4))
    second = account("second", HARBOUR.replace("Port Amsel", "Port Ilse"), day=dt.date(2023, 9, 7))
    undated = account("undated", "On Thursday " + HARBOUR.replace("Port Amsel", "the port"))
    assert events_of(first, second, undated)["undated"] is None
    # Without the second encounter, the first is the one that fits.
    assert events_of(first, undated)["undated"] == events_of(first, undated)["first"]


def test_two_dated_accounts_of_different_days_stay_apart_whatever_they_share():
    call = account("call", HARBOUR, kind="phone-call", day=dt.date(2023, 12, 28))
    meeting = account("meeting", HARBOUR, day=dt.date(2023, 12, 31))
    found = events_of(call, meeting)
    assert found["call"] != found["meeting"]


@pytest.mark.parametrize("change", [
    {"published": dt.date(2023, 5, 20)},               # published long after: a look back, not an account
    {"published": dt.date(2023, 5, 1)},                # published before the event
    {"people": ("ana-lind", "cy-moss")},               # other parties
    {"kind": "message"},                               # a message is no account of talks
    {"text": "Ana Lind and Bo Kern held talks on shipping."},  # nothing distinctive in common
    {"text": HARBOUR + " The treaty of 2019 was recalled; the talks were held in 2020."},  # names no later year
    {"text": "On Friday " + HARBOUR},                  # the event was on a Thursday
    {"text": HARBOUR},                                 # no date, weekday or year: no time to agree
])
def test_an_undated_account_that_does_not_fit_stays_alone(change):
    dated = account("dated", HARBOUR, day=dt.date(2023, 5, 4))
    fields = {"text": "In 2023 " + HARBOUR, "published": None, "people": ("ana-lind", "bo-kern"), "kind": "meeting",
              **change}
    undated = account("undated", fields["text"], kind=fields["kind"], published=fields["published"],
                      people=fields["people"])
    assert events_of(dated, undated)["undated"] is None


@pytest.mark.parametrize("when", [
    {"published": dt.date(2023, 5, 6)},           # published two days after
    {"text": "On Thursday " + HARBOUR},           # the weekday of the event, no publication date
    {"text": "In May 2023 " + HARBOUR},           # its year, and neither of those
])
def test_an_undated_account_joins_by_any_evidence_of_time_that_agrees(when):
    dated = account("dated", HARBOUR, day=dt.date(2023, 5, 4))
    fields = {"text": HARBOUR, "published": None, **when}
    undated = account("undated", fields["text"], published=fields["published"])
    found = events_of(dated, undated)
    assert found["undated"] == found["dated"] is not None


def test_a_weekday_heading_a_written_date_is_the_date_not_the_day_reported():
    stamped = account("stamped", "Friday, 5 May 2023\n\nThe ministers met on Thursday in the port.")
    assert named_weekday(stamped, LANG.dates) == 3
    assert named_weekday(account("ahead", "They will meet again next Monday."), LANG.dates) is None


def test_words_every_year_s_accounts_use_are_not_content_that_agrees():
    # A stock sentence many documents hold weighs nothing; the account shares only that
    # with the event, so it stays alone, while one sharing the event's own details joins.
    stock = "The two ministers praised the friendship and the good neighbourliness between the nations."
    others = [account(f"other-{i}", stock + f" They discussed topic number {i}.", people=("cy-moss", "di-ro"),
                      day=dt.date(2020, 1, 1) + dt.timedelta(days=40 * i)) for i in range(12)]
    dated = account("dated", stock + " " + HARBOUR, day=dt.date(2023, 5, 4))
    stock_only = account("stock-only", "On Thursday " + stock)
    detailed = account("detailed", "On Thursday " + HARBOUR)
    assert events_of(dated, stock_only, *others)["stock-only"] is None
    found = events_of(dated, detailed, *others)
    assert found["detailed"] == found["dated"]


def test_features_are_words_pairs_numbers_and_quotations_without_stopwords():
    doc = account("quoted", 'The minister said: "we shall open the bridge again soon". Costs rose 3.2 percent.')
    held = features(doc, LANG.stopwords)
    assert {"minister", "3.2", "rose 3.2", "“we shall open the bridge again soon"} <= held
    assert "the" not in held and "the minister" not in held


def test_a_kind_that_reports_another_group_joins_and_joining_is_off_without_rules():
    dated = account("dated", HARBOUR, day=dt.date(2023, 5, 4))
    report = account("report", "Last year, in 2023, " + HARBOUR, kind="news-report")
    assert events_of(dated, report)["report"] == events_of(dated, report)["dated"]
    assert events_of(dated, report, rules=AccountRules())["report"] is None


def test_the_joining_rules_are_checked_with_file_and_line(tmp_path):
    kinds = ("kinds:\n  - id: meeting\n    label: Meeting\n    encounter: talks\n"
             "  - id: news-report\n    label: News report\n"
             "accounts:\n  reports:\n    news-report: [chats]\n  rare_share: 2\n  wobble: 1\n"
             "  shared_weight:\n    weekday: -1\n    moon: 3\n")
    (tmp_path / "kinds.yml").write_text(kinds, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_vocabulary(tmp_path)
    where = str(tmp_path / "kinds.yml")
    problems = info.value.problems
    assert any(p.startswith(f"{where}:9: reports: news-report: no encounter group 'chats'") for p in problems), problems
    assert any(p.startswith(f"{where}:10: rare_share: must be a number from 0 to 1") for p in problems), problems
    assert any(p.startswith(f"{where}:11: accounts: unknown key 'wobble'") for p in problems), problems
    assert any(p.startswith(f"{where}:13: weekday: must be a number of 0 or more") for p in problems), problems
    assert any(p.startswith(f"{where}:14: shared_weight: unknown evidence of time 'moon'") for p in problems), problems


def test_the_shipped_vocabulary_joins_undated_accounts(vocab):
    rules = vocab.account_rules
    assert rules.shared_weight["weekday"] > 0 and "news-report" in rules.reports
    assert rules.dates is not None and "the" in rules.stopwords


def test_a_dated_report_of_another_kind_joins_the_one_event_of_its_day():
    talks = account("talks", HARBOUR, day=dt.date(2023, 5, 4))
    briefing = account("briefing", "The ministers told the press: " + HARBOUR, kind="news-report", day=dt.date(2023, 5, 4))
    later = account("later", "The ministers told the press: " + HARBOUR, kind="news-report", day=dt.date(2023, 5, 9))
    found = events_of(talks, briefing, later)
    assert found["briefing"] == found["talks"] and found["later"] is None
