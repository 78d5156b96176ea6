"""Lighthouse's mobile figures for four pages of a site, served with gzip as a static host serves it.

    python bench/lighthouse.py CORPUS [--search ENGINE] [--site SITE_DIR] [--lighthouse DIR] [--runs N] [--chrome EXE]

Builds CORPUS (a folder of seeds, or a development corpus whose seeds are in `texts/`) into a
scratch folder with the real command line (or takes a built `--site`), serves it on 127.0.0.1
with gzip for text files, and runs Lighthouse 12 (mobile, its default throttling) with Debian's
Chromium (handed to it as CHROME_PATH, never a downloaded browser) on the home page, a document (the one with
the most paragraphs), the topic and the person that quote the most passages. Prints, per page,
performance, accessibility, largest contentful paint and the bytes transferred; with `--runs`,
the median of N runs by performance. Lighthouse comes from the npm registry into a scratch
folder (`npm i -E lighthouse@12.2.3`, the last 12 whose lock npm accepts on Node 20), once.
Figures, not assertions: not part of the test suite (BENCHMARKS.md, "Lighthouse").
"""
from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = "lighthouse@12.2.3"
COMPRESSED = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt")
"""What a static host gzips (Pagefind's index files come gzipped already: sent as they are)."""


class _Gzip(http.server.SimpleHTTPRequestHandler):
    """A static host's answer: text gzipped when the browser accepts it, each file once."""

    cache: dict[str, bytes] = {}

    def log_message(self, *args: object) -> None:
        pass

    def send_head(self):  # type: ignore[override]
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        if not (path.endswith(COMPRESSED) and "gzip" in self.headers.get("Accept-Encoding", "")
                and os.path.isfile(path)):
            return super().send_head()
        body = self.cache.get(path)
        if body is None:
            body = self.cache[path] = gzip.compress(Path(path).read_bytes(), 6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def build(corpus: Path, out: Path, search: str) -> Path:
    # A copy: a build keeps its ledger beside the seeds, and the corpus is not ours to write in.
    seeds = out / "seeds"
    shutil.copytree(corpus / "texts" if (corpus / "texts").is_dir() else corpus, seeds,
                    ignore=shutil.ignore_patterns("ledger.yml"))
    subprocess.run([sys.executable, str(ROOT / "build_site.py"), "--seeds", str(seeds), "--search", search,
                    "--site-dir", str(out / "site"), "--docs-dir", str(out / "docs"),
                    "--cache-dir", str(out / "cache")], check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    return out / "site"


def pages(site: Path) -> dict[str, str]:
    """The four measured pages, as paths from the site's root."""
    def most(section: str, pattern: str) -> str:
        found = [(len(re.findall(pattern, (d / "index.html").read_text(encoding="utf-8"))), d.name)
                 for d in sorted((site / section).iterdir()) if (d / "index.html").is_file()]
        return f"{section}/{max(found)[1]}/"
    return {"home": "", "document": most("documents", r'class="kb-para"'),
            "topic": most("topics", r"kb-passage"), "person": most("people", r"kb-passage")}


def lighthouse(folder: Path) -> Path:
    exe = folder / "node_modules" / ".bin" / "lighthouse"
    if not exe.exists():
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "i", "-E", "--no-audit", "--no-fund", LIGHTHOUSE], cwd=folder, check=True,
                       stdout=subprocess.DEVNULL)
    return exe


def measure(exe: Path, url: str, chrome: str) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        subprocess.run([str(exe), url, "--quiet", "--output=json", f"--output-path={report}",
                        "--only-categories=performance,accessibility",
                        "--chrome-flags=--headless=new --no-sandbox --disable-gpu"],
                       check=True, env={**os.environ, "CHROME_PATH": chrome})
        data = json.loads(report.read_text(encoding="utf-8"))
    audits = data["audits"]
    failed = sorted(k for k, a in audits.items() if a.get("score") == 0 and a.get("scoreDisplayMode") == "binary")
    return {"performance": round(data["categories"]["performance"]["score"] * 100),
            "accessibility": round(data["categories"]["accessibility"]["score"] * 100),
            "lcp_s": audits["largest-contentful-paint"]["numericValue"] / 1000,
            "transfer_kib": audits["total-byte-weight"]["numericValue"] / 1024, "failed": failed}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, nargs="?")
    parser.add_argument("--site", type=Path, help="a built site to measure instead of building CORPUS")
    parser.add_argument("--lighthouse", type=Path, default=Path(tempfile.gettempdir()) / "kb-lighthouse",
                        help="folder Lighthouse is installed into (default: a scratch folder)")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--search", default="auto", help="the search engine of the build (build_site.py --search)")
    parser.add_argument("--chrome", help="the Chromium Lighthouse drives (default: Debian's chromium on the PATH)")
    args = parser.parse_args(argv)
    chrome = args.chrome or shutil.which("chromium") or shutil.which("chromium-browser")
    if chrome is None:
        sys.exit("Chromium not found (Debian's package chromium)")
    exe = lighthouse(args.lighthouse)
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site or build(args.corpus, Path(tmp), args.search)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Gzip, directory=str(site)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        try:
            print("| page | performance | accessibility | LCP s | transfer KiB | failed audits |")
            print("|---|---|---|---|---|---|")
            for name, path in pages(site).items():
                runs = sorted((measure(exe, base + path, chrome) for _ in range(args.runs)),
                              key=lambda r: r["performance"])
                r = runs[len(runs) // 2]
                print(f"| {name} (`{path or '/'}`) | {r['performance']} | {r['accessibility']} | {r['lcp_s']:.2f} "
                      f"| {r['transfer_kib']:.0f} | {', '.join(r['failed']) or 'none'} |", flush=True)
        finally:
            server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
