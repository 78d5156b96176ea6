"""Run MkDocs over the generated Markdown: strict, on every core for a large site, indexed for
search, and swapped in whole, so a failure at any step leaves the previous site as it was.

MkDocs renders one page at a time. Pages do not depend on each other's output, so a large site
is built by several MkDocs processes at once ("shards"): each reads every page (navigation,
titles and anchors need them all; with the raw HTML pass-through that is cheap) but renders
and writes only the pages whose path hashes to it (`kb/renderers/mkdocs/hook.py`). Their folders are then
merged; files every shard writes (theme assets, sitemap, search index) are the same in all.
tests/test_site.py compares a sharded build with a single one byte for byte.

A rebuild renders only what changed: the HTML of a page whose Markdown file and every other
input are the same as for the last site is linked from it (`reusable`, `STATE_SUFFIX`), and so
is each Pagefind index part whose pages are all the same files (kb/renderers/search.py). The site is
then byte for byte what a build from nothing makes (tested).
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from kb.output.environment import installed
from kb.renderers.base import OLD_SITE, old_sites, remove_old_sites  # noqa: F401  (old_sites: for callers of this module)
from kb.output.parallel import Background, python_command, workers
from kb.renderers.search import SCRATCH as PAGEFIND_SCRATCH, SCRIPT as PAGEFIND_SCRIPT, index_with_pagefind
from kb.pages import url_of
from kb.output.write import atomic_write, files_under, generated_files, link_files, scratch_folder, swap_in, sweep

ROOT = Path(__file__).resolve().parents[3]

SHARD_FROM = 800
"""Markdown pages from which MkDocs runs in one process per core. Each shard reads every page
and starts its own interpreter, so a small site gains nothing; from about this size two
shards win on two cores (BENCHMARKS.md)."""
SHARD_ENV = "KB_MKDOCS_SHARD"
"""Which pages are a shard's own, "INDEX/COUNT", for a shard's MkDocs run by hand (the build
hands it to the hook, `ShardJob`)."""


def shard_count(pages: int) -> int:
    """Processes for building a site of `pages` Markdown pages: one per core for a large site."""
    n = workers()
    return n if n >= 2 and pages >= SHARD_FROM else 1


@dataclass(frozen=True)
class ShardJob:
    """One MkDocs build of a shard: the configuration, the folders, the search engine, which
    share of the pages it writes, and the files of the plan of kept pages."""

    config: Path
    docs_dir: Path
    out: Path
    search: str
    shard: tuple[int, int] = (0, 1)
    """(index, count): this process's share of the pages."""
    reuse: Path | None = None
    """The plan of pages kept from the last site (`REUSE_ENV`), or None."""
    anchors: Path | None = None
    """Where the first shard writes the unsearched pages' anchors (`ANCHORS_ENV`), or None."""

    def argv(self) -> list[str]:
        """As `shard_main` reads it back."""
        return [str(self.config.resolve()), str(self.docs_dir.resolve()), str(self.out), self.search,
                f"{self.shard[0]}/{self.shard[1]}", str(self.reuse or ""), str(self.anchors or "")]

    @classmethod
    def of_argv(cls, argv: list[str]) -> ShardJob:
        config, docs_dir, out, search, shard, reuse, anchors = argv
        index, _, count = shard.partition("/")
        return cls(Path(config), Path(docs_dir), Path(out), search, (int(index), int(count)),
                   Path(reuse) if reuse else None, Path(anchors) if anchors else None)


def _build_one(job: ShardJob) -> None:
    """MkDocs's build of `job` in this process, the hook (one object per process) handed the
    shard's settings for the time of the build."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.config.config_options import ExtraScriptValue

    from kb.renderers.mkdocs.events import plugin

    plugin.given = {"shard": f"{job.shard[0]}/{job.shard[1]}", "reuse": str(job.reuse or ""),
                    "anchors": str(job.anchors or "")}
    try:
        cfg = load_config(config_file=str(job.config), docs_dir=str(job.docs_dir.resolve()), site_dir=str(job.out),
                          strict=True)
        if job.search == "pagefind":
            cfg.extra_javascript.append(ExtraScriptValue(PAGEFIND_SCRIPT))
        build(cfg)
    finally:
        plugin.given = {}


def shard_main(argv: list[str]) -> int:
    """A shard's process: build, its warnings and errors going to the log file the build reads
    (every shard reads every page, so most warnings come from all of them: the build prints
    each once)."""
    log, *job = argv
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s",
                        handlers=[logging.FileHandler(log, encoding="utf-8")], force=True)
    try:
        _build_one(ShardJob.of_argv(job))
    except BaseException as exc:  # noqa: BLE001  (MkDocs's Abort is a SystemExit)
        logging.getLogger("kb.renderers.mkdocs.site").error("%s", exc or type(exc).__name__)
        return 1
    return 0


def _shard_process(job: ShardJob, log: Path) -> subprocess.Popen:
    """One shard in a fresh interpreter that dies with this process (`python_command`)."""
    argv, env = python_command("import sys; from kb.renderers.mkdocs.site import shard_main; sys.exit(shard_main(sys.argv[1:]))",
                               str(log), *job.argv())
    return subprocess.Popen(argv, cwd=ROOT, env=env)


def _print_logs(logs: list[Path]) -> None:
    """The shards' messages, each once, in the order the first shard to log them logged them."""
    seen: set[str] = set()
    for log in logs:
        try:
            lines = log.read_text(encoding="utf-8").splitlines()
        except OSError:
            continue
        for line in lines:
            if line not in seen:
                seen.add(line)
                print(line, file=sys.stderr)


def _merge(part: Path, into: Path) -> None:
    """Move every file of `part` that `into` lacks into it (the rest every shard wrote alike)."""
    for root, _, names in os.walk(part):
        rel = Path(root).relative_to(part)
        target = into / rel
        for name in names:
            dest = target / name
            if not dest.exists():
                target.mkdir(parents=True, exist_ok=True)
                os.replace(Path(root) / name, dest)


def mkdocs_build(config: Path, docs_dir: Path, site_dir: Path, search: str = "lunr",
                 shards: int | None = None, reuse: bool = True) -> int:
    """A real, strict MkDocs build of `docs_dir` into `site_dir`, indexed for `search`; on
    `shards` processes (default: `shard_count`). Raises on any failure, the old site intact.

    With `reuse`, the pages of the last site whose Markdown file is the very same (`STATE_SUFFIX`)
    and whose every other input is too (`fingerprint`) are not rendered again: their HTML is
    hard-linked from the last site. After one seed changes, a handful of pages change of tens
    of thousands. The pages reused, counted."""
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    for prefix in (f".{site_dir.name}.", PAGEFIND_SCRATCH):  # left by a build killed outright
        sweep(site_dir.parent, prefix)
    remove_old_sites(site_dir)  # if the caller has not (build_site.py does while it renders)
    state_file = site_dir.with_name(f".{site_dir.name}{STATE_SUFFIX}")
    state = {"fingerprint": fingerprint(config, search), "pages": page_stats(docs_dir)}
    shards = shards or shard_count(len(state["pages"]))
    last = _read_state(state_file)
    plan = reusable(state, last, docs_dir, site_dir, navigation_pages(config)) if reuse else []
    parts = [scratch_folder(site_dir.parent, f".{site_dir.name}.") for _ in range(shards)]
    # With pages kept, they are linked into a tree of their own while MkDocs runs (MkDocs
    # empties its output folder first), beside MkDocs rather than after it: making a large
    # site's folders is slow. The shards' folders are then merged into it.
    tree = scratch_folder(site_dir.parent, f".{site_dir.name}.") if plan else parts[0]
    linking = Background(_link_reused, plan, site_dir, tree) if plan else None
    plan_file = parts[0].with_name(parts[0].name + ".reuse") if plan else None
    anchors_file = parts[0].with_name(parts[0].name + ".anchors")
    try:
        if plan_file is not None:
            known = last.get("anchors", {})
            plan_file.write_text(json.dumps({"reuse": plan, "anchors": {src: known[src] for src in plan if src in known}}),
                                 encoding="utf-8")
        if shards == 1:
            _build_one(ShardJob(config, docs_dir, parts[0], search, (0, 1), plan_file, anchors_file))
        else:
            logs = [part.with_name(part.name + ".log") for part in parts]
            procs = [_shard_process(ShardJob(config, docs_dir, part, search, (k, shards), plan_file, anchors_file), log)
                     for k, (part, log) in enumerate(zip(parts, logs))]
            try:
                failed = [k for k, proc in enumerate(procs) if proc.wait() != 0]
            finally:  # interrupted: no shard goes on writing into a folder about to be removed
                for proc in procs:
                    if proc.poll() is None:
                        proc.kill()
                        proc.wait()
                _print_logs(logs)
                for log in logs:
                    log.unlink(missing_ok=True)
            if failed:
                raise RuntimeError(f"MkDocs failed in shard{'s' if len(failed) > 1 else ''} "
                                   f"{', '.join(map(str, failed))} of {shards} (its messages are above)")
        for part in parts:
            if part != tree:
                _merge(part, tree)
        reused = linking.result() if linking is not None else 0
        state["anchors"] = json.loads(anchors_file.read_text(encoding="utf-8"))
        if search == "pagefind":
            same = reuse and last.get("fingerprint") == state["fingerprint"]
            state["pagefind"] = index_with_pagefind(tree, site_dir if same else None, last.get("pagefind") if same else None)
        # The state describes the site beside it: gone before the exchange, written after it,
        # so an interruption between the two leaves no state (the next build renders all).
        state_file.unlink(missing_ok=True)
        old = swap_in(tree, site_dir, keep_old=True)
        atomic_write(state_file, json.dumps(state, sort_keys=True).encode("utf-8"))
        if old is not None and reused:  # left for the next build to remove while it works
            os.replace(old, old.with_name(f".{site_dir.name}{OLD_SITE}{old.name.rpartition('-')[2]}"))
    finally:
        if linking is not None:
            linking.cancel()
        for part in {*parts, tree}:
            if part.exists():
                shutil.rmtree(part)
        if plan_file is not None:
            plan_file.unlink(missing_ok=True)
        anchors_file.unlink(missing_ok=True)
    return reused


STATE_SUFFIX = "-pages.json"
"""Beside the site (`.site-pages.json`): the fingerprint it was built with, and the size,
modification time and inode of each page's Markdown file it was built from. The build stage
replaces a changed file with a new one and leaves an unchanged one as it was (kb/output/write.py),
so a file with the same three is the same Markdown. And the anchors of each page no search
index reads, so that a kept one need not even be read (kb/renderers/mkdocs/hook.py, `STUB`); and the
key of each Pagefind part (kb/renderers/search.py), so that a part whose pages are all kept is too."""
REUSE_ENV = "KB_MKDOCS_REUSE"
"""How a shard learns which pages it need not render: a JSON file of their paths, and of
those no search index reads, their anchors (`{"reuse": [...], "anchors": {path: [id...]}}`)."""
ANCHORS_ENV = "KB_MKDOCS_ANCHORS"
"""Where the first shard writes the anchors of every page no search index reads, for the
next build's plan (it works them out for every page: the links of the pages it writes are
checked against them)."""


def fingerprint(config: Path, search: str) -> str:
    """What every page's HTML depends on besides its own Markdown: the configuration as MkDocs
    reads it (navigation, site URL, an inherited file's settings), the theme's custom folder,
    the hooks and our code, the version of every installed package and of Python, the settings
    read from the environment and the search engine. Any change to any of them and every page
    is rendered again."""
    from mkdocs.utils.yaml import yaml_load

    digest = hashlib.sha256()
    config = config.resolve()
    with config.open("rb") as handle:
        settings = yaml_load(handle)
    for item in (*installed(), search, *(f"{k}={os.environ.get(k, '')}" for k in _ENV_READ),
                 json.dumps(settings, sort_keys=True, default=str)):
        digest.update(item.encode("utf-8") + b"\0")
    theme = settings.get("theme")
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    folders = [ROOT / "kb"] + ([config.parent / str(custom)] if custom else [])
    paths = [config] + [config.parent / str(hook) for hook in settings.get("hooks") or ()] + [
        Path(folder, rel) for folder in folders if folder.is_dir() for rel in files_under(folder)
        if "__pycache__" not in rel]
    for path in sorted({p.resolve() for p in paths if p.is_file()}):
        digest.update(str(path).encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


PASSTHROUGH_ENV = "KB_PASSTHROUGH"
"""0: Python-Markdown parses every raw block itself and MkDocs converts each page with its own
Markdown (the comparison in the tests, and a way to rule the pass-through out when a page looks
wrong); 1, the default: the MkDocs hook passes our raw HTML through (kb/renderers/mkdocs/passthrough.py)."""
THEME_PARTS_ENV = "KB_THEME_PARTS"
"""0: Material's shared parts (kb/renderers/mkdocs/theme/) rendered for every page (the comparison in the
tests); 1, the default: once for each set of pages that shows them alike."""
_ENV_READ = ("KB_SITE_URL", PASSTHROUGH_ENV, THEME_PARTS_ENV)


def page_stats(docs_dir: Path) -> dict[str, list[int]]:
    """{path of each Markdown file: [size, modification time in ns, inode]}."""
    base, out = str(docs_dir), {}
    for rel in files_under(docs_dir):
        if rel.endswith(".md"):
            st = os.stat(f"{base}/{rel}")
            out[rel] = [st.st_size, st.st_mtime_ns, st.st_ino]
    return out


def _read_state(path: Path) -> dict:
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) and isinstance(state.get("pages"), dict) else {}


def reusable(state: dict, last: dict, docs_dir: Path, site_dir: Path, navigation: set[str] | None) -> list[str]:
    """The pages whose HTML in the last site can stand: built with the same fingerprint, from
    the same Markdown file, generated by us (a page written by hand may link to a page now
    gone, and only rendering it again checks its links), not in the `navigation` (its
    neighbours' links are part of it; None: every page is), and still there."""
    if not last or last.get("fingerprint") != state["fingerprint"] or navigation is None:
        return []
    generated, before, base = generated_files(docs_dir), last["pages"], str(site_dir)
    return [src for src, stat in state["pages"].items()
            if src in generated and src not in navigation and before.get(src) == stat
            and os.path.isfile(f"{base}/{html_of(src)}")]


def navigation_pages(config: Path) -> set[str] | None:
    """The pages the configuration's `nav` lists (None when it has none: MkDocs then lists
    every page), read as MkDocs reads the file (its !ENV tags, INHERIT)."""
    from mkdocs.utils.yaml import yaml_load

    with config.open("rb") as handle:
        nav = yaml_load(handle).get("nav")
    if nav is None:
        return None
    pages: set[str] = set()
    stack = [nav]
    while stack:
        item = stack.pop()
        if isinstance(item, str) and item.endswith(".md"):
            pages.add(item.removeprefix("./"))
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return pages


def html_of(src: str) -> str:
    """The HTML file MkDocs writes for a page (directory URLs, as mkdocs.yml sets)."""
    return url_of(src) + "index.html"


def _link_reused(plan: list[str], site_dir: Path, into: Path) -> int:
    """Hard-link the last site's HTML of each page in `plan` into the new site's tree."""
    try:
        return len(link_files(site_dir, into, [html_of(src) for src in plan], missing_ok=False))
    except FileNotFoundError as exc:
        raise RuntimeError(f"{exc.filename}: removed during the build; build again") from None
