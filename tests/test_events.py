"""Accounts that give no day of their encounter join the one dated event that fits them, and
only then (kb/stages/accounts.py, kinds.yml's `accounts:`). Texts written for these tests."""
from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from kb.model import Annotated, Document, Paragraph
from kb.rules.accounts import AccountRules
from kb.rules.yamlfile import ConfigError
from kb.rules.vocabulary import load_vocabulary
from kb.stages.link import link

GROUPS = {"meeting": "talks", "phone-call": "talks", "message": "messages"}
RULES = AccountRules(reports={"news-report": ("talks",)}, published_within_days=3, years_before=1,
                     rare_share=0.005, shared_phrases=4, runner_up_share=0.5)
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
    corpus = link(list(docs), GROUPS, list(GROUPS), rules)
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
    first = account("first", HARBOUR, day=dt.date(2023, 5, 4))
    second = account("second", HARBOUR.replace("Port Amsel", "Port Ilse"), day=dt.date(2023, 9, 8))
    undated = account("undated", HARBOUR.replace("Port Amsel", "the port"))
    assert events_of(first, second, undated)["undated"] is None


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
])
def test_an_undated_account_that_does_not_fit_stays_alone(change):
    dated = account("dated", HARBOUR, day=dt.date(2023, 5, 4))
    fields = {"text": HARBOUR, "published": None, "people": ("ana-lind", "bo-kern"), "kind": "meeting", **change}
    undated = account("undated", fields["text"], kind=fields["kind"], published=fields["published"],
                      people=fields["people"])
    assert events_of(dated, undated)["undated"] is None


def test_a_kind_that_reports_another_group_joins_and_joining_is_off_without_rules():
    dated = account("dated", HARBOUR, day=dt.date(2023, 5, 4))
    report = account("report", HARBOUR, kind="news-report")
    assert events_of(dated, report)["report"] == events_of(dated, report)["dated"]
    assert events_of(dated, report, rules=AccountRules())["report"] is None


def test_the_joining_rules_are_checked_with_file_and_line(tmp_path):
    kinds = ("kinds:\n  - id: meeting\n    label: Meeting\n    encounter: talks\n"
             "  - id: news-report\n    label: News report\n"
             "accounts:\n  reports:\n    news-report: [chats]\n  rare_share: 2\n  wobble: 1\n")
    (tmp_path / "kinds.yml").write_text(kinds, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_vocabulary(tmp_path)
    where = str(tmp_path / "kinds.yml")
    problems = info.value.problems
    assert any(p.startswith(f"{where}:9: reports: news-report: no encounter group 'chats'") for p in problems), problems
    assert any(p.startswith(f"{where}:10: rare_share: must be a number from 0 to 1") for p in problems), problems
    assert any(p.startswith(f"{where}:11: accounts: unknown key 'wobble'") for p in problems), problems


def test_the_shipped_vocabulary_joins_undated_accounts(vocab):
    assert vocab.account_rules.shared_phrases > 0 and "news-report" in vocab.account_rules.reports


def test_a_dated_report_of_another_kind_joins_the_one_event_of_its_day():
    talks = account("talks", HARBOUR, day=dt.date(2023, 5, 4))
    briefing = account("briefing", "The ministers told the press: " + HARBOUR, kind="news-report", day=dt.date(2023, 5, 4))
    later = account("later", "The ministers told the press: " + HARBOUR, kind="news-report", day=dt.date(2023, 5, 9))
    found = events_of(talks, briefing, later)
    assert found["briefing"] == found["talks"] and found["later"] is None
