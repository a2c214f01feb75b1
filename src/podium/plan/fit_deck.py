"""Fitting a deck: each slide fitted to its boxes on its own (fit_slide, with plan.fit's
measuring), then the deck's numbers, anchors and sections following the continuation slides."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from podium.cancel import checkpoint
from podium.errors import Problem
from podium.plan.fit import POLICIES, _Slides
from podium.plan.fit_report import named, overflow_problem
from podium.plan.fit_split import renumber, renumbered_sections, split
from podium.plan.types import DeckPlan, SlidePlan
from podium.template.theme import INSET_Y_EMU, Theme

#: One slide fitted: its pieces (the slide, then its continuations), each with its overflows
#: as problems whose message does not yet name the slide (fit names them once numbered).
Fitted = tuple[tuple[SlidePlan, tuple[Problem, ...]], ...]


def fit(
    plan: DeckPlan,
    policy_of: Callable[[SlidePlan], str] | None = None,
    fit_one: Callable[[SlidePlan, str], Fitted] | None = None,
) -> tuple[DeckPlan, list[Problem]]:
    """Return the plan with every slide's text fitted to its boxes, and the overflows left.

    Per slide the policy (``policy_of(slide)``, else the slide's ``fit``) decides:
    shrink: the largest scale (1.0 down to the floor in STEP steps) at which the text fits; a
    warning for what still overflows at the floor. split: a bullets or agenda body, a table's
    rows (the header repeated) or code's lines (split between lines, never wrapped) go on as
    many continuation slides "<title> (cont.)" as they need, each at full size and then shrunk
    like shrink; other layouts shrink. warn: a warning per overflow. error: an error per
    overflow. The title has a scale of its own: under shrink and split it shrinks to
    MIN_TITLE_PT, then what still overflows is reported like the rest.
    After a split, slide indexes, numbers, numeric anchors and sections are renumbered.
    ``fit_one(slide, policy)`` fits one slide as fit_slide does with this plan's theme (the
    preview passes one that remembers slides it has fitted before).
    """
    if fit_one is None:
        tool = _Slides(plan.theme)

        def fit_one(slide: SlidePlan, policy: str) -> Fitted:
            return fit_slide(slide, policy, tool)

    placed: list[tuple[int, bool, SlidePlan]] = []  # (original position, continuation, slide)
    found: list[tuple[int, Problem]] = []  # (new position, problem)
    for origin, slide in enumerate(plan.slides):
        checkpoint()
        policy = policy_of(slide) if policy_of is not None else getattr(slide, "fit", "shrink")
        for k, (piece, overflows) in enumerate(fit_one(slide, policy)):
            found.extend((len(placed), problem) for problem in overflows)
            placed.append((origin, k > 0, piece))
    slides = renumber(placed)
    sections = renumbered_sections(
        plan.sections, [origin for origin, _c, _s in placed], len(plan.slides)
    )
    problems = [named(problem, slides[position]) for position, problem in found]
    return dataclasses.replace(plan, slides=tuple(slides), sections=tuple(sections)), problems


def fitter(theme: Theme) -> _Slides:
    """Return what fit_slide measures the slides of a deck drawn with ``theme`` with."""
    return _Slides(theme)


def fit_slide(slide: SlidePlan, policy: str, tool: _Slides) -> Fitted:
    """Return ``slide`` fitted under ``policy`` (see fit), with its continuations, measured
    with ``tool`` (fitter); an unknown policy is shrink."""
    if policy not in POLICIES:
        policy = "shrink"
    pieces = split(slide, tool) if policy == "split" else [slide]
    out = []
    for k, piece in enumerate(pieces):
        if policy in ("shrink", "split"):
            title_scale, overflows = tool.shrink_title(piece)
            scale, rest = tool.shrink(piece)
            piece = dataclasses.replace(piece, scale=scale, title_scale=title_scale)
            overflows = overflows + rest
        else:
            overflows = tool.problems(piece, piece.scale, piece.title_scale)
        piece = _measured(piece, tool)
        severity = "error" if policy == "error" else "warning"
        problems = tuple(
            dataclasses.replace(
                overflow_problem(piece, over, policy, cont=k > 0), severity=severity
            )
            for over in overflows
        )
        out.append((piece, problems))
    return tuple(out)


def _measured(slide: SlidePlan, tool: _Slides) -> SlidePlan:
    """Return the slide with what the renderers place by measure: table row heights and the
    quote's height."""
    if slide.table is not None and (slide.table.header or slide.table.rows):
        heights = tuple(tool.row_heights(slide, slide.scale))
        slide = dataclasses.replace(slide, table=dataclasses.replace(slide.table, heights=heights))
    if slide.layout == "quote" and slide.quote:
        area = next(a for a in tool.areas(slide, slide.scale) if a.name == "the quote")
        height = tool.body.measure(area.blocks, area.width).height + 2 * INSET_Y_EMU
        slide = dataclasses.replace(slide, quote_h=height)
    return slide
