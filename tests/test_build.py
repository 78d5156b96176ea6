"""Real builds: the seeds through the command line and a strict MkDocs build, then the site
checked as a whole (links, anchors, foreign requests, data contract, determinism, failures).
The checks of the site as a whole run on the Zensical build of the seeds too (with the hostile
seeds: conftest.renderer_sites)."""
from __future__ import annotations

import json
from html import escape, unescape
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, SEEDS, build, leftovers
from sitecheck import broken_links, foreign_resources

pytestmark = pytest.mark.integration  # real builds, MkDocs, processes (tests/markers.py)


def kb(site: Path) -> dict:
    return json.loads((site / "data" / "kb.json").read_text(encoding="utf-8"))


@pytest.fixture(params=["mkdocs", "zensical"])
def built(request) -> tuple[Path, Path]:
    """A strict build of the seeds by each renderer: its site and its seeds folder."""
    if request.param == "mkdocs":
        tmp = request.getfixturevalue("seeds_site")
        return tmp / "site", tmp / "seeds"
    sites = request.getfixturevalue("renderer_sites")
    return sites.sites["zensical"], sites.root / "seeds"


def test_every_seed_is_a_page_with_paragraph_anchors(built):
    site, seeds = built
    data = kb(site)
    sources = sorted(p.name for p in seeds.glob("*.txt"))
    assert set(p.name for p in SEEDS.glob("*.txt")) <= set(sources)
    assert sorted(d["source"] for d in data["documents"]) == sources
    for doc in data["documents"]:
        html = (site / doc["url"] / "index.html").read_text(encoding="utf-8")
        for para in doc["paragraphs"]:
            assert f'id="{para["anchor"]}"' in html
        assert (site / doc["original"]).read_text(encoding="utf-8").strip()
        # The page's title and heading are the document's (the MkDocs hook empties each page's
        # Markdown once converted; MkDocs must still take the title from the front matter).
        title = escape(doc["title"], quote=False)
        assert f"<h1>{title}</h1>" in html and f"<title>{title} - " in html


def test_every_concept_has_a_page_and_the_home_page_counts(built, vocab):
    site = built[0]
    for section in ("topics", "people", "organizations", "places", "treaties"):
        assert (site / section / "index.html").exists()
        for concept in vocab.sections[section]:
            assert (site / section / concept.id / "index.html").exists(), concept.id
    home = (site / "index.html").read_text(encoding="utf-8")
    assert f"<strong>{len(kb(site)['documents'])}</strong> documents" in home


def test_all_internal_links_and_anchors_resolve(built):
    assert broken_links(built[0]) == []


def test_no_request_to_another_host(built):
    """Zensical's search, fonts and scripts are its own files too (font: false holds for both)."""
    assert foreign_resources(built[0]) == []


def test_kb_json_contract(built):
    data = kb(built[0])
    assert {"documents", "topics", "entities"} <= set(data)
    doc = data["documents"][0]
    assert {"id", "url", "source", "title", "published", "event_date", "publisher", "kind",
            "paragraphs"} <= set(doc)
    para = doc["paragraphs"][0]
    assert {"anchor", "text", "topics", "evidence", "mentions", "statements"} <= set(para)
    for d in data["documents"]:
        for p in d["paragraphs"]:
            for ev in p["evidence"]:
                assert p["text"][ev["start"]:ev["end"]] == ev["text"]
            for m in p["mentions"]:
                assert p["text"][m["start"]:m["end"]] == m["text"]
        head = d.get("headline")
        if head is not None:  # only where the text has a headline; offsets in its own text
            assert {"text", "topics", "evidence"} <= set(head) and "anchor" not in head
            for ev in head["evidence"]:
                assert head["text"][ev["start"]:ev["end"]] == ev["text"]


def test_sidebar_does_not_list_every_document(seeds_site):
    html = (seeds_site / "site" / "index.html").read_text(encoding="utf-8")
    nav = html[html.find('<nav class="md-nav md-nav--primary"'):]
    nav = nav[:nav.find("</nav>")]
    for doc in kb(seeds_site / "site")["documents"]:
        assert doc["url"] not in nav


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_same_inputs_give_byte_identical_pages(seeds_site, tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(seeds_site / "seeds", seeds)
    assert build(tmp_path, seeds, "--strict") == 0
    assert _tree(tmp_path / "docs") == _tree(seeds_site / "docs")


def test_adding_a_document_moves_no_page(seeds_site, tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(seeds_site / "seeds", seeds)
    before = {d["source"]: d["url"] for d in kb(seeds_site / "site")["documents"]}
    for name in before:  # the same story again, from another publisher, same title
        text = (seeds / name).read_text(encoding="utf-8")
        (seeds / f"zz-{name}").write_text(text + "\n\nAnother publisher's line.", encoding="utf-8")
    assert build(tmp_path, seeds) == 0
    after = {d["source"]: d["url"] for d in kb(tmp_path / "site")["documents"]}
    assert {k: after[k] for k in before} == before
    assert len(set(after.values())) == len(after)


def test_bad_seeds_are_reported_and_the_rest_built(tmp_path, capsys):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "good.txt").write_text("Leaders Talk by Phone\n\nOn May 5, 2021, they spoke.", encoding="utf-8")
    (seeds / "empty.txt").write_bytes(b"")
    (seeds / "binary.txt").write_bytes(b"\x00\x01\x02")
    assert build(tmp_path, seeds) == 0
    err = capsys.readouterr().err
    assert "empty.txt: empty file" in err and "binary.txt:1: binary file" in err
    assert [d["source"] for d in kb(tmp_path / "site")["documents"]] == ["good.txt"]


def test_strict_fails_on_a_report_entry_and_leaves_the_site_whole(tmp_path, capsys):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "good.txt").write_text("Leaders Talk by Phone\n\nOn May 5, 2021, they spoke.", encoding="utf-8")
    assert build(tmp_path, seeds, "--strict") == 0
    before = _tree(tmp_path / "site")
    (seeds / "empty.txt").write_bytes(b"")
    (seeds / "good.txt").write_text("Changed Headline\n\nOn May 6, 2021, they spoke.", encoding="utf-8")
    assert build(tmp_path, seeds, "--strict") == 1
    assert "empty.txt" in capsys.readouterr().err
    assert _tree(tmp_path / "site") == before
    assert leftovers(tmp_path) == []  # its stage is gone
    assert build(tmp_path, seeds) == 0  # over the docs of the first: their tree is set aside, then removed
    assert (tmp_path / "docs" / "originals").is_dir()
    assert leftovers(tmp_path) == []


def test_vocabulary_errors_stop_the_build_before_anything_is_written(tmp_path, capsys):
    vocab = tmp_path / "vocab"
    shutil.copytree(FIXTURES / "vocab", vocab)
    with (vocab / "concepts.yml").open("a", encoding="utf-8") as f:
        f.write("  - id: broken\n    label: Broken\n    colour: red\n")
    code = build(tmp_path, SEEDS, "--vocabulary", str(vocab))
    assert code == 2
    assert "concepts.yml:" in capsys.readouterr().err
    assert not (tmp_path / "docs").exists() and not (tmp_path / "site").exists()


HOSTILE = """<script>alert('seed')</script> Hostile {{ 7*7 }} {% raw %} Headline [x](javascript:alert(1))

<img src=x onerror=alert(1)> **bold** ==mark== ^^ins^^ ~~del~~ {: #id onclick=alert(1) }

!!! note "admonition"
    indented

--8<-- "/etc/passwd"

---
title: front matter
---
[^1]: footnote <b>raw</b> &amp; `code`"""


def test_seed_text_is_data_everywhere(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    assert build(tmp_path, seeds) == 0
    doc = kb(tmp_path / "site")["documents"][0]
    html = (tmp_path / "site" / doc["url"] / "index.html").read_text(encoding="utf-8")
    for raw in ("<script>alert", "<img src=x", "onerror=alert(1)>", "<b>raw</b>", "<strong>bold",
                "<mark>mark", "<ins>", "<del>", 'class="admonition', 'href="javascript:', "root:x:"):
        assert raw not in html, raw
    text = unescape(html)
    for literal in ("<script>alert('seed')</script>", "{{ 7*7 }}", "<img src=x onerror=alert(1)>", "--8<--"):
        assert literal in text, literal
    assert broken_links(tmp_path / "site") == []


def test_the_site_a_build_replaces_is_removed_by_the_next(seeds_site, tmp_path, monkeypatch):
    """Beside the new site until the next build, which removes it while it renders (removing
    a large site's folders took seconds at the end of every build)."""
    seeds = tmp_path / "seeds"
    shutil.copytree(seeds_site / "seeds", seeds)
    olds = []
    for _ in range(3):
        assert build(tmp_path, seeds) == 0
        olds.append(sorted(p.name for p in tmp_path.glob(".site.old-*")))
    assert olds[0] == [] and len(olds[1]) == 1 and len(olds[2]) == 1 and olds[1] != olds[2]
    old = tmp_path / olds[2][0]
    assert (old / "index.html").read_bytes() == (tmp_path / "site" / "index.html").read_bytes()
    assert leftovers(tmp_path) == []
    # A build that keeps no page (another setting: every page rendered again) leaves no whole
    # copy of the old site behind.
    monkeypatch.setenv("KB_THEME_PARTS", "0")
    assert build(tmp_path, seeds) == 0
    assert list(tmp_path.glob(".site.old-*")) == []
