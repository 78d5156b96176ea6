"""Pagefind's filter index, written again in a fixed order, so that a build is byte-identical.

Pagefind 1.5 writes each filter's values, and the list of filters in its metadata, in the
order of a Rust hash map, which changes from run to run (its issue 638: fragments were made
stable in 1.3, "the filter/metadata indexes" were not). The files are named by a hash of their
bytes, so the same site got new filter file names, a new metadata file and a new
`pagefind-entry.json` at every build: pages indexed alike would differ, a kept part of a large
site would not match a part indexed again, and a static host would upload them every time.

Each file is gzip around a signature and CBOR (Pagefind's own format, read by its wasm); it is
decoded, sorted, encoded again with `cbor2`, and named by the SHA-256 of what it holds, in
Pagefind's shape (`en_` and 7 hex digits for a filter, 10 for the metadata). The wasm finds
files by the names the metadata and the entry give, and checks no hash itself.
"""
from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

import cbor2

SIGNATURE = b"pagefind_dcd"
"""What every Pagefind data file holds before its CBOR, once unzipped."""
META = "pagefind.{}.pf_meta"
FILTER = "{}.pf_filter"


def _read(path: Path) -> object:
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(SIGNATURE):
        raise ValueError(f"{path}: not a Pagefind data file (no {SIGNATURE.decode()} signature)")
    return cbor2.loads(raw[len(SIGNATURE):])


def _write(folder: Path, language: str, digits: int, pattern: str, value: object) -> str:
    """Write `value` as a Pagefind data file named by its content (`pattern` puts the name in
    the file's name); the name."""
    payload = SIGNATURE + cbor2.dumps(value)
    name = f"{language}_{hashlib.sha256(payload).hexdigest()[:digits]}"
    # mtime 0: the gzip header holds no build time (Pagefind's own files are written so too).
    (folder / pattern.format(name)).write_bytes(gzip.compress(payload, compresslevel=9, mtime=0))
    return name


def order_filters(output: Path) -> None:
    """Rewrite the filter index of one Pagefind output folder (`pagefind/`, `pagefind-2/`, ...)
    in sorted order: each filter's values by value, each value's pages by number, the filters
    by name. A folder without filters, or already in order, ends with the same bytes."""
    entry_file = output / "pagefind-entry.json"
    entry = json.loads(entry_file.read_text(encoding="utf-8"))
    for language, record in entry["languages"].items():
        meta_file = output / META.format(record["hash"])
        meta = _read(meta_file)
        version, pages, chunks, filters, *rest = meta
        renamed = []
        for name, file_hash in sorted(filters, key=lambda f: f[0]):
            path = output / "filter" / FILTER.format(file_hash)
            filter_name, values = _read(path)
            ordered = [filter_name, sorted(([value, sorted(numbers)] for value, numbers in values),
                                           key=lambda v: v[0])]
            path.unlink()
            renamed.append([name, _write(output / "filter", language, 7, FILTER, ordered)])
        meta_file.unlink()
        record["hash"] = _write(output, language, 10, META, [version, pages, chunks, renamed, *rest])
    entry_file.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
