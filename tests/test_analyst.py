"""Analyst views on a made-up corpus: two accounts and a wire report of one call, a second call
a week later; events, who said what, timeline, topic map, set phrases, vocabulary gaps."""
from __future__ import annotations

import json
import re
import shutil
from html import unescape

import pytest

from conftest import FIXTURES, build
from sitecheck import broken_links


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("analyst")
    shutil.copytree(FIXTURES / "analyst", tmp / "seeds")
    assert build(tmp, tmp / "seeds", "--vocabulary", str(FIXTURES / "vocab"), "--strict") == 0
    return tmp / "site"


def data(site):
    return json.loads((site / "data" / "kb.json").read_text(encoding="utf-8"))


def page(site, url):
    """The article of a built page (not the navigation or table of contents), unescaped."""
    html = (site / url / "index.html").read_text(encoding="utf-8")
    return unescape(re.sub(r"<[^>]+>", "", html[html.index("<article"):html.index("</article>")]))


def test_accounts_of_one_call_are_one_event_and_a_later_call_another(site):
    kb = data(site)
    by_source = {d["source"]: d for d in kb["documents"]}
    call = by_source["cn-readout.txt"]["event"]
    assert call and by_source["kremlin-readout.txt"]["event"] == call == by_source["wire-report.txt"]["event"]
    second = by_source["second-call.txt"]["event"]
    assert second and second != call
    events = {e["id"]: e for e in kb["events"]}
    assert events[call]["date"] == "2022-03-10" and events[call]["kind"] == "phone-call"
    assert set(events[call]["participants"]) == {"xi-jinping", "vladimir-putin"}
    assert len(events[call]["documents"]) == 3 and len(events[second]["documents"]) == 1


def test_event_page_sets_accounts_side_by_side(site):
    kb = data(site)
    call = next(e for e in kb["events"] if len(e["documents"]) == 3)
    html = page(site, call["url"])
    assert "Accounts side by side" in html
    only = html[html.index("What only one account mentions"):]
    assert "COVID cooperation" in only and "Treaty anniversary" in only  # only the Kremlin readout
    assert "BRI–EAEU alignment" in only  # only the Chinese readout
    assert "Only Xinhua mentions: nothing the others do not" in only  # trade is in the Chinese readout too


def test_who_said_what_per_person_and_per_topic(site):
    putin = page(site, "people/vladimir-putin/")
    statements = putin[putin.index("Statements"):putin.index("Passages")]
    assert "On BRI–EAEU alignment" in statements and "On Treaty anniversary" in statements
    assert "went well" in statements  # "Putin said, quoting his foreign minister, ..." is Putin's
    topic = page(site, "topics/trade/")
    who = topic[topic.index("Who said what on it"):]
    assert "Xi Jinping" in who and "kept growing" in who


def test_a_he_after_two_people_is_no_statement(site):
    wire = next(d for d in data(site)["documents"] if d["source"] == "wire-report.txt")
    statements = [s for p in wire["paragraphs"] for s in p["statements"]]
    assert [(s["speaker"], s["verb"]) for s in statements] == [("xi-jinping", "agreed"), ("vladimir-putin", "agreed")]
    assert not any(s["text"].startswith("He said") for s in statements)


def test_timeline_topic_map_phrases_and_gaps(site):
    timeline = page(site, "timeline/")
    assert "2022" in timeline and "2001" in timeline  # the treaty signing the Kremlin text refers to
    topic_map = (site / "topic-map" / "index.html").read_text(encoding="utf-8")
    assert 'class="kb-heat"' in topic_map and topic_map.count('<td class="kb-h') >= 4
    home = page(site, "")
    assert "Topics by year" in home
    assert 'class="kb-heat kb-years"' in (site / "index.html").read_text(encoding="utf-8")
    phrases = page(site, "phrases/")
    shared = phrases[phrases.index("community with a shared future for mankind"):phrases.index("core interests")]
    assert "2 uses" in shared and "first" in shared and "Xi Jinping (1)" in shared
    gaps = page(site, "gaps/")
    assert "Paragraphs no topic covers" in gaps and "Names not in the vocabulary" in gaps


def test_all_links_resolve(site):
    assert broken_links(site) == []
