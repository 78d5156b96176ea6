"""Run Zensical over the generated Markdown: the same docs folder and mkdocs.yml as MkDocs,
strict, swapped in whole, so a failure at any step leaves the previous site as it was.

Zensical reads mkdocs.yml itself, but wants the docs and site folders inside the folder of the
configuration file and keeps its cache beside that file. So each build works in a scratch
project beside the site: the docs folder's files hard-linked into it, a copy of the
configuration read as Zensical reads it (its !ENV tags and INHERIT resolved) pointing at them,
the theme's custom folder and a site folder there; the site is swapped in once Zensical has
built it. Our MkDocs hook does not run (Zensical has no hooks): what it brings is speed only,
and the pages show the same text, anchors, links and JSON-LD (tests/test_renderers.py compares
them page by page).

One difference of reading: MkDocs leaves the links in raw HTML as they are, relative to the
page's URL, where Zensical resolves them relative to the page's Markdown file, as it does
Markdown links (zensical/zensical#258): `href="../../topics/trade/"` in `documents/a.md`
(served at `documents/a/`) would lead one folder too far up. So each Markdown page goes into
the project as a copy with its relative links written from its file (`from_the_file`).

Calls into Zensical's private configuration loader sit here, behind `SUPPORTED`.
"""
from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable

import yaml

from kb.output.parallel import python_command
from kb.renderers.base import remove_old_sites
from kb.renderers.mkdocs.site import ROOT, STATE_SUFFIX
from kb.renderers.search import SCRIPT as PAGEFIND_SCRIPT, noindex
from kb.output.write import atomic_write, files_under, link_files, scratch_folder, swap_in, sweep

SUPPORTED = "0.0.73"
"""The Zensical this module was written for (requirements.txt pins it): the version whose
configuration loader `read_config` calls. 0.0.74 and later need a `zensical-ui` the package
index here does not serve."""
_QUIET = ("Build started", "No issues found", "Build finished in ")
"""Zensical's progress lines, which a build that went well does not repeat."""


def check_version() -> None:
    """Refuse a Zensical other than `SUPPORTED`: `read_config` relies on its internals."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version("zensical")
    except PackageNotFoundError:
        raise RuntimeError("Zensical is not installed (pip install -r requirements.txt)") from None
    if found != SUPPORTED:
        raise RuntimeError(f"Zensical {found} is installed; kb/renderers/zensical.py was written for {SUPPORTED}")


def read_config(config: Path) -> dict[str, Any]:
    """The configuration as Zensical reads it: !ENV tags and INHERIT resolved."""
    check_version()
    from zensical.config import _yaml_load

    with config.open(encoding="utf-8") as handle:
        return _yaml_load(handle)


def site_url_of(config: Path) -> str:
    return str(read_config(config).get("site_url") or "")


def project_config(config: Path) -> dict[str, Any]:
    """The configuration of a scratch project: `config` read as Zensical reads it, its docs in
    `docs/` and its site in `site/` beside it, the theme's custom folder where `config` names
    it, and no MkDocs hooks (Zensical ignores them)."""
    settings = read_config(config)
    settings["docs_dir"], settings["site_dir"] = "docs", "site"
    settings.pop("hooks", None)
    theme = settings.get("theme")
    if isinstance(theme, dict) and theme.get("custom_dir"):
        theme["custom_dir"] = str((config.resolve().parent / str(theme["custom_dir"])).resolve())
    return settings


def _published(rel: str) -> bool:
    """Whether MkDocs would publish a file of the docs folder: not hidden (its default
    exclude_docs), as our manifest is; nor the Pagefind script, which no page loads here
    (Zensical searches with its own index)."""
    return not any(part.startswith(".") for part in rel.split("/")) and rel != PAGEFIND_SCRIPT


_SITEMAP_URL = re.compile(r"[ \t]*<url>\s*<loc>([^<]*)</loc>.*?</url>[ \t]*\n?", re.S)


def sitemap_without(xml: str, unlisted: Callable[[str], bool]) -> str:
    """Zensical's sitemap less the URLs (as written in its `<loc>`) that `unlisted` names:
    Zensical lists every page, where the site lists no page that asks not to be indexed (an
    empty concept's, kb/pages/concept.py)."""
    return _SITEMAP_URL.sub(lambda m: "" if unlisted(html.unescape(m.group(1))) else m.group(0), xml)


def unlist_noindex_pages(site: Path, site_url: str) -> None:
    """Take the pages that ask not to be indexed (`noindex` in their head) out of the built
    site's sitemap.xml."""
    sitemap = site / "sitemap.xml"
    if not sitemap.is_file():
        return

    def unlisted(loc: str) -> bool:
        if not loc.startswith(site_url):
            return False
        page = site / loc[len(site_url):].split("#")[0] / "index.html"
        return page.is_file() and noindex(page)

    sitemap.write_text(sitemap_without(sitemap.read_text(encoding="utf-8"), unlisted), encoding="utf-8")


_HREF = re.compile(r'(?<=\shref=")(?![#/]|[a-zA-Z][a-zA-Z0-9+.-]*:)([^"]*)(?=")')
"""A relative link in raw HTML: not a fragment, not from the host's root, not another scheme."""


def from_the_file(markdown: str, rel: str, directory_urls: bool = True) -> str:
    """`markdown` (the page `rel` of the docs folder) with each relative link of its raw HTML
    written from the page's file rather than from its URL. With directory URLs a page other
    than an index is served one folder below its file: `../x/` becomes `x/` (`../` itself, or
    `../#p1`, `./` and `./#p1`: the folder, not this page), and `x/`, below the page, `a/x/`.
    An index page, or any page without directory URLs, is served where its file lies and is
    left as it is."""
    name = rel.rpartition("/")[2]
    if not directory_urls or name in ("index.md", "README.md") or not name.endswith(".md"):
        return markdown
    stem = name[:-3]

    def rewrite(m: re.Match[str]) -> str:
        href = m.group(1)
        if not href.startswith("../"):
            return f"{stem}/{href}"
        up = href[3:]
        return up if up and up[0] not in "#?" else "./" + up

    return _HREF.sub(rewrite, markdown)


def build_main(argv: list[str]) -> int:
    """A Zensical build's process: strict, as the configuration asks."""
    import zensical

    try:
        zensical.build(argv[0], {"strict": True, "clean": False})
    except RuntimeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


def fill_project(docs_dir: Path, into: Path, directory_urls: bool = True) -> None:
    """The docs folder as Zensical is to read it, in `into`: each published file hard-linked,
    each Markdown page with its relative links written from its file (`from_the_file`). Files
    the docs folder no longer has are removed, and those that did not change are left as they
    are (Zensical's preview rebuilds what changed)."""
    published = [rel for rel in files_under(docs_dir) if _published(rel)]
    into.mkdir(parents=True, exist_ok=True)
    wanted = set(published)
    for rel in files_under(into):
        if rel not in wanted:
            (into / rel).unlink()
    for rel in published:
        source, target = docs_dir / rel, into / rel
        if rel.endswith(".md"):
            data = from_the_file(source.read_text(encoding="utf-8"), rel, directory_urls).encode("utf-8")
            if not target.is_file() or target.read_bytes() != data:
                atomic_write(target, data)
        elif not target.exists() or not os.path.samefile(source, target):
            target.unlink(missing_ok=True)
            link_files(docs_dir, into, [rel])


def directory_urls(settings: Path) -> bool:
    """Whether a project's pages are served as folders (`use_directory_urls`, MkDocs's default)."""
    return yaml.safe_load(settings.read_text(encoding="utf-8")).get("use_directory_urls", True) is not False


def write_project(config: Path, project: Path) -> Path:
    """The configuration of a project in `project` (`project_config`), written there: its path."""
    settings = project / "mkdocs.yml"
    settings.write_text(yaml.safe_dump(project_config(config), allow_unicode=True, sort_keys=False), encoding="utf-8")
    return settings


def zensical_build(config: Path, docs_dir: Path, site_dir: Path) -> int:
    """A real, strict Zensical build of `docs_dir` into `site_dir`. Raises on any failure, the
    old site intact. No page is kept from the last site (0, for the build's summary)."""
    check_version()
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    sweep(site_dir.parent, f".{site_dir.name}.")  # left by a build killed outright
    remove_old_sites(site_dir)
    project = scratch_folder(site_dir.parent, f".{site_dir.name}.")
    try:
        settings = write_project(config, project)
        fill_project(docs_dir.resolve(), project / "docs", directory_urls(settings))
        argv, env = python_command("import sys; from kb.renderers.zensical import build_main; "
                                   "sys.exit(build_main(sys.argv[1:]))", str(settings))
        run = subprocess.run(argv, cwd=ROOT, env={**env, "NO_COLOR": "1"}, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True, errors="replace")
        messages = [line for line in run.stdout.splitlines() if line.strip() and not line.startswith(_QUIET)]
        if messages:
            print("\n".join(messages), file=sys.stderr)
        if run.returncode != 0:
            raise RuntimeError("Zensical failed (its messages are above)")
        unlist_noindex_pages(project / "site", str(read_config(settings).get("site_url") or ""))
        # MkDocs's record of the pages it could keep describes the site being replaced.
        site_dir.with_name(f".{site_dir.name}{STATE_SUFFIX}").unlink(missing_ok=True)
        swap_in(project / "site", site_dir)
    finally:
        shutil.rmtree(project, ignore_errors=True)
    return 0


def zensical_serve(config: Path, docs_dir: Path, dev_addr: str, watch: list[Path],
                   regenerate: Callable[[], None]) -> None:
    """Zensical's own preview of `docs_dir` until interrupted: `regenerate` runs whenever a file
    under `watch` changes (Zensical has no hooks), the project is brought up to date with the
    docs, and Zensical rebuilds what changed. The project is a hidden folder beside the docs
    folder, its site and cache in it, removed when the preview stops."""
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers import Observer

    check_version()
    docs_dir = docs_dir.resolve()
    project = docs_dir.parent / f".{docs_dir.name}.zensical"
    project.mkdir(exist_ok=True)
    settings = write_project(config, project)
    urls = directory_urls(settings)
    fill_project(docs_dir, project / "docs", urls)

    class Changed(FileSystemEventHandler):
        def on_any_event(self, event) -> None:
            if event.event_type not in ("created", "modified", "deleted", "moved"):
                return
            try:
                regenerate()
                fill_project(docs_dir, project / "docs", urls)
            except Exception as exc:  # noqa: BLE001  (the preview goes on, the error shown)
                print(f"error: regeneration failed: {exc}", file=sys.stderr)

    observer = Observer()
    for folder in watch:
        observer.schedule(Changed(), str(folder), recursive=True)
    observer.start()
    argv, env = python_command("import sys, zensical; "
                               "zensical.serve(sys.argv[1], {'dev_addr': sys.argv[2], 'open': False, 'strict': False})",
                               str(settings), dev_addr)
    try:
        subprocess.run(argv, cwd=ROOT, env=env)
    except KeyboardInterrupt:  # Ctrl-C stops the preview (Zensical got it too)
        pass
    finally:
        observer.stop()
        observer.join()
        shutil.rmtree(project, ignore_errors=True)
