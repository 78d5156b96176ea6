"""Benchmark: build synthetic corpora of several sizes and print what each stage costs.

    python bench/run.py [N ...]            default: 100 1000 10000
    python bench/run.py --renderers [N ...]   MkDocs and Zensical on the same docs folder (default: 1000)
    KB_VOCABULARY=DIR python bench/run.py   with another vocabulary
    KB_SEARCH=lunr|pagefind python bench/run.py   force a search engine (default: auto by N)

Per N, in a fresh process: seconds per stage (vocabulary, read, annotate, link, render, write,
mkdocs, search index), pages written, peak memory (the build and its worker processes
together, sampled in a second build of the same corpus: sampling slows the build it watches),
site size, the bytes a reader downloads before the first search result (counted
from the files, and fetched in real Chromium where it is installed, with the milliseconds from
the query to the first result and to the first document: bench/first_search.py), and the same
stages after one seed is touched (incremental), then MkDocs and the search index on that
(pages kept from the last site counted). Figures, not assertions: compare them with
BENCHMARKS.md.

With --renderers, per N: build_site.py itself, once with each renderer (--search lunr, the
one search both ship), on the same generated docs folder: the whole build's seconds, the
renderer's stage, the site's size, its search index, and what the build printed on stderr
(warnings; there should be none).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


class PeakMemory:
    """The most memory this process and its children (render workers, MkDocs shards, Pagefind)
    held at once: their proportional set sizes summed, sampled every 0.2 s (Linux /proc)."""

    def __init__(self) -> None:
        self.peak_kb, self._stop = 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    @staticmethod
    def _tree(root: int) -> list[int]:
        children: dict[int, list[int]] = {}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
        out, todo = [], [root]
        while todo:
            pid = todo.pop()
            out.append(pid)
            todo.extend(children.get(pid, []))
        return out

    @staticmethod
    def _pss_kb(pid: int) -> int:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    return int(line.split()[1])
        except OSError:
            pass
        return 0

    def _run(self) -> None:
        while not self._stop.wait(0.2):
            self.peak_kb = max(self.peak_kb, sum(self._pss_kb(p) for p in self._tree(os.getpid())))

    def stop(self) -> int:
        """Stop sampling; the peak in MB (never below this process's own peak RSS)."""
        self._stop.set()
        self._thread.join()
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return round(max(self.peak_kb, own) / 1024)


QUERIES = ["trade", "Eurasian Economic Union", "Putin"]
"""Typed into the search field of each built site, each in a fresh browser context."""
VOCAB = Path(os.environ.get("KB_VOCABULARY", ROOT / "vocabulary"))


def one(n: int, work: Path) -> dict:
    """Build N documents in `work` and measure (runs inside its own process)."""
    from bench.first_search import first_search as in_chromium
    from bench.generate import FOOTER, generate
    from kb.build import BuildSettings, build_docs, remove_set_aside
    from kb.output.parallel import Background, in_child
    from kb.renderers.base import remove_old_sites
    from kb.renderers.mkdocs.site import mkdocs_build

    seeds, docs, site = work / "seeds", work / "docs", work / "site"
    generate(n, seeds, vocab_dir=VOCAB)
    config, requested = ROOT / "mkdocs.yml", os.environ.get("KB_SEARCH", "auto")

    def build_docs_folder():  # as build_site.py does: in a process of its own, rendering as it writes
        return in_child(build_docs, BuildSettings(seeds, VOCAB, docs_dir=docs, cache_dir=work / "cache", config=config,
                                                  search=requested, show_progress=False))

    os.sync()  # each timed build starts with no earlier writes still going to disk
    started = time.perf_counter()
    gen, stats = build_docs_folder()
    files = stats.written + stats.unchanged
    t = time.perf_counter()
    engine = gen.search
    removing = remove_set_aside(stats)  # as build_site.py does: while MkDocs builds
    mkdocs_build(config, docs, site, engine)
    if removing:
        removing.result()
    gen.timings["mkdocs+search"] = time.perf_counter() - t
    total = time.perf_counter() - started
    # The peak comes from the same build again, from nothing: sampling slowed the build it
    # watched by about a tenth (reading a large process's smaps_rollup walks its page tables).
    for folder in (docs, site, work / "cache"):
        shutil.rmtree(folder, ignore_errors=True)
    memory = PeakMemory()
    build_docs_folder()
    mkdocs_build(config, docs, site, engine)
    peak_mb = memory.stop()
    ours = sum(v for k, v in gen.timings.items() if k != "mkdocs+search")
    search = site / "search" / "search_index.json"
    first_search = (search.stat().st_size if search.exists() else 0)
    pagefind = site / "pagefind"
    if pagefind.exists():
        # What kb-pagefind.js loads before the first result: the engine, its worker and wasm,
        # then of each index part (pagefind/, pagefind-2/...) its entry, metadata and one index
        # chunk (the largest, to be safe), and ten fragments (the largest). Pagefind's own UI
        # bundles are never loaded.
        parts = [pagefind] + sorted(site.glob("pagefind-*"))
        fixed = ["pagefind.js", "pagefind-worker.js"]
        first_search = sum((pagefind / f).stat().st_size for f in fixed if (pagefind / f).exists()) + sum(
            p.stat().st_size for p in pagefind.glob("wasm.*"))
        for part in parts:
            chunks = sorted((p.stat().st_size for p in (part / "index").glob("*")), reverse=True)[:1]
            first_search += (part / "pagefind-entry.json").stat().st_size + sum(chunks) + sum(
                p.stat().st_size for p in part.glob("*.pf_meta"))
        first_search += sum(sorted((p.stat().st_size for part in parts for p in (part / "fragment").glob("*")),
                                   reverse=True)[:10])

    browser = in_chromium(site, QUERIES)

    # incremental: one seed changes
    # a paragraph added at the end of the body, above the footer if there is one (text below a
    # footer would make it body text, and a changed publisher rewrites every page listing it)
    target = sorted(seeds.glob("*.txt"))[n // 2]
    text = target.read_text(encoding="utf-8")
    body, footer = text.split("\n\n" + FOOTER) if FOOTER in text else (text, None)
    body += "\n\nOne more paragraph on trade."
    target.write_text(body if footer is None else body + "\n\n" + FOOTER + footer, encoding="utf-8")
    os.sync()
    t = time.perf_counter()
    clearing = Background(remove_old_sites, site)  # as build_site.py does: while the docs are made
    gen2, stats2 = build_docs_folder()
    incremental_ours = time.perf_counter() - t
    removing = remove_set_aside(stats2)  # as the CLI does: while MkDocs builds
    t = time.perf_counter()
    clearing.result()
    kept = mkdocs_build(config, docs, site, engine)
    if removing:
        removing.result()
    incremental_site = time.perf_counter() - t
    return {
        "n": n, "search": engine, "timings": {k: round(v, 2) for k, v in gen.timings.items()}, "total_s": round(total, 1),
        "ours_share": round(ours / total, 3), "per_doc_ms": round(1000 * total / n, 2),
        "files": files, "written": stats.written,
        "peak_mb": peak_mb,
        "site_mb": round(folder_size(site) / 1e6, 1), "first_search_kb": round(first_search / 1e3),
        "incremental_ours_s": round(incremental_ours, 2), "incremental_written": stats2.written,
        "incremental_timings": {k: round(v, 2) for k, v in gen2.timings.items()},
        "incremental_site_s": round(incremental_site, 2), "incremental_kept": kept,
        "first_result_ms": max(r["ms"] for r in browser) if browser else None,
        "first_document_ms": max(r["doc_ms"] for r in browser) if browser else None,
        "first_search_kb_measured": max(r["kb"] for r in browser) if browser else None,
    }


_TIMING = re.compile(r"(\w+) ([0-9.]+) s")


def renderers(n: int, work: Path) -> list[dict]:
    """build_site.py with MkDocs, then with Zensical, on one generated corpus of N documents:
    the first build generates the docs folder (the annotation cache empty), the second finds
    it unchanged, so its own stages are shorter and the renderer's stage is compared alike."""
    from bench.generate import generate

    seeds = work / "seeds"
    generate(n, seeds, vocab_dir=VOCAB)
    out = []
    for renderer, index in (("mkdocs", "search/search_index.json"), ("zensical", "search.json")):
        os.sync()
        started = time.perf_counter()
        run = subprocess.run([sys.executable, str(ROOT / "build_site.py"), "--seeds", str(seeds), "--vocabulary",
                              str(VOCAB), "--docs-dir", str(work / "docs"), "--site-dir", str(work / "site"),
                              "--cache-dir", str(work / "cache"), "--search", "lunr", "--renderer", renderer],
                             capture_output=True, text=True, env={**os.environ, "TERM": "dumb"})
        total = time.perf_counter() - started
        timings = {k: float(v) for k, v in _TIMING.findall(run.stdout.strip().splitlines()[-1])} if run.stdout else {}
        site = work / "site"
        out.append({"n": n, "renderer": renderer, "exit": run.returncode, "total_s": round(total, 1),
                    "stage_s": timings.get(renderer), "ours_s": round(sum(v for k, v in timings.items() if k != renderer), 1),
                    "site_mb": round(folder_size(site) / 1e6, 1),
                    "index_mb": round((site / index).stat().st_size / 1e6, 1) if (site / index).exists() else None,
                    "stderr": [line for line in run.stderr.splitlines() if line.strip()][:20]})
    return out


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     epilog="KB_VOCABULARY=DIR and KB_SEARCH=lunr|pagefind in the environment")
    parser.add_argument("sizes", nargs="*", type=int, metavar="N", help="corpus sizes (default: 100 1000 10000)")
    parser.add_argument("--renderers", action="store_true",
                        help="compare MkDocs and Zensical on the same docs folder (default N: 1000)")
    parser.add_argument("--one", type=int, metavar="N", help=argparse.SUPPRESS)  # one size, in this process
    args = parser.parse_args(argv)
    if args.renderers:
        print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
        print(" | ".join(("N", "renderer", "exit", "build_site.py s", "renderer stage s", "our stages s", "site MB",
                          "search index MB", "stderr lines")))
        for n in args.sizes or [1000]:
            with tempfile.TemporaryDirectory() as tmp:
                for r in renderers(n, Path(tmp)):
                    print(" | ".join(str(r[k]) for k in ("n", "renderer", "exit", "total_s", "stage_s", "ours_s",
                                                         "site_mb", "index_mb")) + f" | {len(r['stderr'])}", flush=True)
                    for line in r["stderr"]:
                        print(f"    {line}", flush=True)
        return
    if args.one:
        with tempfile.TemporaryDirectory() as tmp:
            print(json.dumps(one(args.one, Path(tmp))))
        return
    sizes = args.sizes or [100, 1000, 10000]
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    header = ("N", "search", "total s", "per doc ms", "ours %", "read", "annotate", "link", "render", "write",
              "mkdocs+search", "files", "peak MB", "site MB", "1st search KB", "1st search KB (Chromium)",
              "1st result ms (Chromium)", "1st document ms (Chromium)", "incr. ours s", "incr. written",
              "incr. mkdocs+search s", "incr. pages kept")
    print(" | ".join(header))
    for n in sizes:
        out = subprocess.run([sys.executable, __file__, "--one", str(n)], capture_output=True, text=True)
        if out.returncode:
            print(f"N={n} failed:\n{out.stderr[-2000:]}")
            continue
        r = json.loads(out.stdout.strip().splitlines()[-1])
        t = r["timings"]
        print(" | ".join(str(x) for x in (
            r["n"], r["search"], r["total_s"], r["per_doc_ms"], round(100 * r["ours_share"], 1), t.get("read"), t.get("annotate"),
            t.get("link"), t.get("render"), t.get("write"), t.get("mkdocs+search"), r["files"], r["peak_mb"],
            r["site_mb"], r["first_search_kb"], r["first_search_kb_measured"], r["first_result_ms"],
            r["first_document_ms"],
            r["incremental_ours_s"], r["incremental_written"], r["incremental_site_s"], r["incremental_kept"])),
            flush=True)
        print("  incremental, by stage: " + ", ".join(f"{k} {v}" for k, v in r["incremental_timings"].items()),
              flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
