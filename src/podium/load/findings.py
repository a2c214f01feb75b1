"""What the loader's checks have found so far: problems at their file:line:col, stand-ins made."""

from __future__ import annotations

from typing import Any

from podium.errors import Location, ModelPath, Problem, SourceText, dotted


def kind_of(value: Any) -> str:
    """Return how a message names a value found where another belongs."""
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"the text '{value}'" if len(str(value)) < 40 else "text"


class Findings:
    """The problems found in one deck's located data, and the values replaced by stand-ins."""

    def __init__(self, src: SourceText) -> None:
        self.src = src
        self.problems: list[Problem] = []
        self.root: Any = None  # the deck's mapping, once it is one
        #: Paths (as in messages) of values found wrong and replaced by a stand-in, so the rest
        #: of the deck can still be checked; problems inside them are consequences, not news.
        self.repaired: set[ModelPath] = set()

    def add(
        self, loc: Location | None, parts: tuple[Any, ...], message: str, severity: str = "error"
    ) -> None:
        """Add a problem at ``loc`` (None: the file's start) about the value at ``parts``."""
        if loc is None:
            self.problems.append(
                Problem(
                    message,
                    Location(self.src.name, 1, 1),
                    dotted(parts),
                    severity,
                    self.src.line(1),
                )
            )
            return
        self.problems.append(
            self.src.problem(message, loc.line, loc.col, loc.length, dotted(parts), severity)
        )
