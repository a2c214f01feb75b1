"""SVG figures: sanitised against a strict allow-list, measured, and rasterised for fallbacks.

An SVG is a program as much as a picture (scripts, event handlers, links, external images and
stylesheets, XML entities), so everything not on the lists below is dropped before the figure
goes into either output, and a document type declaration (the door to entity expansion and
external files) is refused outright.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from lxml import etree

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"

#: Elements kept; everything else (script, foreignObject, animate, set, iframe, ...) is dropped.
_ELEMENTS = frozenset(
    [
        "svg",
        "g",
        "defs",
        "symbol",
        "use",
        "path",
        "rect",
        "circle",
        "ellipse",
        "line",
        "polyline",
        "polygon",
        "text",
        "tspan",
        "textPath",
        "title",
        "desc",
        "linearGradient",
        "radialGradient",
        "stop",
        "clipPath",
        "mask",
        "pattern",
        "marker",
        "style",
        "switch",
        "filter",
        "feBlend",
        "feColorMatrix",
        "feComponentTransfer",
        "feComposite",
        "feFlood",
        "feGaussianBlur",
        "feMerge",
        "feMergeNode",
        "feMorphology",
        "feOffset",
        "feTile",
        "feTurbulence",
        "feFuncR",
        "feFuncG",
        "feFuncB",
        "feFuncA",
        "feDropShadow",
        "image",
        "a",
    ]
)
#: Attributes kept (no namespace); on* handlers and anything unlisted are dropped.
_ATTRIBUTES = frozenset(
    [
        "id",
        "class",
        "style",
        "transform",
        "x",
        "y",
        "x1",
        "y1",
        "x2",
        "y2",
        "cx",
        "cy",
        "r",
        "rx",
        "ry",
        "fx",
        "fy",
        "fr",
        "width",
        "height",
        "d",
        "points",
        "viewBox",
        "preserveAspectRatio",
        "version",
        "fill",
        "fill-opacity",
        "fill-rule",
        "stroke",
        "stroke-width",
        "stroke-opacity",
        "stroke-linecap",
        "stroke-linejoin",
        "stroke-miterlimit",
        "stroke-dasharray",
        "stroke-dashoffset",
        "opacity",
        "color",
        "display",
        "visibility",
        "font-family",
        "font-size",
        "font-weight",
        "font-style",
        "font-variant",
        "font-stretch",
        "text-anchor",
        "dominant-baseline",
        "alignment-baseline",
        "baseline-shift",
        "letter-spacing",
        "word-spacing",
        "text-decoration",
        "writing-mode",
        "direction",
        "clip-path",
        "clip-rule",
        "mask",
        "filter",
        "marker-start",
        "marker-mid",
        "marker-end",
        "markerWidth",
        "markerHeight",
        "markerUnits",
        "refX",
        "refY",
        "orient",
        "gradientUnits",
        "gradientTransform",
        "spreadMethod",
        "offset",
        "stop-color",
        "stop-opacity",
        "patternUnits",
        "patternContentUnits",
        "patternTransform",
        "clipPathUnits",
        "maskUnits",
        "maskContentUnits",
        "filterUnits",
        "primitiveUnits",
        "in",
        "in2",
        "result",
        "stdDeviation",
        "dx",
        "dy",
        "mode",
        "operator",
        "k1",
        "k2",
        "k3",
        "k4",
        "values",
        "type",
        "tableValues",
        "slope",
        "intercept",
        "amplitude",
        "exponent",
        "radius",
        "baseFrequency",
        "numOctaves",
        "seed",
        "stitchTiles",
        "flood-color",
        "flood-opacity",
        "lengthAdjust",
        "textLength",
        "startOffset",
        "method",
        "spacing",
        "rotate",
        "pathLength",
        "vector-effect",
        "shape-rendering",
        "text-rendering",
        "image-rendering",
        "color-interpolation",
        "color-interpolation-filters",
        "paint-order",
        "mix-blend-mode",
        "isolation",
        "overflow",
        "systemLanguage",
        "requiredFeatures",
        "xmlns",
    ]
)
_LOCAL_REF = re.compile(r"#[A-Za-z_][\w.\-:]*\Z")
_DATA_IMAGE = re.compile(r"data:image/(png|jpeg|gif);base64,[A-Za-z0-9+/=\s]*\Z")
#: CSS that reaches outside the figure: @import and url() to anything but a local #id.
_CSS_IMPORT = re.compile(r"@import[^;]*;?", re.IGNORECASE)
_CSS_URL = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.IGNORECASE | re.DOTALL)
_CSS_BAD = re.compile(r"expression\s*\(|javascript:|behavior\s*:|-moz-binding", re.IGNORECASE)
_LENGTH = re.compile(r"\s*([0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*(px|pt|pc|mm|cm|in)?\s*\Z")
_UNIT_PX = {"px": 1.0, "pt": 96 / 72, "pc": 16.0, "mm": 96 / 25.4, "cm": 96 / 2.54, "in": 96.0}
#: Larger SVG files are refused: a figure for a slide is far smaller.
MAX_SVG_BYTES = 20_000_000
#: Long edge of the PNG a PowerPoint client without SVG shows: the full width of a 1080p
#: projector, so a figure filling the slide stays sharp.
FALLBACK_EDGE = 1920


class SvgError(ValueError):
    """Raised for a file that is not an SVG Podium will use, with the reason."""


@dataclass(frozen=True, slots=True)
class Svg:
    """A sanitised SVG: its bytes and its intrinsic size in CSS pixels."""

    data: bytes
    width: float
    height: float
    removed: tuple[str, ...]

    def png(self, edge: int = FALLBACK_EDGE) -> bytes:
        """Return the figure as a PNG whose long edge is ``edge`` pixels."""
        return rasterise(self, edge)


def _css(text: str, removed: list[str]) -> str:
    if _CSS_BAD.search(text):
        removed.append("script in CSS")
        text = _CSS_BAD.sub("", text)
    if _CSS_IMPORT.search(text):
        removed.append("CSS @import")
        text = _CSS_IMPORT.sub("", text)

    def url(match: re.Match[str]) -> str:
        target = match.group(2).strip()
        if _LOCAL_REF.match(target):
            return f"url({target})"
        removed.append(f"external reference '{target[:40]}'")
        return "none"

    return _CSS_URL.sub(url, text)


def _clean(el: Any, removed: list[str]) -> None:
    for child in list(el):
        if not isinstance(child.tag, str):  # comments, processing instructions, entities
            el.remove(child)
            continue
        qname = etree.QName(child)
        if qname.namespace != SVG_NS or qname.localname not in _ELEMENTS:
            removed.append(f"<{qname.localname}>")
            tail = child.tail
            el.remove(child)
            if tail and tail.strip() and len(el):
                el[-1].tail = (el[-1].tail or "") + tail
            continue
        if qname.localname == "a":  # a link: keep what it draws, drop where it goes
            child.tag = f"{{{SVG_NS}}}g"
        _clean_attributes(child, qname.localname, removed)
        if qname.localname == "style":
            child.text = _css(child.text or "", removed)
            for sub in list(child):
                child.remove(sub)
        _clean(child, removed)


def _clean_attributes(el: Any, tag: str, removed: list[str]) -> None:
    for name in list(el.attrib):
        value = el.attrib[name]
        qname = etree.QName(name)
        keep = False
        if qname.namespace is None:
            keep = qname.localname in _ATTRIBUTES or (
                qname.localname == "href" and _href_ok(value, tag)
            )
        elif qname.namespace == XLINK_NS and qname.localname == "href":
            keep = _href_ok(value, tag)
        elif qname.namespace == XML_NS and qname.localname in ("space", "lang"):
            keep = True
        if not keep:
            what = qname.localname
            removed.append(f"{what}='{value[:40]}'" if what == "href" else f"attribute {what}")
            del el.attrib[name]
        elif qname.localname == "style" and qname.namespace is None or "url(" in value.lower():
            el.attrib[name] = _css(value, removed)


def _href_ok(value: str, tag: str) -> bool:
    value = value.strip()
    if _LOCAL_REF.match(value):
        return tag in ("use", "textPath", "linearGradient", "radialGradient", "pattern", "filter")
    return tag == "image" and bool(_DATA_IMAGE.match(value))


def _length(value: str | None) -> float | None:
    if value is None:
        return None
    m = _LENGTH.match(value)
    if m is None:
        return None
    return float(m.group(1)) * _UNIT_PX[m.group(2) or "px"]


def sanitise(data: bytes) -> Svg:
    """Return the SVG in ``data`` with everything not on the allow-lists removed.

    Raises SvgError for a file that is not SVG XML, or that declares a document type.
    """
    if b"<!DOCTYPE" in data.upper() or b"<!ENTITY" in data.upper():
        raise SvgError(
            "SVG with a <!DOCTYPE> or <!ENTITY> declaration is refused (entities can read "
            "files and expand without limit): remove the declaration and save it again"
        )
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise SvgError(f"not readable as SVG: {exc}") from None
    if etree.QName(root).namespace != SVG_NS or etree.QName(root).localname != "svg":
        raise SvgError(
            'not an SVG drawing: the root element must be <svg xmlns="http://www.w3.org/2000/svg">'
        )
    removed: list[str] = []
    _clean_attributes(root, "svg", removed)
    _clean(root, removed)
    etree.cleanup_namespaces(root, top_nsmap={None: SVG_NS, "xlink": XLINK_NS})
    width, height = _length(root.get("width")), _length(root.get("height"))
    box = [float(v) for v in re.split(r"[\s,]+", root.get("viewBox", "").strip()) if v][:4]
    if (width is None or height is None) and len(box) == 4 and box[2] > 0 and box[3] > 0:
        if width is None and height is None:
            width, height = box[2], box[3]
        elif width is None:
            width = (height or 0) * box[2] / box[3]
        else:
            height = width * box[3] / box[2]
    if not width or not height or width <= 0 or height <= 0:
        raise SvgError("the SVG has no size: give the <svg> a viewBox or a width and height")
    # The drawing keeps its own proportions at any size the renderers give it.
    if len(box) != 4:
        root.set("viewBox", f"0 0 {width:g} {height:g}")
    root.set("width", f"{width:g}")
    root.set("height", f"{height:g}")
    out = etree.tostring(root, encoding="utf-8", xml_declaration=False)
    return Svg(bytes(out), width, height, tuple(dict.fromkeys(removed)))


def svg_of(data: bytes) -> Svg:
    """Return the Svg for bytes :func:`sanitise` already produced (cached)."""
    return _sanitised(data)


@lru_cache(maxsize=64)
def _sanitised(data: bytes) -> Svg:
    return sanitise(data)


def rasterise(svg: Svg, edge: int = FALLBACK_EDGE) -> bytes:
    """Return ``svg`` drawn as a PNG with its long edge ``edge`` pixels (resvg, no network)."""
    return _png(svg.data, edge, svg.width >= svg.height)


@lru_cache(maxsize=64)
def _png(data: bytes, edge: int, wide: bool) -> bytes:
    import resvg_py

    text = data.decode("utf-8")
    if wide:
        return bytes(resvg_py.svg_to_bytes(svg_string=text, width=edge))
    return bytes(resvg_py.svg_to_bytes(svg_string=text, height=edge))
