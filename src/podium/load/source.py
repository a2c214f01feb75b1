"""Located YAML: read a deck file into plain data whose every node remembers file:line:col.

The data is built from PyYAML's node tree (``yaml.compose``), never from ``safe_load``: every
scalar stays the text the lecturer typed (``No``, ``12:30``, ``1.10``, ``2007-01-24`` are text),
duplicate keys are errors, and tabs in indentation are reported before YAML sees them.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from podium.errors import DeckError, Location, Problem, SourceText
from podium.files import FileTooLarge, NotRegularFile, read_regular
from podium.load.model import MAX_TEXT

#: Plain scalars YAML 1.2 reads as null; everything else is kept as text.
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
#: Node budget: aliases can make a small file expand exponentially ("billion laughs").
_MAX_NODES = 200_000
#: A deck file larger than this is refused before it is read: no lecture needs it.
MAX_DECK_BYTES = 10 * 2**20
#: Characters XML 1.0 cannot hold (C0 controls but tab and newlines, lone surrogates, U+FFFE,
#: U+FFFF): neither output could carry them, so the deck may not contain them (written as YAML
#: escapes such as "\x01" or "\ud800"; YAML itself refuses most of them typed raw).
#: The characters YAML's double-quote escapes make of LaTeX commands (\\a \\b \\v \\f \\e \\0).
_LATEX_ESCAPES = re.compile("[\x00\x07\x08\x0b\x0c\x1b]")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class YStr(str):
    """Text from the deck, with where it was written."""

    loc: Location
    style: str | None  # None for plain scalars, or one of ' " | >

    def __new__(cls, value: str, loc: Location, style: str | None = None) -> YStr:
        obj = super().__new__(cls, value)
        obj.loc = loc
        obj.style = style
        return obj


class YList(list[Any]):
    """A YAML sequence, with its own location and each item's."""

    loc: Location
    item_locs: list[Location]


class YMap(dict[str, Any]):
    """A YAML mapping, with its own location, each key's and each value's.

    ``typed_text`` is set for a one-pair mapping with a text (or empty) value: the source text
    the lecturer most likely meant as one line of text (``Private sector: business...``).
    """

    loc: Location
    key_locs: dict[str, Location]
    value_locs: dict[str, Location]
    typed_text: str | None = None


def _loc(name: str, node: yaml.Node) -> Location:
    start, end = node.start_mark, node.end_mark
    length = end.column - start.column if end.line == start.line else 1
    return Location(name, start.line + 1, start.column + 1, max(1, length))


class _Converter:
    def __init__(self, src: SourceText, text: str) -> None:
        self.src = src
        self.text = text
        self.problems: list[Problem] = []
        self.nodes = 0

    def problem(self, loc: Location, message: str, path: str = "") -> None:
        self.problems.append(self.src.problem(message, loc.line, loc.col, loc.length, path=path))

    def convert(self, node: yaml.Node, path: str) -> Any:
        self.nodes += 1
        if self.nodes > _MAX_NODES:
            raise DeckError(
                [
                    self.src.problem(
                        f"the deck expands to more than {_MAX_NODES} values (through "
                        "YAML aliases?); write the values out instead of repeating anchors",
                        node.start_mark.line + 1,
                        node.start_mark.column + 1,
                    )
                ]
            )
        loc = _loc(self.src.name, node)
        if isinstance(node, yaml.ScalarNode):
            value = node.value
            if self.characters(value, loc, path, node.style == '"'):
                value = _NOT_XML.sub("", value)  # reported: later checks see it without them
            if len(node.value) > MAX_TEXT:
                self.problem(
                    loc,
                    f"the text is {len(node.value):,} characters; at most {MAX_TEXT:,} fit in "
                    "one value: split it over several slides",
                    path,
                )
            style = node.style or None  # libyaml says '' for plain scalars, PyYAML None
            if style is None and value in _NULLS:
                return None
            return YStr(value, loc, style)
        if isinstance(node, yaml.SequenceNode):
            seq = YList()
            seq.loc = loc
            seq.item_locs = []
            for i, item in enumerate(node.value):
                seq.append(self.convert(item, f"{path}[{i}]"))
                seq.item_locs.append(_loc(self.src.name, item))
                if isinstance(item, yaml.ScalarNode) and not item.style:
                    self._merged_child(item, f"{path}[{i}]")
            return seq
        assert isinstance(node, yaml.MappingNode)
        mapping = YMap()
        mapping.loc = loc
        mapping.key_locs = {}
        mapping.value_locs = {}
        for key_node, value_node in node.value:
            key_loc = _loc(self.src.name, key_node)
            if not isinstance(key_node, yaml.ScalarNode) or key_node.value in ("<<",):
                self.problem(
                    key_loc,
                    "a key must be plain text (merge keys '<<' and complex keys are not supported)",
                    path,
                )
                continue
            key = key_node.value
            sub = f"{path}.{key}" if path else key
            if self.characters(key, key_loc, path):
                continue
            if key in mapping.key_locs:
                first = mapping.key_locs[key]
                self.problem(
                    key_loc,
                    f"duplicate key '{key}' (first given at line {first.line}); remove one of them",
                    sub,
                )
                continue
            mapping.key_locs[key] = key_loc
            mapping.value_locs[key] = _loc(self.src.name, value_node)
            mapping[key] = self.convert(value_node, sub)
        if len(node.value) == 1:
            mapping.typed_text = self._typed_text(node.value[0][0], node.value[0][1])
        return mapping

    def characters(self, text: str, loc: Location, path: str, quoted: bool = False) -> bool:
        """Report a character neither output can hold; return whether there was one.

        In double quotes with a formula ($...$), the escapes YAML makes of LaTeX ("\\frac" is a
        form feed and "rac") are left to the plan, which says how to write the formula.
        """
        bad = _NOT_XML.search(text)
        if bad is None:
            return False
        if quoted and "$" in text and not _NOT_XML.search(_LATEX_ESCAPES.sub("", text)):
            return False
        self.problem(
            loc,
            f"the text holds {_bad_char(bad.group())}, which neither PowerPoint nor HTML can "
            "hold; remove it",
            path,
        )
        return True

    def _merged_child(self, item: yaml.ScalarNode, path: str) -> None:
        """Report a '- child' line that YAML folded into the bullet above it.

        Indented under a parent without a trailing ':', "- Parent" and "- Child" are one
        plain text over two lines ("Parent - Child"), which is never what was meant.
        """
        first, last = item.start_mark.line, item.end_mark.line
        for number in range(first + 1, last + 1):
            line = self.src.line(number + 1) or ""
            stripped = line.lstrip(" ")
            if stripped == "-" or stripped.startswith("- "):
                parent = self.src.line(first + 1) or ""
                text = parent[item.start_mark.column :].rstrip()
                col = len(line) - len(stripped) + 1
                self.problem(
                    Location(self.src.name, number + 1, col, 1),
                    f"this '- ' line is read as more of the text '{text}' above, not as a "
                    f"sub-bullet; to nest it, end the parent bullet with ':' (- {text}:)",
                    path,
                )
                return

    def _typed_text(self, key: yaml.Node, value: yaml.Node) -> str | None:
        """Return the text typed for ``key: value`` when it reads as one line of text."""
        if not isinstance(key, yaml.ScalarNode) or key.style:
            return None
        if not isinstance(value, yaml.ScalarNode) or value.style in ("|", ">"):
            return None
        if not value.style and value.value in _NULLS:
            return str(key.value) + ":"
        start, end = key.start_mark.index, value.end_mark.index
        if key.start_mark.line == value.end_mark.line:
            return self.text[start:end]
        return f"{key.value}: {value.value}"  # folded over lines: YAML's reading is the text


def _bad_char(char: str) -> str:
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        return f"a lone surrogate U+{code:04X} (half of a character; only pairs make one)"
    if code < 0x20:
        return f"control character U+{code:04X}"
    return f"non-character U+{code:04X}"


def _reader_problem(src: SourceText, text: str, exc: yaml.reader.ReaderError) -> Problem:
    """Return YAML's refusal of an unprintable character, at its line and column."""
    before = text[: exc.position]
    line = before.count("\n") + 1
    col = exc.position - (before.rfind("\n") + 1) + 1
    char = chr(exc.character) if isinstance(exc.character, int) else str(exc.character)
    what = (
        _bad_char(char) if _NOT_XML.match(char) else f"unprintable character U+{ord(char[:1]):04X}"
    )
    return src.problem(
        f"{what} in the file; remove it (a character YAML cannot hold raw may be written "
        'as an escape in a double-quoted string, e.g. "\\u00A0")',
        line,
        col,
    )


def _tab_problems(src: SourceText) -> list[Problem]:
    problems = []
    for number, line in enumerate(src.lines, start=1):
        lead = re.match(r"[ \t]*", line)
        indent = lead.group(0) if lead else ""
        if "\t" in indent and line.strip():
            col = indent.index("\t") + 1
            problems.append(
                src.problem(
                    "tab character in indentation: YAML indents with spaces only "
                    "(set your editor to insert spaces)",
                    number,
                    col,
                )
            )
    return problems


_TOKEN_NAMES = {
    "'<stream end>'": "the end of the file",
    "<block end>": "the end of the block",
    "'?'": "a key",
    "'-'": "a list item ('-')",
    "'<block mapping start>'": "a mapping",
    "'<block sequence start>'": "a list",
    "<block mapping start>": "a mapping",
}


def _plain_tokens(text: str) -> str:
    for token, words in _TOKEN_NAMES.items():
        text = text.replace(token, words)
    return text


#: "- Output: the same items, in order:" (a parent bullet whose text has ': ').
_COLON_PARENT = re.compile(r"^(\s*-\s+)([^\s\"'].*?:\s.*?)\s*:\s*$")


def _colon_parent(src: SourceText, mark: yaml.Mark) -> Problem | None:
    """Return the problem of a parent bullet whose text has ': ' in it, saying how to write
    it, when the YAML error at ``mark`` is that."""
    line = src.line(mark.line + 1) or ""
    match = _COLON_PARENT.match(line)
    if match is None or mark.column + 1 < len(match.group(1)) + len(match.group(2)):
        return None
    text = match.group(2).replace('"', '\\"')
    following = next((n for n in src.lines[mark.line + 1 :] if n.strip()), "")
    indent = len(match.group(1)) - len(match.group(1).lstrip())
    children = following.lstrip().startswith("-") and (
        len(following) - len(following.lstrip()) > indent
    )
    dash = match.group(1).strip()
    written = f'{dash} "{text}":' if children else f'{dash} "{text}:"'
    return src.problem(
        "this bullet's text has ': ' in it, so YAML cannot tell where its text ends"
        + (" and its sub-bullets begin" if children else "")
        + f"; put the text in quotes: {written}",
        mark.line + 1,
        len(match.group(1)) + 1,
        len(line.rstrip()) - len(match.group(1)),
    )


def _syntax_problem(src: SourceText, exc: yaml.MarkedYAMLError) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    if mark is not None and "mapping values are not allowed here" in (exc.problem or ""):
        colon = _colon_parent(src, mark)
        if colon is not None:
            return colon
    problem = _plain_tokens((exc.problem or "invalid YAML").strip())
    message = f"invalid YAML: {problem}"
    if exc.context and exc.context_mark is not None and exc.context_mark is not mark:
        message += f" ({_plain_tokens(exc.context)} at line {exc.context_mark.line + 1})"
    hints = {
        "mapping values are not allowed here": (
            "text containing ': ' must be quoted, e.g. title: \"Part 1: Basics\""
        ),
        "found character '\\t' that cannot start any token": "YAML indents with spaces only",
        "could not find expected ':'": (
            "a key needs ': ' after it; text continuing on the next line must be indented "
            "more, or quoted"
        ),
        "found unknown escape character": (
            "in double quotes a backslash starts a YAML escape; write LaTeX in single quotes "
            "('$O(n \\log n)$'), without quotes, or in a | block"
        ),
        "found undefined alias": "define the anchor (&name) before using it (*name)",
        "but found '<stream end>'": "is a bracket [ { or a quote left open?",
        "expected a single document in the stream": (
            "a deck is one YAML document: remove the extra '---' line"
        ),
    }
    for key, hint in hints.items():
        if key in (exc.problem or "") or (exc.context and key in exc.context):
            message += f"; {hint}"
            break
    if mark is None:
        return Problem(message, Location(src.name, 1, 1), severity="error")
    line, col = mark.line + 1, mark.column + 1
    if line > len(src.lines) and src.lines:
        line, col = len(src.lines), len(src.lines[-1]) + 1
    return src.problem(message, line, col)


def parse_text(text: str, name: str, problems: list[Problem] | None = None) -> Any:
    """Return the located data of deck text; raise DeckError with every problem found.

    Given ``problems``, mistakes that leave the data usable (a duplicate key, a merge key, a
    child bullet folded into its parent) are added to it instead, and the data is returned,
    so the rest of the deck can be checked in the same run.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    src = SourceText(name, text)
    try:
        try:
            node = yaml.compose(text, Loader=_FAST_LOADER)
        except yaml.YAMLError:
            # libyaml is ten times faster, but the pure-Python parser words its errors better
            # (and the same on every machine): let it find and report the problem.
            node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        # Tabs inside block text are fine; tabs as indentation are what usually broke it.
        raise DeckError(_tab_problems(src) or [_syntax_problem(src, exc)]) from None
    except yaml.reader.ReaderError as exc:  # unprintable characters
        raise DeckError([_reader_problem(src, text, exc)]) from None
    except yaml.YAMLError as exc:
        raise DeckError([Problem(f"invalid YAML: {exc}", Location(name, 1, 1))]) from None
    except RecursionError:
        raise DeckError([Problem("the YAML nests too deeply", Location(name, 1, 1))]) from None
    if node is None:
        return None
    conv = _Converter(src, text)
    try:
        data = conv.convert(node, "")
    except RecursionError:
        raise DeckError([Problem("the YAML nests too deeply", Location(name, 1, 1))]) from None
    if conv.problems:
        if problems is None:
            raise DeckError(conv.problems)
        problems.extend(conv.problems)
    return data


def read(
    path: Path, name: str | None = None, problems: list[Problem] | None = None
) -> tuple[Any, SourceText]:
    """Return the located data of the deck file at ``path`` and its text.

    ``name`` is how the file is called in messages (default: the path as given).
    Raises DeckError when the file cannot be read or is not valid YAML; see parse_text for
    ``problems``.
    """
    shown = name or str(path)
    try:
        raw = read_regular(path, MAX_DECK_BYTES, "deck file")
    except FileNotFoundError:
        raise DeckError(
            [Problem(f"deck file not found: {shown} (looked in {path.resolve().parent})")]
        ) from None
    except IsADirectoryError:
        raise DeckError([Problem(f"{shown} is a folder; give the deck's .yaml file")]) from None
    except (FileTooLarge, NotRegularFile) as exc:
        raise DeckError.at(shown, str(exc.strerror)) from None
    except OSError as exc:
        raise DeckError([Problem(f"cannot read {shown}: {exc.strerror}")]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        raise DeckError(
            [
                Problem(
                    f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02x}); save it as UTF-8",
                    Location(shown, line, col),
                )
            ]
        ) from None
    return parse_text(text, shown, problems), SourceText(shown, text.removeprefix("\ufeff"))
