"""The W3C Web Annotation export (kb/pages/exports/annotations.py): every file is JSON-LD that a processor
expands against the W3C context without dropping a term, every quote is the text at its
position in the paragraph as kb.json gives it, the collection chains every page, and ids stay
when other documents come and go.

The context is the W3C's own file, shipped in tests/fixtures/w3c/ (from the w3c/web-annotation
repository, admin/ns/anno.jsonld): the document loader serves it and refuses every other URL,
so no test reaches the network."""
from __future__ import annotations

import json
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pyld import jsonld

from conftest import FIXTURES, ROOT, SEEDS

from kb.pages.exports import annotations
from kb.build import BuildSettings, generate, write_generated

CONTEXT_FILE = FIXTURES / "w3c" / "anno.jsonld"
OA = "http://www.w3.org/ns/oa#"
AS = "http://www.w3.org/ns/activitystreams#"
RDF_VALUE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#value"
SITE_URL = "http://127.0.0.1:8000/"
"""mkdocs.yml's site_url, which the session's seeds build is given."""


def _loader(url: str, options: dict | None = None) -> dict:
    """The W3C context from the local file; any other URL fails (no network in tests)."""
    if url != annotations.CONTEXT:
        raise OSError(f"the JSON-LD processor asked for {url}: tests load nothing from the network")
    return {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url,
            "document": json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))}


def _dropped(term: str | None) -> None:
    raise AssertionError(f"JSON-LD expansion dropped {term!r}: the W3C context does not define it")


def expand(value: dict) -> list[dict]:
    return jsonld.expand(value, {"documentLoader": _loader}, on_property_dropped=_dropped)


def _kb(site: Path) -> dict:
    return json.loads((site / "data" / "kb.json").read_text(encoding="utf-8"))


def _pages(folder: Path) -> dict[str, dict]:
    """Slug -> parsed annotation page, of a docs or site folder."""
    return {p.stem: json.loads(p.read_text(encoding="utf-8"))
            for p in sorted((folder / "data" / "annotations").glob("*.jsonld"))}


def _refinements(item: dict) -> tuple[dict, dict, dict]:
    selector = item["target"]["selector"]
    by_type = {s["type"]: s for s in selector["refinedBy"]}
    assert sorted(s["type"] for s in selector["refinedBy"]) == ["TextPositionSelector", "TextQuoteSelector"]
    quote, position = by_type["TextQuoteSelector"], by_type["TextPositionSelector"]
    return selector, quote, position


def check_quotes(kb: dict, pages: dict[str, dict]) -> int:
    """Every quote is the paragraph's text (kb.json's) at its position, its prefix and suffix
    the words around it; the number of annotations checked."""
    checked = 0
    for doc in kb["documents"]:
        by_anchor = {p["anchor"]: p["text"] for p in doc["paragraphs"]}
        for item in pages.get(doc["id"], {}).get("items", []):
            selector, quote, position = _refinements(item)
            assert selector["type"] == "FragmentSelector" and selector["conformsTo"] == annotations.FRAGMENT_SPEC
            text = by_anchor[selector["value"]]
            start, end = position["start"], position["end"]
            assert 0 <= start < end <= len(text)
            assert quote["exact"] == text[start:end], item["id"]
            assert quote.get("prefix", "") == text[max(0, start - annotations.QUOTE_CONTEXT):start]
            assert quote.get("suffix", "") == text[end:end + annotations.QUOTE_CONTEXT]
            checked += 1
    return checked


def expected_ids(kb: dict, site_url: str) -> dict[str, set[str]]:
    """The ids kb.json's findings should have, by document: the page's URL, then the paragraph
    anchor, the kind, the concept and the offsets (the documented scheme)."""
    out: dict[str, set[str]] = {}
    for doc in kb["documents"]:
        page = f"{site_url}{annotations.page_path(doc['id'])}#"
        ids = set()
        for p in doc["paragraphs"]:
            a = p["anchor"]
            ids |= {f"{page}{a}-topic-{e['topic']}-{e['start']}-{e['end']}" for e in p["evidence"]}
            ids |= {f"{page}{a}-mention-{m['id']}-{m['start']}-{m['end']}" for m in p["mentions"]}
            ids |= {f"{page}{a}-statement-{s['speaker']}-{s['start']}-{s['end']}" for s in p["statements"]}
        if ids:
            out[doc["id"]] = ids
    return out


# -- the seeds' site, built once for the session --------------------------------------------


def test_every_file_expands_against_the_w3c_context(seeds_site):
    site = seeds_site / "site"
    collection = json.loads((site / annotations.COLLECTION_PATH).read_text(encoding="utf-8"))
    [node] = expand(collection)
    assert node["@type"] == [AS + "OrderedCollection"] and node["@id"] == SITE_URL + annotations.COLLECTION_PATH
    # The agents are described once, in the collection, under the ids each annotation names.
    [creator], [generator] = node["http://purl.org/dc/terms/creator"], node[AS + "generator"]
    assert creator["@type"] == [AS + "Application"]
    assert creator["@id"] == SITE_URL + annotations.COLLECTION_PATH + "#creator"
    assert generator["http://schema.org/softwareVersion"] == [{"@value": annotations.__version__}]
    assert generator["@id"] == SITE_URL + annotations.COLLECTION_PATH + "#generator"
    pages = _pages(site)
    assert pages
    for slug, page in pages.items():
        [node] = expand(page)
        assert node["@type"] == [AS + "OrderedCollectionPage"]
        assert node[AS + "partOf"] == [{"@id": SITE_URL + annotations.COLLECTION_PATH}]
        items = node[AS + "items"][0]["@list"]
        assert len(items) == len(page["items"]) > 0
        for item in items:
            assert item["@type"] == [OA + "Annotation"]
            [target] = item[OA + "hasTarget"]
            assert target[OA + "hasSource"] == [{"@id": f"{SITE_URL}documents/{slug}/"}]
            [selector] = target[OA + "hasSelector"]
            assert selector["@type"] == [OA + "FragmentSelector"]
            assert sorted(r["@type"][0] for r in selector[OA + "refinedBy"]) == [
                OA + "TextPositionSelector", OA + "TextQuoteSelector"]
            purposes = {b[OA + "hasPurpose"][0]["@id"] for b in item[OA + "hasBody"]}
            assert purposes in ({OA + "tagging"}, {OA + "describing", OA + "tagging"})
            assert item["http://purl.org/dc/terms/creator"] == [{"@id": creator["@id"]}]
            assert item[AS + "generator"] == [{"@id": generator["@id"]}]


def test_the_loader_serves_only_the_local_context():
    with pytest.raises(Exception, match="example.org"):
        expand({"@context": "http://example.org/other.jsonld", "id": "http://example.org/a", "type": "Annotation"})


def test_every_quote_is_the_text_at_its_position_in_the_paragraph(seeds_site):
    site = seeds_site / "site"
    kb, pages = _kb(site), _pages(site)
    assert check_quotes(kb, pages) == sum(len(p["items"]) for p in pages.values()) > 0


def test_one_annotation_per_finding_with_its_concept_and_page(seeds_site):
    site = seeds_site / "site"
    kb, pages = _kb(site), _pages(site)
    assert {slug: {i["id"] for i in page["items"]} for slug, page in pages.items()} == expected_ids(kb, SITE_URL)
    concepts = {c["id"]: c for c in kb["topics"] + kb["entities"]}
    for doc in kb["documents"]:
        for item in pages[doc["id"]]["items"]:
            assert item["target"]["source"] == SITE_URL + doc["url"]
            concept = concepts[item["id"].split("#")[1].rsplit("-", 2)[0].split("-", 2)[2]]
            textual, link = item["body"]
            assert link == {"type": "SpecificResource", "purpose": "tagging", "source": SITE_URL + concept["url"]}
            assert (site / concept["url"] / "index.html").is_file()
            if item["motivation"] == "describing":
                assert textual["purpose"] == "describing" and textual["value"].startswith(concept["label"] + " ")
            else:
                assert textual == {"type": "TextualBody", "purpose": "tagging", "value": concept["label"],
                                   "format": "text/plain", "language": "en"}


def test_the_collection_chains_every_page(seeds_site):
    site = seeds_site / "site"
    collection = json.loads((site / annotations.COLLECTION_PATH).read_text(encoding="utf-8"))
    pages = {page["id"]: page for page in _pages(site).values()}
    assert collection["total"] == sum(len(p["items"]) for p in pages.values())
    seen, url, prev = [], collection["first"], None
    while url is not None:
        page = pages[url]
        assert page["partOf"] == collection["id"] and page.get("prev") == prev
        seen.append(url)
        prev, url = url, page.get("next")
    assert seen[-1] == collection["last"] and sorted(seen) == sorted(pages)
    ids = [item["id"] for p in pages.values() for item in p["items"]]
    assert len(ids) == len(set(ids))


def test_the_document_page_offers_the_file(seeds_site):
    site = seeds_site / "site"
    for doc in _kb(site)["documents"]:
        html = (site / doc["url"] / "index.html").read_text(encoding="utf-8")
        assert f'href="../../data/annotations/{doc["id"]}.jsonld" download' in html
        assert (site / "data" / "annotations" / f"{doc['id']}.jsonld").is_file()


# -- a corpus that grows and shrinks (generated and written, no MkDocs) ---------------------

HOSTILE = ("date 2029-03-04\n"
           "Talks on \u201cTrade\u201d & <Energy> Held \u2713\n\n"
           "Xi Jinping said that \"trade\" <script>alert('x')</script> and energy cooperation with "
           "Vladimir Putin\u2019s team \u2014 caf\u0065\u0301, \u5317\u4eac, \U0001F680, \u202eevil\u202c, "
           "a back\\slash \u2014 would grow.\n\n"
           "Vladimir Putin stressed that trade </p><b>&amp; {{ braces }}</b> rose \u00bd again \U0001D518.")
PLAIN = "date 2029-03-05\nA Quiet Morning\n\nThe garden was quiet and the rain had stopped before noon.\n"
URL = "https://example.org/kb/"


def _build(tmp: Path) -> None:
    gen = generate(BuildSettings(tmp / "seeds", ROOT / "vocabulary", site_url=URL, show_progress=False, cache_dir=tmp / "cache", docs_dir=tmp / "docs"), stream=True)
    write_generated(gen, BuildSettings(tmp / "seeds", docs_dir=tmp / "docs"))


def _files(docs: Path) -> dict[str, tuple[bytes, int]]:
    return {p.stem: (p.read_bytes(), p.stat().st_ino) for p in sorted((docs / "data" / "annotations").glob("*.jsonld"))}


def test_ids_stay_when_a_document_comes_and_goes_and_hostile_text_stays_json(tmp_path):
    shutil.copytree(SEEDS, tmp_path / "seeds")
    _build(tmp_path)
    before = _files(tmp_path / "docs")
    ids_before = {slug: {i["id"] for i in json.loads(data)["items"]} for slug, (data, _) in before.items()}
    assert before

    (tmp_path / "seeds" / "zz-hostile.txt").write_text(HOSTILE, encoding="utf-8")
    (tmp_path / "seeds" / "zz-plain.txt").write_text(PLAIN, encoding="utf-8")
    _build(tmp_path)
    after = _files(tmp_path / "docs")
    kb, pages = _kb(tmp_path / "docs"), _pages(tmp_path / "docs")
    [new] = set(after) - set(before)
    # Where nothing was found there is no page (a page holds one annotation or more), and no link.
    [plain] = [d for d in kb["documents"] if d["source"] == "zz-plain.txt"]
    assert plain["topics"] == plain["entities"] == [] and plain["id"] not in after
    page = (tmp_path / "docs" / "documents" / f"{plain['id']}.md").read_text(encoding="utf-8")
    assert "data/annotations/" not in page and "download .bib" in page
    assert {slug: {i["id"] for i in pages[slug]["items"]} for slug in before} == ids_before
    # A page whose document and neighbours are unchanged is not written again (same file).
    links = {slug: (json.loads(data).get("prev"), json.loads(data).get("next")) for slug, (data, _) in before.items()}
    kept = [slug for slug in before if links[slug] == (pages[slug].get("prev"), pages[slug].get("next"))]
    assert kept and all(after[slug] == before[slug] for slug in kept)

    # The hostile text is in the quotes, and the file is JSON-LD all the same.
    quoted = "".join(_refinements(i)[1][k] for i in pages[new]["items"] for k in ("exact", "prefix", "suffix"))
    for piece in ('"trade"', "<script>", "\u2019", "\U0001F680", "\u202e", "\\", "</p><b>&amp;"):
        assert piece in quoted, piece
    expand(pages[new])
    assert check_quotes(kb, pages) == sum(len(p["items"]) for p in pages.values())
    collection = json.loads((tmp_path / "docs" / annotations.COLLECTION_PATH).read_text(encoding="utf-8"))
    expand(collection)
    assert collection["total"] == sum(len(p["items"]) for p in pages.values())

    (tmp_path / "seeds" / "zz-hostile.txt").unlink()
    (tmp_path / "seeds" / "zz-plain.txt").unlink()
    _build(tmp_path)
    assert {slug: data for slug, (data, _) in _files(tmp_path / "docs").items()} == {
        slug: data for slug, (data, _) in before.items()}


class _ElementText(HTMLParser):
    """The text of each element with an id, as a browser's `textContent` gives it (an
    annotation's positions are counted in the text of the element its fragment names)."""

    VOID = {"br", "img", "input", "meta", "link", "hr", "wbr", "source"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: dict[str, str] = {}
        self._open: list[str | None] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        element_id = dict(attrs).get("id")
        if element_id:
            self.text.setdefault(element_id, "")
        self._open.append(element_id)

    def handle_endtag(self, tag):
        if tag not in self.VOID and self._open:
            self._open.pop()

    def handle_data(self, data):
        for element_id in {i for i in self._open if i}:
            self.text[element_id] += data


def test_every_position_gives_its_quote_in_the_text_the_page_shows(seeds_site):
    """The fragment names a paragraph's element on the built page; in that element's text,
    `start` and `end` give `exact`, preceded by `prefix` and followed by `suffix` (issue 31:
    the number before the text put every position 3 or 4 characters off)."""
    site = seeds_site / "site"
    checked = 0
    for slug, page in _pages(site).items():
        parser = _ElementText()
        parser.feed((site / "documents" / slug / "index.html").read_text(encoding="utf-8"))
        for item in page["items"]:
            selector, quote, position = _refinements(item)
            text = parser.text[selector["value"]]
            start, end = position["start"], position["end"]
            assert text[start:end] == quote["exact"], item["id"]
            assert text[:start].endswith(quote.get("prefix", "")) and text[end:].startswith(quote.get("suffix", ""))
            checked += 1
    assert checked > 20
