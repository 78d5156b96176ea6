"""Link previews and reference managers read a document page's <head>: Highwire's `citation_*`
(Zotero's connector, Google Scholar), Open Graph and Twitter's card. Every document page of a
real build carries them, escaped, with nothing made up where the text gives nothing; and the
description is the lead cut at a sentence or a word, never mid-word."""
from __future__ import annotations

import json
from html.parser import HTMLParser

import yaml

from kb.build import ROOT
from kb.pages.preview import cut


class _Loader(yaml.SafeLoader):
    """mkdocs.yml read as data: its !ENV and !!python tags taken as plain values."""


_Loader.add_multi_constructor("", lambda loader, suffix, node: None)


class _Head(HTMLParser):
    """The <meta> elements of a page, as (name or property, content)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, list[str]] = {}
        self.links: list[dict[str, str]] = []

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "meta" and ("name" in a or "property" in a):
            self.meta.setdefault(a.get("name") or a["property"], []).append(a.get("content", ""))
        if tag == "link":
            self.links.append(a)


def head_of(path) -> _Head:
    parser = _Head()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_a_short_lead_is_whole():
    assert cut("The two ministers met.", (22,), 200) == "The two ministers met."


def test_a_long_lead_is_cut_at_a_sentence_that_ends_late_enough():
    text = "The envoys met in the capital on a grey morning. " + "They spoke of rivers and roads " * 10
    assert cut(text, (48, len(text)), 80) == "The envoys met in the capital on a grey morning."


def test_without_a_sentence_end_the_cut_is_at_a_word_with_an_ellipsis():
    text = "The delegation discussed ports, railways, grain, fertiliser and the long border " * 4
    out = cut(text, (), 60)
    assert out.endswith("…") and len(out) <= 61
    assert text.startswith(out[:-1]) and text[len(out) - 1] in " ,"  # a whole word before the ellipsis


def test_a_single_overlong_word_is_cut_rather_than_dropped():
    assert cut("x" * 300, (), 50) == "x" * 50 + "…"


def test_every_document_page_carries_citation_and_preview_meta(seeds_site):
    site = seeds_site / "site"
    data = json.loads((site / "data" / "kb.json").read_text(encoding="utf-8"))
    assert data["documents"]
    for doc in data["documents"]:
        head = head_of(site / doc["url"] / "index.html")
        where = doc["id"]
        meta = {k: v[0] for k, v in head.meta.items()}
        assert all(len(v) == 1 for k, v in head.meta.items() if k.startswith(("citation_", "og:", "twitter:"))), where
        assert meta["citation_title"] == meta["og:title"] == doc["title"], where
        assert meta.get("citation_publisher") == doc["publisher"], where  # absent where none is named
        (csl,) = json.loads((site / "cite" / f"{doc['id']}.json").read_text(encoding="utf-8"))
        assert head.meta.get("citation_author", []) == [a["literal"] for a in csl.get("author", [])], where
        assert meta["og:image"].endswith("/assets/kb-preview.png"), where
        if doc["published"]:
            assert meta["citation_date"] == doc["published"].replace("-", "/"), where
            assert meta["article:published_time"] == doc["published"], where
        else:
            assert "citation_date" not in meta and "article:published_time" not in meta, where
        assert meta["citation_public_url"] == meta["og:url"], where
        assert meta["og:url"].startswith("http") and meta["og:url"].endswith(doc["url"]), where
        assert meta["og:type"] == "article" and meta["twitter:card"] == "summary", where
        description = meta["og:description"]
        assert description == meta["description"] and 0 < len(description) <= 201, where
        lead = next(p["text"] for p in doc["paragraphs"] if description.rstrip("…") in p["text"])
        if description.endswith("…"):  # cut between words, never inside one
            rest = lead[lead.index(description[:-1]) + len(description) - 1:]
            assert rest[:1] in (" ", ",", ";", ":", "-", "–", "—"), (where, description)


def test_every_page_names_the_feed(seeds_site):
    site = seeds_site / "site"
    pages = [site / "index.html", *sorted((site / "documents").glob("*/index.html"))[:3],
             *sorted((site / "topics").glob("*/index.html"))[:3]]
    for page in pages:
        feeds = [a for a in head_of(page).links if "alternate" in a.get("rel", "").split()
                 and a.get("type") == "application/atom+xml"]
        assert 1 <= len(feeds) <= 2 and feeds[0]["href"].endswith("feed.xml"), page


def test_one_preview_image_for_the_site_in_its_colour(seeds_site):
    """One PNG (previews show PNG or JPEG, not SVG) whatever the number of pages, in the colour
    mkdocs.yml's palette names."""
    import io

    from PIL import Image

    from kb.pages.preview_image import PRIMARY, SIZE

    site = seeds_site / "site"
    image = site / "assets" / "kb-preview.png"
    assert not [p for p in site.rglob("*.png") if p != image and "kb-preview" in p.name]
    assert not list((site / "documents").rglob("*.png"))  # no image per page
    png = Image.open(io.BytesIO(image.read_bytes()))
    assert png.format == "PNG" and png.size == SIZE and png.convert("RGB").getpixel((5, 5)) == PRIMARY
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    palettes = yaml.load(config, Loader=_Loader)["theme"]["palette"]
    assert {p["primary"] for p in palettes} == {"indigo"}  # PRIMARY is Material's indigo


def test_a_concept_page_names_its_own_feed_and_offers_its_citations(seeds_site):
    site = seeds_site / "site"
    feeds = sorted(site.glob("topics/*/feed.xml"))
    assert feeds
    for feed in feeds:
        page = feed.parent / "index.html"
        links = [(a["rel"], a["href"]) for a in head_of(page).links if a.get("type") == "application/atom+xml"]
        # the concept's own feed not under rel="alternate" alone, whose folder Material asks for a sitemap
        assert links == [("alternate", "../../feed.xml"), ("alternate feed", "feed.xml")], page
        text = page.read_text(encoding="utf-8")
        assert 'href="feed.xml"' in text and 'href="documents.ris" download' in text
        assert (feed.parent / "documents.ris").is_file()
    # a concept no document names has neither
    for page in sorted(site.glob("topics/*/index.html")):
        if not (page.parent / "feed.xml").exists():
            assert "documents.ris" not in page.read_text(encoding="utf-8")
