"""Which search the site ships: a chunked Pagefind index at every size (or, asked for, Material's lunr).

Material's search makes every reader download the whole `search/search_index.json` before the
first result, which grows with the site (BENCHMARKS.md, "First search"), and it weighs a page's
tags a million times its words. Pagefind splits its index into small chunks fetched per query,
so a first search costs a few hundred KB whatever the size of the site, and it ranks by the
weights the pages give their parts (a document's headline, lead and topics above a passing
mention). One engine at every size, so a reader's results do not change kind when the corpus
grows: the site is indexed with Pagefind, the lunr index is emptied, and `kb-pagefind.js`
answers Material's own search field, drawing results in Material's result list. `lunr` stays
as an explicit choice for builds that want no index at all to wait for (tests, quick
previews) and is what Zensical's own search is called. A site of more
than `FIRST_PART_DOCUMENTS` documents is indexed in parts the browser merges, so the
indexer's memory stays bounded; the first part, the newest documents, is also searched alone,
so its results come first.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Iterable, Mapping

from kb.model import ENTITY_KINDS
from kb.output.parallel import python_command, workers
from kb.output.write import files_under, link_files, scratch_folder
from kb.renderers.pagefind_order import order_filters

ENGINES = ("auto", "lunr", "pagefind")
SCRIPT = "assets/kb-pagefind.js"
SCRATCH = ".pagefind-part-"
"""Prefix of the folders beside the site in which a part's pages are linked for Pagefind."""
SECTIONS = ("documents", "topics") + ENTITY_KINDS
"""What Pagefind indexes: documents and the main page of each concept (`SECTION/NAME/index.html`),
less a page that asks not to be indexed (an empty concept's). Not event pages (they
repeat their accounts), concept-year pages (they repeat the documents' passages), nor index
pages such as the documents list or the timeline, which name everything and would match every
query; at 10,000 documents that leaves 10,300 pages of 23,000."""


def choose(requested: str, offered: tuple[str, ...] = ENGINES) -> str:
    """The engine a build uses: as requested; `auto` is Pagefind at every size where the
    renderer ships it (`offered`, its `searches`), else its own lunr-shaped search (Zensical's)."""
    if requested not in ENGINES:
        raise ValueError(f"unknown search engine {requested!r} (choose from {', '.join(ENGINES)})")
    if requested == "auto":
        return "pagefind" if "pagefind" in offered else "lunr"
    return requested


PART_DOCUMENTS = 2500
"""Documents per Pagefind index (KB_PAGEFIND_PART overrides). Pagefind's indexer holds its
whole index in memory (BENCHMARKS.md gives a part's size), so a larger site is indexed in
parts, one per core at a time, and the reader's browser merges them (Pagefind's mergeIndex):
the build's memory stays bounded at any size, and a first search fetches each part's small
entry and metadata files besides the chunks it needs."""
FIRST_PART_DOCUMENTS = 500
"""Documents in the first part, the newest (at most the part size). kb-pagefind.js searches
that part alone beside the whole index and shows its results first: Pagefind's time grows with
the pages a query matches (several times as long on the merged parts as on one), so a
small first part puts
documents on screen early while the whole index ranks them all."""
PARTS_FILE = "pagefind/kb-parts.json"
"""The extra parts' folders (relative to the site root), for kb-pagefind.js to merge."""


def part_size() -> int:
    return max(1, int(os.environ.get("KB_PAGEFIND_PART", PART_DOCUMENTS)))


def partition(site_dir: Path, size: int, first: int = FIRST_PART_DOCUMENTS) -> list[list[str]]:
    """The pages Pagefind indexes (see SECTIONS), as folders relative to the site, in parts of at
    most `size` documents, the first of at most `first`: newest first (a document's slug
    starts with its date), undated ones last, the concept pages with the first part."""
    def folders(section: str) -> list[str]:
        base = site_dir / section
        return sorted(f"{section}/{d.name}" for d in base.iterdir()
                      if (d / "index.html").is_file() and not noindex(d / "index.html")) \
            if base.is_dir() else []

    documents = sorted(folders("documents"), key=lambda f: (not f[len("documents/"):][:4].isdigit(), _reverse(f)))
    first = min(first, size)
    parts = [documents[:first]] + [documents[i:i + size] for i in range(first, len(documents), size)]
    parts[0] = [f for section in SECTIONS[1:] for f in folders(section)] + parts[0]
    return [part for part in parts if part]


NOINDEX = b'<meta name="robots" content="noindex">'
"""How a page asks not to be indexed (overrides/main.html: an empty concept's page)."""


def noindex(page: Path) -> bool:
    """Whether the page asks search engines not to index it, in its <head>: read up to there
    only, as a page of hundreds of passages is long."""
    head = b""
    with page.open("rb") as f:
        while b"</head>" not in head:
            chunk = f.read(8192)
            if not chunk:
                break
            head += chunk
    return NOINDEX in head.partition(b"</head>")[0]


PAGEFIND_UI = ("pagefind-ui.", "pagefind-modular-ui.", "pagefind-component-ui.", "pagefind-highlight.")
"""Pagefind's ready-made interfaces and its highlighter (scripts and their styles), written beside
every index: the site's search answers Material's own field (kb-pagefind.js) and loads none."""


def pagefind_unshipped(names: Iterable[str], entry: dict) -> set[str]:
    """Of the files at the top of a Pagefind index folder, those no reader loads: its ready-made
    interfaces, and the word splitter of each language (`wasm.LANG.pagefind`) that no page of the
    index is in, as its `pagefind-entry.json` (`entry`) lists them; Pagefind loads the wasm of
    the page's language only. Left out as each part is indexed (a part kept from the last site
    was pruned when it was made)."""
    languages = {lang.get("wasm") for lang in (entry.get("languages") or {}).values()}
    return {n for n in names if n.startswith(PAGEFIND_UI)
            or (n.startswith("wasm.") and n.endswith(".pagefind") and n[5:-9] not in languages)}


def _reverse(text: str) -> tuple[int, ...]:
    return tuple(-ord(c) for c in text)


def _index_part(site_dir: Path, number: int, pages: list[str]) -> str:
    """Index part `number` (its `pages`) into its output folder, named back."""
    # The part's pages, linked at their own paths into a folder Pagefind reads alone; for the
    # whole site too, as a glob cannot leave out the pages that ask not to be indexed.
    site = scratch_folder(site_dir.parent, SCRATCH)
    link_files(site_dir, site, [f"{folder}/index.html" for folder in pages], missing_ok=False)
    glob = "**/index.html"
    output = _output(number)
    try:
        argv, env = python_command(  # `python -m pagefind`, dying with the build
            "import runpy; runpy.run_module('pagefind', run_name='__main__', alter_sys=True)",
            "--site", str(site), "--glob", glob, "--root-selector", "article",
            "--exclude-selectors", "[data-search-exclude], .headerlink, .kb-pactions",
            "--output-path", str(site_dir / output), "--force-language", "en", "--silent")
        subprocess.run(argv, env=env, check=True, capture_output=True, text=True)
        order_filters(site_dir / output)
        entry = json.loads((site_dir / output / "pagefind-entry.json").read_text(encoding="utf-8"))
        for name in pagefind_unshipped([p.name for p in (site_dir / output).iterdir() if p.is_file()], entry):
            (site_dir / output / name).unlink()
    finally:
        shutil.rmtree(site)
    return output


def _output(number: int) -> str:
    return "pagefind" if number == 1 else f"pagefind-{number}"


def _part_key(site_dir: Path, pages: list[str], whole: bool) -> str:
    """What a part's index is made from: its pages' HTML files, each named by its size,
    modification time and inode (a page kept from the last site is a link to the same file,
    kb/renderers/mkdocs/site.py; a page written again is a new file). Pagefind's version and options are in
    the site's fingerprint."""
    digest = hashlib.sha256(b"whole" if whole else b"part")
    base = str(site_dir)
    for folder in pages:
        st = os.stat(f"{base}/{folder}/index.html")
        digest.update(f"\0{folder}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ino}".encode("utf-8"))
    return digest.hexdigest()


def index_with_pagefind(site_dir: Path, last_site: Path | None = None,
                        last_keys: Mapping[str, str] | None = None) -> dict[str, str]:
    """Index a built site with Pagefind (into `pagefind/` inside it, and `pagefind-2/` and on
    for a large site's further parts) and empty the lunr index, so no reader downloads it.
    The parts are indexed as many at a time as there are cores (kb.output.parallel.workers): a
    Pagefind process keeps about one and a half of them busy. A part whose pages are the very
    files of `last_site`'s part with the same key (`last_keys`, as this returns them; the
    caller vouches that Pagefind and its options are the same) is linked from there instead:
    after one seed changes, the part that holds it and the first (the concept pages) are
    indexed again, not the whole site. Raises CalledProcessError when Pagefind fails."""
    parts = partition(site_dir, part_size())
    keys: dict[str, str] = {}
    jobs = []
    for number, pages in enumerate(parts, start=1):
        whole, output = len(parts) == 1, _output(number)
        keys[output] = _part_key(site_dir, pages, whole)
        if last_site is not None and last_keys and last_keys.get(output) == keys[output] \
                and (last_site / output).is_dir():
            link_files(last_site / output, site_dir / output, files_under(last_site / output), missing_ok=False)
        else:
            jobs.append((site_dir, number, pages))
    with ThreadPoolExecutor(max_workers=max(1, min(workers(), len(jobs) or 1))) as pool:
        list(pool.map(lambda job: _index_part(*job), jobs))
    extra = [_output(number) + "/" for number in range(2, len(parts) + 1)]
    parts_file = site_dir / PARTS_FILE
    parts_file.unlink(missing_ok=True)  # a part linked from the last site: never write through
    parts_file.write_text(json.dumps(extra) + "\n", encoding="utf-8")
    lunr = site_dir / "search" / "search_index.json"
    if lunr.exists():
        config = json.loads(lunr.read_text(encoding="utf-8")).get("config", {})
        lunr.write_text(json.dumps({"config": config, "docs": []}), encoding="utf-8")
    return keys
