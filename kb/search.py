"""Which search the site ships: Material's lunr index, or a chunked Pagefind index for large sites.

Material's search makes every reader download the whole `search/search_index.json` before the
first result: about 2 MB at 100 documents and 17 MB at 1,000 (BENCHMARKS.md). Pagefind splits
its index into small chunks fetched per query, so a first search costs a few hundred KB whatever the
size of the site. Below `PAGEFIND_FROM` documents lunr serves well and needs nothing else; from
there on the site is indexed with Pagefind, the lunr index is emptied, and `kb-pagefind.js`
answers Material's own search field, drawing results in Material's result list.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ENGINES = ("auto", "lunr", "pagefind")
PAGEFIND_FROM = 500
"""Documents from which `auto` switches to Pagefind. Measured in Chromium (bench/first_search.py):
lunr answers a first query in 70 ms at 100 documents (2 MB index) and 190 ms at 300 (5 MB), but
1.7-2.1 s at 1,000 (17 MB); Pagefind takes 200-300 ms and 200-300 KB at every size tried."""
SCRIPT = "assets/kb-pagefind.js"
PAGES = "{documents,topics,people,organizations,places,treaties}/*/index.html"
"""What Pagefind indexes: documents and the main page of each concept. Not event pages (they
repeat their accounts), concept-year pages (they repeat the documents' passages), nor index
pages such as the documents list or the timeline, which name everything and would match every
query; at 10,000 documents that leaves 10,300 pages of 23,000."""


def choose(requested: str, documents: int) -> str:
    """The engine a build uses: as requested, or by corpus size for `auto`."""
    if requested not in ENGINES:
        raise ValueError(f"unknown search engine {requested!r} (choose from {', '.join(ENGINES)})")
    if requested == "auto":
        return "pagefind" if documents >= PAGEFIND_FROM else "lunr"
    return requested


def index_with_pagefind(site_dir: Path) -> None:
    """Index a built site with Pagefind (into `pagefind/` inside it) and empty the lunr index,
    so no reader downloads it. Raises CalledProcessError when Pagefind fails."""
    subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--glob", PAGES, "--root-selector", "article",
         "--exclude-selectors", "[data-search-exclude], .headerlink, .kb-pactions",
         "--force-language", "en", "--silent"],
        check=True, capture_output=True, text=True)
    lunr = site_dir / "search" / "search_index.json"
    if lunr.exists():
        config = json.loads(lunr.read_text(encoding="utf-8")).get("config", {})
        lunr.write_text(json.dumps({"config": config, "docs": []}), encoding="utf-8")
