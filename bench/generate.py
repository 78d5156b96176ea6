"""A synthetic corpus for benchmarks: N documents with headlines, date headers, wire
datelines, footers and paragraphs that mention vocabulary concepts. Written from the vocabulary
and fixed word lists (no real text), and deterministic for a given seed.

Two shapes. `dense` (the default, what the speed figures of BENCHMARKS.md were measured on)
draws every word from a list full of topic evidence: about 20 topics and 17 names a document,
8 paragraphs of 630 characters, a stress test for the reader. `field` is shaped like the
development sets (measured on both, 2026-12-05: 4.0-4.5 topics and 8 names a document, 7
paragraphs of 220-230 characters): what a site of real documents weighs (bench/site_size.py).

    python bench/generate.py N OUT_DIR [--seed 1] [--shape dense|field]
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from pathlib import Path
from typing import Callable

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
NEUTRAL = """is that as by this are was it which have has will also more sides further important
issues work promote deepen expand trust efforts practical quality stable open results progress
common future plans steps actively closely steadily ready willing committed agreed officials
agencies enterprises experts provinces the of and to in a on with at from""".split()
"""The field shape's filler: words of WORDS that no topic of the vocabulary takes as evidence,
so a document's topics are the ones put in it."""
FIELD_TOPICS = (3, 5)
"""Topic phrases a field-shaped document is about (the development sets: 4.0-4.5 topics)."""
FIELD_NAMES = (4, 7)
"""Places and organisations a field-shaped document names, besides its two people (8 names)."""
FIELD_PARAGRAPHS = (6, 8)
"""Paragraphs after the lead (the development sets: 7 in all, 220-230 characters each)."""
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


def sentence(rng: random.Random, extra: list[str], vocabulary: list[str] = WORDS,
             length: tuple[int, int] = (12, 24)) -> str:
    """A sentence of `length` words drawn from `vocabulary`, with `extra` put in among them."""
    words = [rng.choice(vocabulary) for _ in range(rng.randint(*length))]
    for item in extra:
        words.insert(rng.randrange(1, len(words)), item)
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def _opening(rng: random.Random, i: int, day: dt.date, a: str, b: str, headline: Callable[[], str],
             about: Callable[[], str]) -> list[str]:
    """A document's first lines, either shape's: maybe a date header, maybe a headline on the
    topic `headline` draws, and the lead (maybe under a wire's dateline) on what `about` draws.
    The draws are functions so each shape draws from the generator in its own order."""
    lines = []
    if rng.random() < 0.6:
        lines.append(f"date {day.isoformat()}")
    if rng.random() < 0.7:
        lines.append(f"{a} Holds Talks with {b} on {headline().title()} ({i})")
        lines.append("")
    lead = (f"{day.strftime('%B')} {day.day} ({rng.choice(PUBLISHERS)}) -- " if rng.random() < 0.3 else "")
    lines.append(lead + f"On {day.strftime('%B')} {day.day}, {day.year}, {a} had a phone conversation "
                 f"with {b} about {about()}.")
    return lines


def document(rng: random.Random, i: int, people: list[str], places: list[str], orgs: list[str],
             topics: list[str]) -> str:
    day = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(3650))
    a, b = rng.sample(people, 2)
    lines = _opening(rng, i, day, a, b, lambda: rng.choice(topics),
                     lambda: f"{rng.choice(topics)} and {rng.choice(topics)}")
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


def field_document(rng: random.Random, i: int, people: list[str], places: list[str], orgs: list[str],
                   topics: list[str]) -> str:
    """A document shaped like the development sets: a few topics, a few names, short paragraphs
    of one or two sentences of neutral words around them."""
    day = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(3650))
    a, b = rng.sample(people, 2)
    about = rng.sample(topics, rng.randint(*FIELD_TOPICS))
    names = rng.sample(places + orgs, rng.randint(*FIELD_NAMES))
    lines = _opening(rng, i, day, a, b, lambda: about[0], lambda: about[0])
    for k in range(rng.randint(*FIELD_PARAGRAPHS)):
        extra = [names[k % len(names)]] if k < 2 * len(names) and rng.random() < 0.7 else []
        if rng.random() < 0.6:
            extra.append(rng.choice(about))
        text = sentence(rng, extra, NEUTRAL, (14, 30))
        if rng.random() < 0.4:
            text = f"{rng.choice([a, b])} {rng.choice(VERBS)} that {text[0].lower()}{text[1:]}"
        lines += ["", text]
    if rng.random() < 0.3:
        lines += ["", FOOTER]
    return "\n".join(lines)


def generate(n: int, out: Path, seed: int = 1, vocab_dir: Path = ROOT / "vocabulary",
             shape: str = "dense") -> None:
    """Write N synthetic seeds into `out` (created if needed), in the `shape` asked for."""
    vocab = load_vocabulary(vocab_dir)
    people, places = _names(vocab, "people"), _names(vocab, "places")
    orgs, topics = _names(vocab, "organizations"), _topic_phrases(vocab)
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        make = field_document if shape == "field" else document
        (out / f"synthetic-{i:05}.txt").write_text(make(rng, i, people, places, orgs, topics), encoding="utf-8")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--vocabulary", type=Path, default=ROOT / "vocabulary")
    parser.add_argument("--shape", choices=("dense", "field"), default="dense")
    args = parser.parse_args()
    generate(args.n, args.out, args.seed, args.vocabulary, args.shape)
