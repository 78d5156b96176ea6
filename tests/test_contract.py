"""kb.json and concepts.json against the JSON Schemas committed with the code (kb/schema/):
every field ARCHITECTURE.md's table promises is required there with its type, and a field removed or of
another type is refused. (Every build the tests run is checked against them: conftest.build.)"""
from __future__ import annotations

import copy
import json
import re

import pytest

from conftest import ROOT, contract

OPTIONAL = {"retired_anchors", "headline"}
"""Fields written only where they have something to say (README)."""


def _kb(seeds_site) -> dict:
    return json.loads((seeds_site / "site" / "data" / "kb.json").read_text(encoding="utf-8"))


def _paths(value, path=()):
    """Every (path to a field, value) in a JSON value, objects' fields only."""
    if isinstance(value, dict):
        for key, inner in value.items():
            yield (*path, key), inner
            yield from _paths(inner, (*path, key))
    elif isinstance(value, list):
        for i, inner in enumerate(value):
            yield from _paths(inner, (*path, i))


def _other_type(value):
    """A value of another JSON type than `value`."""
    if isinstance(value, bool):
        return "true"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return [value]
    return 7  # for a list, an object or null


def _first_of_each_field(data) -> dict[tuple, tuple]:
    """One path per field (list positions made generic), the first where it occurs."""
    seen: dict[tuple, tuple] = {}
    for path, _ in _paths(data):
        seen.setdefault(tuple("[]" if isinstance(p, int) else p for p in path), path)
    return seen


def _shrunk(data):
    """`data` with only the records of each list that bring a field not seen before."""
    if isinstance(data, dict):
        return {k: _shrunk(v) for k, v in data.items()}
    if not isinstance(data, list):
        return data
    kept, seen = [], set()
    for record in data:
        shapes = set(_first_of_each_field(record)) | {type(record).__name__}
        if not shapes <= seen:
            kept.append(_shrunk(record))
            seen |= shapes
    return kept


def _at(data, path):
    for p in path[:-1]:
        data = data[p]
    return data


@pytest.mark.parametrize("name, data_file", [("kb.schema.json", "kb.json"), ("concepts.schema.json", "concepts.json")])
def test_a_field_removed_or_of_another_type_breaks_the_contract(seeds_site, name, data_file):
    data = json.loads((seeds_site / "site" / "data" / data_file).read_text(encoding="utf-8"))
    validator = contract(name)
    assert list(validator.iter_errors(data)) == []
    fields = _first_of_each_field(data)
    data = _shrunk(data)  # a record of each shape is enough, and a few hundred times cheaper to check
    assert _first_of_each_field(data).keys() == fields.keys()
    fields = _first_of_each_field(data)
    assert len(fields) > (30 if data_file == "kb.json" else 4)
    kept_removed, kept_retyped = [], []
    for generic, path in fields.items():
        removed = copy.deepcopy(data)
        del _at(removed, path)[path[-1]]
        if generic[-1] not in OPTIONAL and validator.is_valid(removed):
            kept_removed.append(generic)
        retyped = copy.deepcopy(data)
        _at(retyped, path)[path[-1]] = _other_type(_at(data, path)[path[-1]])
        if validator.is_valid(retyped):
            kept_retyped.append(generic)
    assert (kept_removed, kept_retyped) == ([], [])


def test_the_schema_requires_every_field_the_readme_promises():
    """ARCHITECTURE.md's table of kb.json (README links to it), read row by row (the fields a row's meaning names outside
    brackets are that record's fields): each is in the schema, and required but for the two
    written only where they have something to say."""
    readme = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    table = readme.split("## `data/kb.json`: the public contract", 1)[1].split("\n## ", 1)[0]
    schema = json.loads((ROOT / "kb" / "schema" / "kb.schema.json").read_text(encoding="utf-8"))
    records = {"": schema, **schema["$defs"]}
    nested = {".paragraphs[]": "paragraph", ".headline": "headline", "topics[]": "topic", "entities[]": "entity",
              "kinds[]": "kind", "events[]": "event"}
    promised: dict[str, set[str]] = {k: set() for k in ("", "document", *nested.values())}
    for names, meaning in re.findall(r"^\| (`[^|]+`) \| (.+) \|$", table, flags=re.M):
        for name in re.findall(r"`([^`]+)`", names):
            if name.startswith("."):
                promised["document"].add(name[1:].removesuffix("[]"))
            else:
                promised[""].add(name.removesuffix("[]"))
            if name in nested:
                promised[nested[name]] |= set(re.findall(r"`([a-z_]+)`", re.sub(r"\([^)]*\)", "", meaning)))
    promised["entity"] |= promised["topic"]  # "the same, plus `type`"
    assert all(promised.values())
    missing = {k: sorted(v - set(records[k]["properties"])) for k, v in promised.items()}
    assert missing == {k: [] for k in promised}
    optional = {k: sorted(set(records[k]["properties"]) - set(records[k]["required"])) for k in promised}
    assert optional == {**{k: [] for k in promised}, "paragraph": ["retired_anchors"], "document": ["headline"]}
