"""The MkDocs hook's settings (`HookOptions`), validated when a build starts: every bad one
named at once with the value received. The build hands them to the hook object itself
(kb/renderers/mkdocs/site.py, `KbHook.given`); a person running MkDocs, or a test, may set them
in the environment (`SETTINGS`), which the hook only reads.
"""
from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Mapping

from mkdocs.config import base, config_options as c
from mkdocs.exceptions import PluginError

from kb.renderers.mkdocs.site import ANCHORS_ENV, PASSTHROUGH_ENV, REUSE_ENV, SHARD_ENV, THEME_PARTS_ENV


class _Switch(c.BaseConfigOption[bool]):
    """On or off, spelt 1 or 0 (on unless set)."""

    def __init__(self) -> None:
        super().__init__()
        self.default = "1"

    def run_validation(self, value: object) -> bool:
        if value not in ("0", "1"):
            raise base.ValidationError("expected 0 (off) or 1 (on)")
        return value == "1"


class _Shard(c.BaseConfigOption[tuple[int, int]]):
    """This process's share of the pages, "INDEX/COUNT": it writes a page whose path hashes to
    INDEX modulo COUNT (a whole build unless set)."""

    def __init__(self) -> None:
        super().__init__()
        self.default = "0/1"

    def run_validation(self, value: object) -> tuple[int, int]:
        m = re.fullmatch(r"([0-9]+)/([0-9]+)", value) if isinstance(value, str) else None
        if m is None:
            raise base.ValidationError("expected INDEX/COUNT, two whole numbers, as in 0/2")
        index, count = int(m[1]), int(m[2])
        if count < 1 or index >= count:
            raise base.ValidationError("expected a COUNT of 1 or more and an INDEX from 0 to COUNT - 1")
        return index, count


class _NewFile(c.Type[str]):
    """A file the build writes, in a folder that exists."""

    def __init__(self) -> None:
        super().__init__(str)

    def run_validation(self, value: object) -> str:
        path = os.path.abspath(super().run_validation(value))
        if not os.path.isdir(os.path.dirname(path)):
            raise base.ValidationError(f"its folder {os.path.dirname(path)!r} does not exist")
        return path


class HookOptions(base.Config):
    """The hook's settings, validated when a build starts (`KbHook.on_config`)."""

    passthrough = _Switch()
    """Our raw HTML blocks passed through unparsed and one Markdown for every page; off, MkDocs's
    own way (the byte-for-byte comparison in the tests)."""
    theme_parts = _Switch()
    """Material's shared parts rendered once for the pages that show them alike; off, for every page."""
    shard = _Shard()
    """(index, count): this process's share of the pages to write (kb/renderers/mkdocs/site.py)."""
    reuse = c.Optional(c.File(exists=True))
    """The plan of pages kept from the last site (kb/renderers/mkdocs/site.py, `REUSE_ENV`), or None."""
    anchors = c.Optional(_NewFile())
    """Where the first shard writes the anchors of the pages no search index reads, or None."""


SETTINGS: dict[str, str] = {"passthrough": PASSTHROUGH_ENV, "theme_parts": THEME_PARTS_ENV, "shard": SHARD_ENV,
                            "reuse": REUSE_ENV, "anchors": ANCHORS_ENV}
"""The environment variable each option may be read from (a person sets the two switches, or
runs a shard's MkDocs by hand); what the build gives the hook (`KbHook.given`) comes first.
Unset or empty, the option's default."""


def settings_from(environ: Mapping[str, str]) -> dict[str, str]:
    """The hook's settings as the environment gives them, by option."""
    return {key: environ[name] for key, name in SETTINGS.items() if environ.get(name)}


def problems(settings: dict[str, str]) -> list[str]:
    """Every bad setting with the value received: MkDocs's validation stops at the first, so
    each is validated alone."""
    problems = []
    for key, value in settings.items():
        alone = HookOptions()
        alone.load_dict({key: value})
        problems += [f"  {SETTINGS[key]}={value!r}: {error}" for _, error in alone.validate()[0]]
    return problems


def plan(path: str | None) -> tuple[frozenset[str], dict[str, list[str]]]:
    """The pages whose HTML the last site already holds (kb/renderers/mkdocs/site.py links it in), none of
    them written here; and of those, the ones no search index reads, with their anchors, for
    which nothing is read either (`on_page_read_source`)."""
    if path is None:
        return frozenset(), {}
    try:
        plan = json.loads(Path(path).read_text(encoding="utf-8"))
        reuse, anchors = frozenset(plan["reuse"]), dict(plan["anchors"])
    except (OSError, ValueError, TypeError, KeyError) as e:
        raise PluginError(f"{REUSE_ENV}={path!r}: not a plan of kept pages ({type(e).__name__}: {e})") from None
    return reuse, anchors

