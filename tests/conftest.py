"""Shared fixtures: the real rules and vocabulary, a small test vocabulary, and real builds."""
from __future__ import annotations

import functools
import shutil
import socket
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kb.stages.annotate import annotate  # noqa: E402
from kb.cli import main  # noqa: E402
from kb.rules.language import load_language  # noqa: E402
from kb.stages.read import parse  # noqa: E402
from kb.rules.vocabulary import load_vocabulary  # noqa: E402

pytest.register_assert_rewrite("markers")
from markers import builds  # noqa: E402  (the plugin below; its fixture mark is used here)

pytest_plugins = ["markers"]

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def lang():
    """The language rules with the shipped vocabulary's field words, as a build joins them."""
    rules = load_language()
    return rules.with_field(load_vocabulary(ROOT / "vocabulary", rules).field_words)


@pytest.fixture(scope="session")
def vocab():
    """The real vocabulary, as shipped."""
    return load_vocabulary(ROOT / "vocabulary")


@pytest.fixture(scope="session")
def test_vocab():
    """A small fixed vocabulary for testing the machinery."""
    return load_vocabulary(FIXTURES / "vocab")


@pytest.fixture
def annotate_text(lang, test_vocab):
    def run(text: str, vocab=None, source: str = "t.txt"):
        return annotate(parse(source, text, lang), vocab or test_vocab, lang)
    return run


def leftovers(folder: Path) -> list[str]:
    """Hidden files and folders in `folder`, but the record of what its site was built from,
    the site the last build replaced (kb/renderers/mkdocs/site.py) and the build lock's file, which stays
    (kb/output/lock.py): what a build must not leave behind."""
    from kb.output.lock import LOCK_NAME
    from kb.renderers.mkdocs.site import OLD_SITE, STATE_SUFFIX

    return sorted(p.name for p in folder.iterdir()
                  if p.name.startswith(".") and not p.name.endswith(STATE_SUFFIX) and OLD_SITE not in p.name
                  and p.name != LOCK_NAME)


def build(tmp: Path, seeds: Path, *extra: str) -> int:
    """Run the real command line into `tmp` (docs, site and annotation cache there, the
    project's mkdocs.yml): a test never replaces the repository's own .kb-cache/, which holds
    the annotations of the developer's corpus."""
    cache = () if "--cache-dir" in extra else ("--cache-dir", str(tmp / "cache"))
    code = main(["--seeds", str(seeds), "--docs-dir", str(tmp / "docs"),
                 "--site-dir", str(tmp / "site"), *cache, *extra])
    if code == 0 and (tmp / "site" / "data" / "kb.json").exists():
        check_data_files(tmp / "site")  # every build's data, against the committed schemas
    return code


@pytest.fixture(scope="session")
@builds
def seeds_site(tmp_path_factory):
    """The repository's seeds built once, strictly, with a copy of the seeds (ledger included)."""
    tmp = tmp_path_factory.mktemp("seeds-build")
    seeds = tmp / "seeds"
    shutil.copytree(SEEDS, seeds)
    assert build(tmp, seeds, "--strict") == 0
    return tmp


HOSTILE = [
    "<script>alert(1)</script> opened the talks.",
    "<img src=x onerror=alert(2)> and [x](javascript:alert(3)) were sent.",
    "{{ 7*7 }} {% raw %} {: onclick=\"alert(4)\" } ==mark== ^^up^^ ~~gone~~",
    '--8<-- "/etc/passwd"',
    "<iframe src=\"https://example.com/\"></iframe><svg onload=alert(5)>",
    "!!! note \"<b onmouseover=alert(6)>x</b>\"\n    indented [^1]",
]
"""Seed lines full of markup and template syntax: each must reach every page as text."""


def write_hostile(seeds: Path) -> list[str]:
    """One seed per line of HOSTILE in `seeds`, dated and naming people and topics of both
    vocabularies (the shipped one and the fixture's). The seeds' names."""
    seeds.mkdir(parents=True, exist_ok=True)
    names = []
    for i, text in enumerate(HOSTILE):
        body = f"date 2021-0{i + 1}-1{i}\n{text}\n\nPutin and Xi discussed trade and the pandemic cooperation. {text}\n"
        (seeds / f"hostile-{i}.txt").write_text(body, encoding="utf-8")
        names.append(f"hostile-{i}.txt")
    return names


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass(frozen=True)
class RendererSites:
    """One docs folder (the repository's seeds and the hostile ones) built by both renderers."""

    root: Path
    """The build's folder: seeds/, docs/, and the sites."""
    sites: dict[str, Path]
    """Renderer name -> its site."""
    port: int
    """The port of 127.0.0.1 the sites' URL names (KB_SITE_URL), for a browser to serve them on."""


@pytest.fixture(scope="session")
@builds
def renderer_sites(tmp_path_factory) -> RendererSites:
    """The seeds and the hostile seeds built once through the command line with Zensical,
    strictly, and the very same docs folder built by MkDocs beside it: the Zensical checks of
    the whole session share these two builds."""
    from kb.renderers.base import get

    tmp = tmp_path_factory.mktemp("renderers")
    shutil.copytree(SEEDS, tmp / "seeds")
    write_hostile(tmp / "seeds")
    port = free_port()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KB_SITE_URL", f"http://127.0.0.1:{port}/")
        assert build(tmp, tmp / "seeds", "--strict", "--renderer", "zensical") == 0
        get("mkdocs").build(ROOT / "mkdocs.yml", tmp / "docs", tmp / "site-mkdocs", "lunr")
    return RendererSites(tmp, {"zensical": tmp / "site", "mkdocs": tmp / "site-mkdocs"}, port)


SCHEMAS = ROOT / "kb" / "schema"


@functools.lru_cache(maxsize=None)
def contract(name: str, strict: bool = False):
    """A validator of the committed JSON Schema `name` (kb/schema/). `strict`: every object
    closed to fields the schema does not name, so that a field the build starts writing must
    be described there before the tests pass (readers are promised only additions)."""
    import json

    from jsonschema import Draft202012Validator

    schema = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    if strict:
        def close(node):
            if isinstance(node, dict):
                if node.get("type") == "object" and "properties" in node:
                    node["additionalProperties"] = False
                for value in node.values():
                    close(value)
            elif isinstance(node, list):
                for value in node:
                    close(value)
        close(schema)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def check_data_files(site: Path) -> None:
    """A built site's data/kb.json and data/concepts.json against their schemas, strictly."""
    import json

    for name, schema in (("kb.json", "kb.schema.json"), ("concepts.json", "concepts.schema.json")):
        path = site / "data" / name
        errors = [f"{name}: {'/'.join(map(str, e.absolute_path))}: {e.message}"
                  for e in contract(schema, strict=True).iter_errors(json.loads(path.read_text(encoding="utf-8")))]
        assert errors == []
