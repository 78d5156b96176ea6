"""The size policy: a seed over the limit (--max-seed-mb, KB_MAX_SEED_MB, 20 MB by default) is
reported with its size and the limit and left out, never half-built; one under it builds."""
from __future__ import annotations

import json

import pytest

from conftest import FIXTURES, build

from kb.cli import _args, megabytes, seed_bytes
from kb.stages.read import MAX_SEED_BYTES, read_all

LIMIT = 2_000
"""A small limit in bytes, so that seeds on either side of it are quick to build."""


def _seed(path, size: int) -> None:
    """A seed of exactly `size` bytes: a headline, then one paragraph of a readout."""
    head = b"Ministers Hold Talks on Grain Exports\n\n"
    sentence = b"The ministers discussed grain exports and port access. "
    body = (sentence * (size // len(sentence) + 1))[:size - len(head) - 1] + b"."
    path.write_bytes(head + body)
    assert path.stat().st_size == size


def test_a_seed_just_over_the_limit_is_reported_with_size_and_limit_and_one_just_under_is_read(tmp_path, lang):
    _seed(tmp_path / "over.txt", LIMIT + 1)
    _seed(tmp_path / "at.txt", LIMIT)
    (tmp_path / "under.txt").write_bytes((tmp_path / "at.txt").read_bytes()[:-3] + b"..")
    docs, report = read_all(tmp_path, lang, max_bytes=LIMIT)
    assert sorted(d.source for d in docs) == ["at.txt", "under.txt"]
    assert [(e.source, e.level) for e in report] == [("over.txt", "skipped")]
    assert "too large to be one document" in report[0].reason
    assert "2,001 bytes" in report[0].reason and "the limit is 0.002 MB" in report[0].reason
    assert "--max-seed-mb" in report[0].reason

    docs, report = read_all(tmp_path, lang)  # the default, 20 MB, takes all three
    assert len(docs) == 3 and report == []


def test_the_limit_is_an_option_an_environment_setting_or_20_mb(monkeypatch):
    monkeypatch.delenv("KB_MAX_SEED_MB", raising=False)
    assert seed_bytes(_args([]).max_seed_mb) == MAX_SEED_BYTES == 20_000_000
    assert seed_bytes(_args(["--max-seed-mb", "0.5"]).max_seed_mb) == 500_000
    monkeypatch.setenv("KB_MAX_SEED_MB", "64")
    assert seed_bytes(_args([]).max_seed_mb) == 64_000_000
    assert seed_bytes(_args(["--max-seed-mb", "2"]).max_seed_mb) == 2_000_000  # the option wins


@pytest.mark.parametrize("text", ["0", "-1", "lots", "nan", "inf", ""])
def test_a_limit_that_is_not_a_positive_number_is_refused(text):
    with pytest.raises(Exception, match="positive number of MB"):
        megabytes(text)


@pytest.mark.integration
def test_a_build_leaves_out_a_seed_over_the_limit_and_says_why(tmp_path, capsys, monkeypatch):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    _seed(seeds / "over.txt", LIMIT + 1)
    (seeds / "small.txt").write_text("Leaders Talk by Phone\n\nThe two leaders spoke on Monday.", encoding="utf-8")
    monkeypatch.setenv("KB_MAX_SEED_MB", str(LIMIT / 1e6))
    assert build(tmp_path, seeds, "--vocabulary", str(FIXTURES / "vocab")) == 0
    err = capsys.readouterr().err
    assert "skipped: over.txt: too large to be one document (0.00 MB, 2,001 bytes; the limit is 0.002 MB" in err
    data = json.loads((tmp_path / "site" / "data" / "kb.json").read_text(encoding="utf-8"))
    assert [d["source"] for d in data["documents"]] == ["small.txt"]
    originals = [p.read_text(encoding="utf-8") for p in (tmp_path / "site" / "originals").glob("*.txt")]
    assert len(originals) == 1 and not any("grain exports" in text for text in originals)
