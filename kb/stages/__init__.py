"""Stages: the pipeline's steps over documents, in order: read, annotate, anchors, ledger, link. Each takes values and returns values."""
