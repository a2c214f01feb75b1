"""LaTeX formulas: one checked formula with its MathML, linear text and measured size.

latex2mathml turns LaTeX into MathML (the HTML deck's ``<math>``); from that MathML this module
makes linear text with super- and subscripts (what clients without OMML show) and measures the
formula. The LaTeX check is in latex.py, the MathML in mathml.py, Office Math in omml.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from lxml import etree

from podium.media.latex import MathError, check
from podium.media.mathml import (
    ACCENTS,
    BARS,
    BRACES,
    children,
    fences,
    local_name,
    text_of,
    to_mathml,
    unwrap,
)
from podium.media.omml import omml

__all__ = ["Formula", "MathError", "Piece", "parse"]

#: Operators written with a space either side in linear text.
_SPACED = set("=+−-×÷±∓·<>≤≥≠≈≡∼≃≅∝→←↔⇒⇐⇔↦∈∉∋⊂⊆⊃⊇∪∩∧∨∖⊕⊗∣")


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


# -- linear text ----------------------------------------------------------------------------


def _atomic(node: Any) -> bool:
    node = unwrap(node)
    tag = local_name(node)
    if tag in ("mi", "mn", "mtext"):
        return True
    if tag in ("msup", "msub", "msubsup", "mover", "munder", "msqrt"):
        return _atomic(children(node)[0]) if tag != "msqrt" else True
    if tag == "mrow":
        return fences(children(node)) is not None
    return False


def _linear(node: Any, script: int) -> Iterator[Piece]:
    tag = local_name(node)
    kids = children(node)
    if tag == "mi":
        text = text_of(node)
        italic = len(text) == 1 and text.isalpha() and node.get("mathvariant") != "normal"
        yield Piece(f" {text} " if len(text) > 1 else text, script, italic)  # \log
    elif tag in ("mn", "mtext", "ms"):
        yield Piece(text_of(node).replace("\u00a0", " "), script)
    elif tag == "mo":
        text = text_of(node)
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
            mark = text_of(rest[0])
            combining = ACCENTS.get(mark) or ("\u0305" if mark in BARS else None)
            if combining and _atomic(base) and len(text_of(base)) == 1:
                for piece in _linear(base, script):
                    yield Piece(piece.text + combining, piece.script, piece.italic)
                return
            if combining or mark in BRACES:
                yield from _linear(base, script)
                return
        if tag == "munder" and len(rest) == 1 and text_of(rest[0]) in BRACES:
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
        rows = [r for r in kids if local_name(r) == "mtr"]
        for r, row in enumerate(rows):
            if r:
                yield Piece("; ", script)
            for c, cell in enumerate(children(row)):
                if c:
                    yield Piece("  ", script)
                for kid in children(cell):
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
    mathml = to_mathml(tex, display)
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
