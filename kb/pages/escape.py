"""Escaping: seed text and vocabulary labels made safe for where they land.

Seed text is data, never markup. Every value a template prints goes through `finalize` (HTML's
five characters, and Markdown's punctuation as character references), so forgetting a filter
cannot inject anything; the pieces of HTML the pages build in Python are `Markup` made of
`esc`-aped text. The other places text lands have their own function here: a <script> element
(`script_json`), a BibTeX field (`bibtex_text`), a RIS field (`ris_text`), a spreadsheet cell (`csv_cell`). Every
escaping function of the pages is in this module, so `./run mutate escape` plants its bugs in
all of them and nowhere else.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from markupsafe import Markup

_ESCAPES = str.maketrans({**{c: f"&#{ord(c)};" for c in "\\`*_{}[]#!|~^=$"},
                          "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"})
"""HTML's five, plus every character Markdown or a pymdownx extension could read as syntax."""
_NEEDS_ESCAPE = re.compile("[" + re.escape("".join(map(chr, _ESCAPES))) + "]")
"""Any of those: most stretches of text have none, and a search finds that faster than
`translate` copies them."""


def escape_text(text: str) -> str:
    """Text safe in HTML and Markdown alike, as a plain string (for HTML built piece by piece)."""
    return text if _NEEDS_ESCAPE.search(text) is None else text.translate(_ESCAPES)


def esc(value: Any) -> Markup:
    """Text to something safe in HTML and in Markdown alike."""
    if type(value) is str:  # most calls: a title, a label, a sentence
        return _esc_str(value)
    if isinstance(value, Markup):
        return value
    return _esc_str("" if value is None else str(value))


@lru_cache(maxsize=1 << 15)
def _esc_str(text: str) -> Markup:
    # Labels, titles and URLs recur on thousands of pages: escape each once.
    return Markup(escape_text(text))


def finalize(value: Any) -> Any:
    """The Jinja environment's `finalize`: every value a template prints is escaped."""
    return esc(value)


def marked(text: str, evidence: list[tuple[int, int, str]], title: str) -> Markup | None:
    """The text with each evidence span marked, where the spans are apart from each other (a
    topic's passage on its page: one topic, a few spans), as `paragraph.paragraph_html` marks
    them; None where spans overlap, for the general way. (A big site has hundreds of thousands
    of such passages.)"""
    spans = sorted((start, end) for start, end, _ in evidence)
    out: list[str] = []
    pos = 0
    for start, end in spans:
        if start < pos or end <= start:
            return None
        if start > pos:
            out.append(escape_text(text[pos:start]))
        out.append(f'<mark class="kb-ev" title="{title}">{escape_text(text[start:end])}</mark>')
        pos = end
    if pos < len(text):
        out.append(escape_text(text[pos:]))
    return Markup("".join(out))


def script_json(text: str) -> str:
    """JSON text safe inside a <script> element: "</script>" or "<!--" in seed text must not end
    the element, so every "<", ">" and "&" becomes its JSON escape (still the same JSON)."""
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def bibtex_text(text: str) -> str:
    """BibTeX's special characters escaped, so a title cannot break the entry."""
    table = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "$": r"\$",
             "#": r"\#", "_": r"\_", "^": r"\^{}", "~": r"\~{}"}
    return "".join(table.get(c, c) for c in " ".join(text.split()))


def ris_text(text: str) -> str:
    """A RIS field's value on one line: RIS has no escape, and a line break in seed text would
    start a tag of the reader's choosing ("ER  - ")."""
    return " ".join(text.split())


def csv_cell(value: str) -> str:
    """A spreadsheet cell that cannot run as a formula (=, +, -, @ at the start)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
