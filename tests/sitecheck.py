"""Checks on a built site: every internal link and anchor resolves; nothing loads from elsewhere."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

RESOURCE_ATTRS = {("script", "src"), ("img", "src"), ("iframe", "src"), ("source", "src"),
                  ("video", "src"), ("audio", "src"), ("embed", "src"), ("object", "data")}
LOADING_RELS = {"stylesheet", "icon", "preload", "modulepreload", "manifest", "prefetch", "apple-touch-icon"}


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.resources: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for key in ("id", "name"):
            if a.get(key):
                self.ids.add(a[key])
        if tag == "a" and (a.get("href") or a.get("xlink:href")) is not None:
            self.links.append(a.get("href") or a["xlink:href"])
        if tag == "link" and a.get("href"):
            rels = set((a.get("rel") or "").split())
            if rels & LOADING_RELS:
                self.resources.append(a["href"])
            elif "canonical" not in rels and "alternate" not in rels:
                self.links.append(a["href"])
        for t, attr in RESOURCE_ATTRS:
            if tag == t and a.get(attr):
                self.resources.append(a[attr])


def parse_site(site: Path) -> dict[str, _Page]:
    pages = {}
    for path in sorted(site.rglob("*.html")):
        parser = _Page()
        parser.feed(path.read_text(encoding="utf-8"))
        pages[path.relative_to(site).as_posix()] = parser
    return pages


def _target(site: Path, page: str, href: str) -> tuple[Path, str] | None:
    """The file and fragment an internal link points at; None for other hosts and schemes."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return None
    url = urljoin("http://site/" + page, href)
    path = unquote(urlsplit(url).path).lstrip("/")
    target = site / path
    if path == "" or path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target, unquote(parts.fragment)


def broken_links(site: Path) -> list[str]:
    """Every internal link or anchor in the built HTML that does not resolve."""
    pages = parse_site(site)
    problems = []
    for page, parsed in pages.items():
        for href in parsed.links + parsed.resources:
            if href.startswith(("mailto:", "javascript:", "data:")):
                continue
            found = _target(site, page, href)
            if found is None:
                continue
            target, fragment = found
            if not target.exists():
                problems.append(f"{page}: {href} -> missing {target.relative_to(site)}")
                continue
            if fragment and target.suffix == ".html":
                ids = pages[target.relative_to(site).as_posix()].ids
                if fragment not in ids:
                    problems.append(f"{page}: {href} -> no anchor #{fragment}")
    return problems


_CSS_URL = re.compile(r"""url\(\s*['"]?(https?:)?//""")
_IMPORT = re.compile(r"""@import\s+['"]?(https?:)?//""")


def foreign_resources(site: Path) -> list[str]:
    """Resources a page would load from another host (scripts, styles, fonts, images)."""
    problems = []
    for page, parsed in parse_site(site).items():
        for src in parsed.resources:
            if urlsplit(src).netloc or src.startswith("//"):
                problems.append(f"{page}: {src}")
    for css in site.rglob("*.css"):
        text = css.read_text(encoding="utf-8", errors="replace")
        if _CSS_URL.search(text) or _IMPORT.search(text):
            problems.append(f"{css.relative_to(site)}: loads from another host")
    return problems
