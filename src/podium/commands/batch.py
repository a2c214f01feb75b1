"""Build many decks at once (a course), each in its own process, reporting each deck's problems."""

from __future__ import annotations

import os
import sys
import time
import traceback
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from podium.commands.build import FORMATS, Output, PrintOptions
from podium.errors import PodiumError, Problem, display_name, internal_error, report

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext

#: The folder a deck's outputs go to when no output folder is given: next to the deck.
DEFAULT_OUT = "build"


@dataclass(frozen=True)
class DeckResult:
    """What became of one deck: its outputs, or the problems that stopped it."""

    deck: Path
    outputs: tuple[Output, ...] = ()
    problems: tuple[Problem, ...] = ()  # what stopped it
    warnings: tuple[Problem, ...] = ()  # what the plan warns about in a deck that built
    slides: int = 0
    seconds: float = 0.0
    #: Set when building failed for a reason that is not the deck's fault (a bug, a dead
    #: worker): the text to show, which may hold a traceback.
    crash: str = ""
    name: str = field(default="", compare=False)  # the deck as the user named it
    pid: int = field(default=0, compare=False)  # the process that built it

    @property
    def ok(self) -> bool:
        return not self.crash and not any(p.severity == "error" for p in self.problems)

    @property
    def changed(self) -> tuple[Output, ...]:
        return tuple(o for o in self.outputs if o.changed)

    def report(self) -> str:
        """Return the problems as compiler-style text with their count (empty when the deck
        built), then the crash's report."""
        text = report(self.problems)
        if self.crash:
            text = f"{text}\n{self.crash}" if text else self.crash
        return text


def expand(decks: Iterable[Path]) -> list[Path]:
    """Return the deck files named by ``decks``: files as given, folders as their *.yaml, sorted.

    A folder holding no deck stays in the list as itself, so that building it reports that.
    """
    found: list[Path] = []
    for deck in decks:
        if deck.is_dir():
            inside = sorted(p for p in deck.glob("*.yaml") if p.is_file())
            found.extend(inside or [deck])
        else:
            found.append(deck)
    return found


def output_dir(deck: Path, out_dir: Path | None) -> Path:
    """Return where ``deck``'s files go: ``out_dir``, else ``build/`` beside the deck."""
    return out_dir if out_dir is not None else deck.parent / DEFAULT_OUT


def build_one(
    deck: Path,
    out_dir: Path | None,
    formats: Sequence[str] = FORMATS,
    check_only: bool = False,
    name: str | None = None,
    template: Path | None = None,
    variants: Sequence[str | None] = (None,),
    options: PrintOptions | None = None,
    assets: Sequence[Path] = (),
) -> DeckResult:
    """Build one deck and return what happened; never raises for a bad deck or a bug.

    ``name`` is the deck as messages show it (default: relative to the working folder);
    ``template`` replaces the deck's own ``template:`` (the command line's --template);
    ``variants`` are built one after the other (None: the deck's default variant);
    ``assets`` are further folders pictures may come from (--assets).
    """
    from podium.commands.build import BuildError, build, fewer_collections, load_plan, prepare

    name = name or display_name(deck)
    started = time.perf_counter()
    pid = os.getpid()
    if deck.is_dir():
        return DeckResult(deck, problems=(Problem(f"no *.yaml deck in folder {name}"),), name=name)
    outputs: list[Output] = []
    warnings: list[Problem] = []
    try:
        prepare(formats)
        with fewer_collections():
            for variant in variants or (None,):
                plan = load_plan(deck, name, template, variant=variant, assets=assets)
                warnings.extend(plan.warnings)
                outputs += build(
                    plan, output_dir(deck, out_dir), formats, check_only=check_only,
                    options=options, warnings=warnings,
                )  # fmt: skip
    except PodiumError as exc:
        if isinstance(exc, BuildError):
            outputs += exc.outputs
        return DeckResult(
            deck, tuple(outputs), problems=tuple(exc.problems), warnings=tuple(warnings),
            name=name, pid=pid, seconds=time.perf_counter() - started,
        )  # fmt: skip
    except Exception as exc:  # a bug: report it with its traceback, let the other decks build
        crash = f"{internal_error(name, exc)}\n{traceback.format_exc().rstrip()}"
        return DeckResult(
            deck, crash=crash, name=name, pid=pid, seconds=time.perf_counter() - started
        )
    return DeckResult(
        deck,
        tuple(outputs),
        warnings=tuple(warnings),
        slides=len(plan.slides),
        name=name,
        pid=pid,
        seconds=time.perf_counter() - started,
    )


def build_many(
    decks: Sequence[Path],
    out_dir: Path | None,
    formats: Sequence[str] = FORMATS,
    jobs: int | None = None,
    check_only: bool = False,
    progress: Callable[[DeckResult], None] | None = None,
    template: Path | None = None,
    variants: Sequence[str | None] = (None,),
    options: PrintOptions | None = None,
    assets: Sequence[Path] = (),
) -> list[DeckResult]:
    """Build every deck (folders: each *.yaml in them) and return one result each, in order.

    Decks are built in up to ``jobs`` processes at once (None: one per CPU); one deck, or
    ``jobs=1``, builds in this process. A deck with problems, or one whose build crashes, gets a
    result saying so and does not stop the others. ``progress`` is called in this process with
    each result as it finishes. Two decks that would write the same file are refused.
    ``template`` replaces every deck's own ``template:``; ``variants`` and ``options`` go
    to build_one.
    """
    files = expand(decks)
    results: list[DeckResult | None] = [None] * len(files)
    todo: list[int] = []
    claimed: dict[Path, int] = {}

    def finish(i: int, result: DeckResult) -> None:
        results[i] = result
        if progress is not None:
            progress(result)

    for i, deck in enumerate(files):
        target = (output_dir(deck, out_dir) / deck.stem).resolve()
        first = claimed.setdefault(target, i)
        if first != i and not deck.is_dir():
            clash = Problem(
                f"{display_name(deck)} would overwrite the outputs of {display_name(files[first])}"
                f" ({display_name(target)}.*); give one of them another name or output folder"
            )
            finish(i, DeckResult(deck, problems=(clash,), name=display_name(deck)))
        else:
            todo.append(i)

    workers = min(jobs or os.cpu_count() or 1, len(todo))
    if workers <= 1:
        for i in todo:
            result = build_one(
                files[i], out_dir, formats, check_only, template=template, variants=variants,
                options=options, assets=assets,
            )  # fmt: skip
            finish(i, result)
    else:
        _build_in_processes(
            files, todo, out_dir, formats, check_only, workers, finish, template, variants,
            options, assets,
        )  # fmt: skip
    return [r for r in results if r is not None]


def worker_context(formats: Sequence[str] = FORMATS) -> BaseContext:
    """Return how the build processes start, each with the stages of ``formats`` imported once.

    On Linux, when this process runs no other thread, the workers are forked from it after
    ``prepare()``: they start with every module imported, and with this process's folder and
    environment (SOURCE_DATE_EPOCH). A process with threads, which a fork would copy mid-work
    with their locks, and macOS, where system libraries are not safe to fork, use a fork
    server instead: it imports the stages once and forks each worker from itself. Where there
    is neither (Windows) each worker is a fresh interpreter (spawn) that imports them itself.
    Paths go to the workers absolute, and come back as the caller wrote them.
    """
    import multiprocessing
    import threading

    from podium.commands.build import prepare, stages

    methods = multiprocessing.get_all_start_methods()
    if sys.platform.startswith("linux") and "fork" in methods and threading.active_count() == 1:
        prepare(formats, warm=True)
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(list(stages(formats)))
        return context
    return multiprocessing.get_context("spawn")


def _size(deck: Path) -> int:
    """Return the deck file's size: the largest decks are handed out first, so that the last
    one to finish is a small one (a missing file sorts last; its build reports it)."""
    try:
        return deck.stat().st_size
    except OSError:
        return 0


def _build_in_processes(
    files: list[Path],
    todo: list[int],
    out_dir: Path | None,
    formats: Sequence[str],
    check_only: bool,
    workers: int,
    finish: Callable[[int, DeckResult], None],
    template: Path | None,
    variants: Sequence[str | None] = (None,),
    options: PrintOptions | None = None,
    assets: Sequence[Path] = (),
) -> None:
    import dataclasses
    from concurrent.futures import ProcessPoolExecutor, as_completed

    context = worker_context(formats)
    absolute_out = out_dir.resolve() if out_dir is not None else None
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = {
            pool.submit(
                build_one,
                files[i].resolve(),
                absolute_out,
                tuple(formats),
                check_only,
                display_name(files[i]),
                template.resolve() if template is not None else None,
                tuple(variants),
                options,
                tuple(folder.resolve() for folder in assets),
            ): i
            for i in sorted(todo, key=lambda i: -_size(files[i]))
        }
        for future in as_completed(futures):
            i = futures[future]
            deck = files[i]
            try:
                result = future.result()
            except Exception as exc:  # the worker died (killed, out of memory): not the deck
                name = display_name(deck)
                why = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
                result = DeckResult(
                    deck, crash=f"{name}: error: the build process failed ({why})", name=name
                )
            folder = output_dir(deck, out_dir)
            outputs = tuple(
                dataclasses.replace(o, path=folder / o.path.name) for o in result.outputs
            )
            finish(i, dataclasses.replace(result, deck=deck, outputs=outputs))
