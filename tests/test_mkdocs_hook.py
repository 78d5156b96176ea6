"""The MkDocs hook's settings and state (kb/renderers/mkdocs/hook.py): each bad setting is named with the
value received, before any page is read; and a second build in one process (`mkdocs serve`'s
rebuilds) starts from nothing, with the settings of its own start."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

from conftest import ROOT
from kb.renderers.mkdocs.hook import SETTINGS, KbHook
from kb.renderers.mkdocs.site import ShardJob, _build_one

HOOK = ROOT / "kb" / "renderers" / "mkdocs" / "hook.py"


@pytest.fixture
def environ(monkeypatch):
    for name in SETTINGS.values():
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def _start(environ, **settings: str) -> KbHook:
    for name, value in settings.items():
        environ.setenv(name, value)
    hook = KbHook()
    hook.on_config(None)
    return hook


def test_unset_settings_are_a_whole_build_with_every_speed_trick(environ):
    options = _start(environ).build.options
    assert (options.passthrough, options.theme_parts, options.shard, options.reuse, options.anchors) == (
        True, True, (0, 1), None, None)


def test_settings_are_read_from_the_environment(environ, tmp_path):
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps({"reuse": ["a.md", "b.md"], "anchors": {"b.md": ["p1"]}}), encoding="utf-8")
    build = _start(environ, KB_PASSTHROUGH="0", KB_THEME_PARTS="0", KB_MKDOCS_SHARD="1/2",
                   KB_MKDOCS_REUSE=str(plan), KB_MKDOCS_ANCHORS=str(tmp_path / "anchors.json")).build
    assert (build.options.passthrough, build.options.theme_parts, build.options.shard) == (False, False, (1, 2))
    assert build.reused == {"a.md", "b.md"} and build.known == {"b.md": ["p1"]}
    assert build.anchors_out is None  # only the first shard records them
    assert {build.own_page(f"p{n}.md") for n in range(20)} == {True, False}  # a share of the pages


@pytest.mark.parametrize("name, value, message", [
    ("KB_MKDOCS_SHARD", "x/0", "expected INDEX/COUNT, two whole numbers"),
    ("KB_MKDOCS_SHARD", "1", "expected INDEX/COUNT, two whole numbers"),
    ("KB_MKDOCS_SHARD", "-1/2", "expected INDEX/COUNT, two whole numbers"),
    ("KB_MKDOCS_SHARD", "0/0", "expected a COUNT of 1 or more and an INDEX from 0 to COUNT - 1"),
    ("KB_MKDOCS_SHARD", "2/2", "expected a COUNT of 1 or more and an INDEX from 0 to COUNT - 1"),
    ("KB_PASSTHROUGH", "yes", "expected 0 (off) or 1 (on)"),
    ("KB_THEME_PARTS", "2", "expected 0 (off) or 1 (on)"),
    ("KB_MKDOCS_REUSE", "{tmp}/no-plan.json", "isn't an existing file"),
    ("KB_MKDOCS_ANCHORS", "{tmp}/no-folder/anchors.json", "does not exist"),
])
def test_a_bad_setting_is_named_with_the_value_received(environ, tmp_path, name, value, message):
    value = value.format(tmp=tmp_path)
    with pytest.raises(PluginError) as caught:
        _start(environ, **{name: value})
    line = next(line for line in str(caught.value).splitlines() if name in line)
    assert line.strip().startswith(f"{name}={value!r}: ") and message in line


def test_every_bad_setting_is_named_at_once(environ):
    with pytest.raises(PluginError) as caught:
        _start(environ, KB_MKDOCS_SHARD="3/2", KB_PASSTHROUGH="off")
    assert "KB_MKDOCS_SHARD='3/2'" in str(caught.value) and "KB_PASSTHROUGH='off'" in str(caught.value)


def test_a_plan_that_is_not_one_is_named(environ, tmp_path):
    plan = tmp_path / "plan.json"
    plan.write_text('{"reuse": ["a.md"]}', encoding="utf-8")
    with pytest.raises(PluginError, match=r"KB_MKDOCS_REUSE='.*plan\.json': not a plan of kept pages"):
        _start(environ, KB_MKDOCS_REUSE=str(plan))


def _project(tmp_path: Path, site_name: str) -> tuple[Path, Path]:
    """Three pages, two outside the navigation (their theme parts shared), all raw HTML."""
    docs = tmp_path / "docs"
    docs.mkdir(exist_ok=True)
    (docs / "index.md").write_text('# Home\n\n<p><a href="one/">one</a> <a href="two/">two</a></p>\n', encoding="utf-8")
    for name in ("one", "two"):
        (docs / f"{name}.md").write_text(f"---\ntitle: Page {name}\n---\n\n## Part\n\n"
                                         f'<div class="x" id="p-{name}">the {name} page</div>\n', encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text(f"site_name: {site_name}\ntheme:\n  name: material\n  custom_dir: {ROOT / 'overrides'}\n"
                      f"markdown_extensions:\n  - toc:\n      permalink: true\nnav:\n  - Home: index.md\n"
                      f"hooks:\n  - {HOOK}\n", encoding="utf-8")
    return config, docs


@pytest.mark.integration
def test_a_second_build_in_one_process_starts_from_nothing(environ, tmp_path):
    """What one build worked out (theme parts rendered, Markdowns made, pages counted, its
    settings) is not the next one's: here the second build's header shows its own site name,
    though the parts are shared by the same pages with the same links."""
    config, docs = _project(tmp_path, "First Name")
    _build_one(ShardJob(config, docs, tmp_path / "site1", "lunr", anchors=tmp_path / "anchors.json"))
    plugin = sys.modules[str(HOOK)].plugin
    first = plugin.build
    assert (first.converted, first.options.anchors) == (3, str(tmp_path / "anchors.json"))
    assert first.part_renders["nav"] < first.part_uses["nav"]  # the two pages outside the navigation share one

    config.write_text(config.read_text(encoding="utf-8").replace("First Name", "Second Name"), encoding="utf-8")
    environ.setenv("KB_THEME_PARTS", "0")
    _build_one(ShardJob(config, docs, tmp_path / "site2", "lunr"))
    second = plugin.build
    assert second is not first and sys.modules[str(HOOK)].plugin is plugin  # one hook, two builds
    assert (second.converted, second.page_mds, second.options.anchors, second.anchors_out) == (3, 1, None, None)
    assert second.part_renders["nav"] == second.part_uses["nav"] == first.part_uses["nav"]  # its own setting: every page renders them
    page = (tmp_path / "site2" / "one" / "index.html").read_text(encoding="utf-8")
    assert "Second Name" in page and "First Name" not in page


@pytest.mark.integration
def test_mkdocs_stops_with_the_bad_setting_named_not_a_traceback(tmp_path):
    config, _ = _project(tmp_path, "Settings")
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(tmp_path / "site")],
                         cwd=ROOT, env={**os.environ, "KB_MKDOCS_SHARD": "x/0"}, capture_output=True, text=True)
    assert run.returncode != 0
    assert "KB_MKDOCS_SHARD='x/0': expected INDEX/COUNT" in run.stderr and "Traceback" not in run.stderr, run.stderr
    assert not (tmp_path / "site").exists()
