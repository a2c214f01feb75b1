"""The deck model: the deck, its sections and each layout's slide, validated by pydantic v2."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, WithJsonSchema

from podium.load.fields import (
    Align,
    Bool,
    BoolOrText,
    ImageSide,
    Lang,
    LineRanges,
    Names,
    Only,
    Reveal,
    RevealLevel,
    Share,
    Span,
    Start,
    Text,
    Weight,
)

FitPolicy = Literal["shrink", "split", "warn", "error"]
LAYOUTS = (
    "title",
    "agenda",
    "section",
    "bullets",
    "two-column",
    "quote",
    "image",
    "images",
    "columns",
    "table",
    "code",
    "blank",
)
#: Layouts the plan draws besides the deck's own: a bullets slide with a picture, and two
#: columns with headings. Each is mapped onto a template layout of its own.
DRAWN_LAYOUTS = (*LAYOUTS, "picture-text", "comparison")
#: Hard limits, each far past any lecture and each a located error: they keep every stage's
#: work bounded for a deck from anywhere (see also source.MAX_DECK_BYTES).
MAX_SLIDES = 10_000
MAX_BULLETS = 2_000  # per slide, sub-bullets included
MAX_CELLS = 5_000  # per table, header included
MAX_TEXT = 100_000  # characters in one value (a title, a bullet, notes, code)


class Bullet(BaseModel):
    """One bullet and its sub-bullets (the normal form every bullet syntax is read into)."""

    model_config = ConfigDict(extra="forbid", strict=True, defer_build=True)
    text: Text
    bullets: list[Bullet] = []
    numbered: Bool = False
    start: Start | None = None
    only: Only | None = None


#: Marks each bullet list in the model's schema, for the JSON Schema to put its own in place.
BULLETS_MARK = {"$comment": "podium:bullets"}
Bullets = Annotated[list[Bullet], WithJsonSchema(BULLETS_MARK)]


class NotesPart(BaseModel):
    """A part of the speaker notes that only some variants keep."""

    model_config = ConfigDict(extra="forbid", strict=True, defer_build=True)
    text: Text
    only: Only | None = None


class Variant(BaseModel):
    """What a variant of the deck (instructor, student, ...) keeps."""

    model_config = ConfigDict(extra="forbid", strict=True, defer_build=True)
    notes: Bool = Field(True, description="Keep the speaker notes (false: none at all)")
    default: Bool = Field(False, description="Build this variant when no --variant is given")


def _notes_item_kind(value: Any) -> str:
    return "part" if isinstance(value, dict) else "text"


def _notes_kind(value: Any) -> str:
    if isinstance(value, list):
        return "parts"
    return _notes_item_kind(value)


# Tagged unions: a mistake is reported once, for the form written, not once per form.
NotesItem = Annotated[
    Annotated[Text, Tag("text")] | Annotated[NotesPart, Tag("part")],
    Discriminator(_notes_item_kind),
]
Notes = Annotated[
    Annotated[Text, Tag("text")]
    | Annotated[NotesPart, Tag("part")]
    | Annotated[list[NotesItem], Tag("parts")],
    Discriminator(_notes_kind),
]


class SlideModel(BaseModel):
    """The keys every layout shares; each layout's model adds its own."""

    model_config = ConfigDict(extra="forbid", strict=True, defer_build=True)
    title: Text | None = Field(None, description="The slide's title (inline markup)")
    id: str | None = Field(None, description="Anchor for deep links: deck.html#<id>")
    notes: Notes | None = Field(
        None,
        description="Speaker notes: paragraphs and lists; or a list of parts, each text or "
        "{text, only}",
    )
    only: Only | None = None
    hidden: Bool = Field(False, description="Hidden in the slide show; left out of the HTML")
    slide_number: Bool | None = Field(None, description="Show the slide number on this slide")
    footer: BoolOrText = Field(
        None, description="false hides the deck footer here; text replaces it"
    )
    date: BoolOrText = Field(
        None, description="true shows the deck's date here, false hides it; text replaces it"
    )
    fit: FitPolicy | None = Field(None, description="Overflow policy for this slide")
    reveal: Reveal | None = Field(
        None, description="bullets: each bullet comes on its own click; none: all at once"
    )
    reveal_level: RevealLevel | None = Field(
        None, description="Reveal bullets down to this level, each on its own click (1-9)"
    )
    pause: Names = Field(
        None, description="Blocks that wait for a click, with what follows them, e.g. [right]"
    )


_Slide = SlideModel


class TitleSlide(_Slide):
    layout: Literal["title"]
    subtitle: Text | None = None
    byline: Text | None = Field(
        None, description="Lines under the subtitle; default: event, date, author, affiliation"
    )


class AgendaSlide(_Slide):
    layout: Literal["agenda"]
    items: Bullets | None = Field(None, description="Default: the deck's sections")


class SectionSlide(_Slide):
    layout: Literal["section"]
    subtitle: Text | None = None


_NUMBERED = "Number the top-level bullets 1., 2., 3. ..."
_START = "The first number of a numbered list (default 1)"


class BulletsSlide(_Slide):
    layout: Literal["bullets"] = "bullets"
    text: Text | None = Field(None, description="Paragraphs above the bullets (markup block)")
    bullets: Bullets | None = None
    numbered: Bool = Field(False, description=_NUMBERED)
    start: Start | None = Field(None, description=_START)
    image: str | None = Field(
        None, description="A picture beside the bullets: PNG, JPEG or GIF, relative to the deck"
    )
    alt: str | None = Field(None, description="Alternative text of image: (required with it)")
    image_side: ImageSide = Field("right", description="Where the picture goes: right or left")
    image_width: Share | None = Field(
        None, description="The picture's share of the body's width, 20% to 80% (default 40%)"
    )


class TwoColumnSlide(_Slide):
    layout: Literal["two-column"]
    left: Bullets
    right: Bullets
    left_title: Text | None = Field(None, description="Heading over the left column")
    right_title: Text | None = Field(None, description="Heading over the right column")
    numbered: Bool = Field(False, description=_NUMBERED)
    start: Start | None = Field(None, description=_START)


class Column(BaseModel):
    """One column of a columns slide: an optional heading over bullets or a picture."""

    model_config = ConfigDict(extra="forbid", strict=True, defer_build=True)
    title: Text | None = Field(None, description="The column's heading")
    bullets: Bullets | None = None
    numbered: Bool = Field(False, description=_NUMBERED)
    start: Start | None = Field(None, description=_START)
    image: str | None = Field(None, description="A picture instead of bullets")
    alt: str | None = Field(None, description="Alternative text of image: (required with it)")


class ColumnsSlide(_Slide):
    layout: Literal["columns"]
    columns: list[Column] = Field(min_length=2, max_length=4)


class Picture(BaseModel):
    """One picture of an images slide."""

    model_config = ConfigDict(extra="forbid", strict=True, defer_build=True)
    image: str = Field(description="Path of a PNG, JPEG or GIF, relative to the deck file")
    alt: str = Field(description="Alternative text: what the image shows (required)")
    caption: Text | None = None


class ImagesSlide(_Slide):
    layout: Literal["images"]
    images: list[Picture] = Field(min_length=2, max_length=6)


class QuoteSlide(_Slide):
    layout: Literal["quote"]
    quote: Text
    attribution: Text | None = None


class ImageSlide(_Slide):
    layout: Literal["image"]
    image: str = Field(description="Path of a PNG, JPEG, GIF or SVG, relative to the deck file")
    alt: str = Field(description="Alternative text: what the image shows (required)")
    caption: Text | None = None


class Cell(BaseModel):
    """A table cell that spans columns or rows: the cells it covers are left out of the rows."""

    model_config = ConfigDict(extra="forbid", strict=True, defer_build=True)
    text: Text = ""
    cols: Span = Field(1, description="How many columns the cell spans")
    rows: Span = Field(1, description="How many rows the cell spans")


CellText = Text | Cell


class TableSlide(_Slide):
    layout: Literal["table"]
    header: list[CellText] = Field(min_length=1)
    rows: list[list[CellText]]
    widths: list[Weight] | None = Field(
        None, description="Each column's share of the table's width, e.g. [2, 1, 1]"
    )
    align: list[Align] | None = Field(
        None, description="Each column's alignment: left, center or right"
    )
    caption: Text | None = Field(None, description="A line under the table")
    header_column: Bool = Field(False, description="The first column is a header too")


class CodeSlide(_Slide):
    layout: Literal["code"]
    code: str
    language: str = Field(description="Pygments language name, e.g. python, bash, text")
    steps: LineRanges = Field(
        None, description='Lines highlighted one click after another, e.g. ["1-3", "5"]'
    )


class BlankSlide(_Slide):
    layout: Literal["blank"]


def _layout_of(value: Any) -> str | None:
    if isinstance(value, dict):
        layout = value.get("layout", "bullets")
        return layout if isinstance(layout, str) else None
    return None


Slide = Annotated[
    Annotated[TitleSlide, Tag("title")]
    | Annotated[AgendaSlide, Tag("agenda")]
    | Annotated[SectionSlide, Tag("section")]
    | Annotated[BulletsSlide, Tag("bullets")]
    | Annotated[TwoColumnSlide, Tag("two-column")]
    | Annotated[QuoteSlide, Tag("quote")]
    | Annotated[ImageSlide, Tag("image")]
    | Annotated[ImagesSlide, Tag("images")]
    | Annotated[ColumnsSlide, Tag("columns")]
    | Annotated[TableSlide, Tag("table")]
    | Annotated[CodeSlide, Tag("code")]
    | Annotated[BlankSlide, Tag("blank")],
    Discriminator(_layout_of),
]

SLIDE_MODELS: dict[str, type[_Slide]] = {
    "title": TitleSlide,
    "agenda": AgendaSlide,
    "section": SectionSlide,
    "bullets": BulletsSlide,
    "two-column": TwoColumnSlide,
    "quote": QuoteSlide,
    "image": ImageSlide,
    "images": ImagesSlide,
    "columns": ColumnsSlide,
    "table": TableSlide,
    "code": CodeSlide,
    "blank": BlankSlide,
}


class Section(BaseModel):
    """A part of the lecture: its slides, and how it shows in the agenda."""

    model_config = ConfigDict(extra="forbid", strict=True, defer_build=True)
    section: Text = Field(description="The section's title")
    summary: Text | None = Field(None, description="One line under the title in the agenda")
    divider: Bool = Field(False, description="Start the section with a section slide")
    agenda: Bool = Field(True, description="List the section in the agenda")
    numbered: Bool | None = Field(
        None, description="Compose titles as 'Section (n) Title'; default: deck section_titles"
    )
    only: Only | None = None
    slides: list[Slide] = Field(min_length=1)


def _item_kind(value: Any) -> str:
    return "section" if isinstance(value, dict) and "section" in value else "slide"


SlideOrSection = Annotated[
    Annotated[Section, Tag("section")] | Annotated[Slide, Tag("slide")],
    Discriminator(_item_kind),
]


class Deck(BaseModel):
    """A lecture deck: metadata and slides."""

    model_config = ConfigDict(extra="forbid", strict=True, title="Podium deck", defer_build=True)
    title: Text = Field(description="The deck's title")
    subtitle: Text | None = None
    author: Text | None = None
    affiliation: Text | None = None
    event: Text | None = Field(None, description="Course, conference or occasion")
    date: Text | None = Field(None, description="Shown as typed; ISO dates also set file dates")
    lang: Lang = Field("en", description="BCP 47 language tag of the deck's text")
    footer: Text | None = Field(None, description="Footer text on every slide but the title")
    slide_numbers: Bool = Field(True, description="Show slide numbers (not on the title slide)")
    date_on_slides: Bool = Field(
        False, description="Show the deck's date on every slide but the title"
    )
    section_titles: Literal["plain", "numbered"] = Field(
        "plain", description="numbered: titles read 'Section (2) Title' within a section"
    )
    template: str | None = Field(None, description="A .pptx or .potx to build the PowerPoint on")
    assets: str | None = Field(
        None,
        description="A shared folder pictures may come from, besides the deck's own folder",
    )
    layouts: dict[str, str] | None = Field(
        None, description="Podium layout -> the template's layout name"
    )
    fit: FitPolicy = Field("shrink", description="What to do when text overflows its box")
    reveal: Reveal = Field(
        "none", description="bullets: every slide's bullets come one click at a time"
    )
    reveal_level: RevealLevel = Field(
        1, description="Reveal bullets down to this level, each on its own click (1-9)"
    )
    variants: dict[str, Variant] | None = Field(
        None,
        description="Versions built from this deck (podium build --variant NAME), each with "
        "its settings: {instructor: {}, student: {notes: false}}",
    )
    slides: list[SlideOrSection]
