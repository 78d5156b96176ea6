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
PAGE_DOCUMENTS = 20
"""Documents whose passages a concept's main page shows (the newest). A concept found in more
documents than that also has one page per year holding all its passages of the year."""

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
    return documents > PAGE_DOCUMENTS


def on_main_page(documents: Sequence[T]) -> Sequence[T]:
    """Of a concept's documents (newest first), those its main page shows."""
    return documents[:PAGE_DOCUMENTS]


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
