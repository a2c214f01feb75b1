"""A slide's date, footer and number: the template's own placeholders copied onto the slide
(PowerPoint leaves them off new slides), or text boxes where the template has none."""

from __future__ import annotations

import copy
import functools
import uuid
from collections.abc import Iterable
from typing import cast

from lxml import etree
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.oxml.xmlchemy import BaseOxmlElement
from pptx.shapes.base import BaseShape
from pptx.slide import Slide, SlideLayout, SlideMaster
from pptx.text.text import TextFrame, _Paragraph

from podium.plan.markup import Inline, Run
from podium.render.pptx_package import GUID_NS
from podium.render.pptx_text import TextStyle, TextWriter, set_latin
from podium.template.theme import Box

_qn = functools.cache(qn)
_OFFSET = f"{_qn('p:spPr')}/{_qn('a:xfrm')}/{_qn('a:off')}"
_SP = _qn("p:sp")


class FieldsWriter(TextWriter):
    """Write the date, footer and slide number of one slide (mixed into the slide writer)."""

    slide: Slide
    layout: SlideLayout  # the slide's
    fields: bool  # a live slide-number field shows the planned numbers
    latent: LatentSources

    def _frame(self, shape: BaseShape | None, box: Box, name: str = "") -> TextFrame:
        """Return the text frame of placeholder ``shape``, or of a new text box at ``box``."""
        raise NotImplementedError  # the slide writer's

    def _footer_fields(self) -> None:
        plan = self.plan
        wanted = (
            (PP_PLACEHOLDER.DATE, bool(plan.date)),
            (PP_PLACEHOLDER.FOOTER, bool(plan.footer)),
            (PP_PLACEHOLDER.SLIDE_NUMBER, plan.show_number),
        )
        layout = self.layout
        for kind, want in wanted:
            if not want:
                continue
            source, from_layout = self.latent.get(layout, kind)
            if source is None:
                self._latent_box(kind)
                continue
            sp = copy.deepcopy(source)
            sp.find(f"{_qn('p:nvSpPr')}/{_qn('p:cNvPr')}").set(
                "id", str(self.slide.shapes._next_shape_id)
            )
            spPr = sp.find(_qn("p:spPr"))
            xfrm = spPr.find(_qn("a:xfrm")) if spPr is not None else None
            if from_layout and xfrm is not None and spPr is not None:
                spPr.remove(xfrm)  # inherit the layout's position, so moving it there moves all
            self.slide.shapes._spTree.append(sp)
            if kind == PP_PLACEHOLDER.SLIDE_NUMBER:
                self._number(sp)
            else:
                self._latent_text(sp, plan.date if kind == PP_PLACEHOLDER.DATE else plan.footer)

    def _latent_box(self, kind: PP_PLACEHOLDER) -> None:
        """Draw date, footer or number in a text box where the template has no placeholder."""
        role, align = {
            PP_PLACEHOLDER.DATE: ("date", PP_ALIGN.LEFT),
            PP_PLACEHOLDER.FOOTER: ("footer", PP_ALIGN.CENTER),
            PP_PLACEHOLDER.SLIDE_NUMBER: ("number", PP_ALIGN.RIGHT),
        }[kind]
        frame = self._frame(None, self.theme.box(role))
        frame.vertical_anchor = MSO_ANCHOR.MIDDLE
        frame.word_wrap = False
        look = self.theme.look(self.plan.layout)
        size = self.theme.footer_size
        style = TextStyle(
            size=lambda _l: size, color=look.footer, font=self.theme.minor_font, omml=False
        )
        if kind == PP_PLACEHOLDER.SLIDE_NUMBER:
            self._inline(frame, (Run(str(self.plan.number)),), style, align=align)
            if self.fields:
                r = frame.paragraphs[0]._p.find(_qn("a:r"))
                assert r is not None
                guid = uuid.uuid5(GUID_NS, "slidenum")
                r.tag = _qn("a:fld")
                r.set("id", f"{{{str(guid).upper()}}}")
                r.set("type", "slidenum")
            return
        runs = self.plan.date if kind == PP_PLACEHOLDER.DATE else self.plan.footer
        self._inline(frame, runs, style, align=align)

    def _latent_text(self, sp: BaseOxmlElement, runs: Inline) -> None:
        txBody = sp.find(_qn("p:txBody"))
        assert txBody is not None
        for p in txBody.findall(_qn("a:p")):
            txBody.remove(p)
        p_el = etree.SubElement(txBody, _qn("a:p"))
        paragraph = _Paragraph(p_el, self.slide.shapes)  # its part: where links are kept
        self._runs(paragraph, runs, self._latent_style)
        self._end_props(paragraph, None)

    @property
    def _latent_style(self) -> TextStyle:
        # LibreOffice turns these placeholders into its own footer fields and drops the
        # inherited theme font (drawing them in a serif default) unless the run names a font.
        return TextStyle(font=self.theme.minor_font, omml=False)

    def _number(self, sp: BaseOxmlElement) -> None:
        number = str(self.plan.number)
        field = next((f for f in sp.iter(_qn("a:fld")) if f.get("type") == "slidenum"), None)
        if field is not None and self.fields:
            # The viewer computes the number; the cached text is what a reader without field
            # support (and our own tests) sees.
            text = field.find(_qn("a:t"))
            if text is None:
                text = etree.SubElement(field, _qn("a:t"))
            text.text = number
            rPr = field.find(_qn("a:rPr"))
            if rPr is None:
                rPr = etree.Element(_qn("a:rPr"))
                field.insert(0, rPr)
            rPr.set("lang", self.lang)
            set_latin(rPr, self.theme.minor_font)
            return
        txBody = sp.find(_qn("p:txBody"))
        assert txBody is not None
        for p in txBody.findall(_qn("a:p")):
            txBody.remove(p)
        p_el = etree.SubElement(txBody, _qn("a:p"))
        if self.fields:
            guid = uuid.uuid5(GUID_NS, "slidenum")
            field = etree.SubElement(p_el, _qn("a:fld"), id=f"{{{str(guid).upper()}}}")
            field.set("type", "slidenum")
            rPr = etree.SubElement(field, _qn("a:rPr"), lang=self.lang)
            set_latin(rPr, self.theme.minor_font)
            etree.SubElement(field, _qn("a:t")).text = number
        else:  # numbering a field cannot reproduce: write the planned number as text
            paragraph = _Paragraph(p_el, self.slide.shapes)  # its part: where links are kept
            self._runs(paragraph, (Run(number),), self._latent_style)


def _latent_source(
    layout: SlideLayout, kind: PP_PLACEHOLDER
) -> tuple[BaseOxmlElement | None, bool]:
    """Return the layout's (else the master's) date/footer/number p:sp, and whether from layout."""
    for owner, is_layout in ((layout, True), (layout.slide_master, False)):
        for ph in _placeholders_of(owner):
            if ph.placeholder_format.type == kind:
                return ph._element, is_layout
    return None, False


class LatentSources:
    """What a slide takes from its layout, looked up once per render (layouts do not change
    while slides are added): _latent_source per (layout, kind), and where a placeholder
    that has no position of its own sits."""

    def __init__(self) -> None:
        self._found: dict[tuple[int, PP_PLACEHOLDER], tuple[BaseOxmlElement | None, bool]] = {}
        self._left: dict[tuple[int, int], int] = {}
        self._keep: list[object] = []  # holds the layout parts whose id() keys the caches

    def left(self, layout: SlideLayout, shape: BaseShape) -> int:
        """Return ``shape.left or 0`` for a placeholder on a slide of ``layout``: its own when
        its spPr has an offset, else its layout placeholder's (one lookup per layout and idx)."""
        element = shape._element
        if element.tag != _SP or element.find(_OFFSET) is not None:
            return shape.left or 0
        part = layout.part
        key = (id(part), element.ph_idx)
        found = self._left.get(key)
        if found is None:
            self._keep.append(part)
            found = self._left[key] = shape.left or 0
        return found

    def get(self, layout: SlideLayout, kind: PP_PLACEHOLDER) -> tuple[BaseOxmlElement | None, bool]:
        key = (id(layout.part), kind)
        if key not in self._found:
            self._keep.append(layout.part)
            self._found[key] = _latent_source(layout, kind)
        return self._found[key]


def _placeholders_of(owner: SlideLayout | SlideMaster) -> list[BaseShape]:
    # python-pptx 1.0.2 declares these collections' __iter__ in a way mypy rejects.
    return list(cast("Iterable[BaseShape]", owner.placeholders))
