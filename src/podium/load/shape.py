"""The deck's shape, before the model: layouts, sections, size limits, each slide's bullets."""

from __future__ import annotations

from typing import Any

from podium.errors import Location, suggest
from podium.load.bullets import count, read_bullets
from podium.load.findings import Findings, kind_of
from podium.load.model import LAYOUTS, MAX_BULLETS, MAX_CELLS, MAX_SLIDES, SLIDE_MODELS
from podium.load.source import YList, YMap
from podium.load.standins import blank

#: The keys whose value is a list of bullets, on the layouts that have them.
_BULLET_KEYS = ("bullets", "items", "left", "right")


def check_shape(found: Findings, data: YMap) -> None:
    """Check the deck's slides and sections before the model reads them; replace each slide
    that cannot be used by a blank one, so that its siblings are still checked."""
    slides = data.get("slides")
    if not isinstance(slides, YList):
        return
    total = sum(
        len(item["slides"])
        if isinstance(item, YMap) and isinstance(item.get("slides"), YList)
        else 1
        for item in slides
    )
    if total > MAX_SLIDES:
        found.add(
            data.value_locs["slides"],
            ("slides",),
            f"the deck has {total:,} slides; at most {MAX_SLIDES:,} are built: split it "
            "into several decks",
        )
        return
    if not slides:
        found.add(
            data.value_locs["slides"],
            ("slides",),
            "the deck has no slides; add at least one, e.g.\n"
            "      slides:\n        - title: Welcome",
        )
        return
    for i, (item, loc) in enumerate(zip(slides, slides.item_locs, strict=True)):
        if isinstance(item, YMap) and "section" in item:
            inner = item.get("slides")
            if isinstance(inner, YList):
                for j, (sub, sub_loc) in enumerate(zip(inner, inner.item_locs, strict=True)):
                    if isinstance(sub, YMap) and "section" in sub:
                        found.add(
                            sub.key_locs["section"],
                            ("slides", i, "slides", j),
                            "sections do not nest: a section holds slides only; to "
                            f"start section '{sub['section']}', write its '- section:' "
                            f"line at the indentation of '- section: {item['section']}'",
                        )
                        _blank_slide(found, inner, j, ("slides", i, "slides", j))
                    elif not _slide(found, sub, sub_loc, ("slides", i, "slides", j)):
                        _blank_slide(found, inner, j, ("slides", i, "slides", j))
        elif not _slide(found, item, loc, ("slides", i)):
            _blank_slide(found, slides, i, ("slides", i))


def _slide(found: Findings, item: Any, loc: Location, parts: tuple[Any, ...]) -> bool:
    """Check a slide's layout and read its bullets; return False when it cannot be used."""
    if not isinstance(item, YMap):
        found.add(
            loc, parts, f"a slide must be a mapping (layout:, title:, ...), found {kind_of(item)}"
        )
        return False
    layout = item.get("layout", "bullets")
    if layout is None or not isinstance(layout, str):
        found.add(
            item.value_locs.get("layout", loc),
            (*parts, "layout"),
            f"expected a layout name, found {kind_of(layout)}; layouts: " + ", ".join(LAYOUTS),
        )
        return False
    if layout not in LAYOUTS:
        found.add(
            item.value_locs["layout"],
            (*parts, "layout"),
            f"unknown layout '{layout}'{suggest(layout, LAYOUTS)}; layouts: " + ", ".join(LAYOUTS),
        )
        return False
    bullets = 0
    for key in _BULLET_KEYS:
        if key in item and key in SLIDE_MODELS[layout].model_fields:
            item[key] = read_bullets(found, item[key], item.value_locs[key], (*parts, key), 0)
            bullets += count(item[key])
    columns = item.get("columns") if layout == "columns" else None
    if isinstance(columns, YList):
        for n, column in enumerate(columns):
            if isinstance(column, YMap) and "bullets" in column:
                where = (*parts, "columns", n, "bullets")
                column["bullets"] = read_bullets(
                    found, column["bullets"], column.value_locs["bullets"], where, 0
                )
                bullets += count(column["bullets"])
    if bullets > MAX_BULLETS:
        found.add(
            loc,
            parts,
            f"the slide has {bullets:,} bullets; at most {MAX_BULLETS:,} fit on one slide: "
            "spread them over several slides",
        )
    rows, header = item.get("rows"), item.get("header")
    if layout == "table" and isinstance(rows, list) and isinstance(header, list):
        cells = len(header) + sum(len(r) for r in rows if isinstance(r, list))
        if cells > MAX_CELLS:
            found.add(
                item.value_locs["rows"],
                (*parts, "rows"),
                f"the table has {cells:,} cells; at most {MAX_CELLS:,} fit in one table: "
                "split it over several slides",
            )
    return True


def _blank_slide(found: Findings, slides: YList, index: int, parts: tuple[Any, ...]) -> None:
    """Replace an unusable slide by a blank one, so its siblings are still checked."""
    slides[index] = blank(slides.item_locs[index])
    found.repaired.add(tuple(parts))
