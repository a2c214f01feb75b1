"""What the preview keeps from one rebuild to the next: the deck's text read in parts, and
each slide's plan, fit, characters, formulas and HTML, so that after an edit only the slides
whose input changed are read, planned, fitted and drawn again. The page is byte for byte the
one a full build writes (a test holds them equal over many kinds of edit)."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar, cast

from podium.errors import Location
from podium.load import chunks
from podium.load.chunks import Loaded, Reading
from podium.plan.types import DeckPlan, SlidePlan, placed_at
from podium.template.theme import Theme

if TYPE_CHECKING:
    from podium.plan.fit_deck import Fitted
    from podium.render.html_parts import Page
    from podium.render.webfonts import SlideText, TextTally

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Memo(Generic[K, V]):
    """Values by an object (the same object, found by identity without hashing it: a slide plan
    hashes all its runs) and a few plain values, kept while the rounds of lookups still ask for
    them: ``round()`` drops what the round just ended did not use, so the memo holds about one
    deck's worth."""

    def __init__(self) -> None:
        self._old: dict[tuple[int, Hashable], tuple[K, V]] = {}
        self._new: dict[tuple[int, Hashable], tuple[K, V]] = {}

    def get(self, obj: K, extra: Hashable, make: Callable[[], V]) -> V:
        """Return the value of ``(obj, extra)``, made by ``make()`` when it is not kept."""
        key = (id(obj), extra)
        entry = self._new.get(key) or self._old.get(key)
        value = entry[1] if entry is not None and entry[0] is obj else make()
        self._new[key] = (obj, value)
        return value

    def round(self) -> None:
        """End a round: what it did not ask for is forgotten."""
        self._old, self._new = self._new, {}

    def abandon(self) -> None:
        """End a round that failed: what it made is forgotten, what it found is kept."""
        self._new = {}

    def clear(self) -> None:
        self._old, self._new = {}, {}


class _Key:
    """A slide plan (and a few plain values) as a dictionary key that hashes it once."""

    __slots__ = ("hash", "value")

    def __init__(self, value: Hashable) -> None:
        self.value = value
        self.hash = hash(value)

    def __hash__(self) -> int:
        return self.hash

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Key) and self.hash == other.hash and self.value == other.value


class SlideMemo(Generic[V]):
    """Values made from a slide plan (and a few plain values), by the slide and, when that
    is not known, by the slide without its place in the file (``loc``): a slide whose text
    only moved up or down is fitted and drawn from what its old place made. ``relocate``
    gives a kept value the slide's place (fit's pieces and problems keep it); without it the
    value does not depend on the place (the HTML)."""

    def __init__(self, relocate: Callable[[V, Location | None], V] | None = None) -> None:
        #: slide -> (its value, its key without its place, the value made there)
        #: (only the same slide: an equal one is found by its key without its place)
        self.placed: Memo[SlidePlan, tuple[V, _Key | None, V]] = Memo()
        self._old: dict[_Key, V] = {}
        self._new: dict[_Key, V] = {}
        #: (a slide's fields but its place, by id, extra) -> (that slide, its key without
        #: its place, the value made there): a slide moved up or down the file is a copy of
        #: its old plan at another place, the same objects in its other fields, found so
        #: without hashing it. The slide held keeps those objects, and so their ids, alive.
        self._old_fields: dict[tuple[Hashable, ...], tuple[SlidePlan, _Key, V]] = {}
        self._new_fields: dict[tuple[Hashable, ...], tuple[SlidePlan, _Key, V]] = {}
        self.relocate = relocate

    def get(self, slide: SlidePlan, extra: Hashable, make: Callable[[SlidePlan], V]) -> V:
        """Return the value of ``(slide, extra)``, ``make(slide)`` when it is not kept (given
        the slide without its place, when the value is relocated)."""

        def placeless() -> tuple[V, _Key | None, V]:
            if slide.loc is None:
                value = make(slide)
                return value, None, value
            ids = (*_field_ids(slide), extra)
            known = self._new_fields.get(ids) or self._old_fields.get(ids)
            if known is not None and _field_ids(known[0]) == ids[:-1]:
                key, value = known[1], known[2]
            else:
                bare = placed_at(slide, None)
                key = _Key((bare, extra))
                raw = self._new.get(key, _MISSING)
                if raw is _MISSING:
                    raw = self._old.get(key, _MISSING)
                if raw is _MISSING:
                    raw = make(bare if self.relocate is not None else slide)
                value = cast(V, raw)
            self._new_fields[ids] = (slide, key, value)
            if self.relocate is not None:
                return self.relocate(value, slide.loc), key, value
            return value, key, value

        value, key, raw = self.placed.get(slide, extra, placeless)
        if key is not None:
            self._new[key] = raw  # kept while a slide with this content is shown
        return value

    def round(self) -> None:
        self.placed.round()
        self._old, self._new = self._new, {}
        self._old_fields, self._new_fields = self._new_fields, {}

    def abandon(self) -> None:
        self.placed.abandon()
        self._new, self._new_fields = {}, {}

    def clear(self) -> None:
        self.placed.clear()
        self._old, self._new = {}, {}
        self._old_fields, self._new_fields = {}, {}


#: Field values compared by value in _field_ids (cheap to compare; a number over 256 is a new
#: object each time it is computed).
_PLAIN = frozenset({int, str, bool, float, type(None)})


def _field_ids(slide: SlidePlan) -> tuple[Hashable, ...]:
    """Return ``slide``'s fields but its place, in order: plain values as they are, the id of
    any other object."""
    plain = _PLAIN
    return tuple(
        value if type(value) in plain else id(value)
        for name, value in vars(slide).items()
        if name != "loc"
    )


_MISSING = object()


def _relocated(fitted: Fitted, loc: Location | None) -> Fitted:
    """Return a slide's fitted pieces and their problems at ``loc``."""
    return tuple(
        (placed_at(piece, loc), tuple(placed_at(problem, loc) for problem in problems))
        for piece, problems in fitted
    )


class Incremental:
    """The memos of one live deck. ``plan`` and ``page`` build as build.load_plan and
    render.html.render do, taking from the memos what an earlier build made from the same
    input; ``forget`` empties them (a picture or template changed on disk)."""

    def __init__(self) -> None:
        #: (slide model, its context in the deck) -> what the planner made of it (Reuse)
        self.plans: Memo[object, object] = Memo()
        #: (slide as planned, policy) -> the slide fitted, with its continuations
        self.fits: SlideMemo[Fitted] = SlideMemo(_relocated)
        #: (slide as fitted, (position shown, number of the last slide)) -> its <section>,
        #: the characters it draws and its formulas
        self.drawn: SlideMemo[tuple[str, SlideText, tuple[str, ...]]] = SlideMemo()
        self._fit_theme: Theme | None = None
        self._html_theme: Theme | None = None
        self._stale = False
        self._reading: Reading | None = None
        self._tally: TextTally | None = None  # the characters the shown slides draw

    def forget(self) -> None:
        """Make the next build start afresh (safe from any thread: it only sets a flag)."""
        self._stale = True

    def _start(self) -> None:
        if self._stale:
            self._stale = False
            for memo in (self.plans, self.fits, self.drawn):
                memo.clear()
            self._fit_theme = self._html_theme = None
            self._reading = None
            self._tally = None

    def plan(self, path: Path, name: str, variant: str | None) -> DeckPlan:
        """Return the plan of the deck file at ``path``, as build.load_plan does."""
        from podium.commands.build import load_plan
        from podium.errors import DeckError

        self._start()
        loaded = self.load(path, name)
        if loaded is None:
            self.plans.clear()  # read whole: every slide model is new
            try:
                plan = load_plan(path, name, variant=variant, fit_for=self._fit_for)
            except BaseException:
                self.fits.abandon()
                raise
            self.fits.round()
            return plan
        try:
            plan = load_plan(
                path,
                name,
                variant=variant,
                fit_for=self._fit_for,
                loaded=loaded,
                reuse=self._reuse,
            )
        except DeckError:
            # The deck's problems as the whole reading reports them, nothing kept.
            self.plans.abandon()
            self.fits.abandon()
            self._reading = None
            return load_plan(path, name, variant=variant)
        except BaseException:
            self.plans.abandon()
            self.fits.abandon()
            raise
        self.plans.round()
        self.fits.round()
        return plan

    def _reuse(self, model: object, context: Hashable, make: Callable[[], V]) -> V:
        return cast(V, self.plans.get(model, context, make))

    def load(self, path: Path, name: str) -> Loaded | None:
        """Return the deck at ``path`` read as validate.load reads it, only its changed slides
        read again; None when it has a problem (validate.load then says which) or cannot be
        read."""
        text = chunks.deck_text(path)
        if text is None:
            self._reading = None
            return None
        again = chunks.again(self._reading, text, name) if self._reading is not None else None
        if again is not None:
            return again
        whole = chunks.whole(text, name)
        self._reading = whole[1] if whole is not None else None
        return whole[0] if whole is not None else None

    def _fit_for(self, theme: Theme) -> Callable[[SlidePlan, str], Fitted]:
        from podium.plan.fit_deck import fit_slide, fitter

        if self._fit_theme is None or (theme is not self._fit_theme and theme != self._fit_theme):
            self.fits.clear()
        self._fit_theme = theme
        tool = fitter(theme)
        memo = self.fits

        def fit_one(slide: SlidePlan, policy: str) -> Fitted:
            return memo.get(slide, policy, lambda s: fit_slide(s, policy, tool))

        return fit_one

    def page(self, plan: DeckPlan, live_script: str) -> Page | None:
        """Return the HTML deck of ``plan`` in parts, as render.html.render writes it with
        ``live_script``; None for a deck drawn with templates of its own (render it whole)."""
        from podium.render import html, html_parts, webfonts

        if not html_parts.supported(plan):
            return None
        self._start()
        theme = plan.theme
        if self._html_theme is None or (
            theme is not self._html_theme and theme != self._html_theme
        ):
            self.drawn.clear()
        self._html_theme = theme
        if self._tally is None:
            self._tally = webfonts.TextTally()
        shown = [s for s in plan.slides if not s.hidden]
        last = plan.slides[-1].number if plan.slides else 0
        drawn = []
        for position, slide in enumerate(shown, start=1):

            def draw(s: SlidePlan) -> tuple[str, SlideText, tuple[str, ...]]:
                section = html_parts.slide_html(s, position, last, theme)  # noqa: B023
                return section, webfonts.slide_text(s), html.slide_formulas(s)

            drawn.append(self.drawn.get(slide, (position, last), draw))
        found: dict[str, None] = {}
        for _section, _text, formulas in drawn:
            found.update(dict.fromkeys(formulas))
        page = html_parts.frame(
            plan,
            [section for section, _text, _formulas in drawn],
            live_script=live_script,
            used=self._tally.merged(text for _section, text, _formulas in drawn),
            formulas=list(found),
        )
        self.drawn.round()
        return page
