"""LaTeX formulas: checked with a located error, converted to MathML, Office Math and linear text.

latex2mathml turns LaTeX into MathML (the HTML deck's ``<math>``); this module turns that MathML
into Office Math (OMML, what PowerPoint's equation editor edits) and into linear text with
super- and subscripts (what clients without OMML show). latex2mathml passes an unknown command
through as text, so the LaTeX is first scanned here to report misspellings with their column.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from lxml import etree

MATHML_NS = "http://www.w3.org/1998/Math/MathML"
OMML_NS = "http://schemas.openxmlformats.org/officeDocument/2006/math"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"


_M = f"{{{OMML_NS}}}"
_MML = f"{{{MATHML_NS}}}"

#: Big operators that become an OMML n-ary (with limits above and below, or beside).
_NARY = set("∑∏∐∫∬∭∮∯∰⋀⋁⋂⋃⨀⨁⨂⨄⨆")
_INTEGRALS = set("∫∬∭∮∯∰")
#: MathML accent characters -> the combining character OMML's m:acc and linear text use.
_ACCENTS = {
    "^": "\u0302",
    "ˆ": "\u0302",
    "~": "\u0303",
    "˜": "\u0303",
    "→": "\u20d7",
    "˙": "\u0307",
    "¨": "\u0308",
    "ˇ": "\u030c",
    "˘": "\u0306",
    "´": "\u0301",
    "`": "\u0300",
    "˚": "\u030a",
}
_BARS = {"¯", "‾", "―", "_", "\u0305"}
_BRACES = {"⏞": "top", "⏟": "bot"}
#: Operators written with a space either side in linear text.
_SPACED = set("=+−-×÷±∓·<>≤≥≠≈≡∼≃≅∝→←↔⇒⇐⇔↦∈∉∋⊂⊆⊃⊇∪∩∧∨∖⊕⊗∣")
_SPACE_ENTITY = {"0.167em": "\u2009", "0.222em": "\u205f", "0.278em": "\u2004", "1em": "\u2003"}


class MathError(ValueError):
    """Raised for LaTeX that cannot be a formula; ``offset`` is the 0-based column in it."""

    def __init__(self, message: str, offset: int = 0, length: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset
        self.length = max(1, length)


@dataclass(frozen=True, slots=True)
class Piece:
    """A stretch of a formula's linear text; ``script`` is 1 raised, -1 lowered, 0 on the line."""

    text: str
    script: int = 0
    italic: bool = False


@dataclass(frozen=True, slots=True)
class Formula:
    """One checked formula: its LaTeX, MathML, linear text and measured size (in em)."""

    tex: str
    display: bool
    mathml: str
    linear: tuple[Piece, ...]
    width: float
    height: float
    depth: float

    @property
    def text(self) -> str:
        """Return the linear text, scripts written inline (what a reader of plain text gets)."""
        return "".join(p.text for p in self.linear)

    def __html__(self) -> str:
        """Return the MathML, for Jinja: it is built from an allow-list and escaped."""
        return self.mathml


# -- checking -------------------------------------------------------------------------------


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
_TEXT_ARG = re.compile(r"\\(?:text\w*|mbox|hbox|operatorname|mathrm)\s*\{")
_RAW = {"<": "\ue000", ">": "\ue001", "&": "\ue002"}
_RAW_BACK = {"\ue000": "&lt;", "\ue001": "&gt;", "\ue002": "&amp;"}
#: MathML elements and attributes kept in the HTML; latex2mathml writes no others.
_MATHML_ELEMENTS = frozenset(
    [
        "math",
        "mrow",
        "mi",
        "mn",
        "mo",
        "mtext",
        "ms",
        "mspace",
        "msup",
        "msub",
        "msubsup",
        "munder",
        "mover",
        "munderover",
        "mfrac",
        "msqrt",
        "mroot",
        "mtable",
        "mtr",
        "mtd",
        "mstyle",
        "mpadded",
        "mphantom",
        "menclose",
        "merror",
        "semantics",
        "annotation",
        "mmultiscripts",
        "mprescripts",
        "none",
        "mlabeledtr",
        "maligngroup",
        "malignmark",
    ]
)
_MATHML_ATTRIBUTES = frozenset(
    [
        "display",
        "displaystyle",
        "scriptlevel",
        "mathvariant",
        "mathsize",
        "mathcolor",
        "mathbackground",
        "stretchy",
        "fence",
        "form",
        "separator",
        "accent",
        "accentunder",
        "largeop",
        "movablelimits",
        "symmetric",
        "lspace",
        "rspace",
        "minsize",
        "maxsize",
        "linethickness",
        "width",
        "height",
        "depth",
        "voffset",
        "columnalign",
        "rowalign",
        "columnlines",
        "rowlines",
        "columnspacing",
        "rowspacing",
        "frame",
        "framespacing",
        "columnspan",
        "rowspan",
        "notation",
        "numalign",
        "denomalign",
        "bevelled",
        "encoding",
    ]
)


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


# -- MathML ---------------------------------------------------------------------------------


def _to_mathml(tex: str, display: bool) -> str:
    import latex2mathml.converter as converter
    import latex2mathml.exceptions as exceptions

    try:
        return _clean_mathml(
            converter.convert(_protect_text(tex), display="block" if display else "inline")
        )
    except exceptions.NumeratorNotFoundError:
        raise MathError("a fraction is missing its numerator", 0, len(tex)) from None
    except exceptions.DenominatorNotFoundError:
        raise MathError("a fraction is missing its denominator", 0, len(tex)) from None
    except exceptions.DoubleSuperscriptsError:
        raise MathError("double superscript: group it, e.g. x^{a^b}", 0, len(tex)) from None
    except exceptions.DoubleSubscriptsError:
        raise MathError("double subscript: group it, e.g. x_{a_b}", 0, len(tex)) from None
    except (exceptions.NoAvailableTokensError, exceptions.MissingSuperScriptOrSubscriptError):
        raise MathError(
            "the formula ends too early: a command is missing its argument", 0
        ) from None
    except Exception as exc:  # latex2mathml raises plain errors for some malformed input
        raise MathError(
            f"cannot read the formula ({exc.__class__.__name__})", 0, len(tex)
        ) from None


def _protect_text(tex: str) -> str:
    """Return ``tex`` with ``<``, ``>`` and ``&`` in text arguments swapped for placeholders.

    latex2mathml copies the argument of \\text into the MathML unescaped.
    """
    out: list[str] = []
    pos = 0
    for m in _TEXT_ARG.finditer(tex):
        if m.start() < pos:
            continue
        depth, i = 1, m.end()
        while i < len(tex) and depth:
            depth += {"{": 1, "}": -1}.get(tex[i], 0)
            i += 1
        out.append(tex[pos : m.end()])
        out.append("".join(_RAW.get(ch, ch) for ch in tex[m.end() : i]))
        pos = i
    out.append(tex[pos:])
    return "".join(out)


def _clean_mathml(mathml: str) -> str:
    """Return latex2mathml's output re-serialised with only MathML elements and attributes."""
    for mark, entity in _RAW_BACK.items():
        mathml = mathml.replace(mark, entity)
    root = etree.fromstring(mathml.encode("utf-8"))
    for el in list(root.iter()):
        if not isinstance(el.tag, str):
            el.getparent().remove(el)
            continue
        qname = etree.QName(el)
        if qname.namespace != MATHML_NS or qname.localname not in _MATHML_ELEMENTS:
            el.tag = f"{{{MATHML_NS}}}mrow"
        for name in list(el.attrib):
            if name not in _MATHML_ATTRIBUTES:
                del el.attrib[name]
    _space_functions(root)
    return str(etree.tostring(root, encoding="unicode"))


def _space_functions(root: Any) -> None:
    """Put a thin space around function names (\\log, \\sin) as TeX does.

    latex2mathml writes them as bare <mi>, which MathML sets with no space at all: "nlogn".
    """
    for mi in list(root.iter(_MML + "mi")):
        text = (mi.text or "").strip()
        if len(text) < 2 or not text.isalpha() or mi.get("mathvariant") not in (None, "normal"):
            continue
        before, after = mi.getprevious(), mi.getnext()
        if before is not None and _local(before) not in ("mo", "mspace"):
            mi.addprevious(_thin_space())
        if after is not None and _local(after) not in ("mo", "mspace"):
            mi.addnext(_thin_space())


def _thin_space() -> Any:
    space = etree.Element(_MML + "mspace")
    space.set("width", "0.167em")
    return space


def _children(node: Any) -> list[Any]:
    return [c for c in node if isinstance(c.tag, str)]


def _local(node: Any) -> str:
    return str(etree.QName(node).localname)


def _unwrap(node: Any) -> Any:
    """Return the only child of an mrow chain, or the node itself."""
    while _local(node) in ("mrow", "mstyle", "mpadded") and len(_children(node)) == 1:
        node = _children(node)[0]
    return node


def _text(node: Any) -> str:
    return "".join(node.itertext())


def _fences(kids: list[Any]) -> tuple[str, str] | None:
    """Return the opening and closing characters when an mrow is a fenced group."""
    if len(kids) < 2:
        return None
    first, last = kids[0], kids[-1]
    if _local(first) != "mo" or _local(last) != "mo":
        return None
    fenced = first.get("fence") == "true" and last.get("fence") == "true"
    around_table = len(kids) == 3 and _local(kids[1]) == "mtable"
    if fenced or around_table:
        return _text(first), _text(last)
    return None


# -- linear text ----------------------------------------------------------------------------


def _atomic(node: Any) -> bool:
    node = _unwrap(node)
    tag = _local(node)
    if tag in ("mi", "mn", "mtext"):
        return True
    if tag in ("msup", "msub", "msubsup", "mover", "munder", "msqrt"):
        return _atomic(_children(node)[0]) if tag != "msqrt" else True
    if tag == "mrow":
        return _fences(_children(node)) is not None
    return False


def _linear(node: Any, script: int) -> Iterator[Piece]:
    tag = _local(node)
    kids = _children(node)
    if tag == "mi":
        text = _text(node)
        italic = len(text) == 1 and text.isalpha() and node.get("mathvariant") != "normal"
        yield Piece(f" {text} " if len(text) > 1 else text, script, italic)  # \log
    elif tag in ("mn", "mtext", "ms"):
        yield Piece(_text(node).replace("\u00a0", " "), script)
    elif tag == "mo":
        text = _text(node)
        if script == 0 and text in _SPACED:
            yield Piece(f" {text} ", script)
        elif text == ",":
            yield Piece(", ", script)
        elif len(text) > 1 and text.isalpha():  # \sin, \bmod
            yield Piece(f" {text} ", script)
        else:
            yield Piece(text, script)
    elif tag == "mspace":
        yield Piece(" ", script)
    elif tag in ("msup", "msub", "msubsup"):
        yield from _linear(kids[0], script)
        lo, hi = (-1, 1) if script == 0 else (script, script)
        if tag == "msup":
            yield from _scripted(kids[1], hi, script)
        elif tag == "msub":
            yield from _scripted(kids[1], lo, script)
        else:
            yield from _scripted(kids[1], lo, script)
            yield from _scripted(kids[2], hi, script)
    elif tag in ("munder", "mover", "munderover"):
        base, rest = kids[0], kids[1:]
        if tag == "mover" and len(rest) == 1:
            mark = _text(rest[0])
            combining = _ACCENTS.get(mark) or ("\u0305" if mark in _BARS else None)
            if combining and _atomic(base) and len(_text(base)) == 1:
                for piece in _linear(base, script):
                    yield Piece(piece.text + combining, piece.script, piece.italic)
                return
            if combining or mark in _BRACES:
                yield from _linear(base, script)
                return
        if tag == "munder" and len(rest) == 1 and _text(rest[0]) in _BRACES:
            yield from _linear(base, script)
            return
        yield from _linear(base, script)
        lo, hi = (-1, 1) if script == 0 else (script, script)
        if tag in ("munder", "munderover"):
            yield from _scripted(rest[0], lo, script)
        if tag == "mover":
            yield from _scripted(rest[0], hi, script)
        if tag == "munderover":
            yield from _scripted(rest[1], hi, script)
    elif tag == "mfrac":
        num, den = kids[0], kids[1]
        if node.get("linethickness") == "0":  # \binom
            yield from _linear(num, script)
            yield Piece(" choose ", script)
            yield from _linear(den, script)
            return
        yield from _grouped(num, script)
        yield Piece("/", script)
        yield from _grouped(den, script)
    elif tag == "msqrt":
        yield Piece("√", script)
        inner = kids[0] if len(kids) == 1 else node
        yield from (_grouped(inner, script) if len(kids) == 1 else _paren(kids, script))
    elif tag == "mroot":
        yield from _scripted(kids[1], 1 if script == 0 else script, script)
        yield Piece("√", script)
        yield from _grouped(kids[0], script)
    elif tag == "mtable":
        rows = [r for r in kids if _local(r) == "mtr"]
        for r, row in enumerate(rows):
            if r:
                yield Piece("; ", script)
            for c, cell in enumerate(_children(row)):
                if c:
                    yield Piece("  ", script)
                for kid in _children(cell):
                    yield from _linear(kid, script)
    elif tag == "mphantom":
        return
    else:  # math, mrow, mstyle, mpadded, menclose, semantics and anything else: the children
        for kid in kids:
            yield from _linear(kid, script)


def _scripted(node: Any, script: int, outer: int) -> Iterator[Piece]:
    # Nested scripts stay at one level: plain text has only one step up and one down.
    yield from _linear(node, script if outer == 0 else outer)


def _grouped(node: Any, script: int) -> Iterator[Piece]:
    if _atomic(node):
        yield from _linear(node, script)
    else:
        yield from _paren([node], script)


def _paren(nodes: list[Any], script: int) -> Iterator[Piece]:
    yield Piece("(", script)
    for node in nodes:
        yield from _linear(node, script)
    yield Piece(")", script)


def _merge(pieces: Iterator[Piece]) -> tuple[Piece, ...]:
    out: list[Piece] = []
    for piece in pieces:
        if not piece.text:
            continue
        if out and (out[-1].script, out[-1].italic) == (piece.script, piece.italic):
            out[-1] = Piece(out[-1].text + piece.text, piece.script, piece.italic)
        else:
            out.append(piece)
    # Operators padded with spaces at either end of the formula: the text around it has its own.
    if out:
        out[0] = Piece(out[0].text.lstrip(), out[0].script, out[0].italic)
        out[-1] = Piece(out[-1].text.rstrip(), out[-1].script, out[-1].italic)
    return tuple(
        Piece(_TIDY.sub("", _SPACES.sub(" ", p.text)), p.script, p.italic) for p in out if p.text
    )


_SPACES = re.compile(r"  +")
_TIDY = re.compile(r"(?<=[(\[{]) +| +(?=[)\]},])")


# -- size -----------------------------------------------------------------------------------

_EM = 100.0  # the size formulas are laid out at to measure them; results are per em


def _ziamath() -> Any:
    """Return the ziamath module; its import warns about a deprecated importlib call."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import ziamath
    return ziamath


@lru_cache(maxsize=4096)
def _measure(mathml: str) -> tuple[float, float, float]:
    """Return width, height (ink, with the depth) and depth in em, laid out with STIX Two Math."""
    ziamath = _ziamath()
    try:
        laid = ziamath.Math(mathml, size=_EM, margin=0)
        width, height = laid.getsize()
        below = -float(laid.getyofst())  # from the baseline down to the bottom of the ink
    except Exception:  # ziamath cannot lay out some constructs; the caller estimates
        return 0.0, 0.0, 0.0
    return float(width) / _EM, float(height) / _EM, max(0.0, below) / _EM


@lru_cache(maxsize=4096)
def parse(tex: str, display: bool = False) -> Formula:
    """Return the checked formula for ``tex``; raise MathError with the column of the problem."""
    check(tex)
    mathml = _to_mathml(tex, display)
    try:
        root = etree.fromstring(mathml.encode("utf-8"))
        linear = _merge(_linear(root, 0))
        width, height, depth = _measure(mathml)
        if width == 0.0:
            width, height, depth = 0.55 * max(1, len("".join(p.text for p in linear))), 1.2, 0.25
        formula = Formula(tex, display, mathml, linear, width, height, depth)
        omml(formula)  # converted here, so a formula that cannot be is reported by check
    except (IndexError, KeyError, TypeError, ValueError, etree.LxmlError):
        raise MathError(
            "cannot convert the formula: a command is missing an argument or stands where "
            "it cannot (e.g. \\frac{a} or \\limits after a letter)",
            0,
            len(tex),
        ) from None
    return formula


# -- Office Math ----------------------------------------------------------------------------


def _el(parent: Any, tag: str, **attrs: str) -> Any:
    el = etree.SubElement(parent, _M + tag)
    for key, value in attrs.items():
        el.set(_M + key, value)
    return el


class _Omml:
    """Write Office Math for one formula."""

    def run(self, parent: Any, text: str, upright: bool, plain: bool = False) -> None:
        # PowerPoint also writes an a:rPr (font, language, size) in each m:r, but the schema
        # of m:r has no place for it (validators reject it); the math zone's default font is
        # Cambria Math, and the size comes from the paragraph (its a:defRPr).
        r = _el(parent, "r")
        if upright or plain:
            rpr = _el(r, "rPr")
            if plain:
                _el(rpr, "nor")
            else:
                _el(rpr, "sty", val="p")
        t = _el(r, "t")
        t.text = text
        if text != text.strip():
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")

    def arg(self, parent: Any, tag: str, node: Any | None) -> None:
        holder = _el(parent, tag)
        if node is not None:
            self.node(holder, node)

    def nodes(self, parent: Any, kids: list[Any]) -> None:
        i = 0
        while i < len(kids):
            kid = kids[i]
            nary = self.nary_base(kid)
            if nary is not None:
                # The operand of a big operator is what follows it, up to the next operator.
                operand = None
                if i + 1 < len(kids) and _local(kids[i + 1]) != "mo":
                    operand = kids[i + 1]
                    i += 1
                self.nary(parent, kid, operand)
            else:
                self.node(parent, kid)
            i += 1

    def nary_base(self, node: Any) -> str | None:
        tag = _local(node)
        if tag in ("msub", "msup", "msubsup", "munder", "mover", "munderover"):
            base = _unwrap(_children(node)[0])
            if _local(base) == "mo" and _text(base) in _NARY:
                return _text(base)
        if tag == "mo" and _text(node) in _NARY:
            return _text(node)
        return None

    def nary(self, parent: Any, node: Any, operand: Any | None) -> None:
        tag = _local(node)
        kids = _children(node)
        char = self.nary_base(node) or "∑"
        el = _el(parent, "nary")
        pr = _el(el, "naryPr")
        _el(pr, "chr", val=char)
        under = tag.startswith("mu") and char not in _INTEGRALS
        _el(pr, "limLoc", val="undOvr" if under else "subSup")
        lower = upper = None
        if tag in ("msub", "munder"):
            lower = kids[1]
        elif tag in ("msup", "mover"):
            upper = kids[1]
        elif tag in ("msubsup", "munderover"):
            lower, upper = kids[1], kids[2]
        if lower is None:
            _el(pr, "subHide", val="1")
        if upper is None:
            _el(pr, "supHide", val="1")
        self.arg(el, "sub", lower)
        self.arg(el, "sup", upper)
        self.arg(el, "e", operand)

    def node(self, parent: Any, node: Any) -> None:
        tag = _local(node)
        kids = _children(node)
        if tag == "mi":
            text = _text(node)
            if text:
                upright = len(text) > 1 or node.get("mathvariant") == "normal"
                self.run(parent, text, upright)
        elif tag in ("mn", "mo"):
            text = _text(node)
            if text:
                self.run(parent, text, True)
        elif tag in ("mtext", "ms"):
            self.run(parent, _text(node).replace("\u00a0", " "), False, plain=True)
        elif tag == "mspace":
            self.run(parent, _SPACE_ENTITY.get(node.get("width", ""), "\u2009"), True)
        elif tag in ("msup", "msub", "msubsup"):
            if self.nary_base(node):
                self.nary(parent, node, None)
                return
            name = {"msup": "sSup", "msub": "sSub", "msubsup": "sSubSup"}[tag]
            el = _el(parent, name)
            self.arg(el, "e", kids[0])
            if tag == "msup":
                self.arg(el, "sup", kids[1])
            elif tag == "msub":
                self.arg(el, "sub", kids[1])
            else:
                self.arg(el, "sub", kids[1])
                self.arg(el, "sup", kids[2])
        elif tag == "mfrac":
            el = _el(parent, "f")
            if node.get("linethickness") == "0":
                _el(_el(el, "fPr"), "type", val="noBar")
            self.arg(el, "num", kids[0])
            self.arg(el, "den", kids[1])
        elif tag == "msqrt":
            el = _el(parent, "rad")
            _el(_el(el, "radPr"), "degHide", val="1")
            _el(el, "deg")
            e = _el(el, "e")
            self.nodes(e, kids)
        elif tag == "mroot":
            el = _el(parent, "rad")
            self.arg(el, "deg", kids[1])
            self.arg(el, "e", kids[0])
        elif tag in ("mover", "munder", "munderover"):
            self.over_under(parent, node, tag, kids)
        elif tag == "mtable":
            el = _el(parent, "m")
            for row in kids:
                if _local(row) != "mtr":
                    continue
                mr = _el(el, "mr")
                for cell in _children(row):
                    e = _el(mr, "e")
                    self.nodes(e, _children(cell))
        elif tag == "mphantom":
            el = _el(parent, "phant")
            e = _el(el, "e")
            self.nodes(e, kids)
        elif tag == "menclose":
            el = _el(parent, "borderBox")
            e = _el(el, "e")
            self.nodes(e, kids)
        elif tag == "mrow" and _fences(kids) is not None:
            begin, end = _fences(kids) or ("(", ")")
            el = _el(parent, "d")
            pr = _el(el, "dPr")
            _el(pr, "begChr", val=begin)
            _el(pr, "endChr", val=end)
            e = _el(el, "e")
            self.nodes(e, kids[1:-1])
        else:
            self.nodes(parent, kids)

    def over_under(self, parent: Any, node: Any, tag: str, kids: list[Any]) -> None:
        if self.nary_base(node):
            self.nary(parent, node, None)
            return
        base = kids[0]
        if tag == "mover":
            mark = _text(kids[1])
            if mark in _BARS and (node.get("accent") == "true" or _text(kids[1]) != "_"):
                el = _el(parent, "bar")
                _el(_el(el, "barPr"), "pos", val="top")
                self.arg(el, "e", base)
                return
            if mark in _ACCENTS:
                el = _el(parent, "acc")
                _el(_el(el, "accPr"), "chr", val=_ACCENTS[mark])
                self.arg(el, "e", base)
                return
            if mark in _BRACES:
                el = _el(parent, "groupChr")
                pr = _el(el, "groupChrPr")
                _el(pr, "chr", val=mark)
                _el(pr, "pos", val="top")
                _el(pr, "vertJc", val="bot")
                self.arg(el, "e", base)
                return
            el = _el(parent, "limUpp")
            self.arg(el, "e", base)
            self.arg(el, "lim", kids[1])
            return
        if tag == "munder":
            mark = _text(kids[1])
            if mark in _BRACES:
                el = _el(parent, "groupChr")
                _el(_el(el, "groupChrPr"), "chr", val=mark)
                self.arg(el, "e", base)
                return
            el = _el(parent, "limLow")
            self.arg(el, "e", base)
            self.arg(el, "lim", kids[1])
            return
        upp = _el(parent, "limUpp")
        e = _el(upp, "e")
        low = _el(e, "limLow")
        self.arg(low, "e", base)
        self.arg(low, "lim", kids[1])
        self.arg(upp, "lim", kids[2])


@lru_cache(maxsize=4096)
def omml(formula: Formula) -> bytes:
    """Return the formula as Office Math: ``m:oMathPara`` for display math, else ``m:oMath``."""
    root = etree.fromstring(formula.mathml.encode("utf-8"))
    nsmap = {"m": OMML_NS}
    writer = _Omml()
    math = etree.Element(_M + "oMath", nsmap=nsmap)
    writer.nodes(math, _children(root))
    if not formula.display:
        return bytes(etree.tostring(math))
    para = etree.Element(_M + "oMathPara", nsmap=nsmap)
    _el(_el(para, "oMathParaPr"), "jc", val="centerGroup")
    para.append(math)
    return bytes(etree.tostring(para))
