"""Real-browser harness: built sites served over HTTP on 127.0.0.1, driven by Playwright with
Debian's Chromium (never a downloaded browser).

Every page a test opens is watched: console errors, uncaught page errors, failed requests,
HTTP errors, dialogs, and any request to a host other than 127.0.0.1 (aborted, then reported).
A test passes only if all of those stay empty. Each test leaves a screenshot in
`test-artifacts/browser/`.
"""
from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest

from conftest import FIXTURES, ROOT, SEEDS, build, free_port, write_hostile
from kb.pages.stub import is_stub

ARTIFACTS = ROOT / "test-artifacts" / "browser"


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="session")
def browser():
    exe = chromium_path()
    if exe is None:
        message = "Chromium not found (install Debian packages chromium and chromium-driver)"
        if os.environ.get("CI"):
            pytest.fail(message + ": browser tests must run under CI")
        pytest.skip(message)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # pragma: no cover - requirements.txt pins playwright
        pytest.fail(f"playwright is not installed: {exc}")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=exe, args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output readable
        pass


@dataclass
class Served:
    """A built site being served: its folder and its base URL."""

    site: Path
    base: str
    server: http.server.ThreadingHTTPServer = field(repr=False)

    def url(self, path: str = "") -> str:
        return self.base + path.lstrip("/")

    def pages(self) -> list[str]:
        """Every HTML page of the site, as paths from the root (directory URLs where they apply);
        not the stubs that only forward to a page (`stubs`)."""
        return [path for path, stub in self._html() if not stub]

    def stubs(self) -> list[str]:
        """The files that only forward the reader to a page (kb/pages/stub.py), as paths."""
        return [path for path, stub in self._html() if stub]

    def _html(self) -> list[tuple[str, bool]]:
        out = []
        for html in sorted(self.site.rglob("*.html")):
            rel = html.relative_to(self.site).as_posix()
            if rel == "404.html":
                continue
            text = html.read_text(encoding="utf-8")
            stub = is_stub(text)
            out.append((rel[:-len("index.html")] if rel.endswith("index.html") else rel, stub))
        return out


def serve_built(tmp: Path, seeds: Path, *extra: str) -> Served:
    """Build `seeds` with site_url set to where the site will be served, then serve it."""
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    old = os.environ.get("KB_SITE_URL")
    os.environ["KB_SITE_URL"] = base
    try:
        assert build(tmp, seeds, "--cache-dir", str(tmp / "cache"), *extra) == 0
    finally:
        if old is None:
            os.environ.pop("KB_SITE_URL", None)
        else:
            os.environ["KB_SITE_URL"] = old
    handler = functools.partial(_Quiet, directory=str(tmp / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return Served(tmp / "site", base, server)


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """The repository's seeds with the shipped vocabulary, built and served."""
    tmp = tmp_path_factory.mktemp("browser-seeds")
    shutil.copytree(SEEDS, tmp / "seeds")
    served = serve_built(tmp, tmp / "seeds", "--strict")
    yield served
    served.server.shutdown()


@pytest.fixture(scope="session")
def zensical_site(renderer_sites):
    """The seeds and the hostile seeds as Zensical built them (conftest.renderer_sites), served
    where their URL says."""
    handler = functools.partial(_Quiet, directory=str(renderer_sites.sites["zensical"]))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", renderer_sites.port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield Served(renderer_sites.sites["zensical"], f"http://127.0.0.1:{renderer_sites.port}/", server)
    server.shutdown()


@pytest.fixture(scope="session")
def year_site(tmp_path_factory):
    """The seeds built as a large corpus shows them: concept pages spread over year pages
    (a main page of one document, so two documents are already too many)."""
    import kb.pages.years

    tmp = tmp_path_factory.mktemp("browser-years")
    shutil.copytree(SEEDS, tmp / "seeds")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(kb.pages.years, "PAGE_DOCUMENTS", 1)
        patch.setattr(kb.pages.years, "SPREAD_DOCUMENTS", 1)
        served = serve_built(tmp, tmp / "seeds", "--strict")
    yield served
    served.server.shutdown()




@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory):
    """A site built from seeds full of markup and template syntax (fixture vocabulary)."""
    tmp = tmp_path_factory.mktemp("browser-hostile")
    seeds = tmp / "seeds"
    seeds.mkdir()
    write_hostile(seeds)
    served = serve_built(tmp, seeds, "--vocabulary", str(FIXTURES / "vocab"))
    yield served
    served.server.shutdown()


@pytest.fixture(scope="session")
def hostile_everywhere_site(tmp_path_factory):
    """tests/fixtures/hostile/ built and served: hostile text in titles, statements, the
    publisher, citations, event and topic pages and in the vocabulary's labels."""
    tmp = tmp_path_factory.mktemp("browser-hostile-everywhere")
    shutil.copytree(FIXTURES / "hostile" / "seeds", tmp / "seeds")
    served = serve_built(tmp, tmp / "seeds", "--vocabulary", str(FIXTURES / "hostile" / "vocab"), "--strict")
    yield served
    served.server.shutdown()


@dataclass
class Watch:
    """What went wrong while pages were open."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def problems(self) -> dict[str, list[str]]:
        return {k: v for k, v in self.__dict__.items() if v}


@pytest.fixture
def watch():
    return Watch()


@pytest.fixture
def context(browser, watch, request):
    """A fresh browser context whose pages are all watched; the test fails on any problem."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})

    def route(r):
        host = urlparse(r.request.url).hostname
        if r.request.url.startswith(("data:", "blob:")) or host == "127.0.0.1":
            r.continue_()
        else:
            watch.foreign.append(r.request.url)
            r.abort()

    ctx.route("**/*", route)

    def on_page(page):
        page.on("console", lambda m: m.type == "error" and watch.console_errors.append(f"{page.url}: {m.text}"))
        page.on("pageerror", lambda e: watch.page_errors.append(f"{page.url}: {e}"))
        page.on("requestfailed", lambda r: watch.failed.append(f"{r.url}: {r.failure}")
                if urlparse(r.url).hostname == "127.0.0.1" else None)
        page.on("response", lambda r: r.status >= 400 and watch.failed.append(f"{r.url}: HTTP {r.status}"))

        def on_dialog(d):
            watch.dialogs.append(f"{page.url}: {d.type} {d.message!r}")
            d.dismiss()
        page.on("dialog", on_dialog)

    ctx.on("page", on_page)
    yield ctx
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for i, page in enumerate(ctx.pages):
        try:
            page.screenshot(path=str(ARTIFACTS / f"{request.node.name.replace('/', '_')}-{i}.png"))
        except Exception:  # a closed page has nothing to show
            pass
    ctx.close()
    assert not watch.problems(), watch.problems()


@pytest.fixture
def page(context):
    return context.new_page()
