"""One MkDocs build's working state in the hook (`BuildState`): the pages this process writes,
theme parts rendered once, the Markdowns made once, the progress bar, the serve lock. Made
afresh when a build starts (kb/renderers/mkdocs/events.py), so a second build in the process
(`mkdocs serve`'s rebuilds) starts from nothing.
"""
from __future__ import annotations

import zlib
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterator

import markdown as markdown_lib
from jinja2 import pass_context
from mkdocs.structure.toc import get_toc
from mkdocs.utils import normalize_url

from kb.renderers.mkdocs import private as mkdocs_private
from kb.renderers.mkdocs.options import HookOptions, plan


@dataclass(eq=False)
class BuildState:
    """One build's working state, made when MkDocs starts the build (`KbHook.on_config`): a
    second build in the process (`mkdocs serve`'s rebuilds) starts from nothing."""

    options: HookOptions
    reused: frozenset[str]
    """The pages kept from the last site (`plan`)."""
    known: dict[str, list[str]]
    """Of those, the ones no search index reads, with their anchors."""
    anchors_out: dict[str, list[str]] | None
    """The anchors of every unsearched page, for the next build's plan (the first shard's only)."""
    lock: Any = None
    """The build lock a `serve` rebuild holds from regenerating the docs until it ends."""
    bar: Any = None
    """The progress bar of the pass under way, or None."""
    pass_name: str = ""
    pages: int = 0
    """Markdown pages of the site (the convert pass's total)."""
    own: int = 0
    """Pages this process writes (the write pass's total)."""
    nav_pages: set[str] = field(default_factory=set)
    nav_urls: list[str] = field(default_factory=list)
    parts: dict[tuple, str] = field(default_factory=dict)
    """Theme parts rendered, by name and the links of the pages that share them."""
    part_uses: Counter = field(default_factory=Counter)
    part_renders: Counter = field(default_factory=Counter)
    page_md: Any = None
    """The one Markdown that converts every page (`render`)."""
    page_mds: int = 0
    converted: int = 0
    md: Any = None
    """The one Markdown that works out heading ids (`anchors_only`)."""
    heading_ids: dict[tuple[str, ...], frozenset[str]] = field(default_factory=dict)
    light: int = 0
    """Pages of which only the headings were converted."""
    unbuilt: int = 0
    """Pages MkDocs's `_build_page` was passed over for (`_unbuilt`)."""

    @classmethod
    def start(cls, options: HookOptions) -> BuildState:
        reused, known = plan(options.reuse)
        # The first shard records every unsearched page's anchors, for the next build's plan.
        return cls(options, reused, known, {} if options.anchors and options.shard[0] == 0 else None)

    def release_lock(self) -> None:
        lock, self.lock = self.lock, None
        if lock is not None:
            lock.release()

    def close_bar(self) -> None:
        if self.bar is not None:
            self.bar.close()
        self.bar, self.pass_name = None, ""

    def own_page(self, src_uri: str) -> bool:
        index, count = self.options.shard
        return count == 1 or zlib.crc32(src_uri.encode("utf-8")) % count == index

    def kept(self, src: str) -> bool:
        """Whether the last site's HTML of the page stands (kb/renderers/mkdocs/site.py never plans a page of the
        navigation; this guards against a plan that would)."""
        return src in self.reused and src not in self.nav_pages

    def tick(self, name: str, total: int, command: str) -> None:
        """A step of the progress bar of pass `name` (a terminal only; never in serve mode)."""
        if command == "serve" or self.options.shard[0] > 0:
            return  # one bar on a terminal: the first shard's
        if self.pass_name != name:
            from tqdm import tqdm

            self.close_bar()
            self.pass_name = name
            self.bar = tqdm(total=total, desc=f"mkdocs: {name}", unit="page", leave=False, disable=None)
        self.bar.update()

    @pass_context
    def theme_part(self, context, name: str, caller) -> str:
        """A part of Material's page (`caller`: the header around the title, the navigation, the
        tabs, the configuration script), rendered once for all pages that show it alike. Every
        page of the site carries these parts; rendering them through Jinja for each of tens of
        thousands of pages was about a third of MkDocs's time (cProfile at 1,000 documents). A
        page outside the navigation marks no item of it as active, so there the parts differ only
        in their links, which are relative: pages whose links to every navigation page read the
        same (those of one folder depth and branch: every document, every person...) share one
        rendering. A page in the navigation is rendered on its own."""
        self.part_uses[name] += 1
        page, nav = context.get("page"), context.get("nav")
        if not self.options.theme_parts or page is None or nav is None or page.file.src_uri in self.nav_pages:
            self.part_renders[name] += 1
            return caller()
        shape = getattr(page, "kb_links", None)
        if shape is None:  # once per page, for all its parts
            shape = page.kb_links = (context.get("base_url"),
                                     tuple(normalize_url(url, page=page) for url in self.nav_urls))
        key = (name, shape)
        part = self.parts.get(key)
        if part is None:
            self.part_renders[name] += 1
            part = self.parts[key] = caller()
        return part

    def render(self, page, config, files) -> None:
        """`page.render` as MkDocs 1.6.1 does it (kb/renderers/mkdocs/private.py), but with one Markdown for
        every page, reset between pages, rather than a new one each: making a
        Markdown with its extensions took a quarter of the time of converting one of our pages,
        which hand Markdown little more than their headings (cProfile, one shard of 3,000
        documents). KB_PASSTHROUGH=0 leaves MkDocs's own render (the
        byte-for-byte comparison in the tests)."""
        md = self.page_md
        if md is None:
            md = self.page_md = markdown_lib.Markdown(extensions=config["markdown_extensions"],
                                                      extension_configs=config["mdx_configs"] or {})
            self.page_mds += 1
        md.reset()
        mkdocs_private.render_page(md, page, config, files)
        self.converted += 1

    def anchors_only(self, page, config, files) -> None:
        """`page.render` for a page another shard writes, which no search index here reads: of
        its conversion this shard needs only the ids its headings get (its title is in its front
        matter, its links are checked by the shard that writes it, its raw blocks' ids are known
        from the split). Those ids follow from the headings alone, and most pages of a kind have
        the same headings, so they are worked out once per set of headings, by one Markdown made
        once: converting such pages whole was two fifths of a shard's time."""
        headings = tuple(line.strip() for line in page.markdown.split("\n\n") if line.startswith("#"))
        ids = self.heading_ids.get(headings)
        if ids is None:
            md = self.md
            if md is None:
                md = self.md = markdown_lib.Markdown(extensions=config["markdown_extensions"],
                                                     extension_configs=config["mdx_configs"] or {})
            md.reset()
            md.convert("\n\n".join(headings) + "\n")
            ids = self.heading_ids[headings] = frozenset(toc_ids(getattr(md, "toc_tokens", [])))
        page.content, page.toc, page.links_to_anchors = "", get_toc([]), {}
        page.present_anchor_ids = set(ids)
        self.light += 1



def toc_ids(tokens: list[dict]) -> Iterator[str]:
    for token in tokens:
        yield token["id"]
        yield from toc_ids(token["children"])


def unsearched(page) -> bool:
    """Whether Material's lunr index leaves the page out (front matter `search: exclude`)."""
    return bool((page.meta.get("search") or {}).get("exclude"))


