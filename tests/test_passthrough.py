"""The raw HTML pass-through (kb/passthrough.py) changes how fast MkDocs builds, never what it
builds: every page of a real site is byte for byte the page Python-Markdown makes parsing the
raw HTML itself."""
from __future__ import annotations

import filecmp
import os
import subprocess
import sys
from pathlib import Path

import markdown
import pytest
from mkdocs.utils.meta import get_data

from bench.generate import generate as synthetic
from kb import passthrough

from conftest import ROOT, SEEDS, build

TOKEN = "kbrawtest"


def through_stub(source: str) -> str | None:
    """What the pass-through makes of `source`, or None where it leaves the page to Markdown."""
    split = passthrough.stub(source, TOKEN)
    if split is None:
        return None
    return passthrough.restore(markdown.markdown(split.markdown, extensions=["toc"]), source, split, TOKEN)


@pytest.mark.parametrize("source", [
    '<div class="a" id="x">one</div>\n\n## Heading\n\n<p>two</p>\n',
    '<div>a</div>\n<div>b</div>\n\n## H\n',                       # blocks in a row, no blank line
    '<div>a</div>\n\n<div>b</div>\n\n\n<ul>\n<li>c</li>\n</ul>\n',  # ... and with blank lines
    '## H\n\n<div>a</div>',                                        # last block ends the page
    '<div>\n<div class="in">nested</div>\n\n<pre>kept\n\n  as is</pre>\n</div>\n\n## Next\n',
    '<details class="x">\n<summary>s</summary>\n<pre>one\n\n# not a heading\n</pre>\n</details>\n',
    '<hr>\n\n## After a void tag\n\n<p>x &lt;not a tag&gt;</p>\n',
    '# Title\n\n## Sub *emphasis* in a heading\n\n<dl><dt>a</dt><dd>b</dd></dl>\n',
])
def test_same_html_as_markdown(source):
    assert through_stub(source) == markdown.markdown(source, extensions=["toc"])


@pytest.mark.parametrize("source", [
    "Some text\n\n<div>a</div>\n",             # a paragraph of Markdown
    "<div>a</div>\n\n- a list\n",               # a Markdown list
    "<div>a</div> trailing text\n",             # text after the closing tag on its line
    "<div>open\n\n## H\n",                      # a tag left open
    "<span>inline</span>\n",                     # not a block-level tag
    "<script>if (a < b) {}</script>\n",          # content that is not markup
    "#NoSpace heading\n",                       # not an ATX heading
])
def test_anything_else_is_left_to_markdown(source):
    assert passthrough.stub(source, TOKEN) is None


def test_anchor_ids_of_raw_blocks_are_known_to_mkdocs():
    source = '<div class="kb-para" id="p1">\n<a href="#p1">1</a>\n</div>\n\n## H\n\n<pre id="kb-cite">x</pre>\n'
    assert passthrough.stub(source, TOKEN).anchor_ids(source) == {"p1", "kb-cite"}


def test_a_page_changed_between_the_passes_is_an_error():
    source = "<div>a</div>\n"
    split = passthrough.stub(source, TOKEN)
    with pytest.raises(ValueError, match="changed"):
        passthrough.restore(f"<p>{TOKEN}0x</p>", "<div>b</div>\n", split, TOKEN)


def test_site_is_byte_identical_with_and_without_the_pass_through(tmp_path):
    """A synthetic corpus and the seeds, built through the command line (pass-through on), then
    the same docs/ built again by MkDocs with KB_PASSTHROUGH=0: every file the same. Every
    generated page must take the pass-through, or the comparison would prove nothing and the
    build would lose its speed: a template that writes other Markdown fails here."""
    seeds = tmp_path / "seeds"
    synthetic(40, seeds)
    for f in SEEDS.glob("*.txt"):
        (seeds / f.name).write_bytes(f.read_bytes())
    assert build(tmp_path, seeds) == 0

    docs = tmp_path / "docs"
    pages = sorted(docs.rglob("*.md"))
    assert len(pages) > 200
    left = [str(p.relative_to(docs)) for p in pages
            if passthrough.stub(get_data(p.read_text(encoding="utf-8-sig"))[0], TOKEN) is None]
    assert left == []

    parsed = tmp_path / "site-parsed"
    code = ("import sys; from pathlib import Path; from kb.cli import mkdocs_build; "
            "mkdocs_build(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), 'lunr')")
    subprocess.run([sys.executable, "-c", code, str(ROOT / "mkdocs.yml"), str(docs), str(parsed)],
                   cwd=ROOT, env={**os.environ, "KB_PASSTHROUGH": "0"}, check=True, capture_output=True)

    site = tmp_path / "site"
    files = sorted(str(p.relative_to(site)) for p in site.rglob("*") if p.is_file())
    assert files == sorted(str(p.relative_to(parsed)) for p in parsed.rglob("*") if p.is_file())
    match, mismatch, errors = filecmp.cmpfiles(site, parsed, files, shallow=False)
    assert (mismatch, errors) == ([], [])
    assert any(f.endswith("search_index.json") for f in match)  # the lunr index saw the same pages
