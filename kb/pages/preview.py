"""What a document shows where it is linked or saved: the meta description, the feed's summary,
and the `<meta>` tags in the page's <head> that link previews (Open Graph, Twitter's card) and
reference managers (Highwire's `citation_*`, read by Zotero's connector and Google Scholar)
read.

The preview text is the lead (`Annotated.lead`: the first prose paragraph, no caption, byline
or stamp, its dateline off), cut at a sentence where one ends early enough, else at a word with
an ellipsis: never mid-word, so a preview never ends in half a name.
"""
from __future__ import annotations

from kb.model import Annotated
from kb.pages.context import PageContext
from kb.pages.escape import esc
from kb.pages.exports.citations import Record
from kb.pages.preview_image import PATH as IMAGE

DESCRIPTION_CHARS = 200
"""The meta description's length at most: what search results and previews show of it."""
SUMMARY_CHARS = 500
"""The feed summary's length at most."""


def cut(text: str, sentence_ends: tuple[int, ...], limit: int) -> str:
    """`text` whole if it fits; else up to its last sentence end within `limit` (if that keeps
    half of it or more), else up to the last word that fits, with an ellipsis."""
    if len(text) <= limit:
        return text
    ends = [e for e in sentence_ends if limit // 2 <= e <= limit]
    if ends:
        return text[:ends[-1]].rstrip()
    head = text[:limit].rstrip()
    if not text[limit:limit + 1].isspace():  # the limit falls inside a word: drop that word
        head = head.rsplit(None, 1)[0] if len(head.split()) > 1 else head
    return head.rstrip(" ,;:–—-") + "…"


def description(doc: Annotated, limit: int = DESCRIPTION_CHARS) -> str:
    """The lead cut at a sentence or a word."""
    text, ends = doc.lead_text
    return cut(text, ends, limit)


def summary(doc: Annotated) -> str:
    """The feed's summary: the lead, cut at a word with an ellipsis where it is long."""
    text, _ = doc.lead_text
    return cut(text, (), SUMMARY_CHARS)


def meta_tags(ctx: PageContext, doc: Annotated, rec: Record) -> str:
    """The <meta> elements of a document page's <head>, every value escaped (seed text is
    data), made of the citation's record, so a preview, an import and a citation name the same
    author, publisher and date. A value the text does not give (author, publisher, date) is
    left out, never made up; the page's URL only where the site's address is known, as
    previews need it absolute. The image is the site's one (`preview_image`)."""
    text = description(doc)
    url = rec.url if ctx.site_url else ""
    tags = [("name", "citation_title", rec.title)]
    tags += [("name", "citation_author", a) for a in rec.authors]
    if rec.publisher:
        tags.append(("name", "citation_publisher", rec.publisher))
    if rec.issued:
        tags.append(("name", "citation_date", rec.issued.strftime("%Y/%m/%d")))
    if url:
        tags.append(("name", "citation_public_url", url))
    tags += [("property", "og:type", "article"), ("property", "og:title", rec.title),
             ("property", "og:description", text), ("property", "og:image", ctx.absolute(IMAGE))]
    if url:
        tags.append(("property", "og:url", url))
    if rec.issued:
        tags.append(("property", "article:published_time", rec.issued.isoformat()))
    tags.append(("name", "twitter:card", "summary"))
    return "\n  ".join(f'<meta {kind}="{name}" content="{esc(value)}">' for kind, name, value in tags)
