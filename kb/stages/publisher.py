"""Who published a document, as its page names it; nobody when it names none.

A scraped page names its outlet in a few places, in this order of trust: the site's footer
(rights and address lines), a credit at the top (a byline's desk, a name in brackets or
between dashes, a wire's dateline), then a phrase of the text that names the wire it draws
on. Where none of them speaks, the publisher stays unknown: a page or citation shows nothing
rather than a guess. The shapes are the language's (`credit_lines`, `credit_marks`,
`source_phrase` in kb/rules/lang/en.yml), the outlets the field's (`field: outlets:`).
"""
from __future__ import annotations

import re

from kb.model import Document
from kb.rules.language import ACRONYM, Language
from kb.stages.paragraphs import LEAD_PARAGRAPHS, Prepared

TOP_LINES = 40
"""At most this many lines of the page's top are read for a credit (a long chrome block
above a short lead)."""

CREDIT_WORDS = 8
"""A paragraph of at most this many words may be a credit standing alone, anywhere in the text
(a broadcaster's credit spells out its network's name)."""

_PARTS = re.compile(r"\s+[/|]\s+|\s+[-–—]\s+|\s*/\s*")
_URL = re.compile(r"(?i)^\s*(https?://|www\.)")


def _known(name: str, lang: Language) -> str | None:
    """The outlet `name` is, or opens with ("Agency News Agency", "Network Channel 1 of ..."),
    as the page writes it; None when the field knows no outlet of that name, or the name is
    an agency's photo credit ("Agency Photo"): the photo's agency is not the page's."""
    name = name.strip()
    m = lang.outlet_prefix.match(name)
    if m is None or (m.end() < len(name) and lang.is_caption(f"({name})")):
        return None
    return m.group(0)


def _pick(name: str, lang: Language, known_only: bool) -> str | None:
    """The outlet among the names a credit joins ("Site / Agency - date"): the first the field
    knows, else the first that is no date; with `known_only`, a known outlet or capitals."""
    parts = [p.strip(" .,;:-–—()") for p in _PARTS.split(name)]
    parts = [p for p in parts if p and not any(c.isdigit() for c in p)]
    known = [k for k in (_known(p, lang) for p in parts) if k]
    if known:
        return known[0]
    if known_only:
        return next((p for p in parts if ACRONYM.match(p)), None)
    return parts[0] if parts else None


def _footer_name(doc: Document, lang: Language) -> str | None:
    for line in doc.footer:
        if lang.contact_line.match(line) or _URL.match(line):
            continue
        name = re.sub(r"\s+", " ", lang.rights.sub(" ", line)).strip(" .,;:-|")
        if name:
            return name
    return None


def _top_lines(doc: Document, paras: list[Prepared]) -> list[str]:
    """The page's lines down to the end of its second paragraph (a byline may stand first),
    then those paragraphs as read (a date header glued to the lead taken off)."""
    lines = doc.raw_text.splitlines()
    end = paras[2].para.line - 1 if len(paras) > 2 else len(lines)
    return lines[:min(end, TOP_LINES)] + [p.para.text for p in paras[:2]]


def _credit_alone(paras: list[Prepared]) -> list[str]:
    """Paragraphs short enough to be a credit standing alone ("(Agency)" at the end)."""
    return [p.para.text for p in paras if len(p.para.text.split()) <= CREDIT_WORDS]


def _credit(line: str, patterns: tuple[re.Pattern[str], ...], lang: Language, known_only: bool) -> str | None:
    """The outlet the first of `patterns` that matches `line` credits (`_pick`), or None."""
    for pattern in patterns:
        m = pattern.search(line)
        name = m and _pick(m.group("name"), lang, known_only)
        if name:
            return name
    return None


def publisher_of(doc: Document, paras: list[Prepared], lang: Language) -> str | None:
    """The outlet the page names for itself (see the module), or None."""
    footer = _footer_name(doc, lang)
    if footer:
        return footer
    for line in _top_lines(doc, paras):
        name = _credit(line, lang.credit_lines, lang, False) or _credit(line, lang.credit_marks, lang, True)
        if name:
            return name
    for line in _credit_alone(paras):
        name = _credit(line, lang.credit_marks, lang, True)
        if name:
            return name
    for p in paras[:LEAD_PARAGRAPHS + 1]:  # a credit or caption line may stand above the lead
        m = lang.lead_dateline(p.para.text)
        agency = m and (m.group("agency") or m.group("agency2"))
        name = agency and _pick(agency, lang, known_only=False)
        if name:
            return name
    for p in paras:
        m = lang.source_phrase.search(p.para.text)
        if m:
            return m.group("name")
    return None
