"""Link previews and reference managers read a document page's <head>: Highwire's `citation_*`
(Zotero's connector, Google Scholar), Open Graph and Twitter's card. Every document page of a
real build carries them, escaped, with nothing made up where the text gives nothing; and the
description is the lead cut at a sentence or a word, never mid-word."""
from __future__ import annotations

import json
from html.parser import HTMLParser

from kb.pages.preview import cut


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
        feeds = [a for a in head_of(page).links if a.get("rel") == "alternate"
                 and a.get("type") == "application/atom+xml"]
        assert len(feeds) == 1 and feeds[0]["href"].endswith("feed.xml"), page
