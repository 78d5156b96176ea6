"""The last build's paragraphs, read back from its `kb.json`, so the ledger can keep each
paragraph anchor on the text it named (`ledger.assign_anchors`)."""
from __future__ import annotations

import json
from pathlib import Path


def last_paragraphs(kb_files: list[Path], slugs: set[str]) -> dict[str, tuple[tuple[str, str, tuple[str, ...]], ...]]:
    """(anchor, text, retired anchors landing on it) of each paragraph of the documents
    `slugs`, as the last build's kb.json shows them: the first of `kb_files` that has a
    document wins. The ledger's anchors are matched against these texts (ledger.assign_anchors).
    Only the lines of those documents are parsed (kb.json is one record per line); a missing
    or unreadable file gives nothing, and costs only anchors a changed paragraph could keep."""
    out: dict[str, tuple[tuple[str, str, tuple[str, ...]], ...]] = {}
    for path in kb_files:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        for record in _document_records(text, slugs - out.keys()):
            try:
                out.setdefault(record["id"], tuple(
                    (str(p["anchor"]), str(p["text"]), tuple(map(str, p.get("retired_anchors", ()))))
                    for p in record["paragraphs"]))
            except (KeyError, TypeError, AttributeError):
                continue
    return out


def _document_records(text: str, slugs: set[str]) -> list[dict]:
    """The records of `slugs` in the text of a kb.json: by line where it is written one
    record a line, else (an older, indented file) parsed whole."""
    prefix = '{"id":"'
    found: list[dict] = []
    by_line = False
    for line in text.split("\n"):
        if not line.startswith(prefix):
            continue
        by_line = True
        end = line.find('"', len(prefix))
        if line[len(prefix):end] in slugs:
            try:
                found.append(json.loads(line.rstrip(",")))
            except ValueError:
                continue
    if by_line:
        return found
    try:
        documents = json.loads(text).get("documents", [])
    except (ValueError, AttributeError):
        return []
    return [d for d in documents if isinstance(d, dict) and d.get("id") in slugs]
