"""Splitting for fit: split: what does not fit one slide goes on continuation slides (bullets
between paragraphs, table rows with the header repeated, code between lines), and the deck's
numbers, anchors and sections follow the new slides."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Protocol, TypeVar

from podium.plan.markup import Inline, Para, Run
from podium.plan.steps import restep
from podium.plan.types import CodePlan, SectionPlan, SlidePlan, TablePlan

_T = TypeVar("_T")
CONT = " (cont.)"


class Fitter(Protocol):
    """What splitting asks of the fitter's measuring."""

    def fits(self, paras: Sequence[Para]) -> bool: ...

    def fits_slide(self, slide: SlidePlan) -> bool: ...


def split(slide: SlidePlan, tool: Fitter) -> list[SlidePlan]:
    """Return ``slide`` and its continuations, each with as much as fits at full size: body
    paragraphs, table rows (each piece repeats the header) or lines of code."""
    table = slide.table
    # a cell merged down over body rows holds them together: such a table shrinks instead
    joined = table is not None and any(sp.rows > 1 and sp.row + sp.rows > 1 for sp in table.spans)
    if slide.layout == "table" and table is not None and len(table.rows) > 1 and not joined:
        if tool.fits_slide(slide):
            return [slide]
        numbered = list(enumerate(table.rows, start=1))  # row 0 is the header
        row_chunks = _chunks(
            numbered,
            lambda rows: tool.fits_slide(dataclasses.replace(slide, table=_rows_of(table, rows))),
        )
        return _continued(slide, [{"table": _rows_of(table, rows)} for rows in row_chunks])
    if slide.layout == "code" and slide.code is not None and len(slide.code.lines) > 1:
        if tool.fits_slide(slide):
            return [slide]
        code = slide.code
        line_chunks = _chunks(
            list(code.lines),
            lambda lines: tool.fits_slide(
                dataclasses.replace(slide, code=CodePlan(code.language, tuple(lines)))
            ),
        )
        parts: list[dict[str, object]] = []
        start = 0
        for lines in line_chunks:
            end = start + len(lines)
            # each piece keeps the highlights over its own lines, counted from its first
            marks = tuple(
                dataclasses.replace(
                    m, first=max(m.first, start) - start, last=min(m.last, end - 1) - start
                )
                for m in slide.steps.highlights
                if m.first < end and m.last >= start
            )
            steps = dataclasses.replace(slide.steps, highlights=marks)
            parts.append({"code": CodePlan(code.language, tuple(lines)), "steps": steps})
            start = end
        return _continued(slide, parts)
    if slide.layout in _NOT_SPLIT or len(slide.body) < 2 or tool.fits(slide.body):
        return [slide]
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
    return _continued(slide, [{"body": tuple(chunk)} for chunk in chunks])


def _rows_of(table: TablePlan, rows: Sequence[tuple[int, tuple[Inline, ...]]]) -> TablePlan:
    """Return ``table`` with the header and only ``rows`` (numbered as in the table, header 0):
    its merged cells in the header and those rows, moved up with them."""
    first = rows[0][0]
    kept = {r for r, _cells in rows}
    spans = tuple(
        dataclasses.replace(sp, row=0 if sp.row == 0 else sp.row - first + 1)
        for sp in table.spans
        if sp.row == 0 or sp.row in kept
    )
    return dataclasses.replace(
        table, rows=tuple(cells for _r, cells in rows), spans=spans, heights=()
    )


def _chunks(items: list[_T], fits: Callable[[list[_T]], bool]) -> list[list[_T]]:
    """Return ``items`` cut into runs, each the longest (at least one item) that ``fits``."""
    out: list[list[_T]] = []
    rest = items
    while rest:
        n = 1
        while n < len(rest) and fits(rest[: n + 1]):
            n += 1
        out.append(rest[:n])
        rest = rest[n:]
    return out


def _continued(slide: SlidePlan, parts: Sequence[dict[str, object]]) -> list[SlidePlan]:
    """Return ``slide`` with the first part's fields, then a continuation per further part:
    the title with " (cont.)", no notes."""
    title: Inline = (*slide.title, Run(CONT)) if slide.title else ()
    out = [dataclasses.replace(slide, **parts[0])]  # type: ignore[arg-type]
    for part in parts[1:]:
        out.append(dataclasses.replace(slide, title=title, notes=(), **part))  # type: ignore[arg-type]
    return [restep(piece) for piece in out]


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


def renumber(placed: Sequence[tuple[int, bool, SlidePlan]]) -> list[SlidePlan]:
    """Return the slides with index, number and numeric anchors following their positions.

    A slide keeps the offset between its number and its index (a continuation its
    original's); anchors that are the slide's number follow it, ids stay.
    """
    out: list[SlidePlan] = []
    for position, (_origin, cont, slide) in enumerate(placed):
        number = position + slide.number - slide.index
        numeric = cont or slide.anchor == str(slide.number)
        anchor = str(number) if numeric else slide.anchor
        if (slide.index, slide.number, slide.anchor) == (position, number, anchor):
            out.append(slide)  # the same object: the preview knows it by identity
        else:
            out.append(dataclasses.replace(slide, index=position, number=number, anchor=anchor))
    return out


def renumbered_sections(
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
