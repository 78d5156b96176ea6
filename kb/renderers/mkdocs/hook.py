"""MkDocs hook: in `serve` mode, regenerate the Markdown before every rebuild; in a build,
pass our raw HTML through unparsed, render the parts of Material's page that many pages show
alike once, write only this process's share of the pages (kb/renderers/mkdocs/site.py) and none whose HTML the
last site already holds, link static files rather than copy them, show progress and keep
memory down.

`mkdocs serve` rebuilds when a watched seed or vocabulary file changes; this hook runs the same
pipeline as `build_site.py` first, so the preview shows the change, holding the build lock
(kb/output/lock.py) until the rebuild ends. A plain `mkdocs build` does
not regenerate (build_site.py has already done it). A build of thousands of documents spends
minutes in MkDocs: on a terminal, a progress bar shows its two passes (convert every page, then
write every page).

MkDocs loads a hook once per process and keeps it across the builds of `mkdocs serve`, so the
hook is one plugin object (`KbHook`, as Material's plugins are) whose events the module's
`on_*` names hand on: its settings are read from the environment and validated when a build
starts (`HookOptions`), and each build's working state is a `_Build` made afresh then. What is
not MkDocs wiring lives in modules that know nothing of MkDocs (kb/renderers/mkdocs/passthrough.py), and the
private MkDocs calls in kb/renderers/mkdocs/private.py.
"""
from __future__ import annotations

import functools
import json
import os
import re
import secrets
import sys
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Mapping

import markdown as markdown_lib
from jinja2 import pass_context
from mkdocs.config import base, config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.toc import get_toc
from mkdocs.utils import normalize_url
from mkdocs.utils.meta import YAML_RE, get_data

_ROOT = str(Path(__file__).resolve().parents[3])
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from kb.renderers.mkdocs import private as mkdocs_private, passthrough  # noqa: E402  (the hook is loaded as a file, not as part of kb)
from kb.renderers.mkdocs.site import ANCHORS_ENV, PASSTHROUGH_ENV, REUSE_ENV, SHARD_ENV, THEME_PARTS_ENV  # noqa: E402
from kb.output.write import link_or_copy  # noqa: E402

_TOKEN = "kbraw" + secrets.token_hex(8)
"""Placeholder prefix for raw HTML blocks, new in every process so no seed text can contain it."""
MATERIAL = "material-theme"
"""Prefix under which Material's own templates stay reachable when a template here replaces one."""
THEME = "kb-theme"
"""Prefix under which the theme's templates (overrides/, then Material's) stay reachable when
one in `MKDOCS_THEME` replaces them."""
MKDOCS_THEME = Path(__file__).resolve().parent / "theme"
"""Templates only MkDocs renders: the theme parts rendered once (`_Build.theme_part`) and the empty
page of a page another shard writes. They wrap the theme's and show nothing of their own, so
Zensical, which does not run this hook, renders the same pages without them."""


class _Switch(c.BaseConfigOption[bool]):
    """On or off, spelt 1 or 0 (on unless set)."""

    def __init__(self) -> None:
        super().__init__()
        self.default = "1"

    def run_validation(self, value: object) -> bool:
        if value not in ("0", "1"):
            raise base.ValidationError("expected 0 (off) or 1 (on)")
        return value == "1"


class _Shard(c.BaseConfigOption[tuple[int, int]]):
    """This process's share of the pages, "INDEX/COUNT": it writes a page whose path hashes to
    INDEX modulo COUNT (a whole build unless set)."""

    def __init__(self) -> None:
        super().__init__()
        self.default = "0/1"

    def run_validation(self, value: object) -> tuple[int, int]:
        m = re.fullmatch(r"([0-9]+)/([0-9]+)", value) if isinstance(value, str) else None
        if m is None:
            raise base.ValidationError("expected INDEX/COUNT, two whole numbers, as in 0/2")
        index, count = int(m[1]), int(m[2])
        if count < 1 or index >= count:
            raise base.ValidationError("expected a COUNT of 1 or more and an INDEX from 0 to COUNT - 1")
        return index, count


class _NewFile(c.Type[str]):
    """A file the build writes, in a folder that exists."""

    def __init__(self) -> None:
        super().__init__(str)

    def run_validation(self, value: object) -> str:
        path = os.path.abspath(super().run_validation(value))
        if not os.path.isdir(os.path.dirname(path)):
            raise base.ValidationError(f"its folder {os.path.dirname(path)!r} does not exist")
        return path


class HookOptions(base.Config):
    """The hook's settings, validated when a build starts (`KbHook.on_config`)."""

    passthrough = _Switch()
    """Our raw HTML blocks passed through unparsed and one Markdown for every page; off, MkDocs's
    own way (the byte-for-byte comparison in the tests)."""
    theme_parts = _Switch()
    """Material's shared parts rendered once for the pages that show them alike; off, for every page."""
    shard = _Shard()
    """(index, count): this process's share of the pages to write (kb/renderers/mkdocs/site.py)."""
    reuse = c.Optional(c.File(exists=True))
    """The plan of pages kept from the last site (kb/renderers/mkdocs/site.py, `REUSE_ENV`), or None."""
    anchors = c.Optional(_NewFile())
    """Where the first shard writes the anchors of the pages no search index reads, or None."""


SETTINGS: dict[str, str] = {"passthrough": PASSTHROUGH_ENV, "theme_parts": THEME_PARTS_ENV, "shard": SHARD_ENV,
                            "reuse": REUSE_ENV, "anchors": ANCHORS_ENV}
"""The environment variable each option is read from: kb/renderers/mkdocs/site.py sets them for its MkDocs
processes (a shard runs in a process of its own), a person the two switches. Unset or empty,
the option's default."""


def settings_from(environ: Mapping[str, str]) -> dict[str, str]:
    """The hook's settings as the environment gives them, by option."""
    return {key: environ[name] for key, name in SETTINGS.items() if environ.get(name)}


def _problems(settings: dict[str, str]) -> list[str]:
    """Every bad setting with the value received: MkDocs's validation stops at the first, so
    each is validated alone."""
    problems = []
    for key, value in settings.items():
        alone = HookOptions()
        alone.load_dict({key: value})
        problems += [f"  {SETTINGS[key]}={value!r}: {error}" for _, error in alone.validate()[0]]
    return problems


def _plan(path: str | None) -> tuple[frozenset[str], dict[str, list[str]]]:
    """The pages whose HTML the last site already holds (kb/renderers/mkdocs/site.py links it in), none of
    them written here; and of those, the ones no search index reads, with their anchors, for
    which nothing is read either (`on_page_read_source`)."""
    if path is None:
        return frozenset(), {}
    try:
        plan = json.loads(Path(path).read_text(encoding="utf-8"))
        reuse, anchors = frozenset(plan["reuse"]), dict(plan["anchors"])
    except (OSError, ValueError, TypeError, KeyError) as e:
        raise PluginError(f"{REUSE_ENV}={path!r}: not a plan of kept pages ({type(e).__name__}: {e})") from None
    return reuse, anchors


@dataclass(eq=False)
class _Build:
    """One build's working state, made when MkDocs starts the build (`KbHook.on_config`): a
    second build in the process (`mkdocs serve`'s rebuilds) starts from nothing."""

    options: HookOptions
    reused: frozenset[str]
    """The pages kept from the last site (`_plan`)."""
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
    def start(cls, options: HookOptions) -> _Build:
        reused, known = _plan(options.reuse)
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
            ids = self.heading_ids[headings] = frozenset(_toc_ids(getattr(md, "toc_tokens", [])))
        page.content, page.toc, page.links_to_anchors = "", get_toc([]), {}
        page.present_anchor_ids = set(ids)
        self.light += 1


class KbHook(BasePlugin[HookOptions]):
    """The hook's events. One object for the process, as MkDocs keeps a hook: what lasts
    between builds is only the command MkDocs was started with; the rest is the `_Build`
    made when a build starts."""

    def __init__(self) -> None:
        self.command = ""
        """As MkDocs was started ("build", "serve"; empty when a caller runs a build itself, as kb/renderers/mkdocs/site.py does)."""
        self.build: _Build | None = None
        """The build under way, or the last one (the tests read its counts)."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command

    def on_shutdown(self) -> None:
        self.command = ""

    def on_config(self, config):
        """A new build: the settings read and validated (every bad one named at once, with the
        value received), and a fresh working state."""
        self.build = None
        settings = settings_from(os.environ)
        errors, _ = self.load_config(settings)
        if errors:
            raise PluginError("kb/renderers/mkdocs/hook.py: invalid settings:\n" + "\n".join(_problems(settings)))
        self.build = _Build.start(self.config)
        return config

    def on_pre_build(self, config) -> None:
        if self.command != "serve":
            return
        from kb.cli import regenerate, serve_lock

        # Held through the rebuild (released in on_post_build or on_build_error): MkDocs reads the
        # docs folder until its write pass ends, and a build beside it would swap the folder.
        self.build.lock = serve_lock()
        regenerate()

    def on_build_error(self, error) -> None:
        if self.build is not None:
            self.build.release_lock()
            self.build.close_bar()

    def on_files(self, files, config):
        b = self.build
        mkdocs_private.wrap_build_page(_unbuilt)
        if b.options.shard[1] > 1:
            # Static files too are each one shard's to copy: every shard copying all of them
            # (originals, citations, kb.json: hundreds of MB at 10,000 documents) doubled the disk
            # work, and the merge then threw one copy away.
            for file in files:
                if not file.is_documentation_page() and not b.own_page(file.src_uri):
                    file.copy_file = _copied_elsewhere
        docs = os.path.join(os.path.abspath(config["docs_dir"]), "")
        for file in files:
            if (not file.is_documentation_page() and file.copy_file != _copied_elsewhere and file.abs_src_path
                    and file.abs_src_path.startswith(docs)):
                file.copy_file = _linker(file.abs_src_path, file.abs_dest_path)
        b.pages = len(files.documentation_pages())
        return files

    def on_env(self, env, config, files):
        """The MkDocs-only templates (`MKDOCS_THEME`) before the theme's, which stay reachable under
        `THEME` for them to extend; Material's own templates under `MATERIAL`, for them to wrap;
        and `kb_theme_part` for the wrapping."""
        import material
        from jinja2 import ChoiceLoader, FileSystemLoader, PrefixLoader

        own = FileSystemLoader(str(Path(material.__file__).resolve().parent / "templates"))
        env.loader = ChoiceLoader([FileSystemLoader(str(MKDOCS_THEME)), env.loader,
                                   PrefixLoader({MATERIAL: own, THEME: env.loader})])
        env.globals["kb_theme_part"] = self.build.theme_part
        env.globals["kb_theme_parts"] = self.build.options.theme_parts
        return env

    def on_nav(self, nav, config, files):
        b = self.build
        b.nav_pages = {page.file.src_uri for page in nav.pages}
        b.own = sum(1 for f in files.documentation_pages() if b.own_page(f.src_uri) and not b.kept(f.src_uri))
        b.nav_urls = [page.url for page in nav.pages]
        return nav

    def on_page_read_source(self, page, config) -> str | None:
        b, src = self.build, page.file.src_uri
        if src in b.known and b.kept(src):
            page.kb_known = True
            return STUB
        return None

    def on_page_markdown(self, markdown: str, page, config, files) -> str:
        """Give Markdown a page's headings and a placeholder per raw HTML block (kb/renderers/mkdocs/passthrough.py):
        the blocks come back, unparsed, just before the page is written, so no page's HTML is held
        between MkDocs's two passes either."""
        b = self.build
        b.tick("convert", b.pages, self.command)
        src = page.file.src_uri
        known = getattr(page, "kb_known", False)
        if known:
            page.meta = {"search": {"exclude": True}}
        if not b.own_page(src) or b.kept(src):
            # Another shard writes this page, or the last site's HTML of it stands: an empty
            # template makes MkDocs skip writing it here. (A page of the navigation is always
            # written: its neighbours' links are part of it.) `kb_skip` is the build that skips
            # it, which counts the pages `_unbuilt` passes over.
            page.meta["template"] = "kb-skip.html"
            page.kb_skip = b
        if known:
            page.render = functools.partial(_known_anchors, page, b.known[src])
            return markdown
        split = passthrough.stub(markdown, _TOKEN) if b.options.passthrough else None
        if split is None:
            return markdown
        page.kb_split, page.kb_raw_ids = split, split.anchor_ids(markdown)
        if getattr(page, "kb_skip", None) is not None and "title" in page.meta and _unsearched(page):
            page.render = functools.partial(b.anchors_only, page)
        else:
            page.render = functools.partial(b.render, page)
        return split.markdown

    def on_page_content(self, html: str, page, config, files) -> str:
        """Drop a page's Markdown once it is HTML: MkDocs converts every page before it writes any,
        so each page's source would otherwise stay in memory to the end of the build (a memory
        saving only; the output is the same). Emptied, not None: MkDocs reads None as "not read
        yet" and would lose the page's title."""
        page.markdown = ""
        ids = getattr(page, "kb_raw_ids", None)
        if ids:
            page.present_anchor_ids = (page.present_anchor_ids or set()) | ids
            page.kb_raw_ids = None
        anchors_out = self.build.anchors_out
        if anchors_out is not None and _unsearched(page):
            anchors_out[page.file.src_uri] = sorted(page.present_anchor_ids or ())
        return html

    @event_priority(50)  # before the search plugin reads the page for its index
    def on_page_context(self, context, page, config, nav):
        """A page for Material's lunr index gets its raw blocks back now, for the index to read. A
        page left out of it gets them only once it is themed (`on_post_page`): the search plugin
        still runs a regular expression over every page's HTML (a tenth of MkDocs's time with
        Pagefind, where every page is left out), and the placeholders are all it needs to see."""
        split = getattr(page, "kb_split", None)
        if split is None:
            return context
        if not _unsearched(page):
            page.content = _restored(page, page.content, split)
        elif getattr(page, "kb_skip", None) is None:
            try:
                page.kb_ending = passthrough.ends(page.content, split, _TOKEN)
            except ValueError as e:
                raise ValueError(f"{page.file.src_uri}: {e}") from None
        return context

    def on_post_page(self, output: str, page, config) -> str:
        if getattr(page, "kb_skip", None) is None:
            self.build.tick("write", self.build.own, self.command)
        split = getattr(page, "kb_split", None)
        if split is not None:
            ending = getattr(page, "kb_ending", None)
            if ending is not None:
                output = _restored(page, output, split, ending)
                page.kb_ending = None
            page.content = None  # written; its raw blocks were only lent for this page
        return output

    def on_post_build(self, config) -> None:
        b = self.build
        b.release_lock()
        b.close_bar()
        if b.anchors_out is not None:
            Path(b.options.anchors).write_text(json.dumps(b.anchors_out, sort_keys=True), encoding="utf-8")
            b.anchors_out = None


def _copied_elsewhere(dirty: bool = False) -> None:
    """A static file another shard copies (kb/renderers/mkdocs/site.py merges the folders)."""


def _linker(source: str, dest: str):
    """`File.copy_file` for a file of the docs folder: a hard link rather than a copy (at
    10,000 documents, 30,000 originals, citations and data files, 450 MB). Nothing writes
    through it: the build replaces a changed docs file with a new one (kb/output/write.py), and
    MkDocs writes only pages into the site."""
    def link(dirty: bool = False) -> None:
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        try:
            os.unlink(dest)  # as a copy would replace it (mkdocs serve rebuilds into one folder)
        except FileNotFoundError:
            pass
        link_or_copy(source, dest)
    return link


def _unbuilt(build_page):
    """MkDocs's `_build_page`, passed over for a page this process does not write (another
    shard's, or one kept from the last site) and no search index reads: MkDocs would make its
    context and render its (empty) template only to write nothing. At 10,000 documents that
    was 2 s per shard for the kept pages of an incremental build, and a second per shard for
    the other shard's pages of any build. (Plugins' `on_page_context` and `on_post_page`
    therefore do not see such pages; of ours, only this hook has those events.) Installed once
    per process, it counts on the build that skips the page (`page.kb_skip`)."""
    @functools.wraps(build_page)
    def build(page, config, *args, **kwargs):
        skipping = getattr(page, "kb_skip", None)
        if skipping is not None and _unsearched(page):
            skipping.unbuilt += 1
            return None
        return build_page(page, config, *args, **kwargs)
    build.kb_unbuilt = True
    return build


STUB = ""
"""The source MkDocs is given for a kept page that no search index reads: nothing of it is
needed but its anchors, which the plan holds (the links of the pages rendered are checked
against them), and its meta-data, set in `on_page_markdown` (parsing one line of front
matter 20,000 times took 1.7 s). Reading and splitting each such page was most of an
incremental build's time in MkDocs."""


def _known_anchors(page, ids: list[str], config, files) -> None:
    """`page.render` for a kept page read as `STUB`: its anchors as the last build found them."""
    page.content, page.toc, page.links_to_anchors = "", get_toc([]), {}
    page.present_anchor_ids = set(ids)


def _toc_ids(tokens: list[dict]) -> Iterator[str]:
    for token in tokens:
        yield token["id"]
        yield from _toc_ids(token["children"])


def _unsearched(page) -> bool:
    """Whether Material's lunr index leaves the page out (front matter `search: exclude`)."""
    return bool((page.meta.get("search") or {}).get("exclude"))


def _restored(page, html: str, split: passthrough.Split, ending: tuple[bool, ...] | None = None) -> str:
    """passthrough.restore on the page's own source, an error naming the page."""
    try:
        return passthrough.restore(html, _source_markdown(page, split), split, _TOKEN, ending)
    except ValueError as e:
        raise ValueError(f"{page.file.src_uri}: {e}") from None


def _source_markdown(page, split: passthrough.Split) -> str:
    """The page's Markdown as MkDocs read it, read again from disk: our pages' YAML front
    matter cut off directly (restore checks the text is the one split), any other page's
    meta-data taken off as MkDocs does it."""
    source = page.file.content_string
    m = YAML_RE.match(source)
    markdown = source[m.end():].lstrip("\n") if m else None
    return markdown if markdown is not None and len(markdown) == split.source_len else get_data(source)[0]


plugin = KbHook()
"""The one object of the process: MkDocs calls a hook's module-level `on_*` functions, which are its methods."""
on_startup = plugin.on_startup
on_shutdown = plugin.on_shutdown
on_config = plugin.on_config
on_pre_build = plugin.on_pre_build
on_files = plugin.on_files
on_env = plugin.on_env
on_nav = plugin.on_nav
on_page_read_source = plugin.on_page_read_source
on_page_markdown = plugin.on_page_markdown
on_page_content = plugin.on_page_content
on_page_context = plugin.on_page_context
on_post_page = plugin.on_post_page
on_post_build = plugin.on_post_build
on_build_error = plugin.on_build_error
