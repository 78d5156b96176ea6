#!/usr/bin/env python3
"""Build the knowledge-base site from seeds/ (see README). A thin entry point: kb.cli does the work."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from kb.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
