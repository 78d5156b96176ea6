"""The slug ledger: a page's URL is assigned once and kept.

Analysts cite pages for years, so a slug must not move when title extraction improves, when a
seed file is renamed, or when another document with the same title arrives. The ledger
(`seeds/ledger.yml`, committed with the seeds) records each slug with the text digest and file
name it was given for; lookups go by digest first (a renamed file keeps its page), then by
file name (an edited seed keeps its page).

Paragraph anchors are kept the same way (`assign_anchors`, matching in kb/stages/anchors.py): each
entry records its document's anchors in page order, each with a digest of the text it named,
so `#p3` stays on the same text when the reader or the seed changes.
"""
from __future__ import annotations

import dataclasses
import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Mapping, Sequence

import yaml
from slugify import slugify

from kb.stages import anchors as anchors_
from kb.model import Anchors, Annotated
from kb.rules.language import load_language
from kb.rules.yamlfile import ConfigError, LineDict, LineList, load, line_of

SLUG_WORDS_MAX = 60
"""Longest title part of a slug, in characters (cut at a word boundary)."""
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_ANCHOR = re.compile(r"^p([1-9][0-9]*)=([0-9a-f]{4,64})$")
"""One recorded anchor: `p3=<digest of the paragraph's text>`."""
_ANCHOR_ID = re.compile(r"p[1-9][0-9]*")


@dataclass(frozen=True)
class LedgerEntry:
    """One slug, assigned once."""

    slug: str
    sha256: str
    """Digest of the text the slug was assigned for (updated when the text is edited)."""
    source: str
    """Seed file name it was last seen under."""
    title: str = ""
    """Title it was last built with (for the withdrawn page when the seed is removed)."""
    previous: tuple[str, ...] = ()
    """Slugs it had before a deliberate rename: each keeps a redirect to this one."""
    anchors: tuple[tuple[int, str], ...] | None = None
    """(N of `pN`, digest of the text it named) for every anchor the page ever had, in page
    order (a retired one beside the paragraph it lands at); None in a ledger written before
    anchors were kept (the last build's kb.json then tells them); empty for a document new to
    the ledger (`p1`... by position: no kb.json is read for a new seed)."""


def read_ledger(path: Path) -> list[LedgerEntry]:
    """The ledger's entries; a missing ledger is an empty one."""
    if not path.exists():
        return []
    data = load(path)
    problems: list[str] = []
    entries: list[LedgerEntry] = []
    items = data.get("documents") if isinstance(data, LineDict) else None
    if data is not None and not isinstance(items, LineList):
        raise ConfigError([f"{path}:{line_of(data)}: expected a 'documents' list"])
    seen: set[str] = set()
    for index, item in enumerate(items or []):
        line = line_of(items, index)
        if not (isinstance(item, LineDict) and all(isinstance(item.get(k), str) for k in ("slug", "sha256", "source"))):
            problems.append(f"{path}:{line}: each entry needs slug, sha256 and source strings")
            continue
        previous = item.get("previous", [])
        if not (isinstance(previous, list) and all(isinstance(p, str) and SLUG.match(p) for p in previous)):
            problems.append(f"{path}:{line_of(item, 'previous')}: previous: must be a list of slugs")
            previous = []
        if not SLUG.match(item["slug"]):
            problems.append(f"{path}:{line_of(item, 'slug')}: slug: {item['slug']!r} is not a slug "
                            "(lowercase letters, digits, single hyphens)")
        for slug in [item["slug"], *previous]:
            if slug in seen:
                problems.append(f"{path}:{line}: slug: {slug!r} appears twice")
            seen.add(slug)
        title = item.get("title", "")
        anchors = _read_anchors(item.get("anchors"), f"{path}:{line_of(item, 'anchors')}", problems)
        entries.append(LedgerEntry(item["slug"], item["sha256"], item["source"],
                                   title if isinstance(title, str) else "", tuple(previous), anchors))
    if problems:
        raise ConfigError(problems)
    return entries


def _read_anchors(value: object, where: str, problems: list[str]) -> tuple[tuple[int, str], ...] | None:
    """An entry's `anchors` string (`p1=3fa2c1d0 p2=...`), or None where there is none."""
    if value is None:
        return None
    if not isinstance(value, str):
        problems.append(f"{where}: anchors: must be a string of `pN=digest` words")
        return None
    out: list[tuple[int, str]] = []
    numbers: set[int] = set()  # a document of 20,000 paragraphs: no pass over `out` per anchor
    for word in value.split():
        m = _ANCHOR.match(word)
        if m is None:
            problems.append(f"{where}: anchors: {word!r} is not `pN=digest` (N from 1, a lowercase hex digest)")
            continue
        number = int(m[1])
        if number in numbers:
            problems.append(f"{where}: anchors: p{m[1]} appears twice")
            continue
        numbers.add(number)
        out.append((number, m[2]))
    return tuple(out)


def render_ledger(entries: list[LedgerEntry]) -> str:
    """The ledger file's text: sorted by slug so its diffs stay small and readable (one line
    of anchors per document: it changes only when a paragraph does)."""
    body = yaml.dump(
        {"documents": [{"slug": e.slug, "source": e.source, "sha256": e.sha256, "title": e.title,
                        **({"previous": list(e.previous)} if e.previous else {}),
                        **({"anchors": " ".join(f"p{n}={d}" for n, d in e.anchors)} if e.anchors is not None else {})}
                       for e in sorted(entries, key=lambda e: e.slug)]},
        Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), sort_keys=False, allow_unicode=True, width=1000)
    return ("# Permanent page slugs, one per document: written by the build, committed with the\n"
            "# seeds. Never reuse or delete a slug; pages cited in reports depend on it. To change\n"
            "# one, run `build_site.py rename OLD NEW`: the old URL then redirects to the new.\n"
            "# `anchors`: each paragraph anchor the page ever had (pN=digest of the text it names),\n"
            "# in page order, so a cited #pN keeps landing on the same text.\n" + body)


@functools.cache
def _default_trailing() -> frozenset[str]:
    return load_language().slug_trailing_words


def new_slug(doc: Annotated, taken: set[str], trailing: frozenset[str] | None = None) -> str:
    """`<date>-<title words>`, unique among `taken`; the title's last words are dropped while
    they are `trailing` (the language's `slug_trailing_words`; the default language's when
    None), as a slug ending on one reads as cut off."""
    date = doc.sort_date.isoformat() if (doc.event_date or doc.published) else "undated"
    words = slugify(doc.title, max_length=SLUG_WORDS_MAX, word_boundary=True, save_order=True)
    parts = words.split("-")
    trailing = _default_trailing() if trailing is None else trailing
    while len(parts) > 1 and parts[-1] in trailing:
        parts.pop()
    words = "-".join(parts) or "document"
    base = f"{date}-{words}"
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def assign_slugs(docs: list[Annotated], entries: list[LedgerEntry],
                 trailing: frozenset[str] | None = None) -> tuple[dict[str, str], list[LedgerEntry]]:
    """Slug per seed source, and the ledger updated with new and moved documents (a new slug
    as `new_slug` makes it, with `trailing`).

    Pure: the caller reads and writes the ledger file.
    """
    by_hash = {e.sha256: e for e in entries}
    by_source = {e.source: e for e in entries}
    taken = {s for e in entries for s in (e.slug, *e.previous)}
    updated = {e.slug: e for e in entries}
    slugs: dict[str, str] = {}
    claimed: set[str] = set()
    ordered = sorted(docs, key=lambda d: d.doc.source)
    # Same text first (a renamed seed keeps its page), then same file name (an edited seed
    # keeps its page), each ledger entry claimed once; what is left is new.
    for lookup, key in ((by_hash, lambda d: d.doc.sha256), (by_source, lambda d: d.doc.source)):
        for doc in ordered:
            entry = lookup.get(key(doc))
            if doc.doc.source in slugs or entry is None or entry.slug in claimed:
                continue
            slugs[doc.doc.source] = entry.slug
            claimed.add(entry.slug)
            updated[entry.slug] = dataclasses.replace(entry, sha256=doc.doc.sha256, source=doc.doc.source,
                                                      title=doc.title)
    for doc in (d for d in ordered if d.doc.source not in slugs):
        slug = new_slug(doc, taken, trailing)
        taken.add(slug)
        slugs[doc.doc.source] = slug
        updated[slug] = LedgerEntry(slug, doc.doc.sha256, doc.doc.source, doc.title, anchors=())  # none named yet
    return slugs, sorted(updated.values(), key=lambda e: e.slug)


Shown = tuple[str, str, tuple[str, ...]]
"""A paragraph as the last build's kb.json shows it: (anchor, text, retired anchors landing on it)."""


def _wants_old_texts(entry: LedgerEntry, digests: list[str]) -> bool:
    """Whether the last build's paragraph texts (kb.json) could change a document's anchors:
    its entry has no anchor record yet, or a paragraph's text is not among those recorded (it
    may be one whose text changed). Otherwise the ledger alone decides, and kb.json, large for
    a large corpus, is not read."""
    if entry.anchors is None:
        return True
    recorded = {d for _, d in entry.anchors}
    return bool(recorded) and any(d not in recorded for d in digests)


def _old_anchors(recorded: tuple[tuple[int, str], ...] | None, shown: Sequence[Shown] | None) -> list[anchors_.Named]:
    """The anchors a document had, with the texts the last build showed where they agree with
    the record; with no record yet, the last build's anchors themselves (the upgrade of a
    ledger written before anchors were kept)."""
    if recorded is None:
        out: dict[int, anchors_.Named] = {}  # the first of a number, should kb.json repeat one
        for anchor, text, former in shown or ():
            for old in former:  # already retired: they land here, so they stand just before
                if _ANCHOR_ID.fullmatch(old):  # (their text unknown: the digest of none, which no paragraph has)
                    out.setdefault(int(old[1:]), anchors_.Named(int(old[1:]), anchors_.digest("")))
            if _ANCHOR_ID.fullmatch(anchor):
                out.setdefault(int(anchor[1:]), anchors_.Named(int(anchor[1:]), anchors_.digest(text), text))
        return list(out.values())
    texts = {anchor: text for anchor, text, _ in shown or ()}
    named = []
    for number, digest in recorded:
        text = texts.get(f"p{number}")
        named.append(anchors_.Named(number, digest, text if text is not None and anchors_.digest(text) == digest
                                    else None))
    return named


LastBuild = Callable[[set[str]], Mapping[str, Sequence[Shown]]]
"""Document slugs -> their paragraphs as the last build's kb.json shows them (last_build.last_paragraphs)."""


def assign_anchors(docs: list[Annotated], slugs: Mapping[str, str], entries: list[LedgerEntry],
                   last_build: LastBuild | None = None) -> tuple[dict[str, Anchors], list[LedgerEntry]]:
    """Anchors per seed source, and the ledger with each document's anchors recorded.

    `slugs` gives each document's slug by source (assign_slugs), each with an entry in
    `entries`. A document whose paragraphs are all as recorded keeps its anchors at once
    (every build but for the few documents that changed); the others are matched
    (anchors.assign), with the texts `last_build` gives, asked once for the documents whose
    anchors they could change: those without a record yet, which take the last build's
    anchors (or, new, `p1`... by position), and those with a paragraph not as recorded.
    Pure: the caller reads kb.json (through `last_build`) and writes the ledger."""
    by_slug = {e.slug: e for e in entries}
    out: dict[str, Anchors] = {}
    todo: list[tuple[Annotated, LedgerEntry, list[str]]] = []
    for doc in docs:
        entry = by_slug[slugs[doc.doc.source]]
        digests = list(doc.paragraph_digests())
        recorded = entry.anchors
        if recorded is not None and len(recorded) == len(digests) and all(
                d == r[1] for d, r in zip(digests, recorded)):
            out[doc.doc.source] = Anchors(tuple(n for n, _ in recorded))  # what anchors.assign would say
            continue
        todo.append((doc, entry, digests))
    wanted = {entry.slug for _, entry, digests in todo if _wants_old_texts(entry, digests)}
    shown = last_build(wanted) if wanted and last_build is not None else {}
    for doc, entry, digests in todo:
        found, record = anchors_.assign(_old_anchors(entry.anchors, shown.get(entry.slug)),
                                        [p.text for p in doc.doc.paragraphs], digests)
        out[doc.doc.source] = found
        by_slug[entry.slug] = dataclasses.replace(entry, anchors=tuple((n.number, n.digest) for n in record))
    return out, sorted(by_slug.values(), key=lambda e: e.slug)


def rename(entries: list[LedgerEntry], old: str, new: str) -> list[LedgerEntry]:
    """Give a document a new slug on purpose; the old one is kept as a redirect."""
    if not SLUG.match(new):
        raise ValueError(f"{new!r} is not a slug (lowercase letters, digits, single hyphens)")
    if any(new in (e.slug, *e.previous) for e in entries):
        raise ValueError(f"{new!r} is already taken, now or before")
    out, found = [], False
    for e in entries:
        if e.slug == old:
            found = True
            e = dataclasses.replace(e, slug=new, previous=(*e.previous, old))
        out.append(e)
    if not found:
        raise ValueError(f"no document has the slug {old!r}")
    return sorted(out, key=lambda e: e.slug)
