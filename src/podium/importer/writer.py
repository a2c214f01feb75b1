"""The imported deck as a person would write it: the deck it describes, and its YAML text."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import yaml

#: Keys of a slide in the order a person reads them; anything else follows in its own order.
_SLIDE_ORDER = (
    "layout", "title", "subtitle", "byline", "id", "hidden", "slide_number", "footer", "date",
    "reveal", "reveal_level", "pause", "text", "bullets", "items", "left", "right", "quote",
    "attribution", "image", "image_side", "alt", "caption", "header_column", "header", "rows",
    "language", "code", "notes",
)  # fmt: skip
_DECK_ORDER = (
    "title", "subtitle", "author", "affiliation", "event", "date", "lang", "footer",
    "slide_numbers", "date_on_slides", "section_titles", "reveal", "template", "layouts", "fit",
)  # fmt: skip
_SECTION_ORDER = ("section", "summary", "divider", "agenda", "numbered")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u2028\u2029\ufeff]")
_LIST_KEYS = ("bullets", "items", "left", "right")


@dataclass
class Item:
    """A bullet with its sub-bullets; ``comment`` goes after it on its line."""

    text: str
    children: list[Item] = field(default_factory=list)
    comment: str = ""


@dataclass
class SlideOut:
    """One slide: its keys (text, bools, bullet lists, table rows), comments and origin."""

    keys: dict[str, Any] = field(default_factory=dict)
    comments: dict[str, str] = field(default_factory=dict)
    above: list[str] = field(default_factory=list)

    @property
    def layout(self) -> str:
        return str(self.keys.get("layout", "bullets"))


@dataclass
class SectionOut:
    """A section: its title, keys (summary, divider, agenda, numbered) and slides."""

    title: str
    slides: list[SlideOut] = field(default_factory=list)
    keys: dict[str, Any] = field(default_factory=dict)


@dataclass
class DeckOut:
    """The whole imported deck, ready to be written as deck.yaml."""

    meta: dict[str, Any] = field(default_factory=dict)
    items: list[SlideOut | SectionOut] = field(default_factory=list)
    header: list[str] = field(default_factory=list)
    comments: dict[str, str] = field(default_factory=dict)


def write(deck: DeckOut) -> str:
    """Return the YAML text of ``deck``: block style, plain scalars where YAML allows them."""
    out: list[str] = [f"# {line}".rstrip() for line in deck.header]
    for key in _ordered(deck.meta, _DECK_ORDER):
        out += _entry(key, deck.meta[key], 0, deck.comments.get(key, ""))
    out.append("")
    out.append("slides:")
    for n, item in enumerate(deck.items):
        if n:
            out.append("")
        if isinstance(item, SectionOut):
            out += _section(item)
        else:
            out += _slide(item, 2)
    return "\n".join(out) + "\n"


def _ordered(keys: dict[str, Any], order: tuple[str, ...]) -> list[str]:
    first = [k for k in order if k in keys]
    return first + [k for k in keys if k not in order]


def _section(section: SectionOut) -> list[str]:
    keys = {"section": section.title, **section.keys}
    lines: list[str] = []
    for n, key in enumerate(_ordered(keys, _SECTION_ORDER)):
        entry = _entry(key, keys[key], 4)
        if n == 0:
            entry[0] = "  - " + entry[0][4:]
        lines += entry
    lines.append("    slides:")
    for slide in section.slides:
        lines += _slide(slide, 6)
    return lines


def _slide(slide: SlideOut, indent: int) -> list[str]:
    pad = " " * indent
    lines = [f"{pad}# {c}".rstrip() for c in slide.above]
    keys = {k: v for k, v in slide.keys.items() if not (k == "layout" and v == "bullets")}
    if not keys:
        keys = {"layout": "bullets"}
    for n, key in enumerate(_ordered(keys, _SLIDE_ORDER)):
        entry = _entry(key, keys[key], indent + 2, slide.comments.get(key, ""))
        if n == 0:
            entry[0] = pad + "- " + entry[0][indent + 2 :]
        lines += entry
    return lines


def _entry(key: str, value: Any, indent: int, comment: str = "") -> list[str]:
    """Return the lines of ``key: value`` at ``indent``."""
    pad = " " * indent
    note = f"  # {comment}" if comment else ""
    if isinstance(value, bool):
        return [f"{pad}{key}: {'true' if value else 'false'}{note}"]
    if isinstance(value, int):
        return [f"{pad}{key}: {value}{note}"]
    if isinstance(value, str):
        if "\n" in value.strip("\n") or (
            key in ("notes", "text", "code", "byline", "event") and "\n" in value
        ):
            block = _block(value, indent + 2)
            if block is not None:
                return [f"{pad}{key}: {block[0]}{note}", *block[1:]]
        return [f"{pad}{key}: {scalar(value)}{note}"]
    if key == "rows":
        lines = [f"{pad}{key}:{note}"]
        lines += [f"{pad}  - {_flow(row)}" for row in value]
        return lines
    if key in ("header", "pause", "steps"):
        return [f"{pad}{key}: {_flow(value)}{note}"]
    if key in _LIST_KEYS:
        return [f"{pad}{key}:{note}", *_items(value, indent + 2)]
    raise TypeError(f"cannot write {key}: {value!r}")


def _items(items: list[Item], indent: int) -> list[str]:
    pad = " " * indent
    lines: list[str] = []
    for item in items:
        note = f"  # {item.comment}" if item.comment else ""
        if item.children:
            lines.append(f"{pad}- {key_scalar(item.text)}:{note}")
            lines += _items(item.children, indent + 4)
        else:
            lines.append(f"{pad}- {bullet_scalar(item.text)}{note}")
    return lines


def _flow(cells: list[Any]) -> str:
    return "[" + ", ".join(_flow_cell(c) for c in cells) + "]"


def _flow_cell(cell: Any) -> str:
    """Return a cell: text, or a merged cell ``{text: ..., cols: 2, rows: 3}``."""
    if isinstance(cell, dict):
        parts = [f"text: {flow_scalar(str(cell['text']))}" if cell["text"] else 'text: ""']
        parts += [f"{key}: {cell[key]}" for key in ("cols", "rows") if key in cell]
        return "{" + ", ".join(parts) + "}"
    return flow_scalar(str(cell))


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


@lru_cache(maxsize=8192)
def scalar(text: str) -> str:
    """Return ``text`` as a YAML scalar after '- ' or 'key: ': plain when it reads back as typed."""
    if _plain(text, "- {}", lambda n: n.value[0]) and _plain(text, "k: {}", _value):
        return text
    return _quoted(text)


@lru_cache(maxsize=8192)
def bullet_scalar(text: str) -> str:
    """Return ``text`` as a bullet after '- ': plain also where YAML reads a one-pair mapping,
    since Podium's loader takes such a line as the text typed (``Private sector: business``)."""
    quoted = scalar(text)
    if quoted == text or text != text.strip() or "\n" in text or _CONTROL.search(text):
        return quoted
    source = "- " + text
    try:
        node = yaml.compose(source)
    except yaml.YAMLError:
        return quoted
    if not isinstance(node, yaml.SequenceNode) or len(node.value) != 1:
        return quoted
    mapping = node.value[0]
    if not isinstance(mapping, yaml.MappingNode) or len(mapping.value) != 1:
        return quoted
    key, value = mapping.value[0]
    if not isinstance(key, yaml.ScalarNode) or key.style or not isinstance(value, yaml.ScalarNode):
        return quoted
    if value.style is not None or key.start_mark.line != value.end_mark.line:
        return quoted
    if not value.value:
        return quoted
    typed = source[key.start_mark.index : value.end_mark.index]
    return text if typed == text else quoted


@lru_cache(maxsize=8192)
def key_scalar(text: str) -> str:
    """Return ``text`` as a mapping key followed by ':'."""
    return text if _plain(text, "{}: x", _key) else _quoted(text)


@lru_cache(maxsize=8192)
def flow_scalar(text: str) -> str:
    """Return ``text`` as an item of a [flow, sequence]."""
    return text if _plain(text, "[{}]", lambda n: n.value[0]) else _quoted(text)


def _value(node: Any) -> Any:
    return node.value[0][1]


def _key(node: Any) -> Any:
    return node.value[0][0]


def _plain(text: str, form: str, pick: Any) -> bool:
    if not text or text != text.strip() or "\n" in text or "\t" in text:
        return False
    if _CONTROL.search(text):
        return False
    try:
        node = pick(yaml.compose(form.format(text)))
    except (yaml.YAMLError, IndexError, TypeError, AttributeError):
        return False
    return isinstance(node, yaml.ScalarNode) and node.style is None and node.value == text


def _block(text: str, indent: int) -> list[str] | None:
    """Return a literal block (``|``) for multi-line ``text``, or None when one cannot hold it."""
    if _CONTROL.search(text) or "\r" in text:
        return None
    body = text.rstrip("\n")
    trailing = len(text) - len(body)
    chomp = "-" if trailing == 0 else ("" if trailing == 1 else "+")
    lines = body.split("\n")
    if any(line != line.rstrip() for line in lines):
        return None  # trailing spaces would be invisible in the file: quote instead
    first = next((line for line in lines if line), "")
    hint = str(2) if first[:1] in (" ", "\t") else ""
    pad = " " * indent
    out = [f"|{hint}{chomp}"]
    out += [pad + line if line else "" for line in lines]
    out += [""] * (trailing - 1) if chomp == "+" else []
    return out
