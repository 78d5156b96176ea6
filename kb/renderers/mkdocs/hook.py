"""MkDocs hook: in `serve` mode, regenerate the Markdown before every rebuild; in a build,
pass our raw HTML through unparsed, render the parts of Material's page that many pages show
alike once, write only this process's share of the pages (kb/renderers/mkdocs/site.py) and none
whose HTML the last site already holds, link static files rather than copy them, show progress
and keep memory down.

`mkdocs serve` rebuilds when a watched seed or vocabulary file changes; the hook runs the
build's rebuild first (kb/build.py, `Rebuild`, with the settings of the first build), so the
preview shows the change, holding the build lock (kb/output/lock.py) until the rebuild ends. A
plain `mkdocs build` does not regenerate (build_site.py has already done it). A build of
thousands of documents spends minutes in MkDocs: on a terminal, a progress bar shows its two
passes (convert every page, then write every page).

This file is only MkDocs's wiring: MkDocs calls a hook's module-level `on_*` functions, and
here they are the methods of the one plugin object of the process, which lives in a package
module (kb/renderers/mkdocs/events.py) so that the build can hand it its settings.
"""
from __future__ import annotations

import sys
from pathlib import Path

_ROOT = str(Path(__file__).resolve().parents[3])
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

# The hook is loaded as a file, not as part of kb: hence the path above and the imports below it.
from kb.renderers.mkdocs.events import KbHook, plugin  # noqa: E402,F401
from kb.renderers.mkdocs.options import SETTINGS, HookOptions, settings_from  # noqa: E402,F401

on_startup = plugin.on_startup
on_shutdown = plugin.on_shutdown
on_config = plugin.on_config
on_pre_build = plugin.on_pre_build
on_files = plugin.on_files
on_env = plugin.on_env
on_nav = plugin.on_nav
on_page_read_source = plugin.on_page_read_source
on_page_markdown = plugin.on_page_markdown
on_page_content = plugin.on_page_content
on_page_context = plugin.on_page_context
on_post_page = plugin.on_post_page
on_post_build = plugin.on_post_build
on_build_error = plugin.on_build_error
