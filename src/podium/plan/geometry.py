"""Where pictures, captions, quotes, code, and table rows and columns sit on a slide: decided
once, drawn by both renderers (the HTML receives the numbers as CSS custom properties)."""

from __future__ import annotations

import math
from collections.abc import Sequence

from podium.plan.markup import Inline, plain
from podium.plan.types import ImagePlan, SlidePlan, TablePlan
from podium.template.theme import EMU_PER_INCH, EMU_PER_PT, INSET_Y_EMU, Box, Theme

#: The rule under each table row (0.75 pt, one CSS px).
TABLE_RULE_EMU = 9525
#: Space between a quote and its attribution.
QUOTE_GAP_EMU = round(0.1 * EMU_PER_INCH)
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


def title_size(slide: SlidePlan, theme: Theme) -> float:
    """Return the template's title size (pt) for the slide's layout, before fitting."""
    if slide.layout in ("title", "section"):
        return theme.title_slide_size
    return theme.title_size


#: The theme box of a title where a layout's is not the title box: the cover's, a divider's.
_TITLE_BOXES = {"title": "cover-title", "section": "section-title"}


def title_box(slide: SlidePlan, theme: Theme) -> Box:
    """Return the box the slide's title sits in, which fitting measures it against."""
    return theme.box(_TITLE_BOXES.get(slide.layout, "title"))


def quote_boxes(slide: SlidePlan, theme: Theme) -> tuple[Box, Box]:
    """Return the boxes of a quote and its attribution.

    The quote's box hugs its fitted text (``slide.quote_h``) and the attribution follows it;
    the pair sits centred in the space the template gives both, so a short quote does not
    leave a gap above it. Before fitting (quote_h 0) the template's boxes are returned.
    """
    quote, attribution = theme.box("quote"), theme.box("attribution")
    if slide.quote_h <= 0:
        return quote, attribution
    top = quote.y
    bottom = max(quote.y + quote.h, attribution.y + attribution.h)
    height = min(slide.quote_h, quote.h)
    gap = min(QUOTE_GAP_EMU, max(0, attribution.y - quote.y - quote.h))
    group = height + (gap + attribution.h if slide.attribution else 0)
    y = top + max(0, (bottom - top - group) // 2)
    return (
        Box(quote.x, y, quote.w, height),
        Box(attribution.x, y + height + gap, attribution.w, attribution.h),
    )


def table_row_heights(slide: SlidePlan, theme: Theme) -> list[int]:
    """Return each table row's height (EMU), header first: the fitted ones, else one line."""
    table = slide.table
    if table is None:
        return []
    n_rows = 1 + len(table.rows)
    if len(table.heights) == n_rows:
        return list(table.heights)
    return [row_height(slide, theme, n_rows)] * n_rows


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
    """Return a table row's height before fitting: one line, the cell's insets and a little air,
    all rows within the body box (fitting measures each row: TablePlan.heights)."""
    size = theme.table_size * slide.scale
    height = round(size * theme.line_pitch * EMU_PER_PT) + 2 * INSET_Y_EMU + ROW_AIR_EMU
    room = theme.box("body").h - table_caption_height(slide, theme)  # a caption goes under
    return min(height, room // max(1, n_rows))


def code_line_box(slide: SlidePlan, theme: Theme, first: int, last: int) -> Box:
    """Return the box over code lines ``first`` to ``last`` (0-based) of a code slide: the
    width of the code box, clipped to the body box."""
    box = theme.box("body")
    pitch = theme.code_size * slide.scale * theme.line_pitch * EMU_PER_PT
    top = box.y + CODE_INSET_EMU + round(first * pitch)
    bottom = min(box.y + box.h, box.y + CODE_INSET_EMU + round((last + 1) * pitch))
    return Box(box.x, top, box.w, max(0, bottom - top))


# -- the layouts of several boxes: picture beside text, headed columns, grids, tables ---------

#: Space between columns, and between a picture and the text beside it (on a 13.33 in slide;
#: narrower slides narrow it in proportion).
COLUMN_GAP_EMU = round(0.4 * EMU_PER_INCH)
#: The built-in slide width the gaps above are meant for.
_BASE_WIDTH = 12192000
#: A picture beside bullets takes this share of the body's width unless image_width: says.
DEFAULT_IMAGE_SHARE = 0.4
#: How many pictures an images slide puts in each row, by their number.
GRID_COLUMNS = {1: 1, 2: 2, 3: 3, 4: 2, 5: 3, 6: 3}


def gap(theme: Theme) -> int:
    """Return the space between columns on ``theme``'s slides."""
    return round(COLUMN_GAP_EMU * theme.width / _BASE_WIDTH)


def _fit_in(image: ImagePlan, box: Box, top: bool = False) -> Box:
    """Return ``image`` fitted into ``box`` keeping its ratio, centred (at the top if ``top``)."""
    cx, cy = fit_contain(image.width_px, image.height_px, box.w, box.h)
    y = box.y if top else box.y + (box.h - cy) // 2
    return Box(box.x + (box.w - cx) // 2, y, cx, cy)


def picture_text_boxes(slide: SlidePlan, theme: Theme) -> tuple[Box, Box]:
    """Return the boxes of the text and of the picture of a picture-text slide.

    The body box is split at the picture's share of its width (less one column gap) on the
    slide's image_side; the picture is fitted into its part keeping its ratio, centred.
    Raises ValueError without a picture.
    """
    if slide.image is None:
        raise ValueError("the slide has no picture")
    body = theme.box("body")
    space = gap(theme)
    pic_w = round((body.w - space) * slide.image_share)
    text_w = body.w - space - pic_w
    if slide.image_side == "left":
        pic_area = Box(body.x, body.y, pic_w, body.h)
        text = Box(body.x + pic_w + space, body.y, text_w, body.h)
    else:
        text = Box(body.x, body.y, text_w, body.h)
        pic_area = Box(body.x + text_w + space, body.y, pic_w, body.h)
    return text, _fit_in(slide.image, pic_area)


def heading_size(slide: SlidePlan, theme: Theme) -> float:
    """Return the size (pt) of a column's heading: the body's second level, bold, scaled."""
    sizes = theme.body_sizes
    return sizes[min(1, len(sizes) - 1)] * slide.scale


def headed(box: Box, slide: SlidePlan, theme: Theme, heading: bool) -> tuple[Box | None, Box]:
    """Return the boxes of a heading (one line, None without one) and of what is under it."""
    if not heading:
        return None, box
    h = round(heading_size(slide, theme) * theme.line_pitch * EMU_PER_PT) + 2 * INSET_Y_EMU
    h = min(h, box.h // 3)
    space = PICTURE_GAP_EMU
    return Box(box.x, box.y, box.w, h), Box(box.x, box.y + h + space, box.w, box.h - h - space)


def comparison_boxes(slide: SlidePlan, theme: Theme) -> dict[str, tuple[Box | None, Box]]:
    """Return, for ``left`` and ``right``, the boxes of the heading and of the bullets: the
    two-column boxes, each with a line of heading on top when either column has one."""
    heading = bool(slide.left_title or slide.right_title)
    return {side: headed(theme.box(side), slide, theme, heading) for side in ("left", "right")}


def columns_boxes(slide: SlidePlan, theme: Theme) -> list[tuple[Box | None, Box]]:
    """Return each column's heading box (None if no column has a heading) and content box:
    the body box cut into equal columns with a gap between them."""
    n = max(1, len(slide.columns))
    body = theme.box("body")
    space = gap(theme)
    w = (body.w - (n - 1) * space) // n
    heading = any(c.title for c in slide.columns)
    out = []
    for k in range(n):
        box = Box(body.x + k * (w + space), body.y, w, body.h)
        out.append(headed(box, slide, theme, heading))
    return out


def column_picture_box(image: ImagePlan, box: Box) -> Box:
    """Return a column's picture fitted into its content box, at the top."""
    return _fit_in(image, box, top=True)


def grid_boxes(slide: SlidePlan, theme: Theme) -> list[tuple[Box, Box | None]]:
    """Return the picture and caption box of each figure of an images slide.

    The pictures fill a grid of equal cells in the body box (2 a row for 2 and 4 pictures,
    3 for 3, 5 and 6); a short last row is centred. Each cell keeps one line for a caption
    when any figure has one; pictures are fitted keeping their ratio, centred in the cell.
    """
    figures = slide.figures
    n = len(figures)
    if not n:
        return []
    body = theme.box("body")
    cols = GRID_COLUMNS.get(n, 3)
    rows = math.ceil(n / cols)
    space = gap(theme)
    cell_w = (body.w - (cols - 1) * space) // cols
    cell_h = (body.h - (rows - 1) * space) // rows
    cap_h = cap_gap = 0
    if any(f.caption for f in figures):
        cap_h = round(caption_size(slide, theme) * theme.line_pitch * EMU_PER_PT) + 2 * INSET_Y_EMU
        cap_gap = PICTURE_GAP_EMU
    out: list[tuple[Box, Box | None]] = []
    for k, figure in enumerate(figures):
        row, col = divmod(k, cols)
        in_row = min(cols, n - row * cols)
        left = body.x + (body.w - in_row * cell_w - (in_row - 1) * space) // 2
        x = left + col * (cell_w + space)
        y = body.y + row * (cell_h + space)
        area = Box(x, y, cell_w, cell_h - cap_h - cap_gap)
        cx, cy = fit_contain(figure.image.width_px, figure.image.height_px, area.w, area.h)
        top = y + (cell_h - cy - cap_gap - cap_h) // 2
        picture = Box(x + (cell_w - cx) // 2, top, cx, cy)
        caption = Box(x, top + cy + cap_gap, cell_w, cap_h) if figure.caption else None
        out.append((picture, caption))
    return out


def table_widths(table: TablePlan, total: int) -> list[int]:
    """Return each table column's width (EMU), summing to ``total``: the deck's widths: shares,
    else weights from the longest text of each column."""
    rows = (table.header, *table.rows)
    n_cols = max(len(r) for r in rows)
    weights = list(table.widths) if table.widths else column_weights(rows, n_cols)
    widths = [int(total * w / sum(weights)) for w in weights]
    widths[-1] += total - sum(widths)
    return widths


def table_caption_height(slide: SlidePlan, theme: Theme) -> int:
    """Return the height a table's caption takes under it, with its gap (0 without one)."""
    if slide.table is None or not slide.table.caption:
        return 0
    line = round(caption_size(slide, theme) * theme.line_pitch * EMU_PER_PT) + 2 * INSET_Y_EMU
    return line + PICTURE_GAP_EMU


def table_caption_box(slide: SlidePlan, theme: Theme) -> Box | None:
    """Return the box of a table's caption: under the table's rows as planned, within the
    body box (None without a caption)."""
    table = slide.table
    if table is None or not table.caption:
        return None
    body = theme.box("body")
    h = table_caption_height(slide, theme) - PICTURE_GAP_EMU
    y = body.y + sum(table_row_heights(slide, theme)) + PICTURE_GAP_EMU
    return Box(body.x, min(y, body.y + body.h - h), body.w, h)
