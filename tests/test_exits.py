"""Every exit code of the command line and every row of README's troubleshooting table, each
with its message and what is (not) written; the README's promises about kb.json's order."""
from __future__ import annotations

import errno
import json
import shutil
from pathlib import Path

import pytest

import kb.build
import kb.cli
from conftest import FIXTURES, build
from kb.stages.ledger import read_ledger

pytestmark = pytest.mark.integration  # real builds, MkDocs, processes (tests/markers.py)

VOCAB = ("--vocabulary", str(FIXTURES / "vocab"))


@pytest.fixture(autouse=True)
def _public_address(monkeypatch):
    """A public site address, so that stderr holds only what each test is about (a local one
    adds the address warning: tests/test_citations.py)."""
    monkeypatch.setenv("KB_SITE_URL", "https://example.org/kb/")
SEED = "Leaders Talk by Phone\n\nOn May 5, 2021, Xi Jinping had a phone conversation with Putin.\n"


def _seeds(tmp: Path, **files: str) -> Path:
    seeds = tmp / "seeds"
    seeds.mkdir()
    for name, text in (files or {"talk.txt": SEED}).items():
        (seeds / name).write_text(text, encoding="utf-8")
    return seeds


def _nothing_written(tmp: Path) -> bool:
    return not (tmp / "docs").exists() and not (tmp / "site").exists()


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_missing_seeds_folder_is_exit_2_and_writes_nothing(tmp_path, capsys):
    assert build(tmp_path, tmp_path / "nowhere", *VOCAB) == 2
    assert capsys.readouterr().err == f"error: seeds folder not found: {tmp_path / 'nowhere'}\n"
    assert _nothing_written(tmp_path)


def test_unexpected_arguments_are_exit_2(tmp_path, capsys):
    seeds = _seeds(tmp_path)
    assert build(tmp_path, seeds, "build", "extra", *VOCAB) == 2
    assert capsys.readouterr().err == "error: unexpected arguments: extra\n"
    assert _nothing_written(tmp_path)


def test_an_invalid_ledger_is_exit_2_with_file_and_line_and_writes_nothing(tmp_path, capsys):
    seeds = _seeds(tmp_path)
    ledger = seeds / "ledger.yml"
    ledger.write_text("documents:\n  - slug: Not A Slug\n    sha256: abc\n    source: talk.txt\n"
                      "  - slug: fine\n    source: other.txt\n", encoding="utf-8")
    before = ledger.read_bytes()
    assert build(tmp_path, seeds, *VOCAB) == 2
    assert capsys.readouterr().err == (
        "error: the build stopped before writing anything:\n"
        f"  {ledger}:2: slug: 'Not A Slug' is not a slug (lowercase letters, digits, single hyphens)\n"
        f"  {ledger}:5: each entry needs slug, sha256 and source strings\n")
    assert _nothing_written(tmp_path) and ledger.read_bytes() == before


def test_invalid_language_rules_are_exit_2_with_file_and_line_and_write_nothing(tmp_path, capsys, monkeypatch):
    from kb.rules.language import DEFAULT_PATH, load_language

    rules = tmp_path / "language.yml"
    rules.write_text(DEFAULT_PATH.read_text(encoding="utf-8").replace(
        "  - 'all rights reserved'\n", "  - 'all rights (reserved'\n", 1), encoding="utf-8")
    line = rules.read_text(encoding="utf-8").split("\n").index("  - 'all rights (reserved'") + 1
    monkeypatch.setattr(kb.build, "load_language", lambda: load_language(rules))
    seeds = _seeds(tmp_path)
    assert build(tmp_path, seeds, *VOCAB) == 2
    assert capsys.readouterr().err == (
        "error: the build stopped before writing anything:\n"
        f"  {rules}:{line}: 'footer_lines': bad pattern 'all rights (reserved': missing ), unterminated "
        "subpattern at position 11\n")
    assert _nothing_written(tmp_path)


def test_a_vocabulary_mistake_is_exit_2_every_mistake_at_once_and_nothing_written(tmp_path, capsys):
    vocab = tmp_path / "vocab"
    shutil.copytree(FIXTURES / "vocab", vocab)
    with (vocab / "concepts.yml").open("a", encoding="utf-8") as f:
        f.write("  - id: broken\n    label: Broken\n    colour: red\n  - id: Bad Id\n    label: B\n")
    lines = (vocab / "concepts.yml").read_text(encoding="utf-8").count("\n")
    assert build(tmp_path, _seeds(tmp_path), "--vocabulary", str(vocab)) == 2
    assert capsys.readouterr().err == (
        "error: the build stopped before writing anything:\n"
        f"  {vocab / 'concepts.yml'}:{lines - 2}: colour: unknown key (allowed in phrases: aliases, broader, "
        "definition, id, label, related)\n"
        f"  {vocab / 'concepts.yml'}:{lines - 1}: id: must be lowercase letters, digits and single hyphens, "
        "got 'Bad Id'\n")
    assert _nothing_written(tmp_path)


def test_nothing_left_after_header_chrome_and_footer_is_reported(tmp_path, capsys):
    seeds = _seeds(tmp_path, **{"talk.txt": SEED, "chrome.txt":
                                "date 2021-05-05\nHome > News > World\nSubscribe to our newsletter\n\n"
                                "Copyright 2021 Example Wire. All rights reserved\n"})
    assert build(tmp_path, seeds, *VOCAB) == 0
    err = capsys.readouterr().err
    assert err == "Build report (1):\n  skipped: chrome.txt: no text left after removing header, chrome and footer\n"
    kb = json.loads((tmp_path / "site" / "data" / "kb.json").read_text(encoding="utf-8"))
    assert [d["source"] for d in kb["documents"]] == ["talk.txt"]


def _ledger_on_a_read_only_disk(monkeypatch, seeds: Path) -> None:
    """The seeds folder as if read-only (tests run as root, for whom a mode bit is no bar): the
    ledger's write fails as on a read-only file system; every other write goes on."""
    real = kb.cli.atomic_write

    def write(path, data, *args, **kwargs):
        if Path(path) == seeds / "ledger.yml":
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        return real(path, data, *args, **kwargs)

    monkeypatch.setattr(kb.build, "atomic_write", write)  # the build's ledger
    monkeypatch.setattr(kb.cli, "atomic_write", write)  # rename's


def test_a_ledger_that_cannot_be_saved_is_a_warning_and_the_site_is_built(tmp_path, capsys, monkeypatch):
    seeds = _seeds(tmp_path)
    _ledger_on_a_read_only_disk(monkeypatch, seeds)
    assert build(tmp_path, seeds, *VOCAB) == 0
    assert capsys.readouterr().err == ("Build report (1):\n  warning: ledger.yml: slug ledger not saved "
                                       "(Read-only file system); slugs may not be permanent\n")
    assert not (seeds / "ledger.yml").exists()
    assert (tmp_path / "site" / "index.html").is_file()


def test_strict_with_a_ledger_that_cannot_be_saved_is_exit_1_and_writes_nothing(tmp_path, capsys, monkeypatch):
    seeds = _seeds(tmp_path)
    assert build(tmp_path, seeds, *VOCAB) == 0
    site, docs = _tree(tmp_path / "site"), _tree(tmp_path / "docs")
    (seeds / "second.txt").write_text("Ministers Meet Again\n\nOn June 6, 2021, the ministers met.\n",
                                      encoding="utf-8")
    ledger = (seeds / "ledger.yml").read_bytes()
    _ledger_on_a_read_only_disk(monkeypatch, seeds)
    capsys.readouterr()
    assert build(tmp_path, seeds, "--strict", *VOCAB) == 1
    assert capsys.readouterr().err == (
        "error: --strict: 1 build report entry; nothing written:\n"
        "  warning: ledger.yml: slug ledger not saved (Read-only file system); slugs may not be permanent\n")
    assert (_tree(tmp_path / "site"), _tree(tmp_path / "docs")) == (site, docs)
    assert (seeds / "ledger.yml").read_bytes() == ledger


def test_strict_with_a_report_entry_writes_nothing_not_even_the_ledger(tmp_path, capsys):
    seeds = _seeds(tmp_path)
    (seeds / "empty.txt").write_bytes(b"")
    assert build(tmp_path, seeds, "--strict", *VOCAB) == 1
    assert capsys.readouterr().err == ("error: --strict: 1 build report entry; nothing written:\n"
                                       "  skipped: empty.txt: empty file\n")
    assert _nothing_written(tmp_path) and not (seeds / "ledger.yml").exists()


@pytest.fixture
def ledgered(tmp_path):
    """Two documents built, one of them renamed once: its old slug is taken for ever."""
    seeds = _seeds(tmp_path, **{"talk.txt": SEED,
                                "second.txt": "Ministers Meet Again\n\nOn June 6, 2021, the ministers met.\n"})
    assert kb.cli.main(["rename", "x", "y", "--seeds", str(seeds), "--docs-dir", str(tmp_path / "d"),
                        "--site-dir", str(tmp_path / "s")]) == 2  # no ledger yet: no such slug
    assert build(tmp_path, seeds, *VOCAB) == 0
    slugs = sorted(e.slug for e in read_ledger(seeds / "ledger.yml"))
    assert build(tmp_path, seeds, "rename", slugs[0], "renamed-once", *VOCAB) == 0
    assert build(tmp_path, seeds, "rename", "renamed-once", "renamed-twice", *VOCAB) == 0
    return tmp_path, seeds, slugs


@pytest.mark.parametrize("new, why", [
    ("taken", "is already taken, now or before"),
    ("renamed-once", "is already taken, now or before"),
    ("Not-A-Slug", "is not a slug (lowercase letters, digits, single hyphens)"),
    ("double--hyphen", "is not a slug (lowercase letters, digits, single hyphens)"),
    ("", "is not a slug (lowercase letters, digits, single hyphens)"),
])
def test_rename_refuses_a_taken_once_taken_or_invalid_slug(ledgered, capsys, new, why):
    tmp, seeds, slugs = ledgered
    new = slugs[1] if new == "taken" else new
    ledger = (seeds / "ledger.yml").read_bytes()
    capsys.readouterr()
    assert build(tmp, seeds, "rename", "renamed-twice", new, *VOCAB) == 2
    assert capsys.readouterr().err == f"error: {seeds / 'ledger.yml'}: {new!r} {why}\n"
    assert (seeds / "ledger.yml").read_bytes() == ledger


def test_rename_of_an_unknown_slug_or_without_two_slugs_is_exit_2(ledgered, capsys):
    tmp, seeds, _ = ledgered
    ledger = (seeds / "ledger.yml").read_bytes()
    capsys.readouterr()
    assert build(tmp, seeds, "rename", "no-such-slug", "a-free-slug", *VOCAB) == 2
    assert capsys.readouterr().err == f"error: {seeds / 'ledger.yml'}: no document has the slug 'no-such-slug'\n"
    assert build(tmp, seeds, "rename", "renamed-twice", *VOCAB) == 2
    assert capsys.readouterr().err == "error: rename takes two slugs: OLD NEW\n"
    assert (seeds / "ledger.yml").read_bytes() == ledger


def test_a_mkdocs_failure_is_exit_1_and_leaves_the_previous_site(tmp_path, capsys, monkeypatch):
    seeds = _seeds(tmp_path)
    assert build(tmp_path, seeds, *VOCAB) == 0
    site = _tree(tmp_path / "site")

    def fails(*args, **kwargs):
        raise RuntimeError("theme exploded")

    import kb.renderers.mkdocs.site

    monkeypatch.setattr(kb.renderers.mkdocs.site, "mkdocs_build", fails)  # what the MkDocs renderer calls
    (seeds / "talk.txt").write_text(SEED.replace("May 5", "May 6"), encoding="utf-8")
    capsys.readouterr()
    assert build(tmp_path, seeds, *VOCAB) == 1
    assert capsys.readouterr().err == ("error: MkDocs build failed (theme exploded); "
                                       "the previous site is left as it was\n")
    assert _tree(tmp_path / "site") == site


# --- kb.json's order, as README promises it ---------------------------------------------------

def test_kb_json_version_kinds_and_orders(seeds_site, vocab):
    data = json.loads((seeds_site / "site" / "data" / "kb.json").read_text(encoding="utf-8"))
    assert data["version"] == 1
    assert data["kinds"] == [{"id": k.id, "label": k.label} for k in vocab.sections["kinds"]]
    assert {d["kind"] for d in data["documents"]} <= {k["id"] for k in data["kinds"]}
    filed = [d["event_date"] or d["published"] or "" for d in data["documents"]]
    assert filed == sorted(filed, reverse=True) and len(set(filed)) > 1  # newest first
    varied = []
    for d in data["documents"]:
        topics: dict[str, int] = {}
        for part in [d.get("headline") or {"topics": []}, *d["paragraphs"]]:
            for t in part["topics"]:
                topics[t] = topics.get(t, 0) + 1
        assert d["topics"] == sorted(topics, key=lambda t: (-topics[t], t))  # most frequent first
        names: dict[str, int] = {}
        for p in d["paragraphs"]:
            for m in p["mentions"]:
                names[m["id"]] = names.get(m["id"], 0) + 1
        assert d["entities"] == sorted(names, key=lambda e: (-names[e], e))
        varied.append(len(set(topics.values())) > 1 and len(set(names.values())) > 1)
    assert any(varied)  # the orders above are not the ids' alone
    assert [t["id"] for t in data["topics"]] == [c.id for c in vocab.sections["topics"]]
