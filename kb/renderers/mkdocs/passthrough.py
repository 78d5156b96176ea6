"""Raw HTML pass-through for generated pages: MkDocs's Markdown stage, minus the parsing.

Our page templates write Markdown that is ATX headings and blocks of raw HTML (the text in it
escaped), because the markup a knowledge base needs (paragraph anchors, chips, evidence marks,
citations) has no Markdown syntax. Python-Markdown passes such blocks through unchanged, but it
finds where each ends by parsing it tag by tag with `html.parser`, and MkDocs parses it once
more for anchor ids: three quarters of MkDocs's time at 1,000 documents (cProfile).

`stub` finds the same blocks by counting the tags that open and close each one, hands Markdown
the headings (so the table of contents, heading ids and permalinks stay MkDocs's own) with one
placeholder paragraph per run of blocks, and `restore` puts the blocks back as Python-Markdown
would have written them. A page with anything else (a Markdown list, a line of text, a tag
left open, a script) is not touched: `stub` returns None and MkDocs parses it as before.
tests/test_passthrough.py builds sites both ways and compares every page byte for byte.
"""
from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

import markdown
from markdown.htmlparser import void_tags

# A raw block starts with one of Python-Markdown's block-level tags at the start of a line and
# ends where that tag closes; void tags never close.
BLOCK_LEVEL = frozenset(markdown.Markdown().block_level_elements)
VOID = frozenset(void_tags)
_RAW_TEXT = frozenset(("script", "style", "textarea"))  # their content is not markup

_HEADING = re.compile(r"#{1,6} [^\n]*\S")
_START = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)[\s/>]")
_ID = re.compile(r"""id="([^"]+)\"""")
_TAGS: dict[str, re.Pattern[str]] = {}


@dataclass(frozen=True)
class Split:
    """A page as Markdown is to see it (`markdown`: its headings and one placeholder paragraph
    per run of raw blocks) and where those runs lie in the page (`spans`)."""

    markdown: str
    runs: tuple[tuple[tuple[int, int], ...], ...]
    source_len: int
    source_crc: int

    def _blocks(self, source: str) -> list[str]:
        out = []
        for run in self.runs:
            parts = [source[run[0][0]:run[0][1]]]
            for (_, prev_end), (a, b) in zip(run, run[1:]):
                parts.append("\n" if source[prev_end:a] == "\n" else "\n\n")
                parts.append(source[a:b])
            out.append("".join(parts))
        return out

    def blocks(self, source: str) -> list[str]:
        """Each run of raw blocks as Python-Markdown writes it: every block as it is, one line
        break between blocks on consecutive lines, a blank line between blocks further apart.
        Taken again from the page they were found in, so that no page's HTML is held between
        MkDocs's convert and write passes; a page that changed in between is an error."""
        if len(source) != self.source_len or zlib.crc32(source.encode("utf-8")) != self.source_crc:
            raise ValueError("the page changed between MkDocs's convert and write passes")
        return self._blocks(source)

    def anchor_ids(self, source: str) -> set[str]:
        """Ids in the raw blocks of `source` (the page just split): MkDocs checks links to
        anchors against them. Searched for by their literal start, the whitespace before
        checked after (four times faster than a pattern that starts with it)."""
        return {m.group(1) for run in self.runs for a, b in run for m in _ID.finditer(source, a, b)
                if m.start() > a and source[m.start() - 1].isspace()}


def _placeholder(token: str, n: int) -> str:
    return f"{token}{n}x"


def _block_end(text: str, start: int, name: str) -> int | None:
    """Where the raw block that opens with tag `name` at `start` ends (the end of the line of
    the tag that closes it; the rest of that line must be blank), or None.

    Only tags of the block's own name are counted: seed text is escaped, so every `<` is a tag
    of our templates, and those are well nested (the comparison tests would show otherwise)."""
    if name in VOID:
        close = text.index(">", start) + 1
    else:
        tags = _TAGS.get(name) or _TAGS.setdefault(name, re.compile(rf"<(/?){name}[\s/>]", re.I))
        depth = 0
        for m in tags.finditer(text, start):
            depth += -1 if m.group(1) else 1
            if depth == 0:
                close = text.find(">", m.start()) + 1
                break
        else:
            return None
        if close == 0:
            return None
    line_end = text.find("\n", close)
    line_end = len(text) if line_end < 0 else line_end
    return line_end if not text[close:line_end].strip() else None


def stub(markdown: str, token: str) -> Split | None:
    """Headings and placeholders for `markdown`, or None when the page is not only ATX
    headings and whole raw HTML blocks, each starting at the start of a line."""
    out: list[str] = []
    runs: list[list[tuple[int, int]]] = []
    pos, n = 0, len(markdown)
    in_run = False  # the last thing seen was a raw block: the next one joins its run
    while pos < n:
        line_end = markdown.find("\n", pos)
        line_end = n if line_end < 0 else line_end
        line = markdown[pos:line_end]
        if not line.strip():
            pos = line_end + 1
            continue
        if line.startswith("#"):
            if not _HEADING.fullmatch(line):
                return None
            out.append(line)
            in_run = False
            pos = line_end + 1
            continue
        m = _START.match(line)
        name = m.group(1).lower() if m else ""
        if name not in BLOCK_LEVEL or name in _RAW_TEXT:
            return None
        end = _block_end(markdown, pos, name)
        if end is None:
            return None
        if not in_run:
            out.append(_placeholder(token, len(runs)))
            runs.append([])
            in_run = True
        runs[-1].append((pos, end))
        pos = end + 1
    return Split("\n\n".join(out) + "\n", tuple(tuple(r) for r in runs), len(markdown),
                 zlib.crc32(markdown.encode("utf-8")))


def _pieces(html: str, split: Split, token: str) -> list[str]:
    pieces = re.split(rf"<p>{re.escape(token)}(\d+)x</p>", html)
    if len(pieces) != 2 * len(split.runs) + 1:
        raise ValueError(f"{len(split.runs)} runs of raw blocks but {len(pieces) // 2} placeholders in the converted page")
    return pieces


def ends(html: str, split: Split, token: str) -> tuple[bool, ...]:
    """For each placeholder of the converted page `html`, in order, whether it ends the page:
    what `restore` needs to know of the page when it restores the blocks into something larger
    (the whole themed page)."""
    return tuple(not after for after in _pieces(html, split, token)[2::2])


def restore(html: str, source: str, split: Split, token: str, ending: tuple[bool, ...] | None = None) -> str:
    """The converted page with each placeholder paragraph replaced by its raw blocks, followed,
    as Python-Markdown writes them, by a blank line unless they end the page. `html` may be the
    page inside its theme, given `ending` from `ends` on the page alone."""
    blocks = split.blocks(source)
    pieces = _pieces(html, split, token)
    for k, i in enumerate(range(1, len(pieces), 2)):
        last = ending[k] if ending is not None else not pieces[i + 1]
        pieces[i] = blocks[int(pieces[i])] + ("" if last else "\n")
    return "".join(pieces)
