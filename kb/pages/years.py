"""Dates as pages show them, and how a concept's passages spread over year pages.

The concept page, the site's list of pages and the page keys all ask these, so the rule (how
many documents a concept's main page shows, which years get a page) is written once.
"""
from __future__ import annotations

import datetime as dt
from typing import Iterable, Sequence, TypeVar

from kb.model import Annotated

UNDATED = "undated"
"""The year of a document whose text gives no date (its page of a concept's passages too)."""
SPREAD_DOCUMENTS = 100
"""A concept found in more documents than this has one page per year holding all its passages
of the year, and its main page shows those of the newest (`PAGE_DOCUMENTS`); up to this many,
its main page holds every passage, by year. A page per year of a concept in a few dozen
documents held two or three documents under a whole page of chrome (1,700 such pages in a site
of 1,000 documents, BENCHMARKS.md "Site size per document"); a hundred documents' passages
are a page a reader scrolls and searches in at once."""
PAGE_DOCUMENTS = 20
"""Documents whose passages the main page of a concept with year pages shows (the newest)."""
YEAR_URLS_FROM = 20
"""A concept found in more documents than this had year pages until the main page took up to
`SPREAD_DOCUMENTS`: their URLs, which may have been given out, still answer (`years_answered`)."""

T = TypeVar("T")


def date_text(day: dt.date | None) -> str:
    """A date as shown: ISO, "undated" for the sort date of a document that has none
    (dt.date.min), and nothing for a missing one (each template words it itself)."""
    if day is None:
        return ""
    return UNDATED if day == dt.date.min else day.isoformat()


def spread_over_years(documents: int) -> bool:
    """Whether a concept found in this many documents also has year pages: only when its main
    page cannot show them all."""
    return documents > SPREAD_DOCUMENTS


def on_main_page(documents: Sequence[T]) -> Sequence[T]:
    """Of a concept's documents (newest first), those its main page shows: all of them, or with
    year pages the newest."""
    return documents[:PAGE_DOCUMENTS] if spread_over_years(len(documents)) else documents


def years_answered(documents: int) -> bool:
    """Whether a concept found in this many documents but with no year pages answers at its
    year pages' URLs (a stub forwarding to the year on its main page)."""
    return YEAR_URLS_FROM < documents <= SPREAD_DOCUMENTS


def year_of(doc: Annotated) -> str:
    """The year a document's passages are filed under (its event date's, else publication's)."""
    return str(doc.sort_date.year) if doc.sort_date != dt.date.min else UNDATED


def years_newest_first(years: Iterable[tuple[str, int]]) -> list[tuple[str, int]]:
    """(year, documents) pairs, newest first, "undated" last."""
    return sorted(years, key=lambda yd: (yd[0] != UNDATED, yd[0]), reverse=True)


def year_anchor(year: str) -> str:
    """The anchor of a year's first passage on a concept's page ("y2021", "yundated"): where a
    cell of the topics-by-year grid lands when the concept has no year pages."""
    return f"y{year}"
