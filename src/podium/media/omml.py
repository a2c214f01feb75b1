"""MathML to Office Math (OMML), the XML PowerPoint's equation editor edits."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

from lxml import etree

from podium.media.mathml import ACCENTS, BARS, BRACES, children, fences, local_name, text_of, unwrap

if TYPE_CHECKING:
    from podium.media.math import Formula

OMML_NS = "http://schemas.openxmlformats.org/officeDocument/2006/math"

_M = f"{{{OMML_NS}}}"

#: Big operators that become an OMML n-ary (with limits above and below, or beside).
_NARY = set("∑∏∐∫∬∭∮∯∰⋀⋁⋂⋃⨀⨁⨂⨄⨆")
_INTEGRALS = set("∫∬∭∮∯∰")
_SPACE_ENTITY = {"0.167em": "\u2009", "0.222em": "\u205f", "0.278em": "\u2004", "1em": "\u2003"}


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
                if i + 1 < len(kids) and local_name(kids[i + 1]) != "mo":
                    operand = kids[i + 1]
                    i += 1
                self.nary(parent, kid, operand)
            else:
                self.node(parent, kid)
            i += 1

    def nary_base(self, node: Any) -> str | None:
        tag = local_name(node)
        if tag in ("msub", "msup", "msubsup", "munder", "mover", "munderover"):
            base = unwrap(children(node)[0])
            if local_name(base) == "mo" and text_of(base) in _NARY:
                return text_of(base)
        if tag == "mo" and text_of(node) in _NARY:
            return text_of(node)
        return None

    def nary(self, parent: Any, node: Any, operand: Any | None) -> None:
        tag = local_name(node)
        kids = children(node)
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
        tag = local_name(node)
        kids = children(node)
        if tag == "mi":
            text = text_of(node)
            if text:
                upright = len(text) > 1 or node.get("mathvariant") == "normal"
                self.run(parent, text, upright)
        elif tag in ("mn", "mo"):
            text = text_of(node)
            if text:
                self.run(parent, text, True)
        elif tag in ("mtext", "ms"):
            self.run(parent, text_of(node).replace("\u00a0", " "), False, plain=True)
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
                if local_name(row) != "mtr":
                    continue
                mr = _el(el, "mr")
                for cell in children(row):
                    e = _el(mr, "e")
                    self.nodes(e, children(cell))
        elif tag == "mphantom":
            el = _el(parent, "phant")
            e = _el(el, "e")
            self.nodes(e, kids)
        elif tag == "menclose":
            el = _el(parent, "borderBox")
            e = _el(el, "e")
            self.nodes(e, kids)
        elif tag == "mrow" and fences(kids) is not None:
            begin, end = fences(kids) or ("(", ")")
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
            mark = text_of(kids[1])
            if mark in BARS and (node.get("accent") == "true" or text_of(kids[1]) != "_"):
                el = _el(parent, "bar")
                _el(_el(el, "barPr"), "pos", val="top")
                self.arg(el, "e", base)
                return
            if mark in ACCENTS:
                el = _el(parent, "acc")
                _el(_el(el, "accPr"), "chr", val=ACCENTS[mark])
                self.arg(el, "e", base)
                return
            if mark in BRACES:
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
            mark = text_of(kids[1])
            if mark in BRACES:
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
    writer.nodes(math, children(root))
    if not formula.display:
        return bytes(etree.tostring(math))
    para = etree.Element(_M + "oMathPara", nsmap=nsmap)
    _el(_el(para, "oMathParaPr"), "jc", val="centerGroup")
    para.append(math)
    return bytes(etree.tostring(para))
