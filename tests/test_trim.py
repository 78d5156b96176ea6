"""The theme's indentation taken out of every page (kb/renderers/trim.py): the page renders the
same, and what keeps its white space keeps it."""
from __future__ import annotations

from lxml import html as lxml_html

from kb.renderers.trim import trim_indentation

PAGE = """<!doctype html>
<html>
  <body>
    <nav class="md-nav">
      <a href="a/">
        Trade
      </a><span>and</span>
      <a href="b/">Energy</a>


    </nav>
    <pre id="cite">@misc{x,
  title = {{Indented}},
}</pre>
    <TEXTAREA>
  kept
    as typed</TEXTAREA>
    <script>
      var s = `line
        indented`;
    </script>
    <style>
      .a { color: red; }
    </style>
  </body>
</html>
"""


def _text(page: str) -> str:
    """What a reader sees of the navigation: its text with white space collapsed as a browser does."""
    nav = lxml_html.fromstring(page).xpath("//nav")[0]
    return " ".join(nav.text_content().split())


def test_indentation_and_empty_lines_go_and_every_line_break_stays():
    out = trim_indentation(PAGE)
    assert "\n " not in out.split("<pre")[0] and "\n\n" not in out
    assert out.count("\n") < PAGE.count("\n")
    assert '<a href="a/">\nTrade\n</a><span>and</span>\n<a href="b/">' in out  # no two words joined
    assert _text(out) == _text(PAGE) == "Trade and Energy"


def test_preformatted_text_code_and_style_keep_their_white_space():
    out = trim_indentation(PAGE)
    for kept in ("<pre id=\"cite\">@misc{x,\n  title = {{Indented}},\n}</pre>",
                 "<TEXTAREA>\n  kept\n    as typed</TEXTAREA>",
                 "<script>\n      var s = `line\n        indented`;\n    </script>",
                 "<style>\n      .a { color: red; }\n    </style>"):
        assert kept in out


def test_trimming_twice_changes_nothing_more():
    once = trim_indentation(PAGE)
    assert trim_indentation(once) == once
