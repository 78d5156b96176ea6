"""The annotation cache: reused only for exactly the same seed, vocabulary and code."""
from __future__ import annotations

import shutil

from conftest import FIXTURES

from kb.cli import generate


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
    cold = generate(seeds, vocab, show_progress=False, cache_dir=cache)
    assert cold.reused == 0
    warm = generate(seeds, vocab, show_progress=False, cache_dir=cache)
    assert warm.reused == n
    assert warm.pages == cold.pages

    edited = sorted(seeds.glob("*.txt"))[0]
    edited.write_text(edited.read_text(encoding="utf-8") + "\n\nBilateral trade grew.", encoding="utf-8")
    after_edit = generate(seeds, vocab, show_progress=False, cache_dir=cache)
    assert after_edit.reused == n - 1
    uncached = generate(seeds, vocab, show_progress=False)
    assert after_edit.pages == uncached.pages

    # A vocabulary edit invalidates everything: names may now match anywhere.
    concepts = vocab / "concepts.yml"
    concepts.write_text(concepts.read_text(encoding="utf-8").replace(
        "aliases: [trade, ", "aliases: [trade, grew, "), encoding="utf-8")
    after_vocab = generate(seeds, vocab, show_progress=False, cache_dir=cache)
    assert after_vocab.reused == 0
    assert after_vocab.pages == generate(seeds, vocab, show_progress=False).pages


def test_a_broken_cache_file_is_ignored(tmp_path):
    seeds, cache = _seeds(tmp_path), tmp_path / "cache"
    cache.mkdir()
    (cache / "annotations.pickle").write_bytes(b"not a pickle")
    gen = generate(seeds, FIXTURES / "vocab", show_progress=False, cache_dir=cache)
    assert gen.reused == 0 and gen.documents > 0
    assert generate(seeds, FIXTURES / "vocab", show_progress=False, cache_dir=cache).reused == gen.documents
