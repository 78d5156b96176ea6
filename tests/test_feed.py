"""The Atom feed as a feed reader reads it (feedparser): well formed, newest first, each entry
published and updated on the date its text gives, no undated document (so no 1970), and a
summary that is the lead cut at a word."""
from __future__ import annotations

import json

import feedparser


def test_the_feed_reads_without_warning_newest_first_and_dated(seeds_site):
    site = seeds_site / "site"
    parsed = feedparser.parse((site / "feed.xml").read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    entries = parsed.entries
    assert entries
    published = [e.published_parsed for e in entries]
    assert published == sorted(published, reverse=True)
    assert all(p.tm_year >= 1990 for p in published)
    assert all(e.updated_parsed == e.published_parsed for e in entries)
    assert parsed.feed.updated_parsed == published[0]
    data = json.loads((site / "data" / "kb.json").read_text(encoding="utf-8"))
    by_url = {d["url"]: d for d in data["documents"]}
    for entry in entries:
        doc = next(d for url, d in by_url.items() if entry.link.endswith(url))
        assert doc["published"] or doc["event_date"]
        assert entry.published.startswith(doc["published"] or doc["event_date"])
        lead = entry.summary
        assert lead and lead.rstrip("…") and any(lead.rstrip("…") in p["text"] for p in doc["paragraphs"])
        assert len(lead) <= 501
    undated = [d for d in data["documents"] if not (d["published"] or d["event_date"])]
    links = {e.link for e in entries}
    assert not any(link.endswith(d["url"]) for d in undated for link in links)


def test_an_undated_document_is_left_out_and_the_rest_are_newest_first(tmp_path):
    from pathlib import Path

    from kb.build import BuildSettings, generate

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "undated.txt").write_text("Putin and Xi discussed bilateral trade at length, Putin said.\n",
                                       encoding="utf-8")
    (seeds / "older.txt").write_text("date 2019-05-02\nPutin met Xi on bilateral trade in the old hall.\n",
                                     encoding="utf-8")
    (seeds / "newer.txt").write_text("date 2021-03-01\nXi met Putin on bilateral trade in the new hall.\n",
                                     encoding="utf-8")
    pages = generate(BuildSettings(seeds, Path(__file__).parent / "fixtures" / "vocab", site_url="",
                                   show_progress=False)).pages
    text = pages["feed.xml"]
    parsed = feedparser.parse(text.encode("utf-8") if isinstance(text, str) else text)
    assert not parsed.bozo
    assert [e.published[:10] for e in parsed.entries] == ["2021-03-01", "2019-05-02"]
    assert "1970" not in (text if isinstance(text, str) else text.decode("utf-8"))
    assert [e.summary for e in parsed.entries] == ["Xi met Putin on bilateral trade in the new hall.",
                                                  "Putin met Xi on bilateral trade in the old hall."]


def test_every_concept_feed_reads_without_warning_newest_first_and_only_its_documents(seeds_site):
    """A topic's or a name's feed (`topics/<id>/feed.xml`): its documents only, newest first,
    undated ones left out, at most CONCEPT_FEED_ENTRIES, linked to the concept's page."""
    from kb.pages.exports.feed import CONCEPT_FEED_ENTRIES

    site = seeds_site / "site"
    data = json.loads((site / "data" / "kb.json").read_text(encoding="utf-8"))
    feeds = sorted(site.glob("*/*/feed.xml"))
    assert len(feeds) > 5 and {f.parent.parent.name for f in feeds} >= {"topics", "people"}
    for path in feeds:
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        section, cid = path.parent.parent.name, path.parent.name
        naming = {d["url"] for d in data["documents"] if (d["published"] or d["event_date"]) and (
            cid in d["topics"] or f'"{cid}"' in json.dumps(d["entities"]))}
        published = [e.published_parsed for e in parsed.entries]
        assert 0 < len(published) <= CONCEPT_FEED_ENTRIES and published == sorted(published, reverse=True), path
        assert all(p.tm_year >= 1990 for p in published)
        assert all(any(e.link.endswith(u) for u in naming) for e in parsed.entries), path
        assert parsed.feed.link.endswith(f"/{section}/{cid}/")
