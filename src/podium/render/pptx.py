"""Draw a DeckPlan as an editable, byte-reproducible PowerPoint file."""

from __future__ import annotations

import functools
import io
from collections.abc import Callable, Sequence

from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE
from pptx.oxml.ns import qn
from pptx.presentation import Presentation as PresentationT
from pptx.shapes.base import BaseShape
from pptx.shapes.shapetree import SlideShapeFactory
from pptx.slide import Slide, SlideLayout
from pptx.text.text import TextFrame
from pptx.util import Emu

from podium.cancel import checkpoint
from podium.errors import TemplateError
from podium.plan.geometry import (
    column_picture_box,
    columns_boxes,
    comparison_boxes,
    heading_size,
    picture_text_boxes,
    quote_boxes,
    title_box,
    title_size,
)
from podium.plan.markup import Inline, Para
from podium.plan.steps import FADE_MS, PARA_FIELDS
from podium.plan.types import DeckPlan, SlidePlan
from podium.render import fastpatch
from podium.render.pptx_fields import LatentSources
from podium.render.pptx_frames import notes_frame, shrink_on_overflow
from podium.render.pptx_package import (
    P14,
    office_lang,
    reproducible_zip,
    set_core_properties,
    set_default_lang,
    set_sections,
    zip_stamp,
)
from podium.render.pptx_shapes import ShapesWriter
from podium.render.pptx_text import (
    TextStyle,
    alternate_content,
)
from podium.render.timing import Effect, add_timing, timing
from podium.template.layouts import Template
from podium.template.package import damaged, patched_for_pptx, reference_path
from podium.template.theme import BYLINE_IDX, Box, Theme

#: Plan fields drawn as text shapes: their click animations get a build-list entry.
_TEXT_FIELDS = ("body", "left", "right", "quote", "attribution", "caption", "code")


_LATENT = (PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER)
_TITLES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE, PP_PLACEHOLDER.VERTICAL_TITLE)
_CONTENT = (
    PP_PLACEHOLDER.BODY,
    PP_PLACEHOLDER.OBJECT,
    PP_PLACEHOLDER.VERTICAL_BODY,
    PP_PLACEHOLDER.VERTICAL_OBJECT,
)

#: qn with its answers kept: the writer asks for the same few tags on every slide.
_qn = functools.cache(qn)
_PH = f"{_qn('p:nvPr')}/{_qn('p:ph')}"
#: The children of p:spTree that are shapes, as python-pptx lists them.
_SHAPE_TAGS = tuple(
    _qn(t) for t in ("p:sp", "p:grpSp", "p:graphicFrame", "p:cxnSp", "p:pic", "p:contentPart")
)


def render(plan: DeckPlan) -> bytes:
    """Return the .pptx file for ``plan``; the same plan always gives the same bytes.

    Raises TemplateError when the template cannot be read, is refused (macros, external links,
    a zip bomb) or is broken. python-pptx is sped up while it runs, for this file only
    (podium.render.fastpatch), and stock again when it returns.
    """
    with fastpatch.scoped() as fast:
        return _render(plan, fast)


def _render(plan: DeckPlan, fast: bool) -> bytes:
    template = Template.open(plan.template or reference_path())
    with damaged(template.path):
        prs = _open_presentation(template)
    if fast:
        fastpatch.adopt(prs.part.package)
    _remove_slides(prs)
    layouts = _Layouts(prs, template, plan.theme)
    lang = office_lang(plan.lang)
    fields = _fields_match_numbers(plan.slides)
    margins = list(plan.theme.master_text.margins)
    latent = LatentSources()
    for slide_plan in plan.slides:
        checkpoint()
        layout = layouts.pick(slide_plan.layout)
        slide = prs.slides.add_slide(layout)
        _SlideWriter(plan.theme, lang, margins, slide_plan, slide, fields, latent, layout).write()
    if fields and plan.slides and plan.slides[0].number != 1:
        first = plan.slides[0]
        prs.part._element.set("firstSlideNum", str(first.number - first.index))
    set_sections(prs, plan)
    set_default_lang(prs, lang)
    set_core_properties(prs, plan, lang)
    if fast:  # one compression per member instead of two: the same bytes
        return fastpatch.save_stamped(prs, zip_stamp(plan.created))
    buf = io.BytesIO()
    prs.save(buf)
    return reproducible_zip(buf.getvalue(), plan.created)


def _open_presentation(template: Template) -> PresentationT:
    data = patched_for_pptx(template.data) if template.is_potx else template.data
    try:
        return Presentation(io.BytesIO(data))
    except Exception as exc:  # python-pptx raises many kinds for a broken package
        raise TemplateError.at(template.path, f"cannot open the template: {exc}") from exc


def _remove_slides(prs: PresentationT) -> None:
    """Drop the template's own slides, and the section list and custom shows naming them."""
    id_list = prs.slides._sldIdLst
    for sld_id in list(id_list):
        prs.part.drop_rel(sld_id.rId)
        id_list.remove(sld_id)
    pres = prs.part._element
    for section_list in list(pres.iter(f"{{{P14}}}sectionLst")):
        ext = section_list.getparent()
        if ext is not None and ext.getparent() is not None:
            ext.getparent().remove(ext)
    for shows in pres.findall(_qn("p:custShowLst")):
        pres.remove(shows)


class _Layouts:
    """The template layout of each Podium layout, as the plan's theme chose it."""

    def __init__(self, prs: PresentationT, template: Template, theme: Theme) -> None:
        by_part = {
            str(lay.part.partname): lay for m in prs.slide_masters for lay in m.slide_layouts
        }
        missing = sorted(set(theme.layouts.values()) - set(by_part))
        if missing or "bullets" not in theme.layouts:
            raise TemplateError.at(
                template.path,
                f"the plan's layouts were chosen on another template "
                f"({', '.join(missing) or 'none for bullets'} not in this one); plan the deck "
                "with this template (podium.plan.planner.with_template)",
            )
        self._chosen: dict[str, SlideLayout] = {
            kind: by_part[part] for kind, part in theme.layouts.items()
        }

    def pick(self, kind: str) -> SlideLayout:
        return self._chosen[kind] if kind in self._chosen else self._chosen["bullets"]


def _fields_match_numbers(slides: Sequence[SlidePlan]) -> bool:
    """Return whether a live slide-number field shows each slide's planned number.

    A field counts slides from firstSlideNum; it can only show the plan's numbers when they
    are the position plus one constant.
    """
    offsets = {s.number - s.index for s in slides}
    return len(offsets) <= 1


class _SlideWriter(ShapesWriter):
    """Draw one SlidePlan onto a new slide."""

    def __init__(
        self,
        theme: Theme,
        lang: str,
        margins: list[int],
        plan: SlidePlan,
        slide: Slide,
        fields: bool,
        latent: LatentSources | None = None,
        layout: SlideLayout | None = None,
    ) -> None:
        self.theme = theme
        self.lang = lang
        self.margins = margins
        self.plan = plan
        self.slide = slide
        self.layout = layout if layout is not None else slide.slide_layout
        self.fields = fields
        self.filled: set[int] = set()  # shape ids of placeholders given content
        self.shape_ids = {}
        self.latent = latent if latent is not None else LatentSources()
        # The slide's placeholders as cloned from its layout, with their type and idx: the
        # writer adds none of its own, so one listing serves every lookup until
        # _remove_unfilled (each python-pptx lookup is an XPath query).
        self._ph: list[tuple[BaseShape, PP_PLACEHOLDER, int]] | None = None
        self.equations = []

    def write(self) -> None:
        plan = self.plan
        # The layouts plan.geometry places box by box: the title placeholder moves to its box.
        placed: dict[str, Callable[[], None]] = {
            "picture-text": self._picture_text,
            "comparison": self._comparison,
            "columns": self._many_columns,
            "images": self._figures,
        }
        # The layouts whose title stays where their template layout puts it.
        titled: dict[str, Callable[[], None]] = {
            "two-column": self._columns,
            "quote": self._quote,
            "image": self._image,
            "table": self._table,
            "code": self._code,
        }
        if plan.layout == "title":
            self._title_slide()
        elif plan.layout == "section":
            self._section_slide()
        elif plan.layout in placed:
            self._title(placed=True)
            placed[plan.layout]()
        elif plan.layout in titled:
            self._title()
            titled[plan.layout]()
        elif plan.layout != "blank":  # bullets, agenda and anything new: title and body
            self._title()
            self._body_paras(plan.body, "body", self._content()[:1])
        self._remove_unfilled()
        self._footer_fields()
        self._notes()
        self._timing()
        alternate_content(self.equations)
        if plan.hidden:
            self.slide._element.set("show", "0")

    # -- placeholders -------------------------------------------------------------------------

    def _placeholders(self) -> list[tuple[BaseShape, PP_PLACEHOLDER, int]]:
        """Return the slide's placeholders with their type and idx, listed once."""
        if self._ph is None:
            # As slide.placeholders lists them, each p:ph read once: python-pptx would ask
            # for it by XPath again for the shape's type, its idx and each inherited value.
            parent = self.slide.placeholders
            self._ph = []
            for element in self.slide.shapes._spTree.iterchildren(*_SHAPE_TAGS):
                first = next(element.iterchildren(etree.Element), None)  # python-pptx's *[1]
                ph = first.find(_PH) if first is not None else None
                if ph is None:
                    continue
                kind = ph.get("type")
                self._ph.append(
                    (
                        SlideShapeFactory(element, parent),
                        PP_PLACEHOLDER.from_xml(kind) if kind else PP_PLACEHOLDER.OBJECT,
                        int(ph.get("idx", "0")),
                    )
                )
        return self._ph

    def _find(self, types: Sequence[PP_PLACEHOLDER], idx: int | None = None) -> BaseShape | None:
        for ph, kind, ph_idx in self._placeholders():
            if kind in types and (idx is None or ph_idx == idx):
                return ph
        return None

    def _content(self) -> list[BaseShape]:
        """Return the body/content placeholders, left to right, without the byline."""
        found = [
            (self.latent.left(self.layout, ph), ph_idx, n, ph)
            for n, (ph, kind, ph_idx) in enumerate(self._placeholders())
            if kind in _CONTENT and ph_idx != BYLINE_IDX
        ]
        # n keeps sorted()'s stability for equal keys and never compares shapes.
        return [ph for _left, _idx, _n, ph in sorted(found, key=lambda f: f[:3])]

    def _frame(self, shape: BaseShape | None, box: Box, name: str = "") -> TextFrame:
        """Return the text frame of placeholder ``shape``, or of a new text box at ``box``.

        name: the plan field drawn in it, for the slide's click animations.
        """
        if shape is not None:
            self.filled.add(shape.shape_id)
            if name:
                self.shape_ids[name] = shape.shape_id
            frame: TextFrame = shape.text_frame  # type: ignore[attr-defined]
            # A safety net under the plan's fitting: LibreOffice shrinks text that still
            # overflows (it ignores the master's autofit), PowerPoint does once it is edited.
            shrink_on_overflow(frame)
            return frame
        textbox = self.slide.shapes.add_textbox(Emu(box.x), Emu(box.y), Emu(box.w), Emu(box.h))
        if name:
            self.shape_ids[name] = textbox.shape_id
        frame = textbox.text_frame
        frame.word_wrap = True
        frame.auto_size = MSO_AUTO_SIZE.NONE
        return frame

    def _remove_unfilled(self) -> None:
        for ph, _kind, _idx in self._placeholders():
            if ph.shape_id not in self.filled:
                element = ph._element
                parent = element.getparent()
                if parent is not None:
                    parent.remove(element)

    # -- slide kinds ----------------------------------------------------------------------------

    def _title(self, placed: bool = False) -> None:
        """Write the slide's title; ``placed``: move a placeholder to the title box, where the
        layouts sharing a template layout with another kind would put it elsewhere."""
        if self.plan.title:
            shape = self._find(_TITLES)
            box = title_box(self.plan, self.theme)
            if placed and shape is not None:
                _place(shape, box)
            frame = self._frame(shape, box)
            # The template's size unless fitting shrank the title: then the size is written.
            fixed = title_size(self.plan, self.theme) * self.plan.title_scale
            own = shape is None or self.plan.title_scale != 1.0
            size = (lambda _level: fixed) if own else (lambda _level: None)
            self._inline(frame, self.plan.title, TextStyle(size, code_pill=False, omml=False))

    def _title_slide(self) -> None:
        plan, theme = self.plan, self.theme
        self._title()
        subtitle = self._find((PP_PLACEHOLDER.SUBTITLE,)) or next(iter(self._content()), None)
        byline = self._find(_CONTENT, BYLINE_IDX)
        if plan.subtitle or (plan.byline and byline is None):
            frame = self._frame(subtitle, theme.box("cover-subtitle"))
            style = TextStyle(size=self._size(theme.subtitle_size, subtitle is not None))
            paras = [Para(plan.subtitle)] if plan.subtitle else []
            self._paras(frame, paras, native=False, style=style)
            if byline is None and plan.byline:
                # The subtitle's own size would make the byline shout: give it its own.
                style = TextStyle(size=self._size(theme.byline_size, False))
                self._paras(frame, plan.byline, native=False, style=style, append=bool(paras))
        if byline is not None and plan.byline:
            frame = self._frame(byline, theme.box("cover-byline"))
            style = TextStyle(size=self._size(theme.byline_size, True))
            self._paras(frame, plan.byline, native=False, style=style)

    def _section_slide(self) -> None:
        plan, theme = self.plan, self.theme
        self._title()
        paras = ([Para(plan.subtitle)] if plan.subtitle else []) + list(plan.body)
        if paras:
            shape = next(iter(self._content()), None)
            frame = self._frame(shape, theme.box("section-subtitle"))
            style = TextStyle(size=self._size(theme.subtitle_size, shape is not None))
            self._paras(frame, paras, native=False, style=style)

    def _body_paras(self, paras: Sequence[Para], role: str, shapes: list[BaseShape]) -> None:
        if not paras:
            return
        shape = shapes[0] if shapes else None
        frame = self._frame(shape, self.theme.box(role), role)
        if shape is not None:
            style = TextStyle(size=self._body_size) if self.plan.scale != 1.0 else TextStyle()
            self._paras(frame, paras, native=True, style=style)
        else:  # a text box has no body style to inherit: sizes and bullets are ours
            self._paras(frame, paras, native=False, style=TextStyle(size=self._body_size))

    def _columns(self) -> None:
        content = self._content()
        self._body_paras(self.plan.left, "left", content[:1])
        self._body_paras(self.plan.right, "right", content[1:2])

    def _placed_paras(
        self, paras: Sequence[Para], box: Box, shape: BaseShape | None, name: str = ""
    ) -> None:
        """Write body ``paras`` at ``box``: in placeholder ``shape`` moved there, else in a text
        box; sizes are written, as the placeholder may be styled for another use."""
        if not paras:
            return
        if shape is not None:
            _place(shape, box)
        frame = self._frame(shape, box, name)
        frame.vertical_anchor = MSO_ANCHOR.TOP
        self.body_box = True
        self._paras(frame, paras, native=shape is not None, style=TextStyle(size=self._body_size))
        self.body_box = False
        if shape is None:  # a text box has no master style: the body's space between paragraphs
            space = str(round(self.theme.para_space * 100))
            for p in frame.paragraphs[1:]:
                pPr = p._p.get_or_add_pPr()
                before = etree.Element(_qn("a:spcBef"))
                etree.SubElement(before, _qn("a:spcPts"), val=space)
                pPr.insert(0, before)

    def _heading(self, runs: Inline, box: Box | None, shape: BaseShape | None) -> None:
        """Write a column heading at ``box``: one bold line at the heading size."""
        if not runs or box is None:
            return
        if shape is not None:
            _place(shape, box)
        frame = self._frame(shape, box)
        frame.vertical_anchor = MSO_ANCHOR.BOTTOM
        size = heading_size(self.plan, self.theme)
        style = TextStyle(size=lambda _l: size, bold=True)
        self._paras(frame, [Para(runs)], native=shape is not None, style=style)

    def _picture_text(self) -> None:
        plan = self.plan
        if plan.image is None:
            return
        text_box, picture_box = picture_text_boxes(plan, self.theme)
        content = self._content()
        self._placed_paras(plan.body, text_box, content[0] if content else None, "body")
        self._picture(plan.image, picture_box, "image")

    def _comparison(self) -> None:
        plan = self.plan
        boxes = comparison_boxes(plan, self.theme)
        content = sorted(self._content(), key=lambda ph: (ph.left or 0, ph.top or 0, ph.shape_id))
        heads: list[BaseShape | None] = [None, None]
        bodies: list[BaseShape | None] = [*content[:2], None, None][:2]
        if len(content) >= 4:  # heading and content placeholders, left then right
            heads, bodies = [content[0], content[2]], [content[1], content[3]]
        for n, side in enumerate(("left", "right")):
            head_box, body_box = boxes[side]
            self._heading(getattr(plan, f"{side}_title"), head_box, heads[n])
            self._placed_paras(getattr(plan, side), body_box, bodies[n], side)

    def _many_columns(self) -> None:
        plan = self.plan
        for column, (head_box, box) in zip(
            plan.columns, columns_boxes(plan, self.theme), strict=True
        ):
            self._heading(column.title, head_box, None)
            if column.image is not None:
                self._picture(column.image, column_picture_box(column.image, box))
            else:
                self._placed_paras(column.body, box, None)

    def _quote(self) -> None:
        plan, theme = self.plan, self.theme
        scale = plan.scale
        quote_box, attribution_box = quote_boxes(plan, theme)
        if plan.quote:
            frame = self._frame(None, quote_box, "quote")
            # The box hugs the fitted text, anchored next to the attribution.
            frame.vertical_anchor = MSO_ANCHOR.BOTTOM
            style = TextStyle(size=lambda _l: theme.quote_size * scale, color=theme.text)
            self._inline(frame, plan.quote, style)
        if plan.attribution:
            frame = self._frame(None, attribution_box, "attribution")
            frame.vertical_anchor = MSO_ANCHOR.TOP
            style = TextStyle(size=lambda _l: theme.byline_size * scale, color=theme.muted)
            self._inline(frame, plan.attribution, style)

    # -- click animations -----------------------------------------------------------------------

    def _timing(self) -> None:
        """Write the slide's steps as PowerPoint click animations (see render/timing.py)."""
        steps = self.plan.steps
        if not steps.count:
            return
        ids = self.shape_ids
        clicks: list[list[Effect]] = []
        for click in steps.clicks:
            effects: list[Effect] = []
            for target in click:
                if target.field == "highlight":
                    n = target.paras[0]
                    effects.append(Effect(ids[f"highlight{n}"], "appear"))
                    if n:  # the new highlight replaces the one before
                        effects.append(Effect(ids[f"highlight{n - 1}"], "disappear"))
                elif target.field in ids:
                    effects.append(Effect(ids[target.field], "fade", target.paras))
            clicks.append(effects)
        text = {ids[name] for name in _TEXT_FIELDS if name in ids}
        levels = {ids[name]: steps.level for name in PARA_FIELDS if name in ids}
        add_timing(self.slide._element, timing(clicks, text, levels, FADE_MS))

    # -- notes ---------------------------------------------------------------------------------

    def _notes(self) -> None:
        if not self.plan.notes:
            return
        frame = notes_frame(self.slide)
        if frame is not None:
            self._paras(frame, self.plan.notes, native=False, style=TextStyle(omml=False))


def _place(shape: BaseShape, box: Box) -> None:
    """Give ``shape`` its own position and size: ``box``."""
    shape.left, shape.top, shape.width, shape.height = (
        Emu(box.x),
        Emu(box.y),
        Emu(box.w),
        Emu(box.h),
    )
