"""Run the command line: ``python -m podium``."""

from __future__ import annotations

from podium.cli import main

if __name__ == "__main__":
    main()
