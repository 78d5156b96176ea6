"""Mutation testing: how many small bugs planted in a module its fast unit tests catch.

    ./run mutate [MODULE ...]        modules: read layout last_build dates match ledger link escape (default: all)
    ./run mutate --templates         each {{ ... }} of kb/pages/templates/ printed raw in turn

Each module runs on its own (one after the other: the machine's two cores are shared), in a
copy of the project under .mutate/<module>/, with mutmut (3.x) planting one mutant at a time
in that module alone and running only the unit test files listed for it below (mutmut runs,
of those, the tests that call the mutated function). For the pages, the escaping code is
mutated: kb/pages/escape.py holds every escaping function of the pages and nothing else. The
templates' escaping is tested by
`--templates` (mutmut mutates Python only): each `{{ ... }}` of a template given `| safe` in
turn, TEMPLATE_TESTS run against it.

Prints each module's score (killed / (mutants - equivalent)) and writes the survivors to
.mutate/<module>/survivors.txt (`cd .mutate/<module> && mutmut show NAME` shows one). The
mutants read and found equivalent (no test can tell them from the original) are listed in
EQUIVALENT, each with its reason; figures are in BENCHMARKS.md ("Mutation testing").
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / ".mutate"
COPIED = ("kb", "tests", "vocabulary", "seeds", "overrides", "mkdocs.yml", "pytest.ini", "requirements.txt")


@dataclass(frozen=True)
class Target:
    """A module to mutate and the fast unit tests that pin it."""

    module: str
    """Path of the module, from the project root."""
    tests: tuple[str, ...]
    """Test files run against its mutants."""
    deselect: str = ""
    """A pytest -k expression leaving out the tests among them that build a whole site (each
    would run against nearly every mutant)."""


MODULES = {
    "read": Target("kb/stages/read.py", ("tests/test_read.py", "tests/test_seed_size.py"), "not a_build_leaves_out"),
    "layout": Target("kb/stages/layout.py", ("tests/test_read.py",), "not a_build_leaves_out"),
    "last_build": Target("kb/stages/last_build.py", ("tests/test_read.py",), "not a_build_leaves_out"),
    "dates": Target("kb/text/dates.py", ("tests/test_dates.py",)),
    "match": Target("kb/text/match.py", ("tests/test_match.py",)),
    "ledger": Target("kb/stages/ledger.py", ("tests/test_ledger.py", "tests/test_anchors.py"),
                     "not every_old_url and not an_edited_seed"),
    "link": Target("kb/stages/link.py", ("tests/test_link.py",)),
    "escape": Target("kb/pages/escape.py", ("tests/test_render.py", "tests/test_hostile_everywhere.py")),
}
"""`escape` is where seed text is escaped for where it lands (HTML and Markdown, a <script>
element, BibTeX, a spreadsheet cell); the feed and the CSV's quoting are ElementTree's and
csv's."""

_NO_DOT = "the month group never holds a dot or a space (the dot after an abbreviation is outside it)"
_WORD_EDGES = "a date's words begin and end with a word character at a word boundary: no match starts where another ends"
_ANCHOR = ("which content word a name is found from changes only the cost: the rest of the window is looked up "
           "whole, a slip in the anchor from the next content word")
_CUTOFF = "score_cutoff only lets rapidfuzz stop counting early: the distance is compared with 1 all the same"
EQUIVALENT: dict[str, str] = {
    "kb.text.dates.x_explicit_dates__mutmut_17": _NO_DOT,
    "kb.text.dates.x_explicit_dates__mutmut_18": _NO_DOT,
    "kb.text.dates.x_explicit_dates__mutmut_20": _NO_DOT,
    "kb.text.dates.x_explicit_dates__mutmut_5": _WORD_EDGES,
    "kb.text.dates.x_explicit_dates__mutmut_7": _WORD_EDGES,
    "kb.text.dates.x_relative_dates__mutmut_16": "a modifier that is none of next/coming/last/past acts as none ('' or 'XXXX')",
    "kb.text.dates.x_relative_dates__mutmut_84": "_RELATIVE's group 1 is the whole match (group 0)",
    "kb.pages.escape.x_escape_text__mutmut_1": "translating a text with nothing to escape gives it back: the search only saves time",
    "kb.pages.escape.x_esc__mutmut_1": "a str then takes the general way, str(value), to the same _esc_str",
    "kb.pages.escape.x_marked__mutmut_9": "escaping the empty text between two touching spans appends nothing",
    "kb.pages.escape.x_marked__mutmut_15": "escaping the empty rest after the last span appends nothing",
    "kb.stages.link.x_group_events__mutmut_36": "the same people satisfy the other side of the `or` (group <= people)",
    "kb.stages.link.x_group_events__mutmut_37": "the same people satisfy the other side of the `or` (people <= group)",
    "kb.stages.link.x_group_events__mutmut_78": "an event id never ends in X: its parts are lowercase ids and a date",
    "kb.stages.link.x_related_documents__mutmut_17": "entity bits further up still overlap no topic bit and no other entity's",
    "kb.stages.link.x_related_documents__mutmut_22": "every entity bit one higher: still one bit each, above the topics'",
    **{f"kb.stages.ledger.x_render_ledger__mutmut_{n}": "libyaml's emitter and the pure-Python one write the same text"
       for n in (39, 41, 44, 45, 46, 47)},
    "kb.stages.ledger.x_render_ledger__mutmut_4": "sort_keys=None is as false as False",
    "kb.stages.ledger.x_render_ledger__mutmut_50": "differs only for a line of exactly 1,001 characters",
    "kb.stages.ledger.x_assign_anchors__mutmut_7": "without the short cut anchors.assign gives the recorded anchors all the same "
                                            "(the short cut's comment); only the cost differs",
    "kb.stages.ledger.x_assign_anchors__mutmut_38": "anchors.assign works the digests out itself when given none",
    "kb.stages.ledger.x_assign_anchors__mutmut_41": "anchors.assign works the digests out itself when given none",
    **{f"kb.stages.last_build.x__document_records__mutmut_{n}": "the file is then parsed whole, which gives the same records: "
       "reading it by line only saves time" for n in (2, 3, 5, 8, 11, 12, 13)},
    "kb.stages.last_build.x__document_records__mutmut_26": "a record's line ends with '}' or '},': stripping X as well changes nothing",
    "kb.stages.layout.x_split_footer__mutmut_2": "None is as false as False",
    "kb.stages.layout.x__looks_like_headline__mutmut_23": "the X added to the quotes is a capital, which passes already",
    "kb.stages.read.x_parse__mutmut_95": "'UTF-8' and 'utf-8' name one codec",
    "kb.stages.read.x__load__mutmut_9": "reads one byte more only of a file that grew by two bytes between stat and read",
    "kb.stages.read.x_decode__mutmut_65": "an integer count is above len // 100 exactly when it is above len / 100",
    **{f"kb.stages.read.x_decode__mutmut_{n}": "'UTF-8' and 'utf-8', 'CP1252' and 'cp1252' name one codec" for n in (48, 54)},
    "kb.stages.read.x_decode__mutmut_73": "an integer count is above len // 100 exactly when it is above len / 100",
    **{f"kb.stages.layout.x_lines_of__mutmut_{n}": "block numbers are only compared with each other: any increasing count serves"
       for n in (3, 13, 14)},
    "kb.stages.read.x__load__mutmut_7": "reading all of a file no larger than the limit reads what read(limit + 1) reads",
    **{f"kb.stages.last_build.x_last_paragraphs__mutmut_{n}": "kb.json is read as UTF-8 all the same (the locale's, or the "
       "codec's other name)" for n in (3, 5)},
    **{f"kb.stages.ledger.x_read_ledger__mutmut_{n}": "a missing title read as None becomes '' all the same (not a str)"
       for n in (78, 80)},
    "kb.stages.ledger.x_render_ledger__mutmut_8": "PyYAML's default Dumper writes plain lists and strings as SafeDumper does",
    "kb.text.match.x__forgivable__mutmut_12": "no stopword has six letters, and a name whose other words are all stopwords "
                                         "has no second word to find a slip from: never indexed either way",
    "kb.text.match.xǁPhraseMatcherǁ__init____mutmut_27": "a name given twice repeats work only: matches are keyed by "
                                                    "(tag, start, end)",
    "kb.text.match.xǁPhraseMatcherǁ__init____mutmut_32": _ANCHOR,
    "kb.text.match.xǁPhraseMatcherǁ__init____mutmut_33": _ANCHOR,
    "kb.text.match.xǁPhraseMatcherǁ__init____mutmut_34": _ANCHOR,
    "kb.text.match.xǁPhraseMatcherǁ__init____mutmut_62": _ANCHOR,
    "kb.text.match.xǁPhraseMatcherǁ__init____mutmut_64": _ANCHOR,
    "kb.text.match.xǁPhraseMatcherǁ__init____mutmut_73": "a slip of -2 is read as no slip, as -1 is (slip < 0)",
    "kb.text.match.xǁPhraseMatcherǁfind__mutmut_55": _CUTOFF,
    "kb.text.match.xǁPhraseMatcherǁfind__mutmut_58": _CUTOFF,
    "kb.text.match.xǁPhraseMatcherǁfind__mutmut_59": _CUTOFF,
}
"""mutmut's name of a mutant -> why no test can tell it from the original."""


_COUNT = "a number: nothing to escape"
_DAY = "a date or a year: digits and dashes"
_OWN_WORDS = "the template's or the page module's own words"
_ADDRESS = "a slug, an anchor or a URL made of them"
TEMPLATE_EQUIVALENT: dict[str, str] = {
    'concept.md.j2:2:{{ singular }}': _OWN_WORDS,
    'concept.md.j2:18:{{ passage_count }}': _COUNT,
    'concept.md.j2:18:{{ "" if passage_count == 1 else "s" }}': _OWN_WORDS,
    'concept.md.j2:18:{{ all_groups }}': _COUNT,
    'concept.md.j2:18:{{ "" if all_groups == 1 else "s" }}': _OWN_WORDS,
    'concept.md.j2:18:{{ year }}': _DAY,
    'concept.md.j2:20:{{ y }}': _DAY,
    'concept.md.j2:20:{{ n }}': _COUNT,
    'concept.md.j2:49:{{ "discusses" if section == "topics" else "mentions" }}': _OWN_WORDS,
    'concept.md.j2:51:{{ groups | length }}': _COUNT,
    'concept.md.j2:51:{{ all_groups }}': _COUNT,
    'concept.md.j2:60:{{ n }}': _COUNT,
    'concept.md.j2:60:{{ "" if n == 1 else "s" }}': _OWN_WORDS,
    'document.md.j2:1:{{ id }}': _OWN_WORDS,
    'document.md.j2:1:{{ text }}': _OWN_WORDS,
    'document.md.j2:2:{{ line_date }}': _DAY,
    'document.md.j2:3:{{ canonical }}': _ADDRESS,
    'document.md.j2:12:{{ st.verb }}': "a reporting verb of kb/rules/lang/en.yml, matched as words",
    'document.md.j2:12:{{ doc.anchor(st.paragraph) }}': _ADDRESS,
    'document.md.j2:12:{{ doc.anchor_number(st.paragraph) }}': _ADDRESS,
    'document.md.j2:20:{{ doc.published | date or "not stated" }}': _DAY,
    'document.md.j2:21:{{ doc.event_date | date or "not stated" }}': _DAY,
    'document.md.j2:21:{{ doc.event_date_evidence }}': "the words a date pattern matched: letters, digits, commas, dots",
    'document.md.j2:21:{{ doc.event_date_note }}': "the annotator's own words around weekday and date words",
    'document.md.j2:33:{{ {"people": "People", "organizations": "Organisations", "places": "Places", "treaties": "Treaties"}[section] }}': _OWN_WORDS,
    'document.md.j2:59:{{ doc.doc.encoding }}': "a codec's name",
    'documents_index.md.j2:2:{{ year }}': _DAY,
    'documents_index.md.j2:8:{{ doc.sort_date | date if doc.event_date or doc.published else "undated" }}': _DAY,
    'event.md.j2:3:{{ ev.date | date }}': _DAY,
    'event.md.j2:6:{{ docs | length }}': _COUNT,
    'event.md.j2:6:{{ d.published | date or "not dated" }}': _DAY,
    'event.md.j2:17:{{ d.published | date or "not stated" }}': _DAY,
    'event.md.j2:20:{{ st.verb }}': "a reporting verb of kb/rules/lang/en.yml, matched as words",
    'events_index.md.j2:1:{{ events | length }}': _COUNT,
    'events_index.md.j2:1:{{ "" if events | length == 1 else "s" }}': _COUNT,
    'events_index.md.j2:1:{{ several }}': _COUNT,
    'events_index.md.j2:5:{{ ev.date | date }}': _DAY,
    'events_index.md.j2:5:{{ ev.documents | length }}': _COUNT,
    'events_index.md.j2:5:{{ "" if ev.documents | length == 1 else "s" }}': _COUNT,
    'events_index.md.j2:8:{{ d.published | date or "not dated" }}': _DAY,
    'gaps.md.j2:5:{{ uncovered | length }}': _COUNT,
    'gaps.md.j2:5:{{ total }}': _COUNT,
    'gaps.md.j2:18:{{ name }}': "a capitalised name as annotate._NAME matches it: letters, spaces, hyphens",
    'gaps.md.j2:18:{{ n }}': _COUNT,
    'home.md.j2:2:{{ corpus.documents | length }}': _COUNT,
    'home.md.j2:2:{{ "" if corpus.documents | length == 1 else "s" }}': _COUNT,
    'home.md.j2:2:{{ first | date }}': _DAY,
    'home.md.j2:2:{{ last | date }}': _DAY,
    'home.md.j2:3:{{ topic_rows | length }}': _COUNT,
    'home.md.j2:4:{{ n }}': _COUNT,
    'home.md.j2:4:{{ title | lower }}': _OWN_WORDS,
    'home.md.j2:15:{{ docs }}': _COUNT,
    'home.md.j2:15:{{ passages }}': _COUNT,
    'home.md.j2:24:{{ doc.sort_date | date }}': _DAY,
    'matrix.md.j2:3:{{ y }}': _DAY,
    'matrix.md.j2:6:{{ shade }}': _OWN_WORDS,
    'matrix.md.j2:6:{{ href }}': _ADDRESS,
    'matrix.md.j2:6:{{ grid.years[loop.index0] }}': _DAY,
    'matrix.md.j2:6:{{ n }}': _COUNT,
    'matrix.md.j2:6:{{ "s" if n > 1 else "" }}': _OWN_WORDS,
    'matrix.md.j2:11:{{ grid.years | length }}': _COUNT,
    'moved.md.j2:1:{{ target }}': _ADDRESS,
    'phrases.md.j2:4:{{ c.id }}': _ADDRESS,
    'phrases.md.j2:8:{{ found | length }}': _COUNT,
    'phrases.md.j2:8:{{ "s" if found | length != 1 else "" }}': _COUNT,
    'phrases.md.j2:9:{{ year }}': _DAY,
    'phrases.md.j2:9:{{ n }}': _COUNT,
    'phrases.md.j2:10:{{ n }}': _COUNT,
    'phrases.md.j2:13:{{ doc.sort_date | date }}': _DAY,
    'section_index.md.j2:2:{{ singular }}': _OWN_WORDS,
    'section_index.md.j2:2:{{ "Passages" if section == "topics" else "Mentions" }}': _OWN_WORDS,
    'section_index.md.j2:5:{{ docs }}': _COUNT,
    'section_index.md.j2:5:{{ passages }}': _COUNT,
    'timeline.md.j2:2:{{ year }}': _DAY,
    'timeline.md.j2:7:{{ doc.sort_date | date if doc.sort_date.year > 1 else "undated" }}': _DAY,
    'timeline.md.j2:15:{{ text }}': "the words a date pattern matched: letters, digits, commas, dots",
    'topic_map.md.j2:3:{{ table }}': "the co-occurrence table is Markup kb/pages/topic_map.py escaped itself",
}
"""Template mutants (`--templates`, named file:line:expression) that print what no seed or
vocabulary text reaches, so printing it raw changes nothing."""
EQUIVALENT.update(TEMPLATE_EQUIVALENT)


def prepare(name: str, target: Target) -> Path:
    """A fresh copy of the project for one module's run, with its mutmut configuration."""
    work = WORK / name
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", ".hypothesis", "*.pyc")
    for item in COPIED:
        src = ROOT / item
        if src.is_dir():
            shutil.copytree(src, work / item, ignore=ignore)
        else:
            shutil.copy2(src, work / item)
    also = [item for item in COPIED if item not in ("kb", "tests")]
    (work / "setup.cfg").write_text(
        "[mutmut]\nsource_paths = kb\n"
        f"only_mutate = {target.module}\n"
        "pytest_add_cli_args_test_selection =\n" + "".join(f"    {t}\n" for t in target.tests)
        + (f"    -k\n    {target.deselect}\n" if target.deselect else "")
        + "pytest_add_cli_args =\n    -p\n    no:cacheprovider\n"
        "also_copy =\n" + "".join(f"    {a}\n" for a in also), encoding="utf-8")
    return work


@dataclass(frozen=True)
class Score:
    module: str
    killed: int
    survived: list[str]
    other: dict[str, int]
    equivalent: list[str]
    seconds: float

    @property
    def counted(self) -> int:
        return self.killed + len(self.survived) + sum(self.other.values())

    def line(self) -> str:
        total = self.counted - len(self.equivalent)
        pct = 100 * self.killed / total if total else 100.0
        rest = ", ".join(f"{v} {k}" for k, v in sorted(self.other.items()))
        return (f"{self.module:8} {self.killed:4} killed of {total:4} ({pct:5.1f} %); "
                f"{len(self.survived) - len(self.equivalent)} survived, {len(self.equivalent)} equivalent"
                f"{'; ' + rest if rest else ''}; {self.seconds:.0f} s")


def run(name: str, children: int) -> Score:
    target = MODULES[name]
    work = prepare(name, target)
    started = time.perf_counter()
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    subprocess.run([sys.executable, "-m", "mutmut", "run", "--max-children", str(children)], cwd=work, env=env,
                   stdout=subprocess.DEVNULL, check=False)
    seconds = time.perf_counter() - started
    listing = subprocess.run([sys.executable, "-m", "mutmut", "results", "--all", "true"], cwd=work, env=env,
                             capture_output=True, text=True, check=False).stdout
    states: dict[str, str] = {}
    for line in listing.splitlines():
        m = re.match(r"\s*(\S+__mutmut_\d+): (.+)$", line)
        if m:
            states[m.group(1)] = m.group(2).strip()
    killed = sum(1 for s in states.values() if s == "killed")
    survived = sorted(k for k, s in states.items() if s == "survived")
    other: dict[str, int] = {}
    for s in states.values():
        if s not in ("killed", "survived"):
            other[s] = other.get(s, 0) + 1
    equivalent = [k for k in survived if k in EQUIVALENT]
    (work / "survivors.txt").write_text("".join(f"{k}\n" for k in survived if k not in EQUIVALENT), encoding="utf-8")
    return Score(name, killed, survived, other, equivalent, seconds)


TEMPLATE_TESTS = ("tests/test_hostile_everywhere.py", "tests/test_render.py")
"""What each template mutant runs against: the hostile site (every page kind, hostile text in
every field) and the renderer's own tests."""
_PRINT = re.compile(r"\{\{-?(.+?)-?\}\}")
_HELPER = re.compile(r"\w+\(ctx,")
"""A piece of HTML made in Python (kb/pages/templating.py's HELPERS), called with the context first."""


def run_templates() -> Score:
    """Each `{{ ... }}` of kb/pages/templates/ given `| safe` in turn (its value printed raw, as if
    escaping were forgotten there), the template tests run against it, one mutant at a time."""
    work = prepare("templates", Target("kb/pages/templates", TEMPLATE_TESTS))
    started = time.perf_counter()
    killed, survived = 0, []
    for path in sorted((work / "kb" / "pages" / "templates").glob("*.j2")):
        original = path.read_text(encoding="utf-8")
        for m in _PRINT.finditer(original):
            expr = m.group(1).strip()
            if expr.endswith("| safe") or (expr.startswith("ctx.") and not expr.startswith("ctx.vocab")) \
                    or _HELPER.match(expr):
                continue  # links and HTML the pages make give Markup they escaped themselves: `| safe` changes nothing
            name = f"{path.name}:{original.count(chr(10), 0, m.start()) + 1}:{{{{ {expr} }}}}"
            path.write_text(original[:m.start()] + "{{ (" + expr + ") | safe }}" + original[m.end():], encoding="utf-8")
            try:
                code = subprocess.run([sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *TEMPLATE_TESTS],
                                      cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
            finally:
                path.write_text(original, encoding="utf-8")
            if code == 0:
                survived.append(name)
            else:
                killed += 1
            print(f"  {'killed  ' if code else 'survived'} {name}", flush=True)
    equivalent = [k for k in survived if k in EQUIVALENT]
    (work / "survivors.txt").write_text("".join(f"{k}\n" for k in survived if k not in EQUIVALENT), encoding="utf-8")
    return Score("templates", killed, survived, {}, equivalent, time.perf_counter() - started)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="*", metavar="MODULE", help=f"of {', '.join(MODULES)} (default: all)")
    parser.add_argument("--children", type=int, default=1, help="mutants run at once (default 1: cores are shared)")
    parser.add_argument("--templates", action="store_true", help="the templates' escaping instead (a few minutes)")
    args = parser.parse_args(argv)
    unknown = [m for m in args.modules if m not in MODULES]
    if unknown:
        parser.error(f"unknown module {', '.join(unknown)}: expected {', '.join(MODULES)}")
    if args.templates:
        print(run_templates().line(), flush=True)
        return 0
    scores = []
    for name in args.modules or list(MODULES):
        score = run(name, args.children)
        print(score.line(), flush=True)
        scores.append(score)
    return 0


if __name__ == "__main__":
    sys.exit(main())
