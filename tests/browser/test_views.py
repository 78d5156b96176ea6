"""The views as a reader's screen draws them (issue 32): a document's text first on a phone
and its panel beside it on a wide screen, the topic map readable on a phone, the topics-by-year
grid within a laptop's screen."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .test_reader import TIMEOUT

pytestmark = pytest.mark.browser

DOCUMENT = "documents/2020-12-28-xi-jinping-speaks-with-russian-president-vladimir-putin/"
PHONE = {"width": 390, "height": 844}
WIDE = {"width": 1280, "height": 900}

BOX = "sel => { const r = document.querySelector(sel).getBoundingClientRect(); " \
      "return {top: r.top, bottom: r.bottom, left: r.left, right: r.right, width: r.width}; }"


def test_a_phone_meets_the_text_on_its_first_screen(site, page):
    """Title, the line of date · publisher · kind, then paragraph 1 within the first screen;
    the panel below the text."""
    page.set_viewport_size(PHONE)
    page.goto(site.url(DOCUMENT), wait_until="load")
    first = page.evaluate(BOX, ".kb-para")
    assert 0 < first["top"] < PHONE["height"] - 40, first
    side = page.evaluate(BOX, ".kb-doc-side")
    last = page.evaluate("() => document.querySelector('.kb-doc-text').getBoundingClientRect().bottom")
    assert side["top"] >= last and side["left"] < 40, side
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_wide_screen_shows_the_panel_beside_the_text(site, page):
    page.set_viewport_size(WIDE)
    page.goto(site.url(DOCUMENT), wait_until="load")
    text, side = page.evaluate(BOX, ".kb-doc-text"), page.evaluate(BOX, ".kb-doc-side")
    first = page.evaluate(BOX, ".kb-para")
    assert side["left"] >= text["right"] and side["right"] <= WIDE["width"], (text, side)
    assert side["top"] < first["bottom"] and text["width"] >= 480, (text, side, first)
    assert first["top"] < WIDE["height"] / 2
    # The theme's table of contents gives way to the panel.
    assert not page.locator(".md-sidebar--secondary").is_visible()


@pytest.mark.parametrize("viewport", [PHONE, WIDE], ids=["phone", "wide"])
def test_a_paragraph_link_lands_on_its_paragraph_beside_the_panel(site, page, viewport):
    page.set_viewport_size(viewport)
    page.goto(site.url(DOCUMENT) + "#p3", wait_until="load")
    page.wait_for_function("() => document.getElementById('p3').classList.contains('kb-here')", timeout=TIMEOUT)
    box = page.evaluate(BOX, "#p3")
    assert 0 <= box["top"] < viewport["height"] / 2, box


def test_the_topic_maps_names_and_counts_read_at_12_px_on_a_phone(site, page):
    """Text at 12 px or more, as drawn (no scaling), and the names stay in view as the table
    scrolls sideways."""
    page.set_viewport_size(PHONE)
    page.goto(site.url("topic-map/"), wait_until="load")
    sizes = page.evaluate("""() => [...document.querySelectorAll('.kb-heat th, .kb-heat td, .kb-heat a')]
        .filter(e => e.textContent.trim())
        .map(e => [parseFloat(getComputedStyle(e).fontSize), e.getBoundingClientRect().height])""")
    assert sizes and min(s for s, _ in sizes) >= 12, min(sizes)
    assert min(h for _, h in sizes) >= 12, min(sizes, key=lambda s: s[1])
    name = ".kb-map .kb-heat tbody th"
    before = page.evaluate(BOX, name)
    page.evaluate("() => { document.querySelector('.kb-map').scrollLeft = 300; }")
    after = page.evaluate(BOX, name)
    assert after["left"] == pytest.approx(before["left"], abs=1), (before, after)


@pytest.mark.parametrize("path", ["", "topic-map/"], ids=["home", "topic-map"])
def test_the_topics_by_year_grid_fits_a_laptops_screen(site, page, path):
    page.set_viewport_size(WIDE)
    page.goto(site.url(path), wait_until="load")
    grid = page.evaluate(BOX, "table.kb-years")
    assert grid["width"] <= WIDE["width"] and grid["right"] <= WIDE["width"], grid
    box = page.evaluate("() => { const b = document.querySelector('table.kb-years').parentElement;"
                        " return [b.scrollWidth, b.clientWidth]; }")
    assert box[0] <= box[1], box  # nothing to scroll to
    links = page.locator("table.kb-years td a")
    assert links.count() > 0
    href = links.first.get_attribute("href")
    links.first.click()  # Material's instant navigation swaps the page in: wait for the new one
    page.wait_for_url(lambda url: url.split("#")[0].endswith(href.split("#")[0].lstrip("./")), timeout=TIMEOUT)
    if "#" in href:
        expect(page.locator(f"[id='{href.split('#', 1)[1]}']")).to_have_count(1, timeout=TIMEOUT)
    expect(page.locator(".kb-passage").first).to_be_attached(timeout=TIMEOUT)
