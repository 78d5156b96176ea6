"""The renderers that turn the generated docs folder into the site: MkDocs with Material for
MkDocs (the default: faster today, BENCHMARKS.md) or Zensical, Material's successor from the same
team, which reads the same mkdocs.yml. Both take the same docs/, give the same URLs and anchors,
swap the site in whole and raise on any failure; the command line knows only this interface.

What only MkDocs does (the raw HTML pass-through, theme parts rendered once, shards, pages kept
from the last site, Pagefind) lives in kb/renderers/mkdocs/site.py, kb/renderers/mkdocs/hook.py and kb/renderers/mkdocs/theme/; what
every page shows is in overrides/ and the Markdown, which both render.
"""
from __future__ import annotations

import os
from abc import ABC, abstractmethod
from pathlib import Path
from typing import Callable

DEFAULT = "mkdocs"
RENDERER_ENV = "KB_RENDERER"
"""The environment's default for --renderer."""


class Renderer(ABC):
    """One way of building the site from the docs folder."""

    name: str
    """As --renderer and KB_RENDERER spell it; also the build report's key for its stage."""
    title: str
    """As messages name it."""
    searches: tuple[str, ...]
    """The --search choices it ships a site for."""

    @abstractmethod
    def site_url(self, config: Path) -> str:
        """The configured `site_url`, read as this renderer reads the file (KB_SITE_URL in
        the environment overrides the default)."""

    @abstractmethod
    def build(self, config: Path, docs_dir: Path, site_dir: Path, search: str) -> int:
        """A strict build of `docs_dir` into `site_dir`, swapped in whole; raises on any
        failure, the old site left as it was. The pages kept from the last site, counted."""

    @abstractmethod
    def serve(self, config: Path, docs_dir: Path, dev_addr: str, watch: list[Path],
              regenerate: Callable[[], None]) -> None:
        """Preview `docs_dir` with live reload until interrupted, `regenerate` run (under the
        serve lock) whenever a file under `watch` (seeds, vocabulary) changes."""


class MkDocs(Renderer):
    name, title = "mkdocs", "MkDocs"
    searches = ("auto", "lunr", "pagefind")

    def site_url(self, config: Path) -> str:
        from mkdocs.utils.yaml import yaml_load

        with config.open(encoding="utf-8") as handle:
            return str(yaml_load(handle).get("site_url") or "")

    def build(self, config: Path, docs_dir: Path, site_dir: Path, search: str) -> int:
        from kb.renderers.mkdocs.site import mkdocs_build

        return mkdocs_build(config, docs_dir, site_dir, search)

    def serve(self, config: Path, docs_dir: Path, dev_addr: str, watch: list[Path],
              regenerate: Callable[[], None]) -> None:
        # MkDocs rebuilds when a watched file changes, and the hook regenerates first, holding
        # the lock through the rebuild (kb/renderers/mkdocs/hook.py, on_pre_build).
        from mkdocs.commands.serve import serve as mkdocs_serve

        mkdocs_serve(config_file=str(config), livereload=True, dev_addr=dev_addr, docs_dir=str(docs_dir.resolve()),
                     watch=[str(w.resolve()) for w in watch])


class Zensical(Renderer):
    name, title = "zensical", "Zensical"
    searches = ("auto", "lunr")
    """Zensical's own search, which reads the pages Material's lunr index would (their
    `search.exclude` front matter, their tags); no Pagefind (kb-pagefind.js answers Material's
    search field, not Zensical's)."""

    def site_url(self, config: Path) -> str:
        from kb.renderers.zensical import site_url_of

        return site_url_of(config)

    def build(self, config: Path, docs_dir: Path, site_dir: Path, search: str) -> int:
        from kb.renderers.zensical import zensical_build

        return zensical_build(config, docs_dir, site_dir)

    def serve(self, config: Path, docs_dir: Path, dev_addr: str, watch: list[Path],
              regenerate: Callable[[], None]) -> None:
        from kb.renderers.zensical import zensical_serve

        zensical_serve(config, docs_dir, dev_addr, watch, regenerate)


_RENDERERS: dict[str, Renderer] = {r.name: r for r in (MkDocs(), Zensical())}
RENDERERS = tuple(_RENDERERS)


def get(name: str) -> Renderer:
    if name not in _RENDERERS:
        raise ValueError(f"unknown renderer {name!r} (choose from {', '.join(RENDERERS)})")
    return _RENDERERS[name]


def default_name() -> str:
    """--renderer's default: KB_RENDERER, else MkDocs."""
    return os.environ.get(RENDERER_ENV) or DEFAULT
