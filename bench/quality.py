"""Quality benchmark: build a corpus with gold annotations and print how well it was read.

    python bench/quality.py [CORPUS ...] [--errors] [--scorer SCORE_PY] [--keep DIR]
    ./run quality [same options]

A corpus is a folder in the development corpus's format (`texts/*.txt`, `gold_topics.tsv`,
`docs.tsv`, `topic_map.yml`, and usually its own `score.py`): the default is
`../shared/corpus-dev` beside the project. Each corpus's texts are copied into a scratch folder
(the build writes a ledger beside its seeds, and the corpus folder may be read-only), built
with the real command line (`build_site.py`, its own cache, so nothing is reused from another
build), and scored by the corpus's scorer: per topic P/R/F1, titles, dates, kinds, event
pairs, and with `--errors` every miss and false positive. Figures, not assertions: they go in
BENCHMARKS.md and the commit that moved them.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus-dev"


def scorer_of(corpus: Path, override: Path | None) -> Path:
    """The scorer a corpus ships with (its `score.py`), unless one is named."""
    scorer = override or corpus / "score.py"
    if not scorer.is_file():
        raise SystemExit(f"{corpus}: no score.py in the corpus; name one with --scorer")
    return scorer


def build(corpus: Path, work: Path) -> tuple[Path, float, str]:
    """Copy the corpus's texts into `work/seeds` and build them; the kb.json, the build's
    seconds and its summary line."""
    texts = sorted((corpus / "texts").glob("*.txt"))
    if not texts:
        raise SystemExit(f"{corpus}: no texts/*.txt")
    seeds = work / "seeds"
    seeds.mkdir(parents=True)
    for text in texts:
        shutil.copyfile(text, seeds / text.name)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, str(ROOT / "build_site.py"), "--seeds", str(seeds), "--site-dir", str(work / "site"),
         "--docs-dir", str(work / "docs"), "--cache-dir", str(work / "cache")],
        cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"{corpus}: the build failed (exit {done.returncode})")
    summary = next((line for line in done.stdout.splitlines() if line.startswith("Built ")), "")
    summary = summary.split("; site in ")[0]
    return work / "site" / "data" / "kb.json", seconds, summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpora", nargs="*", type=Path, default=[DEFAULT_CORPUS],
                        help="corpus folders in the development corpus's format (default: %(default)s)")
    parser.add_argument("--errors", action="store_true", help="list every miss and false positive")
    parser.add_argument("--scorer", type=Path, help="a score.py to use instead of the corpus's own")
    parser.add_argument("--keep", type=Path, help="build into this folder (kept) rather than a temporary one")
    args = parser.parse_args(argv)
    for corpus in args.corpora:
        corpus = corpus.resolve()
        scorer = scorer_of(corpus, args.scorer)
        with tempfile.TemporaryDirectory(prefix="kb-quality-") as scratch:
            work = Path(scratch) if args.keep is None else args.keep / corpus.name
            if args.keep is not None and work.exists():
                shutil.rmtree(work)
            kb_json, seconds, summary = build(corpus, work)
            print(f"== {corpus.name}: built in {seconds:.1f} s ({summary})", flush=True)
            command = [sys.executable, str(scorer), str(kb_json), "--corpus", str(corpus)]
            if (corpus / "topic_map.yml").is_file():
                command += ["--map", str(corpus / "topic_map.yml")]
            if args.errors:
                command.append("--errors")
            scored = subprocess.run(command, capture_output=True, text=True)
            sys.stdout.write(scored.stdout)
            if scored.returncode != 0:
                sys.stderr.write(scored.stderr)
                return scored.returncode
    return 0


if __name__ == "__main__":
    sys.exit(main())
