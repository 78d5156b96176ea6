"""RIS, as Zotero, EndNote and Mendeley import it: every document's `cite/<slug>.ris` parses
with rispy into one record with its title, type, URL, and publisher and dates only where the
text gives them; the page offers it; a line break in seed text cannot start a tag."""
from __future__ import annotations

import datetime as dt
import json
from types import SimpleNamespace

import rispy

from kb.pages.exports.citations import ris


def test_every_document_has_a_ris_record_that_rispy_reads(seeds_site):
    site = seeds_site / "site"
    data = json.loads((site / "data" / "kb.json").read_text(encoding="utf-8"))
    for doc in data["documents"]:
        text = (site / "cite" / f"{doc['id']}.ris").read_text(encoding="utf-8")
        (record,) = rispy.loads(text)
        assert record["type_of_reference"] in ("NEWS", "RPRT"), doc["id"]
        assert record["title"] == doc["title"]
        assert record["urls"] == [json.loads((site / "cite" / f"{doc['id']}.json").read_text())[0]["URL"]]
        assert record.get("publisher") == doc["publisher"]
        if doc["published"]:
            assert record["date"] == doc["published"].replace("-", "/") + "/"
            assert record["year"] == doc["published"][:4]
        else:
            assert "date" not in record and "year" not in record
        page = (site / doc["url"] / "index.html").read_text(encoding="utf-8")
        assert f'href="../../cite/{doc["id"]}.ris"' in page and "RIS (Zotero, EndNote)" in page


def test_a_line_break_in_seed_text_starts_no_tag():
    doc = SimpleNamespace(kind="news-report", title="Talks\nER  - \nTY  - JOUR", publisher="The\nOutlet",
                          published=dt.date(2021, 8, 9))
    (record,) = rispy.loads(ris(doc, "https://example.org/documents/x/", ""))
    assert record["title"] == "Talks ER - TY - JOUR" and record["publisher"] == "The Outlet"
    assert record["secondary_title"] == "The Outlet" and record["type_of_reference"] == "NEWS"
