"""Read a slide's animations and transitions (p:timing, p:transition) back as Podium's steps."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lxml import etree

from podium.importer.pptx_text import MC, P, q

if TYPE_CHECKING:
    from podium.importer.pptx_shapes import SlideShapes


def clicks_of(timing: Any) -> list[tuple[str, int | None]] | None:
    """Return the shape (and paragraph) each click of the main sequence brings in."""
    out: list[tuple[str, int | None]] = []
    for ctn in timing.iter(q(P, "cTn")):
        if ctn.get("nodeType") != "clickEffect":
            continue
        if ctn.get("presetClass") not in (None, "entr"):
            return None  # an emphasis or exit effect: more than bullets coming in
        target = ctn.find(f".//{q(P, 'spTgt')}")
        if target is None:
            return None
        rg = target.find(f"{q(P, 'txEl')}/{q(P, 'pRg')}")
        out.append((str(target.get("spid")), int(rg.get("st", "0")) if rg is not None else None))
    return out


def reveal_level(shapes: SlideShapes) -> int | None:
    """Return the ``reveal_level`` whose bullets-one-click-each the slide's clicks are, or None.

    Podium (and Pandoc, for incremental lists) bring each bullet down to a level in on its own
    click, deeper bullets with their parent.
    """
    clicks = shapes.clicks
    if not clicks or any(para is None for _spid, para in clicks):
        return None
    body = next((b for b in shapes.bodies if b.spid == clicks[0][0]), None)
    if body is None or any(spid != body.spid for spid, _p in clicks):
        return None
    clicked = [para for _spid, para in clicks]
    bullets = [i for i, p in enumerate(body.paras) if p.text and p.kind != "plain"]
    for level in range(1, 10):
        if clicked == [i for i in bullets if body.paras[i].level < level]:
            return level
    return None


def paused_columns(shapes: SlideShapes, width: int) -> list[str] | None:
    """Return the columns that come on a click (``pause:``), when that is all the clicks do."""
    clicks = shapes.clicks
    if not clicks or any(para is not None for _spid, para in clicks):
        return None
    middle = width // 2
    names = []
    for spid, _para in clicks:
        body = next((b for b in shapes.bodies if b.spid == spid and b.text), None)
        if body is None:
            return None
        names.append("left" if body.box[0] + body.box[2] // 2 < middle else "right")
    return names if len(set(names)) == len(names) else None


def has_transition(slide: Any) -> bool:
    """Return whether ``slide`` has a transition (also one only newer PowerPoint versions read)."""
    element = slide.element
    if element.find(q(P, "transition")) is not None:
        return True
    return any(
        etree.QName(child).localname == "transition"
        for alt in element.findall(q(MC, "AlternateContent"))
        for choice in alt
        for child in choice
    )
