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
from kb.pages.urls import doc_path

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


def meta_tags(ctx: PageContext, doc: Annotated) -> str:
    """The <meta> elements of a document page's <head>, every value escaped (seed text is
    data). A value the text does not give (publisher, date) is left out, never made up; the
    page's URL only where the site's address is known, as previews need it absolute."""
    text = description(doc)
    url = ctx.absolute(doc_path(doc.slug)) if ctx.site_url else ""
    day = doc.published
    tags = [("name", "citation_title", doc.title)]
    if doc.publisher:
        tags.append(("name", "citation_publisher", doc.publisher))
    if day:
        tags.append(("name", "citation_date", day.strftime("%Y/%m/%d")))
    if url:
        tags.append(("name", "citation_public_url", url))
    tags += [("property", "og:type", "article"), ("property", "og:title", doc.title),
             ("property", "og:description", text)]
    if url:
        tags.append(("property", "og:url", url))
    if day:
        tags.append(("property", "article:published_time", day.isoformat()))
    tags.append(("name", "twitter:card", "summary"))
    return "\n  ".join(f'<meta {kind}="{name}" content="{esc(value)}">' for kind, name, value in tags)
