"""Search as a reader uses it (issue 30), on the project's own seeds built with the default
engine: a query finds its document first, a passage result lands on its paragraph with the
words marked, a filter narrows the list, a shared search address draws the results, and a
misspelling or another name finds the right page."""
from __future__ import annotations

import shutil
from urllib.parse import urlsplit

import pytest

from conftest import SEEDS

from .conftest import serve_built

pytestmark = pytest.mark.browser

PHONE_CALL = "/documents/2020-12-28-xi-jinping-speaks-with-russian-president-vladimir-putin/"
MESSAGES = "/documents/2020-12-31-xi-jinping-and-vladimir-putin-exchange-new-year-messages/"
ITEMS = ".md-search-result__list > li.md-search-result__item"


@pytest.fixture(scope="module")
def search_site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("browser-search")
    shutil.copytree(SEEDS, tmp / "seeds")
    served = serve_built(tmp, tmp / "seeds")  # no --search: the default engine
    yield served
    served.server.shutdown()


def settled(page, scope: str = "") -> list[str]:
    """The pages listed (first link of each item), once the list is drawn and not busy."""
    page.wait_for_function(
        "s => { const l = document.querySelector(s + ' .md-search-result__list');"
        " return l && l.getAttribute('aria-busy') === 'false' && l.children.length > 0; }",
        arg=scope, timeout=20_000)
    page.wait_for_timeout(300)
    return page.eval_on_selector_all(f"{scope} {ITEMS} > a.md-search-result__link:first-of-type",
                                     "els => els.map(e => new URL(e.href).pathname)")


def type_query(page, url: str, query: str) -> list[str]:
    page.goto(url, wait_until="load")
    field = page.locator("input.md-search__input")
    field.click()
    field.type(query, delay=20)
    page.wait_for_function("q => document.querySelector('.md-search__input').value === q", arg=query)
    return settled(page, ".md-search")


def documents(paths: list[str]) -> list[str]:
    return [p for p in paths if p.startswith("/documents/")]


def test_a_query_finds_its_document_first(search_site, page):
    listed = type_query(page, search_site.url(), "phone conversation")
    assert documents(listed)[0] == PHONE_CALL, listed
    listed = type_query(page, search_site.url(), "new year messages")
    assert documents(listed)[0] == MESSAGES, listed


def test_a_passage_result_lands_on_its_paragraph_with_the_words_marked(search_site, page):
    type_query(page, search_site.url(), "extraordinary year")
    passage = page.locator(f"{ITEMS} a.md-search-result__link[href*='#p']").first
    href = passage.get_attribute("href")
    anchor = urlsplit(href).fragment
    passage.click()
    page.wait_for_url(lambda url: urlsplit(url).fragment == anchor)
    marked = page.locator(f"#{anchor} mark.kb-hl")
    marked.first.wait_for(timeout=10_000)
    assert "extraordinary" in " ".join(marked.all_inner_texts()).lower()
    # The address is the paragraph's permanent URL again, its number links there.
    page.wait_for_function("() => !location.search")
    assert urlsplit(page.url).fragment == anchor and "hl=" not in page.url
    number = page.locator(f"#{anchor} .kb-pnum").evaluate("a => a.href")
    assert "hl=" not in number and number.endswith("#" + anchor)


def test_a_filter_narrows_the_results(search_site, page):
    listed = type_query(page, search_site.url(), "Putin")
    assert {PHONE_CALL, MESSAGES} <= set(documents(listed)), listed
    page.locator(".md-search .kb-search-filters button.kb-filter-open").click()  # filters load when asked for
    kinds = page.locator(".md-search .kb-search-filters details[data-kb-filter='kind']")
    kinds.locator("summary").click()
    kinds.locator("label", has_text="Phone call").locator("input").check()
    page.wait_for_function("() => document.querySelector('.md-search-result__meta').textContent"
                           ".startsWith('1 matching document')", timeout=20_000)
    assert documents(settled(page, ".md-search")) == [PHONE_CALL]


def test_a_shared_search_address_draws_the_results(search_site, page):
    page.goto(search_site.url("search/?q=new+year&kind=Phone+call"), wait_until="load")
    listed = settled(page, ".kb-search-page")
    assert documents(listed) == [PHONE_CALL], listed
    assert page.locator(".kb-search-page input.kb-search-q").input_value() == "new year"
    page.goto(search_site.url("search/?q=new+year"), wait_until="load")
    assert set(documents(settled(page, ".kb-search-page"))) == {PHONE_CALL, MESSAGES}


def test_a_misspelling_or_another_name_finds_the_right_page(search_site, page):
    listed = type_query(page, search_site.url(), "Eurasion Economic Union")
    assert listed[0] == "/organizations/eurasian-economic-union/", listed
    assert documents(listed), listed
    # The seeds never write "EAEU": the documents are found by the name beside the passage.
    listed = type_query(page, search_site.url(), "EAEU")
    assert listed[0] == "/organizations/eurasian-economic-union/", listed
    assert set(documents(listed)) == {PHONE_CALL, MESSAGES}, listed
