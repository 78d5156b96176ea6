"""MkDocs hook: in `serve` mode, regenerate the Markdown before every rebuild.

`mkdocs serve` rebuilds when a watched seed or vocabulary file changes; this hook runs the same
pipeline as `build_site.py` first, so the preview shows the change. A plain `mkdocs build` does
not regenerate (build_site.py has already done it).
"""
from __future__ import annotations

import sys
from pathlib import Path

_state = {"command": ""}


def on_startup(command: str, dirty: bool) -> None:
    _state["command"] = command


def on_pre_build(config) -> None:
    if _state["command"] != "serve":
        return
    root = str(Path(__file__).resolve().parent.parent)
    if root not in sys.path:
        sys.path.insert(0, root)
    from kb.cli import regenerate

    regenerate()


def on_page_content(html: str, page, config, files) -> str:
    """Drop a page's Markdown once it is HTML: MkDocs converts every page before it writes any,
    so each page's source would otherwise stay in memory to the end of the build (a memory
    saving only; the output is the same). Emptied, not None: MkDocs reads None as "not read
    yet" and would lose the page's title."""
    page.markdown = ""
    return html
