"""The plan's types: everything decided about a deck before rendering; renderers only draw it."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, TypedDict, TypeVar

from podium.errors import Location, Problem
from podium.plan.markup import Inline, Para, plain
from podium.template.theme import DEFAULT_THEME, Theme

_Placed = TypeVar("_Placed")


def placed_at(value: _Placed, loc: Location | None) -> _Placed:
    """Return ``value`` (a frozen dataclass with a ``loc`` field) at ``loc``: what
    dataclasses.replace(value, loc=loc) returns, its other fields the same objects, made
    without running __init__ again (a moved slide's plan and pieces, by the thousand)."""
    kind = type(value)
    if hasattr(kind, "__post_init__") or "loc" not in getattr(value, "__dict__", ()):
        return dataclasses.replace(value, loc=loc)  # type: ignore[type-var]
    copy = object.__new__(kind)
    copy.__dict__.update(value.__dict__, loc=loc)
    return copy


@dataclass(frozen=True)
class ImagePlan:
    """A picture to draw fitted into its box, keeping its aspect ratio."""

    path: Path
    alt: str
    width_px: int
    height_px: int
    mime: str  # image/png, image/jpeg, image/gif, image/svg+xml
    #: The sanitised SVG (what both outputs embed instead of the file), None for pictures.
    svg: bytes | None = None


@dataclass(frozen=True)
class FigurePlan:
    """One picture of a grid of pictures, with its caption."""

    image: ImagePlan
    caption: Inline = ()


@dataclass(frozen=True)
class ColumnPlan:
    """One column of a columns slide: a heading over bullets or a picture."""

    title: Inline = ()
    body: tuple[Para, ...] = ()
    image: ImagePlan | None = None


@dataclass(frozen=True)
class Span:
    """A merged cell: its top-left cell (row 0 is the header) and how far it reaches."""

    row: int
    col: int
    rows: int = 1
    cols: int = 1


@dataclass(frozen=True)
class TablePlan:
    """A table whose first row is the header; every row has a cell per column (the cells a
    merged cell covers are empty)."""

    header: tuple[Inline, ...]
    rows: tuple[tuple[Inline, ...], ...]
    #: Set by fitting: each row's height, header first (EMU; () before fitting).
    heights: tuple[int, ...] = ()
    #: Each column's share of the table's width (summing to 1); empty: from the text.
    widths: tuple[float, ...] = ()
    #: Each column's alignment: left, center or right; empty: all left.
    align: tuple[str, ...] = ()
    spans: tuple[Span, ...] = ()
    header_column: bool = False
    caption: Inline = ()

    def span_at(self, row: int, col: int) -> Span | None:
        """Return the merged cell starting at (row, col), None for a plain or covered cell."""
        for span in self.spans:
            if (span.row, span.col) == (row, col):
                return span
        return None

    def covered(self, row: int, col: int) -> Span | None:
        """Return the merged cell covering (row, col) other than at its start, else None."""
        for span in self.spans:
            inside = (
                span.row <= row < span.row + span.rows and span.col <= col < span.col + span.cols
            )
            if inside and (span.row, span.col) != (row, col):
                return span
        return None


@dataclass(frozen=True)
class CodeToken:
    text: str
    color: str | None = None  # RRGGBB
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class CodePlan:
    """Source code, tokenised and coloured once; one tuple of tokens per line."""

    language: str
    lines: tuple[tuple[CodeToken, ...], ...]


@dataclass(frozen=True)
class SectionPlan:
    title: Inline
    summary: Inline
    first: int  # index of the section's first slide in DeckPlan.slides
    count: int
    in_agenda: bool = True


@dataclass(frozen=True)
class StepTarget:
    """Something one click brings: a box of the slide, or some of its paragraphs.

    field: the SlidePlan field drawn as one shape (body, left, right, quote, attribution, image,
    caption, table, code), or ``highlight`` for a code highlight (``paras`` holds its index in
    StepsPlan.highlights). paras: paragraph indexes into that field; empty = the whole box.
    """

    field: str
    paras: tuple[int, ...] = ()


@dataclass(frozen=True)
class CodeHighlight:
    """Code lines ``first`` to ``last`` (0-based, inclusive) highlighted from click ``step``
    until the next highlight replaces them."""

    step: int
    first: int
    last: int


@dataclass(frozen=True)
class StepsPlan:
    """What each click on a slide brings; step 0 is what shows before the first click.

    Paragraphs carry their own step (Para.step); boxes that come whole are in ``blocks``.
    """

    count: int = 0
    #: (SlidePlan field, step) of boxes that are not paragraphs (quote, image, table, code).
    blocks: tuple[tuple[str, int], ...] = ()
    highlights: tuple[CodeHighlight, ...] = ()
    #: For each click 1..count, what it brings.
    clicks: tuple[tuple[StepTarget, ...], ...] = ()
    #: The deepest bullet level that comes on its own click (1 = top-level bullets).
    level: int = 1

    def block_step(self, name: str) -> int:
        """Return the click that brings box ``name`` (0: shown from the start)."""
        for field_name, step in self.blocks:
            if field_name == name:
                return step
        return 0


NO_STEPS = StepsPlan()


@dataclass(frozen=True)
class SlidePlan:
    """One slide as both renderers draw it."""

    index: int  # 0-based position in the deck
    number: int  # the number shown on the slide (hidden slides count, as in PowerPoint)
    layout: str
    anchor: str  # HTML id / deep-link name: the slide's `id:` or its number
    title: Inline = ()
    subtitle: Inline = ()
    byline: tuple[Para, ...] = ()
    body: tuple[Para, ...] = ()
    left: tuple[Para, ...] = ()
    right: tuple[Para, ...] = ()
    quote: Inline = ()
    attribution: Inline = ()
    image: ImagePlan | None = None
    caption: Inline = ()
    #: A picture beside bullets (picture-text): its side and its share of the body's width.
    image_side: str = "right"
    image_share: float = 0.4
    #: Headings over two columns (comparison).
    left_title: Inline = ()
    right_title: Inline = ()
    columns: tuple[ColumnPlan, ...] = ()
    figures: tuple[FigurePlan, ...] = ()
    table: TablePlan | None = None
    code: CodePlan | None = None
    notes: tuple[Para, ...] = ()
    section: int | None = None  # index into DeckPlan.sections
    show_number: bool = True
    footer: Inline = ()
    date: Inline = ()
    hidden: bool = False
    loc: Location | None = None
    #: Font scale chosen by fitting (1.0 = the theme's sizes).
    scale: float = 1.0
    #: The title's own font scale chosen by fitting (1.0 = the template's title size).
    title_scale: float = 1.0
    #: Set by fitting on quote slides: the quote's text height (EMU, insets included), which
    #: places the quote and its attribution (plan.geometry.quote_boxes); 0 before fitting.
    quote_h: int = 0
    #: What to do when text overflows: shrink, split, warn or error.
    fit: str = "shrink"
    #: What each click brings (reveal:, pause:, code steps:).
    steps: StepsPlan = NO_STEPS

    @property
    def title_text(self) -> str:
        return plain(self.title)


#: PowerPoint's limit on a file property (title, subject, author): longer ones are shortened.
MAX_CORE_PROPERTY = 255


@dataclass(frozen=True)
class DeckPlan:
    """A whole deck: metadata, slides, sections and the look."""

    name: str  # output file stem
    source: Path
    title: Inline
    subtitle: Inline = ()
    author: Inline = ()
    affiliation: Inline = ()
    event: Inline = ()
    date: Inline = ()
    lang: str = "en"
    created: dt.datetime = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    slides: tuple[SlidePlan, ...] = ()
    sections: tuple[SectionPlan, ...] = ()
    theme: Theme = field(default=DEFAULT_THEME)
    template: Path | None = None  # a .pptx/.potx to build on; None = the built-in reference
    #: Folders of HTML templates searched before the built-in ones (the deck's templates/html/).
    html_templates: tuple[Path, ...] = ()
    #: Warnings found while planning (text that overflows even at the smallest size).
    warnings: tuple[Problem, ...] = ()
    #: The variant this plan is of ('' : the whole deck).
    variant: str = ""


class SlideFields(TypedDict, total=False):
    """The keyword arguments of a SlidePlan, gathered while planning one slide."""

    index: int
    number: int
    layout: str
    anchor: str
    title: Inline
    subtitle: Inline
    byline: tuple[Para, ...]
    body: tuple[Para, ...]
    left: tuple[Para, ...]
    right: tuple[Para, ...]
    quote: Inline
    attribution: Inline
    image: ImagePlan | None
    caption: Inline
    image_side: str
    image_share: float
    left_title: Inline
    right_title: Inline
    columns: tuple[ColumnPlan, ...]
    figures: tuple[FigurePlan, ...]
    table: TablePlan | None
    code: CodePlan | None
    notes: tuple[Para, ...]
    section: int | None
    show_number: bool
    footer: Inline
    date: Inline
    hidden: bool
    loc: Location | None
    fit: str
    steps: StepsPlan


_T = TypeVar("_T")


class Reuse(Protocol):
    """A memo of what the planner makes of one slide (the preview's): given a slide (or
    section) model, a context (its place, number, section, the deck's sections) and how to
    make the value, the value made before for the same model object in the same context, else
    ``make()``. A model object stands for its text under the same deck settings (the caller
    makes a new one when either changes); its lines may move, the plan's ``loc`` follows them
    (the only place a slide's plan keeps). What was made in a plan that had problems must not
    be kept."""

    def __call__(self, model: object, context: Hashable, make: Callable[[], _T]) -> _T: ...
