"""The command line: its arguments parsed into one `BuildSettings` (kb/build.py), the build,
serve or rename run with it, every failure turned into a clear exit code.

    python build_site.py [--seeds DIR] [--site-dir DIR] [--strict] [--no-wait] [--max-seed-mb MB]
                         [--renderer mkdocs|zensical]                    build the site
    python build_site.py serve [--seeds DIR] [--dev-addr HOST:PORT] [--renderer R]  preview, live reload
    python build_site.py rename OLD NEW [--seeds DIR]                    change a slug, keep a redirect

Exit codes: 0 built; 1 built nothing because of a report entry under --strict, writing the
docs folder failed (a full disk), or the renderer (MkDocs or Zensical) failed; 2 bad vocabulary, rules or ledger, a missing folder, or a search
the renderer does not ship (nothing written); 3 another build is running in this folder and
--no-wait was given (nothing done; without it, a build waits for the other, kb/output/lock.py).
"""
from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from kb.build import ROOT, BuildSettings, Built, Rebuild, RendererFailed, build
from kb.model import ReportEntry, printable
from kb.output.lock import BuildLock, Busy, folders_of
from kb.output.write import atomic_write
from kb.pages.urls import address_warning
from kb.renderers.base import RENDERER_ENV, RENDERERS, default_name as default_renderer, get as get_renderer
from kb.renderers.search import ENGINES
from kb.rules.yamlfile import ConfigError
from kb.stages.ledger import read_ledger, rename, render_ledger
from kb.stages.read import LEDGER_NAME, MAX_SEED_BYTES


def _print_report(report: list[ReportEntry]) -> None:
    for entry in report:
        print(f"  {entry}", file=sys.stderr)


MAX_SEED_ENV = "KB_MAX_SEED_MB"
"""The environment's default for --max-seed-mb."""


def megabytes(text: str) -> float:
    """A size limit in MB (--max-seed-mb, KB_MAX_SEED_MB): a positive number."""
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"expected a positive number of MB (--max-seed-mb or {MAX_SEED_ENV}), "
                                         f"got {text!r}")
    return value


def seed_bytes(mb: float) -> int:
    """The size limit in bytes: MB of 1,000,000 bytes, as the report prints them."""
    return int(mb * 1_000_000)


BUSY = 3
"""Exit code when another build holds this folder's lock and --no-wait was given."""


USAGE = """\
Build a browsable, searchable static site from a folder of plain-text documents: every seed
becomes an annotated page (metadata, topics with the words that show them, people, places,
who spoke and in which words, an anchor on every paragraph) and every topic and name of the
vocabulary a page gathering what all documents say about it. Prints what it built, what it skipped and why."""
"""What --help prints of the command (the module docstring is for the people who change it)."""

EPILOG = f"""\
commands:
  build           (default) read, annotate and render the seeds, then run the renderer into --site-dir
  serve           build, then preview at --dev-addr, rebuilding when a seed or the vocabulary changes
  rename OLD NEW  give a document a new slug; the old URL forwards to the new one

environment: KB_SITE_URL (the address the site is published at), KB_WORKERS (processes to use),
KB_CACHE_DIR (--cache-dir), {MAX_SEED_ENV} (--max-seed-mb), {RENDERER_ENV} (--renderer); README.md
lists every setting.

exit codes:
  0  built
  1  --strict found a build report entry (nothing written), writing the docs folder failed (a
     full disk), or the renderer (MkDocs or Zensical) failed (the previous docs and site are
     left whole)
  2  the command line, the vocabulary, the language rules or the ledger are invalid, the seeds
     folder is missing, the build lock cannot be taken or the renderer does not ship the search
     asked for (nothing written)
  {BUSY}  another build is running in this folder and --no-wait was given (nothing done)"""


def _args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="build_site.py", description=USAGE, epilog=EPILOG,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", nargs="?", choices=["build", "serve", "rename"], default="build",
                        help="build the site (default), serve it with live reload, or rename OLD NEW: "
                             "give a document a new slug, the old URL redirecting to it")
    parser.add_argument("slugs", nargs="*", metavar="SLUG", help="rename: the old and the new slug")
    parser.add_argument("--seeds", metavar="DIR", type=Path, default=ROOT / "seeds", help="folder of seed documents (default seeds/)")
    parser.add_argument("--site-dir", metavar="DIR", type=Path, default=ROOT / "site", help="where the built site goes (default site/)")
    parser.add_argument("--docs-dir", metavar="DIR", type=Path, default=ROOT / "docs", help="where the generated Markdown goes (default docs/; generated, never edit it)")
    parser.add_argument("--vocabulary", metavar="DIR", type=Path, default=ROOT / "vocabulary", help="folder of vocabulary YAML (default vocabulary/)")
    parser.add_argument("--config", metavar="FILE", type=Path, default=ROOT / "mkdocs.yml",
                        help="site configuration, read by either renderer (default mkdocs.yml)")
    parser.add_argument("--renderer", choices=RENDERERS, default=default_renderer(),
                        help=f"what builds the site from the docs folder: MkDocs with Material (default, faster) "
                             f"or Zensical, Material's successor (or {RENDERER_ENV})")
    parser.add_argument("--cache-dir", metavar="DIR", type=Path, default=Path(os.environ.get("KB_CACHE_DIR", ROOT / ".kb-cache")),
                        help="what is kept between builds to rebuild faster (default .kb-cache/, or "
                             "KB_CACHE_DIR; safe to delete)")
    parser.add_argument("--search", choices=ENGINES, default="auto",
                        help="search index: auto is Pagefind at every size; lunr builds no index (tests, quick builds)")
    parser.add_argument("--strict", action="store_true", help="fail (exit 1) on any build report entry")
    parser.add_argument("--max-seed-mb", type=megabytes, metavar="MB",
                        default=os.environ.get(MAX_SEED_ENV, str(MAX_SEED_BYTES / 1e6)),
                        help=f"a seed larger than this many MB (of 1,000,000 bytes) is reported, not built "
                             f"(default {MAX_SEED_BYTES / 1e6:g}, or {MAX_SEED_ENV})")
    parser.add_argument("--no-wait", action="store_true",
                        help=f"when another build is running in this folder, exit {BUSY} rather than wait for it "
                             "(serve's rebuilds always wait)")
    parser.add_argument("--dev-addr", metavar="HOST:PORT", default="127.0.0.1:8000", help="serve: address to listen on (default 127.0.0.1:8000)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = _args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    if not args.seeds.is_dir():
        print(f"error: seeds folder not found: {args.seeds}", file=sys.stderr)
        return 2
    if args.renderer not in RENDERERS:
        print(f"error: {RENDERER_ENV}={args.renderer!r}: choose from {', '.join(RENDERERS)}", file=sys.stderr)
        return 2
    if args.search not in get_renderer(args.renderer).searches:
        print(f"error: --search {args.search} is not shipped with --renderer {args.renderer} "
              f"(choose from {', '.join(get_renderer(args.renderer).searches)})", file=sys.stderr)
        return 2
    if args.search == "auto" and "pagefind" not in get_renderer(args.renderer).searches:
        args.search = "lunr"  # the renderer's own search at any size
    settings = settings_of(args)
    if args.command == "serve":
        return serve(settings, args.dev_addr)
    if args.slugs and args.command != "rename":
        print(f"error: unexpected arguments: {' '.join(args.slugs)}", file=sys.stderr)
        return 2
    # One build at a time: this one writes docs/, site/ and the ledger (a rename, the ledger).
    try:
        lock = BuildLock.take(folders_of(args.docs_dir, args.site_dir), wait=not args.no_wait)
    except Busy as exc:
        print(f"error: {exc}; nothing done (--no-wait)", file=sys.stderr)
        return BUSY
    except OSError as exc:
        print(f"error: cannot take the build lock {exc.filename}: {exc.strerror}", file=sys.stderr)
        return 2
    with lock:
        return rename_slug(args) if args.command == "rename" else run_build(settings)


def settings_of(argv: list[str] | argparse.Namespace | None) -> BuildSettings:
    """The build's settings from the command line (`argv`, or arguments parsed already)."""
    args = argv if isinstance(argv, argparse.Namespace) else _args(argv)
    return BuildSettings(seeds=args.seeds, vocabulary=args.vocabulary, docs_dir=args.docs_dir, site_dir=args.site_dir,
                         cache_dir=args.cache_dir, config=args.config, renderer=args.renderer, search=args.search,
                         strict=args.strict, max_seed_bytes=seed_bytes(args.max_seed_mb))


def run_build(settings: BuildSettings) -> int:
    """The build itself, under the lock: its summary, its report and its exit code."""
    try:
        built = build(settings)
    except ConfigError as exc:
        print("error: the build stopped before writing anything:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {printable(problem)}", file=sys.stderr)
        return 2
    except OSError as exc:  # a full disk, a folder turned read-only: the staged tree is discarded
        print(f"error: {_not_written(exc, settings.folders()[0])}; the previous docs and site are left as they were",
              file=sys.stderr)
        return 1
    except RendererFailed as exc:
        print(f"error: {exc}; the previous site is left as it was", file=sys.stderr)
        return 1
    gen = built.gen
    if built.stats is None:
        print(f"error: --strict: {len(gen.report)} build report entr{'y' if len(gen.report) == 1 else 'ies'}; "
              "nothing written:", file=sys.stderr)
        _print_report(gen.report)
        return 1
    print(_summary(built, settings))
    print("  " + ", ".join(f"{k} {v:.2f} s" for k, v in gen.timings.items()))
    if gen.report:
        print(f"Build report ({len(gen.report)}):", file=sys.stderr)
        _print_report(gen.report)
    warning = address_warning(settings.url())
    if warning:  # once a build, last: the exports' links work, but only on this machine
        print(f"warning: {warning}", file=sys.stderr)
    return 1 if gen.report and settings.strict else 0


def _summary(built: Built, settings: BuildSettings) -> str:
    """The line a build prints when it is done."""
    gen, stats = built.gen, built.stats
    assert stats is not None
    skipped = [e for e in gen.report if e.level == "skipped"]
    return (f"Built {gen.documents} document{'s' if gen.documents != 1 else ''} "
            f"({gen.documents - gen.reused} annotated, {gen.reused} from the cache; "
            f"{gen.kept} pages unchanged, not rendered); "
            f"skipped {len(skipped)}; {stats.written + stats.unchanged} files generated "
            f"({stats.written} written, {stats.unchanged} unchanged, {stats.removed} removed); "
            f"site in {settings.site_dir} ({built.reused} pages kept from the last one) in {built.seconds:.1f} s")


def _not_written(exc: OSError, docs_dir: Path) -> str:
    """What a failed write of the docs folder reports: the folder, and the file only when it is
    not one of the docs folder's own (its staged tree's name means nothing to a user)."""
    why = exc.strerror or str(exc)
    name = os.fsdecode(exc.filename) if exc.filename is not None else ""
    staged = str(docs_dir.resolve().parent / f".{docs_dir.name}.new-")
    if not name or name.startswith((str(docs_dir), str(docs_dir.resolve()), staged)):
        return printable(f"the docs folder {docs_dir} could not be written ({why})")
    return printable(f"{name} could not be written ({why})")


def rename_slug(args: argparse.Namespace) -> int:
    """Change one slug in the ledger on purpose; the next build leaves a redirect behind."""
    if len(args.slugs) != 2:
        print("error: rename takes two slugs: OLD NEW", file=sys.stderr)
        return 2
    path = args.seeds / LEDGER_NAME
    try:
        entries = rename(read_ledger(path), *args.slugs)
    except (ConfigError, ValueError) as exc:
        print(f"error: {path}: {exc}", file=sys.stderr)
        return 2
    try:
        atomic_write(path, render_ledger(entries).encode("utf-8"))
    except OSError as exc:
        print(f"error: {path}: slug ledger not saved ({exc.strerror}); nothing changed", file=sys.stderr)
        return 2
    print(f"{args.slugs[0]} is now {args.slugs[1]}; rebuild to publish (the old URL will redirect)")
    return 0


def serve(settings: BuildSettings, dev_addr: str) -> int:
    """Generate once, then let the renderer serve, each rebuild with the same settings."""
    rebuild = Rebuild(settings)
    try:
        rebuild.locked()
    except ConfigError as exc:
        print("error:\n  " + "\n  ".join(map(printable, exc.problems)), file=sys.stderr)
        return 2
    get_renderer(settings.renderer).serve(settings, dev_addr, rebuild)
    return 0
