"""A deck's text cut at its top-level slides, so that after an edit only the slides whose text
changed are read again, at their true lines, and the rest are taken from the last reading.

Only plain block YAML is cut: anything unusual (anchors, several documents, tabs in the
indentation, line breaks other than newlines, a ``slides:`` that is not one block list) is
read whole, as is text whose cut a whole reading does not confirm."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from podium.errors import Location, Locations, ModelPath, PodiumError, Problem, SourceText
from podium.files import read_regular
from podium.load.findings import Findings
from podium.load.model import MAX_SLIDES, Deck, Section, SlideOrSection
from podium.load.shape import check_shape
from podium.load.source import MAX_DECK_BYTES, YList, YMap, parse_text
from podium.load.validate import Loaded, check, locate, record_places

__all__ = ["Cut", "Item", "Loaded", "Reading", "again", "cut", "deck_text", "read_item", "whole"]

_SLIDES_LINE = re.compile(r"^slides:[ ]*(#.*)?$", re.MULTILINE)
_ITEM = re.compile(r"( *)-( |$)", re.MULTILINE)
#: The first line with content: not blank, not a comment.
_CONTENT = re.compile(r"^ *[^ \n#]", re.MULTILINE)
_TAB_INDENT = re.compile(r"^ *\t", re.MULTILINE)
#: An anchor (``&name`` where a value starts): another slide may repeat it through an alias,
#: so no slide could be read alone.
_ANCHOR = re.compile(r"(?:^|[\s\[{,])&\S")
#: Line breaks YAML knows besides the newline: they would move the line numbers.
_OTHER_BREAKS = ("\r", "\x85", "\u2028", "\u2029")


@dataclass(frozen=True)
class Cut:
    """A deck's text in parts: the lines up to ``slides:``, each top-level slide (or section)
    of its list with the number of the line before it, and the lines after the list."""

    head: str
    items: tuple[tuple[int, str], ...]  # (lines before the item, the item's text)
    tail: str


def cut(text: str) -> Cut | None:
    """Return ``text`` cut at its top-level slides, or None when it cannot be cut safely."""
    # (each pattern only where its character occurs: most decks have none of them)
    if text.startswith("\ufeff") or any(c in text for c in _OTHER_BREAKS):
        return None
    if ("&" in text and _ANCHOR.search(text)) or ("\t" in text and _TAB_INDENT.search(text)):
        return None
    if text.startswith(("---", "...")) or "\n---" in text or "\n..." in text:
        return None  # perhaps several documents
    starts = list(_SLIDES_LINE.finditer(text))
    if len(starts) != 1:
        return None
    body = starts[0].end() + 1  # where the line after slides: starts
    first = _CONTENT.search(text, body)
    item = _ITEM.match(text, first.start()) if first is not None else None
    if first is None or item is None:
        return None  # slides: [...], or slides: with no list
    indent = len(item.group(1))
    # every line of content at the list's indentation or left of it: items, or the end
    edges = re.compile(rf"^ {{0,{indent}}}[^ \n#].*$", re.MULTILINE)
    item_at = re.compile(rf" {{{indent}}}-( |$)")
    cuts: list[int] = []  # where each item starts
    end = len(text)
    for found in edges.finditer(text, first.start()):
        if item_at.match(found.group()):
            cuts.append(found.start())
        elif not found.group().startswith(" "):
            end = found.start()  # the deck's keys after its slides
            break
        else:
            return None
    head = text[: cuts[0]]
    line = head.count("\n")
    items = []
    for a, b in zip(cuts, [*cuts[1:], end], strict=True):
        part = text[a:b]
        items.append((line, part))
        line += part.count("\n")
    return Cut(head, tuple(items), text[end:])


@dataclass(frozen=True)
class Item:
    """One top-level slide (or section) as read: its located data, where each of its values
    was written (model paths from the deck's root), and its validated model."""

    data: Any
    values: dict[ModelPath, Location]
    keys: dict[ModelPath, Location]
    model: Any  # a Slide or Section model


@functools.cache
def _adapter() -> TypeAdapter[Any]:
    """Return the validator of one top-level slide (built once: a tenth of a second)."""
    return TypeAdapter(SlideOrSection)


def read_item(text: str, before: int, index: int, src: SourceText) -> Item | None:
    """Return the slide (or section) whose text is ``text``, written after ``before`` lines of
    the deck ``src``, at ``index`` in its slides; None when it has any problem (the whole deck
    is then read, for the messages a whole reading gives)."""
    problems: list[Problem] = []
    try:
        data = parse_text("\n" * before + text, src.name, problems)
    except Exception:  # any problem: the whole reading reports it
        return None
    if problems or not isinstance(data, YList) or len(data) != 1:
        return None
    root = YMap()
    root.loc = data.loc
    root.key_locs, root.value_locs = {"slides": data.loc}, {"slides": data.loc}
    root["slides"] = data
    found = Findings(src)
    found.root = root
    check_shape(found, root)
    if found.problems or found.repaired:
        return None
    try:
        model = _adapter().validate_python(data[0])
    except ValidationError:
        return None
    values: dict[ModelPath, Location] = {}
    keys: dict[ModelPath, Location] = {}
    record_places(data[0], ("slides", index), values, keys)
    values[("slides", index)] = data.item_locs[0]
    return Item(data[0], values, keys, model)


def items_of(
    data: Any, values: dict[ModelPath, Location], keys: dict[ModelPath, Location], deck: Deck
) -> tuple[dict[ModelPath, Location], dict[ModelPath, Location], list[Item]] | None:
    """Return a whole reading in parts: where the deck's own values were written (its
    slides' left out), and each top-level slide as read_item gives it."""
    slides = data.get("slides") if isinstance(data, YMap) else None
    if not isinstance(slides, YList) or len(slides) != len(deck.slides):
        return None
    _adapter()  # now, not on the first edit
    own_values = {p: loc for p, loc in values.items() if not _in_item(p)}
    own_keys = {p: loc for p, loc in keys.items() if not _in_item(p)}
    per: list[tuple[dict[ModelPath, Location], dict[ModelPath, Location]]] = [
        ({}, {}) for _ in slides
    ]
    for path, loc in values.items():
        if _in_item(path):
            per[int(path[1])][0][path] = loc
    for path, loc in keys.items():
        if _in_item(path):
            per[int(path[1])][1][path] = loc
    items = [
        Item(item, v, k, model)
        for item, (v, k), model in zip(slides, per, deck.slides, strict=True)
    ]
    return own_values, own_keys, items


def _moved(item: Item, lines: int, was: int, index: int) -> Item:
    """Return ``item`` written ``lines`` lines further down (up, when negative), as the slide
    at ``index`` in place of ``was``: the same model, its values' places moved."""
    if lines == 0 and was == index:
        return item

    def move(places: dict[ModelPath, Location]) -> dict[ModelPath, Location]:
        return {
            (("slides", index, *path[2:]) if was != index else path): Location(
                loc.file, loc.line + lines, loc.col, loc.length
            )
            for path, loc in places.items()
        }

    return Item(item.data, move(item.values), move(item.keys), item.model)


def _in_item(path: ModelPath) -> bool:
    return len(path) >= 2 and path[0] == "slides" and isinstance(path[1], int)


def deck_text(path: Path) -> str | None:
    """Return the text of the deck file at ``path``, or None when it cannot be read as text
    (validate.load then says why)."""
    try:
        return read_regular(path, MAX_DECK_BYTES, "deck file").decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None


@dataclass
class Reading:
    """A deck's text read in parts, to read the next version of it against."""

    head: str
    tail: str
    deck: Deck
    root: Location
    values: dict[ModelPath, Location]  # where the deck's own values were written
    keys: dict[ModelPath, Location]
    #: (lines before, text, index in the slides) of each top-level slide -> its reading
    items: dict[tuple[int, str, int], Item]


def whole(text: str, name: str) -> tuple[Loaded, Reading | None] | None:
    """Return the deck of ``text`` read whole, as validate.load reads it, with its reading in
    parts (None when the text cannot be cut where the whole reading found its slides); None
    when the deck has any problem."""
    try:
        problems: list[Problem] = []
        data = parse_text(text, name, problems)
        src = SourceText(name, text.removeprefix("\ufeff"))
        deck, found, _stand_ins = check(data, src)
    except PodiumError:
        return None
    if deck is None or problems or found:
        return None
    locations = locate(data)
    return Loaded(deck, locations, src), _reading(text, data, deck, locations)


def _reading(text: str, data: Any, deck: Deck, locations: Locations) -> Reading | None:
    cut_ = cut(text)
    parts = items_of(data, locations.values, locations.keys, deck)
    if cut_ is None or parts is None or len(parts[2]) != len(cut_.items):
        return None
    values, keys, items = parts
    kept: dict[tuple[int, str, int], Item] = {}
    for index, ((before, chunk), item) in enumerate(zip(cut_.items, items, strict=True)):
        line = item.values[("slides", index)].line - 1
        if not before <= line < before + max(1, chunk.count("\n")):
            return None
        kept[(before, chunk, index)] = item
    return Reading(cut_.head, cut_.tail, deck, locations.root, values, keys, kept)


def again(last: Reading, text: str, name: str) -> Loaded | None:
    """Return the deck of ``text`` read against ``last``: the slides whose text is the same
    taken from it (moved to their lines and places), the others read now (``last`` then holds
    this reading); None when that cannot be done (the settings changed, or a changed slide has
    a problem)."""
    cut_ = cut(text)
    if cut_ is None or (cut_.head, cut_.tail) != (last.head, last.tail):
        return None
    src = SourceText(name, text)
    moved: dict[str, tuple[int, int, Item]] = {}  # text -> (lines before, index, reading)
    for (before, chunk, index), item in last.items.items():
        moved.setdefault(chunk, (before, index, item))
    items: dict[tuple[int, str, int], Item] = {}
    for index, (before, chunk) in enumerate(cut_.items):
        key = (before, chunk, index)
        found: Item | None = last.items.get(key)
        if found is None and chunk in moved:
            # the same text further up or down: its values move with it
            was_before, was_index, was = moved.pop(chunk)
            found = _moved(was, before - was_before, was_index, index)
        found = found or read_item(chunk, before, index, src)
        if found is None:
            return None
        items[key] = found
    models = [item.model for item in items.values()]
    total = sum(len(m.slides) if isinstance(m, Section) else 1 for m in models)
    if total > MAX_SLIDES:
        return None
    values, keys = dict(last.values), dict(last.keys)
    for item in items.values():
        values.update(item.values)
        keys.update(item.keys)
    last.items = items
    deck = last.deck.model_copy(update={"slides": models})
    return Loaded(deck, Locations(last.root, values, keys), src)
