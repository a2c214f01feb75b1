"""The pictures an import saves beside its deck: their names under ``<deck>-media/``."""

from __future__ import annotations

from pathlib import Path

from podium.importer.report import ImportReport

#: Picture formats Podium shows as they are, by file extension; others are converted to PNG
#: when Pillow can.
SHOWN = {"png": "png", "jpg": "jpg", "jpeg": "jpg", "gif": "gif"}


class MediaFiles:
    """The files an import writes beside the deck, by their path relative to it."""

    def __init__(self, deck_path: Path, report: ImportReport) -> None:
        self.folder = f"{deck_path.stem}-media"
        self.report = report
        self.files: dict[str, bytes] = {}

    def add_picture(self, number: int, ext: str, data: bytes) -> str:
        """Save a picture of slide ``number``; return its path (``slideNN-K.ext``, K from 1)."""
        k = 1
        while f"{self.folder}/slide{number:02d}-{k}.{ext}" in self.files:
            k += 1
        where = f"{self.folder}/slide{number:02d}-{k}.{ext}"
        self.files[where] = data
        self.report.keep("picture")
        return where
