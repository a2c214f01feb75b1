"""Read a deck file into a validated Deck, reporting every problem at its file:line:col."""

from __future__ import annotations

import re
from collections.abc import Iterable
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
from podium.load.fields import MAX_LEVELS
from podium.load.model import (
    LAYOUTS,
    MAX_BULLETS,
    MAX_CELLS,
    MAX_SLIDES,
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
from podium.load.standins import Walk, blank, stand_in, under

#: A plain scalar that reads as a number ("42", "-1.5").
_NUMBER = re.compile(r"^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$")
#: Rounds of replacing wrong values by stand-ins before giving up on checking the rest.
_REPAIR_ROUNDS = 5
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


def _count(bullets: Any) -> int:
    """Return how many bullets a normalised bullet list holds, sub-bullets included."""
    if not isinstance(bullets, list):
        return 0
    return sum(1 + _count(b.get("bullets")) if isinstance(b, dict) else 1 for b in bullets)


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
        #: Paths (as in messages) of values found wrong and replaced by a stand-in, so the rest
        #: of the deck can still be checked; problems inside them are consequences, not news.
        self.repaired: set[ModelPath] = set()

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
            # One line of text where a list belongs is one bullet (a documented convenience);
            # a bare number there is more likely a slip, so it is accepted with a warning.
            if getattr(value, "style", None) is None and _NUMBER.match(value):
                self.add(
                    loc,
                    parts,
                    f"the number {value} where a list of bullets belongs is read as one "
                    f"bullet '{value}'; write a list ('- {value}' on the next line), or quote "
                    f'it ("{value}") to mean that text',
                    "warning",
                )
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
    def slide(self, item: Any, loc: Location, parts: tuple[Any, ...]) -> bool:
        """Check a slide's layout and read its bullets; return False when it cannot be used."""
        if not isinstance(item, YMap):
            self.add(
                loc, parts, f"a slide must be a mapping (layout:, title:, ...), found {_kind(item)}"
            )
            return False
        layout = item.get("layout", "bullets")
        if layout is None or not isinstance(layout, str):
            self.add(
                item.value_locs.get("layout", loc),
                (*parts, "layout"),
                f"expected a layout name, found {_kind(layout)}; layouts: " + ", ".join(LAYOUTS),
            )
            return False
        if layout not in LAYOUTS:
            self.add(
                item.value_locs["layout"],
                (*parts, "layout"),
                f"unknown layout '{layout}'{suggest(layout, LAYOUTS)}; layouts: "
                + ", ".join(LAYOUTS),
            )
            return False
        count = 0
        for key in _BULLET_KEYS:
            if key in item and key in SLIDE_MODELS[layout].model_fields:
                item[key] = self.bullets(item[key], item.value_locs[key], (*parts, key), 0)
                count += _count(item[key])
        columns = item.get("columns") if layout == "columns" else None
        if isinstance(columns, YList):
            for n, column in enumerate(columns):
                if isinstance(column, YMap) and "bullets" in column:
                    where = (*parts, "columns", n, "bullets")
                    column["bullets"] = self.bullets(
                        column["bullets"], column.value_locs["bullets"], where, 0
                    )
                    count += _count(column["bullets"])
        if count > MAX_BULLETS:
            self.add(
                loc,
                parts,
                f"the slide has {count:,} bullets; at most {MAX_BULLETS:,} fit on one slide: "
                "spread them over several slides",
            )
        rows, header = item.get("rows"), item.get("header")
        if layout == "table" and isinstance(rows, list) and isinstance(header, list):
            cells = len(header) + sum(len(r) for r in rows if isinstance(r, list))
            if cells > MAX_CELLS:
                self.add(
                    item.value_locs["rows"],
                    (*parts, "rows"),
                    f"the table has {cells:,} cells; at most {MAX_CELLS:,} fit in one table: "
                    "split it over several slides",
                )
        return True

    def blank_slide(self, slides: YList, index: int, parts: tuple[Any, ...]) -> None:
        """Replace an unusable slide by a blank one, so its siblings are still checked."""
        slides[index] = blank(slides.item_locs[index])
        self.repaired.add(tuple(parts))

    def deck(self, data: Any) -> None:
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
            self.add(
                data.value_locs["slides"],
                ("slides",),
                f"the deck has {total:,} slides; at most {MAX_SLIDES:,} are built: split it "
                "into several decks",
            )
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
                                "sections do not nest: a section holds slides only; to "
                                f"start section '{sub['section']}', write its '- section:' "
                                f"line at the indentation of '- section: {item['section']}'",
                            )
                            self.blank_slide(inner, j, ("slides", i, "slides", j))
                        elif not self.slide(sub, sub_loc, ("slides", i, "slides", j)):
                            self.blank_slide(inner, j, ("slides", i, "slides", j))
            elif not self.slide(item, loc, ("slides", i)):
                self.blank_slide(slides, i, ("slides", i))

    # -- pydantic's findings, at their places -------------------------------------------
    def pydantic(self, data: Any, exc: ValidationError, report: bool = True) -> bool:
        """Report pydantic's errors at their places (when ``report``) and replace each wrong
        value by a stand-in; return whether anything was replaced."""
        changed = False
        # every error is followed through the data as it was, before any stand-in
        walks = [(err, self.walk(data, err)) for err in exc.errors(include_url=False)]
        for err, walk in walks:
            kind = err["type"]
            # bad layouts are reported by self.slide() with a suggestion
            tagged = kind in ("union_tag_invalid", "union_tag_not_found")
            if report and not tagged and not any(under(walk.parts, r) for r in self.repaired):
                self.add(
                    walk.loc, walk.parts, self.message(err, walk.node, walk.parent, walk.parts)
                )
        for err, walk in walks:
            changed = self.repair(walk, err["type"], later=not report) or changed
        return changed

    def walk(self, data: Any, err: Any) -> Walk:
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

    def repair(self, w: Walk, kind: str, later: bool = False) -> bool:
        """Replace the wrong field of a slide, section or the deck by a stand-in (optional
        fields are dropped); return whether anything changed.

        A cell that is not text is blanked, keeping its row's length for the row checks. In
        ``later`` rounds (a stand-in was not enough) the whole field is replaced.
        """
        owner, key = w.owner, w.key
        if not later and any(under(w.parts, r) for r in self.repaired):
            return False  # inside a value replaced for another error of this round
        if not later and kind == "string_type" and isinstance(w.parent, YList) and w.parts:
            # a table cell or header that is not text: blank it, keep the row's length
            index = w.parts[-1]
            if isinstance(index, int) and index < len(w.parent):
                w.parent[index] = YStr("", w.loc)
                self.repaired.add(tuple(w.parts))
                return True
        if not isinstance(owner, YMap) or key is None:
            return False
        model = self.model_of(owner)
        field = model.model_fields.get(key) if model is not None else None
        self.repaired.add(tuple(w.key_parts))
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

    def model_of(self, mapping: YMap) -> type[Any] | None:
        if mapping is self.root:
            return Deck
        if "section" in mapping:
            return Section
        layout = mapping.get("layout", "bullets")
        return SLIDE_MODELS.get(layout) if isinstance(layout, str) else None

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
    deck, problems, _repaired = check(data, src)
    if deck is None or any(p.severity == "error" for p in problems):
        raise DeckError(problems)
    return deck


def check(data: Any, src: SourceText) -> tuple[Deck | None, list[Problem], set[ModelPath]]:
    """Return the Deck of located data, every problem found (file order) and the paths of the
    values replaced by stand-ins.

    When the deck has errors, the Deck returned is the deck with each wrong value replaced
    by a stand-in (dropped when optional), so that the checks which need a whole deck (images,
    table rows, ids, links) still look at everything else; it is None when nothing usable is
    left. Problems inside a replaced value's path are consequences and should not be shown.
    """
    v = _Validator(src)
    if data is None:
        empty = Problem(
            "the deck is empty; it needs at least title: and slides:, e.g.\n"
            "      title: My lecture\n      slides:\n        - title: Welcome",
            Location(src.name, 1, 1),
            "",
            "error",
            src.line(1),
        )
        return None, [empty], set()
    if not isinstance(data, YMap):
        v.add(
            getattr(data, "loc", None),
            (),
            f"the deck must be a mapping (title:, slides:, ...), found {_kind(data)}",
        )
        return None, v.problems, set()
    v.root = data
    v.deck(data)
    deck: Deck | None = None
    for attempt in range(_REPAIR_ROUNDS):
        try:
            deck = Deck.model_validate(data)
            break
        except ValidationError as exc:
            if not v.pydantic(data, exc, report=attempt == 0):
                break
    problems = sorted(v.problems, key=lambda p: p.loc or Location("", 0, 0))
    return deck, problems, v.repaired


def locate(data: YMap, stand_ins: Iterable[ModelPath] = ()) -> Locations:
    """Return where every value of validated, located data was written, by model path.

    ``stand_ins`` are the paths of values put in place of wrong ones (see check).
    """
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
    return Locations(data.loc, values, keys, frozenset(stand_ins))


class Loaded(NamedTuple):
    """A validated deck, where each of its values was written, and its text."""

    deck: Deck
    locations: Locations
    source: SourceText


def load(path: Path, name: str | None = None, problems: list[Problem] | None = None) -> Loaded:
    """Return the validated deck at ``path``, where its values were written, and its text.

    Raises DeckError listing every problem found. Given ``problems``, the loader's warnings
    are added to it; so are its errors when the rest of the deck can still be checked: the
    deck returned then has a stand-in for each wrong value (``locations.stand_in(path)``),
    for the plan to find the problems that need the whole deck (images, rows, ids, links).
    """
    found: list[Problem] = []
    data, src = read(path, name, found if problems is not None else None)
    deck, checked, stand_ins = check(data, src)
    found = sorted([*found, *checked], key=lambda p: p.loc or Location("", 0, 0))
    errors = any(p.severity == "error" for p in found)
    if deck is None or (errors and problems is None):
        raise DeckError(found)
    if problems is not None:
        problems.extend(found)
    return Loaded(deck, locate(data, stand_ins), src)
