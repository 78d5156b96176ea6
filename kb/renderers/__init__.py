"""Renderers: the Markdown pages to an HTML site. `base` is the interface the build calls; MkDocs and Zensical implement it; `search` builds the search index for either."""
