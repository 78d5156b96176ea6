"""Where each generated file goes, and the links between them.

A page is named by its Markdown path in the docs folder (`documents/<slug>.md`); its URL is
derived from that path (`url_of`), and every link between pages is relative (`relative`), so
the site works under any sub-path. Only `absolute` URLs (canonical links, citations, the feed,
JSON-LD) use the site URL the build is given.
"""
from __future__ import annotations

import posixpath
from functools import lru_cache


def url_of(path: str) -> str:
    """Site URL (from the root, no leading slash) of a generated Markdown file."""
    if not path.endswith(".md"):
        return path
    stem = path[:-3]
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[:-len("index")]
    return stem + "/"


@lru_cache(maxsize=1 << 14)
def _relative_from_dir(base: str, to_url: str) -> str:
    # posixpath.relpath, less its normalising: our URLs have no "." or ".." parts.
    b = base.strip("/").split("/") if base.strip("/") else []
    t = to_url.strip("/").split("/") if to_url.strip("/") else []
    i = 0
    while i < len(b) and i < len(t) and b[i] == t[i]:
        i += 1
    rel = "/".join([".."] * (len(b) - i) + t[i:]) or "."
    if to_url.endswith("/") or to_url == "":
        rel = rel.rstrip("/") + "/"
    return "./" if rel in ("./", "/") else rel


def relative(from_url: str, to_url: str) -> str:
    """Link from one page URL to another, relative, so the site works under any sub-path.
    (Cached by folder, for the links a page repeats; a small cache: pages keep their own
    document and entity links, and a cache sized for the whole site held much memory in each
    render process for few hits.)"""
    base = "/" + from_url
    if not base.endswith("/"):
        base = posixpath.dirname(base) + "/"
    return _relative_from_dir(base, to_url)


def absolute(site_url: str, path: str) -> str:
    """Absolute URL of a generated file (`site_url`, ending in "/", + its URL), or its URL from
    the root where the build was given no site URL."""
    return site_url + url_of(path) if site_url else "/" + url_of(path)


def doc_path(slug: str) -> str:
    """A document's page, by its permanent slug."""
    return f"documents/{slug}.md"


def concept_path(section: str, cid: str) -> str:
    """A concept's main page."""
    return f"{section}/{cid}.md"


def concept_year_path(section: str, cid: str, year: str) -> str:
    """A concept's page of one year's passages (beside its main page's folder URL)."""
    return f"{section}/{cid}/{year}.md"


def concept_year_stub_path(section: str, cid: str, year: str) -> str:
    """What a concept's year has at its page's URL when the main page holds the year's passages
    (`concept.year_stub`): the same address as `concept_year_path`'s page, written as served."""
    return f"{section}/{cid}/{year}/index.html"


def event_path(eid: str) -> str:
    """An event's page."""
    return f"events/{eid}.md"


def event_stub_path(eid: str) -> str:
    """What an event of one account has at its page's URL (`event.event_stub`): the same
    address as `event_path`'s page, written as it is served."""
    return f"events/{eid}/index.html"


def original_path(slug: str) -> str:
    """The seed's text as read, offered for download beside its page."""
    return f"originals/{slug}.txt"


def document_files(slug: str) -> tuple[str, str, str, str]:
    """The original text and the citation files (BibTeX, CSL-JSON, RIS) of a document."""
    return original_path(slug), f"cite/{slug}.bib", f"cite/{slug}.json", f"cite/{slug}.ris"


def feed_path(section: str, cid: str) -> str:
    """The Atom feed of a concept's documents, in its page's folder (beside its year pages)."""
    return f"{section}/{cid}/feed.xml"


def ris_path(section: str, cid: str) -> str:
    """The citations (RIS) of a concept's documents, in its page's folder."""
    return f"{section}/{cid}/documents.ris"


LOCAL_HOSTS = ("127.0.0.1", "localhost", "[::1]", "0.0.0.0")
"""Hosts of an address only this machine reaches: links to it work for nobody else."""


def address_warning(site_url: str) -> str | None:
    """What the build prints, once, when the exports' absolute links (citations, feeds, JSON-LD,
    annotations, sitemap) would point at no public address; None when they do."""
    host = site_url.split("://", 1)[-1].split("/", 1)[0].rsplit(":", 1)[0] if site_url else ""
    if site_url and host not in LOCAL_HOSTS:
        return None
    return (f"the site's public address is not set (site URL {site_url or 'none'}): citations, feeds and data "
            "files link to it; set KB_SITE_URL or site_url in mkdocs.yml to where the site will live")
