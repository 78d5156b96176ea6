"""Benchmark: what one long seed costs, per MB of its text, as one paragraph and as many.

    python bench/long_seeds.py [MB ...] [--repeat N]       default: 0.1 1 4, once each

For each size, one seed of that many megabytes is written from the vocabulary and a fixed
word list (no real text): once as a single paragraph with no sentence end (a transcript
scraped onto one line, a feed dump), once as paragraphs of about 60 words. Each is built
alone with the real command line (a fresh cache, lunr search), and the stages it prints are
shown with seconds per MB: a cost that grows with the square of a paragraph shows as seconds
per MB rising with the size. A build's fixed start (imports, vocabulary, MkDocs and its theme,
and one page per topic and entity, which every seed below names) is measured first on a seed
that names each vocabulary name once, and seconds per MB are also shown beyond it: at 0.1 MB
the start is most of the build. Wall seconds and the CPU seconds of the build's
processes are both shown (CPU seconds move less when another program shares the machine).
Figures, not assertions: they go in BENCHMARKS.md.
"""
from __future__ import annotations

import argparse
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.generate import WORDS  # noqa: E402
from kb.rules.vocabulary import load_vocabulary  # noqa: E402

PARAGRAPH_WORDS = 60
"""Words per paragraph of the many-paragraph shape (a news report's paragraphs)."""
NAME_EVERY = 12
"""One vocabulary name among this many words: names and rule words at a report's density."""


def seed_text(megabytes: float, one_paragraph: bool, names: list[str], rnd: random.Random) -> str:
    """A seed of about `megabytes` of text; words and names only, full stops only between
    paragraphs (so a single paragraph has no sentence end at all)."""
    target = int(megabytes * 1_000_000)
    paragraphs: list[str] = []
    size = 0
    while size < target:
        words: list[str] = []
        while len(words) < PARAGRAPH_WORDS:
            words.extend(rnd.choice(WORDS) for _ in range(NAME_EVERY - 1))
            words.append(rnd.choice(names))
        paragraph = " ".join(words)
        paragraphs.append(paragraph)
        size += len(paragraph) + 2
    if one_paragraph:
        return "Long Seed Benchmark Headline\n\n" + " ".join(paragraphs) + "\n"
    return "Long Seed Benchmark Headline\n\n" + "\n\n".join(p[:1].upper() + p[1:] + "." for p in paragraphs) + "\n"


_STAGE = re.compile(r"(\w+) ([\d.]+) s")


def build_one(text: str) -> dict[str, float]:
    """Build a seeds folder holding only `text`; the stages' seconds and the whole build's."""
    with tempfile.TemporaryDirectory(prefix="kb-long-") as scratch:
        work = Path(scratch)
        (work / "seeds").mkdir()
        (work / "seeds" / "long.txt").write_text(text, encoding="utf-8")
        start = time.perf_counter()
        cpu = _children_cpu()
        done = subprocess.run(
            [sys.executable, str(ROOT / "build_site.py"), "--seeds", str(work / "seeds"), "--site-dir",
             str(work / "site"), "--docs-dir", str(work / "docs"), "--cache-dir", str(work / "cache"),
             "--search", "lunr"], cwd=ROOT, capture_output=True, text=True)
        whole = time.perf_counter() - start
        cpu = _children_cpu() - cpu
        if done.returncode != 0:
            sys.stderr.write(done.stdout + done.stderr)
            raise SystemExit(f"the build failed (exit {done.returncode})")
        stages = dict((name, float(seconds)) for name, seconds in _STAGE.findall(done.stdout.splitlines()[-1]))
        stages["whole"] = whole
        stages["cpu"] = cpu
        return stages


def _children_cpu() -> float:
    """User and system CPU seconds of the finished child processes so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sizes", nargs="*", type=float, default=[0.1, 1.0, 4.0], help="megabytes per seed")
    parser.add_argument("--repeat", type=int, default=1,
                        help="build each seed this many times and show the fastest (a busy machine's noise)")
    args = parser.parse_args(argv)

    def fastest(text: str) -> dict[str, float]:
        return min((build_one(text) for _ in range(args.repeat)), key=lambda s: s["cpu"])

    vocab = load_vocabulary(ROOT / "vocabulary")
    names = sorted({n for section in ("topics", "people", "organizations", "places")
                    for c in vocab.sections.get(section, []) for n in c.names})
    base = fastest("Long Seed Benchmark Headline\n\n" + " ".join(names) + ".\n")
    print(f"fixed start (a seed naming each of {len(names)} names once): whole {base['whole']:.2f} s, "
          f"CPU {base['cpu']:.2f} s")
    print(f"{'seed':>26}  {'annotate':>9} {'render':>8} {'mkdocs':>8} {'whole':>8} {'CPU':>8}   "
          f"{'s/MB':>6} {'beyond start':>12} {'CPU beyond':>10}")
    for size in args.sizes:
        for one in (True, False):
            text = seed_text(size, one, names, random.Random(1))
            mb = len(text.encode("utf-8")) / 1e6
            s = fastest(text)
            shape = "one paragraph" if one else f"{text.count(chr(10) * 2)} paragraphs"
            print(f"{mb:5.2f} MB {shape:>17}  {s.get('annotate', 0):9.2f} {s.get('render', 0):8.2f} "
                  f"{s.get('mkdocs', 0):8.2f} {s['whole']:8.2f} {s['cpu']:8.2f}   {s['whole'] / mb:6.2f} "
                  f"{(s['whole'] - base['whole']) / mb:12.2f} {(s['cpu'] - base['cpu']) / mb:10.2f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
