"""Incremental builds: pages whose inputs did not change are kept, never served stale.

Every case edits a corpus, rebuilds on top of the previous docs folder, and compares the folder
byte for byte with a build from scratch: a page kept that should have changed fails here."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import ROOT

from bench.generate import generate as synthetic
import kb.build
from kb.pages import years
from kb.build import BuildSettings, generate, write_generated

pytestmark = pytest.mark.integration  # real builds, MkDocs, processes (tests/markers.py)

VOCAB = ROOT / "vocabulary"
URL = "https://example.org/kb/"


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


class Corpus:
    def __init__(self, tmp: Path):
        self.tmp, self.seeds, self.docs, self.cache = tmp, tmp / "seeds", tmp / "docs", tmp / "cache"
        synthetic(40, self.seeds, seed=7)

    def build(self, url: str = URL):
        # Streamed, as the build does: the pages are rendered as they are written.
        gen = generate(BuildSettings(self.seeds, VOCAB, site_url=url, show_progress=False, cache_dir=self.cache, docs_dir=self.docs), stream=True)
        stats = write_generated(gen, BuildSettings(self.seeds, docs_dir=self.docs))
        return gen, stats

    def assert_same_as_scratch(self, url: str = URL) -> None:
        fresh = self.tmp / "fresh"
        shutil.rmtree(fresh, ignore_errors=True)
        gen = generate(BuildSettings(self.seeds, VOCAB, site_url=url, show_progress=False))
        assert gen.kept == 0
        write_generated(gen, BuildSettings(self.seeds, docs_dir=fresh))
        assert _tree(self.docs) == _tree(fresh)


@pytest.fixture(params=["keys here", "keys beside"])
def corpus(tmp_path, monkeypatch, request):
    # Few documents per concept page, so the cut between the main page and year pages moves.
    monkeypatch.setattr(years, "PAGE_DOCUMENTS", 4)
    monkeypatch.setattr(years, "SPREAD_DOCUMENTS", 4)
    if request.param == "keys beside":  # as for a large corpus: keys worked out by another process
        monkeypatch.setattr(kb.build, "MIN_ITEMS", 1)
    c = Corpus(tmp_path)
    gen, _ = c.build()
    assert gen.kept == 0 and len(gen.keys) > 100
    return c


def test_an_unchanged_corpus_renders_no_document_or_concept_page(corpus):
    gen, stats = corpus.build()
    assert gen.kept == len(gen.keys)
    assert stats.written == 0
    corpus.assert_same_as_scratch()


def test_an_edited_seed_renders_only_what_it_touches(corpus):
    seed = sorted(corpus.seeds.glob("*.txt"))[5]
    seed.write_text(seed.read_text(encoding="utf-8") + "\n\nBoth sides agreed to expand bilateral trade and "
                    "energy cooperation under the Shanghai Cooperation Organisation.", encoding="utf-8")
    gen, _ = corpus.build()
    assert 0 < len(gen.keys) - gen.kept < len(gen.keys) // 3
    corpus.assert_same_as_scratch()


def test_a_new_newest_document_moves_the_main_concept_pages(corpus):
    (corpus.seeds / "zz-new.txt").write_text(
        "date 2024-12-31\nTrade Talks Held\n\nOn December 31, 2024, Xi Jinping had a phone conversation with "
        "Vladimir Putin about bilateral trade.\n\nXi Jinping said that trade and energy cooperation grew.",
        encoding="utf-8")
    gen, _ = corpus.build()
    assert gen.kept < len(gen.keys)
    corpus.assert_same_as_scratch()


def test_a_removed_seed_and_a_changed_date(corpus):
    seeds = sorted(corpus.seeds.glob("*.txt"))
    seeds[0].unlink()
    text = seeds[1].read_text(encoding="utf-8")
    if text.startswith("date "):
        text = text.split("\n", 1)[1]
    seeds[1].write_text("date 2016-02-03\n" + text, encoding="utf-8")
    gen, _ = corpus.build()
    assert gen.kept < len(gen.keys)
    corpus.assert_same_as_scratch()


def test_a_generated_file_deleted_by_hand_is_rendered_again(corpus):
    page = next(p for p in sorted((corpus.docs / "topics").glob("*.md")) if p.name != "index.md")
    page.unlink()
    gen, stats = corpus.build()
    assert gen.kept == len(gen.keys) - 1 and stats.written == 1
    corpus.assert_same_as_scratch()


def test_another_site_url_or_vocabulary_renders_everything(corpus, tmp_path):
    gen, _ = corpus.build("https://example.net/")
    assert gen.kept == 0
    corpus.assert_same_as_scratch("https://example.net/")


def test_an_edited_paragraph_updates_the_pages_quoting_it_and_only_those(corpus):
    """A statement made as "He added ..." is on the speaker's page although the paragraph
    never names him: editing it must reach that page."""
    seed = corpus.seeds / "zz-said.txt"
    lead = ("date 2016-05-05\nTalks Held\n\nOn May 5, 2016, Xi Jinping had a phone conversation with "
            "Vladimir Putin.\n\nXi Jinping said that bilateral trade grew steadily.\n\n")
    seed.write_text(lead + "He added that energy cooperation should expand.", encoding="utf-8")
    corpus.build()
    seed.write_text(lead + "He added that energy cooperation and investment should expand further.", encoding="utf-8")
    gen, _ = corpus.build()
    person = (corpus.docs / "people" / "xi-jinping" / "2016.md").read_text(encoding="utf-8")
    assert "investment should expand further" in person
    assert len(gen.keys) - gen.kept < len(gen.keys) // 4
    corpus.assert_same_as_scratch()
