"""``python -m nlts_desktop``."""

from __future__ import annotations

import sys

from nlts_desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
