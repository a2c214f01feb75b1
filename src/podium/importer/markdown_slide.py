"""Map one Markdown slide's blocks to its layout and slide keys, and save its pictures."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from podium.importer.inline import Span, to_markup
from podium.importer.markdown_directives import slide_directives
from podium.importer.markdown_tokens import Picture, Slide
from podium.importer.media import SHOWN, MediaFiles
from podium.importer.report import ImportReport
from podium.importer.writer import Item, SlideOut


class SlideMapper:
    """Writes the slides of one Markdown deck as deck slides, reporting what does not fit."""

    def __init__(self, report: ImportReport, dialect: str, media: MediaFiles, folder: Path) -> None:
        self.report = report
        self.dialect = dialect
        self.media = media
        self.folder = folder  # where the deck's pictures are found

    def slide_out(self, slide: Slide, first: bool) -> SlideOut:
        out = SlideOut()
        n = slide.number
        blocks = slide.blocks
        kinds = [kind for kind, _value in blocks]
        if slide.title:
            out.keys["title"] = slide.title
            self.report.keep("title")
        merged: list[tuple[str, Any]] = []
        for kind, value in blocks:
            if kind == "quote" and merged and merged[-1][0] == "quote":
                merged[-1] = ("quote", merged[-1][1] + value)
            else:
                merged.append((kind, value))
        blocks = merged
        kinds = [kind for kind, _value in blocks]
        pictures = [v for kind, v in blocks if kind == "picture"]
        rest = [(kind, v) for kind, v in blocks if kind != "picture"]
        if (
            self.dialect == "marp"
            and first
            and slide.title_level == 1
            and all(kind == "para" for kind, _v in rest)
            and not pictures
        ):
            out.keys["layout"] = "title"
            paras = [to_markup(v)[0] for _k, v in rest]
            if paras:
                out.keys["subtitle"] = paras[0]
            if paras[1:]:
                out.keys["byline"] = "\n".join(paras[1:]) + "\n"
        elif slide.columns:
            out.keys["layout"] = "two-column"
            columns = slide.columns + [[]] * (2 - len(slide.columns))
            out.keys["left"] = self.items_of(columns[0], n) or [Item("")]
            out.keys["right"] = self.items_of(columns[1], n) or [Item("")]
            for extra in slide.columns[2:]:
                out.keys["right"] += self.items_of(extra, n)
                self.report.report(n, "a third column: its items added to the right column")
            self.report.keep("text", 2)
            if rest:
                out.above += [
                    "from the original slide: " + line
                    for line in self.text_of(rest, n).split("\n")
                    if line.strip()
                ]
                self.report.report(n, "text beside the columns: kept as a comment in the deck")
        elif kinds == ["table"] or (kinds and kinds[0] == "table" and len(rest) == 1):
            rows = blocks[kinds.index("table")][1]
            cells = [[to_markup(c)[0] for c in row] for row in rows]
            width = max(len(r) for r in cells)
            cells = [r + [""] * (width - len(r)) for r in cells]
            out.keys["layout"] = "table"
            out.keys["header"] = cells[0]
            out.keys["rows"] = cells[1:]
            self.report.keep("table")
        elif len(rest) == 1 and rest[0][0] == "code" and not pictures:
            language, code = rest[0][1]
            out.keys["layout"] = "code"
            out.keys["language"] = language or "text"
            out.keys["code"] = code
            self.report.keep("code")
        elif len(rest) == 1 and rest[0][0] == "quote" and not pictures:
            paras = rest[0][1]
            attribution = None
            if len(paras) > 1 and re.match(
                r"^\s*(—|–|--|-)\s*", "".join(s.text for s in paras[-1])
            ):
                last = paras.pop()
                attribution = re.sub(r"^\s*(—|–|--|-)\s*", "", to_markup(last)[0])
            out.keys["layout"] = "quote"
            out.keys["quote"] = "\n".join(to_markup(p)[0] for p in paras)
            if attribution:
                out.keys["attribution"] = attribution
            self.report.keep("quote")
        elif pictures and len(rest) <= 1 and all(kind == "para" for kind, _v in rest):
            picture = pictures.pop(0)
            where = self.save(picture, n)
            if where is None:
                out.keys["layout"] = "blank" if not slide.title else "bullets"
            else:
                out.keys["layout"] = "image"
                out.keys["image"] = where
                if picture.alt:
                    out.keys["alt"] = picture.alt
                else:
                    out.keys["alt"] = f"Picture on slide {n}"
                    out.comments["alt"] = "TODO: alt text"
                    self.report.report(
                        n,
                        f"a picture without alt text ({where}): describe "
                        "it in alt:, marked TODO in the deck",
                    )
                if rest:
                    out.keys["caption"] = to_markup(rest[0][1])[0]
        elif rest:
            self.body(rest, n, out)
        elif not slide.title:
            out.keys["layout"] = "blank"
        for picture in pictures:
            where = self.save(picture, n)
            if where is not None:
                kind = "background picture" if picture.background else "picture"
                out.above.append(f"{kind} not placed: {where}")
                self.report.report(
                    n,
                    f"a {kind} beside the text: saved as {where}, not placed "
                    "(Podium puts one picture on an image slide)",
                )
        if slide.notes:
            notes = self.text_of(slide.notes, n)
            if notes.strip():
                out.keys["notes"] = notes
                self.report.keep("notes")
        slide_directives(slide.directives, slide.number, out, self.report)
        if "incremental" in slide.directives:
            if "bullets" in out.keys:
                out.keys["reveal"] = "bullets"
                self.report.keep("reveal")
            else:
                self.report.report_line(
                    slide.directives["incremental"],
                    "an incremental list that is not bullets: shown all at once (reveal: "
                    "brings bullets one by one)",
                )
        return out

    def body(self, blocks: list[tuple[str, Any]], n: int, out: SlideOut) -> None:
        lead = 0
        while lead < len(blocks) and blocks[lead][0] == "para":
            lead += 1
        rest = blocks[lead:]
        if all(kind == "list" and not v[0] for kind, v in rest):
            if lead:
                out.keys["text"] = self.text_of(blocks[:lead], n)
            items: list[Item] = []
            for _kind, (_ordered, entries) in rest:
                items += self.tree(entries)
            if items:
                out.keys["bullets"] = items
        else:
            out.keys["text"] = self.text_of(blocks, n)
        self.report.keep("text")

    def tree(self, entries: list[tuple[list[Span], Any]]) -> list[Item]:
        items = []
        for spans, children in entries:
            item = Item(to_markup(spans)[0])
            if children is not None:
                item.children = self.tree(children[1])
            items.append(item)
        return items

    def items_of(self, blocks: list[tuple[str, Any]], n: int) -> list[Item]:
        items: list[Item] = []
        for kind, value in blocks:
            if kind == "list":
                items += self.tree(value[1])
            elif kind == "para":
                items.append(Item(to_markup(value)[0]))
            elif kind == "picture":
                where = self.save(value, n)
                if where:
                    items.append(Item(value.alt or where, comment=f"picture: {where}"))
                    self.report.report(
                        n,
                        f"a picture in a column: saved as {where}, not "
                        "placed; its alt text kept as a bullet",
                    )
            else:
                self.report.report(n, f"a {kind} in a column: left out", dropped=True)
        return items

    def text_of(self, blocks: list[tuple[str, Any]], n: int) -> str:
        """Return blocks as block markup: paragraphs, and lists with their numbering."""
        parts: list[str] = []
        for kind, value in blocks:
            if kind == "para":
                parts.append(to_markup(value, block=True)[0])
            elif kind == "list":
                parts.append("\n".join(self.list_lines(value[0], value[1], 0)))
            elif kind == "code":
                parts.append(
                    "\n".join(
                        "`" + line + "`" if line.strip() else ""
                        for line in value[1].rstrip("\n").split("\n")
                    )
                )
            elif kind == "quote":
                parts += [to_markup(p, block=True)[0] for p in value]
            elif kind == "table":
                parts += [" | ".join(to_markup(c)[0] for c in row) for row in value]
                self.report.report(n, "a table beside other text: kept as lines of text")
        return "\n\n".join(p for p in parts if p.strip()) + "\n"

    def list_lines(
        self, ordered: bool, entries: list[tuple[list[Span], Any]], indent: int
    ) -> list[str]:
        lines: list[str] = []
        for k, (spans, children) in enumerate(entries, start=1):
            marker = f"{k}." if ordered else "-"
            text = to_markup(spans, block=True)[0]
            first, *more = text.split("\n")
            pad = " " * (indent + len(marker) + 1)
            lines.append(" " * indent + marker + " " + first)
            lines += [pad + line for line in more]
            if children is not None:
                lines += self.list_lines(children[0], children[1], indent + len(marker) + 1)
        return lines

    def save(self, picture: Picture, n: int) -> str | None:
        src = picture.src
        if re.match(r"^[a-z][a-z0-9+.-]*:", src, re.I):
            self.report.report(
                n,
                f"a picture from the web ({src[:50]}): not imported; save it "
                "beside the deck and give its file name",
                dropped=True,
            )
            return None
        from urllib.parse import unquote

        path = (self.folder / unquote(src)).resolve()
        ext = SHOWN.get(path.suffix.lower().removeprefix("."))
        try:
            data = path.read_bytes()
        except OSError:
            self.report.report(n, f"the picture '{src}' is not there: not imported", dropped=True)
            return None
        if ext is None:
            from podium.importer.package import to_png

            converted = to_png(data)
            if converted is None:
                self.report.report(
                    n,
                    f"the picture '{src}' is not PNG, JPEG or GIF: not "
                    "imported; convert it and add an image slide",
                    dropped=True,
                )
                return None
            data, ext = converted, "png"
            self.report.report(n, f"the picture '{src}': converted to PNG")
        return self.media.add_picture(n, ext, data)
