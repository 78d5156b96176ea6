"""Exports: the machine-readable files a site ships beside its pages (kb.json, CSV, feed, citations, Web Annotations)."""
