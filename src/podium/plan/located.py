"""Problems located inside a text: a formula's own column, LaTeX that YAML's escapes broke."""

from __future__ import annotations

import re

from podium.errors import Location, Problem, SourceText

#: Control characters YAML's double-quoted escapes make of "\\a", "\\b", "\\t", ...: in
#: LaTeX the same letters start commands (\\beta, \\frac, \\theta, \\nu, \\rho).
_ESCAPE_LETTERS = {
    "\x07": "a", "\x08": "b", "\t": "t", "\n": "n", "\x0b": "v", "\x0c": "f",
    "\r": "r", "\x1b": "e", "\x00": "0",
}  # fmt: skip
_ESCAPE_NAMES = {
    "a": "a bell character", "b": "a backspace", "t": "a tab", "n": "a line break",
    "v": "a vertical tab", "f": "a form feed", "r": "a carriage return", "e": "an escape",
    "0": "a null character",
}  # fmt: skip
_ESCAPED = re.compile("([\x07\x08\t\n\x0b\x0c\r\x1b\x00])([A-Za-z]*)")


def find_in_source(src: SourceText, loc: Location, tex: str, offset: int) -> tuple[int, int] | None:
    """Return the 1-based line and column of ``tex[offset]`` as written at or after ``loc``.

    The formula is looked up in the file rather than computed from the value's start, so
    quotes, block indentation and escapes before it do not shift the column.
    """
    lines = tex.split("\n")
    k = tex.count("\n", 0, offset)
    within = offset - (tex.rfind("\n", 0, offset) + 1)
    anchor = next((j for j, text in enumerate(lines) if text.strip()), None)
    if anchor is None:
        return None
    for number in range(loc.line, min(loc.line + 400, len(src.lines) + 1)):
        text = src.line(number) or ""
        start = loc.col - 1 if number == loc.line else 0
        at = text.find(lines[0] if anchor == 0 else lines[anchor].strip(), start)
        if at < 0:
            continue
        target_number = number + (k - anchor)
        if k == 0 and anchor == 0:
            return number, at + within + 1
        target = src.line(target_number)
        wanted = lines[k]
        if target is None or not wanted.strip():
            return None
        col = target.find(wanted.strip())
        if col < 0:
            return None
        return target_number, col + max(0, within - (len(wanted) - len(wanted.lstrip()))) + 1
    return None


def broken_escape(text: str) -> str | None:
    """Return what YAML's double-quote escapes did to a formula in ``text``, or None.

    In double quotes YAML reads "\\frac" as a form feed and "rac", "\\theta" as a tab and
    "heta": the formula would arrive silently changed.
    """
    from podium.media.math import known_command

    for m in _ESCAPED.finditer(text):
        letter = _ESCAPE_LETTERS[m.group(1)]
        if known_command("\\" + letter + m.group(2)):
            what = _ESCAPE_NAMES[letter]
            return (
                f'in double quotes YAML reads "\\{letter}" as {what}, so '
                f"'\\{letter}{m.group(2)}' does not reach the formula; write LaTeX in "
                "single quotes ('$\\frac{a}{b}$'), without quotes, or in a | block"
            )
    return None


def formula_problem(src: SourceText, loc: Location, exc: Exception, path: str) -> Problem | None:
    """Return a formula's markup problem at its column inside the text written at ``loc``;
    None for another problem, or when the formula cannot be found as written."""
    from podium.plan.markup import MathMarkupError

    if not isinstance(exc, MathMarkupError):
        return None
    found = find_in_source(src, loc, exc.tex, exc.offset)
    if found is None:
        return None
    line, col = found
    return src.problem(exc.message, line, col, exc.length, path)
