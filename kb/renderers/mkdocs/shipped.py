"""Which of the site's static files the site leaves out: those no page or reader loads.

Material ships its source maps (a browser fetches one only when a developer opens its tools on
the page) and lunr's word splitters and stemmers for every language its search supports, of
which its search worker loads only those of the search's languages (none for English alone).
Our own Pagefind script is loaded only where Pagefind searches (Pagefind's own unused files are
left out where its index is written, kb/renderers/search.py). What stays is what a page loads: Material's bundle, its search worker and index (lunr's, or an
empty one beside Pagefind), its two stylesheets, ours, and Pagefind's engine, worker and wasm.
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


def scripts_unloaded(paths: Iterable[str], loaded: Iterable[str]) -> set[str]:
    """Of the docs folder's static files, our scripts (`assets/*.js`) that no page loads: those
    the configuration's `extra_javascript` does not name (kb-pagefind.js on a site searched with
    lunr)."""
    wanted = {str(p).lstrip("/") for p in loaded}
    return {p for p in paths if p.startswith("assets/") and p.endswith(".js") and p not in wanted}
