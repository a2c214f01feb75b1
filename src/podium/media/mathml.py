"""LaTeX to clean MathML (the HTML's ``<math>``) and the MathML tree reading converters share."""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

from podium.media.latex import MathError

MATHML_NS = "http://www.w3.org/1998/Math/MathML"
MML = f"{{{MATHML_NS}}}"

#: MathML accent characters -> the combining character OMML's m:acc and linear text use.
ACCENTS = {
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
BARS = {"¯", "‾", "―", "_", "\u0305"}
BRACES = {"⏞": "top", "⏟": "bot"}

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


def to_mathml(tex: str, display: bool) -> str:
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
    for mi in list(root.iter(MML + "mi")):
        text = (mi.text or "").strip()
        if len(text) < 2 or not text.isalpha() or mi.get("mathvariant") not in (None, "normal"):
            continue
        before, after = mi.getprevious(), mi.getnext()
        if before is not None and local_name(before) not in ("mo", "mspace"):
            mi.addprevious(_thin_space())
        if after is not None and local_name(after) not in ("mo", "mspace"):
            mi.addnext(_thin_space())


def _thin_space() -> Any:
    space = etree.Element(MML + "mspace")
    space.set("width", "0.167em")
    return space


def children(node: Any) -> list[Any]:
    return [c for c in node if isinstance(c.tag, str)]


def local_name(node: Any) -> str:
    return str(etree.QName(node).localname)


def unwrap(node: Any) -> Any:
    """Return the only child of an mrow chain, or the node itself."""
    while local_name(node) in ("mrow", "mstyle", "mpadded") and len(children(node)) == 1:
        node = children(node)[0]
    return node


def text_of(node: Any) -> str:
    return "".join(node.itertext())


def fences(kids: list[Any]) -> tuple[str, str] | None:
    """Return the opening and closing characters when an mrow is a fenced group."""
    if len(kids) < 2:
        return None
    first, last = kids[0], kids[-1]
    if local_name(first) != "mo" or local_name(last) != "mo":
        return None
    fenced = first.get("fence") == "true" and last.get("fence") == "true"
    around_table = len(kids) == 3 and local_name(kids[1]) == "mtable"
    if fenced or around_table:
        return text_of(first), text_of(last)
    return None
