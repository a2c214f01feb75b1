"""Read a deck file into a validated Deck, reporting every problem at its file:line:col."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any, NamedTuple

from pydantic import ValidationError

from podium.errors import DeckError, Location, Locations, ModelPath, Problem, SourceText
from podium.load import model_errors
from podium.load.findings import Findings, kind_of
from podium.load.model import Deck
from podium.load.shape import check_shape
from podium.load.source import YList, YMap, read

#: Rounds of replacing wrong values by stand-ins before giving up on checking the rest.
_REPAIR_ROUNDS = 5


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
    found = Findings(src)
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
        found.add(
            getattr(data, "loc", None),
            (),
            f"the deck must be a mapping (title:, slides:, ...), found {kind_of(data)}",
        )
        return None, found.problems, set()
    found.root = data
    check_shape(found, data)
    deck: Deck | None = None
    for attempt in range(_REPAIR_ROUNDS):
        try:
            deck = Deck.model_validate(data)
            break
        except ValidationError as exc:
            if not model_errors.follow(found, data, exc, report=attempt == 0):
                break
    problems = sorted(found.problems, key=lambda p: p.loc or Location("", 0, 0))
    return deck, problems, found.repaired


def locate(data: YMap, stand_ins: Iterable[ModelPath] = ()) -> Locations:
    """Return where every value of validated, located data was written, by model path.

    ``stand_ins`` are the paths of values put in place of wrong ones (see check).
    """
    values: dict[ModelPath, Location] = {}
    keys: dict[ModelPath, Location] = {}
    record_places(data, (), values, keys)
    return Locations(data.loc, values, keys, frozenset(stand_ins))


def record_places(
    node: Any, path: ModelPath, values: dict[ModelPath, Location], keys: dict[ModelPath, Location]
) -> None:
    """Record in ``values`` and ``keys`` where each value under ``node`` (at model path
    ``path``) and each of its keys was written."""
    if isinstance(node, YMap):
        for key, value in node.items():
            sub = (*path, key)
            values[sub], keys[sub] = node.value_locs[key], node.key_locs[key]
            record_places(value, sub, values, keys)
    elif isinstance(node, YList):
        for i, (item, loc) in enumerate(zip(node, node.item_locs, strict=True)):
            values[(*path, i)] = loc
            record_places(item, (*path, i), values, keys)


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
