"""Text frames got the way python-pptx gets them, without its descriptors: a new slide's notes
text frame, and a frame set to shrink its text on overflow. The same XML, in less time: the
writer asks for these on every slide."""

from __future__ import annotations

import functools

from pptx.enum.text import MSO_AUTO_SIZE
from pptx.opc.package import XmlPart
from pptx.oxml.ns import qn
from pptx.slide import Slide
from pptx.text.text import TextFrame

_qn = functools.cache(qn)
_SP = _qn("p:sp")
_NOTES_PH = f"{_qn('p:nvSpPr')}/{_qn('p:nvPr')}/{_qn('p:ph')}"
_BODY_PR = _qn("a:bodyPr")
_AUTOFITS = frozenset(_qn(t) for t in ("a:noAutofit", "a:normAutofit", "a:spAutoFit"))
_AFTER_AUTOFIT = frozenset(_qn(t) for t in ("a:scene3d", "a:sp3d", "a:flatTx", "a:extLst"))


def shrink_on_overflow(frame: TextFrame) -> None:
    """frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE, as python-pptx writes it (a:bodyPr's
    autofit choice replaced by a:normAutofit, in schema order), without its descriptors."""
    body_pr = frame._txBody.find(_BODY_PR)
    if body_pr is None:
        frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE
        return
    for child in [c for c in body_pr if c.tag in _AUTOFITS]:
        body_pr.remove(child)
    fit = body_pr.makeelement(_qn("a:normAutofit"))
    successor = next((c for c in body_pr if c.tag in _AFTER_AUTOFIT), None)
    if successor is not None:
        successor.addprevious(fit)
    else:
        body_pr.append(fit)


class _PartOf:
    """The parent a text frame asks for its part (a hyperlink is related from it)."""

    def __init__(self, part: XmlPart) -> None:
        self.part = part


def notes_frame(slide: Slide) -> TextFrame | None:
    """Return the text frame of a new slide's notes placeholder: slide.notes_slide's
    notes_text_frame, found without python-pptx's lookup of a notes slide the new slide cannot
    have yet nor its shape objects for every placeholder."""
    part: XmlPart = slide.part._add_notes_slide_part()  # type: ignore[no-untyped-call]
    for shape in part._element.cSld.spTree.iterchildren(_SP):
        ph = shape.find(_NOTES_PH)
        if ph is not None and ph.get("type") == "body":
            body = shape.find(_qn("p:txBody"))
            if body is None:
                break
            return TextFrame(body, _PartOf(part))
    return slide.notes_slide.notes_text_frame
