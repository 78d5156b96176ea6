"""Golden tests: the two seed documents, annotated with the real vocabulary, against
hand-checked expectations in golden/seeds.yml."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import SEEDS
from kb.stages.annotate import annotate
from kb.stages.read import read_seed

EXPECTED = yaml.safe_load((Path(__file__).parent / "golden" / "seeds.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def annotated(lang, vocab):
    return {name: annotate(read_seed(SEEDS / name, SEEDS, lang), vocab, lang) for name in EXPECTED}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_metadata(annotated, name):
    a, want = annotated[name], EXPECTED[name]
    assert a.title == want["title"]
    assert a.published == want["published"]
    assert a.event_date == want["event_date"]
    assert a.publisher == want["publisher"]
    assert a.kind == want["kind"]
    assert len(a.doc.paragraphs) == want["paragraphs"]
    assert not a.title.endswith(".")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_topics_per_paragraph(annotated, name):
    a, want = annotated[name], EXPECTED[name]
    found: dict[str, set[int]] = {}
    for hit in a.topics:
        found.setdefault(hit.topic, set()).add(hit.paragraph)
        assert hit.evidence, hit
        text = a.doc.paragraphs[hit.paragraph - 1].text
        for span in hit.evidence:
            assert text[span.start:span.end] == span.text
    for topic, paragraphs in want["topics_exact"].items():
        assert found.get(topic, set()) == set(paragraphs), topic
    for paragraph, topics in want["topics_include"].items():
        have = {t for t, ps in found.items() if paragraph in ps}
        assert set(topics) <= have, (paragraph, set(topics) - have)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_entities(annotated, vocab, name):
    a, want = annotated[name], EXPECTED[name]
    assert {m.concept for m in a.mentions if vocab.section_of(m.concept) == "people"} == set(want["people"])
    for paragraph, ids in want["mentions"].items():
        have = {m.concept for m in a.mentions if m.paragraph == paragraph}
        assert set(ids) <= have, (paragraph, set(ids) - have)
    # "Xi", "Xi Jinping", "President Xi Jinping" are one person
    assert len({m.concept for m in a.mentions if m.span.text.startswith(("Xi", "President Xi"))}) == 1


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_statements(annotated, name):
    a, want = annotated[name], EXPECTED[name]
    assert [[s.speaker, s.paragraph, s.verb] for s in a.statements] == want["statements"]


def test_footer_is_never_annotated(annotated):
    a = annotated["004_d72f25edaaf2231e.txt"]
    assert all("Embassy" not in p.text and "Tel:" not in p.text for p in a.doc.paragraphs)
