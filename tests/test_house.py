"""The house rules of kb/ (ARCHITECTURE.md), checked on every run: small modules, short
parameter lists, one name per class, and no setting passed through this process's environment."""
from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

from conftest import ROOT

MAX_LINES = 400
MAX_PARAMETERS = 6
MODULES = sorted((ROOT / "kb").rglob("*.py"))


def _parameters(node: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    a = node.args
    names = [*a.posonlyargs, *a.args, *a.kwonlyargs]
    count = len(names) + bool(a.vararg) + bool(a.kwarg)
    return count - bool(names and names[0].arg in ("self", "cls"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_a_module_is_small_and_its_functions_take_few_parameters(path: Path):
    source = path.read_text(encoding="utf-8")
    assert len(source.splitlines()) <= MAX_LINES
    long = [(n.name, _parameters(n)) for n in ast.walk(ast.parse(source))
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and _parameters(n) > MAX_PARAMETERS]
    assert long == []  # group them in a frozen dataclass, as BuildSettings does


def test_no_two_classes_of_kb_share_a_name():
    where = defaultdict(list)
    for path in MODULES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                where[node.name].append(path.relative_to(ROOT).as_posix())
    assert {name: paths for name, paths in where.items() if len(paths) > 1} == {}


def test_kb_never_writes_its_own_environment():
    """Settings travel in objects (BuildSettings, ShardJob); a child process gets an env dict
    made for it. A write to os.environ would leak into every later build of a serve."""
    writes = []
    for path in MODULES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AugAssign) else []
            calls = [node.func] if isinstance(node, ast.Call) else []
            for t in targets:
                if isinstance(t, ast.Subscript) and ast.unparse(t.value) == "os.environ":
                    writes.append(f"{path.name}:{node.lineno}")
            for f in calls:
                if isinstance(f, ast.Attribute) and ast.unparse(f.value) == "os.environ" and f.attr in (
                        "update", "setdefault", "pop", "clear", "__setitem__"):
                    writes.append(f"{path.name}:{node.lineno}")
            if isinstance(node, ast.Call) and ast.unparse(node.func) in ("os.putenv", "os.unsetenv"):
                writes.append(f"{path.name}:{node.lineno}")
    assert writes == []
