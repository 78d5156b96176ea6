"""MkDocs hook: in `serve` mode, regenerate the Markdown before every rebuild; in a build,
show progress and keep memory down.

`mkdocs serve` rebuilds when a watched seed or vocabulary file changes; this hook runs the same
pipeline as `build_site.py` first, so the preview shows the change. A plain `mkdocs build` does
not regenerate (build_site.py has already done it). A build of thousands of documents spends
minutes in MkDocs: on a terminal, a progress bar shows its two passes (convert every page, then
write every page).
"""
from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path
from typing import Any

from mkdocs.plugins import event_priority
from mkdocs.utils.meta import YAML_RE

_ROOT = str(Path(__file__).resolve().parent.parent)
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from kb import passthrough  # noqa: E402  (the hook is loaded as a file, not as part of kb)

_state: dict[str, Any] = {"command": "", "bar": None, "pass": ""}
_TOKEN = "kbraw" + secrets.token_hex(8)
"""Placeholder prefix for raw HTML blocks, new in every process so no seed text can contain it."""
PASSTHROUGH = os.environ.get("KB_PASSTHROUGH", "1") != "0"
"""KB_PASSTHROUGH=0 lets Python-Markdown parse every raw block itself (the comparison in the
tests, and a way to rule the pass-through out when a page looks wrong)."""


def on_startup(command: str, dirty: bool) -> None:
    _state["command"] = command


def on_pre_build(config) -> None:
    if _state["command"] != "serve":
        return
    from kb.cli import regenerate

    regenerate()


def on_page_content(html: str, page, config, files) -> str:
    """Drop a page's Markdown once it is HTML: MkDocs converts every page before it writes any,
    so each page's source would otherwise stay in memory to the end of the build (a memory
    saving only; the output is the same). Emptied, not None: MkDocs reads None as "not read
    yet" and would lose the page's title."""
    page.markdown = ""
    ids = getattr(page, "kb_raw_ids", None)
    if ids:
        page.present_anchor_ids = (page.present_anchor_ids or set()) | ids
        page.kb_raw_ids = None
    return html


def _split(markdown: str) -> passthrough.Split | None:
    return passthrough.stub(markdown, _TOKEN) if PASSTHROUGH else None


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
    """Give Markdown a page's headings and a placeholder per raw HTML block (kb/passthrough.py):
    the blocks come back, unparsed, just before the page is written, so no page's HTML is held
    between MkDocs's two passes either."""
    _tick("convert")
    split = _split(markdown)
    if split is None:
        return markdown
    page.kb_split, page.kb_raw_ids = split, split.anchor_ids(markdown)
    return split.markdown


def _source_markdown(page) -> str:
    """The page's Markdown as MkDocs read it (front matter off), read again from disk."""
    source = page.file.content_string
    m = YAML_RE.match(source)
    return source[m.end():].lstrip("\n") if m else source


@event_priority(50)  # before the search plugin reads the page for its index
def on_page_context(context, page, config, nav):
    split = getattr(page, "kb_split", None)
    if split is not None:
        try:
            page.content = passthrough.restore(page.content, _source_markdown(page), split, _TOKEN)
        except ValueError as e:
            raise ValueError(f"{page.file.src_uri}: {e}") from None
    return context


def on_post_page(output: str, page, config) -> str:
    _tick("write")
    if getattr(page, "kb_split", None) is not None:
        page.content = None  # written; its raw blocks were only lent for this page
    return output


def on_post_build(config) -> None:
    if _state["bar"] is not None:
        _state["bar"].close()
    _state["bar"], _state["pass"] = None, ""
