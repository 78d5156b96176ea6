"""What joining undated accounts costs at scale, where it costs most: many undated accounts of
the same two leaders, which the weekday or years they name leave with many events to compare.

    python bench/accounts_scale.py N [N ...] [--corpus DIR ...]

The texts of the corpora given (default: both development sets beside the project) are read
and annotated once, then repeated over N documents, each copy a few days later than the last
and with 300 words of its own drawn from a 50,000-word lexicon with Zipf's frequencies (so
that pairs of words are as many as in real text, and most are rare). Prints the seconds of
`group_events` and `join_undated`, the accounts compared and how many events each fits, and
the process's peak memory before and after. Figures, not assertions: they go in
BENCHMARKS.md. The texts stay in memory; nothing of them is written.
"""
from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import random
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kb.model import Annotated, Paragraph  # noqa: E402
from kb.rules.language import load_language  # noqa: E402
from kb.rules.vocabulary import load_vocabulary  # noqa: E402
from kb.stages import accounts  # noqa: E402
from kb.stages.annotate import annotate  # noqa: E402
from kb.stages.link import group_events  # noqa: E402
from kb.stages.read import read_all  # noqa: E402

DEFAULT = [ROOT.parent / "shared" / "corpus-dev", ROOT.parent / "shared" / "corpus-dev-2"]


def repeated(base: list[Annotated], n: int, seed: int = 1) -> list[Annotated]:
    """`n` documents: the base ones in turn, each round three days later, each copy with a
    paragraph of its own words."""
    rng = random.Random(seed)
    lexicon = [f"w{i}" for i in range(50_000)]
    weights = [1 / (i + 1) for i in range(len(lexicon))]
    out = []
    for i in range(n):
        b = base[i % len(base)]
        shift = dt.timedelta(days=3 * (i // len(base)))
        own = Paragraph(len(b.doc.paragraphs), " ".join(rng.choices(lexicon, weights, k=300)), 0)
        out.append(dataclasses.replace(
            b, doc=dataclasses.replace(b.doc, paragraphs=(*b.doc.paragraphs, own)), slug=f"{b.slug}-{i}",
            event_date=b.event_date and b.event_date + shift, published=b.published and b.published + shift))
    return out


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="+", type=int)
    parser.add_argument("--corpus", nargs="*", type=Path, default=DEFAULT)
    args = parser.parse_args(argv)
    lang = load_language()
    vocab = load_vocabulary(ROOT / "vocabulary", lang)
    lang = lang.with_field(vocab.field_words)
    base = []
    for corpus in args.corpus:
        docs, _ = read_all(corpus / "texts", lang)
        base += [dataclasses.replace(a, slug=f"{corpus.name}-{a.doc.source}") for a in (annotate(d, vocab, lang) for d in docs)]
    kinds = vocab.sections["kinds"]
    groups = {k.id: k.encounter for k in kinds if k.encounter}
    for n in args.sizes:
        docs = repeated(base, n)
        t = time.perf_counter()
        events, _ = group_events(docs, groups, [k.id for k in kinds])
        grouped = time.perf_counter() - t
        held = {s: i for i, e in enumerate(events) for s in e.documents}
        found = accounts._candidates(docs, events, held, groups, vocab.account_rules)
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
        t = time.perf_counter()
        joined = accounts.join_undated(docs, events, groups, vocab.account_rules)
        took = time.perf_counter() - t
        after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
        fits = sum(len(f) for _, f in found.values()) / max(1, len(found))
        print(f"{n} documents, {len(events)} events: group_events {grouped:.2f} s, join_undated {took:.2f} s; "
              f"{len(found)} accounts compared, {fits:.0f} events each; joined {len(joined)}; "
              f"peak {before} -> {after} MB")


if __name__ == "__main__":
    main(sys.argv[1:])
