"""Run MkDocs over the generated Markdown: strict, on every core for a large site, indexed for
search, and swapped in whole, so a failure at any step leaves the previous site as it was.

MkDocs renders one page at a time. Pages do not depend on each other's output, so a large site
is built by several MkDocs processes at once ("shards"): each reads every page (navigation,
titles and anchors need them all; with the raw HTML pass-through that is cheap) but renders
and writes only the pages whose path hashes to it (`kb/mkdocs_hook.py`). Their folders are then
merged; files every shard writes (theme assets, sitemap, search index) are the same in all.
tests/test_site.py compares a sharded build with a single one byte for byte.
"""
from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

from .parallel import python_command, workers
from .search import SCRATCH as PAGEFIND_SCRATCH, SCRIPT as PAGEFIND_SCRIPT, index_with_pagefind
from .write import scratch_folder, swap_in, sweep

ROOT = Path(__file__).resolve().parent.parent

SHARD_FROM = 800
"""Markdown pages from which MkDocs runs in one process per core. Each shard reads every page
and starts its own interpreter, so a small site gains nothing. Measured on two cores, one shard
against two: 409 pages 1.7 s / 1.8 s, 1,076 pages 3.5 / 2.7, 2,185 pages 9.3 / 6.3, 8,400
pages (3,000 documents) 38.5 / 27.2."""
SHARD_ENV = "KB_MKDOCS_SHARD"
"""How a shard learns which pages are its own: "INDEX/COUNT", read by the MkDocs hook."""


def shard_count(docs_dir: Path) -> int:
    """Processes for building the site in `docs_dir`: one per core for a large site."""
    n = workers()
    if n < 2:
        return 1
    pages = sum(1 for _ in docs_dir.rglob("*.md"))
    return n if pages >= SHARD_FROM else 1


def _build_one(config: Path, docs_dir: Path, out: Path, search: str, shard: int, shards: int) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.config.config_options import ExtraScriptValue

    os.environ[SHARD_ENV] = f"{shard}/{shards}"
    try:
        cfg = load_config(config_file=str(config), docs_dir=str(docs_dir.resolve()), site_dir=str(out),
                          strict=True)
        if search == "pagefind":
            cfg.extra_javascript.append(ExtraScriptValue(PAGEFIND_SCRIPT))
        build(cfg)
    finally:
        del os.environ[SHARD_ENV]


def shard_main(argv: list[str]) -> int:
    """A shard's process: build, its warnings and errors going to the log file the build reads
    (every shard reads every page, so most warnings come from all of them: the build prints
    each once)."""
    log, config, docs_dir, out, search, shard, shards = argv
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s",
                        handlers=[logging.FileHandler(log, encoding="utf-8")], force=True)
    try:
        _build_one(Path(config), Path(docs_dir), Path(out), search, int(shard), int(shards))
    except BaseException as exc:  # noqa: BLE001  (MkDocs's Abort is a SystemExit)
        logging.getLogger("kb.site").error("%s", exc or type(exc).__name__)
        return 1
    return 0


def _shard_process(config: Path, docs_dir: Path, out: Path, search: str, shard: int, shards: int,
                   log: Path) -> subprocess.Popen:
    """One shard in a fresh interpreter that dies with this process (`python_command`)."""
    argv, env = python_command("import sys; from kb.site import shard_main; sys.exit(shard_main(sys.argv[1:]))",
                               str(log), str(config.resolve()), str(docs_dir.resolve()), str(out), search,
                               str(shard), str(shards))
    return subprocess.Popen(argv, cwd=ROOT, env=env)


def _print_logs(logs: list[Path]) -> None:
    """The shards' messages, each once, in the order the first shard to say it said them."""
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
                 shards: int | None = None) -> None:
    """A real, strict MkDocs build of `docs_dir` into `site_dir`, indexed for `search`; on
    `shards` processes (default: `shard_count`). Raises on any failure, the old site intact."""
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    shards = shards or shard_count(docs_dir)
    for prefix in (f".{site_dir.name}.", PAGEFIND_SCRATCH):  # left by a build killed outright
        sweep(site_dir.parent, prefix)
    parts = [scratch_folder(site_dir.parent, f".{site_dir.name}.") for _ in range(shards)]
    try:
        if shards == 1:
            _build_one(config, docs_dir, parts[0], search, 0, 1)
        else:
            logs = [part.with_name(part.name + ".log") for part in parts]
            procs = [_shard_process(config, docs_dir, part, search, k, shards, log)
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
            for part in parts[1:]:
                _merge(part, parts[0])
        if search == "pagefind":
            index_with_pagefind(parts[0])
        swap_in(parts[0], site_dir)
    finally:
        for part in parts:
            if part.exists():
                shutil.rmtree(part)
