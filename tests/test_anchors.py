"""Paragraph anchors never move: a `#pN` given out lands on the same text after the reader improves."""
from __future__ import annotations

import dataclasses
import html
import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, build
from kb.stages import anchors as A
from kb import build as kb_build
from kb.stages.anchors import Named, assign, digest, likeness
from kb.rules.language import DEFAULT_PATH, load_language
from kb.stages.ledger import LedgerEntry, assign_anchors, assign_slugs, read_ledger, render_ledger
from kb.stages.link import link
from kb.model import Anchors
from kb.pages import page_keys
from kb.pages.urls import doc_path
from kb.rules.yamlfile import ConfigError
from sitecheck import broken_links

LEAD = "The two foreign ministers met on Wednesday and discussed a new trade corridor linking the two economies."
GROUP = "They agreed to set up a working group on customs procedures before the end of the year."
NEXT = "Officials said the next round of talks would take place in Beijing in the autumn."


def named(*texts: str, start: int = 1) -> list[Named]:
    return [Named(n, digest(t), t) for n, t in enumerate(texts, start=start)]


# -- matching, on strings --------------------------------------------------------------------

def test_likeness_keeps_a_paragraph_that_lost_a_dateline_or_a_credit():
    assert likeness("MOSCOW, May 5 (Wire) -- " + LEAD, LEAD) > 0.8
    assert likeness(LEAD + " Photo: the ministers before the talks.", LEAD) > 0.7
    assert likeness("Staff Reporter, Central Desk " + LEAD, LEAD) > 0.8


def test_likeness_refuses_unrelated_text_and_a_lone_word_inside_a_lead():
    assert likeness(LEAD, GROUP) == 0.0
    assert likeness("Wire", "MOSCOW, May 5 (Wire) -- " + LEAD) == 0.0
    # Contained whole, however short a share of the long one: chrome cut off a line.
    chrome = "Share this story on Facebook Twitter WhatsApp Telegram Email Print Copy link Comments "
    assert likeness(chrome + "Talks will resume in June.", "Talks will resume in June.") > 0


def test_a_fresh_document_numbers_its_paragraphs_by_position():
    found, record = assign([], [LEAD, GROUP, NEXT])
    assert found == Anchors((1, 2, 3), ())
    assert record == tuple(Named(n, digest(t)) for n, t in ((1, LEAD), (2, GROUP), (3, NEXT)))


def test_a_chrome_line_taken_off_the_top_leaves_its_anchor_on_the_next_paragraph():
    old = named("Home | World | Asia", LEAD, GROUP)
    found, record = assign(old, [LEAD, GROUP])
    assert found == Anchors((2, 3), ((1, 1),))
    assert [n.number for n in record] == [1, 2, 3]  # the gone anchor stands before where it lands
    assert assign(list(record), [LEAD, GROUP])[0] == found  # and lands there again next time


def test_a_trailing_chrome_line_lands_on_the_last_paragraph():
    found, record = assign(named(LEAD, GROUP, "Tags: trade, diplomacy"), [LEAD, GROUP])
    assert found == Anchors((1, 2), ((3, 2),))
    assert [n.number for n in record] == [1, 2, 3]
    assert assign(list(record), [LEAD, GROUP])[0] == found


def test_a_chrome_paragraph_between_two_lands_on_the_following_one():
    found, _ = assign(named(LEAD, "Follow us on social media for the latest updates", GROUP), [LEAD, GROUP])
    assert found == Anchors((1, 3), ((2, 2),))


def test_a_paragraph_that_lost_a_glued_header_keeps_its_anchor():
    old = named("Headline Words As A Paragraph", "MOSCOW, May 5 (Wire) -- " + LEAD, GROUP)
    found, record = assign(old, [LEAD, GROUP])
    assert found == Anchors((2, 3), ((1, 1),))
    assert record[1] == Named(2, digest(LEAD))  # the anchor now names the text as read


def test_without_the_old_text_a_changed_paragraph_only_matches_by_digest():
    old = [Named(1, digest("MOSCOW, May 5 (Wire) -- " + LEAD)), Named(2, digest(GROUP))]
    found, _ = assign(old, [LEAD, GROUP])
    assert found == Anchors((3, 2), ((1, 2),))  # retired, on the nearest paragraph that kept its anchor


def test_a_caption_split_off_gets_a_new_number_and_the_text_keeps_the_anchor():
    caption = "Photo shows the two ministers shaking hands in Moscow"
    found, _ = assign(named(LEAD, GROUP + " " + caption, NEXT), [LEAD, GROUP, caption, NEXT])
    assert found == Anchors((1, 2, 4, 3), ())


def test_new_paragraphs_never_reuse_a_retired_number():
    _, record = assign(named("Home | World", LEAD, GROUP), [LEAD, GROUP])  # p1 retired
    _, record = assign(list(record), [GROUP])  # p2 retired too
    found, _ = assign(list(record), [NEXT, GROUP])
    assert found.numbers == (4, 3)
    assert dict(found.retired) == {1: 2, 2: 2}


def test_changed_paragraphs_keep_anchors_in_page_order_only():
    # Both changed and swapped: the likelier pair keeps its anchor (the first in page order on
    # a tie), the other would cross it and gets a new number.
    found, _ = assign(named("MOSCOW, May 5 -- " + LEAD, GROUP + " Photo: a handshake."), [GROUP, LEAD])
    assert found.numbers == (2, 3)
    found, _ = assign(named("MOSCOW, May 5 -- " + LEAD, GROUP + " Photo: the two ministers shake hands."),
                      [GROUP, LEAD])
    assert found.numbers == (3, 1)


def test_a_paragraph_that_moved_keeps_its_anchor_and_duplicates_keep_their_order():
    found, _ = assign(named(LEAD, GROUP, NEXT, NEXT), [NEXT, NEXT, GROUP, LEAD])
    assert found.numbers == (3, 4, 2, 1)


def test_a_rewritten_document_retires_every_anchor_onto_its_first_paragraph():
    found, record = assign(named(LEAD, GROUP), ["Nothing of the kind is left here.", "Nor here, at all."])
    assert found == Anchors((3, 4), ((1, 1), (2, 1)))
    assert assign(list(record), ["Nothing of the kind is left here.", "Nor here, at all."])[0] == found


def test_matching_a_long_rewritten_document_is_bounded(monkeypatch):
    calls = []
    real = A._likeness
    monkeypatch.setattr(A, "_likeness", lambda a, b: calls.append(1) or real(a, b))
    old = named(*(f"Paragraph number {i} of the old reading, on the talks." for i in range(400)))
    found, _ = assign(old, [f"Item {i} as read now, about something else entirely." for i in range(400)])
    assert len(calls) <= 400 * A.CANDIDATES
    assert found.numbers[0] == 401


# -- the ledger -------------------------------------------------------------------------------

def docs(annotate_text, *items):
    return [annotate_text(text, source=source) for source, text in items]


def test_the_ledger_records_anchors_and_round_trips(tmp_path, annotate_text):
    annotated = docs(annotate_text, ("a.txt", f"Talks Held in Moscow\n\n{LEAD}\n\n{GROUP}"))
    slugs, entries = assign_slugs(annotated, [])
    found, entries = assign_anchors(annotated, slugs, entries)
    assert found["a.txt"] == Anchors((1, 2), ())
    path = tmp_path / "ledger.yml"
    path.write_text(render_ledger(entries), encoding="utf-8")
    assert f"anchors: p1={digest(LEAD)} p2={digest(GROUP)}\n" in path.read_text(encoding="utf-8")
    assert read_ledger(path) == entries
    retired = [dataclasses.replace(entries[0], anchors=((9, digest("")), *entries[0].anchors))]
    path.write_text(render_ledger(retired), encoding="utf-8")
    assert read_ledger(path) == retired


def test_a_ledger_without_anchors_still_loads(tmp_path):
    path = tmp_path / "ledger.yml"
    path.write_text("documents:\n- slug: a-b\n  source: a.txt\n  sha256: '00'\n  title: A\n", encoding="utf-8")
    assert read_ledger(path) == [LedgerEntry("a-b", "00", "a.txt", "A")]
    assert read_ledger(path)[0].anchors is None


def test_bad_anchors_are_reported_with_file_and_line(tmp_path):
    path = tmp_path / "ledger.yml"
    path.write_text("documents:\n- slug: a-b\n  source: a.txt\n  sha256: '00'\n  anchors: p1=ab12cd34 p0=zz p1=ab12cd34\n"
                    "- slug: c-d\n  source: c.txt\n  sha256: '01'\n  anchors: [p1]\n", encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        read_ledger(path)
    assert exc.value.problems == [
        f"{path}:5: anchors: 'p0=zz' is not `pN=digest` (N from 1, a lowercase hex digest)",
        f"{path}:5: anchors: p1 appears twice",
        f"{path}:9: anchors: must be a string of `pN=digest` words"]


def test_a_ledger_from_before_anchors_takes_them_from_the_last_build(annotate_text):
    """The upgrade: the entry has no record; kb.json said which anchor named which text."""
    annotated = docs(annotate_text, ("a.txt", f"Talks Held in Moscow\n\n{LEAD}\n\n{GROUP}"))
    slugs, entries = assign_slugs(annotated, [])
    entries = [dataclasses.replace(e, anchors=None) for e in entries]  # as today's ledger has it
    slug = slugs["a.txt"]
    said = {slug: (("p1", "Home | World | Asia", ("p9",)), ("p2", "MOSCOW, May 5 (Wire) -- " + LEAD, ()),
                   ("p3", GROUP, ()))}
    asked = []

    def last_build(slugs):
        asked.append(slugs)
        return {s: said[s] for s in slugs if s in said}

    found, entries = assign_anchors(annotated, slugs, entries, last_build)
    assert asked == [{slug}]
    assert found["a.txt"] == Anchors((2, 3), ((1, 1), (9, 1)))  # p9 was retired already
    assert entries[0].anchors == ((9, digest("")), (1, digest("Home | World | Asia")), (2, digest(LEAD)),
                                  (3, digest(GROUP)))
    again, same = assign_anchors(annotated, slugs, entries, last_build)
    assert (again, same) == (found, entries) and len(asked) == 1  # the ledger alone decides from now on


def test_a_new_document_takes_its_anchors_by_position_without_asking_the_last_build(annotate_text):
    annotated = docs(annotate_text, ("a.txt", f"Talks Held in Moscow\n\n{LEAD}\n\n{GROUP}"))
    slugs, entries = assign_slugs(annotated, [])
    found, _ = assign_anchors(annotated, slugs, entries, lambda s: pytest.fail(f"asked for {s}"))
    assert found["a.txt"] == Anchors((1, 2))


def test_a_paragraph_whose_text_changed_asks_the_last_build_for_its_old_text(annotate_text):
    first = docs(annotate_text, ("a.txt", f"Talks Held in Moscow\n\nMOSCOW, May 5 (Wire) -- {LEAD}\n\n{GROUP}"))
    slugs, entries = assign_slugs(first, [])
    _, entries = assign_anchors(first, slugs, entries)
    assert assign_anchors(first, slugs, entries, lambda s: pytest.fail("asked"))[1] == entries
    trimmed = docs(annotate_text, ("a.txt", f"Talks Held in Moscow\n\n{LEAD}\n\n{GROUP}"))
    said = {slugs["a.txt"]: tuple((f"p{p.index}", p.text, ()) for p in first[0].doc.paragraphs)}
    assert assign_anchors(trimmed, slugs, entries, lambda s: said)[0]["a.txt"] == Anchors((1, 2))
    assert assign_anchors(trimmed, slugs, entries, lambda s: {})[0]["a.txt"] == Anchors((3, 2), ((1, 2),))


def test_a_changed_anchor_changes_the_keys_of_the_pages_that_show_it(annotate_text, test_vocab):
    doc = annotate_text("date 2021-01-02 Xi Jinping and Vladimir Putin talked about the Belt and Road Initiative "
                        "and the EAEU.\n\nThey agreed on trade and economic cooperation.")
    doc = dataclasses.replace(doc, slug="2021-01-02-talks", anchors=Anchors((1, 2)))
    moved = dataclasses.replace(doc, anchors=Anchors((2, 3), ((1, 1),)))
    before, after = (page_keys(link([d], set()), test_vocab, "fp") for d in (doc, moved))
    changed = {path for path in before if before[path] != after[path]}
    assert doc_path(doc.slug) in changed
    assert any(path.startswith("topics/") for path in changed)


# -- the whole build: a corpus built with today's reader, the reader improved, rebuilt ----------

VOCAB = ("--vocabulary", str(FIXTURES / "vocab"))
SEEDS = {
    # Chrome the reader of the day keeps in the text: a masthead's motto between paragraphs, a
    # byline glued to a paragraph, a tag list at the end.
    "talks.txt": ("Foreign Ministers Discuss Trade Corridor\n\n"
                  f"{LEAD}\n\nNorthwind Herald | Independent news since 1901\n\nStaff Reporter, Central Desk\n"
                  f"{GROUP}\n\n{NEXT}\n\nTags: trade, diplomacy, Moscow\n"),
    # A social-media prompt between two paragraphs.
    "call.txt": ("date 2021-03-04\nLeaders Hold Phone Call on Energy\n\n"
                 "Xi Jinping and Vladimir Putin held a phone call on Thursday about energy supplies.\n\n"
                 "Follow us on our channels for the latest updates\n\n"
                 "Both sides agreed to deepen trade and economic cooperation.\n"),
    "plain.txt": "Talks Held in Beijing\n\nOn May 6, 2021, the delegations met in Beijing.\n\nThey will meet again.\n",
}
IMPROVED = """
  - '\\|\\s*independent news since \\d{4}\\s*$'     # a masthead's motto
  - '^\\s*staff reporters?\\b.{0,40}$'             # a byline
  - '^\\s*tags?\\s*:'                              # a tag list
  - '^\\s*follow us\\b.{0,80}$'                    # a social-media prompt
"""
# Old anchor -> words of the text it must still land on, after the reader improved.
LANDS = {
    "talks.txt": {"p1": LEAD, "p2": GROUP, "p3": GROUP, "p4": NEXT, "p5": NEXT},
    "call.txt": {"p1": "held a phone call on Thursday", "p2": "Both sides agreed", "p3": "Both sides agreed"},
    "plain.txt": {"p1": "the delegations met", "p2": "They will meet again."},
}


def improve_reader(monkeypatch, tmp_path: Path) -> None:
    """The reader a later version ships: today's rules and four more chrome patterns."""
    text = DEFAULT_PATH.read_text(encoding="utf-8")
    rules = tmp_path / "language.yml"
    rules.write_text(text.replace("chrome_lines:\n", "chrome_lines:" + IMPROVED, 1), encoding="utf-8")
    monkeypatch.setattr(kb_build, "load_language", lambda: load_language(rules))


def kb(site: Path) -> dict[str, dict]:
    return {d["source"]: d for d in json.loads((site / "data" / "kb.json").read_text(encoding="utf-8"))["documents"]}


def landing_texts(page: Path) -> dict[str, str]:
    """Every id on a document page that stands for a paragraph -> the text of that paragraph."""
    out = {}
    for chunk in page.read_text(encoding="utf-8").split('<div class="kb-para" id="')[1:]:
        own = chunk[:chunk.index('"')]
        start = re.search(r"<p\b[^>]*>", chunk).end()  # the lead's <p> carries a search weight
        text = html.unescape(re.sub(r"<[^>]+>", "", chunk[start:chunk.index("</p>")]))
        for anchor in [own, *re.findall(r'^<span class="kb-anchor" id="([^"]+)"></span>$',
                                        chunk[:chunk.index('<a class="kb-pnum"')], re.M)]:
            out[anchor] = text
    return out


@pytest.fixture
def old_site(tmp_path):
    """The corpus built with today's reader."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for name, text in SEEDS.items():
        (seeds / name).write_text(text, encoding="utf-8")
    assert build(tmp_path, seeds, *VOCAB) == 0
    before = kb(tmp_path / "site")
    # Today's reader keeps the chrome as paragraphs.
    assert before["talks.txt"]["paragraphs"][1]["text"].startswith("Northwind Herald")
    assert [p["anchor"] for p in before["talks.txt"]["paragraphs"]] == ["p1", "p2", "p3", "p4", "p5"]
    assert len(before["call.txt"]["paragraphs"]) == 3
    return tmp_path, before


@pytest.mark.integration
@pytest.mark.parametrize("upgrade", ["ledger", "ledger-from-before-anchors", "site-only"])
def test_every_old_url_and_anchor_lands_on_the_same_text_after_the_reader_improves(
        old_site, monkeypatch, upgrade):
    tmp, before = old_site
    ledger = tmp / "seeds" / "ledger.yml"
    if upgrade != "ledger":  # the ledger today's code writes: slugs, no anchors
        ledger.write_text(re.sub(r"^  anchors: .*\n", "", ledger.read_text(encoding="utf-8"), flags=re.M),
                          encoding="utf-8")
        assert all(e.anchors is None for e in read_ledger(ledger))
    if upgrade == "site-only":  # no docs folder left: the site's kb.json tells the anchors
        shutil.rmtree(tmp / "docs")
    improve_reader(monkeypatch, tmp)
    # A new cache: the old one would hand back the documents as today's reader read them.
    assert build(tmp, tmp / "seeds", *VOCAB, "--cache-dir", str(tmp / "cache-improved")) == 0
    after = kb(tmp / "site")

    assert after["talks.txt"]["title"] == "Foreign Ministers Discuss Trade Corridor"
    assert len(after["talks.txt"]["paragraphs"]) == 3  # the reader did improve and len(after["call.txt"]["paragraphs"]) == 2
    for source, old in before.items():
        assert after[source]["url"] == old["url"]  # every old URL
        lands = landing_texts(tmp / "site" / old["url"] / "index.html")
        for para in old["paragraphs"]:  # every old #pN, on the same text
            assert LANDS[source][para["anchor"]] in lands[para["anchor"]], (source, para["anchor"])
    assert [p["anchor"] for p in after["talks.txt"]["paragraphs"]] == ["p1", "p3", "p4"]
    assert after["talks.txt"]["paragraphs"][1]["text"] == GROUP  # the byline glued to it is gone
    assert after["talks.txt"]["paragraphs"][1]["retired_anchors"] == ["p2"]
    assert after["talks.txt"]["paragraphs"][-1]["retired_anchors"] == ["p5"]
    assert [p["anchor"] for p in after["plain.txt"]["paragraphs"]] == ["p1", "p2"]
    assert "retired_anchors" not in after["plain.txt"]["paragraphs"][0]
    assert broken_links(tmp / "site") == []
    # Concept pages and passages.csv link the kept anchors.
    csv = (tmp / "site" / "data" / "passages.csv").read_text(encoding="utf-8-sig")
    talks = [row for row in csv.splitlines() if f'{after["talks.txt"]["id"]}/#' in row]
    assert talks and not any(f"/#{gone}," in row for row in talks for gone in ("p2", "p5"))
    assert f'{after["call.txt"]["id"]}/#p3,3,' in csv
    # The ledger now records them, and the next build keeps everything as it is.
    entry = {e.source: e for e in read_ledger(ledger)}["talks.txt"]
    assert sorted(n for n, _ in entry.anchors) == [1, 2, 3, 4, 5]
    text, written = ledger.read_text(encoding="utf-8"), ledger.stat()
    assert build(tmp, tmp / "seeds", *VOCAB, "--cache-dir", str(tmp / "cache-improved")) == 0
    assert ledger.read_text(encoding="utf-8") == text
    assert (ledger.stat().st_ino, ledger.stat().st_mtime_ns) == (written.st_ino, written.st_mtime_ns)  # not rewritten
    assert kb(tmp / "site") == after


@pytest.mark.integration
def test_an_edited_seed_keeps_its_anchors_and_numbers_a_new_paragraph_above_them(old_site):
    tmp, before = old_site
    seed = tmp / "seeds" / "plain.txt"
    seed.write_text("Talks Held in Beijing\n\nOn May 6, 2021, the delegations met in Beijing.\n\n"
                    "A joint statement is expected next week.\n\nThey will meet again.\n", encoding="utf-8")
    assert build(tmp, tmp / "seeds", *VOCAB) == 0
    paragraphs = kb(tmp / "site")["plain.txt"]["paragraphs"]
    assert [(p["anchor"], p["text"][:6]) for p in paragraphs] == [("p1", "On May"), ("p3", "A join"), ("p2", "They w")]
    page = (tmp / "site" / before["plain.txt"]["url"] / "index.html").read_text(encoding="utf-8")
    assert 'title="Link to paragraph 3">3</a>' in page  # the number shown is the anchor's
    assert broken_links(tmp / "site") == []
