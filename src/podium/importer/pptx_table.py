"""Read a .pptx table (merged cells, a bold first column) or a chart's data into table keys."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from podium.importer.pptx_markup import MarkupWriter
from podium.importer.pptx_text import Para, TextReader
from podium.importer.writer import SlideOut


def table_keys(frame: Any, number: int, out: SlideOut, writer: MarkupWriter) -> None:
    """Set ``header`` and ``rows`` (and ``header_column``) from the table in ``frame``."""
    report = writer.report
    table = frame.table
    reader = TextReader(frame.part, report, number)
    rows: list[list[Any]] = []
    split = False
    firsts: list[list[Para]] = []  # the first column's cells below the header
    for r, row in enumerate(table.rows):
        cells: list[Any] = []
        for cell in row.cells:
            paras = reader.paragraphs(cell._tc.txBody, lambda _l: "plain")
            if r == 0:  # header text is bold by the table style, not by the lecturer
                paras = [Para([replace(s, bold=False) for s in p.spans]) for p in paras]
            if r > 0 and not cells and not cell.is_spanned:
                firsts.append(paras)
            text = writer.markup(paras, number)
            if cell.is_spanned:
                if r == 0 and cell._tc.get("vMerge"):
                    cells.append("")  # header cells merge across only
                continue
            if cell.is_merge_origin:
                across, down = cell.span_width, cell.span_height
                if r == 0 and down > 1:  # a header merges across only: split downwards
                    split = True
                    down = 1
                merged: dict[str, Any] = {"text": text}
                if across > 1:
                    merged["cols"] = across
                if down > 1:
                    merged["rows"] = down
                cells.append(merged if len(merged) > 1 else text)
                continue
            cells.append(text)
        rows.append(cells)
    reader.flush()
    if not rows or not rows[0]:
        out.keys["layout"] = "bullets"
        return
    spans = [[s for p in paras for s in p.spans if s.text.strip()] for paras in firsts]
    if (
        sum(1 for c in spans if c) >= 2
        and all(all(s.bold for s in c) for c in spans)
        and all(rows[r + 1] and not isinstance(rows[r + 1][0], dict) for r in range(len(firsts)))
    ):
        # The first column is bold throughout: Podium's header_column, written out.
        out.keys["header_column"] = True
        unbold = [[Para([replace(s, bold=False) for s in p.spans]) for p in c] for c in firsts]
        for r, paras in enumerate(unbold, start=1):
            rows[r][0] = writer.markup(paras, number)
    out.keys["header"] = rows[0]
    out.keys["rows"] = rows[1:]
    report.keep("table")
    if split:
        report.report(
            number,
            "a header cell merged downwards: split (header cells merge across only)",
        )


def chart_keys(frame: Any, number: int, out: SlideOut, writer: MarkupWriter) -> None:
    """Set ``header`` and ``rows`` from the data of the chart in ``frame``."""
    report = writer.report
    chart = frame.chart
    try:
        plot = chart.plots[0]
        categories = [str(c) for c in plot.categories]
        series = list(plot.series)
    except (IndexError, KeyError, AttributeError, ValueError):
        categories, series = [], []
    if not series:
        out.keys["layout"] = "bullets"
        report.report(
            number,
            f"a chart ('{frame.name}'): not imported, its data could not be read",
            dropped=True,
        )
        return
    header = [""] + [s.name or f"Series {k + 1}" for k, s in enumerate(series)]
    rows = []
    for k, category in enumerate(categories or [str(n + 1) for n in range(len(series[0].values))]):
        row = [category]
        for s in series:
            values = list(s.values)
            value = values[k] if k < len(values) else None
            row.append("" if value is None else f"{value:g}")
        rows.append(row)
    header[0] = ""
    out.keys["header"] = header
    out.keys["rows"] = rows
    report.keep("chart")
    report.report(
        number, f"a chart ('{frame.name}'): kept as a table of its data; Podium has no charts"
    )
