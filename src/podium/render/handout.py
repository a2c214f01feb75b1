"""Draw handout and notes pages as an HTML document to print (the layout comes from the plan)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import jinja2
from markupsafe import Markup

from podium.plan.handout import Cell, Handout, Rect
from podium.plan.markup import plain
from podium.plan.types import DeckPlan
from podium.render import html
from podium.render.html_css import num, theme_css
from podium.render.html_templates import (
    deck_overrides,
    environment,
    find,
    template_problem,
    templates_dir,
)

#: JavaScript run before printing notes pages: shrink each page's notes until they fit, and
#: return the numbers of the slides whose notes do not fit even at the smallest size.
FIT_NOTES = """([start, least]) => {
  const over = [];
  for (const box of document.querySelectorAll('.h-notes')) {
    let size = start;
    while (box.scrollHeight > box.clientHeight + 1 && size > least) {
      size = Math.max(least, size - 0.5);
      box.style.fontSize = size + 'pt';
    }
    if (box.scrollHeight > box.clientHeight + 1) { over.push(Number(box.dataset.number)); }
  }
  return over;
}"""


@dataclass(frozen=True)
class CellView:
    """A cell of the layout with the slide as the HTML templates draw it."""

    view: html.SlideView
    frame: Rect
    scale: float
    rules: tuple[Rect, ...]
    label: Rect | None
    notes: Rect | None


def _px(value: float) -> str:
    return num(value) + "px"


def _box(rect: Rect) -> str:
    return f"left:{_px(rect.x)};top:{_px(rect.y)};width:{_px(rect.w)};height:{_px(rect.h)}"


def _cell_view(cell: Cell, position: int, total: int, plan: DeckPlan) -> CellView:
    view = html.slide_view(cell.slide, position, total, plan.theme)
    return CellView(view, cell.frame, cell.scale, cell.rules, cell.label, cell.notes)


def render(plan: DeckPlan, handout: Handout) -> str:
    """Return the handout (or notes pages) of ``plan`` as one HTML document to print.

    Raises TemplateError for a broken template, DeckError for an image that cannot be read.
    """
    folder = templates_dir() / "html"
    # The deck's own templates/html/ draw its slides here too, as in the HTML deck.
    overrides = deck_overrides(plan.html_templates)
    env = environment(folder, overrides)
    shown = [s for s in plan.slides if not s.hidden]
    position = {s.index: i for i, s in enumerate(shown, start=1)}
    pages: list[dict[str, Any]] = [
        {
            "number": page.number,
            "cells": [_cell_view(c, position[c.slide.index], len(shown), plan) for c in page.cells],
        }
        for page in handout.pages
    ]
    doc_title = plain(plan.title) or plan.name
    byline = " · ".join(p for p in (plain(plan.author), plain(plan.date)) if p)
    footer = plain(plan.event)
    try:
        return env.get_template("handout.html.j2").render(
            plan=plan,
            handout=handout,
            pages=pages,
            doc_title=doc_title,
            byline=byline,
            footer=footer,
            page_word="Page",
            px=_px,
            box=_box,
            num=num,
            theme_css=Markup(theme_css(plan.theme)),
            css=Markup(find("podium.css", folder, overrides).read_text(encoding="utf-8")),
            handout_css=Markup(find("handout.css", folder, overrides).read_text(encoding="utf-8")),
        )
    except jinja2.TemplateError as exc:
        raise template_problem(exc, folder) from exc
