"""Stand-ins for wrong values, so that the rest of a deck with errors can still be checked.

The validator replaces each value pydantic refuses (a slide it cannot use, a required field of
the wrong type, a table cell that is not text) by one the model accepts, and remembers its
path: the plan then checks pictures, rows, ids and links everywhere else, and says nothing
about the stand-ins.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from podium.errors import Location
from podium.load.source import YList, YMap, YStr


@dataclass
class Walk:
    """Where an error path leads: the value's place, path and node, the mapping holding it,
    and the slide, section or deck that owns the field (``key``, at ``key_parts``)."""

    loc: Location
    parts: tuple[Any, ...]
    node: Any
    parent: Any
    owner: Any
    key: str | None
    key_parts: tuple[Any, ...]


def under(path: tuple[Any, ...], prefix: tuple[Any, ...]) -> bool:
    """Return whether ``path`` is ``prefix`` or a path inside it."""
    return tuple(path[: len(prefix)]) == tuple(prefix)


def stand_in(key: str, loc: Location) -> Any:
    """Return a value the model accepts for the required field ``key``."""
    if key in ("header", "slides"):
        items = YList([YStr("", loc)]) if key == "header" else YList([blank(loc)])
        items.loc, items.item_locs = loc, [loc]
        return items
    if key in ("rows", "left", "right"):
        empty = YList()
        empty.loc, empty.item_locs = loc, []
        return empty
    return YStr("text" if key == "language" else "", loc)


def blank(loc: Location) -> YMap:
    blank = YMap({"layout": YStr("blank", loc)})
    blank.loc, blank.key_locs, blank.value_locs = loc, {"layout": loc}, {"layout": loc}
    return blank
