"""A table as the HTML draws it: cells with their spans, scope and alignment, and the column
widths and row heights the PowerPoint table has (podium.plan.geometry)."""

from __future__ import annotations

from dataclasses import dataclass

from podium.plan.geometry import table_row_heights, table_widths
from podium.plan.markup import Inline
from podium.plan.types import SlidePlan
from podium.render.html_css import px
from podium.template.theme import Theme


@dataclass(frozen=True)
class CellView:
    """One table cell as drawn: th or td, its spans, alignment and scope."""

    runs: Inline
    tag: str
    colspan: int = 1
    rowspan: int = 1
    align: str = ""
    scope: str = ""


def table_rows(slide: SlidePlan) -> list[list[CellView]]:
    """Return the table's cells row by row, header first, as the HTML draws them."""
    table = slide.table
    if table is None:
        return []
    out: list[list[CellView]] = []
    for r, row in enumerate((table.header, *table.rows)):
        cells: list[CellView] = []
        for c, runs in enumerate(row):
            if table.covered(r, c) is not None:
                continue
            span = table.span_at(r, c)
            head = r == 0 or (c == 0 and table.header_column)
            scope = "" if not head else ("col" if r == 0 else "row")
            align = table.align[c] if table.align and table.align[c] != "left" else ""
            cells.append(
                CellView(
                    runs,
                    "th" if head else "td",
                    span.cols if span else 1,
                    span.rows if span else 1,
                    align,
                    scope,
                )
            )
        out.append(cells)
    return out


def column_widths(slide: SlidePlan, theme: Theme) -> list[str]:
    """Return each table column's width in CSS px, as the PowerPoint table has them."""
    table = slide.table
    if table is None:
        return []
    return [px(w) for w in table_widths(table, theme.box("body").w)]


def row_heights(slide: SlidePlan, theme: Theme) -> list[str]:
    """Return each table row's height in CSS px, header first: the fitted ones."""
    return [px(h) for h in table_row_heights(slide, theme)]
