"""Chain the stages: deck file -> located data -> model -> plan -> .pptx and .html files."""

from __future__ import annotations

import dataclasses
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from podium.errors import DeckError, Location, Locations, PodiumError, Problem, SourceText
from podium.plan.types import DeckPlan

FORMATS = ("pptx", "html")


def load_plan(
    path: Path, name: str | None = None, template: Path | None = None, *, fitted: bool = True
) -> DeckPlan:
    """Return the plan of the deck file at ``path``; raise DeckError listing every problem.

    ``template`` (the command line's --template) replaces the deck's ``template:``. With
    ``fitted`` false, text is left at the theme's sizes (no shrinking or splitting). Raises
    TemplateError for a template that is refused or broken, or a bad ``layouts:`` entry.
    """
    from podium.load.validate import load
    from podium.plan.planner import plan

    problems: list[Problem] = []
    deck, locations, src = load(path, name, problems)
    if any(p.severity == "error" for p in problems):
        # Check the rest of the deck too (images, rows, ids, links): one run reports every
        # mistake. The plan says nothing about the stand-ins of values already reported.
        try:
            plan(deck, locations, src, path)
        except DeckError as exc:
            problems += exc.problems
        raise DeckError(sorted(problems, key=_place))
    result = plan(deck, locations, src, path)
    if template is not None or result.template is not None or deck.layouts:
        result = _on_template(result, template, deck.layouts or {}, locations, src)
    if problems:  # the loader's warnings come first
        result = dataclasses.replace(result, warnings=(*problems, *result.warnings))
    return fit_plan(result, src) if fitted else result


def _place(problem: Problem) -> Location:
    return problem.loc or Location("", 0, 0)


def _on_template(
    result: DeckPlan,
    template: Path | None,
    layouts: dict[str, str],
    locations: Locations,
    src: SourceText,
) -> DeckPlan:
    """Return the plan drawn on its template, with the deck's layouts: map applied."""
    from podium.plan.planner import with_template  # lxml only for decks that need it
    from podium.template.layouts import Override

    overrides = [
        Override(key, value, locations.key(("layouts", key)), locations.get(("layouts", key)))
        for key, value in layouts.items()
    ]
    return with_template(result, template, overrides, src, locations.get(("template",)))


def fit_plan(plan: DeckPlan, src: SourceText) -> DeckPlan:
    """Return the plan with text fitted into its boxes, keeping the warnings on the plan.

    Raises DeckError when a slide whose policy is ``error`` overflows.
    """
    from podium.plan.fit import fit

    fitted, problems = fit(plan)
    located = [
        dataclasses.replace(p, source_line=src.line(p.loc.line)) if p.loc else p for p in problems
    ]
    if any(p.severity == "error" for p in located):
        raise DeckError([*plan.warnings, *located])
    return dataclasses.replace(fitted, warnings=(*plan.warnings, *located))


def render(plan: DeckPlan, fmt: str, *, live_script: str | None = None) -> bytes:
    """Return the bytes of one output format for a plan.

    ``live_script`` is JavaScript the preview server adds at the end of the HTML deck.
    """
    if fmt == "pptx":
        from podium.render import pptx

        return pptx.render(plan)
    if fmt == "html":
        from podium.render import html

        return html.render(plan, live_script=live_script).encode("utf-8")
    raise PodiumError(f"unknown format '{fmt}'; formats: {', '.join(FORMATS)}")


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` all at once: readers see the old file or the new one.

    Raises PodiumError when the file cannot be written (no such folder, no permission, disk
    full); the old file is then left as it was.
    """
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        raise PodiumError(f"cannot write {path}: {exc.strerror or exc}") from None
    except BaseException:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        raise


@dataclass(frozen=True)
class Output:
    path: Path
    size: int
    changed: bool


def build(
    plan: DeckPlan, out_dir: Path, formats: Iterable[str] = FORMATS, *, check_only: bool = False
) -> list[Output]:
    """Write ``out_dir/<deck name>.<fmt>`` for each format, atomically.

    With ``check_only`` nothing is written; each Output says whether the file would change.
    """
    outputs = []
    for fmt in formats:
        data = render(plan, fmt)
        target = out_dir / f"{plan.name}.{fmt}"
        try:
            changed = target.read_bytes() != data
        except OSError:
            changed = True
        if not check_only and changed:
            write_atomic(target, data)
        outputs.append(Output(target, len(data), changed))
    return outputs
