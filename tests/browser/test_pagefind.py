"""Pagefind behind Material's search field, in Chromium: results, cost of a first search,
and seed text shown as text in result excerpts."""
from __future__ import annotations

import re
import shutil
from urllib.parse import urlsplit

import pytest

from conftest import HOSTILE, SEEDS

from .conftest import serve_built

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def pagefind_site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("browser-pagefind")
    shutil.copytree(SEEDS, tmp / "seeds")
    served = serve_built(tmp, tmp / "seeds", "--search", "pagefind")
    yield served
    served.server.shutdown()


def run_search(page, query: str) -> list[str]:
    field = page.locator("input.md-search__input")
    field.click()
    field.type(query, delay=20)
    page.wait_for_function(
        "q => document.querySelector('.md-search__input').value === q && "
        "document.querySelectorAll('.md-search-result__item').length > 0", arg=query, timeout=20_000)
    page.wait_for_timeout(300)
    return page.eval_on_selector_all(".md-search-result__item > a", "els => els.map(e => e.href)")


def test_pagefind_answers_materials_search_field_cheaply(pagefind_site, page):
    page.goto(pagefind_site.url(), wait_until="load")
    fetched: list[int] = []
    page.on("response", lambda r: fetched.append(len(r.body())) if r.ok else None)
    results = run_search(page, "EAEU")
    assert urlsplit(results[0]).path == "/organizations/eurasian-economic-union/", results[:5]
    # Filters are not loaded for a search (a reader asks for them): the list counts its results.
    page.wait_for_function("() => /^\\d+ results/.test(document.querySelector('.md-search-result__meta')"
                           ".textContent)", timeout=20_000)
    assert 0 < sum(fetched) < 1_000_000, sum(fetched)   # a first search, index chunks included
    page.locator(".md-search-result__item > a").first.click()
    page.wait_for_url(results[0])


def test_pagefind_result_excerpts_are_text(browser, tmp_path_factory, watch):
    tmp = tmp_path_factory.mktemp("browser-pagefind-hostile")
    seeds = tmp / "seeds"
    seeds.mkdir()
    for i, text in enumerate(HOSTILE):
        (seeds / f"h{i}.txt").write_text(f"date 2021-03-0{i + 1}\nZebrafish report. {text}\n", encoding="utf-8")
    served = serve_built(tmp, seeds, "--search", "pagefind", "--vocabulary",
                         str(SEEDS.parent / "tests" / "fixtures" / "vocab"))
    ctx = browser.new_context()
    ctx.route("**/*", lambda r: r.continue_() if urlsplit(r.request.url).hostname == "127.0.0.1" else (
        watch.foreign.append(r.request.url), r.abort()))
    page = ctx.new_page()
    page.on("dialog", lambda d: (watch.dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: watch.page_errors.append(str(e)))
    try:
        page.goto(served.url(), wait_until="load")
        run_search(page, "zebrafish")
        text = page.locator(".md-search-result__list").inner_text()
        assert page.locator(".md-search-result__list img, .md-search-result__list script, "
                            ".md-search-result__list iframe").count() == 0
        assert "alert(" in text
    finally:
        ctx.close()
        served.server.shutdown()
    assert not watch.problems(), watch.problems()


def test_pagefind_indexes_documents_and_concepts_not_their_copies(pagefind_site, page):
    """Event pages, year pages and lists repeat what documents and concept pages say: they
    would crowd the results (and the index) for nothing."""
    page.goto(pagefind_site.url(), wait_until="load")
    paths = [urlsplit(u).path for u in run_search(page, "Putin")]
    assert any(p.startswith("/documents/") and p != "/documents/" for p in paths), paths
    assert "/people/vladimir-putin/" in paths, paths
    assert not [p for p in paths if p.startswith("/events/") or p in ("/", "/documents/", "/timeline/")], paths


def test_topics_and_names_are_offered_while_pagefind_searches(pagefind_site, page):
    """A name or topic matching the query is listed at once from data/concepts.json; the
    documents follow when Pagefind answers (its index chunks held back here until then)."""
    held, holding = [], [True]

    def hold(route):
        if holding[0]:
            held.append(route)
        else:
            route.continue_()

    page.route("**/pagefind/index/**", hold)
    page.route("**/pagefind/fragment/**", hold)
    page.goto(pagefind_site.url(), wait_until="load")
    field = page.locator("input.md-search__input")
    field.click()
    field.type("putin", delay=20)
    page.wait_for_selector(".md-search-result__item[data-kb-concept]", timeout=20_000)
    quick = page.eval_on_selector_all(".md-search-result__item > a", "els => els.map(e => e.href)")
    assert [urlsplit(u).path for u in quick] == ["/people/vladimir-putin/"], quick
    assert page.locator(".md-search-result__item[data-kb-concept] p").inner_text().startswith("Person · ")
    for _ in range(200):  # until Pagefind asks for the chunks of the query
        if held:
            break
        page.wait_for_timeout(50)
    assert held
    assert page.locator(".md-search-result__item:not([data-kb-concept])").count() == 0
    assert page.locator(".md-search-result__meta").inner_text() == "Searching the documents…"

    holding[0] = False
    for route in held:
        route.continue_()
    page.wait_for_function("() => document.querySelectorAll('.md-search-result__item:not([data-kb-concept])')"
                           ".length > 0", timeout=20_000)
    paths = [urlsplit(u).path for u in
             page.eval_on_selector_all(".md-search-result__item > a", "els => els.map(e => e.href)")]
    assert paths[0] == "/people/vladimir-putin/" and paths.count("/people/vladimir-putin/") == 1, paths
    assert any(p.startswith("/documents/") for p in paths), paths
    page.locator(".md-search-result__item[data-kb-concept] > a").first.click()
    page.wait_for_url("**/people/vladimir-putin/")


def test_a_site_indexed_in_parts_searches_them_all(tmp_path, page, monkeypatch):
    """A large site's Pagefind index comes in parts (kb/renderers/search.py), merged in the browser: a
    word found only in the document of the second part is found."""
    shutil.copytree(SEEDS, tmp_path / "seeds")
    monkeypatch.setenv("KB_PAGEFIND_PART", "1")  # one document per part: the seeds make two
    served = serve_built(tmp_path, tmp_path / "seeds", "--search", "pagefind")
    try:
        assert (served.site / "pagefind-2" / "pagefind-entry.json").is_file()
        fetched: list[str] = []
        page.on("response", lambda r: fetched.append(urlsplit(r.url).path) if r.ok else None)
        page.goto(served.url(), wait_until="load")
        results = run_search(page, "turbulence")  # in the older seed only
        paths = [urlsplit(u).path for u in results]
        assert any(p.startswith("/documents/2020-12-28") for p in paths), paths
        assert any(p.startswith("/pagefind-2/") for p in fetched)
    finally:
        served.server.shutdown()


def test_the_newest_part_answers_first_then_the_whole_index(tmp_path, page, monkeypatch):
    """The first part of a large site's index holds its newest documents, and few of them: it
    is searched alone, and its results shown while the whole index is searched (Pagefind's time
    grows with the pages a query matches); the whole index's answer then replaces them."""
    shutil.copytree(SEEDS, tmp_path / "seeds")
    monkeypatch.setenv("KB_PAGEFIND_PART", "1")  # one document per part: the seeds make two
    served = serve_built(tmp_path, tmp_path / "seeds", "--search", "pagefind")
    held, holding = [], [True]

    def hold(route):
        if holding[0]:
            held.append(route)
        else:
            route.continue_()

    try:
        page.route("**/pagefind-2/index/**", hold)  # the older document's part, for the whole index
        page.goto(served.url(), wait_until="load")
        field = page.locator("input.md-search__input")
        field.click()
        field.type("Putin", delay=20)
        documents = ".md-search-result__item:not([data-kb-concept]) > a"
        page.wait_for_selector(documents, timeout=20_000)
        first = [urlsplit(u).path for u in page.eval_on_selector_all(documents, "els => els.map(e => e.href)")]
        assert any(p.startswith("/documents/2020-12-31") for p in first), first
        assert not any(p.startswith("/documents/2020-12-28") for p in first), first
        assert page.locator(".md-search-result__meta").inner_text() == \
            "Newest matching documents; searching older ones…"
        assert page.locator(".md-search-result__list").get_attribute("aria-busy") == "true"
        for _ in range(200):  # until the whole index asks for the older part's chunks
            if held:
                break
            page.wait_for_timeout(50)
        assert held

        holding[0] = False
        for route in held:
            route.continue_()
        page.wait_for_selector('.md-search-result__list[aria-busy="false"]', timeout=20_000)
        final = [urlsplit(u).path for u in page.eval_on_selector_all(documents, "els => els.map(e => e.href)")]
        assert any(p.startswith("/documents/2020-12-28") for p in final), final
        assert any(p.startswith("/documents/2020-12-31") for p in final), final
        assert re.match(r"\d+ results", page.locator(".md-search-result__meta").inner_text())
    finally:
        served.server.shutdown()
