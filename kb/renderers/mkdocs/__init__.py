"""The MkDocs renderer: the site build in shards, the hook (MkDocs events), the theme parts it renders once, and the private MkDocs calls it needs."""
