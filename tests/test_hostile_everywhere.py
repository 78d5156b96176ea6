"""Hostile seed and vocabulary text (tests/fixtures/hostile/) built into a real site, then read
back from every place it lands, each in the way its readers read it: HTML pages (text,
attributes, JSON-LD, the statements list, titles, the original), BibTeX and CSL-JSON
citations, the Atom feed, passages.csv, kb.json and concepts.json, event and topic pages, and
the search index (whose texts Material's search shows as HTML). Everywhere the text comes back
as the text it was, and nowhere does it make an element or an attribute."""
from __future__ import annotations

import csv
import html
import io
import json
import re
import shutil
from html.parser import HTMLParser
from xml.etree import ElementTree as ET

import feedparser
import pytest
import rispy
import yaml
from pybtex.database import parse_string

from conftest import FIXTURES, build

HOSTILE = FIXTURES / "hostile"
ODD_NAME = "formula \"<i onmouseover=alert(9)>odd\" & 'name'.txt"
"""formula.txt's name in the built copy: a file name is seed data too (the page's "Source file")."""
SEED_TAGS = {"b", "i", "u", "img", "iframe", "svg", "ins", "del", "embed", "object", "style", "<!--"}
ARTICLE_ATTRIBUTES = {"aria-label", "autocomplete", "class", "data-anchor", "data-canonical", "data-cite", "data-copy",
                      "data-para", "data-pagefind-filter", "data-pagefind-ignore", "data-pagefind-meta",
                      "data-pagefind-weight", "data-search-exclude", "download", "for", "hidden", "href", "id", "method",
                      "name", "role", "scope", "spellcheck", "title", "type"}
"""Every attribute our templates and render.py write inside an article: a quote that ended an
attribute early would leave the rest of the text as attributes of other names."""
"""Elements the hostile text spells out and the site never makes of its own in an article
(the theme's icons are svg elements outside it)."""


class _Page(HTMLParser):
    """Elements with their attributes and where they stand, the text, and scripts' texts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str], bool]] = []  # (tag, attrs, inside <article>)
        self.text: list[str] = []
        self.scripts: list[tuple[dict[str, str], str]] = []
        self._stack: list[str] = []
        self._script: dict[str, str] | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        self.elements.append((tag, a, "article" in self._stack))
        if tag == "script":
            self._script = a
            self.scripts.append((a, ""))
        if tag not in ("meta", "link", "br", "img", "input", "hr", "source", "path", "rect", "use"):
            self._stack.append(tag)

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None
        while tag in self._stack:
            if self._stack.pop() == tag:
                break

    def handle_comment(self, data):
        if "article" in self._stack:
            self.elements.append(("<!--", {}, True))  # our templates write no comment in an article

    def handle_data(self, data):
        if self._script is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)
        else:
            self.text.append(data)

    def of(self, tag: str, **attrs: str) -> list[dict[str, str]]:
        return [a for t, a, _ in self.elements if t == tag and all(a.get(k) == v for k, v in attrs.items())]


def _parse(text: str) -> _Page:
    page = _Page()
    page.feed(text)
    page.close()
    return page


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile-everywhere")
    shutil.copytree(HOSTILE / "seeds", tmp / "seeds")
    (tmp / "seeds" / "formula.txt").rename(tmp / "seeds" / ODD_NAME)
    assert build(tmp, tmp / "seeds", "--vocabulary", str(HOSTILE / "vocab"), "--strict") == 0
    site = tmp / "site"
    data = json.loads((site / "data" / "kb.json").read_text(encoding="utf-8"))
    labels = {c["id"]: c["label"] for c in data["topics"] + data["entities"]}
    return site, data, labels


def test_the_fixtures_reach_every_place(site):
    """What the assertions below rely on: hostile titles, a publisher, statements, an event of
    both documents, labels with markup and quotes."""
    _, data, labels = site
    docs = {d["source"]: d for d in data["documents"]}
    calls = [docs["call-one.txt"], docs["call-two.txt"]]
    assert all("<" in d["title"] for d in calls) and '"' in calls[0]["title"]
    assert docs[ODD_NAME]["title"].startswith("=HYPERLINK(")  # a spreadsheet formula, unless guarded
    assert calls[0]["publisher"] and "<b>" in calls[0]["publisher"]
    assert all(len([s for p in d["paragraphs"] for s in p["statements"]]) == 2 for d in calls)
    assert [sorted(e["documents"]) for e in data["events"]] == [sorted(d["id"] for d in calls)]
    assert all(re.search(r"[<\"'{]", label) for label in labels.values())


def test_no_page_gains_an_element_or_an_attribute(site):
    root, _, labels = site
    pages = sorted(root.rglob("*.html"))
    assert len(pages) > 15
    for path in pages:
        page = _parse(path.read_text(encoding="utf-8"))
        where = path.relative_to(root).as_posix()
        assert [f"{t}[{k}]" for t, a, _ in page.elements for k in a if k.startswith("on")] == [], where
        assert [a["href"] for a in page.of("a") if a.get("href", "").strip().lower().startswith("javascript:")] == [], where
        assert sorted({t for t, a, inside in page.elements if inside and t in SEED_TAGS}) == [], where
        for attrs, text in page.scripts:
            if attrs.get("type") == "application/ld+json":
                json.loads(text)
            else:
                assert "alert(" not in text, where
        assert not page.of("div", **{"class": "admonition note"}), where
        assert sorted({k for _, a, inside in page.elements if inside for k in a} - ARTICLE_ATTRIBUTES) == [], where
        assert {a["title"] for t, a, _ in page.elements if t == "a" and "kb-ent" in a.get("class", "")} <= set(
            labels.values()), where


def _doc_page(root, doc) -> tuple[_Page, str]:
    text = (root / doc["url"] / "index.html").read_text(encoding="utf-8")
    return _parse(text), text


def test_a_documents_page_shows_title_publisher_statements_and_original_as_text(site):
    root, data, labels = site
    for doc in data["documents"]:
        page, _ = _doc_page(root, doc)
        text = "".join(page.text)
        assert doc["title"] in text and doc["source"] in text
        description = page.of("meta", name="description")[0]["content"]  # the lead, cut (tests/test_preview.py)
        assert description and any(description.rstrip("…") in p["text"] for p in doc["paragraphs"])
        assert page.of("meta", property="og:title")[0]["content"] == doc["title"]
        (card,) = page.of("div", id="kb-doc")
        url = card["data-canonical"]  # APA's order, made of the CSL's fields (tests/test_citations.py)
        assert card["data-cite"].endswith(f" {url}") and doc["title"] in card["data-cite"]
        assert (doc["publisher"] or "") in card["data-cite"] and "Unknown" not in card["data-cite"]
        (ld,) = [json.loads(t) for a, t in page.scripts if a.get("type") == "application/ld+json"]
        assert ld["headline"] == doc["title"] and ld.get("publisher", {}).get("name") == doc["publisher"]
        assert [t["name"] for t in ld["about"]] == [labels[t] for t in doc["topics"]]
        for p in doc["paragraphs"]:
            assert p["text"] in text
            for st in p["statements"]:
                assert f"{labels[st['speaker']]} {st['verb']}: {st['text']} ¶{p['anchor'][1:]}" in text
        original = (root / doc["original"]).read_text(encoding="utf-8")
        assert original in text  # the seed as received, in its <pre>
        assert any(label in text for label in labels.values())


def _bibtex_value(entry: str, field: str) -> str:
    """A field's braced value, its braces matched (escaped ones skipped)."""
    start = entry.index(f"  {field} = {{") + len(f"  {field} = {{")
    depth, i = 1, start
    while depth:
        if entry[i] == "\\":
            i += 2 if entry[i + 1] in "{}&%$#_" else 1
            continue
        depth += {"{": 1, "}": -1}.get(entry[i], 0)
        i += 1
    return entry[start:i - 1]


def _unbibtex(value: str) -> str:
    """BibTeX's escapes undone, checked one by one: no special character stands bare."""
    assert value.startswith("{") and value.endswith("}")
    value = value[1:-1]
    out, i = [], 0
    while i < len(value):
        for escaped, char in (("\\textbackslash{}", "\\"), ("\\^{}", "^"), ("\\~{}", "~")):
            if value.startswith(escaped, i):
                out.append(char)
                i += len(escaped)
                break
        else:
            c = value[i]
            if c == "\\":
                assert value[i + 1] in "{}&%$#_", value[i:i + 5]
                out.append(value[i + 1])
                i += 2
                continue
            assert c not in "{}&%$#_^~", (c, value)
            out.append(c)
            i += 1
    return "".join(out)


def test_citations_give_the_title_and_publisher_back(site):
    root, data, _ = site
    for doc in data["documents"]:
        entry = (root / "cite" / f"{doc['id']}.bib").read_text(encoding="utf-8")
        assert entry.startswith(f"@misc{{{doc['id']},\n") and entry.endswith("\n}\n")
        assert _unbibtex(_bibtex_value(entry, "title")) == doc["title"]
        (csl,) = json.loads((root / "cite" / f"{doc['id']}.json").read_text(encoding="utf-8"))
        if doc["publisher"]:
            assert _unbibtex("{" + _bibtex_value(entry, "publisher") + "}") == doc["publisher"]
            assert (csl["title"], csl["publisher"]) == (doc["title"], doc["publisher"])
        else:  # no publisher named: no placeholder in any format
            assert "  publisher = {" not in entry and "publisher" not in csl and csl["title"] == doc["title"]
        assert list(parse_string(entry, "bibtex").entries) == [doc["id"]]  # pybtex reads it whole
        (ris,) = rispy.loads((root / "cite" / f"{doc['id']}.ris").read_text(encoding="utf-8"))
        assert ris["title"] == doc["title"] and ris.get("authors", []) == [a["literal"] for a in csl.get("author", [])]
        page, _ = _doc_page(root, doc)
        shown = {a["id"]: None for a in page.of("pre") if a.get("id", "").startswith("kb-cite-")}
        assert sorted(shown) == ["kb-cite-bibtex", "kb-cite-csl", "kb-cite-plain"]
        assert entry in "".join(page.text) and json.dumps([csl], ensure_ascii=False, indent=1) in "".join(page.text)


def test_the_feed_gives_titles_summaries_authors_and_labels_back(site):
    root, data, labels = site
    ns = {"a": "http://www.w3.org/2005/Atom"}
    for path in (root / "feed.xml", *sorted(root.glob("*/*/feed.xml"))):
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
    feed = ET.parse(root / "feed.xml").getroot()
    entries = feed.findall("a:entry", ns)
    dated = sorted(sorted((d for d in data["documents"] if d["published"] or d["event_date"]), key=lambda d: d["id"]),
                   key=lambda d: d["published"] or d["event_date"], reverse=True)  # undated: left out
    assert [e.findtext("a:title", namespaces=ns) for e in entries] == [d["title"] for d in dated]
    for entry, doc in zip(entries, dated):
        lead = entry.findtext("a:summary", namespaces=ns)  # the lead, cut at a word
        assert lead and any(lead.rstrip("…") in p["text"] for p in doc["paragraphs"])
        assert entry.findtext("a:author/a:name", namespaces=ns) == doc["publisher"]
        assert [c.get("label") for c in entry.findall("a:category", ns)] == [labels[t] for t in doc["topics"]]


def test_passages_csv_gives_titles_labels_and_evidence_back_and_runs_no_formula(site):
    root, data, labels = site
    rows = list(csv.reader(io.StringIO((root / "data" / "passages.csv").read_text(encoding="utf-8-sig"))))
    header, rows = rows[0], rows[1:]
    assert header[:2] == ["document", "title"]
    expected = []
    for doc in data["documents"]:
        for p in doc["paragraphs"]:
            for t in p["topics"]:
                evidence = " | ".join(e["text"] for e in p["evidence"] if e["topic"] == t)
                title = "'" + doc["title"] if doc["title"][:1] in "=+-@" else doc["title"]  # run as text
                expected.append([doc["id"], title, t, labels[t], evidence])
    got = [[r[0], r[1], r[5], r[6], r[7]] for r in rows]
    assert sorted(got) == sorted(expected) and len(got) > 4
    assert not [cell for r in rows for cell in r if cell[:1] in ("=", "+", "-", "@")]


def test_event_and_topic_pages_show_titles_labels_and_passages_as_text(site):
    root, data, labels = site
    (event,) = data["events"]
    page = _parse((root / event["url"] / "index.html").read_text(encoding="utf-8"))
    text = "".join(page.text)
    for doc in data["documents"]:
        assert (doc["id"] in event["documents"]) == (doc["title"] in text)
    assert all(labels[p] in text for p in event["participants"])
    for tid in ("grain-trade", "border-crossings"):
        page = _parse((root / "topics" / tid / "index.html").read_text(encoding="utf-8"))
        text = "".join(page.text)
        assert labels[tid] in text
        assert page.of("meta", name="description")  # the definition, or the section's name
        passages = [p["text"] for d in data["documents"] for p in d["paragraphs"] if tid in p["topics"]]
        assert passages and all(p in text for p in passages)
    definition = "Trade in grain, wheat and barley; '\"><script>alert(\"definition\")</script>"
    assert definition in "".join(_parse((root / "topics" / "grain-trade" / "index.html").read_text(encoding="utf-8")).text)


def test_concepts_json_and_kb_json_give_labels_and_texts_back(site):
    root, data, labels = site
    vocab = yaml.safe_load((HOSTILE / "vocab" / "concepts.yml").read_text(encoding="utf-8"))
    written = {c["id"]: c["label"] for s in ("topics", "people", "organizations", "places") for c in vocab[s]}
    assert labels == written
    concepts = json.loads((root / "data" / "concepts.json").read_text(encoding="utf-8"))
    assert {c["label"] for c in concepts} == set(written.values())
    seeds = {p.name: " ".join(p.read_text(encoding="utf-8").split()) for p in (root.parent / "seeds").glob("*.txt")}
    assert sorted(d["source"] for d in data["documents"]) == sorted(seeds)
    for doc in data["documents"]:
        assert doc["title"] in seeds[doc["source"]]
        assert all(p["text"] in seeds[doc["source"]] for p in doc["paragraphs"])


def test_the_search_index_holds_seed_text_as_text(site):
    """Pagefind's records hold a page's title and words as plain text (kb-pagefind.js draws them
    as text; tests/browser/test_pagefind.py checks that in Chromium): each seed's title and
    paragraphs arrive there whole, neither escaped twice nor cut at a quote or a bracket, and
    Material's lunr index stays empty."""
    import gzip

    root, data, labels = site
    assert json.loads((root / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"] == []
    records = []
    for f in sorted((root / "pagefind" / "fragment").glob("*.pf_fragment")):
        raw = gzip.decompress(f.read_bytes())
        records.append(json.loads(raw[raw.index(b"{"):]))
    by_url = {r["url"].strip("/") + "/": r for r in records}
    for doc in data["documents"]:
        record = by_url[doc["url"].strip("/") + "/"]
        assert record["meta"]["title"] == doc["title"]
        assert all(" ".join(p["text"].split()) in record["content"] for p in doc["paragraphs"]
                   if not p["text"].startswith("!!!"))
    assert all(any(r["meta"]["title"] == label for r in records) for label in labels.values()
               if any(label in r["content"] for r in records if "/documents/" in r["url"]))


@pytest.mark.integration
def test_a_withdrawn_documents_page_shows_its_title_and_file_name_as_text(site, tmp_path):
    root, data, _ = site
    shutil.copytree(root.parent / "seeds", tmp_path / "seeds")
    gone = [d for d in data["documents"] if d["source"] in (ODD_NAME, "call-two.txt")]
    for doc in gone:
        (tmp_path / "seeds" / doc["source"]).unlink()
    assert build(tmp_path, tmp_path / "seeds", "--vocabulary", str(HOSTILE / "vocab")) == 0
    for doc in gone:
        raw = (tmp_path / "site" / doc["url"] / "index.html").read_text(encoding="utf-8")
        assert "<!--" not in raw.split("<article", 1)[1].split("</article>", 1)[0]  # a title's "<!--" stays text
        page = _parse(raw)
        text = "".join(page.text)
        assert doc["title"] in text and doc["source"] in text
        assert [f"{t}[{k}]" for t, a, _ in page.elements for k in a if k.startswith("on")] == []
        assert sorted({t for t, _, inside in page.elements if inside and t in SEED_TAGS}) == []
