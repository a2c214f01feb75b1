"""Variants of a deck (instructor, student, ...): which one is built, and what it keeps."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from podium.errors import ModelPath, suggest
from podium.load.model import Bullet, Deck, NotesPart, Section, SlideModel
from podium.plan.types import Reuse

#: What an ``only:`` holds: one variant's name, or a list of them.
OnlyValue = str | list[str] | None
#: An ``only:`` found in the deck: the names it holds and the path to it.
Mark = tuple[list[str], ModelPath]

#: A variant's name becomes part of file names: deck-student.pptx.
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
DECLARE_HINT = (
    "declare them at the top of the deck, e.g. variants: {instructor: {}, student: "
    "{notes: false}}, and mark parts with only: instructor"
)


@dataclass(frozen=True)
class Choice:
    """The variant being planned: its name (None: the whole deck, nothing left out)."""

    name: str | None = None
    notes: bool = True
    #: True when the command line asked for it: its files are named <deck>-<name>.*
    explicit: bool = False

    def keeps(self, only: OnlyValue) -> bool:
        """Return whether a part marked ``only:`` belongs to this variant (None: to all)."""
        if only is None or self.name is None:
            return True
        return self.name in ([only] if isinstance(only, str) else only)


def names_of(only: OnlyValue) -> list[str]:
    return [only] if isinstance(only, str) else list(only or ())


def only_marks(deck: Deck) -> Iterator[Mark]:
    """Yield every ``only:`` in the deck with the path to it."""
    for i, item in enumerate(deck.slides):
        yield from item_marks(item, i)


def item_marks(item: SlideModel | Section, i: int) -> Iterator[Mark]:
    """Yield every ``only:`` in the deck's ``i``-th slide (or section) with the path to it."""

    def bullets(items: Sequence[Bullet] | None, parts: ModelPath) -> Iterator[Mark]:
        for i, item in enumerate(items or ()):
            if item.only is not None:
                yield names_of(item.only), (*parts, i, "only")
            yield from bullets(item.bullets, (*parts, i, "bullets"))

    def slide(s: SlideModel, parts: ModelPath) -> Iterator[Mark]:
        if s.only is not None:
            yield names_of(s.only), (*parts, "only")
        for key in ("bullets", "items", "left", "right"):
            yield from bullets(getattr(s, key, None), (*parts, key))
        for k, column in enumerate(getattr(s, "columns", None) or ()):
            yield from bullets(column.bullets, (*parts, "columns", k, "bullets"))
        notes = s.notes
        if isinstance(notes, NotesPart) and notes.only is not None:
            yield names_of(notes.only), (*parts, "notes", "only")
        if isinstance(notes, list):
            for k, part in enumerate(notes):
                if isinstance(part, NotesPart) and part.only is not None:
                    yield names_of(part.only), (*parts, "notes", k, "only")

    if isinstance(item, Section):
        if item.only is not None:
            yield names_of(item.only), ("slides", i, "only")
        for j, s in enumerate(item.slides):
            yield from slide(s, ("slides", i, "slides", j))
    else:
        yield from slide(item, ("slides", i))


def resolve(
    deck: Deck,
    requested: str | None,
    error: Callable[[ModelPath, str], None],
    reuse: Reuse | None = None,
) -> Choice:
    """Return the variant to plan: ``requested`` (the command line's --variant), else the one
    the deck marks ``default: true``, else the whole deck. Problems go to ``error``.
    ``reuse(item, context, find)`` returns ``find()`` or what it returned before for the same
    slide object in the same context."""
    declared = dict(deck.variants or {})
    for declared_name in declared:
        if not NAME.fullmatch(declared_name):
            error(
                ("variants", declared_name),
                f"variant name '{declared_name}' may use only letters, digits, '-' and '_' "
                "(it becomes part of file names: deck-student.pptx)",
            )
    defaults = [k for k, v in declared.items() if v.default]
    if len(defaults) > 1:
        error(
            ("variants", defaults[1], "default"),
            f"only one variant can be the default; '{defaults[0]}' already is",
        )
    used: list[str] = []
    marks: Iterable[Mark] = only_marks(deck)
    if reuse is not None:
        marks = itertools.chain.from_iterable(
            reuse(item, ("only", i), lambda: list(item_marks(item, i)))  # noqa: B023
            for i, item in enumerate(deck.slides)
        )
    for names, parts in marks:
        for marked in names:
            if declared and marked not in declared:
                error(
                    parts,
                    f"unknown variant '{marked}'{suggest(marked, declared)}; the deck's "
                    "variants: " + ", ".join(declared),
                )
            elif marked not in used:
                used.append(marked)
    known = list(declared) or used
    name = requested if requested is not None else (defaults[0] if defaults else None)
    if name is None:
        return Choice()
    if name not in known:
        where: ModelPath = ("variants",) if declared else ()
        if declared:
            error(
                where,
                f"unknown variant '{name}'{suggest(name, known)}; the deck's variants: "
                + ", ".join(known),
            )
        elif known:
            listed = ", ".join(f"{k}: {{}}" for k in [*known, name])
            error(
                where,
                f"unknown variant '{name}'{suggest(name, known)}; the deck's only: marks name "
                f"{', '.join(known)}; to build another variant, declare them all at the top "
                f"of the deck: variants: {{{listed}}}",
            )
        else:
            error(where, f"unknown variant '{name}': the deck has no variants; {DECLARE_HINT}")
        return Choice(name, explicit=requested is not None)
    settings = declared.get(name)
    return Choice(
        name, notes=settings.notes if settings is not None else True, explicit=requested is not None
    )
