"""The command line: runs the stages in order and turns every failure into a clear exit code.

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
import contextlib
import dataclasses
import functools
import gc
import itertools
import logging
import os
import pickle
import shutil
import sys
import time
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from tqdm import tqdm

from kb.stages.annotate import annotate
from kb.output.cache import AnnotationCache, RenderCache, fingerprint, render_fingerprint
from kb.rules.language import load_language
from kb.stages.ledger import assign_anchors, assign_slugs, read_ledger, rename, render_ledger
from kb.stages.link import link
from kb.output.lock import BuildLock, Busy, folders_of
from kb.model import ReportEntry, printable
from kb.output.parallel import MIN_ITEMS, Background, in_child, pimap, pmap, release_freed_memory
from kb.stages.read import LEDGER_NAME, MAX_SEED_BYTES, last_paragraphs, read_all
from kb.pages import RenderOptions, iter_site, page_keys
from kb.renderers.base import RENDERER_ENV, RENDERERS, default_name as default_renderer, get as get_renderer
from kb.renderers.search import ENGINES, choose as choose_search
from kb.renderers.mkdocs.site import old_sites, remove_old_sites
from kb.rules.vocabulary import load_vocabulary
from kb.output.write import Stage, WriteStats, atomic_write, kept_keys, write_pages
from kb.rules.yamlfile import ConfigError

ROOT = Path(__file__).resolve().parent.parent
STATIC = Path(__file__).resolve().parent / "pages" / "static"


@dataclasses.dataclass
class Generated:
    """What the pipeline produced before MkDocs runs."""

    documents: int
    report: list[ReportEntry]
    pages: Any
    """Path -> text or bytes, or KEEP for a page whose file in the docs folder stays: a dict,
    or with `stream`, an iterator of (path, content) that renders as it is consumed."""
    ledger_text: str | None
    """New ledger text when it changed, else None."""
    timings: dict[str, float]
    reused: int = 0
    """Documents whose annotation came from the cache."""
    keys: dict[str, str] = dataclasses.field(default_factory=dict)
    """Input keys of document and concept pages (render.page_keys), for the manifest."""
    kept: int = 0
    """Pages not rendered again: their inputs did not change (known once rendering began)."""
    search: str = "lunr"
    """The search engine the site is built for (search.choose)."""


def generate(seeds: Path, vocab_dir: Path, site_url: str = "", show_progress: bool = True,
             cache_dir: Path | None = None, docs_dir: Path | None = None, search: str = "lunr",
             stream: bool = False, site_dir: Path | None = None, max_seed_bytes: int = MAX_SEED_BYTES) -> Generated:
    """Read, annotate, link and render: every page in memory, nothing written yet; or with
    `stream`, pages rendered one by one as `write_generated` writes them (the build's way: a
    large corpus's pages do not fit in memory at once), `timings["render"]` growing meanwhile.

    With `cache_dir`, annotations of seeds unchanged since the last build (same text, same
    vocabulary, same code) are reused: only new or edited seeds are annotated again. With
    `docs_dir`, document and concept pages whose inputs did not change since that folder was
    written are not rendered again (KEEP). `search` (auto, lunr or pagefind) is resolved against
    the number of documents. Paragraph anchors a ledger does not record yet are taken from the
    last build's kb.json, in `docs_dir`, else `site_dir`. A seed over `max_seed_bytes` is
    reported, not read."""
    timings: dict[str, float] = {}
    t = time.perf_counter()
    lang = load_language()
    vocab = load_vocabulary(vocab_dir, lang)
    lang = lang.with_field(vocab.field_words)
    timings["vocabulary"] = time.perf_counter() - t

    with _collector_paused():
        t = time.perf_counter()
        annotation_fp = fingerprint(vocab_dir)
        cache = AnnotationCache(cache_dir, annotation_fp)
        documents, report = read_all(seeds, lang, known=cache.document, max_bytes=max_seed_bytes)
        timings["read"] = time.perf_counter() - t

        t = time.perf_counter()
        cached = {d.source: cache.get(d) for d in documents}
        todo = [d for d in documents if cached[d.source] is None]

        def progress(results: Iterable[Any]) -> Iterable[Any]:
            return tqdm(results, total=len(todo), desc="annotate", unit="doc",
                        disable=None if show_progress else True, leave=False)

        if cache.path is None:
            fresh = iter(pmap(lambda d: annotate(d, vocab, lang), todo, progress))
        else:  # pickled where annotated, and those bytes kept for the cache (unpickled as they come)
            fresh = iter(list(cache.unpickled(pimap(
                lambda d: pickle.dumps(annotate(d, vocab, lang), protocol=pickle.HIGHEST_PROTOCOL), todo, progress))))
        annotated = [cached[d.source] or next(fresh) for d in documents]
        cache.save(annotated)
        release_freed_memory()
        timings["annotate"] = time.perf_counter() - t

    t = time.perf_counter()
    ledger_path = seeds / LEDGER_NAME
    entries = read_ledger(ledger_path)
    slugs, updated = assign_slugs(annotated, entries, lang.slug_trailing_words)
    # Paragraph anchors beside the slugs; the last build's texts only where the ledger alone
    # cannot decide (a ledger from before anchors were kept, or a paragraph that changed).
    anchors, updated = assign_anchors(annotated, slugs, updated, functools.partial(
        last_paragraphs, [d / "data" / "kb.json" for d in (docs_dir, site_dir) if d is not None]))
    annotated = [dataclasses.replace(a, slug=slugs[a.doc.source], anchors=anchors[a.doc.source]) for a in annotated]
    kinds = vocab.sections["kinds"]
    corpus = link(annotated, {k.id: k.encounter for k in kinds if k.encounter}, [k.id for k in kinds],
                  vocab.account_rules)
    gc.freeze()  # the corpus too
    timings["link"] = time.perf_counter() - t

    ledger_text = render_ledger(updated)
    try:
        old_text = ledger_path.read_text(encoding="utf-8")
    except OSError:
        old_text = None

    t = time.perf_counter()
    engine = choose_search(search, len(annotated))
    render_fp = render_fingerprint(annotation_fp, site_url + "\0" + engine)
    # The pages' keys are worked out on the other core while this one renders the pages drawn
    # from the whole corpus, which no key spares (at 1,000 documents, 0.17 s and 0.15-0.25 s).
    working = Background(page_keys, corpus, vocab, render_fp) if len(corpus.documents) >= MIN_ITEMS else None
    keys = {} if working else page_keys(corpus, vocab, render_fp)
    previous = kept_keys(docs_dir) if docs_dir is not None else {}
    gen = Generated(len(annotated), report, None, None if ledger_text == old_text else ledger_text, timings,
                    reused=cache.hits, keys=keys, search=engine)

    def keep() -> set[str]:
        if working:
            keys.update(working.result())
        kept = {path for path, key in keys.items() if previous.get(path) == key}
        gen.kept = len(kept)
        return kept

    render_cache = RenderCache(cache_dir, render_fp)
    rendered = iter_site(corpus, vocab, updated, RenderOptions(site_url, engine == "lunr", lambda it: tqdm(
        it, desc="render", unit="page", disable=None if show_progress else True, leave=False), render_cache),
        keep=keep)
    assets = (("assets/" + a.relative_to(STATIC).as_posix(), a.read_bytes())
              for a in sorted(STATIC.rglob("*")) if a.is_file())
    timings["render"] = time.perf_counter() - t
    gen.pages = _timed(itertools.chain(rendered, assets, _then(render_cache.close)), timings, "render")
    if not stream:
        gen.pages = dict(gen.pages)
    return gen


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused while the annotations are loaded or made, then
    told to leave them alone (gc.freeze): they live as long as the build and hold no cycles,
    yet the collector walked all of them again and again as they grew (half the time of
    loading 1,000 documents from the cache)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def _then(action: Callable[[], None]) -> Iterator[Any]:
    """Nothing, once `action` ran: chained after a stream, it runs when the stream is used up."""
    action()
    yield from ()


def _timed(items: Iterable[Any], timings: dict[str, float], key: str) -> Iterator[Any]:
    """`items`, adding the time spent producing each to `timings[key]`."""
    it = iter(items)
    while True:
        t = time.perf_counter()
        try:
            item = next(it)
        except StopIteration:
            timings[key] += time.perf_counter() - t
            return
        timings[key] += time.perf_counter() - t
        yield item


def save_ledger(gen: Generated, seeds: Path) -> None:
    """Write the ledger when it changed (once: `gen.ledger_text` is then None); a ledger that
    cannot be written is a report entry."""
    if gen.ledger_text is not None:
        try:
            atomic_write(seeds / LEDGER_NAME, gen.ledger_text.encode("utf-8"))
        except OSError as exc:
            gen.report.append(ReportEntry(LEDGER_NAME, "warning",
                                          f"slug ledger not saved ({exc.strerror}); slugs may not be permanent"))
        gen.ledger_text = None


def write_generated(gen: Generated, seeds: Path, docs_dir: Path, in_place: bool = False,
                    stage: Stage | None = None) -> WriteStats:
    """The side effects of a generation: the ledger (when it changed) and the docs folder
    (through `stage` when the caller started one). A streamed generation renders its pages
    here; `timings["write"]` is the rest."""
    save_ledger(gen, seeds)
    t, rendering = time.perf_counter(), gen.timings.get("render", 0.0)
    stats = write_pages(docs_dir, gen.pages, in_place=in_place, keys=gen.keys, stage=stage)
    gen.timings["write"] = time.perf_counter() - t - (gen.timings.get("render", 0.0) - rendering)
    return stats


def build_docs(seeds: Path, vocab_dir: Path, config: Path, docs_dir: Path, cache_dir: Path | None,
               search: str = "auto", strict: bool = False, show_progress: bool = True,
               site_dir: Path | None = None, max_seed_bytes: int = MAX_SEED_BYTES,
               renderer: str = "mkdocs") -> tuple[Generated, WriteStats | None]:
    """Generate and write the docs folder (no stats, nothing written, when `strict` and the
    report has entries); the pages themselves are not returned. The build runs it in a
    process of its own (parallel.in_child), so the corpus's memory is given back before
    MkDocs and Pagefind, the largest consumers, start. The docs folder's next tree is staged
    from the start, its current files linked into it on the other core meanwhile."""
    stage = Stage.start(docs_dir)
    try:
        gen = generate(seeds, vocab_dir, get_renderer(renderer).site_url(config), show_progress=show_progress, cache_dir=cache_dir,
                       docs_dir=docs_dir, search=search, stream=True, site_dir=site_dir,
                       max_seed_bytes=max_seed_bytes)
        if not (strict and gen.report):
            save_ledger(gen, seeds)  # before any page: under --strict, a ledger not saved writes nothing
        if strict and gen.report:
            stage.discard()
            return dataclasses.replace(gen, pages=None, keys={}), None
        stats = write_generated(gen, seeds, docs_dir, stage=stage)
    except BaseException:
        stage.discard()
        raise
    return dataclasses.replace(gen, pages=None, keys={}), stats


def remove_set_aside(stats: WriteStats | None) -> Background[None] | None:
    """Remove the previous docs tree (`WriteStats.set_aside`) in a process of its own, while
    MkDocs builds: at 10,000 documents it is tens of thousands of files. Wait on the result."""
    if stats is None or stats.set_aside is None:
        return None
    return Background(functools.partial(shutil.rmtree, ignore_errors=True), stats.set_aside)


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
who said what, an anchor on every paragraph) and every topic and name of the vocabulary a page
gathering what all documents say about it. Prints what it built, what it skipped and why."""
"""What --help says the command does (the module docstring is for the people who change it)."""

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
                        help="search index: Material's lunr, Pagefind, or auto (Pagefind from 500 documents)")
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
    if args.command == "serve":
        return serve(args)
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
        return rename_slug(args) if args.command == "rename" else run_build(args)


def run_build(args: argparse.Namespace) -> int:
    """The build itself, under the lock: docs folder, then site."""
    started = time.perf_counter()
    # The site the last build replaced goes while this one reads, annotates and renders.
    clearing = Background(remove_old_sites, args.site_dir) if old_sites(args.site_dir) else None
    try:
        gen, stats = in_child(build_docs, args.seeds, args.vocabulary, args.config, args.docs_dir,
                              args.cache_dir, args.search, args.strict, True, args.site_dir,
                              seed_bytes(args.max_seed_mb), args.renderer)
    except ConfigError as exc:
        print("error: the build stopped before writing anything:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {printable(problem)}", file=sys.stderr)
        return 2
    except OSError as exc:  # a full disk, a folder turned read-only: the staged tree is discarded
        print(f"error: {_not_written(exc, args.docs_dir)}; the previous docs and site are left as they were",
              file=sys.stderr)
        return 1
    if stats is None:
        print(f"error: --strict: {len(gen.report)} build report entr{'y' if len(gen.report) == 1 else 'ies'}; "
              "nothing written:", file=sys.stderr)
        _print_report(gen.report)
        return 1
    files = stats.written + stats.unchanged
    t = time.perf_counter()
    if clearing is not None:
        gen.report.extend(ReportEntry(name, "warning", f"an old site could not be removed ({why}); delete it")
                          for name, why in clearing.result())
    removing = remove_set_aside(stats)
    try:
        reused = get_renderer(args.renderer).build(args.config, args.docs_dir, args.site_dir, gen.search)
    except Exception as exc:  # MkDocs raises its own Abort and plain errors alike
        print(f"error: {get_renderer(args.renderer).title} build failed ({exc}); the previous site is left as it was",
              file=sys.stderr)
        return 1
    finally:
        if removing:
            removing.result()
    gen.timings[args.renderer] = time.perf_counter() - t
    skipped = [e for e in gen.report if e.level == "skipped"]
    print(f"Built {gen.documents} document{'s' if gen.documents != 1 else ''} "
          f"({gen.documents - gen.reused} annotated, {gen.reused} from the cache; "
          f"{gen.kept} pages unchanged, not rendered); "
          f"skipped {len(skipped)}; {files} files generated "
          f"({stats.written} written, {stats.unchanged} unchanged, {stats.removed} removed); "
          f"site in {args.site_dir} ({reused} pages kept from the last one) in {time.perf_counter() - started:.1f} s")
    print("  " + ", ".join(f"{k} {v:.2f} s" for k, v in gen.timings.items()))
    if gen.report:
        print(f"Build report ({len(gen.report)}):", file=sys.stderr)
        _print_report(gen.report)
        if args.strict:
            return 1
    return 0


def _not_written(exc: OSError, docs_dir: Path) -> str:
    """What a failed write of the docs folder says: the folder, and the file only when it is
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


def serve(args: argparse.Namespace) -> int:
    """Generate once, then let the renderer serve, regenerating when seeds or vocabulary change."""
    os.environ["KB_SEEDS"] = str(args.seeds.resolve())
    os.environ["KB_VOCABULARY"] = str(args.vocabulary.resolve())
    os.environ["KB_DOCS_DIR"] = str(args.docs_dir.resolve())
    os.environ["KB_CONFIG"] = str(args.config.resolve())
    os.environ["KB_CACHE_DIR"] = str(args.cache_dir.resolve())
    os.environ[MAX_SEED_ENV] = repr(args.max_seed_mb)
    os.environ[RENDERER_ENV] = args.renderer
    try:
        with serve_lock():
            regenerate()
    except ConfigError as exc:
        print("error:\n  " + "\n  ".join(map(printable, exc.problems)), file=sys.stderr)
        return 2

    def again() -> None:
        with serve_lock():
            regenerate()

    get_renderer(args.renderer).serve(args.config, args.docs_dir, args.dev_addr,
                                      [args.seeds.resolve(), args.vocabulary.resolve()], again)
    return 0


def serve_lock() -> BuildLock:
    """The lock a serve's generation holds (the MkDocs hook holds it through each rebuild): of
    the docs folder's folder, as a build writing the same docs takes it (serve's MkDocs writes
    its site in a folder of its own). It always waits: a rebuild that gave up would leave the
    preview behind the seeds."""
    return BuildLock.take(folders_of(Path(os.environ.get("KB_DOCS_DIR", ROOT / "docs"))))


def regenerate() -> None:
    """Rebuild the generated Markdown from the folders named in the environment (serve mode)."""
    seeds = Path(os.environ.get("KB_SEEDS", ROOT / "seeds"))
    docs_dir = Path(os.environ.get("KB_DOCS_DIR", ROOT / "docs"))
    gen = generate(seeds, Path(os.environ.get("KB_VOCABULARY", ROOT / "vocabulary")),
                   get_renderer(default_renderer()).site_url(Path(os.environ.get("KB_CONFIG", ROOT / "mkdocs.yml"))),
                   show_progress=False,
                   cache_dir=Path(os.environ.get("KB_CACHE_DIR", ROOT / ".kb-cache")), docs_dir=docs_dir,
                   max_seed_bytes=seed_bytes(megabytes(os.environ.get(MAX_SEED_ENV, repr(MAX_SEED_BYTES / 1e6)))))
    write_generated(gen, seeds, docs_dir, in_place=True)
    if gen.report:
        logging.getLogger("mkdocs").info("build report:\n  " + "\n  ".join(map(str, gen.report)))
