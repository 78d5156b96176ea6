"""What every page is rendered with: the corpus, the vocabulary, the Jinja environment, the site
URL, and the links between pages.

A page kind is a function of a `PageContext` (`document.document_page(ctx, doc)`), and its
template gets the context as `ctx`: the links it prints (`ctx.doc_link`, `ctx.concept_link`)
are made here, relative to the page being rendered (`here`, its Markdown path), and escaped.
The context is frozen; what it remembers while a site renders (links a page repeats, titles
and years every page asks for) is in its `kept` caches, which change no output.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

import yaml
from jinja2 import Environment
from markupsafe import Markup

from kb.model import Corpus, Passage
from kb.pages.exports import annotations
from kb.pages.escape import esc
from kb.pages.urls import absolute, concept_path, concept_year_path, doc_path, relative, url_of
from kb.rules.vocabulary import Vocabulary

_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
"""libyaml's emitter where PyYAML has it: the pure-Python one spent much of rendering quoting
front matter."""


@dataclass
class Kept:
    """What a context remembers while it renders a site: values many pages ask for, made once.

    The links kept by page serve one page only (`new_page` forgets them): kept across all
    pages, they grew with the site and held hundreds of MB in a render worker."""

    evidence_titles: dict[tuple[str, ...], str] = field(default_factory=dict)
    """Topics -> the escaped title of evidence marked for them."""
    doc_years: dict[str, str] = field(default_factory=dict)
    """Slug -> the year its passages are filed under (filled once, for all documents)."""
    passages_by_year: dict[tuple[str, str], dict[str, tuple[Passage, ...]]] = field(default_factory=dict)
    """(section, concept) -> year -> its passages."""
    concept_years: dict[tuple[str, str], list[tuple[str, int]]] = field(default_factory=dict)
    """(section, concept) -> (year, documents), newest first."""
    para_spans: dict[tuple[str, int], Any] = field(default_factory=dict)
    """(slug, paragraph) -> its spans sorted for windows (`paragraph.ParaSpans`); the last few."""
    doc_hrefs: dict[tuple[str, str], str] = field(default_factory=dict)
    """(page, slug) -> the escaped relative URL of the document's page."""
    entity_tags: dict[tuple[str, str, bool], str] = field(default_factory=dict)
    """(page URL, entity, focus) -> the opening <a> of its linked name."""
    concept_links: dict[tuple[str, str], Markup] = field(default_factory=dict)
    """(page, concept) -> its <a> chip."""
    event_accounts: dict[str, int] = field(default_factory=dict)
    """Event id -> how many accounts it has (filled once, for all events)."""

    def new_page(self) -> None:
        """Forget the links of the last page."""
        self.doc_hrefs.clear()
        self.entity_tags.clear()
        self.concept_links.clear()


@dataclass(frozen=True)
class PageContext:
    """The corpus and vocabulary a page shows, how it is rendered, and its links."""

    corpus: Corpus
    vocab: Vocabulary
    env: Environment
    """Jinja, with every printed value escaped (`templating.environment`)."""
    site_url: str = ""
    """The site's URL ending in "/", or "" (then absolute URLs are from the root)."""
    lunr: bool = True
    """Whether Material's lunr index serves search; with Pagefind, no page goes into it."""
    site_name: str = ""
    """The site's name as its configuration gives it (JSON-LD's `isPartOf`); "" when unknown."""
    kept: Kept = field(default_factory=Kept, compare=False, repr=False)

    def absolute(self, path: str) -> str:
        """Absolute URL of a generated file (site_url + path), or its path from the root."""
        return absolute(self.site_url, path)

    @property
    def annotation_site(self) -> annotations.Site:
        """Where the Web Annotation export's links point."""
        return annotations.Site(self.absolute, doc_path, concept_path)

    def href(self, here: str, to_path: str) -> str:
        """Relative URL from the page at `here` (a Markdown path) to another generated file."""
        return relative(url_of(here), url_of(to_path))

    def link(self, here: str, to_path: str, text: Any, cls: str = "") -> Markup:
        """An <a> from the page at `here` to another generated file."""
        href = self.href(here, to_path)
        klass = f' class="{cls}"' if cls else ""
        return Markup(f'<a href="{esc(href)}"{klass}>{esc(text)}</a>')

    def concept_file(self, c: Any) -> str:
        """The page of a concept (templates hold concepts, not their sections and ids apart)."""
        return concept_path(c.section, c.id)

    def concept_year_file(self, c: Any, year: str) -> str:
        """A concept's page of one year."""
        return concept_year_path(c.section, c.id, year)

    def concept_link(self, here: str, cid: str) -> Markup:
        """A concept's chip: its label, linked from the page at `here`."""
        key = (here, cid)
        tag = self.kept.concept_links.get(key)
        if tag is None:  # a document page links a topic from its chips and from each paragraph
            c = self.vocab.concepts[cid]
            tag = self.kept.concept_links[key] = self.link(here, concept_path(c.section, cid), c.label,
                                                           f"kb-chip kb-{c.section}")
        return tag

    def concept_chips(self, here: str, cids: Iterable[str]) -> Markup:
        """Links to concepts, each followed by a space."""
        return Markup("".join(f"{self.concept_link(here, cid)} " for cid in cids))

    def doc_href(self, here: str, slug: str) -> str:
        """The escaped relative URL of a document's page from the page at `here`."""
        key = (here, slug)
        href = self.kept.doc_hrefs.get(key)
        if href is None:  # a page links a document and its paragraphs: the same href, many times
            href = self.kept.doc_hrefs[key] = esc(relative(url_of(here), url_of(doc_path(slug))))
        return href

    def doc_link(self, here: str, slug: str, anchor: str = "", text: Any = None) -> Markup:
        """A link to a document's page (or one of its paragraphs), its title as text unless given."""
        href = self.doc_href(here, slug)
        title = esc(self.corpus.by_slug[slug].title if text is None else text)
        if anchor:  # "#" escaped like the rest ("&#35;"): Markdown must not read it
            return Markup(f'<a href="{href}{esc("#" + anchor)}">{title}</a>')
        return Markup(f'<a href="{href}">{title}</a>')

    def page(self, template: str, path: str, front: dict[str, Any], **values: Any) -> str:
        """Render one page: YAML front matter (safe-dumped) and the template body, which sees
        `values`, the page's own path as `here` and this context as `ctx`."""
        self.kept.new_page()
        if not self.lunr:  # Pagefind indexes the built HTML; Material's plugin need not parse it
            front = {**front, "search": {"exclude": True}}
        matter = yaml.dump(front, Dumper=_Dumper, sort_keys=True, allow_unicode=True, width=10_000).strip()
        body = self.env.get_template(template).render(here=path, ctx=self, **values)
        return f"---\n{matter}\n---\n\n{body}"
