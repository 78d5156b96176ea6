"""The annotation cache: reused only for exactly the same seed, vocabulary and code."""
from __future__ import annotations

import shutil
import sys

import pytest

from conftest import FIXTURES

from kb.build import BuildSettings, generate


def _seeds(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for f in (FIXTURES / "analyst").glob("*.txt"):
        shutil.copy(f, seeds / f.name)
    return seeds


def test_unchanged_seeds_are_not_annotated_again_and_pages_are_identical(tmp_path):
    seeds, cache, vocab = _seeds(tmp_path), tmp_path / "cache", tmp_path / "vocab"
    shutil.copytree(FIXTURES / "vocab", vocab)
    n = len(list(seeds.glob("*.txt")))
    cold = generate(BuildSettings(seeds, vocab, site_url="", show_progress=False, cache_dir=cache))
    assert cold.reused == 0
    warm = generate(BuildSettings(seeds, vocab, site_url="", show_progress=False, cache_dir=cache))
    assert warm.reused == n
    assert warm.pages == cold.pages

    edited = sorted(seeds.glob("*.txt"))[0]
    edited.write_text(edited.read_text(encoding="utf-8") + "\n\nBilateral trade grew.", encoding="utf-8")
    after_edit = generate(BuildSettings(seeds, vocab, site_url="", show_progress=False, cache_dir=cache))
    assert after_edit.reused == n - 1
    uncached = generate(BuildSettings(seeds, vocab, site_url="", show_progress=False))
    assert after_edit.pages == uncached.pages

    # A vocabulary edit invalidates everything: names may now match anywhere.
    concepts = vocab / "concepts.yml"
    concepts.write_text(concepts.read_text(encoding="utf-8").replace(
        "aliases: [trade, ", "aliases: [trade, grew, "), encoding="utf-8")
    after_vocab = generate(BuildSettings(seeds, vocab, site_url="", show_progress=False, cache_dir=cache))
    assert after_vocab.reused == 0
    assert after_vocab.pages == generate(BuildSettings(seeds, vocab, site_url="", show_progress=False)).pages


def test_a_broken_cache_file_is_ignored(tmp_path):
    seeds, cache = _seeds(tmp_path), tmp_path / "cache"
    cache.mkdir()
    (cache / "annotations.pickle").write_bytes(b"not a pickle")
    gen = generate(BuildSettings(seeds, FIXTURES / "vocab", site_url="", show_progress=False, cache_dir=cache))
    assert gen.reused == 0 and gen.documents > 0
    assert generate(BuildSettings(seeds, FIXTURES / "vocab", site_url="", show_progress=False, cache_dir=cache)).reused == gen.documents


def test_unchanged_seeds_are_not_parsed_again(tmp_path, monkeypatch):
    import kb.stages.read

    seeds, cache = _seeds(tmp_path), tmp_path / "cache"
    cold = generate(BuildSettings(seeds, FIXTURES / "vocab", site_url="", show_progress=False, cache_dir=cache))
    parsed = []
    real_parse = kb.stages.read.parse
    monkeypatch.setattr(kb.stages.read, "parse", lambda source, *a, **k: parsed.append(source) or real_parse(source, *a, **k))
    edited = sorted(seeds.glob("*.txt"))[0]
    edited.write_text(edited.read_text(encoding="utf-8") + "\n\nBilateral trade grew.", encoding="utf-8")
    warm = generate(BuildSettings(seeds, FIXTURES / "vocab", site_url="", show_progress=False, cache_dir=cache))
    assert parsed == [edited.name]
    assert warm.reused == cold.documents - 1
    monkeypatch.setattr(kb.stages.read, "parse", real_parse)
    assert warm.pages == generate(BuildSettings(seeds, FIXTURES / "vocab", site_url="", show_progress=False)).pages


def test_a_date_header_in_the_future_is_reported_from_the_cache_too(tmp_path):
    seeds, cache = tmp_path / "seeds", tmp_path / "cache"
    seeds.mkdir()
    (seeds / "ahead.txt").write_text("date 2999-01-01\nTalks Held In Beijing\n\nThe two sides met.", encoding="utf-8")
    for _ in range(2):  # annotated, then served by the cache
        gen = generate(BuildSettings(seeds, FIXTURES / "vocab", site_url="", show_progress=False, cache_dir=cache))
        assert [str(e) for e in gen.report] == ["warning: ahead.txt: line 1: date header 2999-01-01 is in the future"]
    assert gen.reused == 1


def _file(pages, path):
    return pages[path].decode("utf-8") if isinstance(pages[path], bytes) else pages[path]


def test_corpus_files_reuse_each_documents_part_from_the_last_build(tmp_path):
    """kb.json and passages.csv are assembled from per-document parts kept between builds: an
    edit or a new document gives the same files as a build without any cache, the kept parts
    are really used (a planted one shows), and another fingerprint (here the site URL) starts
    them afresh."""
    import sqlite3

    seeds, cache = _seeds(tmp_path), tmp_path / "cache"
    vocab = FIXTURES / "vocab"
    generate(BuildSettings(seeds, vocab, site_url="", show_progress=False, cache_dir=cache))
    edited = sorted(seeds.glob("*.txt"))[0]
    edited.write_text(edited.read_text(encoding="utf-8") + "\n\nBilateral trade grew.", encoding="utf-8")
    (seeds / "new.txt").write_text("Ministers Meet In Moscow\n\nThe ministers discussed trade.", encoding="utf-8")
    warm = generate(BuildSettings(seeds, vocab, site_url="", show_progress=False, cache_dir=cache))
    cold = generate(BuildSettings(seeds, vocab, site_url="", show_progress=False))
    for path in ("data/kb.json", "data/passages.csv"):
        assert _file(warm.pages, path) == _file(cold.pages, path)
    assert "Bilateral trade grew." in _file(warm.pages, "data/kb.json")
    assert "Ministers Meet In Moscow" in _file(warm.pages, "data/passages.csv")
    assert list((cache / "templates").glob("*.cache"))  # Jinja's compiled templates are kept too

    db = sqlite3.connect(cache / "records.sqlite3")
    keys = db.execute("SELECT key FROM records ORDER BY key").fetchall()
    assert len(keys) == 2 * warm.documents  # exactly this build's parts: the edited seed's old ones are gone
    (key,) = db.execute("SELECT key FROM records WHERE key LIKE 'json:%' ORDER BY key LIMIT 1").fetchone()
    db.execute("UPDATE records SET value = ? WHERE key = ?", ('{"planted":true}', key))
    db.commit()
    db.close()
    lines = [line.rstrip(",") for line in _file(generate(BuildSettings(seeds, vocab, site_url="", show_progress=False, cache_dir=cache)).pages,
                                                "data/kb.json").splitlines()]
    assert '{"planted":true}' in lines
    fresh = generate(BuildSettings(seeds, vocab, site_url="https://kb.example.org/", show_progress=False, cache_dir=cache))
    assert "planted" not in _file(fresh.pages, "data/kb.json")
    assert fresh.pages == generate(BuildSettings(seeds, vocab, site_url="https://kb.example.org/", show_progress=False)).pages


def test_each_documents_parts_are_made_once_with_its_page_not_after_every_page(tmp_path, monkeypatch):
    """A rendered document's parts of kb.json and passages.csv are made in the same job as its
    page (on every core, in a big build), not by the build process alone once all pages are
    done; a part the memo holds is not made again."""
    import kb.pages.exports.kb_json

    seeds, cache = _seeds(tmp_path), tmp_path / "cache"
    vocab = FIXTURES / "vocab"
    log: list[str] = []
    made = kb.pages.exports.kb_json.document_record

    def record(doc, event, vocab):
        log.append("part " + doc.slug)
        return made(doc, event, vocab)

    monkeypatch.setattr(kb.pages.exports.kb_json, "document_record", record)

    def build() -> list[str]:
        log.clear()
        gen = generate(BuildSettings(seeds, vocab, site_url="", show_progress=False, cache_dir=cache), stream=True)
        for path, _ in gen.pages:
            log.append("page " + path)
        return list(log)

    first = build()
    parts = [e for e in first if e.startswith("part ")]
    assert sorted(parts) == sorted(f"part {p[len('page documents/'):-3]}" for p in first
                                   if p.startswith("page documents/") and p != "page documents/index.md")
    for part in parts:  # each just before its page
        assert first[first.index(part) + 1] == "page documents/" + part[len("part "):] + ".md"
    assert not [e for e in build() if e.startswith("part ")]  # all in the memo now


def test_annotations_are_pickled_once_where_they_are_made(tmp_path, monkeypatch):
    """The cache keeps the bytes an annotation was sent back in; saving pickles nothing again,
    and those bytes serve the next build."""
    import pickle

    import kb.output.cache
    import kb.output.parallel

    seeds, cache = _seeds(tmp_path), tmp_path / "cache"
    monkeypatch.setattr(kb.output.parallel, "MIN_ITEMS", 1)
    monkeypatch.setenv("KB_WORKERS", "2")
    saved: list[object] = []
    real_dumps = pickle.dumps

    class Counting:  # kb.output.cache's pickle, counting what it pickles
        loads, load, dump, HIGHEST_PROTOCOL = pickle.loads, pickle.load, pickle.dump, pickle.HIGHEST_PROTOCOL

        @staticmethod
        def dumps(value, protocol=None):
            saved.append(value)
            return real_dumps(value, protocol=protocol)

    monkeypatch.setattr(kb.output.cache, "pickle", Counting)
    cold = generate(BuildSettings(seeds, FIXTURES / "vocab", site_url="", show_progress=False, cache_dir=cache))
    assert cold.reused == 0 and saved == []
    warm = generate(BuildSettings(seeds, FIXTURES / "vocab", site_url="", show_progress=False, cache_dir=cache))
    assert warm.reused == warm.documents and warm.pages == cold.pages


def test_saving_the_cache_lets_go_of_its_bytes(tmp_path):
    """Once on disk, the pickled annotations are not held on into rendering (a build of 10,000
    documents held 160 MB of them at its peak)."""
    from kb.output.cache import AnnotationCache, fingerprint
    from kb.rules.language import load_language
    from kb.stages.read import read_all

    seeds, folder = _seeds(tmp_path), tmp_path / "cache"
    generate(BuildSettings(seeds, FIXTURES / "vocab", site_url="", show_progress=False, cache_dir=folder))
    cache = AnnotationCache(folder, fingerprint(FIXTURES / "vocab"))
    documents, _ = read_all(seeds, load_language(), known=cache.document)
    annotated = [cache.get(d) for d in documents]
    assert all(annotated) and cache.entries
    cache.save(annotated)
    assert not cache.entries and not cache._found
    reloaded = AnnotationCache(folder, fingerprint(FIXTURES / "vocab"))
    assert len(reloaded.entries) == len(documents)  # all saved first


@pytest.mark.integration
def test_a_save_killed_or_failing_half_way_leaves_no_file_behind(tmp_path, monkeypatch):
    """A save writes a whole pickle beside the cache before replacing it (100 MB at 10,000
    documents): one a killed build left is removed by the next save; a failing one removes its
    own."""
    import pickle
    import subprocess
    import sys

    import pytest

    seeds, folder = _seeds(tmp_path), tmp_path / "cache"
    generate(BuildSettings(seeds, FIXTURES / "vocab", site_url="", show_progress=False, cache_dir=folder))
    gone = int(subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                              text=True, check=True).stdout)
    (folder / f".annotations.{gone}-abc").write_bytes(b"half a pickle")
    generate(BuildSettings(seeds, FIXTURES / "vocab", site_url="", show_progress=False, cache_dir=folder))
    assert sorted(p.name for p in folder.iterdir() if p.name.startswith(".")) == []

    def broken(*args, **kwargs):
        raise pickle.PicklingError("no")
    monkeypatch.setattr("kb.output.cache.pickle.dump", broken)
    with pytest.raises(pickle.PicklingError):
        generate(BuildSettings(seeds, FIXTURES / "vocab", site_url="", show_progress=False, cache_dir=folder))
    assert sorted(p.name for p in folder.iterdir() if p.name.startswith(".")) == []


def test_an_annotation_comes_back_from_its_pickle_field_for_field():
    """The small records unpickle through a `__setstate__` made for each class (model.
    _unpickled_fast): every field of every record comes back in its place."""
    import dataclasses
    import pickle

    from kb.stages.annotate import annotate
    from kb.rules.language import load_language
    from kb.model import Annotated
    from kb.stages.read import read_seed
    from kb.rules.vocabulary import load_vocabulary

    lang, vocab = load_language(), load_vocabulary(FIXTURES / "vocab")
    kinds: set[str] = set()
    for path in sorted((FIXTURES / "analyst").glob("*.txt")):
        made = annotate(read_seed(path, path.parent, lang), vocab, lang)
        back: Annotated = pickle.loads(pickle.dumps(made, protocol=pickle.HIGHEST_PROTOCOL))
        assert back == made

        def walk(value: object) -> None:
            if dataclasses.is_dataclass(value):
                if hasattr(type(value), "__slots__"):
                    kinds.add(type(value).__name__)
                for f in dataclasses.fields(value):
                    walk(getattr(value, f.name))
            elif isinstance(value, (tuple, list)):
                for item in value:
                    walk(item)

        walk(back)
    assert {"Paragraph", "Span", "Mention", "TopicHit", "Statement"} <= kinds


# The caches' keys are derived from what is on disk (kb/output/environment.py): every file of the
# package and every installed distribution, not a list of them.

def _build_twice_then(tmp_path, change) -> tuple:
    """A build, the same build again, then one after `change()`: each's (annotated afresh,
    pages rendered afresh). The package is a copy, so a test may add or edit its files."""
    from kb.build import write_generated

    seeds, cache, docs = _seeds(tmp_path), tmp_path / "cache", tmp_path / "docs"
    outcomes = []
    for step in ("cold", "warm", "changed"):
        if step == "changed":
            change()
        gen = generate(BuildSettings(seeds, FIXTURES / "vocab", site_url="", show_progress=False, cache_dir=cache, docs_dir=docs))
        write_generated(gen, BuildSettings(seeds, docs_dir=docs))
        outcomes.append((gen.documents - gen.reused, len(gen.keys) - gen.kept))
    return outcomes


@pytest.fixture
def package(tmp_path, monkeypatch):
    """A copy of the kb package that the fingerprint reads in place of the real one."""
    import kb.output.environment

    copy = tmp_path / "package"
    shutil.copytree(kb.output.environment.PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(kb.output.environment, "PACKAGE", copy)
    return copy


@pytest.mark.parametrize("change", ["new module", "yamlfile.py", "a template", "language.yml"])
def test_any_file_of_the_package_makes_the_next_build_annotate_and_render_afresh(tmp_path, package, change):
    def edit():
        if change == "new module":
            (package / "split_off.py").write_text('"""A module split off another."""\n', encoding="utf-8")
        else:
            path = {"yamlfile.py": package / "rules" / "yamlfile.py",
                    "a template": package / "pages" / "templates" / "document.md.j2",
                    "language.yml": package / "rules" / "lang" / "en.yml"}[change]
            path.write_bytes(path.read_bytes() + b"\n")

    cold, warm, changed = _build_twice_then(tmp_path, edit)
    documents, pages = cold
    assert documents > 0 and pages > 0
    assert warm == (0, 0)  # the same build again: nothing annotated, no page rendered
    assert changed == cold


def test_a_dependency_upgrade_makes_the_next_build_annotate_and_render_afresh(tmp_path, monkeypatch):
    import importlib.metadata
    import re

    real = importlib.metadata.distributions

    class Upgraded:
        """The stemmer's distribution as it reads after an upgrade."""

        def __init__(self, dist):
            self.dist = dist

        def read_text(self, name):
            text = self.dist.read_text(name)
            return text and re.sub(r"^Version:.*$", "Version: 99.0", text, count=1, flags=re.MULTILINE)

    def is_stemmer(dist) -> bool:
        return re.search(r"^Name: snowballstemmer$", dist.read_text("METADATA") or "", re.MULTILINE) is not None

    def upgrade():
        assert any(map(is_stemmer, real())), "the stemmer is installed"
        monkeypatch.setattr(importlib.metadata, "distributions",
                            lambda: [Upgraded(d) if is_stemmer(d) else d for d in real()])

    cold, warm, changed = _build_twice_then(tmp_path, upgrade)
    assert cold[0] > 0 and cold[1] > 0
    assert warm == (0, 0)
    assert changed == cold


def test_installed_lists_every_distribution_with_its_version():
    import importlib.metadata

    from kb.output.environment import installed

    listed = installed()
    assert listed[0].startswith("python ") and sys.version in listed[0]
    assert listed[1:] == sorted({f"{d.metadata['Name']}=={d.version}" for d in importlib.metadata.distributions()})
