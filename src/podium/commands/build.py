"""Chain the stages: deck file -> located data -> model -> plan -> .pptx, .html and PDF files."""

from __future__ import annotations

import dataclasses
import gc
import glob
import importlib
import os
import re
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from podium.errors import DeckError, Location, Locations, PodiumError, Problem, SourceText
from podium.plan.types import DeckPlan

if TYPE_CHECKING:
    from podium.load.chunks import Loaded
    from podium.plan.fit_deck import Fitted
    from podium.plan.types import Reuse, SlidePlan
    from podium.template.theme import Theme

    #: Fit one slide under a policy (plan.fit_deck.fit_slide with the deck's theme).
    FitOne = Callable[[SlidePlan, str], Fitted]

#: What `podium build` writes by default (`-f all`): the outputs that need no browser.
FORMATS = ("pptx", "html")
#: Printed through a headless browser: the deck as PDF, handouts, notes pages.
PDF_FORMATS = ("pdf", "handout", "notes")
ALL_FORMATS = (*FORMATS, *PDF_FORMATS)
#: The file each format writes, after the deck's (and variant's) name.
SUFFIXES = {
    "pptx": ".pptx",
    "html": ".html",
    "pdf": ".pdf",
    "handout": "-handout.pdf",
    "notes": "-notes.pdf",
}


@dataclass(frozen=True)
class PrintOptions:
    """How handouts and notes pages are printed (the command line's --paper, --per-page)."""

    paper: str | None = None  # a4 or letter; None: from the deck's lang region
    per_page: int = 3
    skip_empty_notes: bool = False


#: The modules a build runs through, and each format's renderer.
_STAGES = ("podium.load.validate", "podium.plan.planner", "podium.plan.fit_deck")
_RENDERERS = {"pptx": "podium.render.pptx", "html": "podium.render.html"}
#: Allocations between two collections of the youngest generation during a build (Python's
#: default, 700, has the collector rescan a large deck's growing plan hundreds of times).
_BUILD_THRESHOLD = 50_000
_frozen = False


def stages(formats: Iterable[str] = FORMATS) -> tuple[str, ...]:
    """Return the modules a build of ``formats`` runs through."""
    return (*_STAGES, *(_RENDERERS[f] for f in formats if f in _RENDERERS))


def prepare(formats: Iterable[str] = FORMATS, *, warm: bool = False) -> None:
    """Import the stages a build of ``formats`` needs, then leave what they hold to the collector
    no more: ``gc.freeze()`` moves the modules, classes and caches made so far out of its scans.

    Once per process (a worker building many decks pays the imports once); later calls import
    only a renderer not yet needed. ``warm`` also makes what the first deck would make (the
    deck model's validator, the Markdown parser), once for every worker forked after it
    rather than once in each, and frozen with the rest; only for a batch of decks, as a
    single build of a deck without Markdown never needs the parser.
    """
    global _frozen
    with fewer_collections():  # importing allocates much and frees little
        for module in stages(formats):
            importlib.import_module(module)
        if warm and not _frozen:
            from podium.load.model import Deck
            from podium.plan import markup, variants  # noqa: F401  (variants: imported on use)

            Deck.model_rebuild()
            markup._parser()
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
    path: Path,
    name: str | None = None,
    template: Path | None = None,
    *,
    fitted: bool = True,
    variant: str | None = None,
    assets: Sequence[Path] = (),
    fit_for: Callable[[Theme], FitOne] | None = None,
    loaded: Loaded | None = None,
    reuse: Reuse | None = None,
) -> DeckPlan:
    """Return the plan of the deck file at ``path``; raise DeckError listing every problem.

    ``template`` (the command line's --template) replaces the deck's ``template:``. With
    ``fitted`` false, text is left at the theme's sizes (no shrinking or splitting).
    ``variant`` (--variant) names the variant to build, None the deck's default; ``assets``
    (--assets) are folders pictures may come from besides the deck's own; ``fit_for(theme)``
    gives what fits one slide (a memo of plan.fit_deck.fit_slide: the preview's);
    ``loaded`` is the deck already read without a problem (the file is then not read), and
    ``reuse`` the planner's memo of planned slides (see plan.planner.plan). Raises
    TemplateError for a template that is refused or broken, or a bad ``layouts:`` entry.
    """
    from podium.load.validate import load
    from podium.plan.planner import plan

    problems: list[Problem] = []
    deck, locations, src = loaded if loaded is not None else load(path, name, problems)
    if any(p.severity == "error" for p in problems):
        # Check the rest of the deck too (images, rows, ids, links): one run reports every
        # mistake. The plan says nothing about the stand-ins of values already reported.
        try:
            plan(deck, locations, src, path, variant, assets)
        except DeckError as exc:
            problems += exc.problems
        raise DeckError(sorted(problems, key=_place))
    result = plan(deck, locations, src, path, variant, assets, reuse)
    if template is not None or result.template is not None or deck.layouts:
        result = _on_template(result, template, deck.layouts or {}, locations, src)
    if problems:  # the loader's warnings come first
        result = dataclasses.replace(result, warnings=(*problems, *result.warnings))
    if not fitted:
        return result
    return fit_plan(result, src, fit_for(result.theme) if fit_for is not None else None)


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


def fit_plan(plan: DeckPlan, src: SourceText, fit_one: FitOne | None = None) -> DeckPlan:
    """Return the plan with text fitted into its boxes, keeping the warnings on the plan;
    ``fit_one`` fits one slide (default: plan.fit_deck.fit_slide).

    Raises DeckError when a slide whose policy is ``error`` overflows.
    """
    from podium.plan.fit_deck import fit

    fitted, problems = fit(plan, fit_one=fit_one)
    located = [
        dataclasses.replace(p, source_line=src.line(p.loc.line)) if p.loc else p for p in problems
    ]
    if any(p.severity == "error" for p in located):
        raise DeckError([*plan.warnings, *located])
    return dataclasses.replace(fitted, warnings=(*plan.warnings, *located))


def render(plan: DeckPlan, fmt: str) -> bytes:
    """Return the bytes of one output format for a plan; raise PodiumError for another."""
    if fmt == "pptx":
        from podium.render import pptx

        return pptx.render(plan)
    if fmt == "html":
        from podium.render import html

        return html.render(plan).encode("utf-8")
    raise PodiumError(f"unknown format '{fmt}'; formats: {', '.join(FORMATS)}")


#: A temporary file of Podium's own naming (.deck.pptx.x1y2z3.tmp) left this long ago by a build
#: that was killed is removed by the next build of the same output. (Younger ones may belong to
#: a build still under way, say the preview's.)
STALE_TMP_SECONDS = 60.0
_TMP_NAME = re.compile(r"\.(?P<name>.+)\.[A-Za-z0-9_]{8}\.tmp")


def remove_stale_tmp(path: Path, now: float | None = None) -> list[Path]:
    """Remove the temporary files a killed build left for ``path``; return them."""
    now = time.time() if now is None else now
    removed = []
    try:
        candidates = list(path.parent.glob(f".{glob.escape(path.name)}.*.tmp"))
    except OSError:
        return []
    for tmp in candidates:
        found = _TMP_NAME.fullmatch(tmp.name)
        if found is None or found.group("name") != path.name:
            continue
        try:
            if (
                tmp.is_file()
                and not tmp.is_symlink()
                and now - tmp.stat().st_mtime > STALE_TMP_SECONDS
            ):
                tmp.unlink()
                removed.append(tmp)
        except OSError:
            continue
    return removed


def _write_tmp(path: Path, data: bytes) -> str:
    """Write ``data`` to a new temporary file beside ``path``, on disk; return its name."""
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_tmp(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return tmp


def write_all(files: Sequence[tuple[Path, bytes]]) -> None:
    """Replace each path with its data, all of them written before any is renamed into place:
    a build killed while writing leaves every old file as it was (and a temporary file that the
    next build removes); readers see each old file or its new one, never half of one.

    Raises PodiumError when a file cannot be written (no such folder, no permission, disk
    full); the old files are then left as they were.
    """
    written: list[tuple[str, Path]] = []
    current: Path | None = None
    try:
        for path, data in files:
            current = path
            written.append((_write_tmp(path, data), path))
        for tmp, path in written:
            current = path
            os.replace(tmp, path)
    except OSError as exc:
        for tmp, _path in written:
            Path(tmp).unlink(missing_ok=True)
        raise PodiumError(f"cannot write {current}: {exc.strerror or exc}") from None
    except BaseException:
        for tmp, _path in written:
            Path(tmp).unlink(missing_ok=True)
        raise


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` all at once: readers see the old file or the new one.

    Raises PodiumError when the file cannot be written (no such folder, no permission, disk
    full); the old file is then left as it was.
    """
    write_all([(path, data)])


@dataclass(frozen=True)
class Output:
    path: Path
    size: int
    changed: bool


class BuildError(PodiumError):
    """A build that stopped after writing some of its files (``outputs``)."""

    def __init__(self, cause: PodiumError, outputs: Sequence[Output]) -> None:
        super().__init__(cause.problems)
        self.outputs = list(outputs)


def render_printed(
    plan: DeckPlan, fmt: str, printer: Any, options: PrintOptions | None = None
) -> tuple[bytes, list[Problem]]:
    """Return the bytes of a printed format (pdf, handout, notes) and its warnings."""
    options = options or PrintOptions()
    from podium.render import pdf
    from podium.render.html_css import canvas_px

    if fmt == "pdf":
        return pdf.render_deck(plan, printer), []
    from podium.plan.handout import layout

    pages = layout(
        plan,
        canvas_px(plan.theme),
        kind=fmt,
        paper=options.paper,
        per_page=options.per_page,
        skip_empty=options.skip_empty_notes,
    )
    data, over = pdf.render_pages(plan, pages, printer)
    by_number = {s.number: s for s in plan.slides}
    warnings = [
        Problem(
            f"slide {n}: its notes do not fit on its notes page even at "
            f"{pages.notes_min_pt:g} pt; the end is cut off (shorten them, or split the slide)",
            by_number[n].loc if n in by_number else None,
            severity="warning",
        )
        for n in over
    ]
    return data, warnings


def build(
    plan: DeckPlan,
    out_dir: Path,
    formats: Iterable[str] = FORMATS,
    *,
    check_only: bool = False,
    options: PrintOptions | None = None,
    environ: Mapping[str, str] | None = None,
    warnings: list[Problem] | None = None,
) -> list[Output]:
    """Write ``out_dir/<deck name><suffix>`` for each format, atomically.

    Every output is rendered and written to a temporary file before any is renamed into place,
    so a build killed half-way leaves the old files as they were. The formats that need no
    browser are renamed even when printing fails, so a missing browser (BuildError carrying
    what was written) still leaves the .pptx and .html of the same run. With
    ``check_only`` nothing is written; each Output says whether the file would change.
    ``environ`` is where the browser is looked up (PODIUM_BROWSER, PATH; default os.environ).
    Warnings found while printing (notes cut off) are appended to ``warnings``.
    """
    wanted = list(dict.fromkeys(formats))
    outputs: list[Output] = []
    files: list[tuple[Path, bytes]] = []

    def put(fmt: str, data: bytes) -> None:
        target = out_dir / f"{plan.name}{SUFFIXES[fmt]}"
        try:
            changed = target.read_bytes() != data
        except OSError:
            changed = True
        if changed:
            files.append((target, data))
        outputs.append(Output(target, len(data), changed))

    def write() -> None:
        if not check_only:
            write_all(files)  # rendered and on disk, each of them, before any is renamed
        files.clear()

    for fmt in wanted:
        if fmt not in PDF_FORMATS:
            put(fmt, render(plan, fmt))
    printed = [f for f in wanted if f in PDF_FORMATS]
    if printed:
        from podium.render.pdf import Printer

        try:
            with Printer(environ) as printer:
                for fmt in printed:
                    data, found = render_printed(plan, fmt, printer, options)
                    if warnings is not None:
                        warnings.extend(found)
                    put(fmt, data)
        except PodiumError as exc:
            write()
            raise BuildError(exc, outputs) from None
    write()
    return outputs
