"""The views a reader opens (issue 32): a document page whose text comes first and whose
panel follows it, the topic map's co-occurrence table, the topics-by-year grid whose every cell
links to passages that are there, and the events page's accounts under each encounter."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

VOCAB = Path(__file__).parent / "fixtures" / "vocab"


def _pages(seeds: Path) -> dict[str, str]:
    """The generated Markdown pages, with character references decoded as a browser reads a
    link ("&#35;" is "#")."""
    from kb.build import BuildSettings, generate

    pages = generate(BuildSettings(seeds, VOCAB, site_url="", show_progress=False)).pages
    return {p: v.decode("utf-8").replace("&#35;", "#") for p, v in pages.items()
            if isinstance(v, bytes) and p.endswith(".md")}


def _document(pages: dict[str, str], words: str) -> str:
    """The document page whose text (not its panel) holds `words`."""
    return next(v for p, v in pages.items() if p.startswith("documents/") and p != "documents/index.md"
                and words in v[v.index('class="kb-doc-text"'):v.index('class="kb-doc-side"')])


@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    """Two years of trade and the pandemic, and two accounts of one call, one by a wire."""
    folder = tmp_path_factory.mktemp("views") / "seeds"
    folder.mkdir()
    for year in (2019, 2020):
        (folder / f"{year}.txt").write_text(
            f"date {year}-03-01\nPutin and Xi discussed bilateral trade in {year}.\n\n"
            "They agreed on more cooperation against the pandemic.\n", encoding="utf-8")
    (folder / "call.txt").write_text(
        "date 2021-03-01\nXi Jinping had a phone conversation with Vladimir Putin on Monday, March 1, 2021, "
        "on bilateral trade in 2021.\n", encoding="utf-8")
    (folder / "wire.txt").write_text(
        "date 2021-03-02\nMOSCOW, March 2 (Sample Wire) -- Vladimir Putin had a phone conversation with "
        "Xi Jinping on Monday, March 1, 2021, about trade.\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def pages(seeds):
    return _pages(seeds)


def test_a_document_page_gives_its_text_first_and_its_panel_after(pages):
    """Under the title one line of date · publisher · kind, then the text; the dates, topics,
    names and citation follow it (beside it on a wide screen: kb.css), and the headings keep
    the anchors they always had."""
    page = _document(pages, " in 2020.")
    front, body = page.split("\n---\n", 1)
    assert "hide:\n- toc" in front
    line = re.search(r'<p class="kb-docline">(.*?)</p>', body).group(1)
    assert line.startswith("2020-03-01 · ")
    order = [body.index(s) for s in ('class="kb-docline"', 'id="text"', 'id="p1"', 'class="kb-doc-side"',
                                     "<dt>Topics</dt>", "<dt>People</dt>", 'id="cite"', 'id="original-text"')]
    assert order == sorted(order)
    assert {"text", "cite", "about", "original-text", "kb-doc"} <= set(re.findall(r' id="([^"]+)"', body))


def test_the_line_under_the_title_names_the_publisher(pages):
    wire = _document(pages, "Sample Wire")
    line = re.search(r'<p class="kb-docline">(.*?)</p>', wire).group(1)
    assert line == "2021-03-02 · Sample Wire · Phone call"


def test_a_cell_is_shaded_by_its_share_of_the_largest():
    from kb.pages.topic_map import SHADES, shade

    assert shade(0, 10) == ""
    assert [shade(n, 4) for n in (1, 2, 3, 4)] == ["kb-h1", "kb-h2", "kb-h3", "kb-h4"]
    assert shade(1, 1000) == "kb-h1" and shade(1000, 1000) == f"kb-h{SHADES}"


def test_the_topic_map_is_a_table_of_counts_with_linked_names(pages):
    page = pages["topic-map.md"]
    table = page[page.index('<table class="kb-heat">'):page.index("</table>")]
    assert '<th scope="row"><span class="kb-num">1</span> <a href="../topics/trade/">Trade</a></th>' in table
    assert '<td class="kb-hd" title="Trade: 4 paragraphs">4</td>' in table
    assert "<svg" not in page


def test_the_grid_keeps_the_anchor_its_heading_had_before(pages):
    """The heading was "Documents and their topics": a link given out to it still lands on the
    grid that replaced it, on the home page and the topic map."""
    for name in ("index.md", "topic-map.md"):
        page = pages[name]
        old = page.index('<div class="kb-anchor" id="documents-and-their-topics"></div>')
        assert page.index("## Topics by year") < old < page.index('<table class="kb-heat kb-years">')


def _grid_links(page: str) -> list[str]:
    grid = page[page.index('<table class="kb-heat kb-years">'):]
    return re.findall(r'<td class="kb-h\d"><a href="([^"]+)"', grid[:grid.index("</table>")])


def _ids(page: str) -> set[str]:
    return set(re.findall(r' id="([^"]+)"', page))


def _resolve(here: str, href: str) -> tuple[str, str]:
    """The Markdown path and anchor a relative link of the page at `here` lands on."""
    import posixpath

    from kb.pages.urls import url_of

    path, _, anchor = href.partition("#")
    url = posixpath.normpath(posixpath.join(posixpath.dirname("/" + url_of(here).rstrip("/") + "/x"), path))
    stem = url.strip("/")
    return stem + ".md", anchor


@pytest.mark.parametrize("page_documents", [20, 1])
def test_every_cell_of_the_topics_by_year_grid_lands_on_its_passages(seeds, monkeypatch, page_documents):
    """A topic with year pages links its year page; one without, its main page at the year's
    anchor, which is there; either shows a passage of that year."""
    import kb.pages.years

    monkeypatch.setattr(kb.pages.years, "PAGE_DOCUMENTS", page_documents)
    monkeypatch.setattr(kb.pages.years, "SPREAD_DOCUMENTS", page_documents)
    pages = _pages(seeds)
    for here in ("index.md", "topic-map.md"):
        page = pages[here]
        head = page[page.index('<table class="kb-heat kb-years">'):]
        assert re.findall(r'<th scope="col">(\w+)</th>', head[:head.index("</thead>")]) == [
            "Topic", "2019", "2020", "2021"]
        links = _grid_links(page)
        assert len(links) >= 4
        for href in links:
            target, anchor = _resolve(here, href)
            assert target in pages, href
            if anchor:  # the first passage after the year's anchor is of that year
                assert page_documents == 20
                after = pages[target].split(f' id="{anchor}"', 1)[1]
                first = re.search(r'class="kb-passage-doc">.*?<span class="kb-muted">(\d{4})-', after)
                assert first and first.group(1) == anchor[1:], href
            else:
                assert page_documents == 1
                year = target.rsplit("/", 1)[1][:-3]
                assert re.findall(r'class="kb-passage-doc">.*?<span class="kb-muted">(\d{4})-', pages[target]) \
                    and set(re.findall(r'class="kb-passage-doc">.*?<span class="kb-muted">(\d{4})-',
                                       pages[target])) == {year}, href


def test_the_events_page_lists_each_encounters_accounts(pages):
    events = pages["events/index.md"]
    blocks = events.split('<div class="kb-event">')[1:]
    assert blocks
    for block in blocks:
        n = int(re.search(r'<span class="kb-muted">(\d+) accounts</span>', block).group(1))
        assert n > 1 and block.split("</ul>")[0].count("<li>") == n
    two = [b for b in blocks if "2 accounts" in b]
    assert two and "Sample Wire · 2021-03-02" in two[0]
    event = next(v for p, v in pages.items() if p.startswith("events/2021-"))
    accounts = re.search(r"<dt>Accounts</dt><dd>(.*)</dd>", event).group(1)
    assert accounts.startswith("2: ") and ">Sample Wire</a> <span class=\"kb-muted\">(2021-03-02)</span>" in accounts


def test_an_encounter_of_one_account_has_no_page_but_its_url_still_answers(seeds, tmp_path):
    """Side by side with nothing, an event of one account would be its document's page again in
    a page of chrome: its URL holds a few lines that forward to the document (the page it
    becomes when a second account comes), and nothing links it."""
    import shutil

    from kb.build import BuildSettings, generate

    seeds = Path(shutil.copytree(seeds, tmp_path / "seeds"))
    for day in (10, 20):
        (seeds / f"call-{day}.txt").write_text(
            f"date 2022-05-{day}\nXi Jinping had a phone conversation with Vladimir Putin on May {day}, 2022, "
            "on energy.\n", encoding="utf-8")
    files = generate(BuildSettings(seeds, VOCAB, site_url="https://kb.example/", show_progress=False)).pages
    pages = {p: v.decode("utf-8") for p, v in files.items() if isinstance(v, bytes) and p.endswith((".md", ".html"))}
    stubs = {p: v for p, v in pages.items() if p.startswith("events/") and p.endswith("/index.html")}
    full = {p for p in pages if p.startswith("events/") and p.endswith(".md") and p != "events/index.md"}
    assert len(stubs) == 2 and len(full) == 1  # the calls of May alone; the call and the wire of March together
    for path, stub in stubs.items():
        assert path[:-len("/index.html")] + ".md" not in pages
        slug = re.search(r'<a href="\.\./\.\./documents/([^/"]+)/">', stub).group(1)
        doc = pages[f"documents/{slug}.md"]
        assert f'content="0; url=../../documents/{slug}/"' in stub and '<meta name="robots" content="noindex">' in stub
        assert f'<link rel="canonical" href="https://kb.example/documents/{slug}/">' in stub
        assert "accounts of this encounter" not in doc and "/events/" not in doc
        assert f'href="{path.split("/")[1]}/"' not in pages["events/index.md"]
    # The events page: the encounter of two accounts first, with its accounts; those of one after
    # it, a line each naming the document.
    index = pages["events/index.md"]
    # (Headings stand after an empty line, or Markdown reads them into the HTML block above.)
    twice, once = index.index("\n\n## More than one account\n"), index.index("\n\n## One account so far\n")
    assert twice < once and index.count('<div class="kb-event">') == 1
    listed = index[once:].split("</ul>")[0]
    assert listed.count("<li>") == 2 and all(f'../documents/{p.split("/")[1][:-3]}/' in listed
                                               for p in pages if p.startswith("documents/2022-05-"))
    call = next(v for p, v in pages.items() if p.startswith("documents/") and "Monday, March 1" in v)
    event = next(iter(full))[len("events/"):-len(".md")]
    assert f'<a href="../../events/{event}/">all 2 accounts of this encounter</a>' in call
    assert f'href="{event}/"' in pages["events/index.md"]


def test_a_title_with_markup_is_text_in_the_stub(tmp_path):
    """The stub is HTML written without the theme: the seed's words are escaped there too."""
    from kb.build import BuildSettings, generate

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "x.txt").write_text('date 2021-03-01\nXi <b onmouseover="x()">& Putin</b> talks\n\n'
                                 "Xi Jinping had a phone conversation with Vladimir Putin on March 1, 2021, "
                                 "on trade.\n", encoding="utf-8")
    pages = generate(BuildSettings(seeds, VOCAB, site_url="", show_progress=False)).pages
    stub = next(v.decode("utf-8") for p, v in pages.items() if p.startswith("events/") and p.endswith("/index.html"))
    assert "<b " not in stub and "&lt;b onmouseover=&quot;x()&quot;&gt;&amp; Putin&lt;/b&gt;" in stub


def test_a_concept_up_to_the_spread_holds_every_passage_and_its_year_urls_forward(seeds, monkeypatch):
    """Up to `SPREAD_DOCUMENTS` documents a concept's main page holds all its passages, its
    years linking to their place on it; the URLs of the year pages it once had forward there."""
    import kb.pages.years
    from kb.build import BuildSettings, generate

    monkeypatch.setattr(kb.pages.years, "YEAR_URLS_FROM", 1)
    files = generate(BuildSettings(seeds, VOCAB, site_url="", show_progress=False)).pages
    main = files["topics/trade.md"].decode("utf-8").replace("&#35;", "#")
    assert all(f"</mark> in {y}. <a href" in main for y in (2019, 2020, 2021))
    stubs = sorted(p for p in files if p.startswith("topics/trade/") and p.endswith(".html"))
    assert stubs == [f"topics/trade/{y}/index.html" for y in (2019, 2020, 2021)]
    for y in (2019, 2020, 2021):
        assert f'id="y{y}"' in main and f'<a href="#y{y}">{y}</a>' in main
        stub = files[f"topics/trade/{y}/index.html"].decode("utf-8")
        assert f'content="0; url=../#y{y}"' in stub and '<link rel="canonical" href="/topics/trade/">' in stub
    monkeypatch.setattr(kb.pages.years, "SPREAD_DOCUMENTS", 2)  # past the spread: year pages
    files = generate(BuildSettings(seeds, VOCAB, site_url="", show_progress=False)).pages
    assert {f"topics/trade/{y}.md" for y in (2019, 2020, 2021)} <= set(files)
    assert not any(p.startswith("topics/trade/") and p.endswith("/index.html") for p in files)


def test_the_gaps_page_lists_the_newest_uncovered_paragraphs_and_counts_them_all(tmp_path, monkeypatch):
    """A few hundred uncovered paragraphs show what the vocabulary misses; the page counts them
    all and says where every paragraph's topics are (one page of 11 MB at 10,000 documents)."""
    import kb.pages.gaps

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for day in (1, 2, 3):
        (seeds / f"{day}.txt").write_text(f"date 2021-03-0{day}\nPutin and Xi discussed bilateral trade.\n\n"
                                          f"The weather stayed mild on day {day}.\n", encoding="utf-8")
    every = re.findall(r"<li>", _pages(seeds)["gaps.md"])
    assert len(every) == 3
    monkeypatch.setattr(kb.pages.gaps, "UNCOVERED_SHOWN", 1)
    gaps = _pages(seeds)["gaps.md"]
    listed = gaps[gaps.index('<ul class="kb-gaps">'):gaps.index("</ul>")]
    assert listed.count("<li>") == 1 and "on day 3." in listed  # the newest
    assert f"{len(every)} of " in gaps and "newest documents below (1)" in gaps
    assert '<a href="../data/kb.json">kb.json</a>' in gaps


def test_a_related_document_names_a_few_things_it_shares_and_counts_the_rest(tmp_path):
    from kb.pages import document

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    text = ("Putin and Xi discussed bilateral trade, energy cooperation, the pandemic and "
            "the treaty anniversary in Moscow and Beijing.\n")
    for day in (1, 2):
        (seeds / f"{day}.txt").write_text(f"date 2021-03-0{day}\n{text}", encoding="utf-8")
    page = _pages(seeds)
    doc = next(v for p, v in page.items() if p.startswith("documents/2021-03-02"))
    shares = re.search(r'<ul class="kb-related".*?shares: (.*?)</span>', doc, re.S).group(1)
    named = shares.split(" and ")[0].split(", ")
    assert len(named) == document.SHARED_SHOWN and re.search(r" and \d+ more$", shares)
