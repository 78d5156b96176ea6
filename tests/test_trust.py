"""Trust under hostile seeds and faults (issue 33), with real builds: only seeds are read, and
nothing from outside the seeds folder is published; everything else is named in the report, one
escaped line an entry; the outputs are readable by a web server running as another user; a
rewritten ledger keeps its mode; YAML aliases, dates at the calendar's ends, bidi controls in
a headline and a full disk end in a clear line, never a traceback. Every fixture is made here.
"""
from __future__ import annotations

import contextlib
import errno
import io
import json
import os
import re
import stat
import time
from pathlib import Path

import pytest

from conftest import build

pytestmark = pytest.mark.integration  # real builds (tests/markers.py)

SECRET = "SECRET-4471-TOKEN"
"""A word only the file outside the seeds folder holds: no output may contain it."""
GOOD = "date 2021-03-04\nMinisters Meet at the Port\n\nThe ministers meet at the port to talk about grain and rail.\n"
NAMES = {
    "forged": "forged\nBuilt 999 documents.txt",
    "escape": "\x1b[31mred\x1b[0m.txt",
    "bidi": "\u202eevil.txt",
}
BIDI = "\u202e"


def _seeds(tmp: Path) -> Path:
    """A seeds folder holding one seed of each hostile shape, a good one, and a file and a
    folder outside it that links point at."""
    outside = tmp / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(f"Secret Headline Here\n\nThe secret word is {SECRET} today.\n",
                                        encoding="utf-8")
    seeds = tmp / "seeds"
    seeds.mkdir()
    (seeds / "good.txt").write_text(GOOD, encoding="utf-8")
    (seeds / "link.txt").symlink_to(outside / "secret.txt")
    (seeds / "linked-folder").symlink_to(outside)
    (seeds / "notes.md").write_text(f"Notes Headline Here\n\nNotes beside the seeds: {SECRET}.\n", encoding="utf-8")
    (seeds / "sub").mkdir()
    (seeds / "sub" / "x.txt").write_text(f"Sub Headline Here\n\nA text in a sub-folder: {SECRET}.\n", encoding="utf-8")
    (seeds / NAMES["forged"]).write_bytes(b"")
    (seeds / NAMES["escape"]).write_text("date 2999-01-01\nA Report From Far Ahead\n\nThe ministers will meet.\n",
                                         encoding="utf-8")
    (seeds / NAMES["bidi"]).write_bytes(b"")
    (seeds / "paper.txt").write_bytes(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n")
    (seeds / "last-day.txt").write_text("date 9999-12-31\nTalks Held on the Last Day\n\nThe ministers held talks "
                                        "on Tuesday and will meet again tomorrow.\n", encoding="utf-8")
    (seeds / "first-day.txt").write_text("date 0001-01-01\nTalks Held on the First Day\n\nThe ministers held "
                                         "talks on Tuesday, a day after yesterday's visit.\n", encoding="utf-8")
    (seeds / "bidi-headline.txt").write_text(f"date 2021-03-05\nMinisters Meet {BIDI}at the Grain Port\n\nThe "
                                             "ministers meet at the grain port to talk about rail.\n", encoding="utf-8")
    ledger = seeds / "ledger.yml"
    ledger.write_text("documents: []\n", encoding="utf-8")
    ledger.chmod(0o664)
    return seeds


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """One build of `_seeds` under umask 022, an old site beside it that cannot be removed."""
    import kb.build

    tmp = tmp_path_factory.mktemp("trust")
    seeds = _seeds(tmp)
    (tmp / ".site.old-999").mkdir()
    out, err = io.StringIO(), io.StringIO()
    old_mask = os.umask(0o022)
    try:
        with pytest.MonkeyPatch.context() as patch, contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            patch.setattr(kb.build, "remove_old_sites", lambda site_dir: [(".site.old-999", "Permission denied")])
            code = build(tmp, seeds, "--search", "lunr")
    finally:
        os.umask(old_mask)
    kb_json = json.loads((tmp / "site" / "data" / "kb.json").read_text(encoding="utf-8"))
    return tmp, code, out.getvalue(), err.getvalue(), {d["source"]: d for d in kb_json["documents"]}


def test_only_seeds_become_documents_and_the_build_goes_on(hostile):
    _, code, _, _, docs = hostile
    assert code == 0
    assert set(docs) == {"good.txt", NAMES["escape"], "last-day.txt", "first-day.txt", "bidi-headline.txt"}


def test_nothing_from_outside_the_seeds_folder_or_beside_the_seeds_is_published(hostile):
    tmp = hostile[0]
    for folder in ("site", "docs"):
        for path in (tmp / folder).rglob("*"):
            if path.is_file():
                assert SECRET.encode() not in path.read_bytes(), path


def test_every_other_entry_is_named_in_the_report_with_its_reason(hostile):
    err = hostile[3]
    for line in ["skipped: link.txt: symbolic link (not followed)",
                 "skipped: linked-folder: symbolic link (not followed)",
                 "skipped: notes.md: not a .txt file (not read)",
                 "skipped: sub: folder (not read: seeds are the .txt files directly in the seeds folder)",
                 "skipped: paper.txt:1: binary file (a PDF document, by its first bytes)",
                 "skipped: forged\\nBuilt 999 documents.txt: empty file",
                 "warning: \\x1b[31mred\\x1b[0m.txt: line 1: date header 2999-01-01 is in the future",
                 "skipped: \\u202eevil.txt: empty file",
                 "warning: .site.old-999: an old site could not be removed (Permission denied); delete it"]:
        assert f"  {line}\n" in err


def test_names_cannot_forge_a_line_or_reach_the_terminal_raw(hostile):
    _, _, out, err, _ = hostile
    assert "\x1b" not in out + err and BIDI not in out + err
    assert [line for line in out.splitlines() if line.startswith("Built ")] == [out.splitlines()[0]]
    report = err[err.index("Build report"):].splitlines()
    entries = int(re.search(r"Build report \((\d+)\)", report[0])[1])
    assert all(line.startswith(("  skipped: ", "  warning: ")) for line in report[1:1 + entries])
    # After the report, only the build's own line on the local address (kb/pages/urls.py).
    assert [line[:44] for line in report[1 + entries:]] == ["warning: the site's public address is not se"]


def test_a_web_server_running_as_another_user_can_read_the_outputs(hostile):
    tmp = hostile[0]
    wrong = [f"{p.relative_to(tmp)} {stat.S_IMODE(p.stat().st_mode):o}"
             for folder in ("site", "docs") for p in [tmp / folder, *(tmp / folder).rglob("*")]
             if stat.S_IMODE(p.stat().st_mode) != (0o755 if p.is_dir() else 0o644)]
    assert wrong == []


def test_the_rewritten_ledger_keeps_its_mode(hostile):
    ledger = hostile[0] / "seeds" / "ledger.yml"
    assert "last-day.txt" in ledger.read_text(encoding="utf-8")
    assert stat.S_IMODE(ledger.stat().st_mode) == 0o664


def test_dates_at_the_calendars_ends_leave_the_weekday_unresolved(hostile):
    docs = hostile[4]
    assert docs["last-day.txt"]["published"] == "9999-12-31"
    assert docs["first-day.txt"]["published"] == "0001-01-01"
    assert docs["first-day.txt"]["event_date"] in (None, "0001-01-01")


def test_bidi_controls_reach_no_title(hostile):
    tmp, docs = hostile[0], hostile[4]
    assert docs["bidi-headline.txt"]["title"] == "Ministers Meet at the Grain Port"
    page = (tmp / "site" / "documents" / docs["bidi-headline.txt"]["id"] / "index.html").read_text(encoding="utf-8")
    assert BIDI not in re.search(r"<title>(.*?)</title>", page, re.S)[1]
    assert BIDI not in re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S)[1]
    for shown in ("feed.xml", "documents/index.html", "timeline/index.html", "index.html"):
        assert BIDI not in (tmp / "site" / shown).read_text(encoding="utf-8"), shown


def test_a_link_fails_a_strict_build_and_nothing_is_written(tmp_path):
    (tmp_path / "outside.txt").write_text("Outside Headline Here\n\nA text outside the seeds.\n", encoding="utf-8")
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "good.txt").write_text(GOOD, encoding="utf-8")
    (seeds / "link.txt").symlink_to(tmp_path / "outside.txt")
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        assert build(tmp_path, seeds, "--strict") == 1
    assert "  skipped: link.txt: symbolic link (not followed)\n" in err.getvalue()
    assert not (tmp_path / "site").exists() and not (tmp_path / "docs").exists()
    assert not (seeds / "ledger.yml").exists()


def test_a_read_only_ledger_is_not_replaced_and_the_report_says_so(tmp_path):
    from kb.build import ROOT, BuildSettings, generate, save_ledger

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "good.txt").write_text(GOOD, encoding="utf-8")
    (seeds / "ledger.yml").write_text("documents: []\n", encoding="utf-8")
    (seeds / "ledger.yml").chmod(0o444)
    gen = generate(BuildSettings(seeds, ROOT / "vocabulary", site_url="", show_progress=False))
    save_ledger(gen, seeds)
    assert [str(e) for e in gen.report] == [
        "warning: ledger.yml: slug ledger not saved (Permission denied (the file is read-only)); "
        "slugs may not be permanent"]
    assert (seeds / "ledger.yml").read_text(encoding="utf-8") == "documents: []\n"
    assert stat.S_IMODE((seeds / "ledger.yml").stat().st_mode) == 0o444


BOMB = ("topics:\n  - id: trade\n    label: Trade\n    definition: Goods across borders.\n"
        "    aliases: &a [trade, goods, tariffs, exports, imports, markets, duties, quotas, ports]\n"
        "    rules:\n" + "".join(f"      - &{b} [{', '.join([f'*{a}'] * 9)}]\n"
                                 for a, b in zip("abcdef", "bcdefg")) + f"      - [{', '.join(['*g'] * 9)}]\n")
"""Valid `rules:` standing for 9^8 terms, in well under a kilobyte."""


@pytest.mark.parametrize("where", ["vocabulary", "ledger"])
def test_yaml_aliases_are_refused_within_seconds_with_file_and_line_and_nothing_written(tmp_path, where):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "good.txt").write_text(GOOD, encoding="utf-8")
    extra: tuple[str, ...] = ()
    if where == "vocabulary":
        vocab = tmp_path / "vocab"
        vocab.mkdir()
        (vocab / "topics.yml").write_text(BOMB, encoding="utf-8")
        extra, file, line = ("--vocabulary", str(vocab)), vocab / "topics.yml", 5
    else:
        (seeds / "ledger.yml").write_text("documents:\n  - &e {slug: a, sha256: b, source: c.txt}\n  - *e\n",
                                          encoding="utf-8")
        file, line = seeds / "ledger.yml", 2
    err = io.StringIO()
    started = time.perf_counter()
    with contextlib.redirect_stderr(err):
        assert build(tmp_path, seeds, *extra) == 2
    assert time.perf_counter() - started < 30  # a hang guard: the bomb ran for minutes
    assert f"  {file}:{line}: YAML anchors and aliases" in err.getvalue()
    assert not (tmp_path / "site").exists() and not (tmp_path / "docs").exists()


def test_a_full_disk_while_writing_docs_is_one_error_line_and_the_last_build_stays(hostile, monkeypatch):
    """Last in this module: it builds over the module's build, and leaves it as it was."""
    import kb.output.write

    tmp = hostile[0]
    before = {p.relative_to(tmp).as_posix(): p.read_bytes() for f in ("docs", "site") for p in (tmp / f).rglob("*")
              if p.is_file()}
    (tmp / "seeds" / "new.txt").write_text("date 2021-03-06\nA New Report on Rail\n\nThe ministers talk about rail "
                                           "and grain at the port.\n", encoding="utf-8")

    def full(target, data, made):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), target)

    monkeypatch.setattr(kb.output.write, "_put", full)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        assert build(tmp, tmp / "seeds", "--search", "lunr") == 1
    assert err.getvalue() == (f"error: the docs folder {tmp / 'docs'} could not be written (No space left on device); "
                              "the previous docs and site are left as they were\n")
    after = {p.relative_to(tmp).as_posix(): p.read_bytes() for f in ("docs", "site") for p in (tmp / f).rglob("*")
             if p.is_file()}
    assert after == before
    assert not [p.name for p in tmp.iterdir() if p.name.startswith(".docs.new-")]
