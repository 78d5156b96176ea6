"""What a built site weighs, per document and by part: the figures of BENCHMARKS.md's "Site size
per document" (issue 32), so that a change to a page's shape shows its cost in bytes and files.

    python bench/site_size.py N [--shape dense|field] [--keep DIR] [--site SITE_DIR]

Generates N synthetic documents (`bench/generate.py`, in the shape asked for), builds them with
the real command line (search `auto`) into a scratch folder, and prints the site's bytes and
files in all and per document, each top-level folder's, and of the HTML pages the article
(what a page is about), its JSON-LD and the rest (the renderer's chrome). With `--site`, measures
a site already built instead (N is then the number of documents it holds). Figures, not
assertions: not part of the test suite.
"""
from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kb.pages.stub import is_stub  # noqa: E402

_ARTICLE = re.compile(r"<article\b.*?</article>", re.S)
_JSONLD = re.compile(r'<script type="application/ld\+json">.*?</script>', re.S)


def measure(site: Path) -> dict[str, tuple[int, int]]:
    """(bytes, files) by top-level entry of the site, and of its HTML pages: "html", "article",
    "json-ld" and "chrome" (the rest of each page); "stubs" are the files that only forward to
    a page (kb/pages/stub.py), counted apart from the pages."""
    parts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        size = path.stat().st_size
        top = path.relative_to(site).parts[0]
        for key in ("site", top):
            parts[key][0] += size
            parts[key][1] += 1
        if path.suffix == ".html":
            text = path.read_text(encoding="utf-8")
            if is_stub(text):
                parts["stubs"][0] += size
                parts["stubs"][1] += 1
                continue
            article = sum(len(m.group(0).encode()) for m in _ARTICLE.finditer(text))
            jsonld = sum(len(m.group(0).encode()) for m in _JSONLD.finditer(text))
            for key, value in (("html", size), ("article", article), ("json-ld", jsonld),
                               ("chrome", size - article - jsonld)):
                parts[key][0] += value
                parts[key][1] += 1
    return {k: (v[0], v[1]) for k, v in parts.items()}


def report(parts: dict[str, tuple[int, int]], documents: int) -> str:
    """The figures as lines: the site per document first, then each part, largest first."""
    total, files = parts["site"]
    lines = [f"site: {total:,} bytes, {files:,} files; per document {total / documents / 1000:.1f} KB, "
             f"{files / documents:.2f} files ({documents:,} documents)"]
    html_parts = ("html", "article", "json-ld", "chrome", "stubs")
    for key, (size, count) in sorted(parts.items(), key=lambda kv: -kv[1][0]):
        if key == "site" or key in html_parts:
            continue
        lines.append(f"  {key:<24} {size / 1e6:9.1f} MB {count:7,} files  {size / documents / 1000:6.1f} KB a document")
    pages = parts.get("html", (0, 0))[1]
    for key in html_parts[:-1]:
        size, _ = parts.get(key, (0, 0))
        per_page = size / pages / 1000 if pages else 0.0
        lines.append(f"  HTML {key:<19} {size / 1e6:9.1f} MB {pages:7,} pages  {per_page:6.1f} KB a page")
    size, count = parts.get("stubs", (0, 0))
    lines.append(f"  stubs (forwarding)       {size / 1e6:9.1f} MB {count:7,} files")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="documents to generate (or that --site holds)")
    parser.add_argument("--shape", choices=("dense", "field"), default="dense",
                        help="the generator's shape (bench/generate.py)")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it")
    parser.add_argument("--site", type=Path, help="measure this built site instead")
    args = parser.parse_args()
    if args.site:
        print(report(measure(args.site), args.n))
        return
    with tempfile.TemporaryDirectory() as scratch:
        work = args.keep or Path(scratch)
        seeds = work / "seeds"
        subprocess.run([sys.executable, str(ROOT / "bench" / "generate.py"), str(args.n), str(seeds),
                        "--shape", args.shape], check=True)
        subprocess.run([sys.executable, str(ROOT / "build_site.py"), "--seeds", str(seeds),
                        "--site-dir", str(work / "site"), "--docs-dir", str(work / "docs"),
                        "--cache-dir", str(work / "cache")], check=True, cwd=ROOT,
                       stdout=subprocess.DEVNULL)
        print(report(measure(work / "site"), args.n))


if __name__ == "__main__":
    main()
