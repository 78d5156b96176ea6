"""MkDocs's stage (kb/renderers/mkdocs/site.py, kb/renderers/mkdocs/hook.py): what it makes faster must not change the site.

One corpus (synthetic documents and the seeds) is built through the command line, then the same
docs/ is built again by MkDocs parsing every raw HTML block itself and rendering Material's
shared parts for every page (KB_PASSTHROUGH=0, KB_THEME_PARTS=0), and again in two shards: every
file of the three sites is the same, byte for byte. Each shortcut is also checked to be taken."""
from __future__ import annotations

import filecmp
import json
import os
import shutil
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from mkdocs.utils.meta import get_data

from bench.generate import generate as synthetic
from conftest import ROOT, SEEDS, build
from kb.renderers.mkdocs import passthrough
from kb.renderers.mkdocs.site import mkdocs_build

pytestmark = pytest.mark.integration  # real builds, MkDocs, processes (tests/markers.py)

CONFIG = ROOT / "mkdocs.yml"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("site")
    seeds = tmp / "seeds"
    synthetic(40, seeds)
    for f in SEEDS.glob("*.txt"):
        (seeds / f.name).write_bytes(f.read_bytes())
    # lunr: the comparisons below build the same docs with MkDocs alone, and lunr's index is
    # the one every shard reads every page for (Pagefind runs after MkDocs, on the built site).
    assert build(tmp, seeds, "--search", "lunr") == 0
    return tmp


def same_files(a: Path, b: Path) -> list[str]:
    """The files of two sites, asserting they are the same files with the same bytes."""
    files = sorted(str(p.relative_to(a)) for p in a.rglob("*") if p.is_file())
    assert files == sorted(str(p.relative_to(b)) for p in b.rglob("*") if p.is_file())
    match, mismatch, errors = filecmp.cmpfiles(a, b, files, shallow=False)
    assert (mismatch, errors) == ([], [])
    return match


def test_every_generated_page_takes_the_pass_through(built):
    """Or the comparison below would prove nothing, and the build would lose its speed: a
    template that writes other Markdown (a list, a line of text) fails here."""
    pages = sorted((built / "docs").rglob("*.md"))
    assert len(pages) > 200
    left = [str(p.relative_to(built / "docs")) for p in pages
            if passthrough.stub(get_data(p.read_text(encoding="utf-8-sig"))[0], "kbrawtest") is None]
    assert left == []


def test_site_is_byte_identical_without_the_pass_through_and_the_shared_theme_parts(built):
    """The reference build: Python-Markdown parses every raw block itself, and Material renders
    its header, navigation, tabs and configuration for every page."""
    parsed = built / "site-parsed"
    code = ("import sys; from pathlib import Path; from kb.renderers.mkdocs.site import mkdocs_build; "
            "mkdocs_build(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), 'lunr', shards=1)")
    subprocess.run([sys.executable, "-c", code, str(CONFIG), str(built / "docs"), str(parsed)], cwd=ROOT,
                   env={**os.environ, "KB_PASSTHROUGH": "0", "KB_THEME_PARTS": "0"}, check=True, capture_output=True)
    files = same_files(built / "site", parsed)
    assert "search/search_index.json" in files  # the lunr index saw the same pages


def test_the_theme_parts_are_rendered_once_for_pages_that_show_them_alike(built):
    """Or the comparison above would hold with every part rendered for every page, and MkDocs
    would lose its speed unseen (a partial renamed in a Material upgrade, say). Likewise one
    Markdown converts every page, where MkDocs makes one per page."""
    code = ("import json, sys; from pathlib import Path; from kb.renderers.mkdocs.site import ShardJob, _build_one; "
            "_build_one(ShardJob(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), 'lunr')); "
            "b = sys.modules['kb/renderers/mkdocs/hook.py'].plugin.build; "
            "print(json.dumps([b.part_uses, b.part_renders, b.page_mds, b.converted]))")
    run = subprocess.run([sys.executable, "-c", code, str(CONFIG), str(built / "docs"), str(built / "site-parts")],
                         cwd=ROOT, check=True, capture_output=True, text=True)
    uses, renders, markdowns, converted = json.loads(run.stdout.splitlines()[-1])
    pages = len(list((built / "docs").rglob("*.md")))
    for part in ("header-start", "header-end", "nav", "tabs", "config"):
        assert uses[part] >= pages and renders[part] < pages / 10, part
    assert markdowns == 1 and converted == pages


def test_site_is_byte_identical_in_two_shards(built):
    """Each shard writes its share of the pages; merged, they are the site one process builds
    (the lunr index included: every shard reads every page for it)."""
    sharded = built / "site-sharded"
    mkdocs_build(CONFIG, built / "docs", sharded, "lunr", shards=2)
    same_files(built / "site", sharded)
    assert not list(built.glob(".site-sharded.*"))  # the shards' folders are gone


def test_a_shard_copies_and_converts_only_its_share(built):
    """Originals, citations and data files are each copied by one shard (the merge brings them
    together, as the comparison above shows): every shard copying all of them doubled the
    disk work of a large build. Likewise pages another shard writes are not converted whole."""
    out = built / "site-shard1"
    code = ("import sys; from pathlib import Path; from kb.renderers.mkdocs.site import ShardJob, _build_one; "
            "_build_one(ShardJob(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), 'lunr', (1, 2))); "
            "b = sys.modules['kb/renderers/mkdocs/hook.py'].plugin.build; print(b.unbuilt, b.light)")
    run = subprocess.run([sys.executable, "-c", code, str(CONFIG), str(built / "docs"), str(out)],
                         cwd=ROOT, check=True, capture_output=True, text=True)
    # Pages the other shard writes and no search index here reads (event and year pages in a
    # lunr build, every page with Pagefind) have only their headings converted here.
    unbuilt, light = map(int, run.stdout.split()[-2:])
    assert light > 10
    # Nor are they put through MkDocs's templates, only for an empty page to be left unwritten.
    assert unbuilt == light
    static = [p.relative_to(built / "docs").as_posix() for p in (built / "docs").rglob("*")
              if p.is_file() and p.suffix != ".md" and not p.name.startswith(".")]
    own = {uri for uri in static if zlib.crc32(uri.encode("utf-8")) % 2 == 1}
    assert len(static) > 50 and 0 < len(own) < len(static)
    assert {uri for uri in static if (out / uri).is_file()} == own


def test_a_failing_shard_fails_the_build_and_leaves_the_old_site(tmp_path, capfd):
    docs = tmp_path / "docs"
    docs.mkdir()
    for i in range(4):
        (docs / f"page{i}.md").write_text(f"# Page {i}\n", encoding="utf-8")
    (docs / "index.md").write_text("# Home\n\n[a link to nowhere](missing.md)\n", encoding="utf-8")
    site = tmp_path / "site"
    site.mkdir()
    (site / "keep.html").write_text("the previous site", encoding="utf-8")
    with pytest.raises(RuntimeError, match="MkDocs failed in shards 0, 1 of 2"):
        mkdocs_build(CONFIG, docs, site, "lunr", shards=2)
    assert [p.name for p in site.iterdir()] == ["keep.html"]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site.")] == []
    # Both shards read every page, so both saw every warning: each is printed once.
    err = capfd.readouterr().err
    warnings = [line for line in err.splitlines() if line.startswith("WARNING: ")]
    assert any("missing.md" in w for w in warnings), err
    assert len(warnings) == len(set(warnings)), err
    assert "Aborted with" in err and "Traceback" not in err


def test_a_shard_knows_the_heading_anchors_of_pages_it_does_not_convert(tmp_path, capfd):
    """Links to a heading of a page the other shard writes are checked against the ids this
    shard works out from the page's headings alone: a wrong id would fail a strict build."""
    docs = tmp_path / "docs"
    docs.mkdir()
    for n in range(8):
        (docs / f"page{n}.md").write_text(
            f"---\ntitle: Page {n}\nsearch:\n  exclude: true\n---\n\n## Some heading &amp; more\n\n"
            f'<div class="x" id="p{n}">text</div>\n\n## Notes\n\n<p>one</p>\n\n## Notes\n\n<p>two</p>\n',
            encoding="utf-8")
    links = "".join(f"[a](page{n}.md#some-heading-more) [b](page{n}.md#notes_1) [c](page{n}.md#p{n})\n\n"
                    for n in range(8))
    (docs / "index.md").write_text(f"# Home\n\n{links}", encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text(f"site_name: t\ntheme:\n  name: material\n  custom_dir: {ROOT / 'overrides'}\n"
                      f"markdown_extensions:\n  - toc:\n      permalink: true\nvalidation:\n  anchors: warn\n"
                      f"hooks:\n  - {ROOT / 'kb' / 'renderers' / 'mkdocs' / 'hook.py'}\n", encoding="utf-8")
    mkdocs_build(config, docs, tmp_path / "site", "lunr", shards=2)
    assert 'id="notes_1"' in (tmp_path / "site" / "page3" / "index.html").read_text(encoding="utf-8")
    (docs / "index.md").write_text(f"# Home\n\n{links}[d](page3.md#notes_2)\n", encoding="utf-8")
    with pytest.raises(RuntimeError, match="MkDocs failed"):
        mkdocs_build(config, docs, tmp_path / "site", "lunr", shards=2)
    assert "does not contain an anchor '#notes_2'" in capfd.readouterr().err


def test_a_hand_written_page_with_its_own_meta_data_passes_through(tmp_path):
    """docs/ may hold pages we did not generate; MkDocs takes MultiMarkdown meta-data off them,
    and the pass-through must find the same Markdown again when it restores the blocks."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text('Title: Written by hand\n\n<div class="x" id="kept">kept</div>\n\n'
                                   "## Part\n\n<p>two</p>\n", encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text(f"site_name: t\ntheme:\n  name: material\nmarkdown_extensions:\n  - toc:\n"
                      f"      permalink: true\nhooks:\n  - {ROOT / 'kb' / 'renderers' / 'mkdocs' / 'hook.py'}\n", encoding="utf-8")
    mkdocs_build(config, docs, tmp_path / "site", "lunr", shards=1)
    html = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert '<div class="x" id="kept">kept</div>\n<h2 id="part">' in html and "<p>two</p>" in html
    assert "kbraw" not in html


def _inodes(site: Path) -> dict[str, int]:
    return {p.relative_to(site).as_posix(): p.stat().st_ino for p in site.rglob("*.html")}


@pytest.mark.parametrize("search", ["lunr", "pagefind"])
def test_a_page_whose_markdown_did_not_change_keeps_its_html_and_the_site_is_as_if_built_anew(
        tmp_path, search, capsys, monkeypatch):
    """After one seed changes, MkDocs renders only the pages whose Markdown changed (and those
    of the navigation): the others' HTML is linked from the last site. The site is the one a
    build from nothing makes, byte for byte (with lunr, its index too: a kept page is still
    converted for it). A change to anything else a page depends on renders every page again,
    and a page written by hand is always rendered (its links are checked only then)."""
    work, fresh = tmp_path / "work", tmp_path / "fresh"
    monkeypatch.setenv("KB_PAGEFIND_PART", "10")  # Pagefind in parts: those whose pages are all kept are kept
    synthetic(40, work / "seeds")
    assert build(work, work / "seeds", "--search", search) == 0
    documents = json.loads((work / "site" / "data" / "kb.json").read_text(encoding="utf-8"))["documents"]
    linked = work / "docs" / "documents" / f"{documents[0]['id']}.md"
    notes = f"# Notes\n\nWritten by hand, [on a paragraph](documents/{linked.name}#p1).\n"
    (work / "docs" / "notes.md").write_text(notes, encoding="utf-8")
    # A kept page no search index reads is not even read: its anchors, which the link above
    # is checked against, are the last build's. (Were it read, this would be its heading.)
    stat, original = linked.stat(), linked.read_bytes()
    with linked.open("r+b") as handle:
        handle.write(b"# " + b"x" * (stat.st_size - 3) + b"\n")
    os.utime(linked, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    if search == "pagefind":
        assert build(work, work / "seeds", "--search", search) == 0
    else:  # a page the lunr index reads is read, and converted
        assert build(work, work / "seeds", "--search", search) == 1
    linked.unlink()
    linked.write_bytes(original)  # a new file: rendered
    assert build(work, work / "seeds", "--search", search) == 0
    before = _inodes(work / "site")
    indexes = {p.relative_to(work / "site").as_posix(): p.stat().st_ino
               for p in (work / "site").glob("pagefind*/**/*") if p.is_file()}
    # The oldest document: its index part is not the first (newest documents and concepts).
    target = work / "seeds" / min(documents, key=lambda d: d["url"])["source"]
    target.write_text(target.read_text(encoding="utf-8") + "\n\nOne more paragraph on trade.", encoding="utf-8")
    capsys.readouterr()
    assert build(work, work / "seeds", "--search", search) == 0
    after = _inodes(work / "site")
    kept = {rel for rel in after if before.get(rel) == after[rel]}
    url = next(d["url"] for d in json.loads((work / "site" / "data" / "kb.json").read_text(encoding="utf-8"))[
        "documents"] if d["source"] == target.name)
    assert f"{url}index.html" not in kept and "notes/index.html" not in kept and "index.html" not in kept
    assert len(kept) > 0.8 * len(after)
    # A stub (kb/pages/stub.py: an event of one account, a year on its concept's main page) is
    # a file of docs/ written as served, linked like any static file, not a page kept.
    stubs = {rel for rel in kept if (work / "docs" / rel).exists()
             and (work / "docs" / rel).stat().st_ino == after[rel]}
    assert stubs and all((work / "docs" / rel).read_text(encoding="utf-8").startswith("<!doctype html>")
                         for rel in stubs)
    assert f"({len(kept - stubs)} pages kept from the last one)" in capsys.readouterr().out
    for static in ("data/kb.json", f"originals/{url.split('/')[-2]}.txt"):  # linked, not copied, from docs/
        assert (work / "site" / static).stat().st_ino == (work / "docs" / static).stat().st_ino
    if search == "pagefind":
        parts = {rel.split("/")[0] for rel in indexes}
        now = {p.relative_to(work / "site").as_posix(): p.stat().st_ino
               for p in (work / "site").glob("pagefind*/**/*") if p.is_file()}
        kept_parts = {part for part in parts if all(now.get(rel) == ino
                                                   for rel, ino in indexes.items() if rel.startswith(part + "/"))}
        from kb.renderers.search import partition
        holding = next(f"pagefind-{k}" for k, pages in enumerate(partition(work / "site", 10), start=1)
                       if url.rstrip("/") in pages)
        assert len(parts) >= 4 and kept_parts and not kept_parts & {"pagefind", holding}
        # What no reader loads is gone from every part, kept or indexed again; the engine stays.
        shipped = {p.name for p in (work / "site").glob("pagefind*/*") if p.is_file()}
        assert {"pagefind.js", "pagefind-worker.js", "wasm.en.pagefind"} <= shipped
        assert not {n for n in shipped if "-ui." in n or "highlight" in n or n == "wasm.unknown.pagefind"}
        assert (work / "site" / "assets" / "kb-pagefind.js").exists()

    shutil.copytree(work / "seeds", fresh / "seeds")
    (fresh / "docs").mkdir(parents=True)
    (fresh / "docs" / "notes.md").write_text(notes, encoding="utf-8")
    assert build(fresh, fresh / "seeds", "--search", search) == 0
    same_files(work / "site", fresh / "site")

    monkeypatch.setenv("KB_THEME_PARTS", "0")  # the same site, by another way: nothing is kept
    assert build(work, work / "seeds", "--search", search) == 0
    assert {rel for rel, _ in set(_inodes(work / "site").items()) & set(after.items())} <= stubs
    same_files(work / "site", fresh / "site")


def test_the_pages_of_the_navigation_are_read_as_mkdocs_reads_the_configuration(tmp_path):
    """They are never kept from the last site (their neighbours' links are part of them)."""
    from kb.renderers.mkdocs.site import navigation_pages

    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: t\nsite_url: !ENV [KB_SITE_URL, 'http://x/']\n"
                      "nav:\n  - Home: index.md\n  - More:\n      - ./a/b.md\n      - Out: https://example.org/\n",
                      encoding="utf-8")
    assert navigation_pages(config) == {"index.md", "a/b.md"}
    assert navigation_pages(CONFIG) >= {"index.md", "documents/index.md", "topics/index.md", "timeline.md"}
    config.write_text("site_name: t\n", encoding="utf-8")
    assert navigation_pages(config) is None  # MkDocs lists every page


def test_the_fingerprint_changes_with_whatever_else_a_page_depends_on(tmp_path, monkeypatch):
    """Kept pages are only as right as this: the configuration as MkDocs reads it (an
    inherited file too), the theme's custom folder, the hooks, the settings from the
    environment, the search engine."""
    from kb.renderers.mkdocs.site import fingerprint

    (tmp_path / "theme").mkdir()
    (tmp_path / "theme" / "main.html").write_text("one", encoding="utf-8")
    (tmp_path / "hook.py").write_text("# one\n", encoding="utf-8")
    (tmp_path / "base.yml").write_text("copyright: one\n", encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text("INHERIT: base.yml\nsite_name: t\ntheme:\n  name: material\n  custom_dir: theme\n"
                      "hooks:\n  - hook.py\n", encoding="utf-8")
    seen = [fingerprint(config, "lunr")]
    assert fingerprint(config, "lunr") == seen[0]  # the same inputs, the same fingerprint
    for change in (lambda: (tmp_path / "theme" / "main.html").write_text("two", encoding="utf-8"),
                   lambda: (tmp_path / "hook.py").write_text("# two\n", encoding="utf-8"),
                   lambda: (tmp_path / "base.yml").write_text("copyright: two\n", encoding="utf-8"),
                   lambda: monkeypatch.setenv("KB_SITE_URL", "https://example.org/kb/")):
        change()
        seen.append(fingerprint(config, "lunr"))
    seen.append(fingerprint(config, "pagefind"))
    assert len(set(seen)) == len(seen)


def test_the_site_ships_no_source_map_nor_lunr_files_english_search_does_not_load(built):
    site = built / "site"
    assert not list(site.rglob("*.map"))
    assert not (site / "assets" / "javascripts" / "lunr").exists()
    assert list((site / "assets" / "javascripts" / "workers").glob("search.*.min.js"))  # lunr's own worker stays
    assert not (site / "assets" / "kb-pagefind.js").exists() and (site / "assets" / "kb.js").exists()  # lunr searches


def test_our_scripts_ship_where_a_page_loads_them():
    from kb.renderers.mkdocs.shipped import scripts_unloaded

    files = ["assets/kb.js", "assets/kb-pagefind.js", "assets/kb.css", "data/kb.json", "notes/x.js"]
    assert scripts_unloaded(files, ["assets/kb.js"]) == {"assets/kb-pagefind.js"}
    assert scripts_unloaded(files, ["assets/kb.js", "/assets/kb-pagefind.js"]) == set()


def test_pagefind_ships_its_engine_and_the_wasm_of_the_pages_languages_only():
    from kb.renderers.search import pagefind_unshipped

    names = ["pagefind.js", "pagefind-worker.js", "pagefind-entry.json", "pagefind.en_1.pf_meta", "wasm.en.pagefind",
             "wasm.unknown.pagefind", "wasm.de.pagefind", "pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js",
             "pagefind-modular-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js",
             "kb-parts.json"]
    entry = {"version": "1.5.2", "languages": {"en": {"hash": "en_1", "wasm": "en", "page_count": 3}}}
    kept = set(names) - pagefind_unshipped(names, entry)
    assert kept == {"pagefind.js", "pagefind-worker.js", "pagefind-entry.json", "pagefind.en_1.pf_meta",
                    "wasm.en.pagefind", "kb-parts.json"}
    entry["languages"]["xx"] = {"hash": "xx_1", "wasm": "unknown", "page_count": 1}  # no stemmer for it
    assert "wasm.unknown.pagefind" in set(names) - pagefind_unshipped(names, entry)


def test_lunr_files_of_the_search_languages_are_shipped():
    """As Material's search worker loads them: a stemmer per language but English, their shared
    support, a word splitter for Japanese and Thai, the glue of several languages."""
    from kb.renderers.mkdocs.shipped import LUNR, unshipped

    files = [LUNR + name for name in ("tinyseg.js", "wordcut.js", "min/lunr.stemmer.support.min.js",
                                      "min/lunr.multi.min.js", "min/lunr.de.min.js", "min/lunr.ja.min.js",
                                      "min/lunr.th.min.js")] + ["assets/stylesheets/main.css",
                                                                "assets/stylesheets/main.css.map"]
    left = unshipped(files, ["en"])
    assert left == set(files) - {"assets/stylesheets/main.css"}
    assert set(files) - unshipped(files, ["de"]) == {
        "assets/stylesheets/main.css", LUNR + "min/lunr.stemmer.support.min.js", LUNR + "min/lunr.de.min.js"}
    assert set(files) - unshipped(files, ["en", "ja"]) == {
        "assets/stylesheets/main.css", LUNR + "tinyseg.js", LUNR + "min/lunr.ja.min.js",
        LUNR + "min/lunr.stemmer.support.min.js", LUNR + "min/lunr.multi.min.js"}
