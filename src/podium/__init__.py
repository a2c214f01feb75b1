"""Podium: render a YAML lecture deck into an editable .pptx and a self-contained HTML deck."""

from __future__ import annotations

__version__ = "0.1.0"
