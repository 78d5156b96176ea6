"""The build: read, annotate, ledger, link, render, write, site, as one function (`build`) over
one frozen `BuildSettings`.

The command line parses its arguments into a `BuildSettings` and calls `build`; `serve` hands
the same object to every rebuild (`Rebuild`), so a preview shows what a build with the same
flags makes. Nothing here reads a setting from the environment or writes one into it: what a
child process needs, it is given (kb/output/parallel.py, kb/renderers/).
"""
from __future__ import annotations

import contextlib
import dataclasses
import functools
import gc
import itertools
import logging
import pickle
import shutil
import time
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from tqdm import tqdm

from kb.model import ReportEntry
from kb.output.cache import AnnotationCache, RenderCache, fingerprint, render_fingerprint
from kb.output.lock import BuildLock, folders_of
from kb.output.parallel import MIN_ITEMS, Background, in_child, pimap, pmap, release_freed_memory
from kb.output.write import Stage, WriteStats, atomic_write, kept_keys, write_pages
from kb.pages import RenderOptions, iter_site, page_keys
from kb.renderers.base import get as get_renderer, old_sites, remove_old_sites
from kb.renderers.search import choose as choose_search
from kb.rules.language import load_language
from kb.rules.vocabulary import load_vocabulary
from kb.stages.annotate import annotate
from kb.stages.ledger import assign_anchors, assign_slugs, read_ledger, render_ledger
from kb.stages.link import link
from kb.stages.read import LEDGER_NAME, MAX_SEED_BYTES, last_paragraphs, read_all

ROOT = Path(__file__).resolve().parent.parent
STATIC = Path(__file__).resolve().parent / "pages" / "static"


@dataclasses.dataclass(frozen=True)
class BuildSettings:
    """Everything a build depends on besides the files it reads: what `build_site.py` parses
    from its arguments, and what `serve` gives each rebuild."""

    seeds: Path
    """The folder of seed documents (and their ledger)."""
    vocabulary: Path = ROOT / "vocabulary"
    """The folder of vocabulary YAML."""
    docs_dir: Path | None = None
    """Where the generated Markdown goes; None, pages in memory only (`generate` in tests)."""
    site_dir: Path | None = None
    """Where the renderer puts the site; also where the last build's kb.json is read for anchors."""
    cache_dir: Path | None = None
    """What is kept between builds to rebuild faster; None, nothing is."""
    config: Path = ROOT / "mkdocs.yml"
    """The site configuration, read by either renderer."""
    renderer: str = "mkdocs"
    """What builds the site from the docs folder (kb/renderers/base.py)."""
    search: str = "auto"
    """auto, lunr or pagefind (kb/renderers/search.py), resolved against the number of documents."""
    site_url: str | None = None
    """The address the site is published at; None, the configuration's, read as the renderer reads it."""
    strict: bool = False
    """A build report entry stops the build before anything is written."""
    max_seed_bytes: int = MAX_SEED_BYTES
    """A seed larger than this is reported, not read."""
    show_progress: bool = True
    """Progress bars on a terminal."""

    def url(self) -> str:
        """The site URL the pages are rendered for."""
        return self.site_url if self.site_url is not None else get_renderer(self.renderer).site_url(self.config)

    def folders(self) -> tuple[Path, Path]:
        """(docs, site): a build writes both, so it needs both."""
        if self.docs_dir is None or self.site_dir is None:
            raise ValueError("a build needs a docs folder and a site folder")
        return self.docs_dir, self.site_dir


@dataclasses.dataclass
class Generated:
    """What the pipeline produced before the renderer runs."""

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
    """Input keys of document and concept pages (pages.page_keys), for the manifest."""
    kept: int = 0
    """Pages not rendered again: their inputs did not change (known once rendering began)."""
    search: str = "lunr"
    """The search engine the site is built for (search.choose)."""


def generate(settings: BuildSettings, stream: bool = False) -> Generated:
    """Read, annotate, link and render: every page in memory, nothing written yet; or with
    `stream`, pages rendered one by one as `write_generated` writes them (the build's way: a
    large corpus's pages do not fit in memory at once), `timings["render"]` growing meanwhile.

    With a cache folder, annotations of seeds unchanged since the last build (same text, same
    vocabulary, same code) are reused: only new or edited seeds are annotated again. With a
    docs folder, document and concept pages whose inputs did not change since that folder was
    written are not rendered again (KEEP). Paragraph anchors a ledger does not record yet are
    taken from the last build's kb.json, in the docs folder, else the site folder."""
    s = settings
    timings: dict[str, float] = {}
    t = time.perf_counter()
    lang = load_language()
    vocab = load_vocabulary(s.vocabulary, lang)
    lang = lang.with_field(vocab.field_words)
    timings["vocabulary"] = time.perf_counter() - t

    with _collector_paused():
        t = time.perf_counter()
        annotation_fp = fingerprint(s.vocabulary)
        cache = AnnotationCache(s.cache_dir, annotation_fp)
        documents, report = read_all(s.seeds, lang, known=cache.document, max_bytes=s.max_seed_bytes)
        timings["read"] = time.perf_counter() - t

        t = time.perf_counter()
        cached = {d.source: cache.get(d) for d in documents}
        todo = [d for d in documents if cached[d.source] is None]

        def progress(results: Iterable[Any]) -> Iterable[Any]:
            return tqdm(results, total=len(todo), desc="annotate", unit="doc",
                        disable=None if s.show_progress else True, leave=False)

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
    ledger_path = s.seeds / LEDGER_NAME
    entries = read_ledger(ledger_path)
    slugs, updated = assign_slugs(annotated, entries, lang.slug_trailing_words)
    # Paragraph anchors beside the slugs; the last build's texts only where the ledger alone
    # cannot decide (a ledger from before anchors were kept, or a paragraph that changed).
    anchors, updated = assign_anchors(annotated, slugs, updated, functools.partial(
        last_paragraphs, [d / "data" / "kb.json" for d in (s.docs_dir, s.site_dir) if d is not None]))
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
    site_url = s.url()
    engine = choose_search(s.search, get_renderer(s.renderer).searches)
    site_name = get_renderer(s.renderer).site_name(s.config) or RenderOptions.site_name
    render_fp = render_fingerprint(annotation_fp, site_url + "\0" + engine + "\0" + site_name)
    # The pages' keys are worked out on the other core while this one renders the pages drawn
    # from the whole corpus, which no key spares (BENCHMARKS.md).
    working = Background(page_keys, corpus, vocab, render_fp) if len(corpus.documents) >= MIN_ITEMS else None
    keys = {} if working else page_keys(corpus, vocab, render_fp)
    previous = kept_keys(s.docs_dir) if s.docs_dir is not None else {}
    gen = Generated(len(annotated), report, None, None if ledger_text == old_text else ledger_text, timings,
                    reused=cache.hits, keys=keys, search=engine)

    def keep() -> set[str]:
        if working:
            keys.update(working.result())
        kept = {path for path, key in keys.items() if previous.get(path) == key}
        gen.kept = len(kept)
        return kept

    render_cache = RenderCache(s.cache_dir, render_fp)
    rendered = iter_site(corpus, vocab, updated, RenderOptions(site_url, engine == "lunr", lambda it: tqdm(
        it, desc="render", unit="page", disable=None if s.show_progress else True, leave=False), render_cache,
        site_name), keep=keep)
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
    asked to leave them alone (gc.freeze): they live as long as the build and hold no cycles,
    yet the collector walked all of them again and again as they grew."""
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


def write_generated(gen: Generated, settings: BuildSettings, in_place: bool = False,
                    stage: Stage | None = None) -> WriteStats:
    """The side effects of a generation: the ledger (when it changed) and the docs folder
    (through `stage` when the caller started one). A streamed generation renders its pages
    here; `timings["write"]` is the rest."""
    if settings.docs_dir is None:
        raise ValueError("writing the pages needs a docs folder")
    save_ledger(gen, settings.seeds)
    t, rendering = time.perf_counter(), gen.timings.get("render", 0.0)
    stats = write_pages(settings.docs_dir, gen.pages, in_place=in_place, keys=gen.keys, stage=stage)
    gen.timings["write"] = time.perf_counter() - t - (gen.timings.get("render", 0.0) - rendering)
    return stats


def build_docs(settings: BuildSettings) -> tuple[Generated, WriteStats | None]:
    """Generate and write the docs folder (no stats, nothing written, when `strict` and the
    report has entries); the pages themselves are not returned. The build runs it in a
    process of its own (parallel.in_child), so the corpus's memory is given back before
    the renderer and Pagefind, the largest consumers, start. The docs folder's next tree is
    staged from the start, its current files linked into it on the other core meanwhile."""
    if settings.docs_dir is None:
        raise ValueError("writing the pages needs a docs folder")
    stage = Stage.start(settings.docs_dir)
    try:
        gen = generate(settings, stream=True)
        if not (settings.strict and gen.report):
            save_ledger(gen, settings.seeds)  # before any page: under --strict, a ledger not saved writes nothing
        if settings.strict and gen.report:
            stage.discard()
            return dataclasses.replace(gen, pages=None, keys={}), None
        stats = write_generated(gen, settings, stage=stage)
    except BaseException:
        stage.discard()
        raise
    return dataclasses.replace(gen, pages=None, keys={}), stats


def remove_set_aside(stats: WriteStats | None) -> Background[None] | None:
    """Remove the previous docs tree (`WriteStats.set_aside`) in a process of its own, while
    the renderer builds: for a large site it is tens of thousands of files. Wait on the result."""
    if stats is None or stats.set_aside is None:
        return None
    return Background(functools.partial(shutil.rmtree, ignore_errors=True), stats.set_aside)


class RendererFailed(Exception):
    """The renderer raised: the previous site is left as it was."""

    def __init__(self, title: str, cause: BaseException) -> None:
        super().__init__(f"{title} build failed ({cause})")
        self.title, self.cause = title, cause


@dataclasses.dataclass(frozen=True)
class Built:
    """What a build did, for the command line's summary."""

    gen: Generated
    stats: WriteStats | None
    """None: --strict found report entries and nothing was written."""
    reused: int = 0
    """Pages of the site kept from the last one."""
    seconds: float = 0.0


def build(settings: BuildSettings) -> Built:
    """The whole build, under the caller's lock: the docs folder (in a process of its own),
    then the site. Raises ConfigError (nothing written), OSError (the docs folder not written,
    the previous docs and site left whole) or RendererFailed."""
    started = time.perf_counter()
    docs_dir, site_dir = settings.folders()
    # The site the last build replaced goes while this one reads, annotates and renders.
    clearing = Background(remove_old_sites, site_dir) if old_sites(site_dir) else None
    gen, stats = in_child(build_docs, settings)
    if stats is None:
        return Built(gen, None, seconds=time.perf_counter() - started)
    t = time.perf_counter()
    if clearing is not None:
        gen.report.extend(ReportEntry(name, "warning", f"an old site could not be removed ({why}); delete it")
                          for name, why in clearing.result())
    removing = remove_set_aside(stats)
    renderer = get_renderer(settings.renderer)
    try:
        reused = renderer.build(settings.config, docs_dir, site_dir, gen.search)
    except Exception as exc:  # MkDocs raises its own Abort and plain errors alike
        raise RendererFailed(renderer.title, exc) from exc
    finally:
        if removing:
            removing.result()
    gen.timings[settings.renderer] = time.perf_counter() - t
    return Built(gen, stats, reused, time.perf_counter() - started)


@dataclasses.dataclass(frozen=True)
class Rebuild:
    """What `serve` does when a seed or the vocabulary changes: the docs folder generated again
    with the very settings of the first build, in place (the renderer's preview reads it)."""

    settings: BuildSettings

    def lock(self) -> BuildLock:
        """The lock a rebuild holds (the MkDocs hook holds it through MkDocs's rebuild): of the
        docs folder's folder, as a build writing the same docs takes it (the preview's site
        is a folder of its own). It always waits: a rebuild that gave up would leave the
        preview behind the seeds."""
        docs_dir, _ = self.settings.folders()
        return BuildLock.take(folders_of(docs_dir))

    def __call__(self) -> None:
        """Generate and write the docs folder; the caller holds `lock()`."""
        settings = dataclasses.replace(self.settings, show_progress=False)
        gen = generate(settings)
        write_generated(gen, settings, in_place=True)
        if gen.report:
            logging.getLogger("mkdocs").info("build report:\n  " + "\n  ".join(map(str, gen.report)))

    def locked(self) -> None:
        """The rebuild under its lock (for a renderer without a hook to hold it)."""
        with self.lock():
            self()
