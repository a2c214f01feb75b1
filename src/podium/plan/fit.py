"""Fitting: measure each slide's text against its boxes, then shrink, split, warn or refuse.

Runs on a DeckPlan after planning and before rendering, so both renderers draw the same
decision. The geometry is the Theme's: its boxes, and the level margins and spacing of its
master's text styles (Theme.master_text). Tables are not measured yet: PowerPoint grows their
rows.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from podium.errors import Problem
from podium.plan.geometry import (
    CODE_INSET_EMU,
    columns_boxes,
    comparison_boxes,
    grid_boxes,
    heading_size,
    picture_text_boxes,
)
from podium.plan.markup import Inline, Para, Run, plain
from podium.plan.measure import Block, Measurer, measurer
from podium.plan.steps import restep
from podium.plan.types import DeckPlan, SectionPlan, SlidePlan
from podium.template.theme import EMU_PER_PT, INSET_X_EMU, INSET_Y_EMU, Box, Theme

POLICIES = ("shrink", "split", "warn", "error")
#: shrink stops where level-0 body text, a quote or a subtitle would drop below this size (pt).
MIN_BODY_PT = 14.0
#: ... and where any other text it scales (deeper levels, code, bylines, captions) would.
MIN_TEXT_PT = 12.0
#: shrink tries the scales 1.0, 0.975, 0.95, ... (28 pt body text loses 0.7 pt a step).
STEP = 0.025
#: Text is fitted into this share of a box's width. LibreOffice sets some sizes up to 0.3 %
#: wider than Pillow measures (it lays text out at 600 dpi) and PowerPoint's line breaking may
#: differ a little more; 1 % keeps a line we think fits from wrapping in either.
WIDTH_MARGIN = 0.99
CONT = " (cont.)"
_EMU_PER_MM = 36000


#: Space before each byline paragraph (pt), as the renderers set it.
BYLINE_SPACE = 2.0


# -- areas: the text boxes of one slide ----------------------------------------------------------


@dataclass(frozen=True)
class _Area:
    """One text box of a slide: what it holds at some scale and the room it has (EMU).

    width None: the text does not wrap (code) and ``room_w`` is checked instead.
    """

    name: str  # for messages: "text", "the title", "the left column", ...
    blocks: tuple[Block, ...]
    width: int | None
    room_h: int
    room_w: int
    scaled: bool
    floor: float  # the smallest scale this area's sizes allow
    lead: float  # the size (pt) of its main text at this scale, for messages
    title: bool = False


@dataclass(frozen=True)
class _Overflow:
    area: _Area
    over_h: int  # EMU taller than the room (<= 0: fits)
    over_w: int  # EMU wider (code only)
    lines: int  # how many lines of its first paragraph the excess height is
    longest: int  # characters in the longest line (code only)
    taken: int  # lines the text takes
    holds: int  # lines the box holds


class _Slides:
    """Build and measure the areas of slides for one theme and template style."""

    def __init__(self, theme: Theme) -> None:
        self.theme = theme
        self.style = theme.master_text
        self.body = measurer(theme.minor_font, theme.mono_font, theme.ea_font, theme.line_pitch)
        self.heads = measurer(theme.major_font, theme.mono_font, theme.ea_font, theme.line_pitch)

    # building ---------------------------------------------------------------------------------

    def _level_size(self, level: int) -> float:
        sizes = self.theme.body_sizes
        return sizes[min(max(level, 0), len(sizes) - 1)]

    def _margin(self, para: Para) -> int:
        margins = self.style.margins
        level = max(0, min(8, para.level))
        if para.bullet:
            return margins[min(level, len(margins) - 1)]
        return margins[min(level - 1, len(margins) - 1)] if level else 0

    def _box(
        self,
        name: str,
        role: str | Box,
        blocks: Sequence[Block],
        *,
        scaled: bool,
        floor: float,
        lead: float | None = None,
        title: bool = False,
    ) -> _Area:
        box = self.theme.box(role) if isinstance(role, str) else role
        lead = blocks[0].size if lead is None else lead
        return _Area(
            name,
            tuple(blocks),
            _room_w(box),
            box.h - 2 * INSET_Y_EMU,
            box.w - 2 * INSET_X_EMU,
            scaled,
            floor,
            lead,
            title,
        )

    def body_area(self, name: str, role: str | Box, paras: Sequence[Para], scale: float) -> _Area:
        space = self.style.space_before
        space = self.theme.para_space if space is None else space
        blocks = [
            Block(p.runs, self._level_size(p.level) * scale, self._margin(p), space) for p in paras
        ]
        floor = max(
            (MIN_BODY_PT if p.level == 0 else MIN_TEXT_PT) / self._level_size(p.level)
            for p in paras
        )
        lead = self._level_size(0) * scale
        return self._box(name, role, blocks, scaled=True, floor=floor, lead=lead)

    def title_area(self, slide: SlidePlan) -> _Area | None:
        runs = slide.title
        if not runs:
            return None
        role, size = "title", self.theme.title_size
        if slide.layout == "title":
            role, size = "cover-title", self.theme.title_slide_size
        elif slide.layout == "section":
            role, size = "section-title", self.theme.title_slide_size
        block = Block(runs, size, spacing=self.style.title_spacing)
        return self._box("the title", role, [block], scaled=False, floor=1.0, title=True)

    def areas(self, slide: SlidePlan, scale: float) -> list[_Area]:
        """Return the slide's text boxes with its sizes multiplied by ``scale``."""
        theme = self.theme
        out: list[_Area] = []
        head = self.title_area(slide)
        if head is not None:
            out.append(head)
        layout = slide.layout
        if layout == "title":
            if slide.subtitle:
                size = theme.subtitle_size
                out.append(
                    self._box(
                        "the subtitle",
                        "cover-subtitle",
                        [Block(slide.subtitle, size * scale)],
                        scaled=True,
                        floor=MIN_BODY_PT / size,
                    )
                )
            if slide.byline:
                size = theme.byline_size
                blocks = [Block(p.runs, size * scale, 0, BYLINE_SPACE) for p in slide.byline]
                out.append(
                    self._box(
                        "the byline", "cover-byline", blocks, scaled=True, floor=MIN_TEXT_PT / size
                    )
                )
        elif layout == "section":
            paras = ([Para(slide.subtitle)] if slide.subtitle else []) + list(slide.body)
            if paras:
                size = theme.subtitle_size
                blocks = [Block(p.runs, size * scale) for p in paras]
                out.append(
                    self._box(
                        "the subtitle",
                        "section-subtitle",
                        blocks,
                        scaled=True,
                        floor=MIN_BODY_PT / size,
                    )
                )
        elif layout == "two-column":
            for side in ("left", "right"):
                paras = getattr(slide, side)
                if paras:
                    out.append(self.body_area(f"the {side} column", side, paras, scale))
        elif layout == "picture-text":
            if slide.body and slide.image is not None:
                text_box, _picture = picture_text_boxes(slide, theme)
                out.append(self.body_area("text", text_box, slide.body, scale))
        elif layout == "comparison":
            at = dataclasses.replace(slide, scale=scale)
            for side, (head_box, box) in comparison_boxes(at, theme).items():
                heading = getattr(slide, f"{side}_title")
                if heading and head_box is not None:
                    out.append(self.heading_area(f"the {side} heading", head_box, heading, at))
                paras = getattr(slide, side)
                if paras:
                    out.append(self.body_area(f"the {side} column", box, paras, scale))
        elif layout == "columns":
            at = dataclasses.replace(slide, scale=scale)
            for n, (column, (head_box, box)) in enumerate(
                zip(slide.columns, columns_boxes(at, theme), strict=True), start=1
            ):
                if column.title and head_box is not None:
                    out.append(
                        self.heading_area(f"column {n}'s heading", head_box, column.title, at)
                    )
                if column.body:
                    out.append(self.body_area(f"column {n}", box, column.body, scale))
        elif layout == "quote":
            if slide.quote:
                size = theme.quote_size
                block = Block(slide.quote, size * scale, italic=True)
                out.append(
                    self._box("the quote", "quote", [block], scaled=True, floor=MIN_BODY_PT / size)
                )
            if slide.attribution:
                size = theme.byline_size
                block = Block(slide.attribution, size * scale)
                out.append(
                    self._box(
                        "the attribution",
                        "attribution",
                        [block],
                        scaled=True,
                        floor=MIN_TEXT_PT / size,
                    )
                )
        elif layout == "code":
            if slide.code is not None:
                out.append(self.code_area(slide, scale))
        elif layout == "image":
            if slide.caption:
                out.append(self.caption_area(slide, scale))
        elif layout == "images":
            at = dataclasses.replace(slide, scale=scale)
            for n, (figure, (_picture, under)) in enumerate(
                zip(slide.figures, grid_boxes(at, theme), strict=True), start=1
            ):
                if under is not None:
                    name = f"picture {n}'s caption"
                    out.append(self.caption_area(slide, scale, figure.caption, under, name))
        elif layout == "table":
            if slide.table is not None and slide.table.caption:
                out.append(self.caption_area(slide, scale, slide.table.caption, None))
        elif layout not in ("table", "blank") and slide.body:
            out.append(self.body_area("text", "body", slide.body, scale))
        return out

    def heading_area(self, name: str, box: Box, runs: Inline, slide: SlidePlan) -> _Area:
        """Return a column heading's area: one bold line at the heading size."""
        size = heading_size(slide, self.theme)
        block = Block(tuple(dataclasses.replace(r, bold=True) for r in runs), size)
        full = heading_size(dataclasses.replace(slide, scale=1.0), self.theme)
        return self._box(name, box, [block], scaled=True, floor=MIN_TEXT_PT / full)

    def code_area(self, slide: SlidePlan, scale: float) -> _Area:
        assert slide.code is not None
        size = self.theme.code_size
        blocks = [
            Block(tuple(Run(t.text, t.bold, t.italic, code=True) for t in line), size * scale)
            for line in (slide.code.lines or ((),))
        ]
        box = self.theme.box("body")
        return _Area(
            "the code",
            tuple(blocks),
            None,
            box.h - 2 * CODE_INSET_EMU,
            round((box.w - 2 * CODE_INSET_EMU) * WIDTH_MARGIN),
            True,
            MIN_TEXT_PT / size,
            size * scale,
        )

    def caption_area(
        self,
        slide: SlidePlan,
        scale: float,
        runs: Inline | None = None,
        box: Box | None = None,
        name: str = "the caption",
    ) -> _Area:
        # The renderer gives the caption one line under the picture (or table).
        sizes = self.theme.body_sizes
        size = sizes[min(3, len(sizes) - 1)]
        box = box or self.theme.box("body")
        block = Block(slide.caption if runs is None else runs, size * scale)
        room = round(size * scale * self.theme.line_pitch * EMU_PER_PT) + 1
        return _Area(
            name,
            (block,),
            _room_w(box),
            room,
            box.w - 2 * INSET_X_EMU,
            True,
            MIN_TEXT_PT / size,
            size * scale,
        )

    # measuring --------------------------------------------------------------------------------

    def overflow(self, area: _Area) -> _Overflow:
        tool: Measurer = self.heads if area.title else self.body
        size = tool.measure(area.blocks, area.width)
        pitch = area.blocks[0].size * self.theme.line_pitch * area.blocks[0].spacing
        pitch_emu = max(1.0, pitch * EMU_PER_PT)
        over_h = size.height - area.room_h
        over_w = size.width - area.room_w if area.width is None else 0
        longest = 0
        if area.width is None:
            longest = max(len(plain(b.runs)) for b in area.blocks)
        return _Overflow(
            area,
            over_h,
            over_w,
            math.ceil(over_h / pitch_emu) if over_h > 0 else 0,
            longest,
            size.lines,
            int(area.room_h // pitch_emu),
        )

    def problems(self, slide: SlidePlan, scale: float) -> list[_Overflow]:
        """Return the overflows of the slide's boxes at ``scale``."""
        out = []
        for area in self.areas(slide, scale):
            over = self.overflow(area)
            if over.over_h > 0 or over.over_w > 0:
                out.append(over)
        return out

    def floor(self, slide: SlidePlan) -> float:
        """Return the smallest scale shrink may use on ``slide``."""
        return max((a.floor for a in self.areas(slide, 1.0) if a.scaled), default=1.0)

    def shrink(self, slide: SlidePlan) -> tuple[float, list[_Overflow]]:
        """Return the largest scale on the STEP grid (or the floor) at which the slide's scaled
        text fits, and what still overflows there."""
        floor = min(1.0, self.floor(slide))
        scales = [1.0]
        while scales[-1] - STEP > floor + 1e-9:
            scales.append(round(scales[-1] - STEP, 6))
        if floor < 1.0:
            scales.append(floor)
        found: list[_Overflow] = []
        for scale in scales:
            found = self.problems(slide, scale)
            if not [o for o in found if o.area.scaled]:
                return scale, found
        return scales[-1], found

    def fits(self, paras: Sequence[Para]) -> bool:
        """Return whether body ``paras`` fit the slide's body box at full size."""
        return self.overflow(self.body_area("text", "body", paras, 1.0)).over_h <= 0


def _room_w(box: Box) -> int:
    return round((box.w - 2 * INSET_X_EMU) * WIDTH_MARGIN)


# -- the deck ----------------------------------------------------------------------------------


def fit(
    plan: DeckPlan, policy_of: Callable[[SlidePlan], str] | None = None
) -> tuple[DeckPlan, list[Problem]]:
    """Return the plan with every slide's text fitted to its boxes, and the overflows left.

    Per slide the policy (``policy_of(slide)``, else the slide's ``fit``) decides:
    shrink: the largest scale (1.0 down to the floor in STEP steps) at which the text fits; a
    warning for what still overflows at the floor. split: a bullets or agenda body goes on as
    many continuation slides "<title> (cont.)" as it needs, each at full size (a paragraph too
    tall for a slide of its own is shrunk); other layouts shrink. warn: a warning per overflow.
    error: an error per overflow. Titles are never scaled (the renderer draws them at the
    template's size): a title too long for its box is a warning, an error under error.
    After a split, slide indexes, numbers, numeric anchors and sections are renumbered.
    """
    tool = _Slides(plan.theme)
    placed: list[tuple[int, bool, SlidePlan]] = []  # (original position, continuation, slide)
    found: list[tuple[int, Problem]] = []  # (new position, problem)
    for origin, slide in enumerate(plan.slides):
        policy = policy_of(slide) if policy_of is not None else getattr(slide, "fit", "shrink")
        if policy not in POLICIES:
            policy = "shrink"
        pieces = [slide]
        if policy == "split" and _splittable(slide) and not tool.fits(slide.body):
            pieces = _split(slide, tool)
        for k, piece in enumerate(pieces):
            if policy in ("shrink", "split"):
                scale, overflows = tool.shrink(piece)
                piece = dataclasses.replace(piece, scale=scale)
            else:
                overflows = tool.problems(piece, piece.scale)
            severity = "error" if policy == "error" else "warning"
            for over in overflows:
                problem = _problem(piece, over, policy, cont=k > 0)
                found.append((len(placed), dataclasses.replace(problem, severity=severity)))
            placed.append((origin, k > 0, piece))
    slides = _renumber(placed)
    sections = _sections(plan.sections, [origin for origin, _c, _s in placed], len(plan.slides))
    problems = [_named(problem, slides[position]) for position, problem in found]
    return dataclasses.replace(plan, slides=tuple(slides), sections=tuple(sections)), problems


def _splittable(slide: SlidePlan) -> bool:
    return slide.layout not in _NOT_SPLIT and len(slide.body) > 1


#: Layouts whose text split cannot continue on another slide; they shrink instead.
_NOT_SPLIT = (
    "title",
    "section",
    "two-column",
    "comparison",
    "columns",
    "picture-text",
    "quote",
    "code",
    "image",
    "images",
    "table",
    "blank",
)


def _split(slide: SlidePlan, tool: _Slides) -> list[SlidePlan]:
    """Return ``slide`` and its continuations, each with as many paragraphs as fit."""
    chunks: list[list[Para]] = []
    rest = list(slide.body)
    while rest:
        n = 1
        while n < len(rest) and tool.fits(rest[: n + 1]):
            n += 1
        if n < len(rest) and rest[n].level > 0:
            # keep a bullet with its sub-bullets when that costs at most half the slide
            starts = [i for i in range(1, n) if rest[i].level == 0]
            if starts and starts[-1] * 2 >= n:
                n = starts[-1]
        chunks.append(rest[:n])
        rest = rest[n:]
    title = (*slide.title, Run(CONT)) if slide.title else ()
    out = [dataclasses.replace(slide, body=tuple(chunks[0]))]
    for chunk in chunks[1:]:
        out.append(dataclasses.replace(slide, body=tuple(chunk), title=title, notes=()))
    return [restep(part) for part in out]


def _renumber(placed: Sequence[tuple[int, bool, SlidePlan]]) -> list[SlidePlan]:
    """Return the slides with index, number and numeric anchors following their positions.

    A slide keeps the offset between its number and its index (a continuation its
    original's); anchors that are the slide's number follow it, ids stay.
    """
    out: list[SlidePlan] = []
    for position, (_origin, cont, slide) in enumerate(placed):
        number = position + slide.number - slide.index
        numeric = cont or slide.anchor == str(slide.number)
        anchor = str(number) if numeric else slide.anchor
        out.append(dataclasses.replace(slide, index=position, number=number, anchor=anchor))
    return out


def _sections(
    sections: Sequence[SectionPlan], origins: Sequence[int], old_count: int
) -> list[SectionPlan]:
    """Return the sections with first/count moved to where their slides went.

    origins: for each new slide, the position of the slide it came from.
    """
    first_at: dict[int, int] = {}
    end_at: dict[int, int] = {}
    for position, origin in enumerate(origins):
        first_at.setdefault(origin, position)
        end_at[origin] = position + 1
    out = []
    for section in sections:
        first = first_at.get(section.first, len(origins))
        last = min(section.first + section.count, old_count) - 1
        count = end_at[last] - first if section.count > 0 and last in end_at else 0
        out.append(dataclasses.replace(section, first=first, count=count))
    return out


def _problem(slide: SlidePlan, over: _Overflow, policy: str, cont: bool) -> Problem:
    area = over.area
    if area.title:
        text = (
            f"the title takes {_lines(over.taken)}, its box holds {over.holds}; shorten the title"
        )
        return Problem(text, slide.loc)
    if policy in ("shrink", "split") and area.scaled:
        where = f" at the smallest size ({area.lead:.3g} pt)"
        if area.name != "text":
            advice = "shorten it"
        elif policy == "split":
            where = " on a slide of its own" + where
            advice = "shorten the paragraph"
        else:
            advice = "shorten it" if cont else "split the slide or shorten it"
    else:
        where = ""
        advice = "shorten it, or set fit: shrink or split"
    if over.over_w > 0 and over.over_h > 0:
        text = (
            f"{area.name} is {_mm(over.over_w)} mm too wide (its longest line has "
            f"{over.longest} characters) and {_mm(over.over_h)} mm ({_lines(over.lines)}) "
            f"too tall for its box{where}"
        )
        return Problem(f"{text}; shorten it", slide.loc)
    if over.over_w > 0:
        text = (
            f"{area.name} is {_mm(over.over_w)} mm wider than its box{where} (its longest "
            f"line has {over.longest} characters)"
        )
        return Problem(f"{text}; shorten the lines", slide.loc)
    text = f"{area.name} is {_mm(over.over_h)} mm ({_lines(over.lines)}) taller than its box"
    return Problem(f"{text}{where}; {advice}", slide.loc)


def _named(problem: Problem, slide: SlidePlan) -> Problem:
    """Return ``problem`` with its message starting "slide N 'Title': "."""
    title = plain(slide.title)
    name = f"slide {slide.number}" + (f" '{_short(title)}'" if title else "")
    return dataclasses.replace(problem, message=f"{name}: {problem.message}")


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _mm(emu: int) -> int:
    return max(1, round(emu / _EMU_PER_MM))


def _lines(n: int) -> str:
    return "1 line" if n == 1 else f"{n} lines"
