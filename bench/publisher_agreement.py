"""Benchmark: the publisher kb.json gives each document against the outlet its text names.

    python bench/publisher_agreement.py KB_JSON CORPUS [--errors]

CORPUS is a folder in the development corpus's format whose `docs.tsv` has a
`publisher_in_text` column (the outlet or wire the text names as its origin; empty where it
names none). A document agrees when both name the same outlet (compared without case, spaces
or hyphens) or both name none: a publisher where the text names none is a guess, and counts
against. Figures, not assertions: they go in BENCHMARKS.md.
"""
from __future__ import annotations

import argparse
import csv
import json
import re
from pathlib import Path


def _key(name: object) -> str:
    return re.sub(r"[\s\-.]+", "", str(name or "")).casefold()


def documents(kb_json: Path) -> dict[str, dict]:
    """kb.json's records by source file name."""
    data = json.loads(kb_json.read_text(encoding="utf-8"))
    return {d["source"]: d for d in data["documents"]}


def agreement(kb_json: Path, corpus: Path) -> tuple[int, int, list[str]]:
    """(agreeing, total, one line per disagreement)."""
    built = documents(kb_json)
    with open(corpus / "docs.tsv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    if rows and "publisher_in_text" not in rows[0]:
        raise SystemExit(f"{corpus}/docs.tsv: no publisher_in_text column")
    right, misses = 0, []
    for row in rows:
        gold = (row["publisher_in_text"] or "").strip()
        got = (built.get(row["file"]) or {}).get("publisher") or ""
        if _key(gold) == _key(got):
            right += 1
        else:
            misses.append(f"{row['file'][:40]:40} gold {gold!r:24} built {got!r}")
    return right, len(rows), misses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kb_json", type=Path)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--errors", action="store_true")
    args = parser.parse_args()
    right, total, misses = agreement(args.kb_json, args.corpus)
    if args.errors:
        print("\n".join(misses))
    print(f"publisher agreement {right}/{total}")


if __name__ == "__main__":
    main()
