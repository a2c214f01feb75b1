"""Fitting: measure each slide's text against its boxes, then shrink, split, warn or refuse.

Runs on a DeckPlan after planning and before rendering, so both renderers draw the same
decision. The boxes are plan/fit_areas.py's. Everything on a slide is measured: titles (with
their own scale), body text, quotes, captions, code (which never wraps) and tables (each cell's
text wrapped in its column, rows as tall as their tallest cell).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass

from podium.plan.fit_areas import WIDTH_MARGIN, Area, Areas
from podium.plan.geometry import ROW_AIR_EMU, table_widths
from podium.plan.markup import Para, plain
from podium.plan.measure import Block, Measurer, measurer
from podium.plan.types import SlidePlan
from podium.template.theme import EMU_PER_PT, INSET_X_EMU, INSET_Y_EMU, Theme

POLICIES = ("shrink", "split", "warn", "error")
#: shrink tries the scales 1.0, 0.975, 0.95, ... (28 pt body text loses 0.7 pt a step).
STEP = 0.025


@dataclass(frozen=True)
class _Overflow:
    area: Area
    over_h: int  # EMU taller than the room (<= 0: fits)
    over_w: int  # EMU wider (code only)
    lines: int  # how many lines of its first paragraph (rows of a table) the excess height is
    longest: int  # characters in the longest line (code only)
    taken: int  # lines the text takes
    holds: int  # lines the box holds


class _Slides(Areas):
    """Build and measure the areas of slides for one theme and template style."""

    def __init__(self, theme: Theme) -> None:
        super().__init__(theme)
        self.body = measurer(theme.minor_font, theme.mono_font, theme.ea_font, theme.line_pitch)
        self.heads = measurer(theme.major_font, theme.mono_font, theme.ea_font, theme.line_pitch)

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

    # measuring --------------------------------------------------------------------------------

    def overflow(self, area: Area, slide: SlidePlan | None = None) -> _Overflow:
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
