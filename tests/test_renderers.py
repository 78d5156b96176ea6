"""Both renderers (kb/renderers/base.py): one docs folder of the seeds and the hostile seeds, built by
Zensical through the command line and by MkDocs beside it (conftest.renderer_sites). The site
checks run on both (links, anchors and foreign requests in tests/test_build.py); the pages of the two carry the same text, anchors, links and JSON-LD,
compared page by page, the theme's own markup left aside."""
from __future__ import annotations

import json
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin
from xml.etree import ElementTree as ET

import pytest

from conftest import HOSTILE, ROOT, build, leftovers, main
from kb.renderers.zensical import from_the_file, sitemap_without, zensical_build

RENDERERS = ["mkdocs", "zensical"]


@pytest.fixture(params=RENDERERS)
def site(request, renderer_sites) -> Path:
    return renderer_sites.sites[request.param]


def kb(site: Path) -> dict:
    return json.loads((site / "data" / "kb.json").read_text(encoding="utf-8"))


class Page(HTMLParser):
    """What a page shows of its own: the text, ids and links of its article (the theme's
    navigation, header and footer left aside, and ids of the theme's own, which start with
    "__"), its title, description, canonical URL and JSON-LD."""

    def __init__(self, url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.url, self.depth = url, 0
        self.text: list[str] = []
        self.ids: list[str] = []
        self.links: list[str] = []
        self.json_ld: list[dict] = []
        self.title = ""
        self.head: dict[str, str | None] = {}
        """The description and canonical URL in <head>."""
        self.handlers: set[str] = set()
        """Event handler attributes anywhere in the page ("tag onclick")."""
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.handlers.update(f"{tag} {k}" for k, _ in attrs if k.startswith("on"))
        if tag == "meta" and a.get("name") == "description":
            self.head["description"] = a.get("content")
        elif tag == "link" and a.get("rel") == "canonical":
            self.head["canonical"] = a.get("href")
        if tag == "script" and a.get("type") == "application/ld+json":
            self._in = "json-ld"
        elif tag == "title":
            self._in = "title"
        if not self.depth:
            if tag == "article" and "md-content__inner" in (a.get("class") or ""):
                self.depth = 1
            return
        if tag == "article":
            self.depth += 1
        if a.get("id") and not a["id"].startswith("__"):
            self.ids.append(a["id"])
        if tag == "a" and a.get("href") is not None:
            self.links.append(urljoin(self.url, a["href"]))  # the target: the spelling may differ

    def handle_endtag(self, tag):
        if tag == "title":
            self._in = None
        if self.depth and tag == "article":
            self.depth -= 1

    def handle_data(self, data):
        if self._in == "json-ld":
            self.json_ld.append(json.loads(data))
            self._in = None
        elif self._in == "title":
            self.title += data
        elif self.depth:
            self.text.append(data)

    def shown(self) -> dict:
        return {"title": self.title.strip(), **self.head, "text": " ".join(" ".join(self.text).split()), "ids": self.ids,
                "links": self.links, "json_ld": self.json_ld}


def parse_page(site: Path, rel: str) -> Page:
    page = Page("http://site/" + rel.removesuffix("index.html"))
    page.feed((site / rel).read_text(encoding="utf-8"))
    return page


def read_page(site: Path, rel: str) -> dict:
    return parse_page(site, rel).shown()


def test_kb_json_and_every_document_page_with_its_json_ld_and_citations(site, renderer_sites):
    data = kb(site)
    seeds = sorted(p.name for p in (renderer_sites.root / "seeds").glob("*.txt"))
    assert sorted(d["source"] for d in data["documents"]) == seeds
    for doc in data["documents"]:
        page = read_page(site, doc["url"] + "index.html")
        assert {p["anchor"] for p in doc["paragraphs"]} <= set(page["ids"])
        (ld,) = page["json_ld"]
        assert ld["headline"] == doc["title"] and ld["isBasedOn"].endswith(f"originals/{doc['id']}.txt")
        for cite in (f"cite/{doc['id']}.bib", f"cite/{doc['id']}.json"):
            assert (site / cite).is_file()
            assert urljoin(f"http://site/{doc['url']}", f"../../{cite}") in page["links"]
        assert (site / doc["original"]).read_text(encoding="utf-8").strip()


def test_the_feed_lists_every_document(site):
    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = ET.parse(site / "feed.xml").getroot()
    assert sorted(e.findtext("a:title", namespaces=ns) for e in feed.findall("a:entry", ns)) == sorted(
        d["title"] for d in kb(site)["documents"])


def test_hostile_seeds_reach_the_pages_as_text(site):
    """Markup and template syntax in a seed are shown as written: no element of theirs, no
    template evaluated, under either renderer's templates and Markdown."""
    seen = 0
    for doc in kb(site)["documents"]:
        if not doc["source"].startswith("hostile-"):
            continue
        page = parse_page(site, doc["url"] + "index.html")
        line = HOSTILE[int(doc["source"].removeprefix("hostile-").removesuffix(".txt"))].split("\n")[0]
        assert " ".join(line.split()) in page.shown()["text"], doc["source"]
        assert page.handlers == set(), doc["source"]
        seen += 1
    assert seen == len(HOSTILE)


def test_both_renderers_show_the_same_pages(renderer_sites):
    """Page by page: the same HTML files, and in each the same title, description, canonical
    URL, article text, anchors, link targets and JSON-LD. What differs is the theme around them (and its search)."""
    mkdocs, zensical = renderer_sites.sites["mkdocs"], renderer_sites.sites["zensical"]
    pages = sorted(p.relative_to(mkdocs).as_posix() for p in mkdocs.rglob("*.html"))
    assert pages == sorted(p.relative_to(zensical).as_posix() for p in zensical.rglob("*.html"))
    assert len(pages) > 250
    differ = [rel for rel in pages if read_page(mkdocs, rel) != read_page(zensical, rel)]
    assert differ == []
    # The comparison sees what matters: every document page has its paragraphs and JSON-LD.
    doc = kb(zensical)["documents"][0]
    shown = read_page(zensical, doc["url"] + "index.html")
    assert shown["json_ld"] and "p1" in shown["ids"] and doc["title"] in shown["text"]
    assert shown["canonical"] == f"http://127.0.0.1:{renderer_sites.port}/{doc['url']}" and shown["description"]


def test_zensical_search_reads_the_pages_lunr_does_and_offers_the_aliases(renderer_sites):
    """Zensical's own index (search.json) holds the pages Material's lunr index holds (the
    front matter `search.exclude` is honoured), and a concept's aliases in its text."""
    lunr = json.loads((renderer_sites.sites["mkdocs"] / "search" / "search_index.json").read_text(encoding="utf-8"))
    own = json.loads((renderer_sites.sites["zensical"] / "search.json").read_text(encoding="utf-8"))
    assert {d["location"].split("#")[0] for d in lunr["docs"]} == {i["location"].split("#")[0] for i in own["items"]}
    text = " ".join(i["text"] for i in own["items"] if i["location"].startswith("organizations/eurasian-economic-union/"))
    assert "EAEU" in text


def test_both_sitemaps_list_the_same_pages_and_none_that_asks_not_to_be_indexed(renderer_sites):
    """Zensical lists every page in its sitemap: the build takes out those that ask not to be
    indexed (an empty concept's), as MkDocs's sitemap template leaves them out. Nor does
    Zensical's site ship the Pagefind script, which none of its pages loads."""
    from kb.renderers.search import noindex

    def locs(site: Path) -> list[str]:
        root = ET.parse(site / "sitemap.xml").getroot()
        return sorted(e.text for e in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc"))

    mkdocs, zensical = renderer_sites.sites["mkdocs"], renderer_sites.sites["zensical"]
    base = f"http://127.0.0.1:{renderer_sites.port}/"
    unlisted = {base + p.parent.relative_to(zensical).as_posix() + "/" for p in zensical.rglob("index.html") if noindex(p)}
    assert len(unlisted) > 10  # the seeds leave most concepts without a passage
    assert locs(zensical) == locs(mkdocs) and not unlisted & set(locs(zensical))
    assert base + "topics/" in locs(zensical)
    assert not (zensical / "assets" / "kb-pagefind.js").exists() and (zensical / "assets" / "kb.js").exists()


def test_a_sitemap_loses_only_the_urls_it_is_told():
    xml = ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset>\n  <url>\n    <loc>https://x.org/a/</loc>\n  </url>\n'
           '  <url>\n    <loc>https://x.org/b/?q=1&amp;r=2</loc>\n    <lastmod>2020-01-01</lastmod>\n  </url>\n</urlset>\n')
    assert sitemap_without(xml, lambda loc: False) == xml
    assert sitemap_without(xml, lambda loc: loc == "https://x.org/b/?q=1&r=2") == (
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset>\n  <url>\n    <loc>https://x.org/a/</loc>\n  </url>\n</urlset>\n')


def test_raw_html_links_are_written_from_the_file_for_zensical():
    page = ('<p><a href="../../topics/trade/">t</a> <a href="#p1">p</a> <a href="../">up</a> '
            '<a href="../#p2">there</a> <a href="x/">below</a> <a href="https://example.org/">out</a> '
            '<a href="/root">r</a> <span data-kb-redirect="../b/">read by our script</span></p>\n')
    assert from_the_file(page, "documents/a.md") == (
        '<p><a href="../topics/trade/">t</a> <a href="#p1">p</a> <a href="./">up</a> '
        '<a href="./#p2">there</a> <a href="a/x/">below</a> <a href="https://example.org/">out</a> '
        '<a href="/root">r</a> <span data-kb-redirect="../b/">read by our script</span></p>\n')
    assert from_the_file(page, "documents/index.md") == page  # served where its file lies
    assert from_the_file(page, "documents/a.md", directory_urls=False) == page


@pytest.mark.integration
def test_a_failing_zensical_build_leaves_the_old_site(tmp_path):
    """Strict: a link to a missing page fails the build (exit 1 from the command line), the
    site in place stays as it was, and no scratch project is left. A Zensical site replaces
    a MkDocs one without MkDocs's record of it, which would let MkDocs keep Zensical's pages."""
    from kb.renderers.mkdocs.site import STATE_SUFFIX, mkdocs_build

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Home\n\n[a page](page.md)\n", encoding="utf-8")
    (docs / "page.md").write_text("# Page\n\n<p>one</p>\n", encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text(f"site_name: t\nstrict: true\ntheme:\n  name: material\n  custom_dir: {ROOT / 'overrides'}\n"
                      f"hooks:\n  - {ROOT / 'kb' / 'renderers' / 'mkdocs' / 'hook.py'}\n", encoding="utf-8")
    site = tmp_path / "site"
    mkdocs_build(config, docs, site, "lunr", shards=1)
    assert (tmp_path / f".site{STATE_SUFFIX}").is_file()
    assert zensical_build(config, docs, site) == 0
    assert not (tmp_path / f".site{STATE_SUFFIX}").exists()
    built = (site / "page" / "index.html").read_bytes()
    (docs / "index.md").write_text("# Home\n\n[gone](missing.md)\n", encoding="utf-8")
    with pytest.raises(RuntimeError, match="Zensical failed"):
        zensical_build(config, docs, site)
    assert (site / "page" / "index.html").read_bytes() == built
    assert leftovers(tmp_path) == []


def test_the_renderer_is_chosen_on_the_command_line_or_in_the_environment(tmp_path, monkeypatch, capsys):
    from kb.cli import _args

    assert _args([]).renderer == "mkdocs"
    monkeypatch.setenv("KB_RENDERER", "zensical")
    assert _args([]).renderer == "zensical"
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    # Pagefind answers Material's search field only: refused before anything is written.
    assert build(tmp_path, seeds, "--search", "pagefind") == 2
    assert "is not shipped with --renderer zensical" in capsys.readouterr().err
    monkeypatch.setenv("KB_RENDERER", "hugo")
    assert main(["--seeds", str(seeds), "--docs-dir", str(tmp_path / "docs")]) == 2
    assert "KB_RENDERER='hugo'" in capsys.readouterr().err
    assert not (tmp_path / "docs").exists()
    shutil.rmtree(seeds)
