"""Shared fixtures: the real rules and vocabulary, a small test vocabulary, and real builds."""
from __future__ import annotations

import functools
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kb.annotate import annotate  # noqa: E402
from kb.cli import main  # noqa: E402
from kb.language import load_language  # noqa: E402
from kb.read import parse  # noqa: E402
from kb.vocabulary import load_vocabulary  # noqa: E402

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def lang():
    return load_language()


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
    the site the last build replaced (kb/site.py) and the build lock's file, which stays
    (kb/lock.py): what a build must not leave behind."""
    from kb.lock import LOCK_NAME
    from kb.site import OLD_SITE, STATE_SUFFIX

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
def seeds_site(tmp_path_factory):
    """The repository's seeds built once, strictly, with a copy of the seeds (ledger included)."""
    tmp = tmp_path_factory.mktemp("seeds-build")
    seeds = tmp / "seeds"
    shutil.copytree(SEEDS, seeds)
    assert build(tmp, seeds, "--strict") == 0
    return tmp


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
