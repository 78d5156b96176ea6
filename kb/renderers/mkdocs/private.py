"""The private parts of MkDocs that kb/renderers/mkdocs/hook.py builds on, in one place, behind a check of
MkDocs's version: a private function may change in any release, and a change would show as a
wrong page rather than an error. The hook is written for `SUPPORTED` (requirements.in pins it);
with any other MkDocs it refuses to load, and the comparisons of tests/test_site.py say whether
the speed tricks still give MkDocs's own pages once the hook is brought up to date.
"""
from __future__ import annotations

import logging
from importlib.metadata import version
from typing import Any, Callable

SUPPORTED = "1.6.1"
"""The MkDocs whose `Page.render` and `_build_page` the hook's shortcuts were written against."""


def check_version() -> None:
    found = version("mkdocs")
    if found != SUPPORTED:
        raise RuntimeError(f"MkDocs {found} is installed; kb/renderers/mkdocs/hook.py wraps private functions of "
                           f"MkDocs {SUPPORTED} (kb/renderers/mkdocs/private.py): pin it, or check the hook against it")


check_version()

from mkdocs.commands import build as _build  # noqa: E402
from mkdocs.structure import pages as _pages  # noqa: E402
from mkdocs.structure.toc import get_toc  # noqa: E402


def wrap_build_page(wrap: Callable[[Callable[..., Any]], Callable[..., Any]]) -> None:
    """Put `wrap(MkDocs's _build_page)` in its place, once per process (a wrapper it made is
    marked `kb_unbuilt`)."""
    if not getattr(_build._build_page, "kb_unbuilt", False):
        _build._build_page = wrap(_build._build_page)


def render_page(md: Any, page: Any, config: Any, files: Any) -> None:
    """What `Page.render` of MkDocs 1.6.1 does with its own new Markdown, done with `md` (reset
    by the caller): MkDocs's processors made and registered afresh for the page, as MkDocs does,
    replacing the last page's; then the page's content, table of contents, title, anchors and
    links to anchors set as MkDocs sets them."""
    raw_html = _pages._RawHTMLPreprocessor()
    raw_html._register(md)
    anchors = _pages._ExtractAnchorsTreeprocessor(page.file, files, config)
    anchors._register(md)
    links = _pages._RelativePathTreeprocessor(page.file, files, config)
    links._register(md)
    title = _pages._ExtractTitleTreeprocessor()
    title._register(md)
    page.content = md.convert(page.markdown)
    page.toc = get_toc(getattr(md, "toc_tokens", []))
    page._title_from_render = title.title
    page.present_anchor_ids = anchors.present_anchor_ids | raw_html.present_anchor_ids
    if _pages.log.getEffectiveLevel() > logging.DEBUG:
        page.links_to_anchors = links.links_to_anchors
