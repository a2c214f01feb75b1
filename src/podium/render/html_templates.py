"""The HTML deck's Jinja templates: the built-in folder, a deck's templates/html/ overrides,
the compiled-template cache, errors located in the .j2 file."""

from __future__ import annotations

import contextlib
import re
import traceback
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from podium.errors import Location, Problem, TemplateError
from podium.render.template_cache import compiled_templates


@lru_cache(maxsize=1)
def templates_dir() -> Path:
    """Return the built-in templates folder: the installed package's copy, else the checkout's
    (looked up once: the preview asks for it for every slide it draws).

    Raises TemplateError, listing both places, when neither has the HTML templates.
    """
    installed = Path(__file__).resolve().parents[1] / "_templates"
    checkout = Path(__file__).resolve().parents[3] / "templates"
    for folder in (installed, checkout):
        if (folder / "html" / "deck.html.j2").is_file():
            return folder
    raise TemplateError(
        f"the built-in HTML templates are missing; looked in {installed / 'html'} and "
        f"{checkout / 'html'} (reinstall podium)"
    )


def deck_overrides(folders: Sequence[Path]) -> tuple[Path, ...]:
    """Return the deck's own template folders among ``folders`` (a plan's html_templates),
    without the built-in one: the checkout's own deck.yaml sits beside it."""
    builtin = (templates_dir() / "html").resolve()
    return tuple(d for d in folders if d.resolve() != builtin)


class _DeckLoader(jinja2.FileSystemLoader):
    """A deck's own template folder: files that resolve outside it (symlinks) are not found."""

    def __init__(self, folder: Path) -> None:
        super().__init__(str(folder))
        self.root = folder.resolve()

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        if not Path(filename).resolve().is_relative_to(self.root):
            raise jinja2.TemplateNotFound(template)
        return source, filename, uptodate


@lru_cache(maxsize=8)
def environment(folder: Path, overrides: tuple[Path, ...] = ()) -> jinja2.Environment:
    """Return the Jinja environment: ``overrides`` first, then the built-in ``folder``, which
    is also reachable as ``builtin/...`` so an override can extend the template it replaces.

    The deck's own templates run sandboxed and are re-read when they change (podium serve).
    """
    builtin = jinja2.FileSystemLoader(str(folder))
    options: dict[str, Any] = {
        "autoescape": True,
        "undefined": jinja2.StrictUndefined,
        "trim_blocks": True,
        "lstrip_blocks": True,
        "keep_trailing_newline": True,
    }
    if not overrides:
        return jinja2.Environment(
            loader=builtin, auto_reload=False, bytecode_cache=compiled_templates(), **options
        )
    from jinja2.sandbox import SandboxedEnvironment

    loader = jinja2.ChoiceLoader(
        [
            jinja2.PrefixLoader({"builtin": builtin}),
            *(_DeckLoader(d) for d in overrides),
            builtin,
        ]
    )
    return SandboxedEnvironment(loader=loader, auto_reload=True, **options)


def find(name: str, folder: Path, overrides: Sequence[Path]) -> Path:
    """Return the first ``name`` in the override folders, else the built-in one."""
    for d in overrides:
        path = d / name
        if path.is_file() and path.resolve().is_relative_to(d.resolve()):
            return path
    return folder / name


def inline_script(text: str) -> Markup:
    """Return ``text`` safe to place inside a <script> element."""
    # Inside <script>, only "</script" (any case) can end the element early.
    return Markup(re.sub(r"</(script)", r"<\\/\1", text, flags=re.IGNORECASE))


def template_problem(exc: jinja2.TemplateError, folder: Path) -> TemplateError:
    """Return a TemplateError pointing into the .j2 file and line that failed."""
    filename: str | None = getattr(exc, "filename", None)
    lineno: int | None = getattr(exc, "lineno", None)
    if filename is None:
        for frame in reversed(traceback.extract_tb(exc.__traceback__)):
            if frame.filename.endswith(".j2"):
                filename, lineno = frame.filename, frame.lineno
                break
    if filename is None or lineno is None:
        return TemplateError(f"HTML template error: {exc.message or exc}")
    source = None
    with contextlib.suppress(OSError, IndexError):
        source = Path(filename).read_text(encoding="utf-8").splitlines()[lineno - 1]
    message = f"HTML template error: {exc.message or exc}"
    return TemplateError([Problem(message, Location(filename, lineno, 1), source_line=source)])
