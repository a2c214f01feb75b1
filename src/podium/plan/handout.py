"""Handout and notes pages: paper sizes, margins and where each slide, rule and note goes.

Every number of the printed pages lives here, in CSS px (96 per inch); the handout template
only places what this module decided.
"""

from __future__ import annotations

from dataclasses import dataclass

from podium.plan.types import DeckPlan, SlidePlan

PX_PER_MM = 96 / 25.4
#: Paper sizes, width x height in mm.
PAPERS = {"a4": (210.0, 297.0), "letter": (215.9, 279.4)}
PER_PAGE = (1, 2, 3, 4, 6)
#: Regions whose paper is Letter (the lang tag's region subtag, e.g. en-US, es-MX, fr-CA).
LETTER_REGIONS = frozenset({"US", "CA", "MX", "PH", "PR", "CL", "CO", "VE", "GT", "CR", "PA"})
SIDE_MM = 15.0  # left and right margins
TOP_MM = 20.0  # the header line sits in it
BOTTOM_MM = 18.0  # the page number sits in it
HEAD_MM = 9.0  # from the page's top edge to the header's baseline box
FOOT_MM = 9.0  # from the page's bottom edge to the footer's box
GAP_MM = 8.0  # between slides, and between a slide and its rules
RULE_PITCH_MM = 8.0
#: With three slides a page, the share of the width the slides take (the rules get the rest).
THREE_SLIDE_SHARE = 0.56  # ruled lines for notes, about college-ruled paper
NOTES_LABEL_MM = 9.0  # the "Slide 3 · title" line under the slide on a notes page
#: Notes text starts at this size and shrinks to the smaller one to fit its page.
NOTES_PT = 12.0
NOTES_MIN_PT = 7.0


@dataclass(frozen=True)
class Rect:
    """A box on the page, in CSS px from the top-left corner."""

    x: float
    y: float
    w: float
    h: float


@dataclass(frozen=True)
class Cell:
    """One slide on a page: its frame, the scale that fits the slide into it, rules, notes."""

    slide: SlidePlan
    frame: Rect
    scale: float
    rules: tuple[Rect, ...] = ()  # each a line: x, y, width (h is 0)
    label: Rect | None = None  # notes pages: the line naming the slide
    notes: Rect | None = None  # notes pages: the box for the notes


@dataclass(frozen=True)
class Page:
    number: int  # 1-based
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Handout:
    """Printed pages of a deck: a handout (slides per page) or notes pages."""

    kind: str  # "handout" or "notes"
    paper: str  # "a4" or "letter"
    width: float
    height: float
    per_page: int
    header: Rect
    footer: Rect
    pages: tuple[Page, ...]
    notes_pt: float = NOTES_PT
    notes_min_pt: float = NOTES_MIN_PT

    @property
    def size_css(self) -> str:
        w, h = PAPERS[self.paper]
        return f"{_num(w)}mm {_num(h)}mm"


def _num(value: float) -> str:
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return text or "0"


def default_paper(lang: str) -> str:
    """Return the paper for a language tag: Letter where its region uses Letter, else A4."""
    for part in lang.split("-")[1:]:
        if len(part) == 2 and part.upper() in LETTER_REGIONS:
            return "letter"
    return "a4"


def _fit(box: Rect, ratio: float, align: str = "center") -> Rect:
    """Return the largest rectangle of height/width ``ratio`` inside ``box``: centred, at the
    box's left edge (``left``), or centred across at its top (``top``)."""
    w = min(box.w, box.h / ratio)
    h = w * ratio
    x = box.x if align == "left" else box.x + (box.w - w) / 2
    return Rect(x, box.y + (box.h - h) / 2 if align == "center" else box.y, w, h)


def _rules(x: float, top: float, bottom: float, width: float) -> tuple[Rect, ...]:
    pitch = RULE_PITCH_MM * PX_PER_MM
    count = int((bottom - top) // pitch)
    return tuple(Rect(x, top + pitch * (i + 1), width, 0) for i in range(count))


def layout(
    plan: DeckPlan,
    slide_px: tuple[int, int],
    *,
    kind: str = "handout",
    paper: str | None = None,
    per_page: int = 3,
    skip_empty: bool = False,
) -> Handout:
    """Return the pages of a handout (``kind`` handout) or of notes pages (``kind`` notes).

    Hidden slides are left out, as in the HTML deck. ``paper`` None takes the deck's
    language region; ``skip_empty`` leaves slides without notes out of notes pages.
    """
    paper = paper or default_paper(plan.lang)
    pw, ph = (v * PX_PER_MM for v in PAPERS[paper])
    side, top, bottom = SIDE_MM * PX_PER_MM, TOP_MM * PX_PER_MM, BOTTOM_MM * PX_PER_MM
    gap = GAP_MM * PX_PER_MM
    content = Rect(side, top, pw - 2 * side, ph - top - bottom)
    ratio = slide_px[1] / slide_px[0]
    shown = [s for s in plan.slides if not s.hidden]
    if kind == "notes":
        if skip_empty:
            shown = [s for s in shown if s.notes]
        per_page = 1
    groups = [shown[i : i + per_page] for i in range(0, len(shown), per_page)]
    pages = []
    for number, group in enumerate(groups, start=1):
        cells = []
        for k, slide in enumerate(group):
            if kind == "notes":
                cells.append(_notes_cell(slide, content, ratio, slide_px[0], gap))
            else:
                cells.append(_cell(slide, k, per_page, content, ratio, slide_px[0], gap))
        pages.append(Page(number, tuple(cells)))
    head_y = HEAD_MM * PX_PER_MM
    foot_h = 5 * PX_PER_MM
    return Handout(
        kind=kind,
        paper=paper,
        width=pw,
        height=ph,
        per_page=per_page,
        header=Rect(side, head_y - foot_h / 2, content.w, foot_h),
        footer=Rect(side, ph - FOOT_MM * PX_PER_MM - foot_h / 2, content.w, foot_h),
        pages=tuple(pages),
    )


def _cell(
    slide: SlidePlan, k: int, per_page: int, c: Rect, ratio: float, slide_w: int, gap: float
) -> Cell:
    if per_page == 1:
        frame = Rect(c.x, c.y, c.w, c.w * ratio)
        rules = _rules(c.x, frame.y + frame.h + gap / 2, c.y + c.h, c.w)
        return Cell(slide, frame, frame.w / slide_w, rules)
    if per_page == 3:
        row_h = (c.h - 2 * gap) / 3
        band = Rect(c.x, c.y + k * (row_h + gap), (c.w - gap) * THREE_SLIDE_SHARE, row_h)
        frame = _fit(band, ratio, "left")
        frame = Rect(frame.x, band.y + (band.h - frame.h) / 2, frame.w, frame.h)
        x = frame.x + frame.w + gap
        rules = _rules(x, band.y, band.y + band.h, c.x + c.w - x)
        return Cell(slide, frame, frame.w / slide_w, rules)
    cols, rows = {2: (1, 2), 4: (2, 2), 6: (2, 3)}[per_page]
    cell_w = (c.w - (cols - 1) * gap) / cols
    cell_h = (c.h - (rows - 1) * gap) / rows
    col, row = k % cols, k // cols
    cell = Rect(c.x + col * (cell_w + gap), c.y + row * (cell_h + gap), cell_w, cell_h)
    frame = _fit(cell, ratio, "top")
    # The cell's room under the slide gets ruled lines for notes, as on three a page.
    rules = _rules(cell.x, frame.y + frame.h + gap / 2, cell.y + cell.h, cell.w)
    return Cell(slide, frame, frame.w / slide_w, rules)


def _notes_cell(slide: SlidePlan, c: Rect, ratio: float, slide_w: int, gap: float) -> Cell:
    frame = Rect(c.x, c.y, c.w, c.w * ratio)
    label = Rect(c.x, frame.y + frame.h + gap / 2, c.w, NOTES_LABEL_MM * PX_PER_MM)
    notes_top = label.y + label.h + gap / 2
    notes = Rect(c.x, notes_top, c.w, c.y + c.h - notes_top)
    return Cell(slide, frame, frame.w / slide_w, label=label, notes=notes)
