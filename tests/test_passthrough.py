"""The raw HTML pass-through (kb/renderers/mkdocs/passthrough.py) changes how fast MkDocs builds, never what it
builds: case by case here, and for a whole site in tests/test_site.py."""
from __future__ import annotations

import markdown
import pytest

from kb.renderers.mkdocs import passthrough

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
    source = ('<div class="kb-para" id="p1">\n<a href="#p1" data-id="not-an-id">1</a>\n</div>\n\n## H\n\n'
              '<pre\tid="kb-cite">x</pre>\n<p data-x="id=&quot;no&quot;" title=\'id="nor-this"\'>y</p>\n')
    assert passthrough.stub(source, TOKEN).anchor_ids(source) == {"p1", "kb-cite"}


def test_a_page_changed_between_the_passes_is_an_error():
    source = "<div>a</div>\n"
    split = passthrough.stub(source, TOKEN)
    with pytest.raises(ValueError, match="changed"):
        passthrough.restore(f"<p>{TOKEN}0x</p>", "<div>b</div>\n", split, TOKEN)
