"""Chain the stages: deck file -> located data -> model -> plan -> .pptx and .html files."""

from __future__ import annotations

import dataclasses
import gc
import importlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from podium.errors import DeckError, Locations, PodiumError, SourceText
from podium.plan.types import DeckPlan

FORMATS = ("pptx", "html")

#: The modules a build runs through, and each format's renderer.
_STAGES = ("podium.load.validate", "podium.plan.planner", "podium.plan.fit")
_RENDERERS = {"pptx": "podium.render.pptx", "html": "podium.render.html"}
#: Allocations between two collections of the youngest generation during a build (Python's
#: default, 700, has the collector rescan a large deck's growing plan hundreds of times).
_BUILD_THRESHOLD = 50_000
_frozen = False


def prepare(formats: Iterable[str] = FORMATS) -> None:
    """Import the stages a build of ``formats`` needs, then leave what they hold to the collector
    no more: ``gc.freeze()`` moves the modules, classes and caches made so far out of its scans.

    Once per process (a worker building many decks pays the imports once); later calls import
    only a renderer not yet needed.
    """
    global _frozen
    for module in (*_STAGES, *(_RENDERERS[f] for f in formats if f in _RENDERERS)):
        importlib.import_module(module)
    if not _frozen:
        gc.freeze()
        _frozen = True


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Collect cyclic garbage less often while building: a build allocates a great many objects
    that live until it ends, and each collection would rescan them all. The threshold is
    restored afterwards, so a long-lived process (podium serve) collects as before between
    builds."""
    old = gc.get_threshold()
    gc.set_threshold(max(old[0], _BUILD_THRESHOLD), *old[1:])
    try:
        yield
    finally:
        gc.set_threshold(*old)


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

    deck, locations, src = load(path, name)
    result = plan(deck, locations, src, path)
    if template is not None or result.template is not None or deck.layouts:
        result = _on_template(result, template, deck.layouts or {}, locations, src)
    return fit_plan(result, src) if fitted else result


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
        raise DeckError(located)
    return dataclasses.replace(fitted, warnings=tuple(located))


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
