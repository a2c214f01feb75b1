"""The command line: thin commands that call build.py and print located problems."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from podium import __version__
from podium.errors import PodiumError, display_name

if TYPE_CHECKING:
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


@cli.command(context_settings=CONTEXT)
@click.argument("decks", metavar="[DECK]...", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder to write the outputs into.  [default: build/ beside each deck]",
)
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
    from podium.commands.batch import run_cli_build
    from podium.commands.build import PrintOptions

    options = PrintOptions(
        paper=paper.lower() if paper else None,
        per_page=int(per_page),
        skip_empty_notes=skip_empty_notes,
    )
    sys.exit(
        run_cli_build(
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
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Folder for --pptx (default: build/ next to the deck).",
)
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
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="The deck to write.  [default: SOURCE's name with .yaml, beside it]",
)
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
