"""The plan's types: everything decided about a deck before rendering; renderers only draw it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from podium.errors import Location, Problem
from podium.plan.markup import Inline, Para, plain
from podium.template.theme import DEFAULT_THEME, Theme


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
class TablePlan:
    """A table whose first row is the header."""

    header: tuple[Inline, ...]
    rows: tuple[tuple[Inline, ...], ...]


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
    #: What to do when text overflows: shrink, split, warn or error.
    fit: str = "shrink"
    #: What each click brings (reveal:, pause:, code steps:).
    steps: StepsPlan = NO_STEPS

    @property
    def title_text(self) -> str:
        return plain(self.title)


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
