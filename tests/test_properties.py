"""Property tests: any text through read, annotate and render never crashes, and every
paragraph comes out of Python-Markdown (as MkDocs configures it) as the literal text it was."""
from __future__ import annotations

import dataclasses
from html.parser import HTMLParser

import markdown
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kb.stages.annotate import annotate
from kb.stages.link import link
from kb.stages.read import ReadError, decode, parse
from kb.pages.document import document_page
from kb.pages.templating import page_context

MARKUP = ["<script>", "</div>", "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))", "**", "__",
          "==", "^^", "~~", "!!!", "???", "[^1]", "--8<--", "{{", "}}", "{%", "%}", "{: #id }", "---",
          "```", "&amp;", "&#60;", "<!--", "-->", "|", "\\", "#", "> ", "1. ", "* ", "Xi Jinping", "EAEU",
          # statements (a speaker and a reporting verb), quotes that could end an attribute, and
          # what ends a script, a CDATA section or a comment
          ". Putin said ", ". Xi Jinping stressed that ", '"', "'", '" onmouseover="alert(1)', "</script>", "]]>",
          "\n\n", "\n"]
fragments = st.one_of(st.text(max_size=40), st.sampled_from(MARKUP))
seed_text = st.lists(fragments, min_size=1, max_size=30).map("".join)


class _Paragraphs(HTMLParser):
    """Text of each `div.kb-para > p` (the paragraph itself, not its topic line)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: dict[str, str] = {}
        self._para: str | None = None
        self._depth = 0
        self._in_p = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "div" and "kb-para" in (a.get("class") or ""):
            self._para, self._depth = a["id"], 0
        elif self._para and tag == "p" and not a.get("class") and self._para not in self.found:
            self._in_p = True
            self.found[self._para] = ""

    def handle_endtag(self, tag):
        if tag == "p" and self._in_p:
            self._in_p = False
            self._para = None

    def handle_data(self, data):
        if self._in_p and self._para:
            self.found[self._para] += data


class _Tags(HTMLParser):
    """Elements or attributes no seed text may create: scripts (but our JSON-LD), handlers, images."""

    def __init__(self) -> None:
        super().__init__()
        self.bad: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("img", "iframe", "object", "embed", "style") or (
                tag == "script" and a.get("type") != "application/ld+json"):
            self.bad.append(tag)
        self.bad.extend(f"{tag}[{k}]" for k in a if k.startswith("on"))
        self.bad.extend(f"{tag}[{k}]" for k, v in a.items() if v and v.strip().lower().startswith("javascript:"))


def _with_hostile_fixtures(test):
    """The seeds of tests/fixtures/hostile/ as examples tried every run, besides drawn ones."""
    from conftest import FIXTURES

    for path in sorted((FIXTURES / "hostile" / "seeds").glob("*.txt")):
        test = example(text=path.read_text(encoding="utf-8"))(test)
    return test


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@_with_hostile_fixtures
@given(text=seed_text)
def test_any_text_renders_as_itself(text, lang, test_vocab):
    try:
        doc = parse("p.txt", text, lang)
    except ReadError:
        return
    a = dataclasses.replace(annotate(doc, test_vocab, lang), slug="x")
    page = document_page(page_context(link([a]), test_vocab), a)
    body = page.split("\n---\n", 1)[1]
    html = markdown.markdown(body, extensions=["toc", "tables"])
    parser = _Paragraphs()
    parser.feed(html)
    assert parser.found == {p.anchor: p.text for p in doc.paragraphs}
    tags = _Tags()
    tags.feed(html)
    assert tags.bad == []
    said = _Statements()
    said.feed(html)
    assert len(said.items) == len(a.statements)
    for item, st in zip(said.items, a.statements):
        assert f": {st.sentence.text} ¶" in item


class _Statements(HTMLParser):
    """The text of each item of "Who said what"."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.items: list[str] = []
        self._in = False

    def handle_starttag(self, tag, attrs):
        if tag == "ul" and "kb-statements" in (dict(attrs).get("class") or ""):
            self._in = True
        elif self._in and tag == "li":
            self.items.append("")

    def handle_endtag(self, tag):
        if tag == "ul":
            self._in = False

    def handle_data(self, data):
        if self._in and self.items:
            self.items[-1] += data


@settings(max_examples=150, deadline=None)
@given(data=st.binary(max_size=300))
def test_any_bytes_are_read_or_refused_with_a_reason(data):
    try:
        text, encoding = decode(data)
    except ReadError as exc:
        assert exc.reason
        return
    assert isinstance(text, str) and encoding
