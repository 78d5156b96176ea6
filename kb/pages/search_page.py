"""The search page, `search/`: a search that can be shared and bookmarked. Its address holds
the query and the filters (`search/?q=power+of+siberia&topic=energy`); opened, it draws the
results in the page itself, so a link from a report works without the header's field
(kb-pagefind.js fills it in). Nothing of it goes into a search index."""
from __future__ import annotations

from kb.pages.context import PageContext

PATH = "search.md"


def search_page(ctx: PageContext) -> str:
    """The page's frame: a field, the filters and the list; the script fills them in."""
    return ctx.page("search.md.j2", PATH, {"title": "Search", "search": {"exclude": True}})
