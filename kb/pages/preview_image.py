"""The site's one preview image (`assets/kb-preview.png`), which Open Graph and Twitter cards
show beside a link to any page: the site's name on its primary colour, drawn at build time with
Pillow and its bundled font (most link previews show PNG or JPEG only, not SVG). One image for
the whole site, so its size does not grow with its pages; no request to another host; the same
name gives the same bytes (no date, no text chunk).
"""
from __future__ import annotations

import io

from PIL import Image, ImageDraw, ImageFont

PATH = "assets/kb-preview.png"
SIZE = (1200, 630)
"""Open Graph's recommended size: shown whole by the chat and mail clients that crop."""
PRIMARY = (64, 81, 181)
"""Material's indigo, the primary colour mkdocs.yml's palette names (tests/test_preview.py
checks that it still does)."""
TEXT = (255, 255, 255)
MARGIN = 80
FONT_SIZE = 72
LINE_HEIGHT = 96
PLAIN = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                       "\u2026": "..."})
"""Typographic punctuation the bundled font has no glyph for, as its plain form."""


def preview_png(name: str) -> bytes:
    """The image: `name` in white on the primary colour, wrapped to the width, a bar beneath."""
    image = Image.new("RGB", SIZE, PRIMARY)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=FONT_SIZE)
    lines: list[str] = []
    for word in name.translate(PLAIN).split():
        trial = f"{lines[-1]} {word}" if lines else word
        if lines and draw.textlength(trial, font=font) <= SIZE[0] - 2 * MARGIN:
            lines[-1] = trial
        else:
            lines.append(word)
    top = (SIZE[1] - LINE_HEIGHT * len(lines)) // 2
    for i, line in enumerate(lines):
        draw.text((MARGIN, top + LINE_HEIGHT * i), line, font=font, fill=TEXT)
    draw.rectangle((MARGIN, SIZE[1] - MARGIN - 8, MARGIN + 160, SIZE[1] - MARGIN), fill=TEXT)
    out = io.BytesIO()
    # A palette of few colours: the image is flat colour and anti-aliased text (a fifth of RGB's bytes).
    image.quantize(colors=32).save(out, format="PNG", optimize=True)
    return out.getvalue()
