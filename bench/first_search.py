"""What a reader waits for and downloads to see a first search result, in real Chromium.

    python bench/first_search.py SITE_DIR [QUERY ...]

Serves a built site on 127.0.0.1, opens its home page in Debian's Chromium (Playwright; no
browser download), waits until the page has loaded and gone quiet, then types each query into
Material's search field (half a second after clicking it, the query arriving whole) and measures
in the page, per query, the milliseconds from the query to the first result on screen, and the
bytes transferred for search (lunr's index, or Pagefind's engine, index chunks, fragments and
filters, and data/concepts.json) from page load until the first document is on screen and until
the final list is drawn. The site is served as a static host serves it: text compressed with
gzip (Pagefind's own files are compressed already) and cacheable. Figures, not assertions.
"""
from __future__ import annotations

import functools
import gzip
import http.server
import io
import shutil
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

SEARCH_PATHS = ("/search/", "/pagefind/", "/pagefind-", "/data/concepts.json")
"""lunr's index; Pagefind's first index part and the further ones (pagefind-2/ and on); the
names kb-pagefind.js matches at once."""
COMPRESSED = (".pf_fragment", ".pf_index", ".pf_filter", ".pf_meta", ".pagefind", ".png", ".woff2")
"""Files a static host sends as they are: Pagefind gzips its own, images and fonts are packed."""
THINK_MS = 500
"""Between clicking the search field and the query arriving whole (pasted, or typed at a
reader's pace): the search engine may load in that time, the index chunks of the query not."""
CLOCK = """() => {
  // Measured in the page, so the browser driver's own latency does not count.
  document.addEventListener("input", () => { window.__kbLastKey = performance.now(); }, true);
  // The first result of any kind, and the first document (not a topic or name listed at once
  // from data/concepts.json while Pagefind searches).
  new MutationObserver(() => {
    if (window.__kbFirst === undefined && document.querySelector(".md-search-result__item"))
      window.__kbFirst = performance.now();
    if (window.__kbFirstDoc === undefined &&
        document.querySelector(".md-search-result__item:not([data-kb-concept])"))
      window.__kbFirstDoc = performance.now();
  }).observe(document.body, { subtree: true, childList: true });
}"""


FINAL = """() => !document.querySelector('script[src*="kb-pagefind"]') ||
  document.querySelector('.md-search-result__list[aria-busy="false"]') !== null"""
"""lunr draws its list once; kb-pagefind.js marks its list busy until the whole index answered."""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    """A static host: text gzipped when the browser accepts it, every file cacheable (so a
    second Pagefind instance finds the engine in the cache, as it would on a real host)."""

    def log_message(self, *args: object) -> None:
        pass

    def send_head(self):  # type: ignore[override]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            return super().send_head()
        data = path.read_bytes()
        packed = "gzip" in self.headers.get("Accept-Encoding", "") and not path.name.endswith(COMPRESSED)
        if packed:
            data = gzip.compress(data, 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "max-age=600")
        if packed:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        return io.BytesIO(data)


def first_search(site: Path, queries: list[str]) -> list[dict] | None:
    """Per query: {"query", "ms" (first result), "doc_ms" (first document), "first_kb" (KB
    transferred until the first document is on screen), "kb" (until the final list), "results"};
    None when Chromium is not installed."""
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        return None
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    out = []
    try:
        with sync_playwright() as p:
            # Other hosts resolve to nothing (a request route would also turn the browser's
            # cache off, which a reader has: the second Pagefind instance reads the engine there).
            browser = p.chromium.launch(executable_path=exe, args=[
                "--no-sandbox", "--disable-gpu", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"])
            for query in queries:
                page = browser.new_context().new_page()  # a fresh cache: a reader's first visit
                fetched: list[int] = []
                page.on("requestfinished", lambda r: fetched.append(r.sizes()["responseBodySize"])
                        if any(s in urlsplit(r.url).path for s in SEARCH_PATHS) else None)
                page.goto(base, wait_until="networkidle")
                page.evaluate(CLOCK)
                field = page.locator("input.md-search__input")
                field.click()
                page.wait_for_timeout(THINK_MS)
                field.fill(query)  # one input event: the list is empty until this query answers
                field.dispatch_event("keyup")  # what Material's own search listens to
                page.wait_for_selector(".md-search-result__item:not([data-kb-concept])", timeout=60_000)
                first_kb = sum(fetched) / 1000
                ms = page.evaluate("() => window.__kbFirst - window.__kbLastKey")
                doc_ms = page.evaluate("() => window.__kbFirstDoc - window.__kbLastKey")
                # Bytes are counted until the final list is drawn: with Pagefind that is after the
                # whole index answered (the first part's results come before), then settled.
                page.wait_for_function(FINAL, timeout=60_000)
                page.wait_for_timeout(200)
                out.append({"query": query, "ms": round(ms), "doc_ms": round(doc_ms), "first_kb": round(first_kb),
                            "kb": round(sum(fetched) / 1000),
                            "results": page.locator(".md-search-result__item").count()})
                page.context.close()
            browser.close()
    finally:
        server.shutdown()
    return out


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    for row in first_search(Path(sys.argv[1]), sys.argv[2:] or ["trade", "Eurasian Economic Union"]) or []:
        print(row)
