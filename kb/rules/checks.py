"""Checks shared by the loaders of the vocabulary's sections: each appends its problem with
file and line to the loader's list and returns a usable value, so every mistake of a file is
reported at once."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from kb.rules.yamlfile import LineDict, line_of


def section_keys(data: Any, path: Path, line: int, section: str, allowed: set[str],
                 problems: list[str]) -> Callable[[str], str] | None:
    """None (with the problem) when `data` is no mapping; else the `file:line` of each key,
    every key outside `allowed` reported."""
    if not isinstance(data, LineDict):
        problems.append(f"{path}:{line}: {section}: must be a mapping")
        return None
    at = lambda key: f"{path}:{line_of(data, key)}"  # noqa: E731
    for key in data:
        if key not in allowed:
            problems.append(f"{at(key)}: {section}: unknown key {key!r} (allowed: {', '.join(sorted(allowed))})")
    return at


def whole_number(data: LineDict, key: str, where: str, problems: list[str]) -> int:
    """A whole number of 0 or more (0 when absent or wrong)."""
    value = data.get(key, 0)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        problems.append(f"{where}: {key}: must be a whole number of 0 or more, got {value!r}")
        return 0
    return value


def number(data: LineDict, key: str, where: str, problems: list[str]) -> float:
    """A number of 0 or more (0 when absent or wrong)."""
    value = data.get(key, 0)
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not value >= 0:
        problems.append(f"{where}: {key}: must be a number of 0 or more, got {value!r}")
        return 0.0
    return float(value)


def share(data: LineDict, key: str, default: float, where: str, problems: list[str]) -> float:
    """A number from 0 to 1 (`default` when absent or wrong)."""
    value = data.get(key, default)
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not 0 <= value <= 1:
        problems.append(f"{where}: {key}: must be a number from 0 to 1, got {value!r}")
        return default
    return float(value)
