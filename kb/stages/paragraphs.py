"""Paragraphs prepared once for every annotator (tokens, sentences, entity mentions), and
the lead: the first prose paragraphs, which the kind, the event date and the title are read
from."""
from __future__ import annotations

import re
from dataclasses import dataclass

from kb.model import Mention, Paragraph, Span
from kb.rules.language import Language
from kb.rules.vocabulary import Vocabulary
from kb.text.match import Match, resolve_overlaps
from kb.text.tokens import Token, split_sentences, tokenize

LEAD_PARAGRAPHS = 2
"""How many opening paragraphs count as the lead (kind, event date, title)."""


@dataclass(frozen=True)
class Prepared:
    """Per-paragraph working data shared by the annotators (the headline is prepared as a
    paragraph too)."""

    para: Paragraph
    tokens: list[Token]
    sentences: list[tuple[int, int]]
    mentions: list[Mention]


def span_of(text: str, tokens: list[Token], match: Match) -> Span:
    start, end = tokens[match.start].start, tokens[match.end - 1].end
    return Span(start, end, text[start:end])


def prepare(para: Paragraph, vocab: Vocabulary, lang: Language) -> Prepared:
    """A paragraph's tokens, sentences and entity mentions, worked out once."""
    tokens = tokenize(para.text)
    mentions = [Mention(m.tag, para.index, span_of(para.text, tokens, m))
                for m in resolve_overlaps(vocab.entities.find(tokens))]
    return Prepared(para, tokens, split_sentences(para.text, lang.abbreviations), mentions)


PROSE_MIN_WORDS = 5
"""A lead paragraph has at least this many words of letters, or is a sentence of three or
more: shorter blocks at the top of a scraped page are counters, bylines, stamps and tags ("by
the Agency", "10432"), not the lead."""


LETTERS = re.compile(r"[^\W\d_]{2,}")
SENTENCE_END = re.compile(r"[.!?][\"”’']*\s*$")


def is_prose(p: Prepared, lang: Language) -> bool:
    """A paragraph of the text: enough words, and no photo caption."""
    words = len(LETTERS.findall(p.para.text))
    return ((words >= PROSE_MIN_WORDS or (words >= 3 and SENTENCE_END.search(p.para.text) is not None))
            and not lang.is_caption(p.para.text))


def lead(paras: list[Prepared], lang: Language, n: int, headline: str | None = None) -> list[Prepared]:
    """The first `n` prose paragraphs: photo captions, stamps and bylines left out, and the
    headline repeated (scraped pages print it twice or three times)."""
    seen = {headline.casefold()} if headline else set()
    out = []
    for p in paras:
        key = p.para.text.casefold()
        if key not in seen and is_prose(p, lang):
            out.append(p)
            if len(out) == n:
                break
        seen.add(key)
    return out
