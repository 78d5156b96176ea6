"""Hostile seeds: any shape of text is read, annotated and rendered, or reported with a reason,
within a generous deadline that a pass growing with the square of a paragraph would miss.

The deadline guards against hangs; it is not a speed assertion (BENCHMARKS.md has the figures:
bench/long_seeds.py). Seeds are made here from the vocabulary and words the project writes.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import build
from kb.stages.annotate import annotate
from kb.stages.link import link
from kb.stages.read import ReadError, parse
from kb.pages import render_site

DEADLINE = dt.timedelta(seconds=30)
"""Per example: a 60,000-word paragraph reads, annotates and renders in a few seconds when
every pass is linear, and in minutes when one pairs every match with every other."""
WORDS = ("the two sides agreed to deepen cooperation on trade energy and the railway link "
         "between their capitals while officials discussed the port and the border crossing").split()
NESTS = ["(", "[", "{", "«", "“", "‘", '"', "'", "<"]
CLOSES = [")", "]", "}", "»", "”", "’", '"', "'", ">"]
settings_ = settings(max_examples=12, deadline=DEADLINE,
                     suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                            HealthCheck.data_too_large, HealthCheck.large_base_example])


def _names(vocab) -> list[str]:
    return sorted({n for section in ("topics", "people", "organizations", "places", "treaties")
                   for c in vocab.sections.get(section, []) for n in c.names})


@st.composite
def hostile(draw, names: list[str]) -> str:
    """One seed of one hostile shape, or of several mixed."""
    shape = draw(st.sampled_from(["long paragraph", "names", "nesting", "unicode", "long word", "line ends"]))
    rnd = draw(st.randoms(use_true_random=False))
    if shape == "long paragraph":  # a transcript scraped onto one line: no sentence end at all
        size = draw(st.integers(20_000, 60_000))
        text = " ".join(rnd.choice(WORDS) if rnd.random() > 0.1 else rnd.choice(names) for _ in range(size))
    elif shape == "names":  # thousands of vocabulary names in one sentence
        text = ", ".join(rnd.choice(names) for _ in range(draw(st.integers(1_000, 4_000)))) + "."
    elif shape == "nesting":  # brackets and quotes nested thousands deep
        depth = draw(st.integers(500, 5_000))
        opens = [rnd.randrange(len(NESTS)) for _ in range(depth)]
        text = "".join(NESTS[i] for i in opens) + " Xi Jinping said trade grew " + "".join(
            CLOSES[i] for i in reversed(opens)) + "."
    elif shape == "unicode":  # every category: marks, controls, surrogate-free astral planes, spaces
        text = draw(st.text(alphabet=st.characters(exclude_categories=("Cs",)), min_size=1, max_size=3_000))
    elif shape == "long word":
        text = "Headline Of A Long Word\n\n" + "x" * draw(st.integers(10_000, 200_000)) + " and trade."
    else:  # mixed line ends, blank lines of every kind
        lines = [rnd.choice(WORDS).capitalize() + " " + " ".join(rnd.choice(WORDS) for _ in range(8)) + "."
                 for _ in range(draw(st.integers(10, 300)))]
        text = "".join(line + rnd.choice(["\n", "\r\n", "\r", "\n\n", "\r\n\r\n", "\n\r\n", "\u2028"]) for line in lines)
    return text


@settings_
@given(data=st.data())
def test_a_hostile_seed_is_read_annotated_and_rendered_or_reported(data, lang, vocab):
    text = data.draw(hostile(_names(vocab)))
    try:
        doc = parse("hostile.txt", text, lang)
    except ReadError as exc:
        assert exc.reason  # reported, with the reason
        return
    a = dataclasses.replace(annotate(doc, vocab, lang), slug="hostile")
    for hit in a.topics:  # evidence still points at the words it shows
        text_of = a.doc.paragraphs[hit.paragraph - 1].text
        assert all(text_of[s.start:s.end] == s.text for s in hit.evidence)
    pages = render_site(link([a], set()), vocab)
    assert "documents/hostile.md" in pages


@settings(max_examples=2, deadline=DEADLINE, suppress_health_check=list(HealthCheck))
@given(size=st.integers(55_000, 60_000), seed=st.integers(0, 2**16))
def test_a_paragraph_of_sixty_thousand_words_with_no_sentence_end(size, seed, lang, vocab):
    """The worst shape on its own, every time: one paragraph, no full stop, names and rule
    words throughout (a quadratic pass takes minutes here)."""
    import random

    rnd, names = random.Random(seed), _names(vocab)
    text = " ".join(rnd.choice(WORDS) if rnd.random() > 0.1 else rnd.choice(names) for _ in range(size))
    a = dataclasses.replace(annotate(parse("long.txt", text, lang), vocab, lang), slug="long")
    assert a.topics and len(a.doc.paragraphs) == 1
    assert "documents/long.md" in render_site(link([a], set()), vocab)


@pytest.mark.integration
def test_hostile_seeds_build_into_a_site(tmp_path, lang, vocab, capsys):
    """One real build of a seeds folder holding one seed of each shape: every seed becomes a
    page or a report entry with its reason, and the build ends with exit 0."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    names = _names(vocab)
    shapes = {
        "long.txt": " ".join(WORDS[i % len(WORDS)] if i % 9 else names[i % len(names)] for i in range(30_000)),
        "names.txt": ", ".join(names[i % len(names)] for i in range(2_000)) + ".",
        "nesting.txt": "(" * 2_000 + " Xi Jinping said trade grew " + ")" * 2_000 + ".",
        "controls.txt": "\x01\x02\x03" * 50,
        "word.txt": "Headline Of A Long Word\n\n" + "y" * 50_000 + ".",
        "lines.txt": "Talks Held Today\r\rThe ministers met.\r\nThey agreed.\u2028They left.\n",
    }
    for name, text in shapes.items():
        (seeds / name).write_text(text, encoding="utf-8")
    assert build(tmp_path, seeds, "--search", "lunr") == 0
    kb = json.loads((tmp_path / "site" / "data" / "kb.json").read_text(encoding="utf-8"))
    built = {d["source"] for d in kb["documents"]}
    assert built >= {"long.txt", "names.txt", "nesting.txt", "word.txt", "lines.txt"}
    assert "controls.txt" not in built  # binary: reported with the reason, not built
    assert "skipped: controls.txt: binary file" in capsys.readouterr().err
