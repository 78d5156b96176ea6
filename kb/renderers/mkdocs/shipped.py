"""Which of the theme's static files the site leaves out: those no page or reader loads.

Material ships its source maps (a browser fetches one only when a developer opens its tools on
the page) and lunr's word splitters and stemmers for every language its search supports, of
which its search worker loads only those of the search's languages (none for English alone).
Knows nothing of MkDocs: kb/renderers/mkdocs/events.py hands it the files' paths.
"""
from __future__ import annotations

from typing import Iterable, Sequence

LUNR = "assets/javascripts/lunr/"
"""Where Material keeps lunr's language files."""


def lunr_needs(languages: Sequence[str]) -> set[str]:
    """The lunr files Material's search worker loads for `languages` (as its worker's
    `setupSearchLanguages` picks them): a word splitter for Japanese, Hindi and Thai, each other
    language's stemmer with the support they share, and the multi-language glue for several."""
    files = set()
    for lang in languages:
        if lang == "ja":
            files.add(LUNR + "tinyseg.js")
        elif lang in ("hi", "th"):
            files.add(LUNR + "wordcut.js")
        if lang != "en":
            files.add(f"{LUNR}min/lunr.{lang}.min.js")
    if len(languages) > 1:
        files.add(LUNR + "min/lunr.multi.min.js")
    if files:
        files.add(LUNR + "min/lunr.stemmer.support.min.js")
    return files


def unshipped(paths: Iterable[str], languages: Sequence[str]) -> set[str]:
    """Of the theme's static files (paths from the site's root), those the site leaves out:
    source maps, and lunr's files the search's `languages` do not load."""
    needed = lunr_needs(languages)
    return {p for p in paths if p.endswith(".map") or (p.startswith(LUNR) and p not in needed)}
