"""Read a .pptx into the deck it describes: its slides, then the deck-wide keys and template."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

from lxml import etree

from podium.importer.api import SourceImport
from podium.importer.package import check_package, is_reference, stripped_copy
from podium.importer.pptx_sections import group_sections
from podium.importer.pptx_shapes import SlideScan, SlideShapes
from podium.importer.pptx_slide import ImportedSlide, SlideMapper
from podium.importer.pptx_steps import has_transition
from podium.importer.pptx_text import A, q
from podium.importer.report import ImportReport, ImportSourceError
from podium.importer.writer import DeckOut, SlideOut

_DATE = re.compile(
    r"^(\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{2,4}|"
    r"(\d{1,2} )?(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?( \d{1,2},?)? \d{4})$",
    re.IGNORECASE,
)


class PptxImport(SourceImport):
    """Turn one presentation into a DeckOut and the files (pictures, template) beside it."""

    def __init__(self, path: Path, name: str, deck_path: Path, report: ImportReport) -> None:
        super().__init__(path, name, deck_path, report)
        self.langs: Counter[str] = Counter()

    def read(self) -> DeckOut:
        from pptx import Presentation

        check_package(self.path, self.name)
        try:
            prs = Presentation(str(self.path))
        except Exception as exc:  # python-pptx raises many kinds for a broken package
            raise ImportSourceError(
                f"{self.name}: cannot read the presentation ({type(exc).__name__}: {exc}); "
                "open and save it in PowerPoint or LibreOffice to repair it, then import again"
            ) from None
        self.prs = prs
        mapper = SlideMapper(self.report, int(prs.slide_width or 12192000), self.media)
        slides: list[ImportedSlide] = []
        for n, slide in enumerate(prs.slides, start=1):
            self.count_langs(slide.element)
            try:
                shapes = SlideScan(slide, n, self.report).scan()
                out = mapper.slide_out(slide, n, shapes)
            except (
                ValueError,
                KeyError,
                AttributeError,
                TypeError,
                IndexError,
                NotImplementedError,
                etree.XMLSyntaxError,
            ) as exc:
                # A part python-pptx cannot make sense of: keep the slide's place, say why.
                self.report.report(
                    n,
                    f"could not be read ({type(exc).__name__}: {exc}): imported as a blank slide",
                    dropped=True,
                )
                shapes = SlideShapes()
                out = SlideOut({"layout": "blank"}, above=[f"slide {n} could not be read"])
            slides.append(ImportedSlide(n, slide.slide_id, out, shapes))
        self.report.slides = len(slides)
        moving = [n for n, slide in enumerate(prs.slides, start=1) if has_transition(slide)]
        if moving:
            which = ", ".join(map(str, moving)) if len(moving) <= 5 else f"{len(moving)} slides"
            self.report.report(None, f"slide transitions ({which}): not imported", dropped=True)
        deck = DeckOut()
        deck.meta = self.meta(slides)
        self.title_slides(slides, deck.meta)
        deck.items = group_sections(prs, slides, deck.meta, self.report)
        self.latent(slides, deck.meta)
        lang = self.lang()
        if lang:
            deck.meta["lang"] = lang
        template = self.template()
        if template:
            deck.meta["template"] = template
        if not slides:
            raise ImportSourceError(f"{self.name}: the presentation has no slides to import")
        return deck

    def count_langs(self, element: Any) -> None:
        for rPr in element.iter(q(A, "rPr")):
            lang = rPr.get("lang")
            if lang:
                self.langs[lang] += 1

    def meta(self, slides: list[ImportedSlide]) -> dict[str, Any]:
        props = self.prs.core_properties
        first = next((s for s in slides if s.out.layout == "title"), None)
        title = ""
        if first is not None:
            title = str(first.out.keys.get("title", ""))
        title = title or (props.title or "").strip()
        if not title:
            title = (
                next((str(s.out.keys["title"]) for s in slides if s.out.keys.get("title")), "")
                or self.path.stem
            )
        meta: dict[str, Any] = {"title": title.replace("\n", " ")}
        author = (props.author or "").strip()
        if author and author.lower() not in ("python-pptx", "unknown", "user"):
            self.author = author
        else:
            self.author = ""
        return meta

    def title_slides(self, slides: list[ImportedSlide], meta: dict[str, Any]) -> None:
        """Move the first title slide's texts into the deck's keys where Podium puts them back."""
        first = next((s for s in slides if s.out.layout == "title"), None)
        if first is None:
            if self.author:
                meta["author"] = self.author
            return
        keys = first.out.keys
        if keys.get("title", "").replace("\n", " ") == meta["title"]:
            keys.pop("title")
        if "subtitle" in keys:
            meta["subtitle"] = keys.pop("subtitle")
        byline = keys.pop("byline", "")
        lines = [line for line in str(byline).split("\n") if line.strip()]
        found = self.split_byline(lines)
        if found is not None:
            meta.update(found)
        elif lines:
            keys["byline"] = byline
        if first.shapes.date and "date" not in meta and "byline" not in keys:
            meta["date"] = first.shapes.date

    def split_byline(self, lines: list[str]) -> dict[str, str] | None:
        """Return event, date, author and affiliation read from byline lines, or None when the
        lines are not that (Podium's default byline is event, date, author, affiliation)."""
        if not lines:
            return {}
        out: dict[str, str] = {}
        rest = list(lines)
        if self.author in rest:
            at = rest.index(self.author)
            after = rest[at + 1 :]
            if len(after) > 1:
                return None
            out["author"] = self.author
            if after:
                out["affiliation"] = after[0]
            rest = rest[:at]
        elif self.author:
            return None
        if rest and _DATE.match(rest[-1]):
            out["date"] = rest.pop()
        if rest:
            if not out:
                return None
            out["event"] = "\n".join(rest) + "\n" if len(rest) > 1 else rest[0]
        return out

    def latent(self, slides: list[ImportedSlide], meta: dict[str, Any]) -> None:
        """Set the deck's footer and slide numbers from what most slides show."""
        body = [s for s in slides if s.out.layout not in ("title",)]
        if not body:
            return
        footers = Counter(s.shapes.footer for s in body if s.shapes.footer)
        footer = footers.most_common(1)[0][0] if footers else None
        if footer and footers[footer] * 2 >= len(body):
            meta["footer"] = footer
            for s in body:
                if s.shapes.footer is None:
                    s.out.keys["footer"] = False
                elif s.shapes.footer != footer:
                    s.out.keys["footer"] = s.shapes.footer
        else:
            for s in body:
                if s.shapes.footer:
                    s.out.keys["footer"] = s.shapes.footer
        numbered = [s for s in body if s.out.layout != "section"]
        shown = sum(1 for s in numbered if s.shapes.number)
        if numbered and shown * 2 >= len(numbered):
            for s in numbered:
                if not s.shapes.number:
                    s.out.keys["slide_number"] = False
        else:
            meta["slide_numbers"] = False
            for s in numbered:
                if s.shapes.number:
                    s.out.keys["slide_number"] = True

    def lang(self) -> str:
        if not self.langs:
            return ""
        tag = self.langs.most_common(1)[0][0]
        base = tag.split("-")[0].lower()
        try:
            from podium.render.pptx_package import office_lang
        except ImportError:  # pragma: no cover
            return tag
        return base if office_lang(base) == tag else tag

    def template(self) -> str:
        """Return the stripped copy of the presentation to build on, or '' for Podium's own."""
        from podium.errors import PodiumError

        data = stripped_copy(self.prs)
        if is_reference(data):
            return ""
        where = f"{self.deck_path.stem}-template.pptx"
        self.files[where] = data
        try:
            import tempfile

            from podium.template.layouts import Template
            from podium.template.package import read_checked

            with tempfile.TemporaryDirectory() as folder:
                # The checks `podium build` makes of a template: macros, linked files, size.
                checked = Path(folder) / where
                checked.write_bytes(data)
                try:
                    read_checked(checked)
                except PodiumError as exc:
                    text = exc.problems[0].message.replace(f"{checked}: ", "")
                    raise PodiumError(text) from None
            Template(Path(where), data)
        except PodiumError as exc:
            why = exc.problems[0].message.removeprefix(f"{where}: ")
            del self.files[where]
            self.report.report(
                None,
                f"its masters cannot be a template ({why}): the deck is built on Podium's own look",
                dropped=True,
            )
            return ""
        return where
