"""Slugs are assigned once and kept."""
from __future__ import annotations

import dataclasses

from kb.ledger import assign_slugs, read_ledger, render_ledger


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
    from kb.ledger import LedgerEntry

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
