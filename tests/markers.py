"""The three kinds of test, and the guard that keeps the fast run fast.

- `unit`: a function or an in-process stage on values the test makes: no MkDocs, no process,
  no server. Every test is one unless it says otherwise, so `./run test --fast`
  (`pytest -m unit`) runs the most tests in the least time.
- `integration`: a real build, MkDocs, a process or a server. A module says so with
  `pytestmark = pytest.mark.integration`, a test with the decorator; a test that asks for a
  fixture made with `builds` is one without saying.
- `browser`: real Chromium against a served site (tests/browser/).

A unit test that starts a process or runs MkDocs fails with a message that says which mark it
needs: the split is checked on every run, not kept by hand.
"""
from __future__ import annotations

import subprocess
from typing import Any, Callable

import pytest

_BUILDING: set[str] = set()
"""The names of the fixtures that build a site or start a process: their users are integration tests."""


def builds(fixture: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a fixture function (put it under `@pytest.fixture`) as one that builds: every test
    that asks for it, directly or through another fixture, is an integration test."""
    _BUILDING.add(fixture.__name__)
    return fixture


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if _BUILDING & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.integration)
        if not (item.get_closest_marker("integration") or item.get_closest_marker("browser")):
            item.add_marker(pytest.mark.unit)


def _refuse(what: str) -> Callable[..., Any]:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError(f"a unit test {what}: mark it `integration` (tests/markers.py)")
    return refuse


@pytest.fixture(autouse=True)
def _unit_stays_in_process(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    if request.node.get_closest_marker("unit") is None:
        return
    import mkdocs.commands.build
    import mkdocs.config

    monkeypatch.setattr(subprocess.Popen, "_execute_child", _refuse("started a process"))
    monkeypatch.setattr(mkdocs.commands.build, "build", _refuse("ran MkDocs"))
    monkeypatch.setattr(mkdocs.config, "load_config", _refuse("loaded an MkDocs configuration"))
