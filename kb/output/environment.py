"""What every output of a build depends on besides its inputs: our own code and data, the
installed distributions and the Python that runs them. The caches' keys (kb/output/cache.py) and the
site's (kb/renderers/mkdocs/site.py) both take it from here, derived from what is on disk rather than listed by
hand: a list of files goes stale the day a module is split or a loader imports a new one, and
a dependency's upgrade (the stemmer decides every stem) changes output as surely as our code.
"""
from __future__ import annotations

import importlib.metadata
import os
import re
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent
"""The `kb/` package: its code, its language data (language.yml), templates and static files."""


_FIELD = re.compile(r"^(Name|Version):[ \t]*(.*?)[ \t]*$", re.MULTILINE)
"""A distribution's name and version in its metadata's header (the core metadata format)."""


def installed() -> list[str]:
    """The Python version, then "name==version" of every installed distribution, sorted.

    Read from each distribution's metadata header as text: importlib's parsed metadata
    (`dist.metadata`, `dist.version`) costs ten times as much, on every build."""
    found = set()
    for dist in importlib.metadata.distributions():
        head = (dist.read_text("METADATA") or dist.read_text("PKG-INFO") or "").partition("\n\n")[0]
        fields = dict(_FIELD.findall(head))
        found.add(f"{fields.get('Name', '')}=={fields.get('Version', '')}")
    return [f"python {sys.version}", *sorted(found)]


def package_files(folder: Path | None = None) -> list[Path]:
    """Every file of the package (or of `folder`), sorted, but Python's compiled copies of its
    modules (`__pycache__`), which change with no change to the code."""
    base, out = folder or PACKAGE, []
    for root, dirs, names in os.walk(base):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        out.extend(Path(root, name) for name in names)
    return sorted(out)
