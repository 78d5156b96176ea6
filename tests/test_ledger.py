"""Slugs are assigned once and kept."""
from __future__ import annotations

import dataclasses

from kb.stages.ledger import assign_slugs, read_ledger, render_ledger


def docs(annotate_text, *items):
    return [annotate_text(text, source=source) for source, text in items]


def test_new_documents_get_date_and_title_slugs_unique(annotate_text):
    a = docs(annotate_text, ("a.txt", "Talks Held in Moscow\n\ndate line\n\nOn May 5, 2021, they met."),
             ("b.txt", "Talks Held in Moscow\n\nOn May 5, 2021, they met again."))
    slugs, entries = assign_slugs(a, [])
    assert slugs == {"a.txt": "2021-05-05-talks-held-in-moscow", "b.txt": "2021-05-05-talks-held-in-moscow-2"}
    assert len(entries) == 2


def test_renamed_seed_with_the_same_text_keeps_its_slug(annotate_text):
    text = "Talks Held in Moscow\n\nOn May 5, 2021, they met."
    slugs, entries = assign_slugs(docs(annotate_text, ("a.txt", text)), [])
    again, _ = assign_slugs(docs(annotate_text, ("renamed.txt", text)), entries)
    assert again == {"renamed.txt": slugs["a.txt"]}


def test_edited_seed_and_better_titles_keep_the_slug(annotate_text):
    slugs, entries = assign_slugs(docs(annotate_text, ("a.txt", "Talks Held\n\nOn May 5, 2021, they met.")), [])
    edited = docs(annotate_text, ("a.txt", "A Much Better Headline\n\nOn May 5, 2021, they met in Moscow."))
    again, updated = assign_slugs(edited, entries)
    assert again == slugs
    assert updated[0].sha256 == edited[0].doc.sha256


def test_adding_documents_never_moves_another(annotate_text):
    first = docs(annotate_text, ("b.txt", "Talks Held in Moscow\n\nOn May 5, 2021, they met."))
    slugs, entries = assign_slugs(first, [])
    more = docs(annotate_text, ("a.txt", "Talks Held in Moscow\n\nOn May 5, 2021, they met twice.")) + first
    again, _ = assign_slugs(more, entries)
    assert again["b.txt"] == slugs["b.txt"]
    assert again["a.txt"] != slugs["b.txt"]


def test_ledger_round_trips_and_keeps_removed_documents(tmp_path, annotate_text):
    slugs, entries = assign_slugs(docs(annotate_text, ("a.txt", "Talks Held\n\nText.")), [])
    path = tmp_path / "ledger.yml"
    path.write_text(render_ledger(entries), encoding="utf-8")
    assert read_ledger(path) == entries
    _, after_removal = assign_slugs([], read_ledger(path))
    assert after_removal == entries


def test_a_new_document_never_takes_a_renamed_documents_old_slug(annotate_text):
    """The old slug of a renamed document redirects to its new page: a new document given it
    would hijack every link cited before the rename."""
    from kb.stages.ledger import LedgerEntry

    renamed = LedgerEntry("2021-05-05-a-better-name", "0" * 64, "old.txt", "A Better Name",
                          previous=("2021-05-05-talks-held-in-moscow",))
    slugs, entries = assign_slugs(docs(annotate_text, ("new.txt", "Talks Held in Moscow\n\nOn May 5, 2021, they met.")),
                                  [renamed])
    assert slugs == {"new.txt": "2021-05-05-talks-held-in-moscow-2"}
    assert [e.slug for e in entries] == ["2021-05-05-a-better-name", "2021-05-05-talks-held-in-moscow-2"]


def test_the_text_digest_decides_before_the_file_name(annotate_text):
    """Two seeds whose file names were swapped: each page follows its text, not its name."""
    first = docs(annotate_text, ("a.txt", "Talks Held in Moscow\n\nOn May 5, 2021, they met."),
                 ("b.txt", "Talks Held in Beijing\n\nOn June 6, 2022, they met."))
    slugs, entries = assign_slugs(first, [])
    swapped = docs(annotate_text, ("b.txt", "Talks Held in Moscow\n\nOn May 5, 2021, they met."),
                   ("a.txt", "Talks Held in Beijing\n\nOn June 6, 2022, they met."))
    again, updated = assign_slugs(swapped, entries)
    assert again == {"b.txt": slugs["a.txt"], "a.txt": slugs["b.txt"]}
    assert {e.slug: e.source for e in updated} == {slugs["a.txt"]: "b.txt", slugs["b.txt"]: "a.txt"}
    # A seed renamed onto the name of another, removed one keeps its own page too.
    moved = docs(annotate_text, ("a.txt", "Talks Held in Beijing\n\nOn June 6, 2022, they met."))
    assert assign_slugs(moved, entries)[0] == {"a.txt": slugs["b.txt"]}


LEDGER_MISTAKES = """documents:
  - slug: fine-one
    sha256: aa
    source: a.txt
    previous: [Old Slug]
  - sha256: bb
    slug: Bad Slug
    source: b.txt
  - sha256: cc
    source: c.txt
  - slug: fine-one
    sha256: dd
    source: d.txt
    previous: [fine-two]
  - slug: fine-three
    sha256: ee
    source: e.txt
    previous: [fine-two]
    anchors: p1=zz p2=abcd p2=abcd p3=zzz
  - slug: fine-four
    sha256: ff
    source: f.txt
    anchors: 7
"""


def test_every_mistake_of_a_ledger_is_reported_at_once_with_its_line(tmp_path):
    import pytest

    from kb.rules.yamlfile import ConfigError

    path = tmp_path / "ledger.yml"
    path.write_text(LEDGER_MISTAKES, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        read_ledger(path)
    assert info.value.problems == [f"{path}:{line}" for line in (
        "5: previous: must be a list of slugs",
        "7: slug: 'Bad Slug' is not a slug (lowercase letters, digits, single hyphens)",
        "9: each entry needs slug, sha256 and source strings",
        "11: slug: 'fine-one' appears twice",
        "15: slug: 'fine-two' appears twice",
        "19: anchors: 'p1=zz' is not `pN=digest` (N from 1, a lowercase hex digest)",
        "19: anchors: p2 appears twice",
        "19: anchors: 'p3=zzz' is not `pN=digest` (N from 1, a lowercase hex digest)",
        "23: anchors: must be a string of `pN=digest` words")]
    for text in ("documents: 3\n", "- a\n- b\n", "documents:\n"):
        path.write_text(text, encoding="utf-8")
        with pytest.raises(ConfigError) as info:
            read_ledger(path)
        assert info.value.problems == [f"{path}:1: expected a 'documents' list"]
    path.write_text("", encoding="utf-8")
    assert read_ledger(path) == [] and read_ledger(tmp_path / "none.yml") == []


def test_a_ledger_with_renames_and_anchors_reads_and_renders_as_written(tmp_path):
    from kb.stages.ledger import LedgerEntry

    text = ("# Permanent page slugs, one per document: written by the build, committed with the\n"
            "# seeds. Never reuse or delete a slug; pages cited in reports depend on it. To change\n"
            "# one, run `build_site.py rename OLD NEW`: the old URL then redirects to the new.\n"
            "# `anchors`: each paragraph anchor the page ever had (pN=digest of the text it names),\n"
            "# in page order, so a cited #pN keeps landing on the same text.\n"
            "documents:\n"
            "- slug: a-new-name\n  source: a.txt\n  sha256: aa\n  title: Talks “Held” in Moscow\n"
            "  previous:\n  - old-name\n  - older-name\n  anchors: p1=abcd p3=0123 p2=ffff\n"
            "- slug: b-name\n  source: b.txt\n  sha256: bb\n  title: ''\n")
    path = tmp_path / "ledger.yml"
    path.write_text(text, encoding="utf-8")
    entries = read_ledger(path)
    assert entries == [LedgerEntry("a-new-name", "aa", "a.txt", "Talks “Held” in Moscow", ("old-name", "older-name"),
                                   ((1, "abcd"), (3, "0123"), (2, "ffff"))),
                       LedgerEntry("b-name", "bb", "b.txt", "", (), None)]
    assert render_ledger(list(reversed(entries))) == text


def test_rename_keeps_the_old_slug_and_refuses_a_taken_or_invalid_one():
    import pytest

    from kb.stages.ledger import LedgerEntry, rename

    entries = [LedgerEntry("b-doc", "bb", "b.txt", "B", ("b-first",)), LedgerEntry("a-doc", "aa", "a.txt", "A")]
    assert rename(entries, "a-doc", "z-doc") == [
        entries[0], LedgerEntry("z-doc", "aa", "a.txt", "A", ("a-doc",))]
    assert rename(entries, "b-doc", "c-doc")[0] == LedgerEntry("a-doc", "aa", "a.txt", "A")
    assert rename(entries, "b-doc", "c-doc")[1].previous == ("b-first", "b-doc")
    for new, message in (("a-doc", "'a-doc' is already taken, now or before"),
                         ("b-first", "'b-first' is already taken, now or before"),
                         ("Not-a-slug", "'Not-a-slug' is not a slug (lowercase letters, digits, single hyphens)")):
        with pytest.raises(ValueError) as info:
            rename(entries, "a-doc", new)
        assert str(info.value) == message
    with pytest.raises(ValueError) as info:
        rename(entries, "nowhere", "free-slug")
    assert str(info.value) == "no document has the slug 'nowhere'"


def test_a_slug_is_the_date_and_the_titles_words_cut_at_a_word_and_never_on_a_small_word(annotate_text):
    from kb.stages.ledger import SLUG_WORDS_MAX, new_slug

    long_title = "Leaders Of The Two Countries Agree To Expand Trade In Grain And Open New Crossings For"
    doc = annotate_text(f"{long_title}\n\nOn May 5, 2021, the leaders agreed to expand trade.")
    slug = new_slug(doc, set())
    assert slug == "2021-05-05-leaders-of-the-two-countries-agree-to-expand-trade-in-grain"
    assert len(slug) - len("2021-05-05-") <= SLUG_WORDS_MAX
    assert new_slug(doc, {slug, slug + "-2"}) == slug + "-3"
    undated = annotate_text("Leaders Meet On\n\nThe leaders met.")
    assert new_slug(undated, set()) == "undated-leaders-meet"


def test_a_title_missing_or_not_text_reads_as_empty_and_a_long_one_stays_on_one_line(tmp_path):
    from kb.stages.ledger import LedgerEntry

    path = tmp_path / "ledger.yml"
    path.write_text("documents:\n- slug: a\n  source: a.txt\n  sha256: aa\n- slug: b\n  source: b.txt\n  sha256: bb\n"
                    "  title: 3\n", encoding="utf-8")
    assert [e.title for e in read_ledger(path)] == ["", ""]
    long_title = " ".join(["word"] * 150)
    text = render_ledger([LedgerEntry("a", "aa", "a.txt", long_title)])
    assert f"  title: {long_title}\n" in text


def _titled(annotate_text, title):
    import dataclasses

    return dataclasses.replace(annotate_text("Talks Held\n\nOn May 5, 2021, they met."), title=title)


def test_a_slugs_words_are_whole_in_order_and_never_end_on_a_small_word(annotate_text):
    from kb.stages.ledger import new_slug

    long_title = "Leaders Discuss Comprehensive Strategic Partnership Cooperation Frameworks Internationally Today"
    assert new_slug(_titled(annotate_text, long_title), set()) == (
        "2021-05-05-leaders-discuss-comprehensive-strategic-partnership")
    assert new_slug(_titled(annotate_text, "Talks On"), set()) == "2021-05-05-talks"
    assert new_slug(_titled(annotate_text, "On The"), set()) == "2021-05-05-on"
    assert new_slug(_titled(annotate_text, "!!!"), set()) == "2021-05-05-document"


def test_an_entry_is_claimed_once_and_keeps_the_title_it_was_last_built_with(annotate_text):
    first = docs(annotate_text, ("a.txt", "Talks Held in Moscow\n\nOn May 5, 2021, they met."))
    slugs, entries = assign_slugs(first, [])
    assert [e.title for e in entries] == ["Talks Held in Moscow"]
    # a.txt renamed b.txt, and a new a.txt: the entry goes to the text, the name gets a new page
    moved = docs(annotate_text, ("b.txt", "Talks Held in Moscow\n\nOn May 5, 2021, they met."),
                 ("a.txt", "Another Story Entirely\n\nOn June 6, 2022, others met."))
    again, updated = assign_slugs(moved, entries)
    assert again["b.txt"] == slugs["a.txt"] and again["a.txt"] != slugs["a.txt"]
    assert {e.source: e.title for e in updated} == {"b.txt": "Talks Held in Moscow", "a.txt": "Another Story Entirely"}
    edited = docs(annotate_text, ("b.txt", "A Better Headline\n\nOn May 5, 2021, they met."))
    assert assign_slugs(edited, updated)[1][0].title == "A Better Headline"


def test_documents_as_recorded_keep_their_anchors_and_the_ledger_comes_back_sorted(annotate_text):
    import dataclasses

    from kb.stages.ledger import assign_anchors

    a = docs(annotate_text, ("a.txt", "Talks Held\n\nFirst paragraph here.\n\nSecond paragraph here."),
             ("b.txt", "Other Talks\n\nOne paragraph only."))
    slugs, entries = assign_slugs(a, [])
    _, recorded = assign_anchors(a, slugs, entries)
    digests = {d.doc.source: list(d.paragraph_digests()) for d in a}
    # as if a later build had renumbered a.txt's paragraphs: the record decides, as it is
    renumbered = [dataclasses.replace(e, anchors=((3, digests["a.txt"][0]), (1, digests["a.txt"][1])))
                  if e.source == "a.txt" else e for e in recorded]
    out, again = assign_anchors(a, slugs, list(reversed(renumbered)), last_build=lambda wanted: {})
    assert {s: o.numbers for s, o in out.items()} == {"a.txt": (3, 1), "b.txt": (1,)}
    assert again == sorted(renumbered, key=lambda e: e.slug)


def test_an_entry_whose_every_paragraph_changed_is_matched_not_kept_as_recorded(annotate_text):
    import dataclasses

    from kb.stages import anchors as anchors_
    from kb.stages.ledger import assign_anchors

    before = docs(annotate_text, ("a.txt", "Talks Held\n\nFirst paragraph about grain.\n\nSecond paragraph about oil."))
    slugs, entries = assign_slugs(before, [])
    _, entries = assign_anchors(before, slugs, entries)
    after = docs(annotate_text, ("a.txt", "Talks Held\n\nWholly new words in this place.\n\nNothing like before here."))
    out, _ = assign_anchors(after, slugs, entries, last_build=lambda wanted: {})
    expected, _ = anchors_.assign([anchors_.Named(n, d) for n, d in entries[0].anchors],
                                  [p.text for p in after[0].doc.paragraphs])
    assert out["a.txt"] == expected and expected.numbers != (1, 2)
