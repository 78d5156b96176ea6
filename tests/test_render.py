"""Rendering helpers: escaping and relative URLs."""
from __future__ import annotations

from kb.render import esc, relative, url_of


def test_escape_neutralises_html_markdown_and_extension_syntax():
    hostile = "<script>alert(1)</script> [x](javascript:alert(1)) **b** ==m== ^^i^^ ~~s~~ {: #id } {{ x }} `c` | &amp;"
    out = str(esc(hostile))
    for ch in "<>[]*=^~{}`|":
        assert ch not in out
    assert "&amp;amp;" in out


def test_urls_are_relative_so_the_site_works_under_any_sub_path():
    assert url_of("documents/x.md") == "documents/x/"
    assert url_of("topics/index.md") == "topics/"
    assert url_of("index.md") == ""
    assert relative("documents/x/", "topics/y/") == "../../topics/y/"
    assert relative("documents/x/", "") == "../../"
    assert relative("", "topics/") == "topics/"
    assert relative("documents/x/", "originals/x.txt") == "../../originals/x.txt"


def test_entity_pages_show_the_words_around_a_mention_not_the_paragraph(annotate_text, test_vocab):
    import dataclasses

    from kb.link import link
    from kb.render import CONTEXT_CHARS, Renderer

    filler = "word " * 100
    a = dataclasses.replace(annotate_text(f"{filler}Putin spoke. {filler}"), slug="x")
    r = Renderer(link([a]), test_vocab)
    html = str(r.mention_context("people/vladimir-putin.md", a, a.doc.paragraphs[0], "vladimir-putin"))
    assert html.startswith("… ") and html.endswith(" …") and "kb-focus" in html and "Putin</a>" in html
    assert len(html) < 2 * CONTEXT_CHARS + 400
