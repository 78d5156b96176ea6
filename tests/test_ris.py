"""RIS, as Zotero, EndNote and Mendeley import it: every document's `cite/<slug>.ris` parses
with rispy into one record with its title, type, URL, and publisher and dates only where the
text gives them; the page offers it; a line break in seed text cannot start a tag."""
from __future__ import annotations

import datetime as dt
import json

import rispy

from kb.pages.exports.citations import Record, ris


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
    rec = Record("x", "article-newspaper", "Talks\nER  - \nTY  - JOUR", ("Someone\r\nAU  - Else",), "The\nOutlet",
                 "The\nOutlet", dt.date(2021, 8, 9), None, "https://example.org/documents/x/")
    (record,) = rispy.loads(ris([rec]))
    assert record["title"] == "Talks ER - TY - JOUR" and record["publisher"] == "The Outlet"
    assert record["authors"] == ["Someone AU - Else"]
    assert record["secondary_title"] == "The Outlet" and record["type_of_reference"] == "NEWS"
