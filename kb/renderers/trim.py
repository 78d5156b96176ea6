"""The indentation a theme's templates leave in every page, taken out as the page is written.

Material's templates indent their markup for their authors; a browser collapses a line break
and the spaces after it into one space wherever white space is not preserved, so the spaces
show nowhere, yet they are 3 to 4 KB of every page's chrome (BENCHMARKS.md, "Site size per
document"). Only the spaces and tabs that open a line, and empty lines, go: a line break stays
wherever one was, so no two words or inline elements touch that did not. Elements whose white
space counts (`pre`, `textarea`) and whose text is code (`script`, `style`) are left as they
are. Renderer-neutral: a pure function of the page's HTML.
"""
from __future__ import annotations

import re

_KEPT = re.compile(r"(<(pre|textarea|script|style)\b.*?</\2\s*>)", re.S | re.I)
"""An element whose text is written out as it is, whole (its tag name is group 2)."""
_INDENT = re.compile(r"\n[ \t\n]+")
"""A line break and the spaces, tabs and empty lines after it."""


def trim_indentation(html: str) -> str:
    """`html` without the spaces that open its lines and without empty lines, outside the
    elements `_KEPT` leaves whole. Rendered the same: see the module's docstring."""
    parts = _KEPT.split(html)
    out = []
    # split() with two groups gives: text, whole element, tag name, text, whole element, ...
    for i in range(0, len(parts), 3):
        out.append(_INDENT.sub("\n", parts[i]))
        if i + 1 < len(parts):
            out.append(parts[i + 1])
    return "".join(out)
