"""The HTML deck in parts: each shown slide's <section>, and the page around them, so that the
preview can draw again only the slides an edit changed. Joined, the parts are render()'s text."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import jinja2

from podium.plan.types import DeckPlan, SlidePlan
from podium.render import html
from podium.render.html_templates import (
    deck_overrides,
    environment,
    template_problem,
    templates_dir,
)
from podium.template.theme import Theme

#: Where the slides go in deck.html.j2's page: after the deck element's start tag.
_DECK_START = '<main class="deck" id="deck"'


@dataclass(frozen=True)
class Page:
    """One HTML deck, cut where its slides begin and end."""

    head: str  # the page up to the first slide
    slides: tuple[str, ...]  # each shown slide's <section>, in order
    tail: str  # the page after the last slide
    #: What the page around the slides shows (title, styles, fonts, the deck's attributes)
    #: without the preview's script: equal keys, the same page around the slides.
    key: str

    def text(self) -> str:
        return self.head + "".join(self.slides) + self.tail


def supported(plan: DeckPlan) -> bool:
    """Return whether ``plan`` is drawn with the built-in templates alone: a deck's own
    templates/html/ may arrange the page around its slides otherwise, and only render() can
    draw it."""
    return not deck_overrides(plan.html_templates)


def slide_html(slide: SlidePlan, position: int, total: int, theme: Theme) -> str:
    """Return the <section> of ``slide``, shown at ``position`` (1-based) in a deck whose last
    slide is number ``total``, as render() writes it with the built-in templates.

    Raises TemplateError for a broken template, DeckError for a picture that cannot be read.
    """
    folder = templates_dir() / "html"
    env = environment(folder, ())
    view = html.slide_view(slide, position, total, theme)
    try:
        return env.get_template("_slide.html.j2").render(slide=view)
    except jinja2.TemplateError as exc:
        raise template_problem(exc, folder) from exc


def frame(
    plan: DeckPlan,
    slides: Sequence[str],
    *,
    live_script: str | None,
    used: dict[tuple[str, bool, bool], str],
    formulas: list[str],
) -> Page:
    """Return the page of ``plan`` with ``slides`` (slide_html of each shown slide) in it.

    ``used`` is the plan's webfonts.used_text, ``formulas`` the MathML of its shown slides'
    formulas, each once, in order. Raises TemplateError for a broken template.
    """
    folder = templates_dir() / "html"
    env = environment(folder, ())
    context = html.page_context(plan, live_script, folder, (), used, formulas)
    try:
        template = env.get_template("deck.html.j2")
        empty = template.render(slides=(), **context)
        # the same page without the preview's script (which names its generation)
        key = template.render(slides=(), **{**context, "csp": "", "live_script": ""})
    except jinja2.TemplateError as exc:
        raise template_problem(exc, folder) from exc
    cut = empty.index(">\n", empty.index(_DECK_START)) + 2
    return Page(empty[:cut], tuple(slides), empty[cut:], key)
