"""The README's configuration table names every option of `build_site.py --help` and every
environment variable the code reads, so a setting added to the code without a line for its
user fails here; and the README stays short enough to read."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import ROOT
from kb.cli import _args

README = ROOT / "README.md"

# Where a setting is read: os.environ.get("X"), os.environ["X"], "X" in os.environ, getenv("X"),
# a constant naming it (SHARD_ENV = "X"), MkDocs's !ENV [X, ...] and the shell's ${X:-...}.
READS = re.compile(r"""environ(?:\.get|\.pop)?[(\[]\s*["']([A-Z][A-Z0-9_]*)["']"""
                   r"""|["']([A-Z][A-Z0-9_]*)["']\s+(?:not\s+)?in\s+os\.environ"""
                   r"""|getenv\(\s*["']([A-Z][A-Z0-9_]*)["']"""
                   r"""|\b[A-Z_]*ENV\s*=\s*["']([A-Z][A-Z0-9_]*)["']"""
                   r"""|!ENV\s*\[\s*([A-Z][A-Z0-9_]*)"""
                   r"""|\$\{([A-Z][A-Z0-9_]*):-""")
CODE = ["kb/**/*.py", "build_site.py", "bench/*.py", "tests/**/*.py", "run", "mkdocs.yml"]


def environment_read() -> set[str]:
    names: set[str] = set()
    for pattern in CODE:
        for path in ROOT.glob(pattern):
            if path == Path(__file__):  # its comments name examples, not settings
                continue
            for match in READS.finditer(path.read_text(encoding="utf-8")):
                names.add(next(group for group in match.groups() if group))
    return names


def help_options(capsys) -> set[str]:
    with pytest.raises(SystemExit):
        _args(["--help"])
    text = capsys.readouterr().out
    section = text.split("\noptions:\n", 1)[1].split("\n\n", 1)[0]
    return set(re.findall(r"^\s{2}(--[a-z][a-z-]*)", section, re.M)) - {"--help"}


def configuration_table() -> str:
    text = README.read_text(encoding="utf-8")
    section = text.split("\n## Configuration\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("|")]
    assert len(rows) > 2, "no table under ## Configuration"
    return "\n".join(row.split("|")[1] for row in rows[2:])  # the first column of each row


def test_every_option_of_the_command_is_in_the_readme_table(capsys):
    options = help_options(capsys)
    assert {"--seeds", "--strict", "--max-seed-mb"} <= options  # the parse found the options
    names = set(re.findall(r"--[a-z][a-z-]*", configuration_table()))
    assert options - names == set(), "options missing from README.md's Configuration table"


def test_every_environment_variable_read_is_in_the_readme_table():
    read = environment_read()
    assert {"KB_WORKERS", "KB_SITE_URL", "KB_MAX_SEED_MB", "PYTHON", "CI"} <= read  # the scan works
    names = set(re.findall(r"\b[A-Z][A-Z0-9_]+\b", configuration_table()))
    assert read - names == set(), "environment variables missing from README.md's Configuration table"


def test_the_commands_are_in_the_readme():
    text = README.read_text(encoding="utf-8")
    for command in ("./run site", "./run serve", "./run test", "./run quality", "rename OLD NEW"):
        assert command in text


def test_the_readme_is_read_in_ten_minutes():
    assert len(README.read_bytes()) < 8 * 1024
    for picture in re.findall(r'src="([^"]+\.png)"', README.read_text(encoding="utf-8")):
        assert (ROOT / picture).is_file(), picture


def test_architecture_names_every_module_of_kb_on_a_line_of_its_own():
    rows = re.findall(r"^\| `(kb/[^`]+)` \|", (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8"), flags=re.M)
    data = {"templates", "static", "theme", "lang", "schema"}  # folders of files that are not modules: one line each

    def within_data(p: Path) -> bool:
        return any(part in data for part in p.relative_to(ROOT / "kb").parts[:-1])

    modules = {str(p.relative_to(ROOT)) for p in (ROOT / "kb").rglob("*.py")
               if (p.name != "__init__.py" or p.parent.name == "kb") and "__pycache__" not in p.parts and not within_data(p)}
    folders = {str(p.relative_to(ROOT)) + "/" for p in (ROOT / "kb").rglob("*")
               if p.is_dir() and p.name != "__pycache__" and p.name != "templates" and not within_data(p)}
    assert len(rows) == len(set(rows))
    assert modules | folders <= set(rows), sorted((modules | folders) - set(rows))
    assert "kb/pages/templates/*.md.j2" in rows
