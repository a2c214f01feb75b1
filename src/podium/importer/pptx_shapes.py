"""Sort one slide's shapes into what Podium can show, and report the shapes it cannot."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from podium.importer.inline import Span
from podium.importer.pptx_steps import clicks_of
from podium.importer.pptx_text import MC, A, M, P, Para, R, TextReader, inherited_kind, q
from podium.importer.report import ImportReport

DIAGRAM_URI = "http://schemas.openxmlformats.org/drawingml/2006/diagram"
OLE_URI = "http://schemas.openxmlformats.org/presentationml/2006/ole"
_TITLE_TYPES = {"title", "ctrTitle", "vertTitle"}
_BODY_TYPES = {"body", "obj", None, "vertBody", "vertObj"}
_LATENT_TYPES = {"dt", "ftr", "sldNum", "hdr"}


@dataclass
class Picture:
    blob: bytes
    ext: str
    alt: str
    name: str
    box: tuple[int, int, int, int]
    cropped: bool = False


@dataclass
class Body:
    paras: list[Para]
    box: tuple[int, int, int, int]
    ph_type: str | None = None
    idx: int = -1
    origin: str = "placeholder"
    spid: str = ""

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paras if p.text)


@dataclass
class SlideShapes:
    """What is on a slide, sorted into what Podium can show and what it cannot."""

    title: list[Para] = field(default_factory=list)
    subtitle: Body | None = None
    bodies: list[Body] = field(default_factory=list)
    byline: Body | None = None
    boxes: list[Body] = field(default_factory=list)
    pictures: list[Picture] = field(default_factory=list)
    tables: list[Any] = field(default_factory=list)
    charts: list[Any] = field(default_factory=list)
    footer: str | None = None
    date: str | None = None
    number: bool = False
    layout_type: str = ""
    has_ctr_title: bool = False
    animated: bool = False
    #: The slide's clicks: (shape id, paragraph index or None for the whole shape); None when
    #: a click is not on a shape.
    clicks: list[tuple[str, int | None]] | None = None


def box_of(shape: Any) -> tuple[int, int, int, int]:
    try:
        return (
            int(shape.left or 0),
            int(shape.top or 0),
            int(shape.width or 0),
            int(shape.height or 0),
        )
    except (AttributeError, ValueError, TypeError):
        return (0, 0, 0, 0)


class SlideScan:
    """Sort one slide's shapes into SlideShapes, reporting what Podium cannot show."""

    def __init__(self, slide: Any, number: int, report: ImportReport) -> None:
        self.slide = slide
        self.number = number
        self.report = report
        self.text = TextReader(slide.part, report, number)
        self.out = SlideShapes()
        master = slide.slide_layout.slide_master.element
        styles = master.find(q(P, "txStyles"))
        self.body_style = styles.find(q(P, "bodyStyle")) if styles is not None else None
        self.decorations = 0
        self.groups = 0

    def scan(self) -> SlideShapes:
        layout = self.slide.slide_layout
        self.out.layout_type = layout.element.get("type") or "cust"
        for shape in self.slide.shapes:
            self.shape(shape, in_group=False)
        self.alternates(self.slide.shapes._spTree)
        if self.groups:
            many = "groups of shapes" if self.groups > 1 else "a group of shapes"
            self.report.report(
                self.number, f"{many}: ungrouped; texts kept as bullets, pictures as pictures"
            )
        if self.decorations:
            what = "a shape" if self.decorations == 1 else f"{self.decorations} shapes"
            self.report.report(
                self.number,
                f"{what} without text (lines, arrows, boxes): not imported",
                dropped=True,
            )
        timing = self.slide.element.find(q(P, "timing"))
        self.out.animated = timing is not None and len(timing) > 0
        self.out.clicks = clicks_of(timing) if self.out.animated else []
        self.text.flush()
        return self.out

    def shape(self, shape: Any, in_group: bool) -> None:
        from pptx.enum.shapes import MSO_SHAPE_TYPE

        try:
            kind = shape.shape_type
        except NotImplementedError:  # python-pptx knows no type for some tools' shapes
            kind = None
        if kind == MSO_SHAPE_TYPE.GROUP:
            self.groups += 0 if in_group else 1
            for child in shape.shapes:
                self.shape(child, in_group=True)
            return
        if shape.is_placeholder and not in_group:
            self.placeholder(shape)
            return
        if self.table_or_chart(shape):
            return
        if kind == MSO_SHAPE_TYPE.PICTURE or (kind == MSO_SHAPE_TYPE.LINKED_PICTURE):
            self.picture(shape)
            return
        if kind in (MSO_SHAPE_TYPE.MEDIA,):
            self.report.report(
                self.number,
                f"a video or sound ('{shape.name}'): not imported; link it from the notes",
                dropped=True,
            )
            return
        uri = self.graphic_uri(shape)
        if uri == DIAGRAM_URI:
            self.smartart(shape)
            return
        if uri == OLE_URI or kind == MSO_SHAPE_TYPE.EMBEDDED_OLE_OBJECT:
            self.report.report(
                self.number, f"an embedded object ('{shape.name}'): not imported", dropped=True
            )
            return
        if shape.has_text_frame and shape.text_frame.text.strip():
            paras = self.text.paragraphs(shape.text_frame._txBody, lambda _l: "plain")
            origin = "group" if in_group else "text box"
            if shape.text_frame._txBody.find(f"{q(A, 'bodyPr')}/{q(A, 'prstTxWarp')}") is not None:
                origin = "WordArt"
            self.out.boxes.append(Body(paras, box_of(shape), None, -1, origin))
            return
        self.decorations += 1

    def table_or_chart(self, shape: Any) -> bool:
        """Keep ``shape`` when it is a table or a chart; return whether it was."""
        if getattr(shape, "has_table", False) and shape.has_table:
            self.out.tables.append(shape)
            return True
        if getattr(shape, "has_chart", False) and shape.has_chart:
            self.out.charts.append(shape)
            return True
        return False

    def graphic_uri(self, shape: Any) -> str:
        data = shape.element.find(f"{q(A, 'graphic')}/{q(A, 'graphicData')}")
        return str(data.get("uri")) if data is not None else ""

    def placeholder(self, shape: Any) -> None:
        fmt = shape.placeholder_format
        ph = shape.element.find(f".//{q(P, 'nvPr')}/{q(P, 'ph')}")
        ph_type = ph.get("type") if ph is not None else None
        if ph_type in _LATENT_TYPES:
            text = shape.text_frame.text.strip() if shape.has_text_frame else ""
            if ph_type == "ftr" and text:
                self.out.footer = text
            elif ph_type == "dt" and text:
                self.out.date = text
            elif ph_type == "sldNum":
                self.out.number = True
            return
        if ph_type in _TITLE_TYPES:
            self.out.has_ctr_title |= ph_type == "ctrTitle"
            if shape.has_text_frame:
                self.out.title += self.text.paragraphs(shape.text_frame._txBody, lambda _l: "plain")
            return
        if hasattr(shape, "image") or self.has_picture(shape):
            self.picture(shape)
            return
        if self.table_or_chart(shape):
            return
        if self.graphic_uri(shape) == DIAGRAM_URI:
            self.smartart(shape)
            return
        if not shape.has_text_frame:
            return
        default = "plain" if ph_type == "subTitle" else "bullet"
        style = self.body_style if ph_type in _BODY_TYPES else None
        paras = self.text.paragraphs(
            shape.text_frame._txBody, inherited_kind(shape, style, default)
        )
        if not any(p.text for p in paras):
            return
        body = Body(paras, box_of(shape), ph_type, fmt.idx, spid=str(shape.shape_id))
        if ph_type == "subTitle":
            self.out.subtitle = body
        else:
            self.out.bodies.append(body)

    def has_picture(self, shape: Any) -> bool:
        return shape.element.find(f".//{q(A, 'blip')}") is not None and hasattr(shape, "image")

    def picture(self, shape: Any) -> None:
        nv = shape.element.find(f".//{q(P, 'nvPr')}")
        if nv is not None and any(
            etree.QName(c).localname in ("videoFile", "audioFile", "quickTimeFile") for c in nv
        ):
            self.report.report(
                self.number,
                f"a video or sound ('{shape.name}'): not imported; link it from the notes",
                dropped=True,
            )
            return
        try:
            image = shape.image
            blob, ext = image.blob, image.ext.lower()
        except (AttributeError, KeyError, ValueError):
            self.report.report(
                self.number,
                f"a linked picture ('{shape.name}'): not imported; "
                "embed it in PowerPoint and import again",
                dropped=True,
            )
            return
        cnv = shape.element.find(f".//{q(P, 'cNvPr')}")
        alt = (cnv.get("descr") or "").strip() if cnv is not None else ""
        src = shape.element.find(f".//{q(A, 'srcRect')}")
        cropped = src is not None and any(src.get(k) not in (None, "0") for k in "lrtb")
        self.out.pictures.append(Picture(blob, ext, alt, shape.name, box_of(shape), cropped))

    def smartart(self, shape: Any) -> None:
        texts: list[str] = []
        data = shape.element.find(f".//{{{DIAGRAM_URI}}}relIds")
        rid = data.get(q(R, "dm")) if data is not None else None
        if rid:
            try:
                part = self.slide.part.related_part(rid)
                root = etree.fromstring(part.blob)
                for pt in root.iter(f"{{{DIAGRAM_URI}}}pt"):
                    text = "".join(t.text or "" for t in pt.iter(q(A, "t"))).strip()
                    if text:
                        texts.append(text)
            except (KeyError, etree.XMLSyntaxError):
                texts = []
        if texts:
            paras = [Para([Span(t)]) for t in texts]
            self.out.boxes.append(Body(paras, box_of(shape), None, -1, "SmartArt"))
            self.report.report(self.number, "SmartArt: its texts kept as bullets, its drawing not")
        else:
            self.report.report(self.number, "SmartArt without text: not imported", dropped=True)

    def alternates(self, tree: Any) -> None:
        """Report content python-pptx skips: shapes only newer PowerPoint versions read."""
        from pptx.shapes.autoshape import Shape as PptxShape
        from pptx.shapes.picture import Picture as PptxPicture

        for alt in tree.findall(q(MC, "AlternateContent")):
            fallback = alt.find(q(MC, "Fallback"))
            maths = list(alt.iter(q(M, "oMath")))
            texts = [sp for sp in fallback.iter(q(P, "sp"))] if fallback is not None else []
            if maths and texts:
                for sp in texts:
                    shape = PptxShape(sp, self.slide.shapes)
                    paras = self.text.paragraphs(shape.text_frame._txBody, lambda _l: "plain")
                    self.out.boxes.append(Body(paras, box_of(shape), None, -1, "equation"))
                text = " ".join(b.text for b in self.out.boxes[-len(texts) :])
                self.report.report(
                    self.number,
                    f"an equation ({text[:40]}): kept as its plain text; write it as $...$ "
                    "LaTeX to make it a formula again",
                )
                continue
            pics = list(fallback.iter(q(P, "pic"))) if fallback is not None else []
            for pic in pics:
                self.picture(PptxPicture(pic, self.slide.shapes))
            kept = "kept as its fallback picture" if pics else "not imported"
            self.report.report(
                self.number,
                f"an object for newer PowerPoint versions (a new "
                f"chart type, ink or a 3-D model): {kept}",
                dropped=not pics,
            )
