"""The text boxes of a slide as fitting sees them: what each holds at a scale, and its room.

Each box is the Theme's (or the plan geometry's, for columns, comparisons, pictures with text
and captions under pictures), with the level margins and spacing of the master's text styles
(Theme.master_text); titles have their own scale, code never wraps, and a table is measured row
by row (plan/fit.py).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from podium.plan.geometry import (
    CODE_INSET_EMU,
    columns_boxes,
    comparison_boxes,
    grid_boxes,
    heading_size,
    picture_text_boxes,
    table_caption_height,
    title_box,
    title_size,
)
from podium.plan.markup import Inline, Para, Run
from podium.plan.measure import Block
from podium.plan.types import SlidePlan, TablePlan
from podium.template.theme import EMU_PER_PT, INSET_X_EMU, INSET_Y_EMU, Box, Theme

#: shrink stops where level-0 body text, a quote or a subtitle would drop below this size (pt).
MIN_BODY_PT = 14.0
#: ... and where any other text it scales (deeper levels, code, tables, bylines, captions) would.
MIN_TEXT_PT = 12.0
#: A title shrinks (on its own scale) down to this size (pt).
MIN_TITLE_PT = 20.0
#: Text is fitted into this share of a box's width. LibreOffice sets some sizes up to 0.3 %
#: wider than Pillow measures (it lays text out at 600 dpi) and PowerPoint's line breaking may
#: differ a little more; 1 % keeps a line we think fits from wrapping in either.
WIDTH_MARGIN = 0.99


#: Space before each byline paragraph (pt), as the renderers set it.
BYLINE_SPACE = 2.0


@dataclass(frozen=True)
class Area:
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


class Areas:
    """Build the text boxes of slides for one theme and template style."""

    def __init__(self, theme: Theme) -> None:
        self.theme = theme
        self.style = theme.master_text

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
    ) -> Area:
        box = self.theme.box(role) if isinstance(role, str) else role
        lead = blocks[0].size if lead is None else lead
        return Area(
            name,
            tuple(blocks),
            room_w(box),
            box.h - 2 * INSET_Y_EMU,
            box.w - 2 * INSET_X_EMU,
            scaled,
            floor,
            lead,
            title,
        )

    def body_area(self, name: str, role: str | Box, paras: Sequence[Para], scale: float) -> Area:
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

    def title_area(self, slide: SlidePlan, scale: float = 1.0) -> Area | None:
        """Return the title's box with the title's size multiplied by ``scale``."""
        runs = slide.title
        if not runs:
            return None
        size = title_size(slide, self.theme)
        block = Block(runs, size * scale, spacing=self.style.title_spacing)
        floor = min(1.0, MIN_TITLE_PT / size)
        box = title_box(slide, self.theme)
        return self._box("the title", box, [block], scaled=True, floor=floor, title=True)

    def areas(self, slide: SlidePlan, scale: float) -> list[Area]:
        """Return the slide's boxes other than the title with its sizes multiplied by
        ``scale``."""
        theme = self.theme
        out: list[Area] = []
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

    def heading_area(self, name: str, box: Box, runs: Inline, slide: SlidePlan) -> Area:
        """Return a column heading's area: one bold line at the heading size."""
        size = heading_size(slide, self.theme)
        block = Block(tuple(dataclasses.replace(r, bold=True) for r in runs), size)
        full = heading_size(dataclasses.replace(slide, scale=1.0), self.theme)
        return self._box(name, box, [block], scaled=True, floor=MIN_TEXT_PT / full)

    def code_area(self, slide: SlidePlan, scale: float) -> Area:
        assert slide.code is not None
        size = self.theme.code_size
        blocks = [
            Block(tuple(Run(t.text, t.bold, t.italic, code=True) for t in line), size * scale)
            for line in (slide.code.lines or ((),))
        ]
        box = self.theme.box("body")
        return Area(
            "the code",
            tuple(blocks),
            None,
            box.h - 2 * CODE_INSET_EMU - CODE_INSET_EMU // 2,
            round((box.w - 2 * CODE_INSET_EMU) * WIDTH_MARGIN),
            True,
            MIN_TEXT_PT / size,
            size * scale,
        )

    def table_area(self, slide: SlidePlan, scale: float) -> Area:
        size = self.theme.table_size
        box = self.theme.box("body")
        room = box.h - table_caption_height(dataclasses.replace(slide, scale=scale), self.theme)
        return Area(
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

    def caption_area(
        self,
        slide: SlidePlan,
        scale: float,
        runs: Inline | None = None,
        box: Box | None = None,
        name: str = "the caption",
    ) -> Area:
        # The renderer gives the caption one line under the picture (or table).
        sizes = self.theme.body_sizes
        size = sizes[min(3, len(sizes) - 1)]
        box = box or self.theme.box("body")
        block = Block(slide.caption if runs is None else runs, size * scale)
        room = round(size * scale * self.theme.line_pitch * EMU_PER_PT) + 1
        return Area(
            name,
            (block,),
            room_w(box),
            room,
            box.w - 2 * INSET_X_EMU,
            True,
            MIN_TEXT_PT / size,
            size * scale,
        )


def room_w(box: Box) -> int:
    return round((box.w - 2 * INSET_X_EMU) * WIDTH_MARGIN)
