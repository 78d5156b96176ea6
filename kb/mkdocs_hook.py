"""MkDocs hook: in `serve` mode, regenerate the Markdown before every rebuild; in a build,
show progress and keep memory down.

`mkdocs serve` rebuilds when a watched seed or vocabulary file changes; this hook runs the same
pipeline as `build_site.py` first, so the preview shows the change. A plain `mkdocs build` does
not regenerate (build_site.py has already done it). A build of thousands of documents spends
minutes in MkDocs: on a terminal, a progress bar shows its two passes (convert every page, then
write every page).
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

_state: dict[str, Any] = {"command": "", "bar": None, "pass": ""}


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


def _progress(name: str, total: int) -> None:
    """Move to the progress bar of pass `name` (a terminal only; never in serve mode)."""
    if _state["pass"] == name or _state["command"] == "serve":
        return
    from tqdm import tqdm

    if _state["bar"] is not None:
        _state["bar"].close()
    _state["pass"] = name
    _state["bar"] = tqdm(total=total, desc=f"mkdocs: {name}", unit="page", leave=False, disable=None)


def on_files(files, config):
    _state["pages"] = len(files.documentation_pages())
    _state["pass"] = ""
    return files


def _tick(name: str) -> None:
    _progress(name, _state.get("pages", 0))
    if _state["bar"] is not None:
        _state["bar"].update()


def on_page_markdown(markdown: str, page, config, files) -> str:
    _tick("convert")
    return markdown


def on_post_page(output: str, page, config) -> str:
    _tick("write")
    return output


def on_post_build(config) -> None:
    if _state["bar"] is not None:
        _state["bar"].close()
    _state["bar"], _state["pass"] = None, ""
