"""The MkDocs hook's events, on one plugin object (`KbHook`, as Material's plugins are), which
kb/renderers/mkdocs/hook.py hands to MkDocs. What is not MkDocs wiring lives in modules that know
nothing of MkDocs (kb/renderers/mkdocs/passthrough.py), the working state of a build in
kb/renderers/mkdocs/build_state.py, the settings in kb/renderers/mkdocs/options.py, and the
private MkDocs calls in kb/renderers/mkdocs/private.py.

A package module, not the hook file, so that the build reaches the very object MkDocs calls:
the settings of a shard (`given`, kb/renderers/mkdocs/site.py) and serve's rebuild (`rebuild`,
kb/renderers/base.py) are handed to it, not passed through the environment.
"""
from __future__ import annotations

import functools
import json
import os
import secrets
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.toc import get_toc
from mkdocs.utils.meta import YAML_RE, get_data

from kb.output.write import link_or_copy
from kb.pages.concept import UNLISTED
from kb.renderers.mkdocs import passthrough, private as mkdocs_private
from kb.renderers.mkdocs.build_state import BuildState, unsearched
from kb.renderers.mkdocs.options import HookOptions, problems, settings_from
from kb.renderers.mkdocs.shipped import scripts_unloaded, unshipped
from kb.renderers.trim import trim_indentation

if TYPE_CHECKING:
    from kb.build import Rebuild

_TOKEN = "kbraw" + secrets.token_hex(8)
"""Placeholder prefix for raw HTML blocks, new in every process so no seed text can contain it."""
MATERIAL = "material-theme"
"""Prefix under which Material's own templates stay reachable when a template here replaces one."""
THEME = "kb-theme"
"""Prefix under which the theme's templates (overrides/, then Material's) stay reachable when
one in `MKDOCS_THEME` replaces them."""
MKDOCS_THEME = Path(__file__).resolve().parent / "theme"
"""Templates only MkDocs renders: the theme parts rendered once (`BuildState.theme_part`) and the empty
page of a page another shard writes. They wrap the theme's and show nothing of their own, so
Zensical, which does not run this hook, renders the same pages without them."""
UNLISTED_MARK = " unlisted"
"""Kept among a page's anchors in the plan, so that a page kept from the last site, whose front
matter is not read again (`STUB`), stays out of the sitemap: no HTML id holds a space, so it is
no anchor of any page."""


class KbHook(BasePlugin[HookOptions]):
    """The hook's events. One object for the process, as MkDocs keeps a hook: what lasts
    between builds is only the command MkDocs was started with; the rest is the `BuildState`
    made when a build starts."""

    def __init__(self) -> None:
        self.command = ""
        """As MkDocs was started ("build", "serve"; empty when a caller runs a build itself, as kb/renderers/mkdocs/site.py does)."""
        self.build: BuildState | None = None
        """The build under way, or the last one (the tests read its counts)."""
        self.given: dict[str, str] = {}
        """Settings the caller hands this object for its builds (kb/renderers/mkdocs/site.py: the
        shard, the plan of kept pages, the anchors' file), by option; they come before the
        environment's, and an empty one is unset."""
        self.rebuild: Rebuild | None = None
        """What a `serve` rebuild runs before MkDocs reads the docs (kb/build.py), handed over by
        the renderer that started the preview; None, the project's default settings."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command

    def on_shutdown(self) -> None:
        self.command = ""

    def on_config(self, config):
        """A new build: the settings read and validated (every bad one named at once, with the
        value received), and a fresh working state."""
        self.build = None
        settings = {key: value for key, value in {**settings_from(os.environ), **self.given}.items() if value}
        errors, _ = self.load_config(settings)
        if errors:
            raise PluginError("kb/renderers/mkdocs/hook.py: invalid settings:\n" + "\n".join(problems(settings)))
        self.build = BuildState.start(self.config)
        return config

    def on_pre_build(self, config) -> None:
        if self.command != "serve":
            return
        rebuild = self.rebuild
        if rebuild is None:  # `mkdocs serve` run by hand: the command line's defaults
            from kb.build import Rebuild
            from kb.cli import settings_of

            rebuild = Rebuild(settings_of([]))
        # Held through the rebuild (released in on_post_build or on_build_error): MkDocs reads the
        # docs folder until its write pass ends, and a build beside it would swap the folder.
        self.build.lock = rebuild.lock()
        rebuild()

    def on_build_error(self, error) -> None:
        if self.build is not None:
            self.build.release_lock()
            self.build.close_bar()

    def on_files(self, files, config):
        b = self.build
        mkdocs_private.wrap_build_page(_unbuilt)
        # Nothing a page or a reader loads: the theme's source maps, lunr's other languages, our
        # scripts the configuration does not load.
        left_out = unshipped(_theme_files(files, config), _search_languages(config))
        left_out |= scripts_unloaded(_docs_files(files, config), [str(s) for s in config.extra_javascript])
        for file in [f for f in files if f.src_uri in left_out]:
            files.remove(file)
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
            if UNLISTED_MARK in b.known[src]:
                page.meta[UNLISTED] = True
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
        if getattr(page, "kb_skip", None) is not None and "title" in page.meta and unsearched(page):
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
        if anchors_out is not None and unsearched(page):
            unlisted = [UNLISTED_MARK] if page.meta.get(UNLISTED) else []
            anchors_out[page.file.src_uri] = sorted(page.present_anchor_ids or ()) + unlisted
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
        if not unsearched(page):
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
        return trim_indentation(output)

    def on_post_build(self, config) -> None:
        b = self.build
        b.release_lock()
        b.close_bar()
        if b.anchors_out is not None:
            Path(b.options.anchors).write_text(json.dumps(b.anchors_out, sort_keys=True), encoding="utf-8")
            b.anchors_out = None




def _theme_files(files, config) -> list[str]:
    """The static files that come from the theme, not from the docs folder."""
    docs = os.path.join(os.path.abspath(config["docs_dir"]), "")
    return [f.src_uri for f in files if not f.is_documentation_page() and not (f.abs_src_path or "").startswith(docs)]


def _docs_files(files, config) -> list[str]:
    """The static files that come from the docs folder."""
    docs = os.path.join(os.path.abspath(config["docs_dir"]), "")
    return [f.src_uri for f in files if not f.is_documentation_page() and (f.abs_src_path or "").startswith(docs)]


def _search_languages(config) -> list[str]:
    """The languages of Material's search (its theme's language unless set); none without it."""
    search = config.plugins.get("material/search") or config.plugins.get("search")
    return list(getattr(search, "config", {}).get("lang") or []) if search is not None else []


def _copied_elsewhere(dirty: bool = False) -> None:
    """A static file another shard copies (kb/renderers/mkdocs/site.py merges the folders)."""


def _linker(source: str, dest: str):
    """`File.copy_file` for a file of the docs folder: a hard link rather than a copy (three
    files a document: originals, citations and data grow with the corpus). Nothing writes
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
    context and render its (empty) template only to write nothing, for every kept page of an
    incremental build and every other shard's page of any build. (Plugins' `on_page_context` and `on_post_page`
    therefore do not see such pages; of ours, only this hook has those events.) Installed once
    per process, it counts on the build that skips the page (`page.kb_skip`)."""
    @functools.wraps(build_page)
    def build(page, config, *args, **kwargs):
        skipping = getattr(page, "kb_skip", None)
        if skipping is not None and unsearched(page):
            skipping.unbuilt += 1
            return None
        return build_page(page, config, *args, **kwargs)
    build.kb_unbuilt = True
    return build


STUB = ""
"""The source MkDocs is given for a kept page that no search index reads: nothing of it is
needed but its anchors, which the plan holds (the links of the pages rendered are checked
against them), and its meta-data, set in `on_page_markdown` (parsing front matter for each
of them costs more than the page is worth). Reading and splitting each such page was most of
an incremental build's time in MkDocs."""


def _known_anchors(page, ids: list[str], config, files) -> None:
    """`page.render` for a kept page read as `STUB`: its anchors as the last build found them."""
    page.content, page.toc, page.links_to_anchors = "", get_toc([]), {}
    page.present_anchor_ids = set(ids) - {UNLISTED_MARK}


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
"""The one object of the process, which MkDocs calls through kb/renderers/mkdocs/hook.py."""
