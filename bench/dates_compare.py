"""Benchmark: our date reading against dateparser's on a corpus with gold dates.

    pip install dateparser        # not a dependency of the build: this script compares only
    python bench/dates_compare.py [CORPUS ...]      default: ../shared/corpus-dev and corpus-dev-2

For each document: the publication date (ours: the reader's date header, date line or stamp;
dateparser's: the first of the page's top lines, above the first sentence, that it parses
strictly with a day, a month and a year), and the event date (ours: kb/stages/event_date.py;
dateparser's: the first date `search_dates` finds in the first two prose paragraphs, relative
words counted from the publication date it found). Scored against the corpus's docs.tsv:
right, wrong (a date where the gold has another or none) and missed. Figures, not assertions.
"""
from __future__ import annotations

import csv
import re
import datetime as dt
import sys
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kb.rules.language import load_language  # noqa: E402
from kb.rules.vocabulary import load_vocabulary  # noqa: E402
from kb.stages.annotate import annotate  # noqa: E402
from kb.stages.read import parse  # noqa: E402

TOP_LINES = 8
_HEADER = re.compile(r"\A\s*date\s+(\d{4}-\d{2}-\d{2})\s*")


def _theirs(text: str) -> tuple[dt.date | None, dt.date | None]:
    import dateparser
    from dateparser.search import search_dates

    strict = {"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"]}
    header = _HEADER.match(text)  # the seed format's own header, read alike by both
    if header:
        text = text[header.end():]
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    published = dt.date.fromisoformat(header.group(1)) if header else None
    for line in lines[:TOP_LINES] if published is None else []:
        if len(line.split()) >= 8 and line.endswith("."):
            break  # the first sentence: the top is over
        found = dateparser.parse(line, languages=["en"], settings=strict)
        if found:
            published = found.date()
            break
    prose = [ln for ln in lines if len(ln.split()) >= 8][:2]
    settings = {"RELATIVE_BASE": dt.datetime.combine(published, dt.time())} if published else {}
    hits = search_dates(" ".join(prose), languages=["en"], settings=settings) or []
    return published, (hits[0][1].date() if hits else None)


def _count(pairs: list[tuple[dt.date | None, str]]) -> str:
    right = sum(1 for got, gold in pairs if gold and got and got.isoformat() == gold)
    wrong = sum(1 for got, gold in pairs if got and got.isoformat() != gold)
    missed = sum(1 for got, gold in pairs if gold and not got)
    return f"{right}/{sum(1 for _, g in pairs if g)} right, {wrong} wrong, {missed} missed"


def main(corpora: list[Path]) -> None:
    warnings.filterwarnings("ignore")
    lang = load_language()
    vocab = load_vocabulary(ROOT / "vocabulary", lang)
    lang = lang.with_field(vocab.field_words)
    for corpus in corpora:
        gold = {r["file"]: r for r in csv.DictReader((corpus / "docs.tsv").open(encoding="utf-8"), delimiter="\t")}
        ours_pub, ours_ev, their_pub, their_ev = [], [], [], []
        for path in sorted((corpus / "texts").glob("*.txt")):
            text = path.read_text(encoding="utf-8")
            a = annotate(parse(path.name, text, lang), vocab, lang)
            g = gold[path.name]
            pub, ev = _theirs(text)
            ours_pub.append((a.published, g["published"]))
            ours_ev.append((a.event_date, g["event_date"]))
            their_pub.append((pub, g["published"]))
            their_ev.append((ev, g["event_date"]))
        print(f"{corpus.name}: published  ours {_count(ours_pub)}; dateparser {_count(their_pub)}")
        print(f"{corpus.name}: event date ours {_count(ours_ev)}; dateparser {_count(their_ev)}")


if __name__ == "__main__":
    main([Path(p) for p in sys.argv[1:]] or [ROOT.parent / "shared" / "corpus-dev", ROOT.parent / "shared" / "corpus-dev-2"])
