"""A slide's pictures, captions, tables and code boxes as PowerPoint shapes (mixed into the
slide writer)."""

from __future__ import annotations

import functools

from lxml import etree
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.text.text import _Run
from pptx.util import Emu

from podium.plan.geometry import (
    CODE_INSET_EMU,
    caption_size,
    code_height,
    code_line_box,
    grid_boxes,
    picture_boxes,
    table_caption_box,
    table_row_heights,
    table_widths,
)
from podium.plan.markup import Inline
from podium.plan.types import ImagePlan
from podium.render.pptx_fields import FieldsWriter
from podium.render.pptx_svg import add_svg_picture
from podium.render.pptx_table import cell_look, no_table_style
from podium.render.pptx_text import (
    TextStyle,
    add_paragraph,
    append_text_run,
    first_paragraph,
    rgb,
    set_latin,
)
from podium.template.theme import Box

_qn = functools.cache(qn)


class ShapesWriter(FieldsWriter):
    """Draw the pictures, captions, tables and code of one slide (mixed into the slide writer)."""

    #: The shape each plan field is drawn in ("body", "quote", "highlight0", ...).
    shape_ids: dict[str, int]

    def _picture(self, image: ImagePlan, box: Box, name: str = "") -> None:
        if image.svg is not None:
            picture = add_svg_picture(self.slide, image.svg, box.x, box.y, box.w, box.h)
        else:
            picture = self.slide.shapes.add_picture(
                str(image.path), Emu(box.x), Emu(box.y), Emu(box.w), Emu(box.h)
            )
        if name:
            self.shape_ids[name] = picture.shape_id
        for cNvPr in picture._element.iter(_qn("p:cNvPr")):
            cNvPr.set("descr", image.alt)

    def _caption(self, runs: Inline, box: Box, name: str = "") -> None:
        frame = self._frame(None, box, name)
        frame.vertical_anchor = MSO_ANCHOR.TOP
        size = caption_size(self.plan, self.theme)
        style = TextStyle(size=lambda _l: size, color=self.theme.muted)
        self._inline(frame, runs, style, align=PP_ALIGN.CENTER)

    def _figures(self) -> None:
        plan = self.plan
        for figure, (picture_box, caption_box) in zip(
            plan.figures, grid_boxes(plan, self.theme), strict=True
        ):
            self._picture(figure.image, picture_box)
            if caption_box is not None:
                self._caption(figure.caption, caption_box)

    def _image(self) -> None:
        image = self.plan.image
        if image is None:
            return
        picture_box, caption_box = picture_boxes(self.plan, self.theme)
        self._picture(image, picture_box, "image")
        if caption_box is not None:
            self._caption(self.plan.caption, caption_box, "caption")

    def _table(self) -> None:
        table = self.plan.table
        if table is None:
            return
        theme, box = self.theme, self.theme.box("body")
        rows = (table.header, *table.rows)
        widths = table_widths(table, box.w)
        heights = table_row_heights(self.plan, theme)
        n_rows, n_cols = len(rows), len(widths)
        if n_cols == 0:
            return
        size = theme.table_size * self.plan.scale
        frame = self.slide.shapes.add_table(
            n_rows, n_cols, Emu(box.x), Emu(box.y), Emu(box.w), Emu(sum(heights))
        )
        self.shape_ids["table"] = frame.shape_id
        grid = frame.table
        grid.first_row = True
        grid.first_col = table.header_column
        grid.horz_banding = False
        no_table_style(grid)
        for col, width in enumerate(widths):
            grid.columns[col].width = Emu(width)
        aligns = {"left": PP_ALIGN.LEFT, "center": PP_ALIGN.CENTER, "right": PP_ALIGN.RIGHT}
        for r, row in enumerate(rows):
            grid.rows[r].height = Emu(heights[r])
            fill = theme.code_bg if r % 2 == 1 else None  # banded from the first body row
            for c in range(n_cols):
                cell = grid.cell(r, c)
                cell.vertical_anchor = MSO_ANCHOR.MIDDLE
                if table.covered(r, c) is not None:
                    continue  # merged into the cell that starts the span
                head = r == 0 or (c == 0 and table.header_column)
                cell_look(cell._tc, theme.accent if head else fill, theme.table_rule)
                runs = row[c] if c < len(row) else ()
                color = theme.accent_text if head else theme.text
                style = TextStyle(size=lambda _l: size, bold=head, color=color, omml=False)
                align = aligns.get(table.align[c]) if table.align else None
                self._inline(cell.text_frame, runs, style, align=align)
        for span in table.spans:
            last = grid.cell(span.row + span.rows - 1, span.col + span.cols - 1)
            grid.cell(span.row, span.col).merge(last)
        caption_box = table_caption_box(self.plan, theme)
        if caption_box is not None:
            self._caption(table.caption, caption_box, "caption")

    def _code(self) -> None:
        code = self.plan.code
        if code is None:
            return
        theme, box = self.theme, self.theme.box("body")
        size = theme.code_size * self.plan.scale
        inset = CODE_INSET_EMU
        # Hug the code rather than fill the body box: a short snippet in a big grey slab looks
        # unfinished. Word wrap is off, so the line count is exact.
        height = code_height(self.plan, theme)
        shape = self.slide.shapes.add_textbox(Emu(box.x), Emu(box.y), Emu(box.w), Emu(height))
        self.shape_ids["code"] = shape.shape_id
        shape.fill.solid()
        shape.fill.fore_color.rgb = rgb(theme.code_bg)
        shape.line.fill.background()
        frame = shape.text_frame
        frame.word_wrap = False
        frame.auto_size = MSO_AUTO_SIZE.NONE
        frame.vertical_anchor = MSO_ANCHOR.TOP
        frame.margin_left = frame.margin_right = Emu(inset)
        frame.margin_top = frame.margin_bottom = Emu(inset)
        for n, line in enumerate(code.lines or ((),)):
            p = first_paragraph(frame) if n == 0 else add_paragraph(frame)
            column = 0
            for token in line:
                # Tabs would jump to PowerPoint's 1-inch stops: expand them at the real column.
                text = (" " * column + token.text).expandtabs(4)[column:]
                column += len(text)
                if not text:
                    continue
                r, rPr = append_text_run(p, text)
                self._run_props(rPr, text, size, code=True)
                _Run(r, p).font.color.rgb = rgb(token.color or theme.text)
                if token.bold:
                    rPr.set("b", "1")
                if token.italic:
                    rPr.set("i", "1")
                set_latin(rPr, theme.mono_font)
            self._end_props(p, size)
        for n, mark in enumerate(self.plan.steps.highlights):
            self._highlight(n, mark.first, mark.last)

    def _highlight(self, n: int, first: int, last: int) -> None:
        """Draw code highlight ``n``: a half-transparent band over its lines, which the
        slide's animations show on its click and hide on the next highlight's."""
        band = code_line_box(self.plan, self.theme, first, last)
        shape = self.slide.shapes.add_shape(
            MSO_SHAPE.RECTANGLE, Emu(band.x), Emu(band.y), Emu(band.w), Emu(band.h)
        )
        lines = f"line {first + 1}" if first == last else f"lines {first + 1}-{last + 1}"
        shape.name = f"Highlight {lines}"
        shape.fill.solid()
        shape.fill.fore_color.rgb = rgb(self.theme.code_highlight)
        color = shape.fill._xPr.find(f"{_qn('a:solidFill')}/{_qn('a:srgbClr')}")
        etree.SubElement(color, _qn("a:alpha"), val="40000")
        shape.line.fill.background()
        shape.shadow.inherit = False
        self.shape_ids[f"highlight{n}"] = shape.shape_id
