"""SVG pictures as PowerPoint 2016 writes them: a PNG in a:blip for clients without SVG, the
SVG itself in the blip's asvg:svgBlip extension, one package part per distinct SVG."""

from __future__ import annotations

import functools
import io

from lxml import etree
from pptx.opc.package import Part
from pptx.oxml.ns import qn
from pptx.shapes.base import BaseShape
from pptx.slide import Slide
from pptx.util import Emu

from podium.media.svg import rasterise, svg_of

ASVG = "http://schemas.microsoft.com/office/drawing/2016/SVG/main"
#: The a:ext uri PowerPoint files carry an SVG picture's original under.
SVG_BLIP_URI = "{96DAC541-7B7A-43D3-8B79-37D633B846F1}"

_qn = functools.cache(qn)


def add_svg_picture(slide: Slide, data: bytes, x: int, y: int, cx: int, cy: int) -> BaseShape:
    """Add the SVG ``data`` to ``slide`` as a picture at the given box (EMU)."""
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    png = rasterise(svg_of(data))
    picture = slide.shapes.add_picture(io.BytesIO(png), Emu(x), Emu(y), Emu(cx), Emu(cy))
    rid = slide.part.relate_to(_svg_part(slide.part.package, data), RT.IMAGE)
    blip = picture._element.find(f".//{_qn('a:blip')}")
    assert blip is not None
    ext_list = etree.SubElement(blip, _qn("a:extLst"))
    ext = etree.SubElement(ext_list, _qn("a:ext"), uri=SVG_BLIP_URI)
    svg_blip = etree.SubElement(ext, f"{{{ASVG}}}svgBlip", nsmap={"asvg": ASVG})
    svg_blip.set(_qn("r:embed"), rid)
    return picture


def _svg_part(package: object, data: bytes) -> Part:
    """Return the package's part for SVG ``data``, added once however many slides use it."""
    from pptx.opc.packuri import PackURI

    parts: dict[bytes, Part] = package.__dict__.setdefault("_podium_svgs", {})
    if data not in parts:
        number = len(parts) + 1
        parts[data] = Part(
            PackURI(f"/ppt/media/podium-figure{number}.svg"),
            "image/svg+xml",
            package,  # type: ignore[arg-type]
            data,
        )
    return parts[data]
