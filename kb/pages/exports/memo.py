"""What the build keeps between builds of the corpus-wide files: each document's part of
kb.json and passages.csv, so a build after one seed changed encodes one document's part and
not the whole corpus's (kept by kb/output/cache.py's RenderCache)."""
from __future__ import annotations

import hashlib
from typing import Callable, Protocol

from jinja2 import BytecodeCache

from kb.model import Annotated, Corpus


class Memo(Protocol):
    """What the pages keep between builds (cache.RenderCache): each document's parts of the
    corpus-wide files, and the compiled templates."""

    bytecode: BytecodeCache | None

    def get(self, key: str) -> str | None: ...

    def has(self, key: str) -> bool: ...

    def put(self, key: str, value: str) -> None: ...


def record_key(doc: Annotated, event: str | None) -> str:
    """What a document's parts of kb.json and passages.csv depend on besides the vocabulary,
    the code and the site URL (the memo's own fingerprint): its text, its slug, its event, its
    paragraph anchors."""
    return hashlib.sha256(repr((doc.doc.source, doc.doc.sha256, doc.doc.encoding, doc.slug, event, doc.anchors))
                          .encode("utf-8")).hexdigest()[:40]


def record_keys(corpus: Corpus, doc: Annotated) -> tuple[str, str]:
    """The memo keys of a document's parts of kb.json and passages.csv."""
    return "json:" + record_key(doc, corpus.event_of.get(doc.slug)), "csv:" + record_key(doc, None)


def memoised(memo: Memo | None, key: str, make: Callable[[], str]) -> str:
    """The memo's value of `key`, made (and kept) where it has none."""
    if memo is None:
        return make()
    value = memo.get(key)
    if value is None:
        value = make()
        memo.put(key, value)
    return value
