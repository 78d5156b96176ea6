"""The documents knowledge base: seeds and a vocabulary in, an annotated static site out."""

__version__ = "1.0.0"
"""The project's version, which its exports name (the Web Annotation export's generator)."""
