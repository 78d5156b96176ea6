"""Rendering: escaping, relative URLs, and the parts of pages made in Python (passages, a
document's text)."""
from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kb.pages.escape import esc
from kb.pages.urls import relative, url_of


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

    from kb.stages.link import link
    from kb.pages.passages import CONTEXT_CHARS, mention_context
    from kb.pages.templating import page_context

    filler = "word " * 100
    a = dataclasses.replace(annotate_text(f"{filler}Putin spoke. {filler}"), slug="x")
    ctx = page_context(link([a]), test_vocab)
    html = str(mention_context(ctx, "people/vladimir-putin.md", a, a.doc.paragraphs[0], "vladimir-putin"))
    assert html.startswith("… ") and html.endswith(" …") and "kb-focus" in html and "Putin</strong>" in html
    assert "<a " not in html  # passages link nothing: the document page has the links
    assert len(html) < 2 * CONTEXT_CHARS + 400


def test_concept_pages_split_by_year_and_main_page_stays_bounded(tmp_path, monkeypatch):
    import kb.pages.years
    from kb.build import BuildSettings, generate

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for year in (2019, 2020, 2021):
        (seeds / f"{year}.txt").write_text(
            f"date {year}-03-01\nPutin and Xi discussed bilateral trade in {year}.\n", encoding="utf-8")
    vocab = Path(__file__).parent / "fixtures" / "vocab"
    full = generate(BuildSettings(seeds, vocab, site_url="", show_progress=False)).pages
    monkeypatch.setattr(kb.pages.years, "PAGE_DOCUMENTS", 1)
    monkeypatch.setattr(kb.pages.years, "SPREAD_DOCUMENTS", 1)
    pages = generate(BuildSettings(seeds, vocab, site_url="", show_progress=False)).pages
    main = pages["topics/trade.md"].decode("utf-8")
    assert "trade in 2021" in main and "trade in 2019" not in main    # newest document only
    assert "The newest 1 of 3 documents" in main
    for year in ("2019", "2020", "2021"):
        assert f'href="{year}/"' in main
        page = pages[f"topics/trade/{year}.md"].decode("utf-8")
        assert f"trade in {year}" in page and page.count("kb-passage-doc") == 1
        assert "search:\n  exclude: true" in page
    # A concept whose main page shows every document has no year pages, and links to none.
    assert not [p for p in full if p.startswith("topics/trade/") and p.endswith(".md")]
    full_main = full["topics/trade.md"].decode("utf-8")
    assert "By year:" in full_main and 'href="2019/"' not in full_main


def test_concepts_file_lists_what_the_corpus_names_with_document_counts(annotate_text, test_vocab):
    """data/concepts.json, which the Pagefind search field matches at once: each concept found
    in the corpus once, with its aliases, kind, URL and number of documents (not passages)."""
    import dataclasses
    import json

    from kb.stages.link import link
    from kb.pages.exports.concepts_json import concepts_json

    docs = [dataclasses.replace(annotate_text(text, source=f"{i}.txt"), slug=f"d{i}") for i, text in enumerate([
        "Putin spoke on trade.\n\nPutin spoke again on trade.", "Putin and Xi met."])]
    records = {r["url"]: r for r in json.loads(concepts_json(link(docs), test_vocab))}
    putin = records["people/vladimir-putin/"]
    assert (putin["label"], putin["kind"], putin["documents"]) == ("Vladimir Putin", "Person", 2)
    assert putin["aliases"] == list(test_vocab.concepts["vladimir-putin"].aliases)
    assert records["topics/trade/"]["documents"] == 1
    named = {m.concept for d in docs for ms in d.mentions_at.values() for m in ms}
    named |= {t for d in docs for t in d.topic_ids()}
    assert {u.split("/")[1] for u in records} == named  # nothing the corpus does not name


def test_an_undated_document_shows_as_undated_never_as_year_one(tmp_path):
    from kb.build import BuildSettings, generate

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "undated.txt").write_text("Putin and Xi discussed bilateral trade, Putin said.\n", encoding="utf-8")
    (seeds / "dated.txt").write_text("date 2021-03-01\nPutin met Xi on bilateral trade.\n", encoding="utf-8")
    pages = generate(BuildSettings(seeds, Path(__file__).parent / "fixtures" / "vocab", site_url="", show_progress=False)).pages
    text = {p: c.decode("utf-8") if isinstance(c, bytes) else c for p, c in pages.items() if p.endswith(".md")}
    assert not [p for p, t in text.items() if "0001-01-01" in t]
    assert "undated" in text["topics/trade.md"] and "2021-03-01" in text["topics/trade.md"]
    assert "undated" in text["index.md"]  # the latest documents on the home page


def test_evidence_across_markup_is_escaped_on_the_document_page(annotate_text, test_vocab):
    """A name's words may have seed markup between them ("Belt <!--and--> Road Initiative" is
    still the name): the evidence quoted after a paragraph is escaped like the paragraph."""
    import dataclasses

    from kb.stages.link import link
    from kb.pages.document import document_page
    from kb.pages.templating import page_context

    a = dataclasses.replace(annotate_text("Xi Jinping backed the Belt <!--and--> Road Initiative."), slug="x")
    assert [s.text for h in a.topics for s in h.evidence] == ["Belt <!--and--> Road Initiative"]
    page = document_page(page_context(link([a]), test_vocab), a)
    assert "<!--" not in page
    assert '<span class="kb-evidence">“Belt &lt;&#33;--and--&gt; Road Initiative”</span>' in page


NAMES = ["Belt and Road", "BRI", "trade", "bilateral trade", "Eurasian Economic Union", "EAEU", "alignment",
         "COVID-19", "pandemic", "cooperation", "anniversary", "treaty", "Xi Jinping", "World Trade Organization",
         "<b>", "&", "*", "Belt <!--and--> Road", "the", "and", ". ", ", "]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(words=st.lists(st.sampled_from(NAMES), min_size=1, max_size=40))
def test_a_topics_passage_is_marked_as_the_general_way_marks_it(words, annotate_text, test_vocab):
    """On a topic's page a passage marks that topic's evidence by a shortcut where its spans
    are apart (`marked`); it must give what marking the whole paragraph as a window gives."""
    import dataclasses

    from kb.stages.link import link
    from kb.pages.paragraph import Focus, paragraph_html
    from kb.pages.templating import page_context

    a = dataclasses.replace(annotate_text(" ".join(words) + "."), slug="x")
    ctx = page_context(link([a]), test_vocab)
    for hit in a.topics:
        para = a.doc.paragraphs[hit.paragraph - 1]
        focus = Focus(topic=hit.topic, links=False)
        quick = paragraph_html(ctx, "topics/t.md", a, para, focus)
        general = paragraph_html(ctx, "topics/t.md", a, para, focus, window=(0, len(para.text)))
        assert quick == general


def test_the_marking_shortcut_leaves_overlapping_spans_to_the_general_way():
    from kb.pages.escape import marked

    assert marked("abcdef", [(0, 3, "t"), (2, 5, "t")], "T") is None
    assert marked("abcdef", [(2, 2, "t")], "T") is None
    assert marked("a<cdef", [(3, 4, "t"), (0, 3, "t")], "T") == (
        '<mark class="kb-ev" title="T">a&lt;c</mark><mark class="kb-ev" title="T">d</mark>ef')


class _Marks(HTMLParser):
    """The text of a passage, and which of its characters are inside a <mark> or <strong>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text, self.marked, self.strong = "", set(), set()
        self._open: list[str] = []

    def handle_starttag(self, tag, attrs):
        self._open.append(tag)

    def handle_endtag(self, tag):
        self._open.remove(tag)

    def handle_data(self, data):
        here = range(len(self.text), len(self.text) + len(data))
        if "mark" in self._open:
            self.marked.update(here)
        if "strong" in self._open:
            self.strong.update(here)
        self.text += data


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(words=st.lists(st.sampled_from(NAMES), min_size=1, max_size=40), cut=st.tuples(st.floats(0, 1), st.floats(0, 1)))
def test_a_window_of_a_passage_marks_exactly_the_evidence_inside_it(words, cut, annotate_text, test_vocab):
    """An entity's passage is a window of its paragraph: every character of the window that
    some topic's evidence covers is marked, and only those; the entity's own name is in bold."""
    import dataclasses

    from kb.stages.link import link
    from kb.pages.paragraph import Focus, paragraph_html
    from kb.pages.templating import page_context

    a = dataclasses.replace(annotate_text(" ".join(words) + "."), slug="x")
    ctx = page_context(link([a]), test_vocab)
    para = a.doc.paragraphs[0]
    lo, hi = sorted(int(c * len(para.text)) for c in cut)
    entity = next((m.concept for m in a.mentions_at[para.index]), None)
    parser = _Marks()
    parser.feed(str(paragraph_html(ctx, "people/p.md", a, para, Focus(entity=entity, links=False), window=(lo, hi))))
    assert parser.text == para.text[lo:hi]
    covered = {i - lo for h in a.topics_at[para.index] for s in h.evidence for i in range(s.start, s.end) if lo <= i < hi}
    assert parser.marked == covered
    named = {i - lo for m in a.mentions_at[para.index] if m.concept == entity
             for i in range(m.span.start, m.span.end) if lo <= i < hi}
    assert parser.strong == named


def test_a_long_paragraphs_passages_are_the_words_around_what_they_show(annotate_text, test_vocab):
    """A paragraph of a seed scraped onto one line is not copied whole onto every concept page
    that it names: its passages are windows around the topic's evidence or the entity's name."""
    import dataclasses

    from kb.stages.link import link
    from kb.pages.paragraph import Focus, paragraph_html
    from kb.pages.passages import CLUSTER_GAP, LONG_PASSAGE, MAX_WINDOWS, mention_context, topic_passage
    from kb.pages.templating import page_context

    filler = " ".join(["the delegations walked along the river and talked at length"] * 30)
    text = " ".join(f"Xi Jinping spoke about trade {filler}" for _ in range(MAX_WINDOWS + 2))
    a = dataclasses.replace(annotate_text(text), slug="x")
    para = a.doc.paragraphs[0]
    assert len(para.text) > LONG_PASSAGE and len(filler) > CLUSTER_GAP
    ctx = page_context(link([a]), test_vocab)
    for passage, mark in ((topic_passage(ctx, "topics/trade.md", a, para, "trade"), '<mark class="kb-ev"'),
                          (mention_context(ctx, "people/xi-jinping.md", a, para, "xi-jinping"), '<strong class="kb-focus"')):
        assert passage.count(mark) == MAX_WINDOWS
        assert passage.count(" … ") == MAX_WINDOWS - 1 and passage.endswith(" …")
        assert len(passage) < len(para.text) / 2
    short = dataclasses.replace(annotate_text("Xi Jinping spoke about trade."), slug="y")
    assert topic_passage(ctx, "topics/trade.md", short, short.doc.paragraphs[0], "trade") == paragraph_html(
        ctx, "topics/trade.md", short, short.doc.paragraphs[0], Focus(topic="trade", links=False))


def test_the_headline_and_its_topics_go_to_kb_json_and_the_document_page(annotate_text, test_vocab):
    """The headline is annotated like a paragraph: kb.json gives it as `headline` (text, topics,
    evidence, no anchor) and the document page shows its topics with their evidence, while the
    paragraphs keep their anchors (the headline is not #p1)."""
    import dataclasses
    import json

    from kb.stages.link import link
    from kb.pages.document import document_page
    from kb.pages.exports.kb_json import document_record
    from kb.pages.templating import page_context

    a = dataclasses.replace(annotate_text("Leaders Discuss Bilateral Trade\n\nPutin and Xi met on Monday."), slug="x")
    record = json.loads(document_record(a, None, test_vocab))
    assert record["headline"] == {"text": "Leaders Discuss Bilateral Trade", "topics": ["trade"],
                                  "evidence": [{"topic": "trade", "start": 16, "end": 31, "text": "Bilateral Trade"}]}
    assert [p["anchor"] for p in record["paragraphs"]] == ["p1"] and record["paragraphs"][0]["topics"] == []
    assert record["topics"] == ["trade"]
    page = document_page(page_context(link([a]), test_vocab), a)
    assert '<dt>Headline</dt><dd>Leaders Discuss Bilateral Trade' in page
    assert '<span class="kb-evidence">“Bilateral Trade”</span>' in page
    plain = dataclasses.replace(annotate_text("Putin and Xi met on Monday."), slug="y")
    assert "headline" not in json.loads(document_record(plain, None, test_vocab))


class _Elements(HTMLParser):
    """Every element of a page with its attributes, and the text inside each list item of
    `ul.<cls>` (the page as a browser reads it, character references decoded)."""

    def __init__(self, cls: str = "") -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.items: list[str] = []
        self.inside: list[str] = []  # tags opened inside the list
        self._cls, self._in_list, self._in_item = cls, False, False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.elements.append((tag, a))
        if tag == "ul" and self._cls and self._cls in (a.get("class") or "").split():
            self._in_list = True
        elif self._in_list and tag == "li":
            self._in_item = True
            self.items.append("")
        elif self._in_list:
            self.inside.append(tag)

    def handle_endtag(self, tag):
        if tag == "ul":
            self._in_list = False
        elif tag == "li":
            self._in_item = False

    def handle_data(self, data):
        if self._in_item:
            self.items[-1] += data


HOSTILE_SENTENCE = 'Putin said the <i>grain</i> & "oil" deal [x](y) **was** <script>good</script>.'
HOSTILE_TITLE = 'Trade Talks "Held" <b>Here</b> & \' onmouseover=\'alert(1)'


def _page_html(page: str) -> str:
    import markdown

    return markdown.markdown(page.split("\n---\n", 1)[1], extensions=["toc", "tables", "attr_list", "md_in_html"])


def test_a_statements_sentence_lands_on_the_page_as_the_text_it_was(annotate_text, test_vocab):
    """"Who said what" quotes seed sentences: each is shown as written, never read as markup."""
    import dataclasses

    from kb.stages.link import link
    from kb.pages.document import document_page
    from kb.pages.templating import page_context

    a = dataclasses.replace(annotate_text(f"{HOSTILE_SENTENCE}\n\nXi stressed that <u>trade</u> matters."), slug="x")
    assert [(s.speaker, s.sentence.text) for s in a.statements] == [
        ("vladimir-putin", HOSTILE_SENTENCE), ("xi-jinping", "Xi stressed that <u>trade</u> matters.")]
    parser = _Elements("kb-statements")
    parser.feed(_page_html(document_page(page_context(link([a]), test_vocab), a)))
    assert parser.items == [f"Vladimir Putin said: {HOSTILE_SENTENCE} ¶1",
                            "Xi Jinping stressed: Xi stressed that <u>trade</u> matters. ¶2"]
    assert parser.inside == ["a", "em", "a", "a", "em", "a"]  # the speaker's link, the verb, the ¶ link


def test_a_title_with_quotes_stays_inside_its_attributes(annotate_text, test_vocab):
    """A title lands in attributes (data-cite, the feed, JSON-LD): a quote in it must not end
    the attribute, so the page has exactly the attributes the template wrote."""
    import dataclasses
    import json

    from kb.stages.link import link
    from kb.pages.document import document_page
    from kb.pages.templating import page_context

    a = dataclasses.replace(annotate_text(f"{HOSTILE_TITLE}\n\nPutin and Xi discussed trade on Monday."),
                            slug="x")
    assert a.title == HOSTILE_TITLE
    page = document_page(page_context(link([a]), test_vocab, site_url="https://example.org/kb/"), a)
    parser = _Elements()
    parser.feed(_page_html(page))
    card = [attrs for tag, attrs in parser.elements if attrs.get("id") == "kb-doc"]
    assert card == [{"class": "kb-doc", "id": "kb-doc", "data-canonical": "https://example.org/kb/documents/x/",
                     "data-cite": f"{HOSTILE_TITLE}. (n.d.). https://example.org/kb/documents/x/"}]
    assert not [k for _, attrs in parser.elements for k in attrs if k.startswith("on")]
    assert not [tag for tag, _ in parser.elements if tag == "b"]
    front = page.split("\n---\n", 1)[0]
    import yaml
    matter = yaml.safe_load(front.removeprefix("---\n"))
    assert json.loads(matter["kb_jsonld"])["headline"] == HOSTILE_TITLE


def test_escape_gives_each_character_its_reference():
    assert str(esc('a"b\'c<d>e&f')) == "a&quot;b&#39;c&lt;d&gt;e&amp;f"
    assert str(esc("\\`*_{}[]#!|~^=$")) == "".join(f"&#{ord(c)};" for c in "\\`*_{}[]#!|~^=$")
    assert str(esc("plain words, stay: as they are.")) == "plain words, stay: as they are."
    assert str(esc(None)) == "" and str(esc(3)) == "3"


def test_bibtex_escapes_each_special_character_and_folds_whitespace():
    from kb.pages.escape import bibtex_text

    assert bibtex_text("\\ { } & % $ # _ ^ ~") == (r"\textbackslash{} \{ \} \& \% \$ \# \_ \^{} \~{}")
    assert bibtex_text("  Talks\n\tin   Moscow  ") == "Talks in Moscow"
    assert bibtex_text("plain, words: (kept) 'as' \"they\" are!") == "plain, words: (kept) 'as' \"they\" are!"


def test_a_csv_cell_that_a_spreadsheet_would_run_is_made_text():
    from kb.pages.escape import csv_cell

    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert csv_cell(start + "SUM(A1)") == "'" + start + "SUM(A1)"
    for value in ("", "SUM(A1)", "a=b", " =x", "'quoted"):
        assert csv_cell(value) == value


def test_the_timeline_opens_on_the_newest_documents_year_and_takes_no_caption_year(tmp_path):
    """A year the texts only look ahead to is no entry above the dated events: it goes in a
    section of its own at the end; a photo caption's year is the picture's, no reference."""
    import re

    from kb.build import BuildSettings, generate

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "new.txt").write_text(
        "date 2021-03-01\nPutin and Xi discussed bilateral trade and a plan for 2035.\n\n"
        "They recalled the treaty signed in 2001 and trade targets.\n\n"
        "A view of the old bridge over the river, built in 1936. (File photo)\n", encoding="utf-8")
    (seeds / "old.txt").write_text("date 2019-05-02\nPutin met Xi on bilateral trade.\n", encoding="utf-8")
    pages = generate(BuildSettings(seeds, Path(__file__).parent / "fixtures" / "vocab", site_url="",
                                   show_progress=False)).pages
    timeline = pages["timeline.md"].decode("utf-8")
    headings = re.findall(r"^## (.+)$", timeline, re.M)
    assert headings == ["2021", "2019", "2001", "Looking ahead"]
    assert timeline.index("2035: ") > timeline.index("## Looking ahead")
    assert "1936" not in timeline
