"""The model's errors followed to their place in the YAML, worded, and repaired by stand-ins."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError

from podium.errors import suggest
from podium.load.findings import Findings, kind_of
from podium.load.model import (
    SLIDE_MODELS,
    Bullet,
    Cell,
    Column,
    Deck,
    NotesPart,
    Picture,
    Section,
    Variant,
)
from podium.load.source import YList, YMap, YStr
from podium.load.standins import Walk, stand_in, under

#: The mappings inside a slide, by the key of the list holding them, and how messages name them.
_INNER: dict[str, tuple[type[BaseModel], str]] = {
    "columns": (Column, "a column"),
    "images": (Picture, "a picture"),
    "header": (Cell, "a table cell"),
    "bullets": (Bullet, "a bullet"),
    "items": (Bullet, "a bullet"),
    "left": (Bullet, "a bullet"),
    "right": (Bullet, "a bullet"),
}


def follow(found: Findings, data: Any, exc: ValidationError, report: bool = True) -> bool:
    """Report pydantic's errors at their places (when ``report``) and replace each wrong
    value by a stand-in; return whether anything was replaced."""
    changed = False
    # every error is followed through the data as it was, before any stand-in
    walks = [(err, _walk(data, err)) for err in exc.errors(include_url=False)]
    for err, walk in walks:
        kind = err["type"]
        # bad layouts are reported by the shape check with a suggestion
        tagged = kind in ("union_tag_invalid", "union_tag_not_found")
        if report and not tagged and not any(under(walk.parts, r) for r in found.repaired):
            found.add(
                walk.loc, walk.parts, _message(found, err, walk.node, walk.parent, walk.parts)
            )
    for err, walk in walks:
        changed = _repair(found, walk, err["type"], later=not report) or changed
    return changed


def _walk(data: Any, err: Any) -> Walk:
    """Follow pydantic's error path through the located data."""
    kind = err["type"]
    w = Walk(data.loc, (), data, None, data, None, ())
    where = err["loc"]
    skip = 0  # union tags pydantic puts into the path after a slide's index
    for n, part in enumerate(where):
        if skip:
            skip -= 1
            if part == "slide":
                skip = 1  # the layout tag follows
            continue
        last = n == len(where) - 1
        node = w.node
        if isinstance(node, YMap) and isinstance(part, str) and node is w.owner:
            w.key, w.key_parts = part, (*w.parts, part)
        if kind == "extra_forbidden" and last and isinstance(node, YMap):
            key = str(part)
            w.loc = node.key_locs.get(key, w.loc)
            w.parts, w.parent, w.node = (*w.parts, key), node, None
        elif isinstance(node, YMap) and isinstance(part, str) and part in node:
            w.parent = node
            w.loc, w.node = node.value_locs[part], node[part]
            w.parts = (*w.parts, part)
        elif isinstance(node, YList) and isinstance(part, int) and part < len(node):
            w.parent = node
            w.loc, w.node = node.item_locs[part], node[part]
            if w.parts and w.parts[-1] == "slides":
                skip = 1
                if isinstance(w.node, YMap):  # a slide or a section owns the fields below
                    w.owner, w.key, w.key_parts = w.node, None, ()
            w.parts = (*w.parts, part)
    return w


def _repair(found: Findings, w: Walk, kind: str, later: bool = False) -> bool:
    """Replace the wrong field of a slide, section or the deck by a stand-in (optional
    fields are dropped); return whether anything changed.

    A cell that is not text is blanked, keeping its row's length for the row checks. In
    ``later`` rounds (a stand-in was not enough) the whole field is replaced.
    """
    owner, key = w.owner, w.key
    if not later and any(under(w.parts, r) for r in found.repaired):
        return False  # inside a value replaced for another error of this round
    if not later and kind == "string_type" and isinstance(w.parent, YList) and w.parts:
        # a table cell or header that is not text: blank it, keep the row's length
        index = w.parts[-1]
        if isinstance(index, int) and index < len(w.parent):
            w.parent[index] = YStr("", w.loc)
            found.repaired.add(tuple(w.parts))
            return True
    if not isinstance(owner, YMap) or key is None:
        return False
    model = _model_of(found, owner)
    field = model.model_fields.get(key) if model is not None else None
    found.repaired.add(tuple(w.key_parts))
    if field is None or (key in owner and not field.is_required()):
        if key not in owner:
            return False
        del owner[key]
        return True
    loc = owner.key_locs.get(key) or owner.loc
    owner[key] = stand_in(key, loc)
    owner.key_locs.setdefault(key, loc)
    owner.value_locs[key] = loc
    return True


def _model_of(found: Findings, mapping: YMap) -> type[Any] | None:
    if mapping is found.root:
        return Deck
    if "section" in mapping:
        return Section
    layout = mapping.get("layout", "bullets")
    return SLIDE_MODELS.get(layout) if isinstance(layout, str) else None


def _message(found: Findings, err: Any, node: Any, parent: Any, parts: tuple[Any, ...]) -> str:
    kind = err["type"]
    key = parts[-1] if parts else ""
    if kind == "extra_forbidden":
        allowed = _allowed_keys(found, parent, parts)
        plain = "notes" in parts or parts[:1] == ("variants",)
        where = "" if plain else _where(found, parent, parts)
        return f"unknown key '{key}'{where}{suggest(str(key), allowed)}; allowed: " + ", ".join(
            allowed
        )
    if kind == "missing":
        name = err["loc"][-1]
        where = _where(found, node) if "notes" not in parts else " in a notes part"
        return f"missing required key '{name}'{where}"
    if kind == "string_type":
        return f"expected text, found {kind_of(node)}" + (
            "; put the text in quotes" if node is None or isinstance(node, YMap) else ""
        )
    if kind == "list_type":
        return f"expected a list (lines starting with '- '), found {kind_of(node)}"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"expected a mapping (key: value lines), found {kind_of(node)}"
    if kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        return f"expected one of {expected}, found {kind_of(node)}"
    if kind == "too_short":
        found_length = err["ctx"].get("actual_length") or "none"
        return f"expected at least {err['ctx'].get('min_length', 1)} item(s), found {found_length}"
    if kind == "too_long":
        found_length = err["ctx"].get("actual_length")
        return (
            f"expected at most {err['ctx'].get('max_length')} item(s), found {found_length}; "
            "put the rest on another slide"
        )
    if kind.startswith("podium_"):
        return str(err["msg"])
    return f"{err['msg']} (found {kind_of(node)})"


def _allowed_keys(found: Findings, mapping: Any, parts: tuple[Any, ...] = ()) -> list[str]:
    if "notes" in parts:
        return list(NotesPart.model_fields)
    if parts[:1] == ("variants",) and len(parts) > 2:
        return list(Variant.model_fields)
    entry = _INNER.get(str(parts[-3])) if len(parts) >= 3 else None
    inner = entry[0] if entry is not None else None
    if inner is None and len(parts) >= 4 and parts[-4] == "rows":
        inner = Cell
    if isinstance(mapping, YMap) and inner is not None:
        return list(inner.model_fields)
    if isinstance(mapping, YMap) and mapping is not found.root:
        if "section" in mapping:
            return list(Section.model_fields)
        layout = mapping.get("layout", "bullets")
        if isinstance(layout, str) and layout in SLIDE_MODELS:
            return ["layout", *[k for k in SLIDE_MODELS[layout].model_fields if k != "layout"]]
        return ["text", "bullets", "only"]
    return list(Deck.model_fields)


def _where(found: Findings, mapping: Any, parts: tuple[Any, ...] = ()) -> str:
    inner = parts[-3] if len(parts) >= 3 else None
    if isinstance(inner, str) and inner in _INNER:
        return f" for {_INNER[inner][1]}"
    if len(parts) >= 4 and parts[-4] == "rows":
        return " for a table cell"
    if isinstance(mapping, YMap) and mapping is not found.root and "section" not in mapping:
        layout = mapping.get("layout", "bullets")
        if isinstance(layout, str) and layout in SLIDE_MODELS:
            return f" for layout '{layout}'"
    return ""
