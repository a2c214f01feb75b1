"""The writer's direct lxml paths write what python-pptx's own API writes, element for element."""

from __future__ import annotations

import copy

from lxml import etree
from pptx import Presentation
from pptx.enum.text import MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.text.text import TextFrame, _Paragraph

from podium.render.pptx_frames import notes_frame, shrink_on_overflow
from podium.render.pptx_text import add_paragraph, first_paragraph, paragraph_props, set_level


def _xml(element: etree._Element) -> bytes:
    return etree.tostring(element)


def _text_box() -> TextFrame:
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    frame: TextFrame = slide.shapes.add_textbox(0, 0, 100, 100).text_frame
    return frame


def _twin(frame: TextFrame) -> TextFrame:
    """A copy of ``frame``'s text body beside it on its slide, in a frame of its own (in the
    same document, so that both serialise with the same namespace declarations)."""
    body = copy.deepcopy(frame._txBody)
    frame._txBody.getparent().addnext(body)
    return TextFrame(body, frame._parent)


def test_shrink_on_overflow_writes_what_auto_size_writes() -> None:
    frame = _text_box()
    body_pr = frame._txBody.find(qn("a:bodyPr"))
    assert body_pr is not None
    # An autofit choice already there, and a child that must stay after the new one.
    etree.SubElement(body_pr, qn("a:spAutoFit"))
    etree.SubElement(body_pr, qn("a:extLst"))
    ours = _twin(frame)
    frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE
    shrink_on_overflow(ours)
    assert _xml(ours._txBody) == _xml(frame._txBody)
    assert [c.tag for c in body_pr] == [qn("a:normAutofit"), qn("a:extLst")]


def test_paragraph_helpers_write_what_the_paragraph_api_writes() -> None:
    frame = _text_box()
    ours = _twin(frame)
    for level in (0, 2, 0):
        theirs = frame.add_paragraph()
        theirs.level = level
        theirs.alignment = PP_ALIGN.CENTER
        mine = add_paragraph(ours)
        props = paragraph_props(mine._p)
        set_level(props, level)
        props.set("algn", PP_ALIGN.to_xml(PP_ALIGN.CENTER))
    first = frame.paragraphs[0]
    first.add_run().text = "a run before the properties"
    first.level = 3
    mine_first = first_paragraph(ours)
    run = etree.SubElement(mine_first._p, qn("a:r"))
    etree.SubElement(run, qn("a:t")).text = "a run before the properties"
    set_level(paragraph_props(mine_first._p), 3)
    assert _xml(ours._txBody) == _xml(frame._txBody)
    # A level set back to 0 drops the attribute, as _Paragraph.level does.
    set_level(paragraph_props(mine_first._p), 0)
    first.level = 0
    assert _xml(ours._txBody) == _xml(frame._txBody)
    assert isinstance(first_paragraph(ours), _Paragraph)


def test_notes_frame_is_the_notes_placeholder_python_pptx_finds() -> None:
    prs = Presentation()
    ours = prs.slides.add_slide(prs.slide_layouts[1])
    theirs = prs.slides.add_slide(prs.slide_layouts[1])
    frame = notes_frame(ours)
    stock = theirs.notes_slide.notes_text_frame
    assert frame is not None and stock is not None
    assert ours.has_notes_slide
    # The frame found is the placeholder python-pptx names, on the notes slide it would add.
    assert frame._txBody is ours.notes_slide.notes_text_frame._txBody
    frame.text = stock.text = "What to say"
    mine, stock_xml = ours.notes_slide._element, theirs.notes_slide._element
    assert _xml(mine).replace(b'id="3"', b"") == _xml(stock_xml).replace(b'id="3"', b"")
    # A link in the notes is related from the notes slide, as python-pptx relates it.
    run = frame.paragraphs[0].runs[0]
    run.hyperlink.address = "https://example.org/"
    rels = ours.notes_slide.part.rels
    assert [r.target_ref for r in rels.values() if r.is_external] == ["https://example.org/"]
