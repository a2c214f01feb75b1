"""Import a PowerPoint (.pptx) or a Markdown slide deck (Pandoc, Marp) into deck.yaml."""

from __future__ import annotations

from podium.importer.api import FORMATS, import_deck
from podium.importer.report import ImportReport, ImportSourceError

__all__ = ["FORMATS", "ImportReport", "ImportSourceError", "import_deck"]
