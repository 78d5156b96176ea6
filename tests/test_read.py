"""The reader: encodings, header, headline, paragraphs, chrome and footer."""
from __future__ import annotations

import codecs
import datetime as dt

import pytest

from kb.stages.read import ReadError, decode, parse, read_all

FOOTER = ("Embassy of the Republic of Nowhere\nAddress: 1 Main Street\nTel: 0061-2-6228, Fax: 0061-2-6229\n"
          "E-mail: info@example.org\nEmbassy of the Republic of Nowhere All Rights Reserved")


def test_decode_utf8_bom_utf16_and_cp1252():
    assert decode(codecs.BOM_UTF8 + "Café".encode())[0].lstrip("\ufeff") == "Café"
    assert decode(codecs.BOM_UTF16_LE + "Café".encode("utf-16-le"))[0].lstrip("\ufeff") == "Café"
    text, encoding = decode("“Quoted” – café".encode("cp1252"))
    assert (text, encoding) == ("“Quoted” – café", "cp1252")


@pytest.mark.parametrize("data, reason", [
    (b"", "empty"),
    (b"abc\x00def", "binary"),
    (b"\x81\x8d\x8f\x90\x9d" * 3, "cannot be decoded"),
    (bytes(range(1, 9)) * 20, "binary"),
])
def test_decode_refuses_with_reason(data, reason):
    with pytest.raises(ReadError, match=reason):
        decode(data)


def test_glued_date_header_is_split_from_the_first_paragraph(lang):
    doc = parse("a.txt", " date 2021-01-02 President Xi spoke.\n\nSecond paragraph.", lang)
    assert doc.date_header.isoformat() == "2021-01-02"
    assert doc.headline is None
    assert [p.text for p in doc.paragraphs] == ["President Xi spoke.", "Second paragraph."]


def test_impossible_date_is_a_warning_not_a_crash(lang):
    doc = parse("a.txt", "date 2021-02-30\nText here.", lang)
    assert doc.date_header is None
    assert "impossible date" in doc.warnings[0]


def test_headline_first_line_and_footer_split_off(lang):
    text = f"Leaders Speak on the Phone\r\n\r\nOn Monday the leaders spoke.\r\n\r\nThey agreed.\r\n\r\n{FOOTER}"
    doc = parse("a.txt", text, lang)
    assert doc.headline == "Leaders Speak on the Phone"
    assert [p.text for p in doc.paragraphs] == ["On Monday the leaders spoke.", "They agreed."]
    assert doc.footer[0] == "Embassy of the Republic of Nowhere"
    assert len(doc.footer) == 5


def test_one_paragraph_per_line_sources_and_wrapped_prose(lang):
    one_per_line = parse("a.txt", "First sentence here.\nSecond paragraph here.\nThird one.", lang)
    assert len(one_per_line.paragraphs) == 3
    wrapped = parse("b.txt", "A sentence that was\nwrapped by the mail client\nacross lines.", lang)
    assert [p.text for p in wrapped.paragraphs] == ["A sentence that was wrapped by the mail client across lines."]


def test_chrome_is_neither_headline_nor_content(lang):
    text = ("Home > News > World\nSubscribe to our newsletter\nTalks Held in Moscow\n\n"
            "The ministers met on Friday.\n\nRead more: other stories\nComments (3)\nSource: Xinhua | Editor: Li")
    doc = parse("a.txt", text, lang)
    assert doc.headline == "Talks Held in Moscow"
    assert [p.text for p in doc.paragraphs] == ["The ministers met on Friday."]


def test_a_date_line_under_the_headline_is_the_publication_date(lang):
    doc = parse("a.txt", "Talks Held in Moscow\n2021-03-04 10:15\n\nThe ministers met.", lang)
    assert doc.headline == "Talks Held in Moscow"
    assert doc.date_header.isoformat() == "2021-03-04"
    assert [p.text for p in doc.paragraphs] == ["The ministers met."]


def test_paragraph_lines_point_at_the_seed(lang):
    doc = parse("a.txt", "Headline Words Here\n\nFirst.\n\n\nSecond.", lang)
    assert [(p.anchor, p.line) for p in doc.paragraphs] == [("p1", 3), ("p2", 6)]


def test_read_all_reports_bad_seeds_and_builds_the_rest(tmp_path, lang):
    (tmp_path / "good.txt").write_text("A Headline Here\n\nSome text.", encoding="utf-8")
    (tmp_path / "copy.txt").write_text("A Headline Here\n\nSome text.", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text("  \n\n ", encoding="utf-8")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (tmp_path / ".hidden.txt").write_text("x", encoding="utf-8")
    (tmp_path / "ledger.yml").write_text("documents: []\n", encoding="utf-8")
    docs, report = read_all(tmp_path, lang)
    assert [d.source for d in docs] == ["copy.txt"]
    reasons = {e.source: e.reason for e in report}
    assert set(reasons) == {"good.txt", "empty.txt", "blank.txt", "image.txt", ".hidden.txt"}
    assert "duplicate" in reasons["good.txt"] and "copy.txt" in reasons["good.txt"]
    assert "empty" in reasons["empty.txt"]
    assert "whitespace" in reasons["blank.txt"]
    assert "binary" in reasons["image.txt"]


# --- the page's top, read as a careful reader reads it (kb/rules/lang/en.yml's chrome_lines) ------

@pytest.mark.parametrize("line", [
    "logo logo",
    "Official website of the Ministry of Examples",
    "icon arrow-lefticon searchicon menuicon closeicon",
    "https://news.example.org/2024/05/leaders-meet-1234.html",
    "(@examplewire)",
    "by ExampleWire",
    "By Staff Reporter",
    "48213",
    "BEIJING",
    "NEW DELHI",
    "World / Asia / Europe",
    "Politics & Diplomacy",
    "China News",
    "Translated with an online tool",
])
def test_site_chrome_lines(lang, line):
    assert lang.is_chrome(line)


@pytest.mark.parametrize("line", [
    "Leaders meet in the capital to sign a trade accord",
    "By the end of the year, trade between the two countries grew.",
    "MOSCOW, June 5. /ExampleWire/. The ministers met.",
    "NATO said on Monday that talks would resume.",
    "China and Russia sign energy deal",
    "economy",  # a tag (tag_line): kept as text, annotated with no topic
])
def test_text_is_not_chrome(lang, line):
    assert not lang.is_chrome(line)


def test_masthead_above_the_headline_goes_and_the_headline_is_the_line_that_sums_up_the_lead(lang):
    text = ("Garden Tools, Fencing and Sheds Wholesale\n\nRegional Example Herald\n\n"
            "Ministers agree to expand grain exports\n\n"
            "The agriculture ministers of the two countries agreed on Tuesday to expand grain exports "
            "and to open two new border crossings for grain trains.\n\nThey will meet again in May.")
    doc = parse("a.txt", text, lang)
    assert doc.headline == "Ministers agree to expand grain exports"
    assert doc.paragraphs[0].text.startswith("The agriculture ministers")


def test_a_repeated_headline_and_a_breadcrumb_glued_to_it(lang):
    text = ("Home World Ministers sign a grain accord\nMinisters sign a grain accord\n\n"
            "Ministers sign a grain accord\n\nby ExampleWire\n\n"
            "The two ministers signed a grain accord in the capital on Friday, officials said.")
    doc = parse("a.txt", text, lang)
    assert doc.headline == "Ministers sign a grain accord"
    assert [p.text for p in doc.paragraphs] == [
        "The two ministers signed a grain accord in the capital on Friday, officials said."]


def test_short_labels_under_the_headline_go_standfirsts_and_dates_stay(lang):
    text = ("Leaders agree on a new railway link\n\nExample News Agency\n\n"
            "The line will cut the journey between the two capitals by half\n\n"
            "12 May, 2023 10:15\n\n"
            "The two leaders agreed on Monday to build a railway link between their capitals, "
            "the foreign ministry said.")
    doc = parse("a.txt", text, lang)
    assert doc.headline == "Leaders agree on a new railway link"
    texts = [p.text for p in doc.paragraphs]
    assert "Example News Agency" not in texts
    assert texts == ["The line will cut the journey between the two capitals by half",
                     "The two leaders agreed on Monday to build a railway link between their capitals, "
                     "the foreign ministry said."]
    assert doc.date_header.isoformat() == "2023-05-12" and doc.date_line == "12 May, 2023 10:15"


def test_a_headline_glued_to_the_date_header(lang):
    doc = parse("a.txt", "date 2024-03-02 Ministers sign a grain accord\n\n"
                         "The two ministers signed a grain accord on Saturday, officials said.", lang)
    assert doc.date_header.isoformat() == "2024-03-02"
    assert doc.headline == "Ministers sign a grain accord"
    assert len(doc.paragraphs) == 1


def test_a_seed_that_starts_with_its_lead_has_no_headline(lang):
    doc = parse("a.txt", "The two ministers signed a grain accord on Saturday, officials said.\n\n"
                         "They will meet again in May.", lang)
    assert doc.headline is None
    assert len(doc.paragraphs) == 2


def test_wrapped_prose_is_not_a_headline(lang):
    doc = parse("a.txt", "The two ministers met in the capital on Saturday and\nsigned a grain accord, "
                         "officials said.\n\nThey will meet again in May.", lang)
    assert doc.headline is None
    assert doc.paragraphs[0].text.startswith("The two ministers met")


@pytest.mark.parametrize("lead, place, agency", [
    ("BEIJING, Jan. 1 (ExampleWire) -- The ministers met.", "BEIJING", "ExampleWire"),
    ("MOSCOW, June 5. /ExampleWire/. The ministers met.", "MOSCOW", "ExampleWire"),
    ("Moscow, July 5 (EW) The ministers met.", "Moscow", "EW"),
    ("BEIJING- The ministers met.", "BEIJING", None),
    ("BEIJING — The ministers met.", "BEIJING", None),
])
def test_wire_datelines(lang, lead, place, agency):
    m = lang.lead_dateline(lead)
    assert m and m.group("place") == place
    assert (m.group("agency") or m.group("agency2")) == agency
    assert lead[m.end():] == "The ministers met."


@pytest.mark.parametrize("lead", ["NATO said on Monday that talks would resume.",
                                  "Moscow said the talks would resume.", "The ministers met."])
def test_no_dateline(lang, lead):
    assert lang.lead_dateline(lead) is None


@pytest.mark.parametrize("line, published", [
    ("(Xinhua) 08:05, March 3, 2022", "2022-03-03"),     # a source stamp and a time before the date
    ("Xinhua | 4 March 2022", "2022-03-04"),
    ("5 Mar, 2022 17:40", "2022-03-05"),                 # a comma between month and year
    ("March 6, 2022, Sochi", "2022-03-06"),              # an official site's date and place
    ("March 6, 2022, The Kremlin, Moscow", "2022-03-06"),
    ("March 07, 9:41 UTC+3 MOSCOW", None),               # an agency stamp with no year: no date
])
def test_date_lines_of_news_sites_are_metadata(lang, line, published):
    doc = parse("a.txt", f"Leaders Meet in the Capital\n{line}\n\nThe two ministers met to discuss trade.", lang)
    assert doc.headline == "Leaders Meet in the Capital"
    assert [p.text for p in doc.paragraphs] == ["The two ministers met to discuss trade."]
    assert (doc.date_header.isoformat() if doc.date_header else None) == published
    assert doc.date_line == line


def test_a_date_line_a_few_lines_down_is_found_and_the_header_still_wins(lang):
    text = "Site Name Here\n\nSection\n\nLeaders Meet in the Capital\n\nMarch 6, 2022, Sochi\n\nThe two ministers met."
    doc = parse("a.txt", text, lang)
    assert doc.date_line == "March 6, 2022, Sochi"
    assert "March 6, 2022, Sochi" not in [p.text for p in doc.paragraphs]
    dated = parse("a.txt", "date 2022-03-07\nLeaders Meet in the Capital\nMarch 6, 2022\n\nThe two met.", lang)
    assert dated.date_header.isoformat() == "2022-03-07"


def test_a_date_in_a_sentence_is_not_a_date_line(lang):
    doc = parse("a.txt", "Leaders Meet\n\nThe ministers met on March 6, 2022, in Sochi to discuss trade.\n\nMarch 6, 2022", lang)
    assert doc.date_line is None
    assert doc.date_header is None


def test_new_date_rules_are_checked_with_their_line(tmp_path):
    from kb.rules.language import DEFAULT_PATH, load_language
    from kb.rules.yamlfile import ConfigError
    text = DEFAULT_PATH.read_text(encoding="utf-8").replace(r"'^\s*file photos?\s*[:：]'", "'(unclosed'")
    (tmp_path / "language.yml").write_text(text, encoding="utf-8")
    line = next(i for i, ln in enumerate(text.split("\n"), start=1) if "(unclosed" in ln)
    with pytest.raises(ConfigError) as info:
        load_language(tmp_path / "language.yml")
    assert any(p.startswith(f"{tmp_path / 'language.yml'}:{line}: 'caption_lines': bad pattern") for p in info.value.problems)


def test_captions_as_agencies_write_them(lang):
    assert lang.is_caption("Photo taken on May 2, 2019 shows a port in Tianjin. (Xinhua)")
    assert lang.is_caption("The two presidents shake hands in the capital. (Photo by A. Writer/Xinhua)")
    assert lang.is_caption("FILE PHOTO: A gas pipeline in the north. © Somebody")
    assert not lang.is_caption("The two presidents shook hands in the capital on Monday.")
    assert not lang.is_caption("They discussed tariffs (and/or quotas)")


def test_a_last_paragraph_without_a_full_stop_is_text_not_footer(lang):
    """A footer's short name lines join it only within the footer's block: a paragraph of its
    own before the footer stays text, full stop or none."""
    text = (f"Leaders Speak on the Phone\n\nOn Monday the leaders spoke.\n\n"
            f"They agreed to meet again in the spring\n\n{FOOTER}")
    doc = parse("a.txt", text, lang)
    assert [p.text for p in doc.paragraphs] == ["On Monday the leaders spoke.",
                                                "They agreed to meet again in the spring"]
    assert doc.footer == tuple(FOOTER.split("\n"))


def test_the_last_builds_paragraphs_are_read_from_its_kb_json_by_line_or_whole(tmp_path):
    import json

    from kb.stages.read import last_paragraphs

    record = {"id": "a-doc", "paragraphs": [{"anchor": "p1", "text": "The first one."},
                                            {"anchor": "p3", "text": "The second.", "retired_anchors": ["p2"]}]}
    other = {"id": "b-doc", "paragraphs": [{"anchor": "p1", "text": "Other text."}]}
    only_indented = {"id": "d-doc", "paragraphs": [{"anchor": "p2", "text": "Only in the older file."}]}
    by_line = tmp_path / "by-line.json"
    by_line.write_text('{\n"version":1,\n"documents":[\n{"id":"b-doc","paragraphs":[{"anchor": broken\n'
                       + json.dumps(record, separators=(",", ":")) + ",\n"
                       + json.dumps(other, separators=(",", ":")) + "\n]\n}\n", encoding="utf-8")
    indented = tmp_path / "indented.json"
    indented.write_text(json.dumps({"version": 1, "documents": [
        "not a record", other, {"id": "c-doc", "paragraphs": "broken"}, only_indented]}, indent=2), encoding="utf-8")
    broken, missing = tmp_path / "broken.json", tmp_path / "missing.json"
    broken.write_bytes(b"\xff\xfe not json")
    expected_a = (("p1", "The first one.", ()), ("p3", "The second.", ("p2",)))
    assert last_paragraphs([missing, broken, by_line], {"a-doc"}) == {"a-doc": expected_a}
    assert last_paragraphs([indented, by_line], {"a-doc", "b-doc", "c-doc", "d-doc"}) == {
        "b-doc": (("p1", "Other text.", ()),), "a-doc": expected_a,   # the first file that has one wins
        "d-doc": (("p2", "Only in the older file.", ()),)}
    assert last_paragraphs([by_line], {"b-doc"}) == {"b-doc": (("p1", "Other text.", ()),)}  # past a broken line
    assert last_paragraphs([by_line], {"nobody"}) == {}
    (tmp_path / "not-an-object.json").write_text("[1, 2]", encoding="utf-8")
    assert last_paragraphs([tmp_path / "not-an-object.json"], {"a-doc"}) == {}


@pytest.mark.parametrize("data, reason, line", [
    (b"", "empty file", None),
    (codecs.BOM_UTF8 + b"ok\n\xff\nmore", "not valid utf-8-sig after its byte-order mark: invalid start byte", 2),
    (codecs.BOM_UTF16_LE + "a\nb\n".encode("utf-16-le") + b"\x00\xdc", "not valid utf-16 after its byte-order mark: "
     "illegal encoding", 3),
    (b"a\nb\n\x00c\n\x00", "binary file (contains NUL bytes)", 3),
    (b"ok\n\x81", "cannot be decoded as UTF-8 or cp1252 (byte 0x81)", 2),
    (b"x" * 296 + b"\x01" * 4, "binary file (4 control characters)", None),   # over 1 % of 300
    (b"x" * 97 + b"\x01" * 3, "binary file (3 control characters)", None),    # over 2, the least allowed
])
def test_decode_refuses_with_the_exact_reason_and_line(data, reason, line):
    with pytest.raises(ReadError) as info:
        decode(data)
    assert (info.value.reason, info.value.line, str(info.value)) == (reason, line, reason)


@pytest.mark.parametrize("data, text, encoding", [
    (codecs.BOM_UTF8 + "Café".encode(), "Café", "utf-8-sig"),
    (codecs.BOM_UTF16_LE + "Café".encode("utf-16-le"), "Café", "utf-16"),
    (codecs.BOM_UTF16_BE + "Café".encode("utf-16-be"), "Café", "utf-16"),
    ("Café".encode(), "Café", "utf-8"),
    ("Café".encode("cp1252"), "Café", "cp1252"),
    (b"x" * 297 + b"\x01" * 3, "x" * 297 + "\x01" * 3, "utf-8"),   # 1 % of 300: still text
    (b"x" * 98 + b"\x01" * 2, "x" * 98 + "\x01" * 2, "utf-8"),
])
def test_decode_gives_the_text_and_its_encoding(data, text, encoding):
    assert decode(data) == (text, encoding)


def test_normalise_gives_lf_lines_without_bom_controls_or_trailing_spaces():
    from kb.stages.read import normalise

    assert normalise("\ufeff\n\n  a  \r\nb\rc\fd\ve \x01f  \n\n\n") == "  a\nb\nc\nd\ne f"
    assert normalise("x\ufeff") == "x\ufeff"  # a BOM only at the start is one
    assert normalise("X marks\nthe spot X") == "X marks\nthe spot X"


def test_a_seed_of_exactly_the_limit_is_read_whole_and_one_byte_more_is_refused(tmp_path, lang):
    from kb.stages.read import read_seed

    text = "A Headline Here\n\nSome text of the seed."
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    size = len(text.encode())
    doc = read_seed(tmp_path / "a.txt", tmp_path, lang, max_bytes=size)
    assert doc.raw_text == text and doc.source == "a.txt"
    with pytest.raises(ReadError) as info:
        read_seed(tmp_path / "a.txt", tmp_path, lang, max_bytes=size - 1)
    assert info.value.reason == (f"too large to be one document (0.00 MB, {size} bytes; the limit is "
                                 f"{(size - 1) / 1e6:g} MB, set by --max-seed-mb or KB_MAX_SEED_MB): split it "
                                 "into documents")


def test_a_known_seed_is_not_parsed_again(tmp_path, lang):
    from kb.stages.read import read_seed

    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_bytes(b"A Headline Here\n\nSome text.")
    known = parse("elsewhere.txt", "Known Headline Here\n\nKnown text.", lang)
    asked = []
    assert read_seed(tmp_path / "sub" / "a.txt", tmp_path, lang,
                     lambda source, data: asked.append((source, data)) or known) is known
    assert asked == [("sub/a.txt", b"A Headline Here\n\nSome text.")]
    assert read_seed(tmp_path / "sub" / "a.txt", tmp_path, lang, lambda source, data: None).source == "sub/a.txt"


def test_read_all_reports_each_seed_it_cannot_build_with_level_reason_and_line(tmp_path, lang):
    import os

    from kb.model import ReportEntry

    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "inside.txt").write_text("A Headline Here\n\nA seed in a folder.", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("x", encoding="utf-8")
    (tmp_path / ".dir").mkdir()
    (tmp_path / ".dir" / "in.txt").write_text("x", encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "notes.md").write_text("A Headline Here\n\nNotes beside the seeds.", encoding="utf-8")
    (tmp_path / "future.txt").write_text("date 2999-01-01\nA Headline Here\n\nSome text.", encoding="utf-8")
    (tmp_path / "bad-date.txt").write_text("date 2021-02-30\nA Headline Here\n\nOther text.", encoding="utf-8")
    (tmp_path / "UPPER.TXT").write_text("A Headline Here\n\nA seed named in capitals.", encoding="utf-8")
    (tmp_path / "nul.txt").write_bytes(b"one\ntwo\x00")
    (tmp_path / "zz-copy.txt").write_bytes((tmp_path / "future.txt").read_bytes())
    (tmp_path / "ledger.yml").write_text("documents: []\n", encoding="utf-8")
    docs, report = read_all(tmp_path, lang)
    assert [d.source for d in docs] == ["UPPER.TXT", "bad-date.txt", "future.txt"]
    assert report == [
        ReportEntry(".dir", "skipped", "hidden folder (name starts with a dot; not read)"),
        ReportEntry(".hidden.txt", "skipped", "hidden file (name starts with a dot)"),
        ReportEntry("notes.md", "skipped", "not a .txt file (not read)"),
        ReportEntry("pipe.txt", "skipped", "not a regular file"),
        ReportEntry("sub", "skipped", "folder (not read: seeds are the .txt files directly in the seeds folder)"),
        ReportEntry("bad-date.txt", "warning", "line 1: impossible date in header 'date 2021-02-30'; ignored"),
        ReportEntry("future.txt", "warning", "line 1: date header 2999-01-01 is in the future"),
        ReportEntry("nul.txt", "skipped", "binary file (contains NUL bytes)", 2),
        ReportEntry("zz-copy.txt", "skipped", "same text as future.txt (duplicate)"),
    ]
    with pytest.raises(FileNotFoundError) as info:
        read_all(tmp_path / "nowhere", lang)
    assert str(info.value) == f"seeds folder not found: {tmp_path / 'nowhere'}"
    asked = []
    read_all(tmp_path, lang, known=lambda source, data: asked.append(source))
    assert sorted(asked) == ["UPPER.TXT", "bad-date.txt", "future.txt", "nul.txt", "zz-copy.txt"]


@pytest.mark.parametrize("text, expected", [
    ("Two Words", True),
    (" ".join(["Word"] * 30), True),
    (" ".join(["Word"] * 31), False),
    (" ".join(["Abcdefghi"] * 19 + ["Abcdefghij"]), True),   # 200 characters
    (" ".join(["Abcdefghi"] * 18 + ["Abcdefghij"] * 2), False),  # 201
    ("Ministers Meet.", False), ("Ministers Meet,", False), ("Ministers Meet;", False), ("Ministers Meet:", False),
    ("1 Million Tonnes Shipped", True), ('"Quoted" Words Here', True), ("‘Quoted’ Words Here", True),
    ("lower case words", False), ("(Bracketed) Words Here", False), ("Single", False),
])
def test_what_may_be_a_headline(text, expected):
    from kb.stages.layout import _looks_like_headline

    assert _looks_like_headline(text) is expected


@pytest.mark.parametrize("text, prose, sentence", [
    (" ".join(["word"] * 41), True, False),
    (" ".join(["word"] * 40), False, False),
    ("Four words end here.", True, False),
    ("Three words here.", False, False),
    ('They agreed to it."', True, False),
    ("They agreed on it all!", True, False),
    ("Did they agree on this?", True, False),
    ("The eight words of this line end here.", True, True),
    ("The seven words of this line end.", True, False),
    ("The eight words of this line end here!", True, True),
    ("The eight words of this line end here?", True, True),
    ("The eight words of this line end “here.”", True, True),
    ('The eight words of this line end "here."', True, True),
    ("The eight words of this line end here", False, False),
])
def test_where_the_top_ends_and_where_date_lines_stop(text, prose, sentence):
    from kb.stages.layout import _is_prose, _is_sentence

    assert (_is_prose(text), _is_sentence(text)) == (prose, sentence)


def test_a_footer_takes_short_name_lines_of_its_block_only(lang):
    name150, name151 = "N" + "a" * 149, "N" + "a" * 150
    doc = parse("a.txt", f"Leaders Speak Today\n\nThe leaders spoke.\n\n{name150}\nAll rights reserved", lang)
    assert [p.text for p in doc.paragraphs] == ["The leaders spoke."] and doc.footer == (name150, "All rights reserved")
    doc = parse("a.txt", f"Leaders Speak Today\n\nThe leaders spoke.\n\n{name151}\nAll rights reserved", lang)
    assert [p.text for p in doc.paragraphs] == ["The leaders spoke.", name151]
    doc = parse("a.txt", "Leaders Speak Today\n\nThe leaders spoke.\n\nThe Ministry thanks you.\nAll rights reserved", lang)
    assert [p.text for p in doc.paragraphs] == ["The leaders spoke.", "The Ministry thanks you."]
    with pytest.raises(ReadError) as info:
        parse("a.txt", "Copyright 2021 Example Wire\nAll rights reserved", lang)
    assert info.value.reason == "no text left after removing header, chrome and footer"


def test_a_paragraph_is_its_lines_joined_with_single_spaces_and_keeps_its_encoding(lang):
    doc = parse("a.txt", "Two  spaces\tand a tab in the lead sentence here.", lang, encoding="cp1252")
    assert [p.text for p in doc.paragraphs] == ["Two spaces and a tab in the lead sentence here."]
    assert doc.encoding == "cp1252"
    import hashlib
    assert doc.sha256 == hashlib.sha256(doc.raw_text.encode("utf-8")).hexdigest()


def test_seeds_that_cannot_be_read_or_hold_only_whitespace_say_so(tmp_path, lang):
    from kb.stages.read import read_seed

    (tmp_path / "folder.txt").mkdir()
    with pytest.raises(ReadError) as info:
        read_seed(tmp_path / "folder.txt", tmp_path, lang)
    assert info.value.reason == "not a regular file"
    (tmp_path / "blank.txt").write_bytes(b" \n\t\n")
    with pytest.raises(ReadError) as info:
        read_seed(tmp_path / "blank.txt", tmp_path, lang)
    assert info.value.reason == "no text (whitespace only)"
    (tmp_path / "cp.txt").write_bytes("Caf\u00e9 Talks Held Today\n\nThe caf\u00e9 talks went well.".encode("cp1252"))
    assert read_seed(tmp_path / "cp.txt", tmp_path, lang).encoding == "cp1252"
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:
        handle.truncate(10_000_000_000)  # sparse: no disk used, never read
    with pytest.raises(ReadError) as info:
        read_seed(huge, tmp_path, lang)
    assert info.value.reason == ("too large to be one document (10,000.00 MB, 10,000,000,000 bytes; the limit is "
                                 "20 MB, set by --max-seed-mb or KB_MAX_SEED_MB): split it into documents")


def test_a_date_header_of_today_is_no_warning_and_a_slashed_date_line_is_a_date(lang):
    import datetime as dt

    from kb.stages.read import dated_warnings

    doc = parse("a.txt", "date 2021-03-04\nTalks Held Here\n\nThe ministers met.", lang)
    assert dated_warnings(doc, today=dt.date(2021, 3, 4)) == ()
    assert dated_warnings(doc, today=dt.date(2021, 3, 3)) == ("line 1: date header 2021-03-04 is in the future",)
    slashed = parse("a.txt", "Talks Held in Moscow\n2021/03/04 10:15\n\nThe ministers met.", lang)
    assert slashed.date_header == dt.date(2021, 3, 4) and slashed.date_line == "2021/03/04 10:15"


def test_wrapped_lines_join_unless_a_sentence_ends_and_paragraphs_keep_their_order(lang):
    doc = parse("a.txt", "Talks Held Today\n\nThe ministers met on Friday.\n\nA sentence wrapped before a\n"
                "Name and more words here.\nNext one.\n\nA last paragraph here.", lang)
    assert [p.text for p in doc.paragraphs] == ["The ministers met on Friday.",
                                                "A sentence wrapped before a Name and more words here.", "Next one.",
                                                "A last paragraph here."]


@pytest.mark.parametrize("data, kind", [
    (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"), (b"GIF89a plain ascii after", "a GIF image"),
    (b"GIF87a", "a GIF image"), (b"PK\x03\x04ascii", "a ZIP archive"), (b"PK\x05\x06", "a ZIP archive"),
    (b"\xff\xd8\xff\xe0", "a JPEG image")])
def test_known_binary_signatures_are_binary_even_in_ascii(data, kind):
    with pytest.raises(ReadError) as info:
        decode(data)
    assert (info.value.reason, info.value.line) == (f"binary file ({kind}, by its first bytes)", 1)


def test_text_that_mentions_a_format_is_text():
    assert decode(b"PDF-1.4 files and GIF89a images were shared.")[0].startswith("PDF")


def test_a_symbolic_link_is_not_read_even_when_it_replaced_a_seed_after_the_listing(tmp_path, lang):
    from kb.stages.read import read_seed

    (tmp_path / "outside.txt").write_text("Outside Headline Here\n\nNot a seed.", encoding="utf-8")
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "a.txt").symlink_to(tmp_path / "outside.txt")
    with pytest.raises(ReadError) as info:
        read_seed(tmp_path / "seeds" / "a.txt", tmp_path / "seeds", lang)
    assert info.value.reason == "symbolic link (not followed)"
    docs, report = read_all(tmp_path / "seeds", lang)
    assert docs == [] and [str(e) for e in report] == ["skipped: a.txt: symbolic link (not followed)"]


def test_report_lines_escape_what_a_name_could_forge():
    from kb.model import ReportEntry, printable

    entry = ReportEntry("a\nBuilt 999 documents\x1b[2J\u202etxt.exe\udc81.txt", "skipped", "empty file")
    assert str(entry) == "skipped: a\\nBuilt 999 documents\\x1b[2J\\u202etxt.exe\\udc81.txt: empty file"
    assert printable("caf\u00e9 \u0440\u0443\u0441 \u201cquoted\u201d.txt") == "caf\u00e9 \u0440\u0443\u0441 \u201cquoted\u201d.txt"


def test_a_bracketed_date_stamp_below_the_text_is_the_publication_date_when_the_top_has_none(lang):
    text = "Port Talks Open\n\nThe ministers met on Monday to discuss grain storage and river ports.\n\n( 03/04/2030)\n\nRelated"
    doc = parse("a.txt", text, lang)
    assert doc.date_header == dt.date(2030, 3, 4)  # month first in a slashed date
    assert "03/04/2030" not in " ".join(p.text for p in doc.paragraphs)
    dotted = parse("b.txt", "Port Talks Open\n\n04.03.2030\n\nThe ministers met on Monday to discuss the ports.", lang)
    assert dotted.date_header == dt.date(2030, 3, 4)  # day first in a dotted one
    top = parse("c.txt", "date 2030-05-01 The ministers met to discuss the ports.\n\n( 03/04/2030)", lang)
    assert top.date_header == dt.date(2030, 5, 1)  # the top's date wins


@pytest.mark.parametrize("line, day", [
    ("Monday, March 4, 2030", dt.date(2030, 3, 4)),
    ("Mon, Mar 04, 2030", dt.date(2030, 3, 4)),
    ("March 4, 2030, 2:15 pm", dt.date(2030, 3, 4)),
    ("Ana Lind (@analind) Published March 4, 2030 | 04:50 PM", dt.date(2030, 3, 4)),
    ("Updated on: Mar 04, 2030 05:02 pm IST", dt.date(2030, 3, 4)),
    ("08:38, March 4, 2030 By Ana Lind ( Daily Planet", dt.date(2030, 3, 4)),
    ("13/04/2030", dt.date(2030, 4, 13)),  # a first number above 12 is the day
])
def test_the_date_lines_pages_print_give_the_publication_date(lang, line, day):
    doc = parse("a.txt", f"Port Talks Open\n\n{line}\n\nThe ministers met on Monday to discuss grain storage and river ports.", lang)
    assert doc.date_header == day
