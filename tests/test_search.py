"""Search: Pagefind's chunked index at every size (lunr only on request), what it indexes of a
page and how each part weighs, filters, the other names beside a paragraph, the search page."""
from __future__ import annotations

import html
import json
import re
import shutil

import pytest
from conftest import FIXTURES, SEEDS, build

from kb.renderers.search import choose

pytestmark = pytest.mark.integration  # real builds, MkDocs, processes (tests/markers.py)


def test_auto_is_pagefind_at_every_size():
    """One engine whatever the corpus size: a reader's results do not change kind as it grows."""
    assert choose("auto") == "pagefind"
    assert choose("lunr") == "lunr" and choose("pagefind") == "pagefind"
    with pytest.raises(ValueError):
        choose("google")


def test_auto_under_zensical_is_its_own_search():
    """Zensical ships no Pagefind: its pages must stay in its own (lunr-shaped) index, which an
    engine of "pagefind" would empty (every page's front matter excluding it)."""
    from kb.renderers.base import get

    assert choose("auto", get("zensical").searches) == "lunr"
    assert choose("auto", get("mkdocs").searches) == "pagefind"


def _docs(site):
    return json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]


def _fragments(site) -> dict[str, dict]:
    """Pagefind's record of each page it indexed (gzipped, behind a signature), by URL."""
    import gzip

    found = {}
    for f in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment")):
        raw = gzip.decompress(f.read_bytes())
        record = json.loads(raw[raw.index(b"{"):])
        found[record["url"].strip("/") + "/"] = record
    return found


def test_lunr_on_request_loads_no_pagefind(tmp_path):
    shutil.copytree(SEEDS, tmp_path / "seeds")
    assert build(tmp_path, tmp_path / "seeds", "--search", "lunr", "--cache-dir", str(tmp_path / "c")) == 0
    site = tmp_path / "site"
    assert _docs(site) and not (site / "pagefind").exists()
    assert "kb-pagefind.js" not in (site / "index.html").read_text(encoding="utf-8")


def test_pagefind_site_ships_the_chunked_index_and_an_empty_lunr_index(tmp_path):
    shutil.copytree(SEEDS, tmp_path / "seeds")
    assert build(tmp_path, tmp_path / "seeds", "--search", "pagefind", "--cache-dir", str(tmp_path / "c")) == 0
    site = tmp_path / "site"
    assert _docs(site) == []
    assert (site / "pagefind" / "pagefind.js").is_file()
    assert list((site / "pagefind" / "fragment").glob("*.pf_fragment"))
    assert (site / "pagefind" / "wasm.en.pagefind").is_file()
    assert not list((site / "pagefind").glob("*ui*")) and not (site / "pagefind" / "wasm.unknown.pagefind").exists()
    for page in (site / "index.html", site / "people" / "xi-jinping" / "index.html"):
        loaded = _scripts(page)
        assert (site / "assets" / "kb-pagefind.js").resolve() in loaded  # resolved from the page itself
        assert all(p.is_file() for p in loaded)


def _scripts(page):
    """The files a page's `<script src>` elements load, resolved against the page's folder."""
    import re

    return {(page.parent / src).resolve() for src in re.findall(r'<script\b[^>]*\bsrc="([^"]+)"', page.read_text(encoding="utf-8"))}


def test_a_failed_index_leaves_the_previous_site(tmp_path, monkeypatch):
    shutil.copytree(FIXTURES / "analyst", tmp_path / "seeds")
    args = ("--vocabulary", str(FIXTURES / "vocab"), "--cache-dir", str(tmp_path / "c"))
    assert build(tmp_path, tmp_path / "seeds", "--search", "lunr", *args) == 0
    before = (tmp_path / "site" / "index.html").read_bytes()
    import subprocess

    import kb.renderers.search

    def broken(*a, **k):
        raise subprocess.CalledProcessError(1, "pagefind")
    monkeypatch.setattr(kb.renderers.search.subprocess, "run", broken)
    assert build(tmp_path, tmp_path / "seeds", "--search", "pagefind", *args) == 1
    assert (tmp_path / "site" / "index.html").read_bytes() == before
    assert not (tmp_path / "site" / "pagefind").exists()


def test_a_document_is_not_found_by_its_related_documents_titles(tmp_path):
    """The related documents listed on a page are other documents: a search for one's title
    should find that one, not every page that lists it (at 10,000 documents the lists were a
    third of the text Pagefind indexed)."""
    shutil.copytree(SEEDS, tmp_path / "seeds")
    assert build(tmp_path, tmp_path / "seeds", "--cache-dir", str(tmp_path / "c")) == 0
    site = tmp_path / "site"
    kb = json.loads((site / "data" / "kb.json").read_text(encoding="utf-8"))
    titles = {d["url"]: d["title"] for d in kb["documents"]}
    checked = 0
    for url, title in titles.items():
        page = (site / url / "index.html").read_text(encoding="utf-8")
        for other_url, other in titles.items():
            if other_url == url or other not in page:
                continue
            assert other not in _fragments(site)[url]["content"]
            checked += 1
    assert checked  # the seed documents list each other


def test_a_documents_text_is_indexed_as_its_paragraphs_alone(seeds_site):
    """Paragraph numbers and each paragraph's topic line (labels and quoted evidence words)
    repeat what the page says elsewhere: indexed, they made every tagged paragraph match its
    topics' labels twice over and added a fifth to the chunks a query fetches. A paragraph's
    words are its text, then (after its `pN-n` anchor) its concepts' other names."""
    site = seeds_site / "site"
    kb = json.loads((site / "data" / "kb.json").read_text(encoding="utf-8"))
    fragments = _fragments(site)
    assert kb["documents"]
    for doc in kb["documents"]:
        assert any(p["topics"] for p in doc["paragraphs"])  # there are topic lines to leave out
        record = fragments[doc["url"]]
        words = record["content"].split()
        marks = sorted((a["location"], a["id"]) for a in record["anchors"])  # headings' too
        own = {}
        for (start, anchor), (end, _) in zip(marks, marks[1:] + [(len(words), "")]):
            if re.fullmatch(r"p\d+", anchor):
                own[anchor] = words[start:end]
        for p in doc["paragraphs"]:
            assert own[p["anchor"]] == p["text"].split(), (doc["url"], p["anchor"])


def test_pages_are_split_into_parts_newest_first_concepts_with_the_first(tmp_path):
    from kb.renderers.search import partition

    for folder in ("documents/2021-05-01-b", "documents/2020-01-01-a", "documents/2021-06-01-c",
                   "documents/talks-held", "topics/trade", "people/xi-jinping", "documents/moved-away"):
        (tmp_path / folder).mkdir(parents=True)
        if folder != "documents/moved-away":
            (tmp_path / folder / "index.html").write_text("<article>x</article>", encoding="utf-8")
    (tmp_path / "topics" / "trade" / "2021").mkdir()  # a year page: not indexed
    assert partition(tmp_path, 2) == [
        ["topics/trade", "people/xi-jinping", "documents/2021-06-01-c", "documents/2021-05-01-b"],
        ["documents/2020-01-01-a", "documents/talks-held"],  # undated last
    ]
    assert partition(tmp_path, 10) == [["topics/trade", "people/xi-jinping", "documents/2021-06-01-c",
                                        "documents/2021-05-01-b", "documents/2020-01-01-a", "documents/talks-held"]]
    # a small first part of the newest, searched first in the browser
    assert partition(tmp_path, 10, first=1) == [
        ["topics/trade", "people/xi-jinping", "documents/2021-06-01-c"],
        ["documents/2021-05-01-b", "documents/2020-01-01-a", "documents/talks-held"],
    ]


def test_a_site_in_parts_lists_them_for_the_browser(tmp_path, monkeypatch):
    shutil.copytree(SEEDS, tmp_path / "seeds")
    monkeypatch.setenv("KB_PAGEFIND_PART", "1")
    assert build(tmp_path, tmp_path / "seeds", "--search", "pagefind", "--cache-dir", str(tmp_path / "c")) == 0
    site = tmp_path / "site"
    assert json.loads((site / "pagefind" / "kb-parts.json").read_text(encoding="utf-8")) == ["pagefind-2/"]
    assert (site / "pagefind-2" / "pagefind-entry.json").is_file()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".pagefind-part-")]  # no staging left
    monkeypatch.setenv("KB_PAGEFIND_PART", "10")
    assert build(tmp_path, tmp_path / "seeds", "--search", "pagefind", "--cache-dir", str(tmp_path / "c")) == 0
    assert json.loads((site / "pagefind" / "kb-parts.json").read_text(encoding="utf-8")) == []
    assert not (site / "pagefind-2").exists()


@pytest.mark.parametrize("cores", [1, 2])
def test_parts_are_indexed_one_per_core_at_a_time_and_listed_in_order(tmp_path, monkeypatch, cores):
    """A Pagefind process keeps about one and a half cores busy: two parts at once on two
    cores took a site of 3,000 documents in four parts from 10.8-12.3 s to 6.2-7.0 s."""
    import threading

    import kb.renderers.search

    for n in range(1, 6):
        (tmp_path / "site" / "documents" / f"2021-01-0{n}-d").mkdir(parents=True)
        (tmp_path / "site" / "documents" / f"2021-01-0{n}-d" / "index.html").write_text("<article>x</article>")
    lock, running, most, outputs, calls = threading.Lock(), [0], [0], [], [0]
    together = threading.Barrier(cores, timeout=60)  # the first `cores` parts run at once, or it breaks

    def pagefind(cmd, **kwargs):
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
            calls[0] += 1
            first = calls[0] <= cores
        if first:
            together.wait()
        out = cmd[cmd.index("--output-path") + 1]
        (tmp_path / "site" / out).mkdir(parents=True, exist_ok=True)
        (tmp_path / "site" / out / "pagefind-entry.json").write_text('{"languages": {}}', encoding="utf-8")
        with lock:
            running[0] -= 1
            outputs.append(out)
    monkeypatch.setattr(kb.renderers.search.subprocess, "run", pagefind)
    monkeypatch.setenv("KB_WORKERS", str(cores))
    monkeypatch.setenv("KB_PAGEFIND_PART", "2")
    kb.renderers.search.index_with_pagefind(tmp_path / "site")
    assert most[0] == cores and len(outputs) == 3
    parts = json.loads((tmp_path / "site" / "pagefind" / "kb-parts.json").read_text(encoding="utf-8"))
    assert parts == ["pagefind-2/", "pagefind-3/"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".pagefind-part-")]


def test_a_page_that_asks_not_to_be_indexed_is_left_out_of_pagefind(tmp_path):
    """An empty concept's page (overrides/main.html's robots meta): the words "noindex" in its
    text do not count, only in its head."""
    from kb.renderers.search import partition

    pages = {"topics/trade": '<head><meta name="robots" content="noindex"></head><article>x</article>',
             "topics/tariffs": '<head></head><article>&lt;meta name="robots" content="noindex"&gt; '
                               '<meta name="robots" content="noindex"></article>',
             "documents/2021-01-01-a": "<head></head><article>x</article>"}
    for folder, text in pages.items():
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "index.html").write_text(text, encoding="utf-8")
    assert partition(tmp_path, 10) == [["topics/tariffs", "documents/2021-01-01-a"]]


PHONE_CALL = "documents/2020-12-28-xi-jinping-speaks-with-russian-president-vladimir-putin/"


def test_a_concept_page_that_gathers_nothing_is_no_search_result(seeds_site, vocab):
    """A result must lead somewhere: a concept no document mentions yet keeps its page (a link
    given out stays good) but stays out of the index; one that gathers passages is in it."""
    site = seeds_site / "site"
    found = {c["url"] for c in json.loads((site / "data" / "concepts.json").read_text(encoding="utf-8"))}
    pages = {f"{section}/{c.id}/" for section in ("topics", "people", "organizations", "places", "treaties")
             for c in vocab.sections[section]}
    indexed = set(_fragments(site))
    empty = pages - found
    assert empty and found and found <= pages
    assert not empty & indexed
    assert found <= indexed
    assert all((site / url / "index.html").is_file() for url in empty)


def test_a_document_carries_its_filters_and_weighs_its_topics_above_its_names(seeds_site):
    site = seeds_site / "site"
    record = _fragments(site)[PHONE_CALL]
    filters = record["filters"]
    assert filters["kind"] == ["Phone call"] and filters["year"] == ["2020"]
    assert "Xi Jinping" in filters["person"] and "Energy cooperation" in filters["topic"]
    assert filters["publisher"]
    page = (site / PHONE_CALL / "index.html").read_text(encoding="utf-8")
    weights = [(tag, float(w)) for tag, w in re.findall(r'<(dd|p) data-pagefind-weight="([\d.]+)"', page)]
    assert ("dd", 3.0) in weights  # the topics
    assert ("dd", 0.5) in weights  # the names, often in passing
    assert [w for tag, w in weights if tag == "p"] == [2.0]  # the lead paragraph, and no other
    assert "Phone call" not in record["content"].split("Text.")[-1]  # the filters are not text


def test_another_name_stands_beside_the_paragraph_that_mentions_the_concept(vocab):
    from kb.pages.search_index import paragraph_names

    eaeu = vocab.concepts["eurasian-economic-union"]
    assert any(a.casefold() == "eaeu" for a in eaeu.aliases)
    names = paragraph_names(vocab, "p4", "Leaders praised the Eurasian Economic Union at length.",
                            ["eurasian-economic-union", "xi-jinping"])
    assert 'id="p4-n" hidden' in names
    words = re.sub(r"<[^>]+>", " ", str(names)).split()
    assert "eaeu" in words and "eurasian" not in words  # what the paragraph spells is not repeated
    assert "jinping" in words and "chairman" not in words  # a person: the label, not titled forms
    assert paragraph_names(vocab, "p1", "Xi Jinping spoke.", ["xi-jinping"]) == ""
    hostile = paragraph_names(vocab, 'p1"><b', "nothing", ["xi-jinping"])
    assert '"><b' not in hostile


def test_the_search_page_is_a_frame_no_index_reads(seeds_site):
    site = seeds_site / "site"
    page = (site / "search" / "index.html").read_text(encoding="utf-8")
    assert 'class="kb-search-page"' in page and 'name="q"' in page
    assert "search/" not in _fragments(site)
    assert "kb-pagefind.js" in page


def test_the_filter_index_is_written_in_one_order_whatever_order_pagefind_chose(tmp_path):
    """Pagefind writes filter values in hash-map order: two runs over the same pages gave new
    file names. Written again sorted, two folders that differ only in that order are the same
    bytes, and the metadata and the entry name the new files."""
    import gzip

    import cbor2

    from kb.renderers.pagefind_order import SIGNATURE, order_filters

    def pack(value) -> bytes:
        return gzip.compress(SIGNATURE + cbor2.dumps(value), mtime=0)

    def folder(name: str, values: list, filters: list) -> Path:
        out = tmp_path / name
        (out / "filter").mkdir(parents=True)
        for filter_name, file_hash in filters:
            chosen = values if filter_name == "topic" else [["2021", [0]]]
            (out / "filter" / f"{file_hash}.pf_filter").write_bytes(pack([filter_name, chosen]))
        (out / "pagefind.en_0000000000.pf_meta").write_bytes(
            pack(["1.5.2", [["en_aaaaaaa", 10]], [], filters, [], ["title"]]))
        (out / "pagefind-entry.json").write_text(
            '{"version":"1.5.2","languages":{"en":{"hash":"en_0000000000","wasm":"en","page_count":1}}}',
            encoding="utf-8")
        order_filters(out)
        return out

    one = folder("one", [["Trade", [1, 0]], ["Energy", [0]]], [["topic", "en_1111111"], ["year", "en_2222222"]])
    two = folder("two", [["Energy", [0]], ["Trade", [0, 1]]], [["year", "en_3333333"], ["topic", "en_4444444"]])
    files = sorted(p.relative_to(one).as_posix() for p in one.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(two).as_posix() for p in two.rglob("*") if p.is_file())
    assert all((one / f).read_bytes() == (two / f).read_bytes() for f in files)
    entry = json.loads((one / "pagefind-entry.json").read_text(encoding="utf-8"))
    meta = (one / f"pagefind.{entry['languages']['en']['hash']}.pf_meta").read_bytes()
    filters = cbor2.loads(gzip.decompress(meta)[len(SIGNATURE):])[3]
    assert [name for name, _ in filters] == ["topic", "year"]
    topic = cbor2.loads(gzip.decompress((one / "filter" / f"{filters[0][1]}.pf_filter").read_bytes())[len(SIGNATURE):])
    assert topic == ["topic", [["Energy", [0]], ["Trade", [0, 1]]]]
    assert len(files) == 4  # the old names are gone
