"""Pages: the corpus to Markdown pages and data exports. The build calls `iter_site` and
`page_keys`; MkDocs' site module asks `url_of`. Everything else here is this package's own."""
from kb.pages.render import iter_site, page_keys, render_site, url_of

__all__ = ["iter_site", "page_keys", "render_site", "url_of"]
