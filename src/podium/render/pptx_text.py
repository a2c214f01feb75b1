"""Write a plan's runs and paragraphs as PowerPoint text: sizes, bullets, fonts, links,
super- and subscripts, and formulas as Office Math equations with a linear-text fallback."""

from __future__ import annotations

import copy
import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from lxml import etree
from pptx.dml.color import RGBColor
from pptx.enum.text import PP_ALIGN
from pptx.oxml.ns import qn
from pptx.oxml.text import CT_RegularTextRun
from pptx.oxml.xmlchemy import BaseOxmlElement
from pptx.text.text import TextFrame, _Paragraph, _Run

from podium.plan.breaking import CJK
from podium.plan.geometry import TEXT_BOX_INDENT_EMU
from podium.plan.markup import Inline, Para, Run
from podium.plan.types import SlidePlan
from podium.template.theme import Theme

#: qn with its answers kept: the writer asks for the same few tags on every slide.
_qn = functools.cache(qn)
_R, _RPR, _T, _END = _qn("a:r"), _qn("a:rPr"), _qn("a:t"), _qn("a:endParaRPr")
_P, _PPR = _qn("a:p"), _qn("a:pPr")
#: The children of a:p that come after a:pPr, in schema order.
_AFTER_PPR = frozenset(_qn(t) for t in ("a:r", "a:br", "a:fld", "a:endParaRPr"))

P14 = "http://schemas.microsoft.com/office/powerpoint/2010/main"
A14 = "http://schemas.microsoft.com/office/drawing/2010/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
#: a:rPr baseline for super- and subscripts, as PowerPoint's font dialog sets them.
SUPERSCRIPT, SUBSCRIPT = "30000", "-25000"
#: What a client must understand to take the equation branch. PowerPoint (2010 and later)
#: understands both. LibreOffice claims "a14" alone, by that exact string, and then drops
#: every a14:m, so the formula would vanish there; listing two prefixes sends it, and other
#: clients that do not read Office Math, to the mc:Fallback's linear text.
EQUATION_REQUIRES = "a14 p14"
#: An equation and the linear-text runs standing in for it in its shape's mc:Fallback.
Equation = tuple[BaseOxmlElement, list[BaseOxmlElement]]


_HANGUL = re.compile("[\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7ff]")
_KANA = re.compile("[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]")

#: East Asian language -> (the font PowerPoint users have for it, its Office language tag).
#: Windows ships these; PowerPoint for Mac maps them to the Mac's own (Hiragino, PingFang).
SYSTEM_EAST_ASIAN = {
    "ja": ("Yu Gothic", "ja-JP"),
    "zh-Hans": ("Microsoft YaHei", "zh-CN"),
    "zh-Hant": ("Microsoft JhengHei", "zh-TW"),
    "ko": ("Malgun Gothic", "ko-KR"),
}


def east_asian_language(text: str, lang: str) -> str:
    """Return the East Asian language of CJK ``text`` in a deck of language ``lang``: Korean
    for Hangul, Japanese for kana, else the deck's CJK language (Han alone: Japanese unless the
    deck is Chinese or Korean)."""
    if _HANGUL.search(text):
        return "ko"
    if _KANA.search(text):
        return "ja"
    primary, *rest = lang.split("-")
    primary = primary.lower()
    if primary == "zh":
        traditional = {"hant", "tw", "hk", "mo"} & {part.lower() for part in rest}
        return "zh-Hant" if traditional else "zh-Hans"
    return "ko" if primary == "ko" else "ja"


@dataclass(frozen=True)
class TextStyle:
    """How text outside the template's own styles looks; None means inherit."""

    size: Callable[[int], float | None] = lambda _level: None
    color: str | None = None
    bold: bool = False
    italic: bool = False
    font: str | None = None
    #: Inline code on the code background (a:highlight), as the HTML draws it; titles and the
    #: cover and section slides show code in the mono font only.
    code_pill: bool = True
    #: Formulas as Office Math equations; False where PowerPoint has none (titles, table
    #: cells, notes, footers): the formula's linear text is written instead.
    omml: bool = True


def first_paragraph(frame: TextFrame) -> _Paragraph:
    """Return the frame's first paragraph: frame.paragraphs[0] without listing them all."""
    p = frame._txBody.find(_P)
    if p is None:
        paragraph: _Paragraph = frame.paragraphs[0]
        return paragraph
    return _Paragraph(p, frame)


def add_paragraph(frame: TextFrame) -> _Paragraph:
    """Add a paragraph at the end of ``frame``, where frame.add_paragraph() puts it (a:p is
    a text body's last child in the schema), without python-pptx's descriptors."""
    return _Paragraph(etree.SubElement(frame._txBody, _P), frame)


def paragraph_props(p: BaseOxmlElement) -> BaseOxmlElement:
    """Return the a:pPr of paragraph ``p``, added before its text if missing (as
    get_or_add_pPr does, without python-pptx's descriptors)."""
    pPr: BaseOxmlElement | None = p.find(_PPR)
    if pPr is None:
        pPr = p.makeelement(_PPR)
        successor = next((c for c in p if c.tag in _AFTER_PPR), None)
        if successor is not None:
            successor.addprevious(pPr)
        else:
            p.append(pPr)
    return pPr


def set_level(pPr: BaseOxmlElement, level: int) -> None:
    """Set the paragraph's outline level as _Paragraph.level does: 0 is the default, left out."""
    if level:
        pPr.set("lvl", str(level))
    elif "lvl" in pPr.attrib:
        del pPr.attrib["lvl"]


def _append(p: _Paragraph, child: BaseOxmlElement) -> BaseOxmlElement:
    """Add ``child`` (a run or a line break) at the end of ``p``'s text, before its end
    properties; in constant time, where python-pptx's add_run and add_br look through every
    child for where to insert (a paragraph of n runs would cost n squared)."""
    p_el = p._p
    last = next(p_el.iterchildren(reversed=True), None)  # len() would count every child
    if last is not None and last.tag == _qn("a:endParaRPr"):
        last.addprevious(child)
    else:
        p_el.append(child)
    return child


_escape_ctrl_chars = CT_RegularTextRun._escape_ctrl_chars


def append_text_run(p: _Paragraph, text: str) -> tuple[BaseOxmlElement, BaseOxmlElement]:
    """Add ``<a:r><a:rPr/><a:t>text</a:t></a:r>`` at the end of ``p`` (see _append); return
    the run and its (empty) properties. The XML python-pptx's add_run, ``r.text`` and
    ``r.get_or_add_rPr()`` make, built directly: python-pptx parses a string for every run
    and looks up each child through its descriptors."""
    p_el = p._p
    r: BaseOxmlElement = p_el.makeelement(_R)
    rPr: BaseOxmlElement = etree.SubElement(r, _RPR)
    etree.SubElement(r, _T).text = _escape_ctrl_chars(text)
    _append(p, r)
    return r, rPr


def centipoints(size: float) -> str:
    return str(max(100, round(size * 100)))


#: The children of a:rPr that come after a:latin and a:ea, in schema order.
_AFTER_LATIN = tuple(
    _qn(t)
    for t in ("a:ea", "a:cs", "a:sym", "a:hlinkClick", "a:hlinkMouseOver", "a:rtl", "a:extLst")
)


def set_latin(rPr: BaseOxmlElement, typeface: str) -> None:
    _set_font(rPr, "a:latin", typeface, _AFTER_LATIN)


def set_ea(rPr: BaseOxmlElement, typeface: str) -> None:
    """Give the run an East Asian font; python-pptx's font.name only writes a:latin."""
    _set_font(rPr, "a:ea", typeface, _AFTER_LATIN[1:])


def _set_font(rPr: BaseOxmlElement, tag: str, typeface: str, successors: tuple[str, ...]) -> None:
    """Set the a:latin/a:ea child of ``rPr``, keeping the schema's element order."""
    font = rPr.find(_qn(tag))
    if font is None:
        font = etree.Element(_qn(tag))
        successor = next((c for c in rPr if c.tag in successors), None)
        if successor is not None:
            successor.addprevious(font)
        else:
            rPr.append(font)
    font.set("typeface", typeface)


#: Layouts whose text shows inline code without its background (the HTML's rule too).
PILL_FREE_LAYOUTS = ("title", "section")


def _highlight(rPr: BaseOxmlElement, color: str) -> None:
    """Give a run a background colour: a:highlight, which comes just before a:latin."""
    highlight = etree.Element(_qn("a:highlight"))
    etree.SubElement(highlight, _qn("a:srgbClr"), val=color.upper())
    latin = rPr.find(_qn("a:latin"))
    if latin is not None:
        latin.addprevious(highlight)
    else:
        rPr.append(highlight)


def rgb(hex_color: str) -> RGBColor:
    value = int(hex_color, 16)
    return RGBColor(value >> 16, (value >> 8) & 0xFF, value & 0xFF)  # type: ignore[no-untyped-call]


class TextWriter:
    """Write paragraphs and runs into text frames for one slide (mixed into the slide writer)."""

    theme: Theme
    lang: str
    margins: list[int]
    plan: SlidePlan
    #: Text boxes that stand in for body text (columns) indent their levels as the master's
    #: body does, as the fitter measured them; other text boxes step TEXT_BOX_INDENT_EMU.
    body_box: bool = False
    #: Each equation written, for alternate_content to wrap its shape once the slide is done.
    equations: list[Equation]

    def _size(self, size: float, placeholder: bool) -> Callable[[int], float | None]:
        """Return the size rule for text of ``size``.

        A placeholder inherits its size from the template unless the plan scales the slide; a
        text box has no template style, so its size is always written.
        """
        scale = self.plan.scale
        if placeholder and scale == 1.0:
            return lambda _level: None
        return lambda _level: size * scale

    def _body_size(self, level: int) -> float:
        sizes = self.theme.body_sizes
        return sizes[min(level, len(sizes) - 1)] * self.plan.scale

    def _inline(
        self, frame: TextFrame, runs: Inline, style: TextStyle, align: PP_ALIGN | None = None
    ) -> None:
        p = first_paragraph(frame)
        if align is not None:
            paragraph_props(p._p).set("algn", PP_ALIGN.to_xml(align))
        self._runs(p, runs, style)
        self._end_props(p, style.size(0))

    def _paras(
        self,
        frame: TextFrame,
        paras: Sequence[Para],
        *,
        native: bool,
        style: TextStyle,
        append: bool = False,
    ) -> None:
        """Write ``paras`` into ``frame``, one a:p each.

        native: the frame is a body placeholder whose master styles carry the bullets and
        indents per level; otherwise bullets and indents are written on each paragraph.
        """
        numbering: dict[int, tuple[int, int]] = {}  # level -> (first number, last number)
        for n, para in enumerate(paras):
            level = max(0, min(8, para.level))
            first = n == 0 and not append
            p = first_paragraph(frame) if first else add_paragraph(frame)
            pPr = paragraph_props(p._p)
            set_level(pPr, level)
            for deeper in [k for k in numbering if k > level]:
                del numbering[deeper]
            start = 1
            if para.number is not None:
                value = para.number
                previous = numbering.get(level)
                start = previous[0] if previous and value == previous[1] + 1 else value
                numbering[level] = (start, value)
            elif para.bullet:
                numbering.pop(level, None)
            self._bullet(pPr, para, level, start, native)
            if len(para.runs) == 1 and para.runs[0].display and not para.bullet:
                pPr.set("algn", PP_ALIGN.to_xml(PP_ALIGN.CENTER))
            size = style.size(level)
            self._runs(p, para.runs, style, level)
            self._end_props(p, size)

    def _bullet(
        self, pPr: BaseOxmlElement, para: Para, level: int, start: int, native: bool
    ) -> None:
        step = TEXT_BOX_INDENT_EMU
        margins = self.margins if native or self.body_box else [step * (n + 1) for n in range(9)]
        if not para.bullet:
            # Plain text lines up with the text of the list item it continues, not the bullet.
            margin = margins[level - 1] if level else 0
            pPr.set("marL", str(margin))
            pPr.set("indent", "0")
            etree.SubElement(pPr, _qn("a:buNone"))
            return
        if not native:
            hang = margins[level] - (margins[level - 1] if level else 0)
            pPr.set("marL", str(margins[level]))
            pPr.set("indent", str(-hang))
            if self.body_box:  # the body's bullet colour, which a placeholder inherits
                colour = etree.SubElement(pPr, _qn("a:buClr"))
                etree.SubElement(colour, _qn("a:srgbClr"), val=self.theme.bullet_color)
        if para.number is not None:
            scheme = "arabicParenR" if para.bullet.endswith(")") else "arabicPeriod"
            etree.SubElement(pPr, _qn("a:buFont"), typeface="+mj-lt")
            auto = etree.SubElement(pPr, _qn("a:buAutoNum"), type=scheme)
            if start != 1:
                auto.set("startAt", str(start))
        elif para.bullet != "•" or not native:
            etree.SubElement(pPr, _qn("a:buFont"), typeface="Arial")
            etree.SubElement(pPr, _qn("a:buChar"), char=para.bullet)

    def _runs(self, p: _Paragraph, runs: Inline, style: TextStyle, level: int = 0) -> None:
        size = style.size(level)
        for run in runs:
            if run.is_break:
                br = _append(p, p._p._new_br())
                rPr = etree.SubElement(br, _qn("a:rPr"), lang=self.lang)
                if size is not None:
                    rPr.set("sz", centipoints(size))
                continue
            if run.math is not None:
                self._formula(p, run, style, size, alone=len(runs) == 1)
                continue
            self._run(p, run, run.text, style, size, run.italic, run.script)

    def _run(
        self,
        p: _Paragraph,
        run: Run,
        text: str,
        style: TextStyle,
        size: float | None,
        italic: bool,
        script: int,
    ) -> BaseOxmlElement:
        r_el, rPr = append_text_run(p, text)
        self._run_props(rPr, text, size, code=run.code)
        if run.bold or style.bold:
            rPr.set("b", "1")
        if italic or style.italic:
            rPr.set("i", "1")
        if script:
            rPr.set("baseline", SUPERSCRIPT if script > 0 else SUBSCRIPT)
        if run.strike:
            rPr.set("strike", "sngStrike")
        if style.color is not None or run.link is not None:
            r = _Run(r_el, p)
            if style.color is not None:
                r.font.color.rgb = rgb(style.color)
        if run.code:
            set_latin(rPr, self.theme.mono_font)
            if style.code_pill and self.plan.layout not in PILL_FREE_LAYOUTS:
                _highlight(rPr, self.theme.code_bg)
        elif style.font is not None:
            set_latin(rPr, style.font)
        if run.link is not None:
            r.hyperlink.address = run.link
        return r_el

    def _formula(
        self, p: _Paragraph, run: Run, style: TextStyle, size: float | None, alone: bool
    ) -> None:
        """Write a formula: an Office Math equation where allowed, its linear text elsewhere.

        The linear text is written in either case; with an equation it moves into the
        shape's mc:Fallback, for clients that do not read Office Math.
        """
        formula = run.math
        assert formula is not None
        texts = [
            self._run(p, run, piece.text, style, size, piece.italic, piece.script)
            for piece in formula.linear
        ]
        if not style.omml:
            return
        if formula.display and not alone:  # display math beside other text: set inline
            formula = replace(formula, display=False)
        if size is not None:  # equations take their size from the paragraph's defaults
            pPr = p._p.get_or_add_pPr()
            defRPr = pPr.find(_qn("a:defRPr"))
            if defRPr is None:
                defRPr = etree.Element(_qn("a:defRPr"))
                pPr.insert(_pPr_child_index(pPr), defRPr)
            defRPr.set("sz", centipoints(size))
            if style.color is not None and defRPr.find(_qn("a:solidFill")) is None:
                fill = etree.SubElement(defRPr, _qn("a:solidFill"))
                etree.SubElement(fill, _qn("a:srgbClr"), val=style.color.upper())
        from podium.media.omml import omml  # only decks with formulas need the converter

        equation = etree.Element(f"{{{A14}}}m", nsmap={"a14": A14})
        equation.append(etree.fromstring(omml(formula)))
        texts[0].addprevious(equation)
        for r in texts:
            p._p.remove(r)
        self.equations.append((equation, texts))

    def _run_props(
        self, rPr: BaseOxmlElement, text: str, size: float | None, *, code: bool = False
    ) -> BaseOxmlElement:
        rPr.set("lang", self.lang)
        if CJK.search(text):
            # Name a font the audience's PowerPoint has (text is measured with a
            # metric-compatible one), and tell it the text's East Asian language.
            language = east_asian_language(text, self.lang)
            typeface, office = SYSTEM_EAST_ASIAN[language]
            if not self.lang.lower().startswith(office.split("-")[0]):
                rPr.set("altLang", office)
            set_ea(rPr, self.theme.ea_typeface or typeface)
        if code:
            rPr.set("noProof", "1")  # identifiers are not misspelt words
        if size is not None:
            rPr.set("sz", centipoints(size))
        return rPr

    def _end_props(self, p: _Paragraph, size: float | None) -> None:
        end = p._p.find(_END)  # as get_or_add_endParaRPr, without python-pptx's descriptors
        if end is None:
            end = etree.SubElement(p._p, _END)  # a:p's last child in the schema
        end.set("lang", self.lang)
        if size is not None:
            end.set("sz", centipoints(size))


#: The children of a:pPr that come after a:defRPr, in schema order.
_AFTER_DEFRPR = (_qn("a:extLst"),)


def _pPr_child_index(pPr: BaseOxmlElement) -> int:
    """Return where a:defRPr goes among ``pPr``'s children (before a:extLst)."""
    for n, child in enumerate(pPr):
        if child.tag in _AFTER_DEFRPR:
            return n
    return len(pPr)


def alternate_content(equations: Sequence[Equation]) -> None:
    """Wrap every shape holding equations in mc:AlternateContent, as PowerPoint does.

    mc:Choice keeps the shape with its a14:m equations; mc:Fallback is a copy with each
    equation replaced by its linear text (runs with super- and subscripts), so a client
    without Office Math shows the formula and the rest of the shape as text.
    """
    by_shape: dict[int, tuple[BaseOxmlElement, list[Equation]]] = {}
    for equation, texts in equations:
        shape = equation
        while shape is not None and shape.tag not in (_qn("p:sp"), _qn("p:graphicFrame")):
            shape = shape.getparent()
        if shape is None:
            continue
        by_shape.setdefault(id(shape), (shape, []))[1].append((equation, texts))
    for shape, items in by_shape.values():
        if shape.getparent() is None:
            continue
        fallback = copy.deepcopy(shape)
        stand_ins = list(fallback.iter(f"{{{A14}}}m"))
        for (_equation, texts), stand_in in zip(items, stand_ins, strict=True):
            for r in texts:
                stand_in.addprevious(copy.deepcopy(r))
            stand_in.getparent().remove(stand_in)
        alternate = etree.Element(f"{{{MC}}}AlternateContent", nsmap={"mc": MC})
        shape.addprevious(alternate)
        choice = etree.SubElement(alternate, f"{{{MC}}}Choice", nsmap={"a14": A14, "p14": P14})
        choice.set("Requires", EQUATION_REQUIRES)
        choice.append(shape)
        etree.SubElement(alternate, f"{{{MC}}}Fallback").append(fallback)
