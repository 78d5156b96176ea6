"""The pages left at URLs a document no longer has, so no link given out ever 404s: a renamed
document's old URL forwards to the new one, a removed document's tells that it was withdrawn."""
from __future__ import annotations

import html

from kb.pages.context import PageContext
from kb.pages.urls import doc_path


def moved_page(ctx: PageContext, old: str, new: str) -> str:
    """The page left at a renamed document's old URL: a link, and kb.js follows it with the
    paragraph anchor kept (`old/#p3` lands on `new/#p3`)."""
    path = doc_path(old)
    doc = ctx.corpus.by_slug[new]
    return ctx.page("moved.md.j2", path, {"title": html.escape(doc.title), "search": {"exclude": True}},
                    target=ctx.href(path, doc_path(new)), doc=doc)


def withdrawn_page(ctx: PageContext, slug: str, title: str, source: str) -> str:
    """The page left at a removed document's URL, so a cited link tells what happened."""
    return ctx.page("withdrawn.md.j2", doc_path(slug), {"title": html.escape(title or slug), "search": {"exclude": True}},
                    title=title or slug, source=source)
