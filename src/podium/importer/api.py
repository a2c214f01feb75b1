"""Import one file: choose the reader by its kind, write deck.yaml and the files beside it."""

from __future__ import annotations

from abc import ABC, abstractmethod
from pathlib import Path

from podium.errors import display_name
from podium.importer.media import MediaFiles
from podium.importer.report import ImportReport, ImportSourceError
from podium.importer.writer import DeckOut, write

#: What --from accepts: the Markdown dialects, and pptx.
FORMATS = ("pptx", "pandoc", "marp")
_MARKDOWN = (".md", ".markdown", ".mdown", ".mkd", ".txt")


class SourceImport(ABC):
    """One file being imported: where it is, the deck to write, the report, the files beside it."""

    def __init__(self, path: Path, name: str, deck_path: Path, report: ImportReport) -> None:
        self.path = path
        self.name = name
        self.deck_path = deck_path
        self.report = report
        self.media = MediaFiles(deck_path, report)
        self.files = self.media.files

    @abstractmethod
    def read(self) -> DeckOut:
        """Return the deck the file describes; its pictures (and template) go into ``files``.

        Raises ImportSourceError for a file that cannot be read.
        """


def import_deck(
    source: Path, output: Path | None = None, *, dialect: str | None = None, force: bool = False
) -> ImportReport:
    """Write the deck.yaml for ``source`` at ``output`` (default: beside it, named after it),
    its pictures in ``<name>-media/`` and its template beside it; return the report.

    ``dialect`` is 'pptx', 'pandoc' or 'marp' (None: from the file's name and front matter).
    Raises ImportSourceError for a file that cannot be imported, or an output that exists
    (unless ``force``).
    """
    name = display_name(source)
    if not source.is_file():
        raise ImportSourceError(f"{name}: no such file")
    out = output if output is not None else source.with_suffix(".yaml")
    if out.suffix.lower() not in (".yaml", ".yml"):
        raise ImportSourceError(f"{display_name(out)}: the deck to write must end in .yaml")
    if out.exists() and not force:
        raise ImportSourceError(
            f"{display_name(out)} exists; give another name with -o, or --force to replace it"
        )
    report = ImportReport(name, display_name(out))
    deck, files = _read(source, name, out, report, dialect)
    deck.header = [f"Imported from {source.name} by podium import.", *deck.header]
    text = write(deck)
    _write_all(out, text, files)
    return report


def _read(
    source: Path, name: str, out: Path, report: ImportReport, dialect: str | None
) -> tuple[DeckOut, dict[str, bytes]]:
    suffix = source.suffix.lower()
    if dialect is None:
        dialect = "markdown" if suffix in _MARKDOWN else "pptx"
    reader: SourceImport
    if dialect == "pptx":
        from podium.importer.pptx import PptxImport

        reader = PptxImport(source, name, out, report)
    elif dialect in ("markdown", "pandoc", "marp"):
        from podium.importer.markdown import MarkdownImport

        reader = MarkdownImport(
            source, name, out, report, None if dialect == "markdown" else dialect
        )
    else:
        raise ImportSourceError(f"unknown format '{dialect}'; formats: {', '.join(FORMATS)}")
    return reader.read(), reader.files


def _write_all(out: Path, text: str, files: dict[str, bytes]) -> None:
    from podium.commands.build import write_atomic

    base = out.parent
    for where, data in sorted(files.items()):
        write_atomic(base / where, data)
    write_atomic(out, text.encode("utf-8"))
