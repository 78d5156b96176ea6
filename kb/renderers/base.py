"""The renderers that turn the generated docs folder into the site: MkDocs with Material for
MkDocs (the default: faster today, BENCHMARKS.md) or Zensical, Material's successor from the same
team, which reads the same mkdocs.yml. Both take the same docs/, give the same URLs and anchors,
swap the site in whole and raise on any failure; the build (kb/build.py) knows only this
interface, `SiteRenderer`, and the sites earlier builds left beside the site (`old_sites`).

What only MkDocs does (the raw HTML pass-through, theme parts rendered once, shards, pages kept
from the last site, Pagefind) lives in kb/renderers/mkdocs/site.py, kb/renderers/mkdocs/hook.py and kb/renderers/mkdocs/theme/; what
every page shows is in overrides/ and the Markdown, which both render.
"""
from __future__ import annotations

import os
import shutil
from abc import ABC, abstractmethod
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kb.build import BuildSettings, Rebuild

DEFAULT = "mkdocs"
RENDERER_ENV = "KB_RENDERER"
"""The environment's default for --renderer."""


class SiteRenderer(ABC):
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
    def site_name(self, config: Path) -> str:
        """The configured `site_name`, which the site's preview image shows."""

    @abstractmethod
    def build(self, config: Path, docs_dir: Path, site_dir: Path, search: str) -> int:
        """A strict build of `docs_dir` into `site_dir`, swapped in whole; raises on any
        failure, the old site left as it was. The pages kept from the last site, counted."""

    @abstractmethod
    def serve(self, settings: BuildSettings, dev_addr: str, rebuild: Rebuild) -> None:
        """Preview the settings' docs folder with live reload until interrupted, `rebuild` run
        (under its lock) whenever a seed or a vocabulary file changes."""


class MkDocs(SiteRenderer):
    name, title = "mkdocs", "MkDocs"
    searches = ("auto", "lunr", "pagefind")

    def site_url(self, config: Path) -> str:
        from mkdocs.utils.yaml import yaml_load

        with config.open(encoding="utf-8") as handle:
            return str(yaml_load(handle).get("site_url") or "")

    def site_name(self, config: Path) -> str:
        from mkdocs.utils.yaml import yaml_load

        with config.open(encoding="utf-8") as handle:
            return str(yaml_load(handle).get("site_name") or "")

    def build(self, config: Path, docs_dir: Path, site_dir: Path, search: str) -> int:
        from kb.renderers.mkdocs.site import mkdocs_build

        return mkdocs_build(config, docs_dir, site_dir, search)

    def serve(self, settings: BuildSettings, dev_addr: str, rebuild: Rebuild) -> None:
        # MkDocs rebuilds when a watched file changes, and the hook runs `rebuild` first,
        # holding its lock through MkDocs's rebuild (kb/renderers/mkdocs/events.py, on_pre_build).
        # The hook is one object of this process, handed the rebuild here.
        from mkdocs.commands.serve import serve as mkdocs_serve

        from kb.renderers.mkdocs.events import plugin

        docs_dir, _ = settings.folders()
        plugin.rebuild = rebuild
        try:
            mkdocs_serve(config_file=str(settings.config), livereload=True, dev_addr=dev_addr,
                         docs_dir=str(docs_dir.resolve()),
                         watch=[str(settings.seeds.resolve()), str(settings.vocabulary.resolve())])
        finally:
            plugin.rebuild = None


class Zensical(SiteRenderer):
    name, title = "zensical", "Zensical"
    searches = ("auto", "lunr")
    """Zensical's own search, which reads the pages Material's lunr index would (their
    `search.exclude` front matter, their tags); no Pagefind (kb-pagefind.js answers Material's
    search field, not Zensical's)."""

    def site_url(self, config: Path) -> str:
        from kb.renderers.zensical import site_url_of

        return site_url_of(config)

    def site_name(self, config: Path) -> str:
        from kb.renderers.zensical import read_config

        return str(read_config(config).get("site_name") or "")

    def build(self, config: Path, docs_dir: Path, site_dir: Path, search: str) -> int:
        from kb.renderers.zensical import zensical_build

        return zensical_build(config, docs_dir, site_dir)

    def serve(self, settings: BuildSettings, dev_addr: str, rebuild: Rebuild) -> None:
        from kb.renderers.zensical import zensical_serve

        docs_dir, _ = settings.folders()
        zensical_serve(settings.config, docs_dir, dev_addr, [settings.seeds, settings.vocabulary], rebuild.locked)


_RENDERERS: dict[str, SiteRenderer] = {r.name: r for r in (MkDocs(), Zensical())}
RENDERERS = tuple(_RENDERERS)


def get(name: str) -> SiteRenderer:
    if name not in _RENDERERS:
        raise ValueError(f"unknown renderer {name!r} (choose from {', '.join(RENDERERS)})")
    return _RENDERERS[name]


def default_name() -> str:
    """--renderer's default: KB_RENDERER, else MkDocs."""
    return os.environ.get(RENDERER_ENV) or DEFAULT


OLD_SITE = ".old-"
"""The site a build that kept pages replaced, beside the new one (`.site.old-*`), until the
next build removes it while it works (kb/build.py) rather than at the end of this one
(BENCHMARKS.md). Its files are mostly the new site's too (hard links), so what it holds alone
is small. A site none of whose pages were kept is removed at once (a whole copy)."""


def old_sites(site_dir: Path) -> list[Path]:
    """The sites earlier builds replaced (`OLD_SITE`)."""
    parent = site_dir.resolve().parent
    return sorted(parent.glob(f".{site_dir.name}{OLD_SITE}*")) if parent.is_dir() else []


def remove_old_sites(site_dir: Path) -> list[tuple[str, str]]:
    """Remove the sites earlier builds replaced; (name, why) of each that could not be, for
    the build report: one left would pile up under every later build, unseen."""
    failed: list[tuple[str, str]] = []
    for old in old_sites(site_dir):
        errors: list[OSError] = []
        shutil.rmtree(old, onerror=lambda _f, _p, info: errors.append(info[1]))
        if errors and old.exists():
            failed.append((old.name, getattr(errors[0], "strerror", None) or str(errors[0])))
    return failed
