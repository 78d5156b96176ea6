"""A page left at a URL to forward the reader elsewhere, written as served: no theme, no script.

Where a page was or will be, but has nothing of its own to show now (an encounter of one
account, a year of a concept whose main page holds all its passages), a whole page of chrome
would be bytes for nothing, and no page at all would break a link given out. A few hundred
bytes forward the reader instead, name the destination for a browser that does not follow, and
ask search engines to index the destination.
"""
from __future__ import annotations

import html


REFRESH = '<meta http-equiv="refresh"'
"""What every stub's head holds, and no page of the site: what sets a stub apart from a page."""


def is_stub(html_text: str) -> bool:
    """Whether an HTML file of the site is a stub (the measures and the tests count them apart)."""
    return REFRESH in html_text and "<article" not in html_text


def forward_page(title: str, href: str, canonical: str, sentence: str, link_text: str) -> str:
    """The stub: `sentence` (plain text) then a link to `href` reading `link_text`. Every value
    is text and escaped here: a title comes from a seed."""
    href, title, link_text = html.escape(href), html.escape(title), html.escape(link_text)
    return ('<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{title}</title>\n"
            '<meta name="robots" content="noindex">\n'
            f'<link rel="canonical" href="{html.escape(canonical)}">\n'
            f'{REFRESH} content="0; url={href}">\n'
            "</head>\n<body>\n"
            f'<p>{html.escape(sentence)} <a href="{href}">{link_text}</a>.</p>\n'
            "</body>\n</html>\n")
