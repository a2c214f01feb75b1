"""Front matter keys and Marp's directives of a Markdown deck, as deck and slide keys."""

from __future__ import annotations

import datetime as dt
from typing import Any

import yaml

from podium.importer.report import ImportReport
from podium.importer.writer import SlideOut

#: Marp's directives: an HTML comment that sets only these is directives, not speaker notes.
MARP_DIRECTIVES = {
    "theme", "style", "headingDivider", "size", "math", "title", "author", "description",
    "image", "keywords", "url", "marp", "lang", "paginate", "header", "footer", "class",
    "backgroundColor", "backgroundImage", "backgroundPosition", "backgroundRepeat",
    "backgroundSize", "color", "transition", "inlineSVG",
}  # fmt: skip


def directives_in(comment: str) -> dict[str, Any] | None:
    """Return the Marp directives an HTML comment's text sets, or None when it is not those."""
    try:
        data = yaml.safe_load(comment)
    except yaml.YAMLError:
        return None
    if (
        isinstance(data, dict)
        and data
        and all(isinstance(key, str) and key.lstrip("_") in MARP_DIRECTIVES for key in data)
    ):
        return data
    return None


def deck_keys(
    data: dict[str, Any], first_title: str | None, dialect: str, stem: str, report: ImportReport
) -> dict[str, Any]:
    """Return the deck's keys from the front matter ``data``, reporting what is not kept.

    The title is the front matter's, else ``first_title`` (the first slide's), else ``stem``.
    """
    meta: dict[str, Any] = {}
    title = value_text(data.get("title"))
    if not title:
        title = first_title or stem
    meta["title"] = title
    for key, target in (
        ("subtitle", "subtitle"),
        ("author", "author"),
        ("institute", "affiliation"),
        ("affiliation", "affiliation"),
        ("date", "date"),
    ):
        value = value_text(data.get(key))
        if value and target not in meta:
            meta[target] = value
    if data.get("incremental") is True:
        meta["reveal"] = "bullets"
    lang = value_text(data.get("lang"))
    if lang:
        meta["lang"] = lang
    if dialect == "marp":
        footer = value_text(data.get("footer"))
        if footer:
            meta["footer"] = footer
        if data.get("paginate") is not True:
            meta["slide_numbers"] = False
        if data.get("header"):
            report.report_line(
                1, "the header directive: not kept (Podium has a footer, no header)", dropped=True
            )
    for key in ("theme", "class", "backgroundColor", "backgroundImage", "style", "size"):
        if key in data:
            report.report_line(
                1,
                f"the '{key}' setting: not kept (Podium builds on its "
                "own look, or a PowerPoint template: give template:)",
                dropped=True,
            )
    return meta


def slide_directives(
    directives: dict[str, Any], number: int, out: SlideOut, report: ImportReport
) -> None:
    """Set the slide keys of Marp's directives (``_paginate``, ``_footer``, ``paginate`` ...)."""
    d = directives
    if "_paginate" in d:
        out.keys["slide_number"] = d["_paginate"] is True
    if "_footer" in d:
        footer = value_text(d["_footer"])
        out.keys["footer"] = footer if footer else False
    for key in ("paginate", "footer"):
        if key in d:
            report.report(
                number,
                f"'{key}' changed from this slide on: set for "
                "this slide only; set it on the later slides",
                dropped=False,
            )
            if key == "footer":
                out.keys["footer"] = value_text(d["footer"]) or False
            else:
                out.keys["slide_number"] = d["paginate"] is True


def value_text(value: Any) -> str:
    """Return a front matter value as text: lists joined, a name's text, dates ISO."""
    if value is None or value is False:
        return ""
    if isinstance(value, list):
        return ", ".join(value_text(v) for v in value if value_text(v))
    if isinstance(value, dict):
        return value_text(value.get("name") or value.get("text") or "")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()
