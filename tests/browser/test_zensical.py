"""The Zensical site as a reader meets it, in real Chromium: the journey of test_reader.py, and
Zensical's own search (a dialog of its own, in a shadow root, answering from search.json)."""
from __future__ import annotations

from urllib.parse import quote_plus, urlsplit

import pytest

from .test_reader import TIMEOUT, test_journey_home_topic_passage_document as journey

pytestmark = pytest.mark.browser


def test_journey_home_topic_passage_document(zensical_site, page):
    """Home, a topic, a passage link that lands on its paragraph, marked and in view."""
    journey(zensical_site, page)


def zensical_search(page, query: str) -> list[str]:
    """Open Zensical's search dialog and type; the result links' paths, best first."""
    page.locator("button.md-search__button").click()
    field = page.locator("dialog input[role=combobox]")
    field.fill(query)
    results = page.locator("dialog ol[role=listbox] a[role=option]")
    # Results are replaced as the query is typed: those of the whole query carry it in their links.
    page.locator(f"dialog a[role=option][href*='h={quote_plus(query)}']").first.wait_for(timeout=TIMEOUT)
    return [urlsplit(u).path for u in results.evaluate_all("els => els.map(e => e.href)")]


@pytest.mark.parametrize("query, expected", [
    ("EAEU", "/organizations/eurasian-economic-union/"),  # an alias the seeds never use: the page lists it
    ("True gold can stand the test of fire", "/documents/2020-12-28-"),  # a phrase of a document
])
def test_search_finds_a_page_by_an_alias_or_a_phrase(zensical_site, page, query, expected):
    page.goto(zensical_site.url(), wait_until="load")
    results = zensical_search(page, query)
    assert any(r.startswith(expected) for r in results), results
