"""How a scraped page is laid out: its lines, the footer, the headline, the date lines at the
top, and the paragraphs of the text.

`read.parse` takes a seed's lines through these in order; each decides what some lines are
(footer, masthead, headline, date line), so that nothing downstream annotates them.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from kb.rules.language import Language
from kb.text.dates import explicit_dates
from kb.text.tokens import tokenize

SENTENCE_END = ('.', '!', '?', '"', '”', '’', "'", ')', ':', ';')
"""What a line that closes its paragraph ends with."""


@dataclass(frozen=True)
class Line:
    number: int
    text: str
    block: int


def lines_of(text: str) -> list[Line]:
    """Non-blank lines with their 1-based number and the blank-line-separated block they are in."""
    out: list[Line] = []
    block = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            block += 1
            continue
        out.append(Line(number, line.strip(), block))
    return out


def split_footer(lines: list[Line], lang: Language) -> tuple[list[Line], list[Line]]:
    """Take the trailing footer off: contact and rights lines, and short name lines among them."""
    cut = len(lines)
    seen_footer = False
    while cut > 0:
        line = lines[cut - 1]
        if lang.is_footer(line.text):
            seen_footer = True
        elif not (seen_footer and len(line.text) <= 150 and not line.text.endswith(".")
                  and line.block == lines[cut].block):
            break
        cut -= 1
    if not seen_footer:
        return lines, []
    return lines[:cut], lines[cut:]


def group_paragraphs(lines: list[Line]) -> list[tuple[int, str]]:
    """Group lines into paragraphs: a line ending a sentence closes its paragraph even inside a
    block (sources that keep one paragraph a line); other lines are wrapped prose and join."""
    out: list[tuple[int, str]] = []
    current: list[Line] = []
    for line in lines:
        if current and (line.block != current[-1].block
                        or (current[-1].text.endswith(SENTENCE_END) and not line.text[:1].islower())):
            out.append((current[0].number, " ".join(x.text for x in current)))
            current = []
        current.append(line)
    if current:
        out.append((current[0].number, " ".join(x.text for x in current)))
    return out


def _looks_like_headline(text: str) -> bool:
    words = text.split()
    return (2 <= len(words) <= 30 and len(text) <= 200 and not text.endswith((".", ",", ";", ":"))
            and (text[0].isupper() or text[0].isdigit() or text[0] in "\"“‘'"))


TOP_LINES = 12
"""How far down a page its headline may stand: masthead, breadcrumbs, section labels, date and
byline lines come first on scraped pages, but never more than a dozen of them."""
PROSE_WORDS = 4
"""A line of this many words that ends a sentence is text: the headline stands above it."""
RESIDUE_WORDS = 6
"""Between the headline and the lead, a shorter line with no sentence end and no date is a
byline, an agency or section name or a widget's caption, not text."""
HEADLINE_MIN_KEYS = 3
"""A line sharing a word with the lead is its headline only with this many words of its own
(a site's or section's name has fewer)."""
HEADLINE_OVERLAP = 0.5
"""A headline sums up its lead, so at least half its words recur there; a site's name, an
advertising banner or a section label does not (their words are the site's, not the story's)."""


def _is_prose(text: str) -> bool:
    """Where the page's top ends: a line that ends a sentence (or is too long for a headline).
    Shorter than `_is_sentence`, which ends the search for date lines: a short sentence ends
    the top, while a date line may still follow a dateline that ends in a full stop after its
    day."""
    words = len(text.split())
    return words > 40 or (words >= PROSE_WORDS and text.rstrip("\"”’' )").endswith((".", "!", "?")))


def _wrapped(lines: list[Line], i: int) -> bool:
    """A line that the next line of its block continues in lower case is wrapped prose."""
    return i + 1 < len(lines) and lines[i + 1].block == lines[i].block and lines[i + 1].text[:1].islower()


def _keys(text: str, stop: frozenset[str]) -> set[str]:
    """The words of a line that say what it is about."""
    return {t.key for t in tokenize(text) if t.key not in stop and not t.key.isdigit()}


def take_headline(lines: list[Line], lang: Language) -> tuple[str | None, list[Line]]:
    """The headline among the lines above the lead, and the lines left once the page's top is
    read: what stands above the headline is the site's masthead (name, logo, breadcrumbs,
    section labels, banners) and goes; under it, repeats of the headline, bylines and labels
    go, while standfirsts, captions and date lines stay for the stages after this one.

    Of the lines that look like a headline, the first whose words recur enough in the lead
    wins, a repeated line first (a page that repeats its headline shows which line it is; a
    breadcrumb glued to the headline is the longer repeat and goes): pages print the headline
    above the photo's caption, whose words recur in the lead as much. A photo caption is never
    the headline. When no line sums up the lead enough, the first line does if it reads as a
    headline, else the first that shares a word with the lead (a briefing's title: its
    questions are of other things). None when no line does: a seed that starts with its text
    has no headline. A line glued to the `date` header may be the headline, as scraped pages
    put it there."""
    top = 0
    while top < min(len(lines), TOP_LINES) and not (_is_prose(lines[top].text) or _wrapped(lines, top)):
        top += 1
    if not lines:
        return None, lines
    if top == len(lines):  # no line reads as text (a short seed): only the first may head it
        top = 1
    if top == 0 or top == len(lines):
        return None, lines
    stop = lang.headline_stopwords
    lead = _keys(" ".join(ln.text for ln in lines[top:top + 3]), stop)
    zone = lines[:top]
    texts = [ln.text for ln in zone]
    best, best_score = None, 0.0
    sharing = None
    for i, line in enumerate(zone):
        if not _looks_like_headline(line.text) or lang.is_caption(line.text):
            continue
        # "Home Politics <headline>" above "<headline>": the breadcrumb's line is not the headline
        if any(j != i and len(other) < len(line.text) and line.text.endswith(other) for j, other in enumerate(texts)
               if _looks_like_headline(other)):
            continue
        keys = _keys(line.text, stop)
        if not keys:
            continue
        score = len(keys & lead) / len(keys)
        if sharing is None and score > 0 and len(keys) >= HEADLINE_MIN_KEYS:
            sharing = i
        repeated = texts.count(line.text) > 1 or any(o != line.text and o.endswith(line.text) for o in texts)
        if repeated:
            score += 0.5
        # The first line that sums the lead up, unless a later one is repeated on the page.
        if score > best_score and (best_score < HEADLINE_OVERLAP or repeated):
            best, best_score = i, score
    if best is None or best_score < HEADLINE_OVERLAP:
        # No line sums the lead up: a first line that reads as a headline still is one (a
        # short readout's headline may share few words with a short lead), else the first
        # that shares a word with the lead.
        if _looks_like_headline(texts[0]) and _keys(texts[0], stop) and not lang.is_caption(texts[0]):
            best = 0
        elif sharing is not None:
            best = sharing
        else:
            return None, lines
    headline = zone[best].text
    kept = [ln for ln in zone[best + 1:]
            if not (ln.text == headline or ln.text.endswith(headline)
                    or (len(ln.text.split()) < RESIDUE_WORDS and not ln.text.endswith(SENTENCE_END)
                        and not explicit_dates(ln.text, None, lang.dates) and not _LOOSE_DATE.search(ln.text)))]
    return headline, kept + lines[top:]


_LOOSE_DATE = re.compile(r"\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}:\d{2}\b")


DATE_LINE_WINDOW = 5
"""How many lines at the top may hold a lone date line: scraped pages put a site name, a
section, the headline and a byline or a counter before it ("Home", "Documents", the headline,
a date line naming a place)."""


def _is_sentence(text: str) -> bool:
    """A line of the text proper: no date line stands below one."""
    return len(text.split()) >= 8 and text.endswith((".", "!", "?", ".”", '."'))


def take_date_line(lines: list[Line], date: dt.date | None,
                    lang: Language) -> tuple[list[Line], dt.date | None, str | None]:
    """Lone date lines among the top lines, above the first sentence ("2021-01-02 15:30",
    "(Agency) 08:05, 2022-03-03", a date and a place), are metadata, not content:
    the first gives the publication date when there is no header. Returns the lines left, the
    date, and the first date line taken, as written."""
    taken: list[int] = []
    for i, line in enumerate(lines[:DATE_LINE_WINDOW]):
        if _is_sentence(line.text):
            break
        if lang.date_line.match(line.text):
            taken.append(i)
    if not taken:
        return lines, date, None
    for i in taken:
        date = date or _parse_loose_date(lines[i].text, lang)
    return [ln for i, ln in enumerate(lines) if i not in taken], date, lines[taken[0]].text


def take_stamp(lines: list[Line], date: dt.date | None, lang: Language) -> tuple[list[Line], dt.date | None]:
    """A page with no date at its top may stamp one below its text, in brackets ("( 3/4/2022)"
    above a site's related links): the first such stamp with its year gives the publication
    date, and is no content. Nothing changes when a date is known already."""
    if date is not None:
        return lines, date
    for i, line in enumerate(lines):
        if lang.date_stamp.match(line.text) and lang.date_line.match(line.text):
            found = _parse_loose_date(line.text, lang)
            if found is not None:
                return lines[:i] + lines[i + 1:], found
    return lines, date


def _parse_loose_date(text: str, lang: Language) -> dt.date | None:
    """The date of a lone date line (ISO, y/m/d, a month's name with the day and the year,
    after a source stamp or a time: "(Agency) 08:05, ..."); None when it has no year."""
    m = re.search(r"\b(\d{4})[-/](\d{1,2})[-/](\d{1,2})\b", text)
    try:
        if m:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        m = re.search(r"\b(\d{1,2})([./])(\d{1,2})\2(\d{4})\b", text)
        if m and m[2] in lang.dates.numeric_orders:
            first, second = int(m[1]), int(m[3])
            day_first = lang.dates.numeric_orders[m[2]] == "dmy" or first > 12
            day, month = (first, second) if day_first else (second, first)
            return dt.date(int(m[4]), month, day)
    except ValueError:
        return None
    found = explicit_dates(text, None, lang.dates)
    return found[0].date if found else None
