"""`build_site.py serve`: a real MkDocs server on 127.0.0.1 that regenerates the pages when a
seed changes (the MkDocs hook runs the pipeline before each rebuild, keeping unchanged pages);
and Zensical's, the pipeline run when a seed changes and the docs handed to it (kb/renderers/zensical.py)."""
from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from conftest import FIXTURES, ROOT

pytestmark = pytest.mark.integration  # real builds, MkDocs, processes (tests/markers.py)


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, OSError):
        return None


def _wait_for(url: str, text: str, seconds: float, server: subprocess.Popen) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert server.poll() is None, "the server stopped"
        body = _get(url)
        if body is not None and text in body:
            return body
        time.sleep(0.5)
    raise AssertionError(f"{url} never showed {text!r} within {seconds} s")


@pytest.mark.parametrize("renderer", ["mkdocs", "zensical"])
def test_serve_rebuilds_when_a_seed_changes(tmp_path, renderer):
    seeds = tmp_path / "seeds"
    shutil.copytree(FIXTURES / "analyst", seeds)
    port = _port()
    server = subprocess.Popen(
        [sys.executable, str(ROOT / "build_site.py"), "serve", "--seeds", str(seeds),
         "--docs-dir", str(tmp_path / "docs"), "--cache-dir", str(tmp_path / "cache"),
         "--vocabulary", str(FIXTURES / "vocab"), "--dev-addr", f"127.0.0.1:{port}", "--renderer", renderer],
        cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        base = f"http://127.0.0.1:{port}/"
        _wait_for(base + "documents/", "Xi Jinping Holds Phone Talks", 120, server)
        seed = seeds / "cn-readout.txt"
        seed.write_text(seed.read_text(encoding="utf-8").replace(
            "Xi Jinping Holds Phone Talks with Vladimir Putin", "Leaders Review Zebrafish Trade"), encoding="utf-8")
        index = _wait_for(base + "documents/", "Leaders Review Zebrafish Trade", 120, server)
        assert "Xi Jinping Holds Phone Talks with Vladimir Putin" not in index
        # A document's links lead where they do in the built site (one folder up to its section).
        slug = next(p.stem for p in (tmp_path / "docs" / "documents").glob("*.md") if p.name != "index.md")
        page = _get(f"{base}documents/{slug}/")
        assert page is not None and 'href="../../topics/' in page and 'href="../../../' not in page
        assert (tmp_path / "docs" / ".kb-manifest.json").exists()
    finally:
        err = _stop(server)
    assert "Traceback" not in err, err[-3000:]


def _stop(server: subprocess.Popen) -> str:
    """End a serve process (killed if it does not stop in time) and give back what it wrote on
    stderr."""
    server.terminate()
    try:
        return server.communicate(timeout=20)[1]
    except subprocess.TimeoutExpired:
        server.kill()
        return server.communicate()[1]


def _markdown(docs) -> dict[str, bytes]:
    return {str(p.relative_to(docs)): p.read_bytes() for p in sorted(docs.rglob("*"))
            if p.is_file() and not p.name.startswith(".")}


def test_a_serve_rebuild_builds_what_a_build_with_the_same_flags_builds(tmp_path):
    """`serve --search pagefind --site-dir S` hands its rebuilds the settings of the command line
    (kb/build.py, `Rebuild`): the docs folder after a rebuild is the one `build_site.py` makes with
    the same flags (every page left out of lunr's index, for Pagefind; the last kb.json looked for
    in S, not in site/), where a rebuild once generated for lunr."""
    seeds, site = tmp_path / "seeds", tmp_path / "elsewhere" / "site"
    shutil.copytree(FIXTURES / "analyst", seeds)
    flags = ["--seeds", str(seeds), "--vocabulary", str(FIXTURES / "vocab"), "--search", "pagefind",
             "--site-dir", str(site), "--cache-dir", str(tmp_path / "cache")]
    port = _port()
    server = subprocess.Popen([sys.executable, str(ROOT / "build_site.py"), "serve", *flags,
                               "--docs-dir", str(tmp_path / "served"), "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        base = f"http://127.0.0.1:{port}/"
        _wait_for(base + "documents/", "Xi Jinping Holds Phone Talks", 120, server)
        seed = seeds / "cn-readout.txt"
        seed.write_text(seed.read_text(encoding="utf-8").replace(
            "Xi Jinping Holds Phone Talks with Vladimir Putin", "Leaders Review Zebrafish Trade"), encoding="utf-8")
        _wait_for(base + "documents/", "Leaders Review Zebrafish Trade", 120, server)
    finally:
        err = _stop(server)
    assert "Traceback" not in err, err[-3000:]
    built = subprocess.run([sys.executable, str(ROOT / "build_site.py"), *flags, "--docs-dir", str(tmp_path / "built")],
                           cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr[-3000:]
    served, made = _markdown(tmp_path / "served"), _markdown(tmp_path / "built")
    assert served == made, sorted(k for k in served.keys() | made.keys() if served.get(k) != made.get(k))
    assert all(b"\nsearch:\n  exclude: true\n" in v for k, v in served.items() if k.endswith(".md")), "generated for lunr"
    assert (site / "pagefind").is_dir() and not (tmp_path / "site").exists()
