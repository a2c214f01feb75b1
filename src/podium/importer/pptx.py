"""Read a .pptx into the deck it describes: layouts by placeholder type, runs as markup,
sections, notes, pictures and tables; everything else reported."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from lxml import etree

from podium.importer.inline import Span, allowed_link, to_markup
from podium.importer.package import check_package, is_reference, stripped_copy, to_png
from podium.importer.report import ImportReport, ImportSourceError
from podium.importer.writer import DeckOut, Item, SectionOut, SlideOut

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
P14 = "http://schemas.microsoft.com/office/powerpoint/2010/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
M = "http://schemas.openxmlformats.org/officeDocument/2006/math"
CHART_URI = "http://schemas.openxmlformats.org/drawingml/2006/chart"
DIAGRAM_URI = "http://schemas.openxmlformats.org/drawingml/2006/diagram"
OLE_URI = "http://schemas.openxmlformats.org/presentationml/2006/ole"

#: Fonts whose text is code: written as `code` runs.
MONO_FONTS = {
    "consolas", "courier new", "courier", "liberation mono", "dejavu sans mono", "menlo",
    "monaco", "lucida console", "lucida sans typewriter", "source code pro", "fira code",
    "fira mono", "roboto mono", "ubuntu mono", "noto sans mono", "noto mono", "andale mono",
    "jetbrains mono", "cascadia code", "cascadia mono", "inconsolata", "sf mono", "ibm plex mono",
}  # fmt: skip
#: Section names PowerPoint and LibreOffice give the slides before the first real section.
OPENING_NAMES = {"default section", "untitled section", "introduction"}
#: Picture formats Podium shows as they are; others are converted to PNG when Pillow can.
SHOWN = {"png": "png", "jpg": "jpg", "jpeg": "jpg", "gif": "gif"}
_GENERIC_NAME = re.compile(
    r"^(Picture|Image|Grafik|Bild|Imagen|Graphic|Content Placeholder|"
    r"Picture Placeholder|Espace réservé.*|Platzhalter.*)\s*\d*$",
    re.I,
)
_DATE = re.compile(
    r"^(\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{2,4}|"
    r"(\d{1,2} )?(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?( \d{1,2},?)? \d{4})$",
    re.IGNORECASE,
)
#: Alt text that is only the picture's file name (python-pptx and others write it): no alt.
_FILE_NAME = re.compile(r"^[^\s/\\]+\.(png|jpe?g|gif|bmp|tiff?|emf|wmf|svg|webp)$", re.I)
_TITLE_TYPES = {"title", "ctrTitle", "vertTitle"}
_BODY_TYPES = {"body", "obj", None, "vertBody", "vertObj"}
_LATENT_TYPES = {"dt", "ftr", "sldNum", "hdr"}
_GRAPHIC_TYPES = {"tbl", "chart", "dgm", "media", "clipArt", "pic"}


def _q(ns: str, tag: str) -> str:
    return f"{{{ns}}}{tag}"


# -- text ----------------------------------------------------------------------------------------


@dataclass
class Para:
    """A paragraph as read: its spans, level (0-8) and kind: 'bullet', 'number' or 'plain'."""

    spans: list[Span]
    level: int = 0
    kind: str = "plain"
    start: int = 1

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.spans).strip()


class _Reader:
    """Reads the text of one slide's (or notes page's) shapes, noting what it cannot keep."""

    def __init__(self, part: Any, report: ImportReport, number: int) -> None:
        self.part = part
        self.report = report
        self.number = number
        self.lost: set[str] = set()
        self.dropped: set[str] = set()  # formatting the deck does not have: not kept

    def link(self, rPr: Any) -> str | None:
        click = rPr.find(_q(A, "hlinkClick")) if rPr is not None else None
        if click is None:
            return None
        action = click.get("action") or ""
        rid = click.get(_q(R, "id"))
        if action.startswith("ppaction://") and not rid:
            self.lost.add("a link to another slide or an action (kept as text)")
            return None
        if not rid:
            return None
        try:
            rel = self.part.rels[rid]
        except KeyError:
            return None
        if not rel.is_external:
            self.lost.add("a link to another slide (kept as text)")
            return None
        href = str(rel.target_ref)
        if not allowed_link(href):
            shown = href if len(href) <= 50 else href[:47] + "..."
            self.lost.add(f"a link to '{shown}' (only http, https and mailto links are kept)")
            return None
        return href

    def span(self, el: Any) -> Span:
        rPr = el.find(_q(A, "rPr"))
        text = "".join(t.text or "" for t in el.iter(_q(A, "t")))
        bold = italic = code = strike = False
        script = 0
        if rPr is not None:
            bold = rPr.get("b") in ("1", "true")
            italic = rPr.get("i") in ("1", "true")
            latin = rPr.find(_q(A, "latin"))
            face = (latin.get("typeface") or "") if latin is not None else ""
            code = face.lower() in MONO_FONTS
            strike = rPr.get("strike") not in (None, "noStrike")
            baseline = rPr.get("baseline")
            if baseline not in (None, "0"):
                script = -1 if baseline.startswith("-") else 1
        return Span(text, bold, italic, code, self.link(rPr), script, strike)

    def paragraph(self, p: Any, inherited: Callable[[int], str]) -> Para:
        pPr = p.find(_q(A, "pPr"))
        level = int(pPr.get("lvl", "0")) if pPr is not None else 0
        kind, start = _bullet_of(pPr)
        if kind is None:
            kind = inherited(level)
        spans: list[Span] = []
        for child in p:
            tag = etree.QName(child).localname
            if tag in ("r", "fld"):
                spans.append(self.span(child))
            elif tag == "br":
                spans.append(Span("\n"))
            elif tag == "AlternateContent":
                spans.extend(self.alternate(child))
        return Para(spans, max(0, min(8, level)), kind, start)

    def alternate(self, el: Any) -> list[Span]:
        """Return the text of an equation (OMML) or other run-level alternate content."""
        maths = list(el.iter(_q(M, "oMath")))
        if maths:
            text = " ".join("".join(t.text or "" for t in m.iter(_q(M, "t"))) for m in maths)
            self.report.report(
                self.number,
                f"an equation ({text.strip()[:40]}): kept as its plain text; write it as $...$ "
                "LaTeX to make it a formula again",
            )
            return [Span(text)]
        fallback = el.find(_q(MC, "Fallback"))
        if fallback is None:
            return []
        return [self.span(r) for r in fallback.iter(_q(A, "r"))]

    def paragraphs(self, txBody: Any, inherited: Callable[[int], str]) -> list[Para]:
        if txBody is None:
            return []
        return [self.paragraph(p, inherited) for p in txBody.findall(_q(A, "p"))]

    def flush(self) -> None:
        for what in sorted(self.lost | self.dropped):
            self.report.report(self.number, what, dropped=what in self.dropped)
        self.lost.clear()
        self.dropped.clear()


def _bullet_of(pPr: Any) -> tuple[str | None, int]:
    if pPr is None:
        return None, 1
    for child in pPr:
        tag = etree.QName(child).localname
        if tag == "buNone":
            return "plain", 1
        if tag in ("buChar", "buBlip"):
            return "bullet", 1
        if tag == "buAutoNum":
            return "number", int(child.get("startAt", "1"))
    return None, 1


def _styles_of(shape: Any) -> list[Any]:
    """Return the list styles a placeholder inherits from, nearest first."""
    chain: list[Any] = []
    node = shape
    for _ in range(3):
        el = getattr(node, "_element", None)
        if el is None:
            break
        lst = el.find(f"{_q(P, 'txBody')}/{_q(A, 'lstStyle')}")
        if lst is not None:
            chain.append(lst)
        try:
            node = node._base_placeholder
        except (AttributeError, KeyError, ValueError):
            break
        if node is None:
            break
    return chain


def _inherited(shape: Any, master_style: Any, default: str) -> Callable[[int], str]:
    chain = _styles_of(shape) + ([master_style] if master_style is not None else [])

    def kind(level: int) -> str:
        for lst in chain:
            lvl = lst.find(_q(A, f"lvl{level + 1}pPr"))
            found, _start = _bullet_of(lvl)
            if found is not None:
                return found
        return default

    return kind


# -- the slide's shapes --------------------------------------------------------------------------


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


def _box(shape: Any) -> tuple[int, int, int, int]:
    try:
        return (
            int(shape.left or 0),
            int(shape.top or 0),
            int(shape.width or 0),
            int(shape.height or 0),
        )
    except (AttributeError, ValueError, TypeError):
        return (0, 0, 0, 0)


class _SlideScan:
    """Sort one slide's shapes into SlideShapes, reporting what Podium cannot show."""

    def __init__(self, slide: Any, number: int, report: ImportReport) -> None:
        self.slide = slide
        self.number = number
        self.report = report
        self.text = _Reader(slide.part, report, number)
        self.out = SlideShapes()
        master = slide.slide_layout.slide_master.element
        styles = master.find(_q(P, "txStyles"))
        self.body_style = styles.find(_q(P, "bodyStyle")) if styles is not None else None
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
        timing = self.slide.element.find(_q(P, "timing"))
        self.out.animated = timing is not None and len(timing) > 0
        self.out.clicks = _clicks(timing) if self.out.animated else []
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
        if getattr(shape, "has_table", False) and shape.has_table:
            self.out.tables.append(shape)
            return
        if getattr(shape, "has_chart", False) and shape.has_chart:
            self.out.charts.append(shape)
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
            if (
                shape.text_frame._txBody.find(f"{_q(A, 'bodyPr')}/{_q(A, 'prstTxWarp')}")
                is not None
            ):
                origin = "WordArt"
            self.out.boxes.append(Body(paras, _box(shape), None, -1, origin))
            return
        self.decorations += 1

    def graphic_uri(self, shape: Any) -> str:
        data = shape.element.find(f"{_q(A, 'graphic')}/{_q(A, 'graphicData')}")
        return str(data.get("uri")) if data is not None else ""

    def placeholder(self, shape: Any) -> None:
        fmt = shape.placeholder_format
        ph = shape.element.find(f".//{_q(P, 'nvPr')}/{_q(P, 'ph')}")
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
        if getattr(shape, "has_table", False) and shape.has_table:
            self.out.tables.append(shape)
            return
        if getattr(shape, "has_chart", False) and shape.has_chart:
            self.out.charts.append(shape)
            return
        if self.graphic_uri(shape) == DIAGRAM_URI:
            self.smartart(shape)
            return
        if not shape.has_text_frame:
            return
        default = "plain" if ph_type == "subTitle" else "bullet"
        style = self.body_style if ph_type in _BODY_TYPES else None
        paras = self.text.paragraphs(shape.text_frame._txBody, _inherited(shape, style, default))
        if not any(p.text for p in paras):
            return
        body = Body(paras, _box(shape), ph_type, fmt.idx, spid=str(shape.shape_id))
        if ph_type == "subTitle":
            self.out.subtitle = body
        else:
            self.out.bodies.append(body)

    def has_picture(self, shape: Any) -> bool:
        return shape.element.find(f".//{_q(A, 'blip')}") is not None and hasattr(shape, "image")

    def picture(self, shape: Any) -> None:
        nv = shape.element.find(f".//{_q(P, 'nvPr')}")
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
        cnv = shape.element.find(f".//{_q(P, 'cNvPr')}")
        alt = (cnv.get("descr") or "").strip() if cnv is not None else ""
        src = shape.element.find(f".//{_q(A, 'srcRect')}")
        cropped = src is not None and any(src.get(k) not in (None, "0") for k in "lrtb")
        self.out.pictures.append(Picture(blob, ext, alt, shape.name, _box(shape), cropped))

    def smartart(self, shape: Any) -> None:
        texts: list[str] = []
        data = shape.element.find(f".//{{{DIAGRAM_URI}}}relIds")
        rid = data.get(_q(R, "dm")) if data is not None else None
        if rid:
            try:
                part = self.slide.part.related_part(rid)
                root = etree.fromstring(part.blob)
                for pt in root.iter(f"{{{DIAGRAM_URI}}}pt"):
                    text = "".join(t.text or "" for t in pt.iter(_q(A, "t"))).strip()
                    if text:
                        texts.append(text)
            except (KeyError, etree.XMLSyntaxError):
                texts = []
        if texts:
            paras = [Para([Span(t)]) for t in texts]
            self.out.boxes.append(Body(paras, _box(shape), None, -1, "SmartArt"))
            self.report.report(self.number, "SmartArt: its texts kept as bullets, its drawing not")
        else:
            self.report.report(self.number, "SmartArt without text: not imported", dropped=True)

    def alternates(self, tree: Any) -> None:
        """Report content python-pptx skips: shapes only newer PowerPoint versions read."""
        from pptx.shapes.autoshape import Shape as PptxShape
        from pptx.shapes.picture import Picture as PptxPicture

        for alt in tree.findall(_q(MC, "AlternateContent")):
            fallback = alt.find(_q(MC, "Fallback"))
            maths = list(alt.iter(_q(M, "oMath")))
            texts = [sp for sp in fallback.iter(_q(P, "sp"))] if fallback is not None else []
            if maths and texts:
                for sp in texts:
                    shape = PptxShape(sp, self.slide.shapes)
                    paras = self.text.paragraphs(shape.text_frame._txBody, lambda _l: "plain")
                    self.out.boxes.append(Body(paras, _box(shape), None, -1, "equation"))
                text = " ".join(b.text for b in self.out.boxes[-len(texts) :])
                self.report.report(
                    self.number,
                    f"an equation ({text[:40]}): kept as its plain text; write it as $...$ "
                    "LaTeX to make it a formula again",
                )
                continue
            pics = list(fallback.iter(_q(P, "pic"))) if fallback is not None else []
            for pic in pics:
                self.picture(PptxPicture(pic, self.slide.shapes))
            kept = "kept as its fallback picture" if pics else "not imported"
            self.report.report(
                self.number,
                f"an object for newer PowerPoint versions (a new "
                f"chart type, ink or a 3-D model): {kept}",
                dropped=not pics,
            )


# -- the deck ------------------------------------------------------------------------------------


@dataclass
class _Slide:
    number: int
    sid: int
    out: SlideOut
    shapes: SlideShapes
    title_text: str = ""


class PptxImport:
    """Turn one presentation into a DeckOut and the files (pictures, template) beside it."""

    def __init__(self, path: Path, name: str, deck_path: Path, report: ImportReport) -> None:
        self.path = path
        self.name = name
        self.deck_path = deck_path
        self.report = report
        self.media_dir = f"{deck_path.stem}-media"
        self.files: dict[str, bytes] = {}
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
        self.width = int(prs.slide_width or 12192000)
        slides: list[_Slide] = []
        for n, slide in enumerate(prs.slides, start=1):
            self.count_langs(slide.element)
            try:
                shapes = _SlideScan(slide, n, self.report).scan()
                out = self.slide_out(slide, n, shapes)
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
            slides.append(_Slide(n, slide.slide_id, out, shapes))
        self.report.slides = len(slides)
        moving = [n for n, slide in enumerate(prs.slides, start=1) if _has_transition(slide)]
        if moving:
            which = ", ".join(map(str, moving)) if len(moving) <= 5 else f"{len(moving)} slides"
            self.report.report(None, f"slide transitions ({which}): not imported", dropped=True)
        deck = DeckOut()
        deck.meta = self.meta(slides)
        self.title_slides(slides, deck.meta)
        deck.items = self.sections(slides, deck.meta)
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

    # -- per slide ------------------------------------------------------------------------------

    def count_langs(self, element: Any) -> None:
        for rPr in element.iter(_q(A, "rPr")):
            lang = rPr.get("lang")
            if lang:
                self.langs[lang] += 1

    def markup(self, paras: Iterable[Para], number: int, what: str = "text") -> str:
        spans: list[Span] = []
        for k, para in enumerate(p for p in paras if p.text):
            if k:
                spans.append(Span("\n"))
            spans += para.spans
        text, kept = to_markup(spans)
        self.count_links(spans)
        if not kept:
            self.report.report(
                number,
                f"formatting in '{text[:40]}' could not be written as "
                "Podium markup: kept as plain text",
            )
        return text

    def count_links(self, spans: Iterable[Span]) -> None:
        self.report.keep("link", sum(1 for s in spans if s.link and allowed_link(s.link)))

    def items(self, paras: list[Para], number: int, comment: str = "") -> list[Item]:
        """Return bullets nested by level (a jump of several levels nests one deeper)."""
        roots: list[Item] = []
        stack: list[tuple[int, Item]] = []
        for para in paras:
            if not para.text:
                continue
            item = Item(self.markup([para], number))
            while stack and stack[-1][0] >= para.level:
                stack.pop()
            (stack[-1][1].children if stack else roots).append(item)
            stack.append((para.level, item))
        if comment and roots:
            for root in roots:
                root.comment = comment
        return roots

    def block(self, paras: list[Para], number: int) -> str:
        """Return paragraphs as block markup: plain paragraphs and (nested) '-' / '1.' lists."""
        lines: list[str] = []
        offsets: list[int] = []  # content column of the open list item at each level
        counters: dict[int, int] = {}
        previous = ""
        for para in paras:
            if not para.text:
                continue
            text, kept = to_markup(para.spans, block=True)
            self.count_links(para.spans)
            if para.kind == "plain":
                if lines:
                    lines.append("")
                lines += text.split("\n")
                offsets, counters, previous = [], {}, "plain"
                continue
            if previous == "plain" and lines:
                lines.append("")
            level = min(para.level, len(offsets))
            del offsets[level:]
            for deeper in [k for k in counters if k > level]:
                del counters[deeper]
            start = offsets[level - 1] if level else 0
            if para.kind == "number":
                counters[level] = counters.get(level, para.start - 1) + 1
                marker = f"{counters[level]}."
            else:
                counters.pop(level, None)
                marker = "-"
            offsets.append(start + len(marker) + 1)
            first, *rest = text.split("\n")
            lines.append(" " * start + marker + " " + first)
            lines += [" " * offsets[-1] + line for line in rest]
            previous = "list"
        return "\n".join(lines) + "\n" if lines else ""

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
                out.keys["text"] = self.block(paras[:lead], number)
            if rest:
                out.keys["bullets"] = self.items(rest, number)
        else:
            out.keys["text"] = self.block(paras, number)
        self.report.keep("text")

    def slide_out(self, slide: Any, number: int, shapes: SlideShapes) -> SlideOut:
        out = SlideOut()
        title = self.markup(_unstyled(shapes.title), number) if shapes.title else ""
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
                out.keys["subtitle"] = self.markup([p for b in bodies for p in b.paras], number)
                self.report.keep("text")
            leftovers = shapes.boxes
        elif kind == "table":
            self.table_keys(shapes.tables[0], number, out)
            below = [
                b
                for b in shapes.boxes
                if b.text and b.box[1] >= _box(shapes.tables[0])[1] + _box(shapes.tables[0])[3] // 2
            ]
            if len(below) == 1 and len([p for p in below[0].paras if p.text]) == 1:
                out.keys["caption"] = self.markup(below[0].paras, number)
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
            self.chart_keys(shapes.charts[0], number, out)
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
                self.picture_keys(picture, number, out)
                middle = picture.box[0] + picture.box[2] // 2
                if middle < self.width // 2:
                    out.keys["image_side"] = "left"
            boxes = [b for b in shapes.boxes if b.text]
            if boxes:
                boxes.sort(key=lambda b: (b.box[1], b.box[0]))
                items = out.keys.setdefault("bullets", [])
                for box in boxes:
                    items += self.items(
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
            where = self.save_picture(picture, number)
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
            level = _reveal_level(shapes) if kind == "bullets" else None
            paused = self.paused_columns(shapes) if kind == "two-column" else None
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
            lines = [line for p in sub.paras for line in _split_breaks(p) if line.text]
            if lines:
                out.keys["subtitle"] = self.markup(lines[:1], number)
                self.report.keep("text")
                if lines[1:]:
                    out.keys["byline"] = self.block(
                        [Para(p.spans, 0, "plain") for p in lines[1:]], number
                    )
        byline = [b for b in s.bodies if b.text]
        if byline:
            paras = [Para(p.spans, 0, "plain") for b in byline for p in b.paras if p.text]
            joined = self.block(paras, number)
            out.keys["byline"] = (out.keys.get("byline", "") + "\n" + joined).lstrip("\n")
            self.report.keep("text")
        s.bodies = []

    def table_keys(self, frame: Any, number: int, out: SlideOut) -> None:
        table = frame.table
        reader = _Reader(frame.part, self.report, number)
        rows: list[list[Any]] = []
        split = False
        firsts: list[list[Para]] = []  # the first column's cells below the header
        for r, row in enumerate(table.rows):
            cells: list[Any] = []
            for cell in row.cells:
                paras = reader.paragraphs(cell._tc.txBody, lambda _l: "plain")
                if r == 0:  # header text is bold by the table style, not by the lecturer
                    paras = [Para([replace(s, bold=False) for s in p.spans]) for p in paras]
                if r > 0 and not cells and not cell.is_spanned:
                    firsts.append(paras)
                text = self.markup(paras, number)
                if cell.is_spanned:
                    if r == 0 and cell._tc.get("vMerge"):
                        cells.append("")  # header cells merge across only
                    continue
                if cell.is_merge_origin:
                    across, down = cell.span_width, cell.span_height
                    if r == 0 and down > 1:  # a header merges across only: split downwards
                        split = True
                        down = 1
                    merged: dict[str, Any] = {"text": text}
                    if across > 1:
                        merged["cols"] = across
                    if down > 1:
                        merged["rows"] = down
                    cells.append(merged if len(merged) > 1 else text)
                    continue
                cells.append(text)
            rows.append(cells)
        reader.flush()
        if not rows or not rows[0]:
            out.keys["layout"] = "bullets"
            return
        spans = [[s for p in paras for s in p.spans if s.text.strip()] for paras in firsts]
        if (
            sum(1 for c in spans if c) >= 2
            and all(all(s.bold for s in c) for c in spans)
            and all(
                rows[r + 1] and not isinstance(rows[r + 1][0], dict) for r in range(len(firsts))
            )
        ):
            # The first column is bold throughout: Podium's header_column, written out.
            out.keys["header_column"] = True
            unbold = [[Para([replace(s, bold=False) for s in p.spans]) for p in c] for c in firsts]
            for r, paras in enumerate(unbold, start=1):
                rows[r][0] = self.markup(paras, number)
        out.keys["header"] = rows[0]
        out.keys["rows"] = rows[1:]
        self.report.keep("table")
        if split:
            self.report.report(
                number,
                "a header cell merged downwards: split (header cells merge across only)",
            )

    def chart_keys(self, frame: Any, number: int, out: SlideOut) -> None:
        chart = frame.chart
        try:
            plot = chart.plots[0]
            categories = [str(c) for c in plot.categories]
            series = list(plot.series)
        except (IndexError, KeyError, AttributeError, ValueError):
            categories, series = [], []
        if not series:
            out.keys["layout"] = "bullets"
            self.report.report(
                number,
                f"a chart ('{frame.name}'): not imported, its data could not be read",
                dropped=True,
            )
            return
        header = [""] + [s.name or f"Series {k + 1}" for k, s in enumerate(series)]
        rows = []
        for k, category in enumerate(
            categories or [str(n + 1) for n in range(len(series[0].values))]
        ):
            row = [category]
            for s in series:
                values = list(s.values)
                value = values[k] if k < len(values) else None
                row.append("" if value is None else f"{value:g}")
            rows.append(row)
        header[0] = ""
        out.keys["header"] = header
        out.keys["rows"] = rows
        self.report.keep("chart")
        self.report.report(
            number, f"a chart ('{frame.name}'): kept as a table of its data; Podium has no charts"
        )

    def column_keys(self, bodies: list[Body], number: int, out: SlideOut) -> None:
        middle = self.width // 2
        text = [b for b in bodies if b.text]
        left = [b for b in text if b.box[0] + b.box[2] // 2 < middle] or text[:1]
        right = [b for b in text if b not in left]
        for key, column in (("left", left), ("right", right)):
            column.sort(key=lambda b: b.box[1])
            items: list[Item] = []
            if len(column) >= 2 and len([p for p in column[0].paras if p.text]) == 1:
                head = Item(self.markup(column[0].paras, number))
                for body in column[1:]:
                    head.children += self.items(body.paras, number)
                items.append(head)
            else:
                for body in column:
                    items += self.items(body.paras, number)
            out.keys[key] = items or [Item("")]
        self.report.keep("text", len(text))

    def paused_columns(self, shapes: SlideShapes) -> list[str] | None:
        """Return the columns that come on a click (``pause:``), when that is all the clicks do."""
        clicks = shapes.clicks
        if not clicks or any(para is not None for _spid, para in clicks):
            return None
        middle = self.width // 2
        names = []
        for spid, _para in clicks:
            body = next((b for b in shapes.bodies if b.spid == spid and b.text), None)
            if body is None:
                return None
            names.append("left" if body.box[0] + body.box[2] // 2 < middle else "right")
        return names if len(set(names)) == len(names) else None

    def image_keys(
        self, picture: Picture, number: int, out: SlideOut, captions: list[Body]
    ) -> None:
        self.picture_keys(picture, number, out)
        if captions:
            captions.sort(key=lambda b: b.box[1])
            out.keys["caption"] = self.markup([p for b in captions for p in b.paras], number)

    def picture_keys(self, picture: Picture, number: int, out: SlideOut) -> str:
        """Set ``image`` and ``alt`` (a TODO where the original has no alt text)."""
        where = self.save_picture(picture, number)
        out.keys["image"] = where
        if picture.alt and not _FILE_NAME.match(picture.alt):
            out.keys["alt"] = picture.alt
        else:
            name = picture.name if not _GENERIC_NAME.match(picture.name) else ""
            out.keys["alt"] = name or f"Picture on slide {number}"
            out.comments["alt"] = "TODO: alt text"
            self.report.report(
                number,
                f"a picture without alt text ({where}): describe it in "
                "alt:, marked TODO in the deck",
            )
        if picture.cropped:
            self.report.report(
                number,
                f"a cropped picture ({where}): saved whole; crop the "
                "file itself if the crop matters",
            )
        return where

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
        reader = _Reader(notes.part, self.report, number)
        paras = reader.paragraphs(frame._txBody, lambda _l: "unset")
        # Paragraphs saying nothing about bullets are list items where the others say buNone.
        explicit = any(p.kind == "plain" for p in paras)
        for para in paras:
            if para.kind == "unset":
                para.kind = "bullet" if explicit else "plain"
        reader.flush()
        text = self.block(paras, number)
        if text.strip():
            out.keys["notes"] = text
            self.report.keep("notes")

    def save_picture(self, picture: Picture, number: int) -> str:
        ext = SHOWN.get(picture.ext)
        blob = picture.blob
        if ext is None:
            converted = to_png(blob)
            if converted is not None:
                blob, ext = converted, "png"
                self.report.report(number, f"a {picture.ext.upper()} picture: converted to PNG")
            else:
                ext = picture.ext
                self.report.report(
                    number,
                    f"a {picture.ext.upper()} picture cannot be shown by "
                    "Podium (PNG, JPEG or GIF): saved as it is; convert "
                    "it and change image:",
                )
        k = 1
        while True:
            where = f"{self.media_dir}/slide{number:02d}-{k}.{ext}"
            if where not in self.files:
                break
            k += 1
        self.files[where] = blob
        self.report.keep("picture")
        return where

    # -- the whole deck -------------------------------------------------------------------------

    def meta(self, slides: list[_Slide]) -> dict[str, Any]:
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

    def title_slides(self, slides: list[_Slide], meta: dict[str, Any]) -> None:
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

    def sections(self, slides: list[_Slide], meta: dict[str, Any]) -> list[SlideOut | SectionOut]:
        listed = _section_list(self.prs)
        by_id = {sid: k for k, (_name, ids) in enumerate(listed) for sid in ids}
        items: list[SlideOut | SectionOut] = []
        current: SectionOut | None = None
        current_k = -1
        opening = 0
        if listed and listed[0][0].strip().lower() in OPENING_NAMES | {meta["title"].lower()}:
            opening = 1
        if not listed:
            return self.sections_by_dividers(slides, meta)
        for name, ids in listed:
            if not any(s.sid in ids for s in slides):
                self.report.report(None, f"section '{name}' has no slides: left out", dropped=True)
        sections: list[SectionOut] = []
        slide_titles: dict[int, str] = {}
        for slide in slides:
            k = by_id.get(slide.sid, current_k if current_k >= 0 else -1)
            if k < opening:
                current = None
                items.append(slide.out)
                continue
            if current is None or k != current_k:
                current = SectionOut(listed[k][0].strip())
                current_k = k
                sections.append(current)
                items.append(current)
                self.report.keep("section")
            current.slides.append(slide.out)
            slide_titles[id(slide.out)] = str(slide.out.keys.get("title", ""))
        self.numbering(sections, meta)
        self.agenda(items, sections)
        self.dividers(sections)
        return items

    def sections_by_dividers(
        self, slides: list[_Slide], meta: dict[str, Any]
    ) -> list[SlideOut | SectionOut]:
        """Return slides grouped at section header slides, for a deck without sections."""
        items: list[SlideOut | SectionOut] = []
        current: SectionOut | None = None
        sections: list[SectionOut] = []
        for k, slide in enumerate(slides):
            keys = slide.out.keys
            following = slides[k + 1] if k + 1 < len(slides) else None
            if (
                slide.out.layout == "section"
                and keys.get("title")
                and following is not None
                and following.out.layout != "section"
                and set(keys) <= {"layout", "title", "subtitle"}
            ):
                current = SectionOut(str(keys["title"]), keys={"divider": True})
                if keys.get("subtitle"):
                    current.keys = {"summary": keys["subtitle"], "divider": True}
                sections.append(current)
                items.append(current)
                self.report.keep("section")
                continue
            if current is not None and slide.out.layout != "title":
                current.slides.append(slide.out)
            else:
                current = None
                items.append(slide.out)
        self.numbering(sections, meta)
        self.agenda(items, sections)
        return items

    def numbering(self, sections: list[SectionOut], meta: dict[str, Any]) -> None:
        """Recognise titles composed 'Section (n) Title' and turn them back into own titles."""
        verdicts: list[bool | None] = []
        for section in sections:
            name = section.title
            titled = [s for s in section.slides if s.keys.get("title") and s.keys["title"] != name]
            if not titled:
                verdicts.append(None)
                continue
            own: list[str] = []
            prefix = re.escape(name) + (r" \((\d+)\)" if len(titled) > 1 else "()")
            pattern = re.compile(prefix + r"[\n ](.+)", re.S)
            for n, slide in enumerate(titled, start=1):
                m = pattern.fullmatch(str(slide.keys["title"]))
                if m is None or (m[1] and int(m[1]) != n):
                    break
                own.append(m[2].strip())
            else:
                for slide, title in zip(titled, own, strict=True):
                    slide.keys["title"] = title
                verdicts.append(True)
                continue
            verdicts.append(False)
        for section in sections:
            for slide in section.slides:
                if slide.keys.get("title") == section.title:
                    slide.keys.pop("title")  # Podium titles an untitled slide with its section
        if verdicts.count(True) > verdicts.count(False):
            meta["section_titles"] = "numbered"
            for section, verdict in zip(sections, verdicts, strict=True):
                if verdict is False:
                    section.keys["numbered"] = False
        else:
            for section, verdict in zip(sections, verdicts, strict=True):
                if verdict:
                    section.keys["numbered"] = True

    def agenda(self, items: list[SlideOut | SectionOut], sections: list[SectionOut]) -> None:
        """Recognise an agenda slide listing the sections (and their summaries)."""
        if not sections:
            return
        names = [s.title for s in sections]
        for item in (i for i in items if isinstance(i, SlideOut)):
            bullets = item.keys.get("bullets")
            if item.layout != "bullets" or not bullets or "text" in item.keys:
                continue
            heads = [b.text for b in bullets]
            if any(len(b.children) > 1 or any(c.children for c in b.children) for b in bullets):
                continue
            if len(set(heads)) != len(heads) or not set(heads) <= set(names):
                continue
            order = [names.index(h) for h in heads]
            if order != sorted(order):
                continue
            for section in sections:
                if section.title in heads:
                    bullet = bullets[heads.index(section.title)]
                    if bullet.children:
                        section.keys["summary"] = bullet.children[0].text
                else:
                    section.keys["agenda"] = False
            item.keys = {
                "layout": "agenda",
                **{k: v for k, v in item.keys.items() if k not in ("layout", "bullets")},
            }
            if item.keys.get("title") == "Outline":
                item.keys.pop("title")
            return

    def dividers(self, sections: list[SectionOut]) -> None:
        """Turn a section slide opening its section, titled with it, into ``divider: true``."""
        for section in sections:
            first = section.slides[0] if section.slides else None
            if first is None or first.layout != "section" or len(section.slides) < 2:
                continue
            keys = {k: v for k, v in first.keys.items() if k not in ("layout", "subtitle")}
            if keys.get("title", section.title) != section.title or set(keys) - {"title"}:
                continue
            subtitle = first.keys.get("subtitle")
            summary = section.keys.get("summary")
            if subtitle and summary and subtitle != summary:
                continue
            if subtitle:
                section.keys["summary"] = subtitle
            section.keys["divider"] = True
            section.slides.pop(0)

    def latent(self, slides: list[_Slide], meta: dict[str, Any]) -> None:
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


def _unstyled(paras: list[Para]) -> list[Para]:
    """Return title paragraphs without bold (or italic) that covers all their text: that is the
    title's style written out (LibreOffice does), not emphasis."""
    spans = [s for p in paras for s in p.spans if s.text.strip()]
    if spans and all(s.bold for s in spans):
        paras = [
            Para([replace(s, bold=False) for s in p.spans], p.level, p.kind, p.start) for p in paras
        ]
    if spans and all(s.italic for s in spans):
        paras = [
            Para([replace(s, italic=False) for s in p.spans], p.level, p.kind, p.start)
            for p in paras
        ]
    return paras


def _split_breaks(para: Para) -> list[Para]:
    """Return the lines of ``para`` (split at its line breaks) as paragraphs of their own."""
    out = [Para([], para.level, para.kind, para.start)]
    for span in para.spans:
        if span.text == "\n":
            out.append(Para([], para.level, para.kind, para.start))
        else:
            out[-1].spans.append(span)
    return out


def _clicks(timing: Any) -> list[tuple[str, int | None]] | None:
    """Return the shape (and paragraph) each click of the main sequence brings in."""
    out: list[tuple[str, int | None]] = []
    for ctn in timing.iter(_q(P, "cTn")):
        if ctn.get("nodeType") != "clickEffect":
            continue
        if ctn.get("presetClass") not in (None, "entr"):
            return None  # an emphasis or exit effect: more than bullets coming in
        target = ctn.find(f".//{_q(P, 'spTgt')}")
        if target is None:
            return None
        rg = target.find(f"{_q(P, 'txEl')}/{_q(P, 'pRg')}")
        out.append((str(target.get("spid")), int(rg.get("st", "0")) if rg is not None else None))
    return out


def _reveal_level(shapes: SlideShapes) -> int | None:
    """Return the ``reveal_level`` whose bullets-one-click-each the slide's clicks are, or None.

    Podium (and Pandoc, for incremental lists) bring each bullet down to a level in on its own
    click, deeper bullets with their parent.
    """
    clicks = shapes.clicks
    if not clicks or any(para is None for _spid, para in clicks):
        return None
    body = next((b for b in shapes.bodies if b.spid == clicks[0][0]), None)
    if body is None or any(spid != body.spid for spid, _p in clicks):
        return None
    clicked = [para for _spid, para in clicks]
    bullets = [i for i, p in enumerate(body.paras) if p.text and p.kind != "plain"]
    for level in range(1, 10):
        if clicked == [i for i in bullets if body.paras[i].level < level]:
            return level
    return None


def _has_transition(slide: Any) -> bool:
    element = slide.element
    if element.find(_q(P, "transition")) is not None:
        return True
    return any(
        etree.QName(child).localname == "transition"
        for alt in element.findall(_q(MC, "AlternateContent"))
        for choice in alt
        for child in choice
    )


def _section_list(prs: Any) -> list[tuple[str, list[int]]]:
    out: list[tuple[str, list[int]]] = []
    for lst in prs.part._element.iter(_q(P14, "sectionLst")):
        for section in lst.findall(_q(P14, "section")):
            ids = [int(s.get("id", "0")) for s in section.iter(_q(P14, "sldId"))]
            out.append((section.get("name", ""), ids))
        break
    return out
