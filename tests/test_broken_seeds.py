"""A corpus of broken and awkward seeds, built for real: each has its expected outcome, and the
rest of the corpus is still built."""
from __future__ import annotations

import codecs
import json

import pytest

from conftest import FIXTURES, build

GOOD = "Leaders Talk by Phone\n\nOn May 5, 2021, Xi Jinping had a phone conversation with Putin.\n\nThey agreed."

SEEDS: dict[str, bytes] = {
    "empty.txt": b"",
    "whitespace.txt": b"  \n\t\n  ",
    "nul.txt": b"text\x00more",
    "undecodable.txt": b"abc \x81\x8d\x8f\x90\x9d def",
    "cp1252.txt": "Talks \u201cWent Well\u201d \u2013 Report\n\nThe caf\u00e9 talks went well.".encode("cp1252"),
    "latin1.txt": "Gespr\u00e4che in M\u00fcnchen Heute\n\nDie Gespr\u00e4che \u00fcber Handel.".encode("latin-1"),
    "utf16.txt": codecs.BOM_UTF16_LE + "UTF Sixteen Headline Here\n\nText in UTF-16.".encode("utf-16-le"),
    "utf8bom.txt": codecs.BOM_UTF8 + "BOM Headline Here Now\n\nText after a BOM.".encode(),
    "cr-only.txt": b"Old Mac Headline Here\r\rFirst paragraph.\r\rSecond paragraph.",
    "mixed.txt": b"Mixed Endings Headline\r\n\nFirst paragraph.\r\rSecond paragraph.\n",
    "huge.txt": b"Huge Dump Headline\n\n" + b"word " * (4 * 1024 * 1024 + 1),
    "one-paragraph.txt": b"One Long Paragraph Here\n\n" + b"long words here " * 65536,
    "no-date.txt": GOOD.encode(),
    "bad-date.txt": b"date 2021-02-30\nImpossible Date Headline\n\nText.",
    "future.txt": b"date 2999-01-01 Text from the future.",
    "duplicate of no-date.txt": GOOD.encode(),
    "same-title-1.txt": b"date 2021-05-05\nSame Title Twice\n\nFirst story.",
    "same-title-2.txt": b"date 2021-05-05\nSame Title Twice\n\nSecond story.",
    "caf\u00e9 \u0440\u0443\u0441.txt".encode().decode(): "Non ASCII File Name\n\nText.".encode(),
    ".leading-dot.txt": b"Hidden\n\nText.",
    "picture.png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    "sub/nested.txt": b"Nested Folder Headline\n\nText in a sub-folder.",
}
BUILT = {"cp1252.txt", "latin1.txt", "utf16.txt", "utf8bom.txt", "cr-only.txt", "mixed.txt", "one-paragraph.txt",
         "no-date.txt", "bad-date.txt", "future.txt", "same-title-1.txt", "same-title-2.txt",
         "caf\u00e9 \u0440\u0443\u0441.txt"}
REPORTED = {
    "empty.txt": "skipped: empty.txt: empty file",
    "whitespace.txt": "skipped: whitespace.txt: no text (whitespace only)",
    "nul.txt": "skipped: nul.txt:1: binary file",
    "undecodable.txt": "skipped: undecodable.txt:1: cannot be decoded as UTF-8 or cp1252",
    "huge.txt": "skipped: huge.txt: too large to be one document",
    "bad-date.txt": "warning: bad-date.txt: line 1: impossible date",
    "future.txt": "warning: future.txt: line 1: date header 2999-01-01 is in the future",
    ".leading-dot.txt": "skipped: .leading-dot.txt: hidden file",
    "picture.png": "skipped: picture.png: not a .txt file (not read)",
    "sub/nested.txt": "skipped: sub: folder (not read: seeds are the .txt files directly in the seeds folder)",
}


@pytest.fixture(scope="module")
def broken_build(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("broken")
    seeds = tmp / "seeds"
    for name, data in SEEDS.items():
        (seeds / name).parent.mkdir(parents=True, exist_ok=True)
        (seeds / name).write_bytes(data)
    import io
    import contextlib
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = build(tmp, seeds, "--vocabulary", str(FIXTURES / "vocab"))
    data = json.loads((tmp / "site" / "data" / "kb.json").read_text(encoding="utf-8"))
    return code, err.getvalue(), {d["source"]: d for d in data["documents"]}


def test_the_rest_is_built(broken_build):
    code, _, docs = broken_build
    assert code == 0
    assert set(docs) - {"duplicate of no-date.txt", "no-date.txt"} == BUILT - {"no-date.txt"}
    assert len({"duplicate of no-date.txt", "no-date.txt"} & set(docs)) == 1


@pytest.mark.parametrize("name", sorted(REPORTED))
def test_each_problem_is_reported_with_its_reason(broken_build, name):
    assert REPORTED[name] in broken_build[1]


def test_duplicates_are_one_page_and_named(broken_build):
    assert "same text as" in broken_build[1] and "(duplicate)" in broken_build[1]


def test_text_is_built_faithfully(broken_build):
    _, _, docs = broken_build
    assert docs["cp1252.txt"]["title"] == "Talks \u201cWent Well\u201d \u2013 Report"
    assert docs["latin1.txt"]["paragraphs"][0]["text"] == "Die Gespr\u00e4che \u00fcber Handel."
    assert docs["utf16.txt"]["paragraphs"][0]["text"] == "Text in UTF-16."
    assert docs["utf8bom.txt"]["title"] == "BOM Headline Here Now"
    for name in ("cr-only.txt", "mixed.txt"):
        assert [p["text"] for p in docs[name]["paragraphs"]] == ["First paragraph.", "Second paragraph."]
    assert len(docs["one-paragraph.txt"]["paragraphs"][0]["text"]) > 1_000_000
    assert (docs.get("no-date.txt") or docs["duplicate of no-date.txt"])["published"] is None
    assert docs["bad-date.txt"]["published"] is None


def test_same_title_and_date_are_two_pages_with_two_slugs(broken_build):
    _, _, docs = broken_build
    a, b = docs["same-title-1.txt"]["id"], docs["same-title-2.txt"]["id"]
    assert a != b and a.startswith("2021-05-05-same-title-twice") and b.startswith("2021-05-05-same-title-twice")
