"""The template step: a plan drawn on a PowerPoint template, its theme read from it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from podium.errors import Location, SourceText, TemplateError
from podium.plan.types import DeckPlan

if TYPE_CHECKING:
    from podium.template.layouts import Override


def with_template(
    plan: DeckPlan,
    template: Path | None = None,
    overrides: Sequence[Override] = (),
    source: SourceText | None = None,
    template_loc: Location | None = None,
) -> DeckPlan:
    """Return ``plan`` drawn on ``template`` (else the plan's own): its theme read from it.

    ``overrides`` is the deck's ``layouts:`` map. A plan with neither a template nor overrides
    is returned as it is (the built-in theme). Raises TemplateError; problems about the deck's
    ``template:`` key point at ``template_loc``.
    """
    from podium.template.layouts import problem_at
    from podium.template.look import theme_from_template
    from podium.template.package import reference_path

    path = template or plan.template
    if path is None and not overrides:
        return plan
    try:
        theme = theme_from_template(path or reference_path(), overrides, source)
    except TemplateError as exc:
        if template is None and template_loc is not None:
            # A problem with the whole template file is shown at the deck's template: key.
            exc = TemplateError(
                [
                    problem_at(
                        f"{p.loc.file}: {p.message}" if p.loc else p.message,
                        template_loc,
                        "template",
                        source,
                    )
                    if p.loc is None or p.loc.line == 0
                    else p
                    for p in exc.problems
                ]
            )
        raise exc from None
    return replace(plan, template=path, theme=theme)
