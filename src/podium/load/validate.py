"""Read a deck file into a validated Deck, reporting every problem at its file:line:col."""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

from pydantic import BaseModel, ValidationError

from podium.errors import (
    DeckError,
    Location,
    Locations,
    ModelPath,
    Problem,
    SourceText,
    dotted,
    suggest,
)
from podium.load.model import (
    LAYOUTS,
    MAX_LEVELS,
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
from podium.load.source import YList, YMap, YStr, read

_BULLET_KEYS = ("bullets", "items", "left", "right")
#: The mappings inside a slide, by the key of the list holding them.
_INNER: dict[str, type[BaseModel]] = {
    "columns": Column,
    "images": Picture,
    "header": Cell,
    "bullets": Bullet,
    "items": Bullet,
    "left": Bullet,
    "right": Bullet,
}
_INNER_NAMES = {
    "columns": "a column",
    "images": "a picture",
    "header": "a table cell",
    "bullets": "a bullet",
    "items": "a bullet",
    "left": "a bullet",
    "right": "a bullet",
}


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"the text '{value}'" if len(str(value)) < 40 else "text"


class _Validator:
    def __init__(self, src: SourceText) -> None:
        self.src = src
        self.problems: list[Problem] = []
        self.root: Any = None

    def add(
        self, loc: Location | None, parts: tuple[Any, ...], message: str, severity: str = "error"
    ) -> None:
        if loc is None:
            self.problems.append(
                Problem(
                    message,
                    Location(self.src.name, 1, 1),
                    dotted(parts),
                    severity,
                    self.src.line(1),
                )
            )
            return
        self.problems.append(
            self.src.problem(message, loc.line, loc.col, loc.length, dotted(parts), severity)
        )

    # -- bullets: every accepted syntax becomes [{text, bullets}] -------------------------
    def bullets(self, value: Any, loc: Location, parts: tuple[Any, ...], depth: int) -> Any:
        if isinstance(value, str):
            value_list = YList([value])
            value_list.loc = loc
            value_list.item_locs = [loc]
            value = value_list
        if not isinstance(value, YList):
            return value  # pydantic reports the type
        out = YList()
        out.loc, out.item_locs = value.loc, []
        for i, (item, item_loc) in enumerate(zip(value, value.item_locs, strict=True)):
            sub = (*parts, i)
            node = self.bullet(item, item_loc, sub, depth)
            if node is not None:
                out.append(node)
                out.item_locs.append(item_loc)
        return out

    def _make(self, text: str, loc: Location, children: Any = None) -> YMap:
        node = YMap({"text": YStr(text, loc)})
        node.loc, node.key_locs, node.value_locs = loc, {"text": loc}, {"text": loc}
        if children is not None:
            node["bullets"] = children
            node.key_locs["bullets"] = node.value_locs["bullets"] = getattr(children, "loc", loc)
        return node

    def bullet(self, item: Any, loc: Location, parts: tuple[Any, ...], depth: int) -> Any:
        if depth >= MAX_LEVELS:
            self.add(loc, parts, f"bullets nest at most {MAX_LEVELS} levels deep")
            return None
        if item is None:
            self.add(loc, parts, "empty bullet: write some text after '- ' or remove the line")
            return None
        if isinstance(item, str):
            return self._make(item, getattr(item, "loc", loc))
        if isinstance(item, YList):
            self.add(
                loc,
                parts,
                "a list inside a list: to nest bullets, end the parent bullet "
                "with ':' and indent its children, e.g.\n"
                "      - Parent bullet:\n          - Child bullet",
            )
            return None
        if isinstance(item, YMap):
            if "text" in item and set(item) <= {"text", "bullets", "numbered", "start", "only"}:
                children = item.get("bullets")
                if children is not None:
                    item["bullets"] = self.bullets(
                        children, item.value_locs["bullets"], (*parts, "bullets"), depth + 1
                    )
                return item
            if len(item) == 1:
                ((key, value),) = item.items()
                key_loc = item.key_locs[key]
                if isinstance(value, YList):
                    children = self.bullets(value, item.value_locs[key], (*parts, key), depth + 1)
                    return self._make(key, key_loc, children)
                if item.typed_text is not None:
                    # YAML read "Private sector: business ..." as a mapping; the lecturer
                    # typed one line of text, so that is what the bullet says.
                    return self._make(
                        item.typed_text,
                        Location(key_loc.file, key_loc.line, key_loc.col, len(item.typed_text)),
                    )
            if "text" in item:  # the long form with a key that is not its own
                allowed = tuple(Bullet.model_fields)
                for key in item:
                    if key not in allowed:
                        self.add(
                            item.key_locs[key],
                            (*parts, key),
                            f"unknown key '{key}' in a bullet{suggest(str(key), allowed)}; "
                            "allowed: " + ", ".join(allowed),
                        )
                return None
            keys = ", ".join(f"'{k}'" for k in item)
            self.add(
                loc,
                parts,
                f"a bullet must be text, but YAML read this as a mapping with "
                f'keys {keys}; put the whole line in quotes, e.g. - "Key: value"',
            )
            return None
        self.add(loc, parts, f"a bullet must be text, found {_kind(item)}")
        return None

    # -- slides ------------------------------------------------------------------------
    def slide(self, item: Any, loc: Location, parts: tuple[Any, ...]) -> None:
        if not isinstance(item, YMap):
            self.add(
                loc, parts, f"a slide must be a mapping (layout:, title:, ...), found {_kind(item)}"
            )
            return
        layout = item.get("layout", "bullets")
        if layout is None or not isinstance(layout, str):
            self.add(
                item.value_locs.get("layout", loc),
                (*parts, "layout"),
                f"expected a layout name, found {_kind(layout)}; layouts: " + ", ".join(LAYOUTS),
            )
            return
        if layout not in LAYOUTS:
            self.add(
                item.value_locs["layout"],
                (*parts, "layout"),
                f"unknown layout '{layout}'{suggest(layout, LAYOUTS)}; layouts: "
                + ", ".join(LAYOUTS),
            )
            return
        for key in _BULLET_KEYS:
            if key in item and key in SLIDE_MODELS[layout].model_fields:
                item[key] = self.bullets(item[key], item.value_locs[key], (*parts, key), 0)
        columns = item.get("columns") if layout == "columns" else None
        if isinstance(columns, YList):
            for n, column in enumerate(columns):
                if isinstance(column, YMap) and "bullets" in column:
                    where = (*parts, "columns", n, "bullets")
                    column["bullets"] = self.bullets(
                        column["bullets"], column.value_locs["bullets"], where, 0
                    )

    def deck(self, data: Any) -> None:
        slides = data.get("slides")
        if not isinstance(slides, YList):
            return
        if not slides:
            self.add(
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
                            self.add(
                                sub.key_locs["section"],
                                ("slides", i, "slides", j),
                                "sections do not nest; end the section before this one",
                            )
                            continue
                        self.slide(sub, sub_loc, ("slides", i, "slides", j))
            else:
                self.slide(item, loc, ("slides", i))

    # -- pydantic's findings, at their places -------------------------------------------
    def pydantic(self, data: Any, exc: ValidationError) -> None:
        for err in exc.errors(include_url=False):
            kind = err["type"]
            if kind in ("union_tag_invalid", "union_tag_not_found"):
                continue  # reported by self.slide() with a suggestion
            node: Any = data
            parent: Any = None
            loc: Location = data.loc
            parts: tuple[Any, ...] = ()
            where = err["loc"]
            skip = 0  # union tags pydantic puts into the path after a slide's index
            for n, part in enumerate(where):
                if skip:
                    skip -= 1
                    if part == "slide":
                        skip = 1  # the layout tag follows
                    continue
                last = n == len(where) - 1
                if kind == "extra_forbidden" and last and isinstance(node, YMap):
                    key = str(part)
                    loc = node.key_locs.get(key, loc)
                    parts, parent, node = (*parts, key), node, None
                elif isinstance(node, YMap) and isinstance(part, str) and part in node:
                    parent = node
                    loc, node = node.value_locs[part], node[part]
                    parts = (*parts, part)
                elif isinstance(node, YList) and isinstance(part, int) and part < len(node):
                    parent = node
                    loc, node = node.item_locs[part], node[part]
                    if parts and parts[-1] == "slides":
                        skip = 1
                    parts = (*parts, part)
            self.add(loc, parts, self.message(err, node, parent, parts))

    def message(self, err: Any, node: Any, parent: Any, parts: tuple[Any, ...]) -> str:
        kind = err["type"]
        key = parts[-1] if parts else ""
        if kind == "extra_forbidden":
            allowed = self.allowed_keys(parent, parts)
            plain = "notes" in parts or parts[:1] == ("variants",)
            where = "" if plain else self.where(parent, parts)
            return f"unknown key '{key}'{where}{suggest(str(key), allowed)}; allowed: " + ", ".join(
                allowed
            )
        if kind == "missing":
            name = err["loc"][-1]
            where = self.where(node) if "notes" not in parts else " in a notes part"
            return f"missing required key '{name}'{where}"
        if kind == "string_type":
            return f"expected text, found {_kind(node)}" + (
                "; put the text in quotes" if node is None or isinstance(node, YMap) else ""
            )
        if kind == "list_type":
            return f"expected a list (lines starting with '- '), found {_kind(node)}"
        if kind in ("model_type", "model_attributes_type", "dict_type"):
            return f"expected a mapping (key: value lines), found {_kind(node)}"
        if kind == "literal_error":
            expected = err.get("ctx", {}).get("expected", "")
            return f"expected one of {expected}, found {_kind(node)}"
        if kind == "too_short":
            found = err["ctx"].get("actual_length") or "none"
            return f"expected at least {err['ctx'].get('min_length', 1)} item(s), found {found}"
        if kind == "too_long":
            found = err["ctx"].get("actual_length")
            return (
                f"expected at most {err['ctx'].get('max_length')} item(s), found {found}; "
                "put the rest on another slide"
            )
        if kind.startswith("podium_"):
            return str(err["msg"])
        return f"{err['msg']} (found {_kind(node)})"

    def allowed_keys(self, mapping: Any, parts: tuple[Any, ...] = ()) -> list[str]:
        if "notes" in parts:
            return list(NotesPart.model_fields)
        if parts[:1] == ("variants",) and len(parts) > 2:
            return list(Variant.model_fields)
        inner = _INNER.get(str(parts[-3])) if len(parts) >= 3 else None
        if inner is None and len(parts) >= 4 and parts[-4] == "rows":
            inner = Cell
        if isinstance(mapping, YMap) and inner is not None:
            return list(inner.model_fields)
        if isinstance(mapping, YMap) and mapping is not self.root:
            if "section" in mapping:
                return list(Section.model_fields)
            layout = mapping.get("layout", "bullets")
            if isinstance(layout, str) and layout in SLIDE_MODELS:
                return ["layout", *[k for k in SLIDE_MODELS[layout].model_fields if k != "layout"]]
            return ["text", "bullets", "only"]
        return list(Deck.model_fields)

    def where(self, mapping: Any, parts: tuple[Any, ...] = ()) -> str:
        inner = parts[-3] if len(parts) >= 3 else None
        if inner in _INNER_NAMES:
            return f" for {_INNER_NAMES[str(inner)]}"
        if len(parts) >= 4 and parts[-4] == "rows":
            return " for a table cell"
        if isinstance(mapping, YMap) and mapping is not self.root and "section" not in mapping:
            layout = mapping.get("layout", "bullets")
            if isinstance(layout, str) and layout in SLIDE_MODELS:
                return f" for layout '{layout}'"
        return ""


def validate(data: Any, src: SourceText) -> Deck:
    """Return the Deck of located data; raise DeckError with every problem, in file order."""
    v = _Validator(src)
    if data is None:
        raise DeckError(
            [
                Problem(
                    "the deck is empty; it needs at least title: and slides:, e.g.\n"
                    "      title: My lecture\n      slides:\n        - title: Welcome",
                    Location(src.name, 1, 1),
                    "",
                    "error",
                    src.line(1),
                )
            ]
        )
    if not isinstance(data, YMap):
        v.add(
            getattr(data, "loc", None),
            (),
            f"the deck must be a mapping (title:, slides:, ...), found {_kind(data)}",
        )
        raise DeckError(v.problems)
    v.root = data
    v.deck(data)
    try:
        deck = Deck.model_validate(data)
    except ValidationError as exc:
        v.pydantic(data, exc)
        deck = None
    if v.problems or deck is None:
        raise DeckError(sorted(v.problems, key=lambda p: p.loc or Location("", 0, 0)))
    return deck


def locate(data: YMap) -> Locations:
    """Return where every value of validated, located data was written, by model path."""
    values: dict[ModelPath, Location] = {}
    keys: dict[ModelPath, Location] = {}

    def walk(node: Any, path: ModelPath) -> None:
        if isinstance(node, YMap):
            for key, value in node.items():
                sub = (*path, key)
                values[sub], keys[sub] = node.value_locs[key], node.key_locs[key]
                walk(value, sub)
        elif isinstance(node, YList):
            for i, (item, loc) in enumerate(zip(node, node.item_locs, strict=True)):
                values[(*path, i)] = loc
                walk(item, (*path, i))

    walk(data, ())
    return Locations(data.loc, values, keys)


class Loaded(NamedTuple):
    """A validated deck, where each of its values was written, and its text."""

    deck: Deck
    locations: Locations
    source: SourceText


def load(path: Path, name: str | None = None) -> Loaded:
    """Return the validated deck at ``path``, where its values were written, and its text.

    Raises DeckError listing every problem found.
    """
    data, src = read(path, name)
    deck = validate(data, src)
    return Loaded(deck, locate(data), src)
