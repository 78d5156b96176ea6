"""Benchmark: reading a ledger whose documents have many paragraph anchors.

    python bench/ledger_anchors.py [PARAGRAPHS ...]       default: 5000 10000 20000 40000

Writes a ledger of one document with that many anchors (`p1=digest p2=...`, as a build of a
seed of that many paragraphs records them) and times `read_ledger` on it, best of three. An
unchanged rebuild reads the ledger before anything else: a cost growing with the square of a
document's anchors shows as the seconds per 10,000 anchors rising with the size. Figures, not
assertions: they go in BENCHMARKS.md.
"""
from __future__ import annotations

import hashlib
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kb.stages.ledger import LedgerEntry, read_ledger, render_ledger  # noqa: E402


def ledger_of(paragraphs: int) -> str:
    """The text of a ledger holding one document of `paragraphs` anchors."""
    anchors = tuple((n, hashlib.sha256(str(n).encode()).hexdigest()[:12]) for n in range(1, paragraphs + 1))
    return render_ledger([LedgerEntry("2021-01-02-a-long-document", "0" * 64, "long.txt", "A long document",
                                      anchors=anchors)])


def main(sizes: list[int]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "ledger.yml"
        print(f"{'anchors':>8} {'read s':>8} {'s per 10,000':>13}")
        for size in sizes:
            path.write_text(ledger_of(size), encoding="utf-8")
            best = float("inf")
            for _ in range(3):
                started = time.perf_counter()
                entries = read_ledger(path)
                best = min(best, time.perf_counter() - started)
            assert len(entries[0].anchors) == size
            print(f"{size:>8,} {best:>8.3f} {best / size * 10_000:>13.3f}")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [5_000, 10_000, 20_000, 40_000])
