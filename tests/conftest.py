"""Shared fixtures: the real rules and vocabulary, a small test vocabulary, and real builds."""
from __future__ import annotations

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
    return main(["--seeds", str(seeds), "--docs-dir", str(tmp / "docs"),
                 "--site-dir", str(tmp / "site"), *cache, *extra])


@pytest.fixture(scope="session")
def seeds_site(tmp_path_factory):
    """The repository's seeds built once, strictly, with a copy of the seeds (ledger included)."""
    tmp = tmp_path_factory.mktemp("seeds-build")
    seeds = tmp / "seeds"
    shutil.copytree(SEEDS, seeds)
    assert build(tmp, seeds, "--strict") == 0
    return tmp
