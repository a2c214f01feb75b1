"""The deck's value types: scalars read as booleans, levels, shares, spans; each mistake's text."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

from podium.errors import suggest

#: Bullets nest this deep at most (PowerPoint has paragraph levels 0-8).
MAX_LEVELS = 9
#: A picture beside bullets takes this share of the body's width at least and at most (%).
MIN_SHARE, MAX_SHARE = 20, 80
REVEAL_MODES = ("none", "bullets")
ALIGNS = ("left", "center", "right")

#: The spellings of true and false Podium reads (YAML 1.1's yes, no, on, off stay text).
TRUE = frozenset({"true", "True", "TRUE"})
FALSE = frozenset({"false", "False", "FALSE"})
#: A BCP 47 language tag: language, script, region, variants.
BCP47 = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|[0-9]{3}))?(-[A-Za-z0-9]{5,8})*$")


def _to_bool(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        if value in TRUE:
            return True
        if value in FALSE:
            return False
        raise PydanticCustomError(
            "podium_bool", "expected true or false, found '{value}'", {"value": str(value)}
        )
    return value


def _to_bool_or_text(value: Any) -> Any:
    if isinstance(value, str) and (value in TRUE or value in FALSE):
        return value in TRUE
    return value


def _matching(
    pattern: re.Pattern[str], kind: str, message: str, *, whole: bool = False
) -> Callable[[Any], Any]:
    """Return a check that text matches ``pattern`` (from its start; ``whole``: all of it),
    raising ``message`` (with ``{value}``) as the error ``kind`` when it does not."""
    match = pattern.fullmatch if whole else pattern.match

    def check(value: Any) -> Any:
        if isinstance(value, str) and not match(value):
            raise PydanticCustomError(kind, message, {"value": str(value)})
        return value

    return check


def _one_of(kind: str, choices: tuple[str, ...]) -> Callable[[Any], Any]:
    """Return a check that text is one of ``choices``, suggesting the nearest when it is not."""
    expected = f"{', '.join(choices[:-1])} or {choices[-1]}"

    def check(value: Any) -> Any:
        if isinstance(value, str) and value not in choices:
            raise PydanticCustomError(
                kind,
                f"expected {expected}, found '{{value}}'{{hint}}",
                {"value": value, "hint": suggest(value, choices)},
            )
        return value

    return check


def _whole_number(kind: str, what: str, most: int) -> Callable[[Any], Any]:
    """Return a reading of a whole number from 1 to ``most`` (typed or as text), refusing
    anything else as ``what`` the number is."""

    def read(value: Any) -> Any:
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= most:
            raise PydanticCustomError(
                kind,
                f"expected {what}, a whole number from 1 to {most}, found '{{value}}'",
                {"value": str(value)},
            )
        return value

    return read


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


def _to_weight(value: Any) -> Any:
    number = value
    if isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            number = None
    if isinstance(number, bool) or not isinstance(number, (int, float)) or not 0 < number <= 100:
        raise PydanticCustomError(
            "podium_weight",
            "expected a column's share of the table's width, a number above 0 and at most 100 "
            "(widths: [2, 1, 1] makes the first column twice as wide), found '{value}'",
            {"value": str(value)},
        )
    return float(number)


def _to_list(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


_check_lang = _matching(
    BCP47, "podium_lang", "'{value}' is not a BCP 47 language tag (e.g. en, en-GB, ja, de-CH)"
)
_check_line_range = _matching(
    re.compile(r"\s*\d+\s*(-\s*\d+\s*)?"),
    "podium_lines",
    '\'{value}\' is not a line number or range; write a line ("5") or a range of lines ("1-3")',
    whole=True,
)
_to_start = _whole_number("podium_start", "the first number of the list", 9999)
_to_span = _whole_number("podium_span", "how many columns or rows the cell spans", 50)

#: A name or a list of names: what pause: and steps: accept.
_ONE_OR_MORE: dict[str, Any] = {
    "anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]
}
_SHARE_SCHEMA: dict[str, Any] = {
    "anyOf": [{"type": "string", "pattern": r"^\s*\d{1,2}(\.\d+)?\s*%?\s*$"}, {"type": "number"}]
}

Text = Annotated[str, Field(json_schema_extra={"description": "Text with inline markup"})]
Bool = Annotated[bool, BeforeValidator(_to_bool)]
#: true or false as a switch; any other text is the text itself (a footer:, a date:).
BoolOrText = Annotated[Text | bool | None, BeforeValidator(_to_bool_or_text)]
#: The variants a part of the deck belongs to: one name or a list; other variants leave it out.
Only = Annotated[
    str | list[str],
    Field(
        description="Only in these variants (a name or a list, e.g. instructor); "
        "left out of the others"
    ),
]
Lang = Annotated[str, BeforeValidator(_check_lang)]
Reveal = Annotated[
    Literal["none", "bullets"], BeforeValidator(_one_of("podium_reveal", REVEAL_MODES))
]
RevealLevel = Annotated[int, BeforeValidator(_to_level)]
LineRange = Annotated[str, BeforeValidator(_check_line_range)]
#: Block names (pause:), one or a list.
Names = Annotated[list[str] | None, BeforeValidator(_to_list), WithJsonSchema(_ONE_OR_MORE)]
#: Code line ranges (steps:), one or a list.
LineRanges = Annotated[
    list[LineRange] | None, BeforeValidator(_to_list), WithJsonSchema(_ONE_OR_MORE)
]
Share = Annotated[float, BeforeValidator(_to_share), WithJsonSchema(_SHARE_SCHEMA)]
Start = Annotated[
    int, BeforeValidator(_to_start), WithJsonSchema({"type": "integer", "minimum": 1})
]
Weight = Annotated[
    float,
    BeforeValidator(_to_weight),
    WithJsonSchema({"type": "number", "exclusiveMinimum": 0, "maximum": 100}),
]
Align = Annotated[
    Literal["left", "center", "right"], BeforeValidator(_one_of("podium_align", ALIGNS))
]
Span = Annotated[int, BeforeValidator(_to_span), WithJsonSchema({"type": "integer", "minimum": 1})]
ImageSide = Literal["left", "right"]
