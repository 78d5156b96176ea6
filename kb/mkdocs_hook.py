"""MkDocs hook: in `serve` mode, regenerate the Markdown before every rebuild; in a build,
pass our raw HTML through unparsed, render the parts of Material's page that many pages show
alike once, write only this process's share of the pages (kb/site.py) and none whose HTML the
last site already holds, link static files rather than copy them, show progress and keep
memory down.

`mkdocs serve` rebuilds when a watched seed or vocabulary file changes; this hook runs the same
pipeline as `build_site.py` first, so the preview shows the change, holding the build lock
(kb/lock.py) until the rebuild ends. A plain `mkdocs build` does
not regenerate (build_site.py has already done it). A build of thousands of documents spends
minutes in MkDocs: on a terminal, a progress bar shows its two passes (convert every page, then
write every page).
"""
from __future__ import annotations

import functools
import json
import os
import secrets
import sys
import zlib
from collections import Counter
from pathlib import Path
from typing import Any, Iterator

import markdown as markdown_lib
from jinja2 import pass_context
from mkdocs.plugins import event_priority
from mkdocs.structure.toc import get_toc
from mkdocs.utils import normalize_url
from mkdocs.utils.meta import YAML_RE, get_data

_ROOT = str(Path(__file__).resolve().parent.parent)
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from kb import mkdocs_private, passthrough  # noqa: E402  (the hook is loaded as a file, not as part of kb)
from kb.write import link_or_copy  # noqa: E402

_state: dict[str, Any] = {"command": "", "bar": None, "pass": "", "shard": (0, 1)}
_TOKEN = "kbraw" + secrets.token_hex(8)
"""Placeholder prefix for raw HTML blocks, new in every process so no seed text can contain it."""
PASSTHROUGH = os.environ.get("KB_PASSTHROUGH", "1") != "0"
"""KB_PASSTHROUGH=0 lets Python-Markdown parse every raw block itself, and MkDocs convert each
page with its own Markdown (the comparison in the tests, and a way to rule the pass-through out
when a page looks wrong)."""
THEME_PARTS = os.environ.get("KB_THEME_PARTS", "1") != "0"
"""KB_THEME_PARTS=0 renders Material's shared parts (kb/mkdocs_theme/) for every page (the comparison
in the tests), rather than once for each set of pages that shows them alike."""
MATERIAL = "material-theme"
"""Prefix under which Material's own templates stay reachable when a template here replaces one."""
THEME = "kb-theme"
"""Prefix under which the theme's templates (overrides/, then Material's) stay reachable when
one in `MKDOCS_THEME` replaces them."""
MKDOCS_THEME = Path(__file__).resolve().parent / "mkdocs_theme"
"""Templates only MkDocs renders: the theme parts rendered once (`_theme_part`) and the empty
page of a page another shard writes. They wrap the theme's and show nothing of their own, so
Zensical, which does not run this hook, renders the same pages without them."""


def on_startup(command: str, dirty: bool) -> None:
    _state["command"] = command


def on_pre_build(config) -> None:
    if _state["command"] != "serve":
        return
    from kb.cli import regenerate, serve_lock

    # Held through the rebuild (released in on_post_build or on_build_error): MkDocs reads the
    # docs folder until its write pass ends, and a build beside it would swap the folder.
    _state["lock"] = serve_lock()
    regenerate()


def _release_lock() -> None:
    lock, _state["lock"] = _state.get("lock"), None
    if lock is not None:
        lock.release()


def on_build_error(error) -> None:
    _release_lock()


def on_page_content(html: str, page, config, files) -> str:
    """Drop a page's Markdown once it is HTML: MkDocs converts every page before it writes any,
    so each page's source would otherwise stay in memory to the end of the build (a memory
    saving only; the output is the same). Emptied, not None: MkDocs reads None as "not read
    yet" and would lose the page's title."""
    page.markdown = ""
    ids = getattr(page, "kb_raw_ids", None)
    if ids:
        page.present_anchor_ids = (page.present_anchor_ids or set()) | ids
        page.kb_raw_ids = None
    if _state["anchors_out"] is not None and _unsearched(page):
        _state["anchors_out"][page.file.src_uri] = sorted(page.present_anchor_ids or ())
    return html


def _split(markdown: str) -> passthrough.Split | None:
    return passthrough.stub(markdown, _TOKEN) if PASSTHROUGH else None


def _progress(name: str, total: int) -> None:
    """Move to the progress bar of pass `name` (a terminal only; never in serve mode)."""
    if _state["pass"] == name or _state["command"] == "serve" or _state["shard"][0] > 0:
        return  # one bar on a terminal: the first shard's
    from tqdm import tqdm

    if _state["bar"] is not None:
        _state["bar"].close()
    _state["pass"] = name
    _state["bar"] = tqdm(total=total, desc=f"mkdocs: {name}", unit="page", leave=False, disable=None)


def _shard() -> tuple[int, int]:
    """This process's share of the pages to write (kb/site.py): (index, count)."""
    index, _, count = os.environ.get("KB_MKDOCS_SHARD", "0/1").partition("/")
    return int(index), int(count)


def _own(src_uri: str) -> bool:
    index, count = _state["shard"]
    return count == 1 or zlib.crc32(src_uri.encode("utf-8")) % count == index


def _plan() -> tuple[frozenset[str], dict[str, list[str]]]:
    """The pages whose HTML the last site already holds (kb/site.py links it in), none of
    them written here; and of those, the ones no search index reads, with their anchors, for
    which nothing is read either (`on_page_read_source`)."""
    path = os.environ.get("KB_MKDOCS_REUSE", "")
    if not path:
        return frozenset(), {}
    plan = json.loads(Path(path).read_text(encoding="utf-8"))
    return frozenset(plan["reuse"]), plan["anchors"]


def _copied_elsewhere(dirty: bool = False) -> None:
    """A static file another shard copies (kb/site.py merges the folders)."""


def _linker(source: str, dest: str):
    """`File.copy_file` for a file of the docs folder: a hard link rather than a copy (at
    10,000 documents, 30,000 originals, citations and data files, 450 MB). Nothing writes
    through it: the build replaces a changed docs file with a new one (kb/write.py), and
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
    therefore do not see such pages; of ours, only this hook has those events.)"""
    @functools.wraps(build_page)
    def build(page, config, *args, **kwargs):
        if getattr(page, "kb_skip", False) and _unsearched(page):
            _state["unbuilt"] += 1
            return None
        return build_page(page, config, *args, **kwargs)
    build.kb_unbuilt = True
    return build


def on_files(files, config):
    mkdocs_private.wrap_build_page(_unbuilt)
    _state["unbuilt"] = 0
    _state["shard"] = _shard()
    _state["md"], _state["heading_ids"], _state["light"] = None, {}, 0
    _state["page_md"], _state["page_mds"], _state["converted"] = None, 0, 0
    if _state["shard"][1] > 1:
        # Static files too are each one shard's to copy: every shard copying all of them
        # (originals, citations, kb.json: hundreds of MB at 10,000 documents) doubled the disk
        # work, and the merge then threw one copy away.
        for file in files:
            if not file.is_documentation_page() and not _own(file.src_uri):
                file.copy_file = _copied_elsewhere
    docs = os.path.join(os.path.abspath(config["docs_dir"]), "")
    for file in files:
        if (not file.is_documentation_page() and file.copy_file != _copied_elsewhere and file.abs_src_path
                and file.abs_src_path.startswith(docs)):
            file.copy_file = _linker(file.abs_src_path, file.abs_dest_path)
    _state["reused"], _state["known"] = _plan()
    # The first shard records every unsearched page's anchors, for the next build's plan.
    _state["anchors_out"] = {} if os.environ.get("KB_MKDOCS_ANCHORS") and _state["shard"][0] == 0 else None
    _state["pages"] = len(files.documentation_pages())
    _state["pass"] = ""
    return files


def _tick(name: str, total: int) -> None:
    _progress(name, total)
    if _state["bar"] is not None:
        _state["bar"].update()


def on_env(env, config, files):
    """The MkDocs-only templates (`MKDOCS_THEME`) before the theme's, which stay reachable under
    `THEME` for them to extend; Material's own templates under `MATERIAL`, for them to wrap;
    and `kb_theme_part` for the wrapping."""
    import material
    from jinja2 import ChoiceLoader, FileSystemLoader, PrefixLoader

    own = FileSystemLoader(str(Path(material.__file__).resolve().parent / "templates"))
    env.loader = ChoiceLoader([FileSystemLoader(str(MKDOCS_THEME)), env.loader,
                               PrefixLoader({MATERIAL: own, THEME: env.loader})])
    env.globals["kb_theme_part"] = _theme_part
    env.globals["kb_theme_parts"] = THEME_PARTS
    _state["parts"], _state["part_uses"], _state["part_renders"] = {}, Counter(), Counter()
    return env


def on_nav(nav, config, files):
    _state["nav_pages"] = {page.file.src_uri for page in nav.pages}
    _state["own"] = sum(1 for f in files.documentation_pages() if _own(f.src_uri) and not _kept(f.src_uri))
    _state["nav_urls"] = [page.url for page in nav.pages]
    return nav


@pass_context
def _theme_part(context, name: str, caller) -> str:
    """A part of Material's page (`caller`: the header around the title, the navigation, the
    tabs, the configuration script), rendered once for all pages that show it alike. Every
    page of the site carries these parts; rendering them through Jinja for each of tens of
    thousands of pages was about a third of MkDocs's time (cProfile at 1,000 documents). A
    page outside the navigation marks no item of it as active, so there the parts differ only
    in their links, which are relative: pages whose links to every navigation page read the
    same (those of one folder depth and branch: every document, every person...) share one
    rendering. A page in the navigation is rendered on its own."""
    _state["part_uses"][name] += 1
    page, nav = context.get("page"), context.get("nav")
    if not THEME_PARTS or page is None or nav is None or page.file.src_uri in _state["nav_pages"]:
        _state["part_renders"][name] += 1
        return caller()
    shape = getattr(page, "kb_links", None)
    if shape is None:  # once per page, for all its parts
        shape = page.kb_links = (context.get("base_url"),
                                 tuple(normalize_url(url, page=page) for url in _state["nav_urls"]))
    key = (name, shape)
    part = _state["parts"].get(key)
    if part is None:
        _state["part_renders"][name] += 1
        part = _state["parts"][key] = caller()
    return part


STUB = ""
"""The source MkDocs is given for a kept page that no search index reads: nothing of it is
needed but its anchors, which the plan holds (the links of the pages rendered are checked
against them), and its meta-data, set in `on_page_markdown` (parsing one line of front
matter 20,000 times took 1.7 s). Reading and splitting each such page was most of an
incremental build's time in MkDocs."""


def _kept(src: str) -> bool:
    """Whether the last site's HTML of the page stands (kb/site.py never plans a page of the
    navigation; this guards against a plan that would)."""
    return src in _state["reused"] and src not in _state["nav_pages"]


def on_page_read_source(page, config) -> str | None:
    src = page.file.src_uri
    if src in _state["known"] and _kept(src):
        page.kb_known = True
        return STUB
    return None


def on_page_markdown(markdown: str, page, config, files) -> str:
    """Give Markdown a page's headings and a placeholder per raw HTML block (kb/passthrough.py):
    the blocks come back, unparsed, just before the page is written, so no page's HTML is held
    between MkDocs's two passes either."""
    _tick("convert", _state["pages"])
    src = page.file.src_uri
    known = getattr(page, "kb_known", False)
    if known:
        page.meta = {"search": {"exclude": True}}
    if not _own(src) or _kept(src):
        # Another shard writes this page, or the last site's HTML of it stands: an empty
        # template makes MkDocs skip writing it here. (A page of the navigation is always
        # written: its neighbours' links are part of it.)
        page.meta["template"] = "kb-skip.html"
        page.kb_skip = True
    if known:
        page.render = functools.partial(_known_anchors, page, _state["known"][src])
        return markdown
    split = _split(markdown)
    if split is None:
        return markdown
    page.kb_split, page.kb_raw_ids = split, split.anchor_ids(markdown)
    if getattr(page, "kb_skip", False) and "title" in page.meta and _unsearched(page):
        page.render = functools.partial(_anchors_only, page)
    else:
        page.render = functools.partial(_render, page)
    return split.markdown


def _render(page, config, files) -> None:
    """`page.render` as MkDocs 1.6.1 does it (kb/mkdocs_private.py), but with one Markdown for
    every page, reset between pages, rather than a new one each: making a
    Markdown with its extensions took a quarter of the time of converting one of our pages,
    which hand Markdown little more than their headings (cProfile, one shard of 3,000
    documents). KB_PASSTHROUGH=0 leaves MkDocs's own render (the
    byte-for-byte comparison in the tests)."""
    md = _state["page_md"]
    if md is None:
        md = _state["page_md"] = markdown_lib.Markdown(extensions=config["markdown_extensions"],
                                                       extension_configs=config["mdx_configs"] or {})
        _state["page_mds"] += 1
    md.reset()
    mkdocs_private.render_page(md, page, config, files)
    _state["converted"] += 1


def _anchors_only(page, config, files) -> None:
    """`page.render` for a page another shard writes, which no search index here reads: of
    its conversion this shard needs only the ids its headings get (its title is in its front
    matter, its links are checked by the shard that writes it, its raw blocks' ids are known
    from the split). Those ids follow from the headings alone, and most pages of a kind have
    the same headings, so they are worked out once per set of headings, by one Markdown made
    once: converting such pages whole was two fifths of a shard's time."""
    headings = tuple(line.strip() for line in page.markdown.split("\n\n") if line.startswith("#"))
    ids = _state["heading_ids"].get(headings)
    if ids is None:
        md = _state["md"]
        if md is None:
            md = _state["md"] = markdown_lib.Markdown(extensions=config["markdown_extensions"],
                                                      extension_configs=config["mdx_configs"] or {})
        md.reset()
        md.convert("\n\n".join(headings) + "\n")
        ids = _state["heading_ids"][headings] = frozenset(_toc_ids(getattr(md, "toc_tokens", [])))
    page.content, page.toc, page.links_to_anchors = "", get_toc([]), {}
    page.present_anchor_ids = set(ids)
    _state["light"] += 1


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


@event_priority(50)  # before the search plugin reads the page for its index
def on_page_context(context, page, config, nav):
    """A page for Material's lunr index gets its raw blocks back now, for the index to read. A
    page left out of it gets them only once it is themed (`on_post_page`): the search plugin
    still runs a regular expression over every page's HTML (a tenth of MkDocs's time with
    Pagefind, where every page is left out), and the placeholders are all it needs to see."""
    split = getattr(page, "kb_split", None)
    if split is None:
        return context
    if not _unsearched(page):
        page.content = _restored(page, page.content, split)
    elif not getattr(page, "kb_skip", False):
        try:
            page.kb_ending = passthrough.ends(page.content, split, _TOKEN)
        except ValueError as e:
            raise ValueError(f"{page.file.src_uri}: {e}") from None
    return context


def on_post_page(output: str, page, config) -> str:
    if not getattr(page, "kb_skip", False):
        _tick("write", _state["own"])
    split = getattr(page, "kb_split", None)
    if split is not None:
        ending = getattr(page, "kb_ending", None)
        if ending is not None:
            output = _restored(page, output, split, ending)
            page.kb_ending = None
        page.content = None  # written; its raw blocks were only lent for this page
    return output


def on_post_build(config) -> None:
    _release_lock()
    if _state["bar"] is not None:
        _state["bar"].close()
    _state["bar"], _state["pass"] = None, ""
    if _state["anchors_out"] is not None:
        Path(os.environ["KB_MKDOCS_ANCHORS"]).write_text(json.dumps(_state["anchors_out"], sort_keys=True),
                                                         encoding="utf-8")
        _state["anchors_out"] = None
