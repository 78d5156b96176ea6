"""Pages: the corpus to Markdown pages and data exports. The build calls `iter_site` (with its
`RenderOptions`) and `page_keys`; MkDocs' site module asks `url_of`. Everything else here is
this package's own: one module per page kind, each a function of a `PageContext`."""
from kb.pages.keys import page_keys
from kb.pages.site import RenderOptions, iter_site, render_site
from kb.pages.urls import url_of

__all__ = ["RenderOptions", "iter_site", "page_keys", "render_site", "url_of"]
