"""Links that survive in reports: renamed slugs redirect, removed seeds leave a page, metadata,
citations, feed and CSV are there and well-formed, and the site works under a sub-path."""
from __future__ import annotations

import csv
import gzip
import io
import json
import re
import shutil
from html.parser import HTMLParser
from xml.etree import ElementTree as ET

import pytest

from conftest import FIXTURES, ROOT, build, main
from sitecheck import broken_links

pytestmark = pytest.mark.integration  # real builds, MkDocs, processes (tests/markers.py)

VOCAB = ("--vocabulary", str(FIXTURES / "vocab"))
SEED = ("date 2021-01-02 President Xi Jinping and Vladimir Putin vowed on Thursday to cooperate.\n\n"
        "They promoted the alignment of the Belt and Road Initiative with the EAEU, Xi said.\n\n"
        "=cmd|' /C calc'!A0 trade and economic cooperation <b>&</b> {braces} 100% $x #y")


@pytest.fixture
def corpus(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a.txt").write_text(SEED, encoding="utf-8")
    (seeds / "b.txt").write_text("Talks in Moscow Held\n\nOn May 5, 2021, Putin met Xi.", encoding="utf-8")
    assert build(tmp_path, seeds, *VOCAB) == 0
    return tmp_path


def documents(site):
    return {d["source"]: d for d in json.loads((site / "data" / "kb.json").read_text(encoding="utf-8"))["documents"]}


class _Scripts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.json_ld, self._in = [], False

    def handle_starttag(self, tag, attrs):
        self._in = tag == "script" and dict(attrs).get("type") == "application/ld+json"

    def handle_data(self, data):
        if self._in:
            self.json_ld.append(json.loads(data))
            self._in = False


def test_json_ld_parses_and_carries_the_required_fields(corpus):
    doc = documents(corpus / "site")["a.txt"]
    parser = _Scripts()
    parser.feed((corpus / "site" / doc["url"] / "index.html").read_text(encoding="utf-8"))
    (ld,) = parser.json_ld
    assert ld["@type"] in ("NewsArticle", "Report")
    assert ld["headline"] == doc["title"] and ld["datePublished"] == "2021-01-02"
    assert {t["name"] for t in ld["about"]} >= {"BRI–EAEU alignment"}
    assert {m["name"] for m in ld["mentions"]} >= {"Xi Jinping", "Vladimir Putin"}
    assert ld["isBasedOn"].endswith(f"originals/{doc['id']}.txt")
    site_name = re.search(r"^site_name: (.+)$", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M)[1]
    assert ld["isPartOf"] == {"@type": "WebSite", "url": ld["url"].split("documents/")[0], "name": site_name}
    html = (corpus / "site" / doc["url"] / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<meta name="description" content="President Xi Jinping and Vladimir Putin vowed', html)


def test_renamed_slug_leaves_a_redirect_and_anchors_follow(corpus, capsys):
    seeds = corpus / "seeds"
    old = documents(corpus / "site")["b.txt"]["id"]
    assert main(["rename", old, "talks-in-moscow", "--seeds", str(seeds)]) == 0
    assert main(["rename", old, "x", "--seeds", str(seeds)]) == 2  # old is no longer a document slug
    assert "no document has the slug" in capsys.readouterr().err
    assert build(corpus, seeds, *VOCAB) == 0
    assert documents(corpus / "site")["b.txt"]["id"] == "talks-in-moscow"
    moved = (corpus / "site" / "documents" / old / "index.html").read_text(encoding="utf-8")
    assert 'data-kb-redirect="../talks-in-moscow/"' in moved
    assert broken_links(corpus / "site") == []


def test_removed_seed_leaves_a_withdrawn_page(corpus):
    slug = documents(corpus / "site")["b.txt"]["id"]
    (corpus / "seeds" / "b.txt").unlink()
    assert build(corpus, corpus / "seeds", *VOCAB) == 0
    page = (corpus / "site" / "documents" / slug / "index.html").read_text(encoding="utf-8")
    assert "was withdrawn" in page and "Talks in Moscow Held" in page
    assert "b.txt" not in documents(corpus / "site")
    assert broken_links(corpus / "site") == []


def test_citations_escape_and_download(corpus):
    site = corpus / "site"
    doc = documents(site)["a.txt"]
    bib = (site / "cite" / f"{doc['id']}.bib").read_text(encoding="utf-8")
    assert bib.startswith(f"@misc{{{doc['id']},") and "year = {2021}" in bib
    csl = json.loads((site / "cite" / f"{doc['id']}.json").read_text(encoding="utf-8"))
    assert csl[0]["issued"] == {"date-parts": [[2021, 1, 2]]} and csl[0]["title"] == doc["title"]
    html = (site / doc["url"] / "index.html").read_text(encoding="utf-8")
    # Each paragraph's number is written out; its "Copy link" and "Cite" buttons are kb.js's
    # (tests/browser/test_access.py clicks them).
    assert 'id="kb-cite-plain"' in html and 'class="kb-pnum"' in html and "assets/kb.js" in html
    assert 'class="kb-copy-link' not in html


def test_feed_and_csv(corpus):
    site = corpus / "site"
    feed = ET.parse(site / "feed.xml").getroot()
    ns = {"a": "http://www.w3.org/2005/Atom"}
    titles = [e.findtext("a:title", namespaces=ns) for e in feed.findall("a:entry", ns)]
    assert sorted(titles) == sorted(d["title"] for d in documents(site).values())
    rows = list(csv.DictReader(io.StringIO((site / "data" / "passages.csv").read_text(encoding="utf-8-sig"))))
    assert {r["topic"] for r in rows} >= {"bri-eaeu", "trade"}
    assert all(r["paragraph_url"].split("#")[1] == "p" + r["paragraph"] for r in rows)
    assert not any(v.startswith(("=", "+", "-", "@")) for r in rows for v in r.values())


def test_site_url_from_the_environment_and_sub_path(tmp_path, monkeypatch):
    monkeypatch.setenv("KB_SITE_URL", "https://example.org/kb/")
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a.txt").write_text(SEED, encoding="utf-8")
    assert build(tmp_path, seeds, *VOCAB) == 0
    doc = documents(tmp_path / "site")["a.txt"]
    html = (tmp_path / "site" / doc["url"] / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="https://example.org/kb/{doc["url"]}">' in html
    assert f'data-canonical="https://example.org/kb/{doc["url"]}"' in html
    assert not re.search(r'(href|src)="/(?!/)', html)  # nothing absolute to the host root


def test_a_concept_no_document_mentions_has_a_page_that_nothing_lists(corpus):
    """Its URL never 404s (a link given out before, a broader or related concept's link), but no
    index, sitemap or search sends a reader to a page that only says it is empty; a rebuild
    that keeps its HTML from the last site keeps it out of the sitemap too."""
    site = corpus / "site"
    data = json.loads((site / "data" / "kb.json").read_text(encoding="utf-8"))
    concepts = data["topics"] + [e for e in data["entities"]]
    empty = [c for c in concepts if c["passages"] == 0]
    found = [c for c in concepts if c["passages"]]
    assert empty and found
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    searched = set()  # the pages Pagefind's index holds (each record gzipped, behind a signature)
    for fragment in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        raw = gzip.decompress(fragment.read_bytes())
        searched.add(json.loads(raw[raw.index(b"{"):])["url"].strip("/") + "/")
    for c in empty + found:
        section = c["url"].split("/")[0]
        page = (site / c["url"] / "index.html").read_text(encoding="utf-8")
        index = (site / section / "index.html").read_text(encoding="utf-8")
        listed = f'href="{c["url"].partition("/")[2]}"' in index
        noindex = '<meta name="robots" content="noindex">' in page
        assert (listed, c["url"] in sitemap, c["url"] in searched, noindex) == \
            ((False, False, False, True) if c in empty else (True, True, True, False)), c["url"]
        if c in empty:
            assert "No document in the corpus" in page
    assert build(corpus, corpus / "seeds", *VOCAB) == 0  # its page kept from the last site
    assert (site / "sitemap.xml").read_text(encoding="utf-8") == sitemap


def test_an_event_of_one_account_answers_at_its_url_and_nothing_lists_it(corpus):
    """Its URL (in kb.json, and the page it becomes with a second account) forwards to the
    document in the built site; no sitemap or search holds it."""
    (corpus / "seeds" / "c.txt").write_text(
        "date 2022-05-10\nXi Jinping had a phone conversation with Vladimir Putin on May 10, 2022.\n", encoding="utf-8")
    assert build(corpus, corpus / "seeds", *VOCAB) == 0
    site = corpus / "site"
    data = json.loads((site / "data" / "kb.json").read_text(encoding="utf-8"))
    docs = {d["id"]: d for d in data["documents"]}
    single = [e for e in data["events"] if len(e["documents"]) == 1]
    assert single
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    searched = b"".join(gzip.decompress(f.read_bytes()) for f in (site / "pagefind" / "fragment").glob("*.pf_fragment"))
    for event in single:
        stub = (site / event["url"] / "index.html").read_text(encoding="utf-8")
        target = docs[event["documents"][0]]["url"]
        assert f'<meta http-equiv="refresh" content="0; url=../../{target}">' in stub
        assert (site / target / "index.html").is_file()
        assert event["url"] not in sitemap and event["url"].encode() not in searched
    assert broken_links(site) == []
