"""A synthetic corpus shaped like the real one, for benchmarks: N documents with headlines,
date headers, wire datelines, footers and paragraphs that mention vocabulary concepts at
realistic rates. Written from the vocabulary and a fixed word list (no real text), and
deterministic for a given seed.

    python bench/generate.py N OUT_DIR [--seed 1]
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kb.rules.vocabulary import Vocabulary, load_vocabulary  # noqa: E402

WORDS = """the of and to in a is that for on with as by at from this be are was it an which
have has their its will also more new two both sides countries development relations
cooperation between further important issues international regional level support work
years people areas continue promote deepen expand economic political security global
partnership strategic mutual trust joint efforts practical high quality stable open
dialogue exchanges communication projects results progress common interests world peace
stability future plans major steps actively closely firmly jointly steadily ready willing
committed agreed committee mechanism platform framework meeting talks visit leaders
ministers officials government agencies enterprises institutions experts youth culture
education tourism media health science technology energy trade investment finance
agriculture transport logistics infrastructure industry innovation digital economy
market supply chain connectivity border region provinces cities""".split()
VERBS = ["said", "stressed", "noted", "pointed out", "added", "emphasized", "recalled"]
PUBLISHERS = ["Xinhua", "TASS", "Reuters", "RIA Novosti", "CGTN"]
FOOTER = ("Embassy of the Republic of Examplestan\nAddress: 1 Example Road, Example City\n"
          "Tel: 0000-0000, Fax: 0000-0001\nE-mail: info@example.org\n"
          "Embassy of the Republic of Examplestan All Rights Reserved")


def _names(vocab: Vocabulary, section: str) -> list[str]:
    return [name for c in vocab.sections.get(section, []) for name in c.names]


def _topic_phrases(vocab: Vocabulary) -> list[str]:
    out = []
    for c in vocab.sections.get("topics", []):
        out.extend(c.aliases[:3])
        for rule in c.rules[:1]:
            out.append(" ".join(
                (vocab.concepts[g[0][1:]].label if g[0].startswith("@") else g[0]) for g in rule))
    return [p for p in out if p]


def sentence(rng: random.Random, extra: list[str]) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(12, 24))]
    for item in extra:
        words.insert(rng.randrange(1, len(words)), item)
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def document(rng: random.Random, i: int, people: list[str], places: list[str], orgs: list[str],
             topics: list[str]) -> str:
    day = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(3650))
    a, b = rng.sample(people, 2)
    lines = []
    if rng.random() < 0.6:
        lines.append(f"date {day.isoformat()}")
    if rng.random() < 0.7:
        lines.append(f"{a} Holds Talks with {b} on {rng.choice(topics).title()} ({i})")
        lines.append("")
    lead = (f"{day.strftime('%B')} {day.day} ({rng.choice(PUBLISHERS)}) -- " if rng.random() < 0.3 else "")
    lines.append(lead + f"On {day.strftime('%B')} {day.day}, {day.year}, {a} had a phone conversation "
                 f"with {b} about {rng.choice(topics)} and {rng.choice(topics)}.")
    for _ in range(rng.randint(5, 9)):
        lines.append("")
        parts = []
        for _ in range(rng.randint(3, 5)):
            extra = []
            if rng.random() < 0.5:
                extra.append(rng.choice(places + orgs))
            if rng.random() < 0.4:
                extra.append(rng.choice(topics))
            parts.append(sentence(rng, extra))
        if rng.random() < 0.5:
            said = sentence(rng, [rng.choice(topics)])
            parts.insert(0, f"{rng.choice([a, b])} {rng.choice(VERBS)} that {said[0].lower()}{said[1:]}")
        lines.append(" ".join(parts))
    if rng.random() < 0.3:
        lines += ["", FOOTER]
    return "\n".join(lines)


def generate(n: int, out: Path, seed: int = 1, vocab_dir: Path = ROOT / "vocabulary") -> None:
    """Write N synthetic seeds into `out` (created if needed)."""
    vocab = load_vocabulary(vocab_dir)
    people, places = _names(vocab, "people"), _names(vocab, "places")
    orgs, topics = _names(vocab, "organizations"), _topic_phrases(vocab)
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (out / f"synthetic-{i:05}.txt").write_text(document(rng, i, people, places, orgs, topics), encoding="utf-8")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--vocabulary", type=Path, default=ROOT / "vocabulary")
    args = parser.parse_args()
    generate(args.n, args.out, args.seed, args.vocabulary)
