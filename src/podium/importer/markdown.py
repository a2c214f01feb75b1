"""Read a Markdown slide deck (Pandoc's or Marp's conventions) into the deck it describes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from podium.importer.api import SourceImport
from podium.importer.markdown_dialects import front_matter, marp_slides, pandoc_slides
from podium.importer.markdown_directives import deck_keys
from podium.importer.markdown_slide import SlideMapper
from podium.importer.markdown_tokens import Slide, TokenReader
from podium.importer.report import ImportReport, ImportSourceError
from podium.importer.writer import DeckOut, SectionOut, SlideOut


class MarkdownImport(SourceImport):
    """Turn a Pandoc or Marp Markdown deck into a DeckOut and the pictures beside it."""

    def __init__(
        self, path: Path, name: str, deck_path: Path, report: ImportReport, dialect: str | None
    ) -> None:
        super().__init__(path, name, deck_path, report)
        self.dialect = dialect

    def read(self) -> DeckOut:
        try:
            text = self.path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ImportSourceError(
                f"{self.name}: not UTF-8 text (byte {exc.start}); save it as UTF-8 and import again"
            ) from None
        except OSError as exc:
            raise ImportSourceError(f"{self.name}: cannot read the file: {exc.strerror}") from None
        text = text.replace("\r\n", "\n")
        meta, body, offset = front_matter(text, self.name)
        if self.dialect is None:
            self.dialect = "marp" if meta.get("marp") is True else "pandoc"
        reader = TokenReader(self.report, self.dialect)
        reader.base = offset
        if self.dialect == "marp":
            slides = marp_slides(reader, body, offset)
        else:
            slides = pandoc_slides(reader, body)
        deck = DeckOut()
        first = next((s.title for s in slides if s.title), None)
        deck.meta = deck_keys(meta, first, self.dialect, self.path.stem, self.report)
        mapper = SlideMapper(self.report, self.dialect, self.media, self.path.parent)
        deck.items = self.build(slides, deck.meta, meta, mapper)
        self.report.slides = sum(
            len(i.slides) + (1 if i.keys.get("divider") else 0) if isinstance(i, SectionOut) else 1
            for i in deck.items
        )
        if not deck.items:
            raise ImportSourceError(f"{self.name}: no slides found: the file is empty")
        return deck

    def build(
        self,
        slides: list[Slide],
        meta: dict[str, Any],
        data: dict[str, Any],
        mapper: SlideMapper,
    ) -> list[SlideOut | SectionOut]:
        """Return the deck's slides and sections, a title slide first where the front matter
        has a title (Pandoc makes one)."""
        items: list[SlideOut | SectionOut] = []
        number = 0
        if self.dialect == "pandoc" and "title" in data:
            number += 1
            items.append(SlideOut({"layout": "title"}))
        section: SectionOut | None = None
        for k, slide in enumerate(slides):
            number += 1
            slide.number = number
            if slide.directives.get("divider") and slide.section is not None:
                section = SectionOut(slide.section, keys={"divider": True})
                self.report.keep("section")
                items.append(section)
                continue
            out = mapper.slide_out(slide, first=k == 0 and not items)
            if section is not None and slide.section == section.title:
                section.slides.append(out)
            else:
                section = None
                items.append(out)
        for item in items:
            if isinstance(item, SectionOut) and not item.slides:
                item.keys.pop("divider")
                item.slides.append(SlideOut({"layout": "section", "title": item.title}))
        if (
            items
            and isinstance(items[0], SlideOut)
            and items[0].keys.get("layout") == "title"
            and items[0].keys.get("title") == meta["title"]
        ):
            items[0].keys.pop("title")
        return items
