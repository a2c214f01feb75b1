"""Fitting: measure each slide's text against its boxes, then shrink, split, warn or refuse.

Runs on a DeckPlan after planning and before rendering, so both renderers draw the same
decision. The geometry is the Theme's: its boxes, and the level margins and spacing of its
master's text styles (Theme.master_text). Everything on a slide is measured: titles (with their
own scale), body text, quotes, captions, code (which never wraps) and tables (each cell's text
wrapped in its column, rows as tall as their tallest cell).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass

from podium.plan.geometry import (
    CODE_INSET_EMU,
    ROW_AIR_EMU,
    columns_boxes,
    comparison_boxes,
    grid_boxes,
    heading_size,
    picture_text_boxes,
    table_caption_height,
    table_widths,
    title_size,
)
from podium.plan.markup import Inline, Para, Run, plain
from podium.plan.measure import Block, Measurer, measurer
from podium.plan.types import SlidePlan, TablePlan
from podium.template.theme import EMU_PER_PT, INSET_X_EMU, INSET_Y_EMU, Box, Theme

POLICIES = ("shrink", "split", "warn", "error")
#: shrink stops where level-0 body text, a quote or a subtitle would drop below this size (pt).
MIN_BODY_PT = 14.0
#: ... and where any other text it scales (deeper levels, code, tables, bylines, captions) would.
MIN_TEXT_PT = 12.0
#: A title shrinks (on its own scale) down to this size (pt).
MIN_TITLE_PT = 20.0
#: shrink tries the scales 1.0, 0.975, 0.95, ... (28 pt body text loses 0.7 pt a step).
STEP = 0.025
#: Text is fitted into this share of a box's width. LibreOffice sets some sizes up to 0.3 %
#: wider than Pillow measures (it lays text out at 600 dpi) and PowerPoint's line breaking may
#: differ a little more; 1 % keeps a line we think fits from wrapping in either.
WIDTH_MARGIN = 0.99


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
    table: TablePlan | None = None  # a table to measure row by row instead of blocks
    scale: float = 1.0


@dataclass(frozen=True)
class _Overflow:
    area: _Area
    over_h: int  # EMU taller than the room (<= 0: fits)
    over_w: int  # EMU wider (code only)
    lines: int  # how many lines of its first paragraph (rows of a table) the excess height is
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

    def title_area(self, slide: SlidePlan, scale: float = 1.0) -> _Area | None:
        """Return the title's box with the title's size multiplied by ``scale``."""
        runs = slide.title
        if not runs:
            return None
        size = title_size(slide, self.theme)
        role = {"title": "cover-title", "section": "section-title"}.get(slide.layout, "title")
        block = Block(runs, size * scale, spacing=self.style.title_spacing)
        floor = min(1.0, MIN_TITLE_PT / size)
        return self._box("the title", role, [block], scaled=True, floor=floor, title=True)

    def areas(self, slide: SlidePlan, scale: float) -> list[_Area]:
        """Return the slide's boxes other than the title with its sizes multiplied by
        ``scale``."""
        theme = self.theme
        out: list[_Area] = []
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
                block = Block(slide.quote, size * scale)
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
            if slide.table is not None and (slide.table.header or slide.table.rows):
                out.append(self.table_area(slide, scale))
            if slide.table is not None and slide.table.caption:
                out.append(self.caption_area(slide, scale, slide.table.caption, None))
        elif layout != "blank" and slide.body:
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
            box.h - 2 * CODE_INSET_EMU - CODE_INSET_EMU // 2,
            round((box.w - 2 * CODE_INSET_EMU) * WIDTH_MARGIN),
            True,
            MIN_TEXT_PT / size,
            size * scale,
        )

    def table_area(self, slide: SlidePlan, scale: float) -> _Area:
        size = self.theme.table_size
        box = self.theme.box("body")
        room = box.h - table_caption_height(dataclasses.replace(slide, scale=scale), self.theme)
        return _Area(
            "the table",
            (),
            box.w,
            room,
            box.w,
            True,
            MIN_TEXT_PT / size,
            size * scale,
            table=slide.table,
            scale=scale,
        )

    def row_heights(self, slide: SlidePlan, scale: float) -> list[int]:
        """Return the height (EMU) of each row of the slide's table at ``scale``, header first:
        its tallest cell's text wrapped in its column's width (a merged cell's columns
        together), the cell margins and a little air. A cell merged over several rows makes
        the last of them taller where the rows together are too short for it."""
        table = slide.table
        assert table is not None
        size = self.theme.table_size * scale
        widths = table_widths(table, self.theme.box("body").w)
        rows = (table.header, *table.rows)
        extra = 2 * INSET_Y_EMU + ROW_AIR_EMU
        line = self.body.measure([Block((), size)], None).height + extra

        def height(r: int, c: int, cols: int) -> int:
            row = rows[r]
            cell = row[c] if c < len(row) else ()
            bold = r == 0 or (c == 0 and table.header_column)
            runs = tuple(dataclasses.replace(run, bold=True) for run in cell) if bold else cell
            room = round((sum(widths[c : c + cols]) - 2 * INSET_X_EMU) * WIDTH_MARGIN)
            return self.body.measure([Block(runs, size)], room).height + extra

        out = [line] * len(rows)
        tall: list[tuple[int, int, int]] = []  # (first row, last row, height) of merged rows
        for r in range(len(rows)):
            for c in range(len(widths)):
                if table.covered(r, c) is not None:
                    continue
                span = table.span_at(r, c)
                cols, n = (span.cols, span.rows) if span is not None else (1, 1)
                if n > 1:
                    tall.append((r, min(len(rows), r + n) - 1, height(r, c, cols)))
                else:
                    out[r] = max(out[r], height(r, c, cols))
        for first, last, need in tall:
            short = need - sum(out[first : last + 1])
            if short > 0:
                out[last] += short
        return out

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

    def overflow(self, area: _Area, slide: SlidePlan | None = None) -> _Overflow:
        if area.table is not None:
            assert slide is not None
            heights = self.row_heights(slide, area.scale)
            over_h = sum(heights) - area.room_h
            dropped = held = 0
            while over_h > 0 and sum(heights[: len(heights) - dropped]) > area.room_h:
                dropped += 1
            total = 0
            for height in heights:
                total += height
                held += total <= area.room_h
            return _Overflow(area, over_h, 0, dropped, 0, len(heights), held)
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

    def problems(
        self, slide: SlidePlan, scale: float, title_scale: float | None = None
    ) -> list[_Overflow]:
        """Return the overflows of the slide's boxes at ``scale``, and of its title at
        ``title_scale`` (None: the title is not looked at)."""
        areas = self.areas(slide, scale)
        head = self.title_area(slide, title_scale) if title_scale is not None else None
        out = []
        for area in ([head] if head is not None else []) + areas:
            over = self.overflow(area, slide)
            if over.over_h > 0 or over.over_w > 0:
                out.append(over)
        return out

    def shrink_title(self, slide: SlidePlan) -> tuple[float, list[_Overflow]]:
        """Return the largest title scale on the STEP grid (or the title floor) at which the
        title fits its box, and its overflow there (if any)."""
        head = self.title_area(slide)
        if head is None:
            return 1.0, []
        found: list[_Overflow] = []
        for scale in _scales(head.floor):
            area = self.title_area(slide, scale)
            assert area is not None
            over = self.overflow(area)
            found = [over] if over.over_h > 0 else []
            if not found:
                return scale, []
        return _scales(head.floor)[-1], found

    def floor(self, slide: SlidePlan) -> float:
        """Return the smallest scale shrink may use on ``slide``."""
        return max((a.floor for a in self.areas(slide, 1.0) if a.scaled), default=1.0)

    def shrink(self, slide: SlidePlan) -> tuple[float, list[_Overflow]]:
        """Return the largest scale on the STEP grid (or the floor) at which the slide's scaled
        text fits, and what still overflows there."""
        scales = _scales(min(1.0, self.floor(slide)))
        found: list[_Overflow] = []
        for scale in scales:
            found = self.problems(slide, scale)
            if not [o for o in found if o.area.scaled]:
                return scale, found
        return scales[-1], found

    def fits(self, paras: Sequence[Para]) -> bool:
        """Return whether body ``paras`` fit the slide's body box at full size."""
        return self.overflow(self.body_area("text", "body", paras, 1.0)).over_h <= 0

    def fits_slide(self, slide: SlidePlan) -> bool:
        """Return whether the slide's code or table fits its box (height only) at full size."""
        return all(o.over_h <= 0 for o in self.problems(slide, 1.0))


def _scales(floor: float) -> list[float]:
    """Return the scales shrink tries: 1.0 down in STEP steps, then ``floor``."""
    scales = [1.0]
    while scales[-1] - STEP > floor + 1e-9:
        scales.append(round(scales[-1] - STEP, 6))
    if floor < 1.0:
        scales.append(floor)
    return scales


def _room_w(box: Box) -> int:
    return round((box.w - 2 * INSET_X_EMU) * WIDTH_MARGIN)
