"""The deck model: typed, validated slides and metadata (pydantic v2), and its JSON Schema."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from podium.errors import suggest

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
#: Bullets nest this deep at most (PowerPoint has paragraph levels 0-8).
MAX_LEVELS = 9
#: Hard limits, each far past any lecture and each a located error: they keep every stage's
#: work bounded for a deck from anywhere (see also source.MAX_DECK_BYTES).
MAX_SLIDES = 10_000
MAX_BULLETS = 2_000  # per slide, sub-bullets included
MAX_CELLS = 5_000  # per table, header included
MAX_TEXT = 100_000  # characters in one value (a title, a bullet, notes, code)
#: A picture beside bullets takes this share of the body's width at least and at most (%).
MIN_SHARE, MAX_SHARE = 20, 80

_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_BCP47 = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|[0-9]{3}))?(-[A-Za-z0-9]{5,8})*$")


def _to_bool(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
        raise PydanticCustomError(
            "podium_bool", "expected true or false, found '{value}'", {"value": str(value)}
        )
    return value


def _to_bool_or_text(value: Any) -> Any:
    if isinstance(value, str) and (value in _TRUE or value in _FALSE):
        return value in _TRUE
    return value


def _check_lang(value: Any) -> Any:
    if isinstance(value, str) and not _BCP47.match(value):
        raise PydanticCustomError(
            "podium_lang",
            "'{value}' is not a BCP 47 language tag (e.g. en, en-GB, ja, de-CH)",
            {"value": str(value)},
        )
    return value


REVEAL_MODES = ("none", "bullets")


def _check_reveal(value: Any) -> Any:
    if isinstance(value, str) and value not in REVEAL_MODES:
        raise PydanticCustomError(
            "podium_reveal",
            "expected none or bullets, found '{value}'{hint}",
            {"value": value, "hint": suggest(value, REVEAL_MODES)},
        )
    return value


def _to_level(value: Any) -> Any:
    if isinstance(value, str):
        if not value.strip().isdigit() or not 1 <= int(value) <= MAX_LEVELS:
            raise PydanticCustomError(
                "podium_level",
                "expected a bullet level from 1 to {most}, found '{value}'",
                {"value": value, "most": MAX_LEVELS},
            )
        return int(value)
    return value


def _to_share(value: Any) -> Any:
    """Read a width share written '40%' (or 40) into a fraction of the whole (0.4)."""
    text = str(value).strip() if isinstance(value, (str, int)) else None
    if isinstance(value, bool) or text is None:
        return value
    m = re.fullmatch(r"(\d{1,2}(?:\.\d+)?)\s*%?", text)
    share = float(m.group(1)) if m else -1.0
    if not MIN_SHARE <= share <= MAX_SHARE:
        raise PydanticCustomError(
            "podium_share",
            "expected the picture's share of the body's width, {low}% to {high}%, e.g. 40%, "
            "found '{value}'",
            {"value": text, "low": MIN_SHARE, "high": MAX_SHARE},
        )
    return share / 100


def _to_start(value: Any) -> Any:
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 9999:
        raise PydanticCustomError(
            "podium_start",
            "expected the first number of the list, a whole number from 1 to 9999, found '{value}'",
            {"value": str(value)},
        )
    return value


def _to_weight(value: Any) -> Any:
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            value = -1.0
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 100:
        raise PydanticCustomError(
            "podium_weight",
            "expected a column's share of the table's width, a number above 0 "
            "(widths: [2, 1, 1] makes the first column twice as wide), found '{value}'",
            {"value": str(value)},
        )
    return float(value)


ALIGNS = ("left", "center", "right")


def _check_align(value: Any) -> Any:
    if isinstance(value, str) and value not in ALIGNS:
        raise PydanticCustomError(
            "podium_align",
            "expected left, center or right, found '{value}'{hint}",
            {"value": value, "hint": suggest(value, ALIGNS)},
        )
    return value


def _to_span(value: Any) -> Any:
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 50:
        raise PydanticCustomError(
            "podium_span",
            "expected how many columns or rows the cell spans, a whole number from 1 to 50, "
            "found '{value}'",
            {"value": str(value)},
        )
    return value


def _to_list(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


def _check_line_range(value: Any) -> Any:
    if isinstance(value, str) and not re.fullmatch(r"\s*\d+\s*(-\s*\d+\s*)?", value):
        raise PydanticCustomError(
            "podium_lines",
            "'{value}' is not a line number or range; write a line (\"5\") or a range of "
            'lines ("1-3")',
            {"value": value},
        )
    return value


#: A name or a list of names: what pause: and steps: accept.
_ONE_OR_MORE: dict[str, Any] = {
    "anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]
}

Text = Annotated[str, Field(json_schema_extra={"description": "Text with inline markup"})]
Bool = Annotated[bool, BeforeValidator(_to_bool)]
#: The variants a part of the deck belongs to: one name or a list; other variants leave it out.
Only = Annotated[
    str | list[str],
    Field(
        description="Only in these variants (a name or a list, e.g. instructor); "
        "left out of the others"
    ),
]
Lang = Annotated[str, BeforeValidator(_check_lang)]
Reveal = Annotated[Literal["none", "bullets"], BeforeValidator(_check_reveal)]
RevealLevel = Annotated[int, BeforeValidator(_to_level)]
LineRange = Annotated[str, BeforeValidator(_check_line_range)]
_SHARE_SCHEMA: dict[str, Any] = {
    "anyOf": [{"type": "string", "pattern": r"^\s*\d{1,2}(\.\d+)?\s*%?\s*$"}, {"type": "number"}]
}
Share = Annotated[float, BeforeValidator(_to_share), WithJsonSchema(_SHARE_SCHEMA)]
Start = Annotated[
    int, BeforeValidator(_to_start), WithJsonSchema({"type": "integer", "minimum": 1})
]
Weight = Annotated[
    float, BeforeValidator(_to_weight), WithJsonSchema({"type": "number", "exclusiveMinimum": 0})
]
Align = Annotated[Literal["left", "center", "right"], BeforeValidator(_check_align)]
Span = Annotated[int, BeforeValidator(_to_span), WithJsonSchema({"type": "integer", "minimum": 1})]
ImageSide = Literal["left", "right"]


class Bullet(BaseModel):
    """One bullet and its sub-bullets (the normal form every bullet syntax is read into)."""

    model_config = ConfigDict(extra="forbid", strict=True, defer_build=True)
    text: Text
    bullets: list[Bullet] = []
    numbered: Bool = False
    start: Start | None = None
    only: Only | None = None


_BULLETS_MARK = {"$comment": "podium:bullets"}
Bullets = Annotated[list[Bullet], WithJsonSchema(_BULLETS_MARK)]


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
    footer: Annotated[Text | bool | None, BeforeValidator(_to_bool_or_text)] = Field(
        None, description="false hides the deck footer here; text replaces it"
    )
    date: Annotated[Text | bool | None, BeforeValidator(_to_bool_or_text)] = Field(
        None, description="true shows the deck's date here, false hides it; text replaces it"
    )
    fit: FitPolicy | None = Field(None, description="Overflow policy for this slide")
    reveal: Reveal | None = Field(
        None, description="bullets: each bullet comes on its own click; none: all at once"
    )
    reveal_level: RevealLevel | None = Field(
        None, description="Reveal bullets down to this level, each on its own click (1-9)"
    )
    pause: Annotated[list[str] | None, BeforeValidator(_to_list), WithJsonSchema(_ONE_OR_MORE)] = (
        Field(
            None,
            description="Blocks that wait for a click, with what follows them, e.g. [right]",
        )
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
    steps: Annotated[
        list[LineRange] | None, BeforeValidator(_to_list), WithJsonSchema(_ONE_OR_MORE)
    ] = Field(None, description='Lines highlighted one click after another, e.g. ["1-3", "5"]')


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
