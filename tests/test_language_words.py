"""No English word of the reading rules outside the language files: another language is one
more file in kb/rules/lang/ (issue 28).

The words are the language file's own (its reporting verbs and month names), so a verb added
there is checked here too. Code, docstrings and comments count alike (the templates' page
wording aside, `WORDING`): an example in
a docstring is rephrased, or written with a word no rule names.
"""
from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest

from kb.rules.language import DEFAULT_PATH
from kb.rules.yamlfile import load

ROOT = Path(__file__).resolve().parent.parent
KB = ROOT / "kb"
LANG = KB / "rules" / "lang"
WORDING = KB / "pages" / "templates"
"""The site's own wording (headings such as a page's statements by speaker, "not stated" for a
date the text does not give): page text in the site's language, not a rule of reading. A site
in another language translates these templates with the rest of its labels."""
TEXT_SUFFIXES = (".py", ".j2", ".html", ".js", ".css", ".json", ".yml", ".md", ".txt")

COMMON_WORDS = frozenset({"may", "march"})
"""Month names that are also everyday words in lower case: found only capitalised, as a date
writes them."""


@functools.cache
def _words() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(words matched ignoring case, words matched as written): the reporting verbs and the
    month names of the default language file."""
    data = load(DEFAULT_PATH)
    months = [name for names in data["months"] for name in names]
    full = {names[0] for names in data["months"]}
    anycase = list(data["reporting_verbs"]) + [m for m in months if m in full and m not in COMMON_WORDS]
    capitalised = [m.capitalize() for m in months if m not in anycase]

    def alternation(words: list[str]) -> str:
        return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))

    return (re.compile(rf"\b({alternation(anycase)})\b", re.IGNORECASE),
            re.compile(rf"\b({alternation(capitalised)})\b"))


def _found(text: str) -> list[str]:
    anycase, capitalised = _words()
    return [re.sub(r"\s+", " ", m.group(1)).lower() for rx in (anycase, capitalised) for m in rx.finditer(text)]


def _files() -> list[Path]:
    return sorted(p for p in KB.rglob("*") if p.is_file() and p.suffix in TEXT_SUFFIXES
                  and LANG not in p.parents and WORDING not in p.parents)


def test_the_words_come_from_the_language_file():
    assert {"said", "pointed out", "january", "dec"} <= set(_found("said, pointed\nout, January, Dec. 3"))
    assert _found("it may march on; os.sep") == []
    assert _found("On May 5, in March") == ["may", "march"]


@pytest.mark.parametrize("path", _files(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_file_of_kb_holds_a_reporting_verb_or_a_month_name(path: Path):
    rel = path.relative_to(ROOT).as_posix()
    text = path.read_text(encoding="utf-8")
    lines = [f"{rel}:{n}: {w!r}" for n, line in enumerate(text.split("\n"), start=1)
             for w in _found(line)]
    # Multi-word verbs broken over two lines.
    joined = {w for w in _found(re.sub(r"\s+", " ", text)) if " " in w}
    lines += [f"{rel}: {w!r} over two lines" for w in joined if not any(f"{w!r}" in ln for ln in lines)]
    assert not lines, "English words of the reading rules (kb/rules/lang/en.yml) outside it:\n" + "\n".join(lines)


@pytest.mark.parametrize("old, new, key", [
    ("  - [may]\n", "  - may\n", "'months': month 5 must be a list of names"),
    ("weekday_modifiers: {last: back,", "weekday_modifiers: {last: behind,", "'weekday_modifiers': 'last' must be"),
    ("relative_days: {yesterday: -1,", "relative_days: {yesterday: one,", "'relative_days': 'yesterday' must be a number"),
    ("name_joiner: and\n", "name_joiner: [and]\n", "'name_joiner' must be a string"),
    ("plural_description: '", "plural_description: '(", "'plural_description': bad pattern"),
    ("caption_credit_line: '\\((?:{credits})", "caption_credit_line: '\\((?:", "'caption_credit_line' must hold {credits}"),
    ("(?P<year>\\d{4})', 12, 31]\n", "(?P<year>\\d{4})', 2, 30]\n", "'named_days': entry 1 must be"),
    ("  - '\\bthis\\s+year,?\\s+(?P<year>", "  - '\\bthis\\s+year,?\\s+(?P<yr>", "'present_year': pattern"),
    ("other_day_caption: '", "other_day_caption: '(", "'other_day_caption': bad pattern"),
])
def test_the_words_of_the_language_file_are_checked_with_their_line(tmp_path, old, new, key):
    from kb.rules.language import load_language
    from kb.rules.yamlfile import ConfigError
    text = DEFAULT_PATH.read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new, 1)
    (tmp_path / "en.yml").write_text(text, encoding="utf-8")
    line = next(i for i, ln in enumerate(text.split("\n"), start=1) if new.split("\n")[0].strip() in ln)
    with pytest.raises(ConfigError) as info:
        load_language(tmp_path / "en.yml")
    assert any(p.startswith(f"{tmp_path / 'en.yml'}:{line}: {key}") for p in info.value.problems), info.value.problems
