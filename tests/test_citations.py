"""Citation files as reference managers read them: every BibTeX file parses with pybtex (the
month a bare macro, no empty field), the CSL's `issued` is the publication date and never the
event date, and a news item names its outlet as `container-title`."""
from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path
from types import SimpleNamespace

from pybtex.database import parse_string

from kb.build import BuildSettings, generate
from kb.pages.urls import address_warning

VOCAB = Path(__file__).parent / "fixtures" / "vocab"


def _bib(text: str):
    (entry,) = parse_string(text, "bibtex").entries.values()
    return entry


def test_every_seed_bibtex_parses_and_its_csl_dates_only_by_publication(seeds_site):
    site = seeds_site / "site"
    data = json.loads((site / "data" / "kb.json").read_text(encoding="utf-8"))
    for doc in data["documents"]:
        text = (site / "cite" / f"{doc['id']}.bib").read_text(encoding="utf-8")
        entry = _bib(text)
        assert all(str(v).strip() for v in entry.fields.values()), doc["id"]  # no empty field
        assert "Accessed" not in text and "Unknown" not in text
        (csl,) = json.loads((site / "cite" / f"{doc['id']}.json").read_text(encoding="utf-8"))
        if doc["published"]:
            y, m, d = map(int, doc["published"].split("-"))
            assert csl["issued"] == {"date-parts": [[y, m, d]]}
            assert entry.fields["year"] == str(y) and re.search(r"^  month = [a-z]{3},$", text, re.M)
        else:
            assert "issued" not in csl and "year" not in entry.fields
        if csl["type"] == "article-newspaper":
            assert csl["container-title"] == doc["publisher"]


def _site(tmp_path: Path, seeds: dict[str, str]) -> dict[str, str]:
    folder = tmp_path / "seeds"
    folder.mkdir()
    for name, text in seeds.items():
        (folder / name).write_text(text, encoding="utf-8")
    pages = generate(BuildSettings(folder, VOCAB, site_url="", show_progress=False)).pages
    return {p: c.decode("utf-8") if isinstance(c, bytes) else c for p, c in pages.items() if p.startswith("cite/")}


def test_the_month_is_a_macro_and_the_event_date_is_no_issued_date(tmp_path):
    files = _site(tmp_path, {
        "august.txt": "date 2021-08-09\nPutin met Xi on bilateral trade in the summer hall.\n",
        "eventonly.txt": "On 3 March 2020 Putin met Xi on bilateral trade in the spring hall.\n",
    })
    august = next(t for p, t in files.items() if p.endswith(".bib") and "2021" in t)
    assert "  month = aug,\n" in august and "{aug}" not in august
    assert _bib(august).fields["month"] == "August"  # pybtex expands the macro
    (bib_path,) = [p for p, t in files.items() if p.endswith(".bib") and "2021" not in t]
    entry = _bib(files[bib_path])
    assert "year" not in entry.fields and "month" not in entry.fields
    (csl,) = json.loads(files[bib_path.replace(".bib", ".json")])
    assert "issued" not in csl
    # the event date is kept where a reader sees it, not as the date of issue
    assert "2020-03-03" in csl["note"] and "2020-03-03" in entry.fields["note"]


def test_passages_csv_opens_with_a_byte_order_mark_for_excel(seeds_site):
    raw = (seeds_site / "site" / "data" / "passages.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfdocument,title,") and raw.count(b"\xef\xbb\xbf") == 1


def test_an_address_only_this_machine_reaches_is_named_with_its_setting():
    for local in ("", "http://127.0.0.1:8000/", "http://localhost/kb/", "http://0.0.0.0:8000/"):
        warning = address_warning(local)
        assert warning and "KB_SITE_URL" in warning and "site_url" in warning, local
    assert address_warning("https://example.org/kb/") is None


def test_the_build_warns_once_without_a_public_address(monkeypatch, capsys):
    """A build for a local address prints the warning once, after its summary; one for a
    public address prints none."""
    from kb import cli

    monkeypatch.setattr(cli, "build", lambda settings: SimpleNamespace(gen=SimpleNamespace(report=[], timings={}),
                                                                      stats=object()))
    monkeypatch.setattr(cli, "_summary", lambda built, settings: "Built")
    local = BuildSettings(Path("seeds"), VOCAB, site_url="http://127.0.0.1:8000/")
    assert cli.run_build(local) == 0
    err = capsys.readouterr().err
    assert err.count("warning:") == 1 and "KB_SITE_URL" in err
    assert cli.run_build(dataclasses.replace(local, site_url="https://example.org/kb/")) == 0
    assert "warning" not in capsys.readouterr().err
