"""The Jinja environment pages render through, and the `PageContext` made with it.

`StrictUndefined`, so a misspelt value fails the build rather than print nothing; `finalize`
escapes every value a template prints (kb/pages/escape.py). Besides the context (`ctx`), the
templates call the pieces of HTML made in Python (a document's text, passages, statements),
given here as globals: each takes the context first, as every page function does.
"""
from __future__ import annotations

from jinja2 import BytecodeCache, Environment, PackageLoader, StrictUndefined

from kb.model import Corpus
from kb.pages import document, passages
from kb.pages.context import PageContext
from kb.pages.escape import finalize
from kb.pages.years import date_text
from kb.rules.vocabulary import Vocabulary

HELPERS = {f.__name__: f for f in (document.text_html, document.topic_evidence, document.related_html,
                                   passages.passage_groups, passages.statement_items)}
"""The pieces of HTML templates call by name, each with the context first."""


def environment(bytecode: BytecodeCache | None = None) -> Environment:
    """The templates of kb/pages/templates/, compiled once (kept in `bytecode` between builds)."""
    env = Environment(loader=PackageLoader("kb.pages", "templates"), undefined=StrictUndefined,
                      finalize=finalize, autoescape=False, trim_blocks=True,
                      lstrip_blocks=True, keep_trailing_newline=True, bytecode_cache=bytecode)
    env.filters["date"] = date_text
    env.globals.update(HELPERS)
    return env


def page_context(corpus: Corpus, vocab: Vocabulary, site_url: str = "", lunr: bool = True,
                 bytecode: BytecodeCache | None = None, site_name: str = "") -> PageContext:
    """The context every page of one site is rendered with."""
    return PageContext(corpus, vocab, environment(bytecode), site_url.rstrip("/") + "/" if site_url else "", lunr,
                       site_name)
