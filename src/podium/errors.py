"""Located problems in a deck, and the error that carries them to the command line."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Self


@dataclass(frozen=True, order=True)
class Location:
    """A place in a source file: 1-based line and column, and how many columns it spans.

    Line 0 stands for the whole file (a template, a font): shown as just its name.
    """

    file: str
    line: int
    col: int
    length: int = 1

    def __str__(self) -> str:
        return self.file if self.line == 0 else f"{self.file}:{self.line}:{self.col}"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a deck (or worth a warning), with where it is."""

    message: str
    loc: Location | None = None
    path: str = ""
    severity: str = "error"
    source_line: str | None = field(default=None, compare=False)

    def render(self) -> str:
        """Return the compiler-style text: a headline, then the source line with a caret."""
        where = f"{self.loc}: " if self.loc else ""
        what = f"{self.path}: " if self.path else ""
        text = f"{where}{self.severity}: {what}{self.message}"
        if self.loc is not None and self.source_line is not None:
            shown = self.source_line.rstrip("\n").replace("\t", " ")
            width = len(str(self.loc.line))
            span = max(1, min(self.loc.length, max(1, len(shown) - self.loc.col + 1)))
            text += f"\n    {self.loc.line} | {shown}\n    {' ' * width} | "
            text += " " * (self.loc.col - 1) + "^" * span
        return text


class PodiumError(Exception):
    """Raised by the library for anything wrong with the user's input; carries the problems."""

    def __init__(self, problems: Sequence[Problem] | str) -> None:
        if isinstance(problems, str):
            problems = [Problem(problems)]
        self.problems = list(problems)
        super().__init__("\n".join(p.render() for p in self.problems))

    @classmethod
    def at(cls, path: Path | str, message: str) -> Self:
        """Return the error for a whole file: ``FILE: error: message``."""
        return cls([file_problem(path, message)])

    def render(self) -> str:
        return "\n".join(p.render() for p in self.problems)

    def report(self) -> str:
        """Return the problems as `podium check` prints them, with the count when over one."""
        return report(self.problems)


def file_problem(path: Path | str, message: str, severity: str = "error") -> Problem:
    """Return a problem with a whole file, shown as ``FILE: error: message``."""
    return Problem(message, Location(str(path), 0, 0), severity=severity)


class DeckError(PodiumError):
    """The deck file has problems (syntax, structure, content)."""


class TemplateError(PodiumError):
    """A PowerPoint template or a Jinja template cannot be used."""


def report(problems: Sequence[Problem]) -> str:
    """Return problems as Podium prints them: each in compiler style, then the count of
    errors when there is more than one."""
    text = "\n".join(p.render() for p in problems)
    count = sum(1 for p in problems if p.severity == "error")
    return f"{text}\n{count} errors" if count > 1 else text


def display_name(path: Path) -> str:
    """Return how to call a file in messages: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def internal_error(name: str, exc: BaseException) -> str:
    """Return the line that reports a bug in Podium met while building the deck ``name``."""
    return (
        f"{name}: internal error: {exc.__class__.__name__}: {exc}\n"
        "This is a bug in Podium, not in the deck; please report it with the traceback below."
    )


def suggest(word: str, choices: Iterable[str]) -> str:
    """Return ' (did you mean 'x'?)' for the closest choice, or '' when nothing is close."""
    import difflib  # only when a name is not found

    close = difflib.get_close_matches(word, sorted(set(choices)), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


#: Where a value sits in the deck model: keys and list indices, e.g. ("slides", 2, "title").
ModelPath = tuple[str | int, ...]


def dotted(path: ModelPath) -> str:
    """Return a model path as messages show it: ``slides[2].title``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class Locations:
    """Where each value of a deck was written: model path -> the value's (and key's) Location."""

    def __init__(
        self,
        root: Location,
        values: dict[ModelPath, Location],
        keys: dict[ModelPath, Location] | None = None,
        stand_ins: frozenset[ModelPath] = frozenset(),
    ) -> None:
        self.root = root
        self.values = values
        self.keys = keys or {}
        #: Paths of values the loader put in place of wrong ones (already reported), so the
        #: rest of a deck with errors can still be checked.
        self.stand_ins = stand_ins

    def stand_in(self, path: ModelPath) -> bool:
        """Return whether ``path`` is, or is inside, a value put in place of a wrong one."""
        return any(path[: len(s)] == s for s in self.stand_ins)

    def get(self, path: ModelPath) -> Location | None:
        """Return where the value at ``path`` was written; None when the deck does not set it."""
        return self.root if not path else self.values.get(path)

    def key(self, path: ModelPath) -> Location | None:
        """Return where the key of the mapping entry at ``path`` was written, or None."""
        return self.keys.get(path)

    def near(self, path: ModelPath) -> Location:
        """Return where ``path`` was written, else where its closest written parent was."""
        for end in range(len(path), 0, -1):
            loc = self.values.get(path[:end])
            if loc is not None:
                return loc
        return self.root


class SourceText:
    """The text of a deck file, for showing a line under an error message."""

    def __init__(self, name: str, text: str) -> None:
        self.name = name
        self.lines = text.splitlines()

    def line(self, number: int) -> str | None:
        if 1 <= number <= len(self.lines):
            return self.lines[number - 1]
        return None

    def problem(
        self,
        message: str,
        line: int,
        col: int,
        length: int = 1,
        path: str = "",
        severity: str = "error",
    ) -> Problem:
        return Problem(
            message, Location(self.name, line, col, length), path, severity, self.line(line)
        )
