"""The README's pictures: a document page 1000 px wide and on a phone, and the topic map, of
the seeds' site (and a topic page's, checked as the others but not in the README).

Taken on every run, with checks that each shows what the README says it shows; saved where the
README takes them from only when asked, since a picture differs by a pixel from one Chromium to
the next and a run of the suite should not change the work tree:

    KB_SCREENSHOTS=screenshots ./run test tests/browser/test_screenshots.py

The folder is taken from the project's root when relative.
"""
from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import expect

from conftest import ROOT

pytestmark = pytest.mark.browser

TIMEOUT = 15_000
WIDTH, HEIGHT = 1000, 760
"""The pictures' size in CSS pixels at a device scale of 1: wide enough for the text and the
document's panel beside it, small enough to stay a few tens of KB each."""
PHONE = (390, 844)
"""A phone's screen in CSS pixels."""

DOCUMENT = "documents/2020-12-28-xi-jinping-speaks-with-russian-president-vladimir-putin/"
TOPIC = "topics/bri-eaeu-alignment/"


def optimised(data: bytes) -> bytes:
    """The picture in 128 colours, undithered: a page is flat colours and text, so it looks the
    same at a third of the bytes Chromium writes."""
    image = Image.open(io.BytesIO(data)).convert("RGB")
    out = io.BytesIO()
    image.quantize(colors=128, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
        out, "PNG", optimize=True)
    return out.getvalue()


def _save(name: str, data: bytes) -> None:
    """Into KB_SCREENSHOTS when set (the context fixture keeps every test's last view in
    test-artifacts/ anyway)."""
    wanted = os.environ.get("KB_SCREENSHOTS")
    if wanted:
        folder = Path(wanted) if Path(wanted).is_absolute() else ROOT / wanted
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(optimised(data))


def _shot(page, size: tuple[int, int] = (WIDTH, HEIGHT)) -> bytes:
    page.evaluate("document.fonts.ready")
    data = page.screenshot(animations="disabled", caret="hide")
    assert Image.open(io.BytesIO(data)).size == size
    return data


def test_document_page_picture(site, page):
    """A reader arriving on a paragraph link: the paragraph marked, its number, its topics
    with the words that show them, the names linked."""
    page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
    page.goto(site.url(DOCUMENT) + "#p3", wait_until="load")
    page.wait_for_function("() => document.getElementById('p3').classList.contains('kb-here')", timeout=TIMEOUT)
    para = page.locator("#p3")
    for shown in (".kb-pnum", "mark.kb-ev", "a.kb-ent", "a.kb-chip.kb-topics"):
        expect(para.locator(shown).first).to_be_in_viewport(timeout=TIMEOUT)
    expect(page.locator(".kb-doc-side a.kb-chip").first).to_be_in_viewport(timeout=TIMEOUT)  # the panel beside
    _save("document-page.png", _shot(page))


def test_document_on_a_phone_picture(site, page):
    """The same page on a phone: the title, its line of date · publisher · kind, the text."""
    page.set_viewport_size({"width": PHONE[0], "height": PHONE[1]})
    page.goto(site.url(DOCUMENT), wait_until="load")
    expect(page.locator(".kb-docline")).to_be_in_viewport(timeout=TIMEOUT)
    expect(page.locator("#p1 .kb-pnum")).to_be_in_viewport(timeout=TIMEOUT)
    _save("document-phone.png", _shot(page, PHONE))


def test_topic_map_picture(site, page):
    """The topic map: topics against topics, each cell the paragraphs they share."""
    page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
    page.goto(site.url("topic-map/"), wait_until="load")
    expect(page.locator(".kb-heat td.kb-hd").first).to_be_in_viewport(timeout=TIMEOUT)
    _save("topic-map.png", _shot(page))


def test_topic_page_picture(site, page):
    """A topic's passages from every document, each with its link to the paragraph."""
    page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
    page.goto(site.url(TOPIC) + "#passages", wait_until="load")
    expect(page.locator("h1")).to_have_text("BRI–EAEU alignment", timeout=TIMEOUT)
    passages = page.locator("#passages ~ .kb-passage-group .kb-passage a[href*='#p']")
    expect(passages.first).to_be_in_viewport(timeout=TIMEOUT)
    _shot(page)
