"""The site as a reader meets it, in real Chromium: journeys, search, navigation, crawl."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

TIMEOUT = 15_000


def test_journey_home_topic_passage_document(site, page):
    page.goto(site.url(), wait_until="load")
    page.locator("a[href$='topics/bri-eaeu-alignment/']").first.click()
    page.wait_for_url(re.compile(r"topics/bri-eaeu-alignment/$"), timeout=TIMEOUT)
    expect(page.locator("h1")).to_have_text("BRI–EAEU alignment", timeout=TIMEOUT)

    deep = page.locator(".kb-passage a[href*='#p']").first
    href = deep.get_attribute("href")
    anchor = href.split("#", 1)[1]
    deep.click()
    page.wait_for_url(re.compile(rf"documents/.+/#{anchor}$"), timeout=TIMEOUT)
    target = page.locator(f"#{anchor}")
    target.wait_for(timeout=TIMEOUT)
    page.wait_for_function(f"() => document.getElementById('{anchor}').classList.contains('kb-here')",
                           timeout=TIMEOUT)
    box = target.bounding_box()
    assert box is not None and 0 <= box["y"] < page.viewport_size["height"] / 2, box
    marked = target.evaluate("e => getComputedStyle(e).outlineStyle")
    other = page.locator(".kb-para:not(.kb-here)").first.evaluate("e => getComputedStyle(e).outlineStyle")
    assert marked == "solid" and other != "solid"
    assert "Belt and Road Initiative" in target.inner_text()


def test_arriving_on_a_passage_link_from_outside(site, page):
    doc = next(p for p in site.pages() if p.startswith("documents/2020-12-28"))
    page.goto(site.url(doc) + "#p4", wait_until="load")
    page.wait_for_function("() => document.getElementById('p4').classList.contains('kb-here')", timeout=TIMEOUT)
    box = page.locator("#p4").bounding_box()
    assert box is not None and box["y"] < page.viewport_size["height"] / 2


def search(page, query: str) -> list[str]:
    """Type into Material's search field; the result links, best first."""
    field = page.locator("input.md-search__input")
    if not field.is_visible():  # narrow screens: the field opens from the header button
        page.locator("label.md-header__button[for='__search']").click()
    field.click()
    for attempt in range(4):  # the first query may be typed before the index has loaded
        field.fill("")
        field.type(query, delay=20)
        try:
            page.wait_for_selector(".md-search-result__item", timeout=TIMEOUT)
            break
        except Exception:
            if attempt == 3:
                raise
    page.wait_for_timeout(300)  # results are replaced as the worker answers; let them settle
    links = page.eval_on_selector_all(".md-search-result__item > a", "els => els.map(e => e.href)")
    return [urlsplit(u).path for u in links]  # without Material's ?h= highlight query


@pytest.mark.parametrize("query, expected", [
    ("Eurasian Economic Union", "organizations/eurasian-economic-union/"),
    ("EAEU", "organizations/eurasian-economic-union/"),   # an alias the seeds never use
    ("Putin", "people/vladimir-putin/"),
    ("treaty anniversary", "topics/treaty-anniversary/"),
])
def test_search_finds_the_concept_page_first(site, page, query, expected):
    page.goto(site.url(), wait_until="load")
    results = search(page, query)
    assert results, query
    assert results[0].split("#")[0].endswith(expected), results[:5]


def test_search_by_phrase_reaches_the_paragraph(site, page):
    page.goto(site.url(), wait_until="load")
    results = search(page, "True gold can stand the test of fire")
    assert any("documents/2020-12-28" in r for r in results), results[:5]


def test_person_page_lists_statements_with_deep_links(site, page):
    page.goto(site.url("people/xi-jinping/"), wait_until="load")
    assert page.locator("h1").inner_text().strip() == "Xi Jinping"
    heading = page.locator("h2#statements")
    assert heading.count() == 1
    items = page.locator("ul.kb-statements li")
    assert items.count() >= 5
    assert items.first.locator("a[href*='#p']").count() == 1


def test_light_dark_toggle(site, page):
    page.goto(site.url(), wait_until="load")
    before = page.get_attribute("body", "data-md-color-scheme")
    page.locator("form[data-md-component='palette'] label:visible").first.click()
    page.wait_for_function(f"() => document.body.getAttribute('data-md-color-scheme') !== {before!r}",
                           timeout=TIMEOUT)
    after = page.get_attribute("body", "data-md-color-scheme")
    assert {before, after} == {"default", "slate"}


def test_phone_viewport_navigation_drawer(browser, site, watch):
    ctx = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    ctx.route("**/*", lambda r: r.continue_() if "127.0.0.1" in r.request.url else (
        watch.foreign.append(r.request.url), r.abort()))
    page = ctx.new_page()
    page.on("pageerror", lambda e: watch.page_errors.append(str(e)))
    try:
        page.goto(site.url(), wait_until="load")
        topics = page.locator(".md-nav--primary a[href$='topics/']").first
        on_screen = "e => { const r = e.getBoundingClientRect(); return r.right > 0 && r.left < innerWidth; }"
        assert not topics.evaluate(on_screen)  # the drawer is closed: its links are off-screen
        page.locator("label.md-header__button[for='__drawer']").click()
        assert page.locator("#__drawer").is_checked()
        page.wait_for_function(f"() => ({on_screen})(document.querySelector(\".md-nav--primary a[href$='topics/']\"))",
                               timeout=TIMEOUT)
        topics.click()
        page.wait_for_url(re.compile(r"topics/$"), timeout=TIMEOUT)
        page.screenshot(path=str(_artifact("phone-drawer")))
    finally:
        ctx.close()
    assert not watch.problems(), watch.problems()


def _artifact(name: str):
    from .conftest import ARTIFACTS
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS / f"{name}.png"


def test_back_button_after_instant_navigation(site, page):
    page.goto(site.url(), wait_until="load")
    home_h1 = page.locator("h1").first.inner_text()
    page.locator("a[href$='topics/treaty-anniversary/']").first.click()
    page.wait_for_url(re.compile(r"topics/treaty-anniversary/$"), timeout=TIMEOUT)
    expect(page.locator("h1")).to_have_text("Treaty anniversary", timeout=TIMEOUT)
    # Back once Material's navigation has settled: in one full CI run out of many, going back
    # straight away landed on the topic page again (cause not found; not reproduced alone or
    # under load since).
    page.wait_for_load_state("networkidle", timeout=TIMEOUT)
    page.go_back()
    page.wait_for_url(site.url(), timeout=TIMEOUT)
    page.wait_for_function(f"() => document.querySelector('h1') && document.querySelector('h1').innerText === {home_h1!r}",
                           timeout=TIMEOUT)


def test_every_page_loads_clean(site, page, watch):
    pages = site.pages()
    assert len(pages) > 100
    for path in pages + ["404.html"]:
        page.goto(site.url(path), wait_until="load")
        if watch.problems():
            pytest.fail(f"{path}: {watch.problems()}")
    # A stub (an event of one account, a year on its concept's page) forwards to a page that loads.
    stubs = site.stubs()
    assert stubs
    for path in stubs:
        page.goto(site.url(path), wait_until="commit")
        page.wait_for_url(lambda url: url != site.url(path))
        page.wait_for_load_state("load")
        assert page.locator("article h1").count() == 1, path
        if watch.problems():
            pytest.fail(f"{path}: {watch.problems()}")
