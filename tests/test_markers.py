"""The fast run stays honest: a test that is not marked `integration` or `browser` is a unit
test, and a unit test that starts a process or runs MkDocs fails, naming the mark it needs."""
from __future__ import annotations

import shutil
from pathlib import Path

pytest_plugins = ["pytester"]

MARKERS = Path(__file__).resolve().parent / "markers.py"


def _suite(pytester, body: str):
    shutil.copy(MARKERS, pytester.path / "markers.py")
    pytester.makeini("[pytest]\nmarkers =\n    unit: u\n    integration: i\n    browser: b\n")
    pytester.makeconftest('pytest_plugins = ["markers"]\n')
    pytester.makepyfile(test_suite=body)
    return pytester.runpytest_inprocess("-m", "unit", "-q", "-p", "no:cacheprovider")


def test_a_unit_test_that_starts_a_process_fails_with_the_mark_it_needs(pytester):
    result = _suite(pytester, "import subprocess, sys\n\n"
                              "def test_spawns():\n    subprocess.run([sys.executable, '-c', 'pass'])\n")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*a unit test started a process: mark it `integration`*"])


def test_a_unit_test_that_runs_mkdocs_fails(pytester):
    result = _suite(pytester, "def test_builds():\n    from mkdocs.config import load_config\n    load_config()\n")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*loaded an MkDocs configuration*"])


def test_integration_tests_and_users_of_a_building_fixture_are_left_out_of_the_fast_run(pytester):
    result = _suite(pytester, "import pytest, subprocess, sys\nfrom markers import builds\n\n"
                              "@pytest.fixture\n@builds\ndef site():\n    return 1\n\n"
                              "def test_pure():\n    assert 1 + 1 == 2\n\n"
                              "@pytest.mark.integration\ndef test_marked():\n    subprocess.run([sys.executable, '-c', 'pass'])\n\n"
                              "def test_uses_site(site):\n    subprocess.run([sys.executable, '-c', 'pass'])\n")
    result.assert_outcomes(passed=1, deselected=2)
