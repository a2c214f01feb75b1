"""The command line: thin commands that call build.py and print located problems."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Sequence
from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from podium import __version__
from podium.errors import PodiumError, display_name

if TYPE_CHECKING:
    from podium.commands.batch import DeckResult
    from podium.commands.build import PrintOptions
    from podium.plan.types import DeckPlan

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _fail(exc: PodiumError) -> NoReturn:
    click.echo(exc.report(), err=True)
    sys.exit(1)


def _warn(plan: DeckPlan) -> None:
    for problem in plan.warnings:
        click.echo(problem.render(), err=True)


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, "-V", "--version", prog_name="podium")
def cli() -> None:
    """Podium renders a lecture deck (deck.yaml) into an editable PowerPoint and a
    self-contained HTML deck that look alike.

    \b
    Examples:
      podium build                 # deck.yaml -> build/deck.pptx and build/deck.html
      podium check lecture.yaml    # report every problem, write nothing
      podium schema > deck.schema.json
    """


#: --assets, shared by build and check: a folder pictures may come from besides the deck's.
_ASSETS = click.option(
    "--assets",
    "assets",
    multiple=True,
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    help="A shared folder pictures may come from besides the deck's own (repeatable).",
)


_F = TypeVar("_F", bound=Callable[..., Any])


def _output(name: str, help: str) -> Callable[[_F], _F]:
    """Return the -o/--output option, stored as ``name``: a folder (``out_dir``) or a file."""
    folder = name == "out_dir"
    return click.option(
        "-o",
        "--output",
        name,
        type=click.Path(path_type=Path, file_okay=not folder, dir_okay=folder),
        help=help,
    )


@cli.command(context_settings=CONTEXT)
@click.argument("decks", metavar="[DECK]...", nargs=-1, type=click.Path(path_type=Path))
@_output("out_dir", "Folder to write the outputs into.  [default: build/ beside each deck]")
@click.option(
    "-f",
    "--format",
    "fmts",
    metavar="FORMAT",
    multiple=True,
    callback=lambda ctx, param, value: _formats(value),
    help="Which outputs to write: pptx, html, pdf, handout, notes, or all (pptx and html); "
    "repeat or join with commas.  [default: all]",
)
@click.option(
    "--check",
    "check_only",
    is_flag=True,
    help="Write nothing; exit 1 and name the files that would change.",
)
@click.option(
    "-t",
    "--template",
    type=click.Path(path_type=Path, dir_okay=False),
    help="A .pptx or .potx to build on (replaces the deck's template:).",
)
@_ASSETS
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    help="Decks to build at once, each in its own process.  [default: one per CPU]",
)
@click.option(
    "--variant",
    "variants",
    metavar="NAME",
    multiple=True,
    help="Build this variant of the deck (its variants: or only: names) into "
    "<name>-NAME.*; repeat for several.  [default: the deck's default variant]",
)
@click.option(
    "--paper",
    type=click.Choice(["a4", "letter"], case_sensitive=False),
    help="Paper of handouts and notes pages.  [default: letter for en-US, else a4]",
)
@click.option(
    "--per-page",
    type=click.Choice(["1", "2", "3", "4", "6"]),
    default="3",
    show_default=True,
    help="Slides per handout page; 3 puts ruled lines for notes beside each slide.",
)
@click.option(
    "--skip-empty-notes",
    is_flag=True,
    help="Notes pages: leave out the slides that have no speaker notes.",
)
def build(
    decks: tuple[Path, ...],
    out_dir: Path | None,
    fmts: tuple[str, ...],
    check_only: bool,
    template: Path | None,
    assets: tuple[Path, ...],
    jobs: int | None,
    variants: tuple[str, ...],
    paper: str | None,
    per_page: str,
    skip_empty_notes: bool,
) -> None:
    """Render each DECK (default deck.yaml; a folder: every *.yaml in it) into
    DIR/<name>.pptx and DIR/<name>.html, and on request DIR/<name>.pdf (one page per slide),
    DIR/<name>-handout.pdf and DIR/<name>-notes.pdf (printed by Chromium, Chrome or Edge).

    Each file is replaced atomically: a reader never sees half a file. Several decks build in
    parallel processes, with a progress bar on a terminal; a broken deck is reported and the
    others still build. Exit status 1 unless every deck built; without a browser the PDF
    formats fail and the .pptx and .html of the same run are still written.

    \b
    Examples:
      podium build
      podium build lecture.yaml -o out -f pptx
      podium build -f pdf,handout --per-page 6 --paper letter
      podium build --variant student -f all,pdf   # deck-student.pptx, .html and .pdf
      podium build course/          # every deck in course/, into course/build/
      podium build --check          # in CI: are the committed outputs up to date?
      podium build -t university.potx
    """
    from podium.commands.build import PrintOptions

    options = PrintOptions(
        paper=paper.lower() if paper else None,
        per_page=int(per_page),
        skip_empty_notes=skip_empty_notes,
    )
    sys.exit(
        run_build(
            list(decks) or [Path("deck.yaml")],
            out_dir,
            check_only=check_only,
            jobs=jobs,
            template=template,
            assets=assets,
            formats=fmts,
            variants=list(variants) or [None],
            options=options,
        )
    )


def run_build(
    decks: Sequence[Path],
    out_dir: Path | None,
    fmt: str = "all",
    *,
    check_only: bool = False,
    jobs: int | None = None,
    tty: bool | None = None,
    template: Path | None = None,
    formats: Sequence[str] | None = None,
    variants: Sequence[str | None] = (None,),
    options: PrintOptions | None = None,
    assets: Sequence[Path] = (),
) -> int:
    """Build ``decks`` for ``podium build``, print what happened, and return the exit status.

    Exit status 0: every deck built (with ``check_only``: every output is up to date); 1
    otherwise. On a terminal (``tty`` None: stderr is one) several decks get a progress bar;
    elsewhere one plain line per deck as it finishes. One deck prints exactly what
    ``podium build`` always printed.
    """
    from podium.commands.batch import build_many, expand
    from podium.commands.build import FORMATS

    if formats is None:
        formats = FORMATS if fmt == "all" else (fmt,)
    started = time.perf_counter()
    files = expand(decks)
    if tty is None:
        tty = sys.stderr.isatty()

    def show(result: DeckResult) -> None:
        for warning in result.warnings:
            click.echo(warning.render(), err=True)
        if not result.ok:
            for o in result.outputs:  # written before the build stopped (no browser for PDF)
                click.echo(f"wrote {o.path} ({o.size / 1024:.1f} KB)")
            click.echo(result.report(), err=True)
            return
        if check_only:
            for o in result.changed:
                click.echo(f"would change: {o.path}")
            if not result.changed and len(files) == 1:
                click.echo(f"up to date: {', '.join(str(o.path) for o in result.outputs)}")
            return
        for o in result.outputs:
            click.echo(f"wrote {o.path} ({o.size / 1024:.1f} KB)")
        ms = result.seconds * 1000
        prefix = f"{result.name}: " if len(files) > 1 else ""
        click.echo(f"{prefix}built {result.slides} slides in {ms:.0f} ms")

    bar: Any = None
    if tty and len(files) > 1:
        bar = click.progressbar(
            length=len(files),
            label="building",
            file=sys.stderr,
            item_show_func=lambda r: r.name if r is not None else None,
        )
    with bar if bar is not None else nullcontext():
        progress = show if bar is None else lambda result: bar.update(1, result)
        results = build_many(
            files, out_dir, formats, jobs, check_only, progress, template, variants, options,
            assets,
        )  # fmt: skip
    if bar is not None:
        for result in results:  # after the bar: printing under it would tear it
            show(result)

    failed = [r for r in results if not r.ok]
    stale = [r for r in results if r.ok and r.changed] if check_only else []
    if len(files) > 1:
        ms = (time.perf_counter() - started) * 1000
        if failed:
            click.echo(
                f"{len(failed)} of {len(results)} decks failed: "
                f"{', '.join(r.name for r in failed)}",
                err=True,
            )
        elif check_only:
            click.echo(f"{len(results) - len(stale)} of {len(results)} decks up to date")
        else:
            click.echo(f"built {len(results)} decks in {ms:.0f} ms")
    return 1 if failed or stale else 0


FORMAT_CHOICES = ("pptx", "html", "pdf", "handout", "notes", "all")


def _formats(values: tuple[str, ...]) -> tuple[str, ...]:
    """Return the formats named by -f options (each a name or a comma-separated list)."""
    from podium.errors import suggest

    out: list[str] = []
    for value in values or ("all",):
        for name in (v.strip().lower() for v in value.split(",")):
            if name not in FORMAT_CHOICES:
                raise click.BadParameter(
                    f"unknown format '{name}'{suggest(name, FORMAT_CHOICES)}; formats: "
                    + ", ".join(FORMAT_CHOICES),
                    param_hint="'-f' / '--format'",
                )
            out.extend(("pptx", "html") if name == "all" else (name,))
    return tuple(dict.fromkeys(out))


@cli.command(context_settings=CONTEXT)
@click.argument("deck", type=click.Path(path_type=Path), default="deck.yaml")
@click.option(
    "-t",
    "--template",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Check against this .pptx or .potx instead of the deck's template:.",
)
@_ASSETS
@click.option("--variant", metavar="NAME", help="Check this variant of the deck.")
def check(deck: Path, template: Path | None, assets: tuple[Path, ...], variant: str | None) -> None:
    """Check DECK (default deck.yaml) and report every problem with its file:line:col.

    Writes nothing. Exit status 0 when the deck is fine, 1 when it has errors.

    \b
    Example:
      podium check lecture.yaml
    """
    from podium.commands.build import load_plan

    try:
        plan = load_plan(deck, display_name(deck), template, variant=variant, assets=assets)
    except PodiumError as exc:
        _fail(exc)
    _warn(plan)
    warned = f", {len(plan.warnings)} warning(s)" if plan.warnings else ""
    click.echo(f"{display_name(deck)}: ok, {len(plan.slides)} slides{warned}")


@cli.command(context_settings=CONTEXT)
def schema() -> None:
    """Print the JSON Schema of deck.yaml, for editor completion and checking.

    \b
    Example:
      podium schema > deck.schema.json
      # then first line of deck.yaml:
      # yaml-language-server: $schema=deck.schema.json
    """
    import json

    from podium.load.schema import json_schema

    click.echo(json.dumps(json_schema(), indent=2, sort_keys=True))


@cli.command(context_settings=CONTEXT)
@click.argument("deck", type=click.Path(path_type=Path), default="deck.yaml")
@click.option(
    "-p",
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port to listen on; the next free one if it is taken.",
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; any other lets other computers read the deck.",
)
@click.option("--open", "open_browser", is_flag=True, help="Open the deck in a browser.")
@click.option("--pptx", is_flag=True, help="Also rewrite the .pptx on every good rebuild.")
@_output("out_dir", "Folder for --pptx (default: build/ next to the deck).")
@click.option(
    "--variant", metavar="NAME", help="Preview this variant of the deck (see podium build)."
)
def serve(
    deck: Path,
    port: int,
    host: str,
    open_browser: bool,
    pptx: bool,
    out_dir: Path | None,
    variant: str | None,
) -> None:
    """Preview DECK (default deck.yaml) in the browser, rebuilt and updated in place, on the
    slide you are looking at, every time you save it or a file it uses.

    A save with errors keeps the last good deck on screen with the errors over it.
    Serves only the deck's own folder, on 127.0.0.1 unless --host says otherwise. Ctrl-C stops.

    \b
    Examples:
      podium serve
      podium serve lecture.yaml --open --pptx
      podium serve --variant student
    """
    from podium.commands.serve import serve as run  # here: keeps watchfiles and http out of --help

    sys.exit(
        run(
            deck,
            host=host,
            port=port,
            open_browser=open_browser,
            pptx=pptx,
            out_dir=out_dir,
            variant=variant,
        )
    )


@cli.command("import", context_settings=CONTEXT)
@click.argument("source", type=click.Path(path_type=Path, dir_okay=False))
@_output("output", "The deck to write.  [default: SOURCE's name with .yaml, beside it]")
@click.option(
    "--from",
    "dialect",
    type=click.Choice(["pptx", "pandoc", "marp"]),
    help="How to read SOURCE.  [default: by its name, and a Markdown file's front matter]",
)
@click.option("--force", is_flag=True, help="Replace the deck (and its pictures) if they exist.")
def import_(source: Path, output: Path | None, dialect: str | None, force: bool) -> None:
    """Turn SOURCE, a PowerPoint (.pptx) or a Markdown slide deck (Pandoc or Marp), into a
    deck.yaml, its pictures into <name>-media/ and, for a .pptx, its masters into
    <name>-template.pptx, so the build keeps the original look.

    Everything that cannot be represented is reported; the last line sums up.

    \b
    Examples:
      podium import lecture.pptx                # -> lecture.yaml
      podium import slides.md -o course/week1.yaml
      podium import notes.md --from marp
    """
    from podium.importer import import_deck

    try:
        report = import_deck(source, output, dialect=dialect, force=force)
    except PodiumError as exc:
        _fail(exc)
    for line in report.reported:
        click.echo(line, err=True)
    click.echo(report.summary())


@cli.group(context_settings=CONTEXT)
def template() -> None:
    """Look into a PowerPoint template, or export the built-in one to restyle.

    \b
    Examples:
      podium template inspect university.potx
      podium template export my-reference.pptx
    """


@template.command("inspect", context_settings=CONTEXT)
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
def template_inspect(file: Path) -> None:
    """Show FILE's masters, layouts and placeholders, which Podium layout maps to each and by
    which rule, and the problems Podium sees (missing layouts, vertical text, tiny boxes).

    \b
    Example:
      podium template inspect university.potx
    """
    from podium.template.inspect import inspect

    try:
        click.echo(inspect(file))
    except PodiumError as exc:
        _fail(exc)


@template.command("export", context_settings=CONTEXT)
@click.argument("out", type=click.Path(path_type=Path, dir_okay=False), default="reference.pptx")
def template_export(out: Path) -> None:
    """Write the built-in 16:9 reference template to OUT (default reference.pptx), to restyle
    in PowerPoint and use with template: in deck.yaml. A name ending .potx gives a template.

    \b
    Example:
      podium template export my-reference.pptx
    """
    from podium.template.inspect import export

    try:
        click.echo(f"wrote {export(out)}")
    except PodiumError as exc:
        _fail(exc)


def main() -> None:
    """Run the command line (the console script's entry point)."""
    cli(prog_name="podium")
