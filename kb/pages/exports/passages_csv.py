"""`data/passages.csv`: one row per topic passage, for spreadsheets. Each document's rows are
kept in the memo between builds; every cell is one a spreadsheet cannot run as a formula. The
file opens with UTF-8's byte-order mark: without it Excel reads it in the system's legacy code
page and shows "Xi’an" as mojibake; Python's "utf-8-sig" and LibreOffice read past it."""
from __future__ import annotations

import csv
import datetime as dt
import io

from kb.model import Annotated
from kb.pages.context import PageContext
from kb.pages.escape import csv_cell
from kb.pages.exports.memo import Memo, memoised, record_keys
from kb.pages.urls import doc_path

BOM = "\ufeff"
"""UTF-8's byte-order mark, which tells Excel the file's encoding."""
HEADER = ("document", "title", "date", "paragraph_url", "paragraph", "topic", "topic_label", "evidence")


def passages_csv(ctx: PageContext, memo: Memo | None = None) -> str:
    """`data/passages.csv`: one row per topic passage, for spreadsheets."""
    corpus = ctx.corpus
    return BOM + ",".join(HEADER) + "\n" + "".join(
        memoised(memo, record_keys(corpus, doc)[1], lambda: csv_rows(ctx, doc)) for doc in corpus.documents)


def csv_rows(ctx: PageContext, doc: Annotated) -> str:
    """A document's rows of passages.csv."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    date = doc.sort_date.isoformat() if doc.sort_date != dt.date.min else ""
    url = ctx.absolute(doc_path(doc.slug))
    for hit in doc.topics:
        writer.writerow([csv_cell(x) for x in (
            doc.slug, doc.title, date, f"{url}#{doc.anchor(hit.paragraph)}", str(doc.anchor_number(hit.paragraph)),
            hit.topic, ctx.vocab.concepts[hit.topic].label, " | ".join(s.text for s in hit.evidence))])
    return out.getvalue()
