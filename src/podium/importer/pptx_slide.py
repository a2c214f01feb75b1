"""Map one slide's sorted shapes to the slide keys of the deck: its layout and their texts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from podium.importer.inline import Span, to_markup
from podium.importer.media import MediaFiles
from podium.importer.pptx_markup import MarkupWriter
from podium.importer.pptx_pictures import picture_keys, save_picture
from podium.importer.pptx_shapes import Body, Picture, SlideShapes, box_of
from podium.importer.pptx_steps import paused_columns, reveal_level
from podium.importer.pptx_table import chart_keys, table_keys
from podium.importer.pptx_text import Para, TextReader, split_breaks, unstyled
from podium.importer.report import ImportReport
from podium.importer.writer import Item, SlideOut


@dataclass
class ImportedSlide:
    """A slide as imported: its number and id in the presentation, its keys, its shapes."""

    number: int
    sid: int
    out: SlideOut
    shapes: SlideShapes


class SlideMapper:
    """Writes the slides of one presentation as deck slides, reporting what does not fit."""

    def __init__(self, report: ImportReport, width: int, media: MediaFiles) -> None:
        self.report = report
        self.width = width
        self.media = media
        self.text = MarkupWriter(report)

    def body_keys(self, bodies: list[Body], number: int, out: SlideOut) -> None:
        paras = [p for b in bodies for p in b.paras if p.text]
        if not paras:
            return
        lead = 0
        while lead < len(paras) and paras[lead].kind == "plain":
            lead += 1
        rest = paras[lead:]
        if all(p.kind == "bullet" for p in rest):
            if lead:
                out.keys["text"] = self.text.block(paras[:lead], number)
            if rest:
                out.keys["bullets"] = self.text.items(rest, number)
        else:
            out.keys["text"] = self.text.block(paras, number)
        self.report.keep("text")

    def slide_out(self, slide: Any, number: int, shapes: SlideShapes) -> SlideOut:
        out = SlideOut()
        title = self.text.markup(unstyled(shapes.title), number) if shapes.title else ""
        leftovers: list[Body] = []
        pictures = list(shapes.pictures)
        kind = self.kind(shapes)
        out.keys["layout"] = kind
        if title:
            out.keys["title"] = title
            self.report.keep("title")
        if kind == "title":
            self.title_keys(shapes, number, out)
            leftovers = list(shapes.bodies) + shapes.boxes
        elif kind == "section":
            bodies = shapes.bodies + ([shapes.subtitle] if shapes.subtitle else [])
            if bodies:
                out.keys["subtitle"] = self.text.markup(
                    [p for b in bodies for p in b.paras], number
                )
                self.report.keep("text")
            leftovers = shapes.boxes
        elif kind == "table":
            table_keys(shapes.tables[0], number, out, self.text)
            below = [
                b
                for b in shapes.boxes
                if b.text
                and b.box[1] >= box_of(shapes.tables[0])[1] + box_of(shapes.tables[0])[3] // 2
            ]
            if len(below) == 1 and len([p for p in below[0].paras if p.text]) == 1:
                out.keys["caption"] = self.text.markup(below[0].paras, number)
                shapes.boxes = [b for b in shapes.boxes if b is not below[0]]
            for extra in shapes.tables[1:]:
                self.report.report(
                    number,
                    f"a second table ('{extra.name}'): not imported; give it a slide of its own",
                    dropped=True,
                )
            leftovers = shapes.bodies + shapes.boxes
        elif kind == "chart":
            out.keys["layout"] = "table"
            chart_keys(shapes.charts[0], number, out, self.text)
            leftovers = shapes.bodies + shapes.boxes
        elif kind == "two-column":
            self.column_keys(shapes.bodies, number, out)
            leftovers = shapes.boxes
        elif kind == "image":
            picture = pictures.pop(0)
            captions = [b for b in shapes.bodies + shapes.boxes if b.text]
            self.image_keys(picture, number, out, captions)
        elif kind == "quote":
            self.quote_keys(shapes.boxes, out)
        elif kind == "code":
            out.keys["language"] = "text"
            out.comments["language"] = "TODO: the code's language (python, bash, ...)"
            out.keys["code"] = (
                "\n".join("".join(s.text for s in p.spans) for p in shapes.boxes[0].paras).rstrip(
                    "\n"
                )
                + "\n"
            )
            self.report.keep("code")
        elif kind == "bullets":
            self.body_keys(shapes.bodies, number, out)
            if len(pictures) == 1 and ("bullets" in out.keys or "text" in out.keys):
                picture = pictures.pop()
                picture_keys(picture, number, out, self.media)
                middle = picture.box[0] + picture.box[2] // 2
                if middle < self.width // 2:
                    out.keys["image_side"] = "left"
            boxes = [b for b in shapes.boxes if b.text]
            if boxes:
                boxes.sort(key=lambda b: (b.box[1], b.box[0]))
                items = out.keys.setdefault("bullets", [])
                for box in boxes:
                    items += self.text.items(
                        box.paras,
                        number,
                        {"SmartArt": "from SmartArt", "equation": "from an equation"}.get(
                            box.origin, f"from a {box.origin.lower()}"
                        ),
                    )
                    if box.origin in ("text box", "WordArt"):
                        self.report.keep("text box")
                        self.report.report(
                            number, f"a {box.origin} ('{box.text[:30]}'): its text kept as bullets"
                        )
        for body in leftovers:
            if not body.text:
                continue
            out.above += [
                f"from the original slide: {line}" for line in body.text.split("\n") if line.strip()
            ]
            self.report.report(
                number,
                f"text beside the {kind} ('{body.text[:30]}'): kept as a comment in the deck",
            )
        for picture in pictures:
            where = save_picture(picture, number, self.media)
            out.above.append(
                f"picture not placed: {where}" + (f" ({picture.alt})" if picture.alt else "")
            )
            self.report.report(
                number,
                f"a picture beside the {kind}: saved as {where}, "
                "not placed (Podium puts one picture on an image slide)",
            )
        for chart in shapes.charts[1 if kind == "chart" else 0 :]:
            self.report.report(
                number,
                f"a chart ('{chart.name}'): not imported; Podium has "
                "no charts (give its data a table slide)",
                dropped=True,
            )
        if shapes.animated:
            level = reveal_level(shapes) if kind == "bullets" else None
            paused = paused_columns(shapes, self.width) if kind == "two-column" else None
            if paused:
                out.keys["pause"] = paused[0] if len(paused) == 1 else paused
                self.report.keep("reveal")
            elif level is not None:
                out.keys["reveal"] = "bullets"
                if level > 1:
                    out.keys["reveal_level"] = level
                self.report.keep("reveal")
            else:
                self.report.report(
                    number, "animations: not imported (every item shows at once)", dropped=True
                )
        if slide.element.get("show") == "0":
            out.keys["hidden"] = True
        self.notes(slide, number, out)
        return out

    def kind(self, s: SlideShapes) -> str:
        text_bodies = [b for b in s.bodies if b.text]
        if (
            s.has_ctr_title
            or s.subtitle is not None
            or (s.layout_type == "title" and not text_bodies[1:])
        ):
            return "title"
        if s.layout_type == "secHead":
            return "section"
        if s.tables:
            return "table"
        if s.charts and not text_bodies:
            return "chart"
        if len(text_bodies) >= 2 and s.layout_type not in ("picTx", "objTx"):
            return "two-column"
        if (
            s.pictures
            and (not text_bodies or s.layout_type in ("picTx", "objTx"))
            and (all(len(b.paras) <= 2 for b in text_bodies + s.boxes))
        ):
            return "image"
        if text_bodies:
            return "bullets"
        boxes = [b for b in s.boxes if b.text]
        if len(boxes) == 1 and all(
            sp.code for p in boxes[0].paras for sp in p.spans if sp.text.strip()
        ):
            return "code"
        if (
            1 <= len(boxes) <= 2
            and all(sp.italic for p in boxes[0].paras for sp in p.spans if sp.text.strip())
            and s.layout_type in ("titleOnly", "blank", "cust")
        ):
            return "quote"
        if boxes or s.title:
            return "bullets"
        return "blank"

    def title_keys(self, s: SlideShapes, number: int, out: SlideOut) -> None:
        sub = s.subtitle
        if sub is not None:
            lines = [line for p in sub.paras for line in split_breaks(p) if line.text]
            if lines:
                out.keys["subtitle"] = self.text.markup(lines[:1], number)
                self.report.keep("text")
                if lines[1:]:
                    out.keys["byline"] = self.text.block(
                        [Para(p.spans, 0, "plain") for p in lines[1:]], number
                    )
        byline = [b for b in s.bodies if b.text]
        if byline:
            paras = [Para(p.spans, 0, "plain") for b in byline for p in b.paras if p.text]
            joined = self.text.block(paras, number)
            out.keys["byline"] = (out.keys.get("byline", "") + "\n" + joined).lstrip("\n")
            self.report.keep("text")
        s.bodies = []

    def column_keys(self, bodies: list[Body], number: int, out: SlideOut) -> None:
        middle = self.width // 2
        text = [b for b in bodies if b.text]
        left = [b for b in text if b.box[0] + b.box[2] // 2 < middle] or text[:1]
        right = [b for b in text if b not in left]
        for key, column in (("left", left), ("right", right)):
            column.sort(key=lambda b: b.box[1])
            items: list[Item] = []
            if len(column) >= 2 and len([p for p in column[0].paras if p.text]) == 1:
                head = Item(self.text.markup(column[0].paras, number))
                for body in column[1:]:
                    head.children += self.text.items(body.paras, number)
                items.append(head)
            else:
                for body in column:
                    items += self.text.items(body.paras, number)
            out.keys[key] = items or [Item("")]
        self.report.keep("text", len(text))

    def image_keys(
        self, picture: Picture, number: int, out: SlideOut, captions: list[Body]
    ) -> None:
        picture_keys(picture, number, out, self.media)
        if captions:
            captions.sort(key=lambda b: b.box[1])
            out.keys["caption"] = self.text.markup([p for b in captions for p in b.paras], number)

    def quote_keys(self, boxes: list[Body], out: SlideOut) -> None:
        plain = [
            [Span(s.text, s.bold, False, s.code, s.link) for s in p.spans] for p in boxes[0].paras
        ]
        out.keys["layout"] = "quote"
        out.keys["quote"] = to_markup(
            [sp for k, p in enumerate(plain) for sp in ([Span("\n")] if k else []) + p]
        )[0]
        if len(boxes) > 1 and boxes[1].text:
            out.keys["attribution"] = to_markup([sp for p in boxes[1].paras for sp in p.spans])[0]
        self.report.keep("quote")

    def notes(self, slide: Any, number: int, out: SlideOut) -> None:
        if not slide.has_notes_slide:
            return
        notes = slide.notes_slide
        frame = notes.notes_text_frame
        if frame is None:
            return
        reader = TextReader(notes.part, self.report, number)
        paras = reader.paragraphs(frame._txBody, lambda _l: "unset")
        # Paragraphs saying nothing about bullets are list items where the others say buNone.
        explicit = any(p.kind == "plain" for p in paras)
        for para in paras:
            if para.kind == "unset":
                para.kind = "bullet" if explicit else "plain"
        reader.flush()
        text = self.text.block(paras, number)
        if text.strip():
            out.keys["notes"] = text
            self.report.keep("notes")
