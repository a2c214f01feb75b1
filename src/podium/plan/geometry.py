"""Where pictures, captions, code and table rows and columns sit on a slide: decided once,
drawn by both renderers (the HTML receives the numbers as CSS custom properties)."""

from __future__ import annotations

import math
from collections.abc import Sequence

from podium.plan.markup import Inline, plain
from podium.plan.types import SlidePlan
from podium.template.theme import EMU_PER_INCH, EMU_PER_PT, INSET_Y_EMU, Box, Theme

#: Space between a picture and its caption.
PICTURE_GAP_EMU = round(0.1 * EMU_PER_INCH)
#: The code box's inset on every side; below the last line it adds half as much again.
CODE_INSET_EMU = round(0.2 * EMU_PER_INCH)
#: A table row's air beyond one line of text and the cell's top and bottom insets.
ROW_AIR_EMU = round(0.08 * EMU_PER_INCH)
#: A text box's step per bullet level (it has no master style to inherit indents from).
TEXT_BOX_INDENT_EMU = round(0.3 * EMU_PER_INCH)


def fit_contain(width: int, height: int, box_w: int, box_h: int) -> tuple[int, int]:
    """Return the size of a ``width`` x ``height`` picture scaled to fit the box, ratio kept."""
    if width <= 0 or height <= 0:
        return box_w, box_h
    k = min(box_w / width, box_h / height)
    return math.floor(width * k), math.floor(height * k)


def caption_size(slide: SlidePlan, theme: Theme) -> float:
    """Return the caption's font size in points (the body's fourth level, scaled)."""
    sizes = theme.body_sizes
    return sizes[min(3, len(sizes) - 1)] * slide.scale


def picture_boxes(slide: SlidePlan, theme: Theme) -> tuple[Box, Box | None]:
    """Return the boxes of a slide's picture and its caption (None without a caption).

    The picture fills the body box less one line of caption, keeping its ratio; picture and
    caption sit together, centred in the body box. Raises ValueError without a picture.
    """
    if slide.image is None:
        raise ValueError("the slide has no picture")
    box = theme.box("body")
    caption_h = gap = 0
    if slide.caption:
        # One line of caption: captions are meant to be short.
        caption_h = round(caption_size(slide, theme) * theme.line_pitch * EMU_PER_PT)
        caption_h += 2 * INSET_Y_EMU
        gap = PICTURE_GAP_EMU
    cx, cy = fit_contain(
        slide.image.width_px, slide.image.height_px, box.w, box.h - caption_h - gap
    )
    x = box.x + (box.w - cx) // 2
    y = box.y + (box.h - cy - gap - caption_h) // 2
    caption = Box(box.x, y + cy + gap, box.w, caption_h) if caption_h else None
    return Box(x, y, cx, cy), caption


def column_weights(rows: Sequence[Sequence[Inline]], n_cols: int) -> list[float]:
    """Return each table column's weight: its width is weight / sum(weights) of the table's.

    Square-root weights keep a column of long sentences from squeezing a column of short codes.
    """
    longest = [1] * n_cols
    for row in rows:
        for c, cell in enumerate(row):
            longest[c] = max(longest[c], len(plain(cell)))
    return [math.sqrt(max(4, n)) for n in longest]


def code_height(slide: SlidePlan, theme: Theme) -> int:
    """Return the height of the code box: it hugs the lines (no wrapping), within the body."""
    lines = max(1, len(slide.code.lines)) if slide.code is not None else 1
    size = theme.code_size * slide.scale
    height = round(lines * size * theme.line_pitch * EMU_PER_PT)
    height += 2 * CODE_INSET_EMU + CODE_INSET_EMU // 2
    return min(height, theme.box("body").h)


def row_height(slide: SlidePlan, theme: Theme, n_rows: int) -> int:
    """Return a table row's height: one line, the cell's insets and a little air, all rows
    within the body box (PowerPoint grows rows whose text wraps)."""
    size = theme.table_size * slide.scale
    height = round(size * theme.line_pitch * EMU_PER_PT) + 2 * INSET_Y_EMU + ROW_AIR_EMU
    return min(height, theme.box("body").h // n_rows)


def code_line_box(slide: SlidePlan, theme: Theme, first: int, last: int) -> Box:
    """Return the box over code lines ``first`` to ``last`` (0-based) of a code slide: the
    width of the code box, clipped to the body box."""
    box = theme.box("body")
    pitch = theme.code_size * slide.scale * theme.line_pitch * EMU_PER_PT
    top = box.y + CODE_INSET_EMU + round(first * pitch)
    bottom = min(box.y + box.h, box.y + CODE_INSET_EMU + round((last + 1) * pitch))
    return Box(box.x, top, box.w, max(0, bottom - top))
