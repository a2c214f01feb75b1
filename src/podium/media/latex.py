"""LaTeX checking: which commands latex2mathml converts, and located errors for the rest."""

from __future__ import annotations

import difflib
import re
from functools import lru_cache


class MathError(ValueError):
    """Raised for LaTeX that cannot be a formula; ``offset`` is the 0-based column in it."""

    def __init__(self, message: str, offset: int = 0, length: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset
        self.length = max(1, length)


@lru_cache(maxsize=1)
def _known() -> tuple[frozenset[str], frozenset[str]]:
    """Return the commands and environments latex2mathml converts."""
    import latex2mathml.commands as commands
    import latex2mathml.symbols_parser as symbols

    names: set[str] = set()

    def add(value: object) -> None:
        if isinstance(value, str):
            if value.startswith("\\"):
                names.add(value)
        elif isinstance(value, dict):
            for key in value:
                add(key)
        elif isinstance(value, tuple | list | set | frozenset):
            for item in value:
                add(item)

    for attr in dir(commands):
        if attr.isupper():
            add(getattr(commands, attr))
    add(list(symbols.SYMBOLS))
    names.update({"\\operatorname", "\\mathrm", "\\text", "\\displaystyle", "\\limits"})
    environments = {
        name[1:]
        for name in names
        if name[1:]
        in {
            "matrix",
            "matrix*",
            "pmatrix",
            "pmatrix*",
            "bmatrix",
            "bmatrix*",
            "Bmatrix",
            "Bmatrix*",
            "vmatrix",
            "vmatrix*",
            "Vmatrix",
            "Vmatrix*",
            "smallmatrix",
            "cases",
            "align",
            "align*",
            "aligned",
            "array",
            "split",
            "gathered",
            "equation",
        }
    }
    return frozenset(names), frozenset(environments)


#: Commands refused in a deck: links, classes and styles reach into the HTML page, and macro
#: definitions make a formula mean something other than what it says.
_REFUSED = frozenset(
    {"\\href", "\\url", "\\class", "\\style", "\\cssId", "\\def", "\\newcommand",
     "\\renewcommand", "\\newenvironment", "\\html", "\\htmlClass", "\\htmlStyle"}
)  # fmt: skip
#: Commands whose argument latex2mathml copies into MathML as raw text.


def known_command(name: str) -> bool:
    """Return whether ``name`` (with its backslash) is a LaTeX command Podium converts."""
    return name in _known()[0]


_COMMAND = re.compile(r"\\([A-Za-z]+\*?|.)", re.DOTALL)
_ENV_ARG = re.compile(r"\s*\{([^{}]*)\}")


def check(tex: str) -> None:
    """Raise MathError, located in ``tex``, when it is not LaTeX math latex2mathml understands."""
    commands, environments = _known()
    if not tex.strip():
        raise MathError("empty formula: write LaTeX between the dollar signs", 0, 1)
    braces: list[int] = []
    envs: list[tuple[str, int]] = []
    lefts: list[int] = []
    i = 0
    while i < len(tex):
        ch = tex[i]
        if ch == "\\":
            m = _COMMAND.match(tex, i)
            if m is None:  # a backslash at the very end
                raise MathError("a lone '\\' ends the formula: write '\\backslash' for one", i)
            name = "\\" + m.group(1)
            if name[1:2].isalpha():
                bare = name.rstrip("*")
                if name in _REFUSED:
                    raise MathError(
                        f"'{name}' is not allowed in a formula (links and styles go in the "
                        "text around it)",
                        i,
                        len(name),
                    )
                if name not in commands and bare not in commands:
                    hint = difflib.get_close_matches(name, sorted(commands), n=1, cutoff=0.7)
                    did = f" (did you mean '{hint[0]}'?)" if hint else ""
                    raise MathError(f"unknown LaTeX command '{name}'{did}", i, len(name))
                if name in ("\\begin", "\\end"):
                    arg = _ENV_ARG.match(tex, m.end())
                    if arg is None:
                        raise MathError(f"'{name}' needs an environment name in braces", i)
                    env = arg.group(1).strip()
                    if name == "\\begin":
                        if env not in environments:
                            hint = difflib.get_close_matches(env, sorted(environments), n=1)
                            did = f" (did you mean '{hint[0]}'?)" if hint else ""
                            raise MathError(f"unknown environment '{env}'{did}", i, arg.end() - i)
                        envs.append((env, i))
                    else:
                        if not envs or envs[-1][0] != env:
                            want = f"'\\end{{{envs[-1][0]}}}'" if envs else "no \\end"
                            raise MathError(
                                f"'\\end{{{env}}}' does not close anything: expected {want}",
                                i,
                                arg.end() - i,
                            )
                        envs.pop()
                    i = arg.end()
                    continue
                if name == "\\left":
                    lefts.append(i)
                elif name == "\\right":
                    if not lefts:
                        raise MathError("'\\right' without a '\\left' before it", i, 6)
                    lefts.pop()
            i = m.end()
            continue
        if ch == "{":
            braces.append(i)
        elif ch == "}":
            if not braces:
                raise MathError("'}' closes nothing: remove it or add a '{' before it", i)
            braces.pop()
        elif ch in "^_":
            rest = tex[i + 1 :].lstrip()
            if not rest or rest[0] in "}&^_":
                what = "superscript" if ch == "^" else "subscript"
                raise MathError(f"'{ch}' needs a {what} after it, e.g. x{ch}{{2}}", i)
        i += 1
    if braces:
        raise MathError("'{' is never closed: add a '}'", braces[-1])
    if envs:
        env, at = envs[-1]
        raise MathError(f"'\\begin{{{env}}}' is never closed: add '\\end{{{env}}}'", at, 6)
    if lefts:
        raise MathError(
            "'\\left' without a '\\right': add '\\right.' or a closing one", lefts[-1], 5
        )
